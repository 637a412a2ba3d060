"""What a person reads in `/history`."""

PAGE_HEADER = "<b>Looking back</b>, newest first ({first}–{last} of {total})"
HEADER_ONE_PAGE = "<b>Looking back</b>, newest first"
EMPTY = (
    "Nothing here yet, and that's okay. Whenever you notice one small thing you did, send "
    "/win and it will show up here 🌱"
)

DATE = "<b>{weekday} {day} {month}, {time}</b>"
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

REFLECTION = "💬 Your answer to “{question}”:"
REFLECTION_WORDS = "“{words}”"
NOTE = "📝 Note: “{words}”"
NOTE_PROMPT = "Written from: “{prompt}”"
SETBACK = "🌧️ A hard moment: “{words}”"
SETBACK_HELPED = "What helped, or what you'd try: “{words}”"

# ------------------------------------------------------------------ kinds, filters, search

# How each kind is named on buttons and in headers, by its code in bot/store/entries.py.
KIND_LABELS = {
    "w": "Small wins 🌱",
    "f": "Feelings 🎨",
    "r": "Reframes 💛",
    "q": "Answers to the daily question 💬",
    "n": "Notes 📝",
    "s": "Setbacks 🌧️",
}
KIND_HEADERS = {
    "w": "small wins",
    "f": "feelings",
    "r": "reframes",
    "q": "answers to the daily question",
    "n": "notes",
    "s": "setbacks",
}
# Words after /history that pick a kind (anything else is searched for).
KIND_WORDS = {
    "w": ("win", "wins"),
    "f": ("feeling", "feelings", "feel"),
    "r": ("reframe", "reframes"),
    "q": ("reflection", "reflections", "answer", "answers", "question", "questions"),
    "n": ("note", "notes"),
    "s": ("setback", "setbacks"),
}
KIND_EMOJI = {"w": "🌱", "f": "🎨", "r": "💛", "q": "💬", "n": "📝", "s": "🌧️"}
EVERYTHING_LABEL = "Everything"
FILTER_LABEL = "Show one kind…"
PICK_KIND = "Which kind of entry would you like to see?"

KIND_HEADER = "<b>Your {kind}</b>, newest first"
KIND_PAGE_HEADER = "<b>Your {kind}</b>, newest first ({first}–{last} of {total})"
FOUND_HEADER = "<b>Entries with “{word}”</b>, newest first"
FOUND_PAGE_HEADER = "<b>Entries with “{word}”</b>, newest first ({first}–{last} of {total})"
KIND_EMPTY = "No {kind} yet. Whenever you like, they'll show up here 🌱"
FOUND_NOTHING = "Nothing with “{word}” yet. /history shows everything."
SEARCH_ENDED = "That search has ended, so here's everything."
SEARCH_ENDED_LIST = "That search has ended, so here's everything.\n\n{list}"
MAX_SEARCH = 50  # characters of a search

# ---------------------------------------------------------------------------- one entry

OPEN_LABEL = "Open {when} {emoji}"
OPEN_DATE = "{weekday} {day} {month}, {time}"
EDIT_LABEL = "Edit the words ✏️"
DELETE_LABEL = "Delete 🗑️"
BACK_LABEL = "◂ Back to the list"
GONE = "That entry isn't here any more."

CONFIRM_DELETE = (
    "Delete this entry for good? It's erased completely and can't be brought back. "
    "Everything else stays as it is."
)
YES_DELETE_LABEL = "Yes, delete it"
KEEP_LABEL = "No, keep it"
DELETED = "Deleted ✓ It's gone for good."

# --------------------------------------------------------------------------- editing

# What the editable words of each kind are, inside "Send me the new words for …".
EDITABLE = {
    "w": "this small win",
    "f": "what this feeling was about",
    "r": "what you'd say to a friend",
    "q": "this answer",
    "n": "this note",
    "s": "what happened",
}
ASK_EDIT = (
    "Send me the new words for {what}. They'll replace these:\n"
    "\n"
    "“{words}”\n"
    "\n"
    "Or send /cancel to keep it as it is."
)
ASK_EDIT_EMPTY = (
    "Send me the words for {what}; there aren't any yet. Or send /cancel to leave it as it is."
)
ASK_EDIT_AGAIN = "Send me the new words as a message, or /cancel to keep it as it is."
EDITED = "Updated ✓"
EDIT_TRIMMED = "That was a lot — I kept the first {limit:,} characters."
