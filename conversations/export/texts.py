"""What a person reads in `/export`: the chat messages, and the words inside the journal file."""

from __future__ import annotations

# ------------------------------------------------------------------------------- in the chat

WARNING = (
    "Here's a copy of everything you've written 🌱 These files aren't encrypted, so please keep "
    "them somewhere safe and private."
)
CAPTION_JSON = "Everything, complete, for other apps (JSON)."
CAPTION_CSV = "A spreadsheet, one row per entry: opens in Excel, Numbers or Google Sheets (CSV)."
CAPTION_MARKDOWN = "Your journal to read, week by week (Markdown, opens as plain text)."

FILE_NAME = "small-steps-{date}.{extension}"

# --------------------------------------------------------------------------- the journal file
# Markdown. The person's own words are escaped before they go in (see formats.py).

TITLE = "# Small Steps: your journal"
EXPORTED = "Exported on {when}. Times are {zone} time, oldest first."
COUNT_ONE = "1 entry."
COUNT_MANY = "{count:,} entries."
NOTHING_YET = (
    "Nothing saved yet, and that's okay. Whenever you notice one small thing you did, send /win "
    "and it will show up here 🌱"
)

WEEK = "## Week of {day}"
SAFETY_PLAN = "## My safety plan"
PLAN_SECTION = "### {title}"
ENTRY = "### {when}"
DAY = "{weekday} {day} {month} {year}"
DAY_AND_TIME = "{weekday} {day} {month} {year}, {time}"
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

WIN = "🌱 You noted a small win, {phrase}:"
WIN_PHRASE_UNKNOWN = "a step of your own"

FEELING = "🎨 You named a feeling: **{word}**, {intensity} out of 10."
FEELING_BODY = "Where you felt it in your body:"
FEELING_ABOUT = "What it was about:"

REFRAME = "💛 You answered your inner critic."
REFRAME_SITUATION = "What happened:"
REFRAME_CRITIC = "What the critical voice said:"
REFRAME_CHECK = {
    "fact": "You saw it as a fact.",
    "assumption": "You saw it as an assumption.",
    "unsure": "You weren't sure whether it was a fact or an assumption.",
}
REFRAME_FEELING = "The feeling underneath: **{feeling}**."
REFRAME_FRIEND = "What you'd say to a friend:"
REFRAME_HEAVINESS = "How heavy it felt: {before} out of 10 before, {after} out of 10 after."

REFLECTION = "💬 You answered the day's question:"
NOTE = "📝 You wrote a note."
NOTE_PROMPT = "From the question: *{prompt}*"
SETBACK = "🌧️ You noted a hard moment, and came back to write about it."
SETBACK_WHAT = "What happened:"
SETBACK_HELPED = "What helped, or what you'd try next time:"
