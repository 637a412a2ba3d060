"""Texts for finding a time zone and choosing a time of day."""

ASK_PLACE = (
    "Which time zone are you in? Type your <b>country</b> or <b>city</b> "
    "(for example <i>Germany</i> or <i>Toronto</i>), or a UTC offset like <i>UTC+2</i>."
)
NO_MATCH = (
    "I couldn't find a place called “{query}”. Try your country's name in English, a big city "
    "near you, or an offset like <i>UTC-5</i>."
)
CHOOSE_IN_COUNTRY = "{country} has more than one time zone. Which one is yours?"
CHOOSE_NAMED = "“{name}” is used in more than one place. Which one is yours?"
CHOOSE_MATCHES = "Here's what I found. Which one is yours?"
CHOOSE_OFFSET = "These places are at {offset} right now. Which one is yours?"
CONFIRM_ZONE = "In {place} it's <b>{local_time}</b> right now ({offset}). Is that your time?"
YES_ZONE = "Yes, that's right"
NO_ZONE = "No, let me try again"
MORE = "More places ▸"
BACK = "◂ Back"
TYPE_AGAIN = "Type another place"

ASK_TIME = (
    "What time of day suits a short check-in? Pick one below, or type a time like "
    "<i>21:30</i>, <i>9pm</i> or <i>7:15 am</i>."
)
PLACE_TOO_LONG = (
    "That's longer than any place name I know. Which time zone are you in? Type your "
    "<b>country</b> or <b>city</b> (for example <i>Germany</i> or <i>Toronto</i>), or a UTC "
    "offset like <i>UTC+2</i>."
)
BAD_TIME = "I couldn't read that as a time of day."
