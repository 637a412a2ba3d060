"""What a person reads in `/history`."""

PAGE_HEADER = "<b>Looking back</b>, newest first ({first}–{last} of {total})"
HEADER_ONE_PAGE = "<b>Looking back</b>, newest first"
EMPTY = (
    "Nothing here yet, and that's okay. Whenever you notice one small thing you did, send "
    "/win and it will show up here 🌱"
)

DATE = "<b>{weekday} {day} {month}, {time}</b>"
WEEKDAYS_SHORT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS_SHORT = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)

WIN = "🌱 Small win — {kind}: “{words}”"
WIN_UNKNOWN_KIND = "🌱 Small win: “{words}”"
FEELING = "🎨 Named a feeling: {word} ({intensity}/10)"
FEELING_BODY = "In your body: {body}"
FEELING_ABOUT = "About: {about}"
REFRAME = "💛 Reframe: heaviness {before} → {after}"
REFRAME_WORDS = "“{words}”"
TRIMMED = "…"

NEWER = "◂ Newer"
OLDER = "Older ▸"
