"""What a person reads in the weekly digest (HTML parse mode; their own words are escaped)."""

from __future__ import annotations

from datetime import date

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SHORT_DATE = "{month} {day}"

# --- Opening -------------------------------------------------------------------------------------

TITLE = "<b>Your week, {start} – {end}</b> 🌱"
TITLE_SO_FAR = "<b>Your week so far, {start} – {end}</b> 🌱"
INTRO = "Here's what you noticed this week. Every line is something you did."
INTRO_SO_FAR = "Here's what you've noticed so far this week. Every line is something you did."
NOTHING_YET = "Nothing saved here yet, and that's completely fine."
TITLE_FIRST = "<b>Your first week with Small Steps</b> 🌱"
INTRO_FIRST = (
    "Welcome! You've started noticing your own small steps, and that is a step in itself. "
    "Here's what you gathered so far."
)

# --- A quiet week --------------------------------------------------------------------------------

QUIET = "This week was quiet here, and that's okay. Life happens outside this chat too."
QUIET_SO_FAR = "Nothing saved yet this week, and that's okay. Life happens outside this chat too."
QUIET_INVITE = (
    "Whenever you like, /win notes one small thing you did and /feel names how you feel. "
    "A few words are plenty."
)

# --- Small wins ----------------------------------------------------------------------------------

WINS_TITLE = "<b>Small wins: {count}</b>"
KIND_LINE = "• {label}: {count}"
UNKNOWN_KIND = "A step of your own"
IN_YOUR_WORDS = "In your own words:"
QUOTE = "<blockquote>{text}</blockquote>"
MORE_WINS = "…and {count} more, all saved in /history."

# --- Feelings ------------------------------------------------------------------------------------

FEELINGS_TITLE = "<b>Feelings named: {count}</b>"
WORD = "<i>{word}</i>"
WORD_SEPARATOR = ", "
AND_MORE = "and {count} more"
NEW_WORDS = "New for you this week: {words}"
TOP_WORD = "The word you reached for most: <b>{word}</b> ({times})"

# --- Reframes ------------------------------------------------------------------------------------

REFRAMES_TITLE = "<b>Kinder words for yourself: {count}</b>"
SHIFT = "{before} → {after}"
SHIFTS = "Heaviness before → after: {shifts}"
RELIEF = "On average, {points} lighter afterwards."
RELIEF_ONE = "Afterwards it felt {points} lighter."
RELIEF_NONE = "Turning towards yourself with kindness counts, every time."

# --- Showing up ----------------------------------------------------------------------------------

SHOWED_UP = "You stopped by on {days} this week."
SHOWED_UP_SO_FAR = "You've stopped by on {days} so far this week."
# A week with a setback in it: said kindly, never counted.
SETBACK_CAME_BACK = (
    "There was a hard day this week too, and you came back after it. That's part of progress, "
    "not a step away from it 💛"
)
SETBACK_NOTED = (
    "This week held a hard moment, and you named it instead of pushing it away. "
    "Setbacks are part of the path; be gentle with yourself 💛"
)

# --- Looking back --------------------------------------------------------------------------------

LOOK_BACK_TITLE = "<b>Looking back</b>"
WHEN_WEEKS_AGO = "About {weeks} weeks ago, on {date}"
WHEN_A_WEEK_AGO = "About a week ago, on {date}"
WHEN_FIRST_WEEK = "In your first week here, on {date}"
LOOK_BACK_WIN = "{when}, you noted:\n<blockquote>{text}</blockquote>"
LOOK_BACK_REFRAME = (
    "{when}, you said to yourself, the way you'd speak to a friend:\n"
    "<blockquote>{text}</blockquote>"
)
LOOK_BACK_FEELING = "{when}, you named a feeling: <b>{text}</b>."
LOOK_BACK_REFLECTION = "{when}, asked “{question}”, you wrote:\n<blockquote>{text}</blockquote>"

# --- Then and now (only ever growth) -------------------------------------------------------------

CHANGE_TITLE = "<b>Then and now</b>"
CHANGE_FEELING_WORDS = (
    "In your first two weeks here you named {then} different feelings. "
    "In the last two weeks: {now}. You're finding more words for what you feel."
)
CHANGE_PROGRESS_KINDS = (
    "In your first two weeks here you noticed {then} kinds of small wins. "
    "In the last two weeks: {now}. Your eye for progress is widening."
)
CHANGE_RELIEF = (
    "Lately a reframe leaves things about {points} lighter on average, "
    "more than in your first two weeks here."
)

# --- The chart's numbers, for everyone (and for screen readers) ----------------------------------

NUMBERS_TITLE = "<b>Your weeks in numbers</b>"
NUMBERS_WINS = "Small wins per week since {start}: {values}"
NUMBERS_RELIEF = "Points lighter after a reframe, per week: {values}"
NO_VALUE = "none"
VALUE_SEPARATOR = ", "

SIGN_OFF = "Small steps add up. See you next week 💛"
SIGN_OFF_SO_FAR = "Small steps add up. Your weekly look-back comes on {day} 💛"

# --- Counting words ------------------------------------------------------------------------------

DAYS = ("{n} day", "{n} days")
TIMES = ("{n} time", "{n} times")
POINTS = ("{n} point", "{n} points")

# --- The chart (plain text: the chart font has no emoji) -----------------------------------------

CHART_WINS = "Small wins each week"
CHART_RELIEF = "Points lighter after a reframe (average)"
CHART_NO_REFRAMES = "No reframes in these weeks yet"
CHART_WEEKS = "Each week, from the date shown"
CAPTION = (
    "Your weeks from {start} to {end}: small wins each week (bars) and how much lighter "
    "your reframes left you, on average (dots). The same numbers are in your digest."
)


def short_date(day: date) -> str:
    """A date like "Nov 16", the same in every locale."""
    return SHORT_DATE.format(month=MONTHS[day.month - 1], day=day.day)


def weekday(day: date) -> str:
    """ "Sunday"."""
    return WEEKDAYS[day.weekday()]


def number(value: float) -> str:
    """A count or an average: whole numbers plain, others to one decimal place."""
    rounded = round(value, 1)
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:.1f}"


def counted(value: float, forms: tuple[str, str]) -> str:
    """ "1 day", "3 days", "1.5 points": the singular only for exactly one."""
    text = number(value)
    return forms[0 if text == "1" else 1].format(n=text)
