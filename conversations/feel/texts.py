"""What a person reads while naming a feeling (HTML parse mode; their own words are escaped)."""

# --- The feeling picker (shared with other flows that ask for a feeling) ---------------------

ASK_QUADRANT = (
    "How are you feeling right now? Pick the area that fits best, "
    "and then we'll find a more precise word."
)
AREA_LINE = "<b>{label}</b>: {description}"
TYPE_HINT = "If a word already comes to mind, you can simply type it."
ASK_WORD = (
    "<b>{label}</b>\n"
    "Which word comes closest? If none of them fits, tap “None of these” and say it your way."
)
ASK_OWN_WORD = "What's your word for it? Type it here; a word or two is plenty."
NOT_IN_LIST = (
    "I don't have that word in my list. Pick the area that feels closest, "
    "and on the next step you can type your own word."
)
OWN_WORD_TOO_LONG = (
    "That's longer than I can keep as the name of a feeling. "
    "Could you put it in a few words (up to {limit} characters)?"
)
ASK_AREA_OF_OWN = "<b>{word}</b>. Thank you. Which of these areas is it closest to?"
NOT_SURE = "I'm not sure 🤔"
ASK_ENERGY = (
    "That's okay, we can find it together. First: does your body feel more charged up "
    "(a fast heart, restless, buzzing) or more low (slow, heavy, quiet)?"
)
CHARGED = "Charged up"
LOW = "Low or quiet"
ASK_PLEASANT = "And does it feel more pleasant or more unpleasant, even slightly?"
PLEASANT = "More pleasant"
UNPLEASANT = "More unpleasant"
HARD_TO_TELL = "Both, or hard to tell"
MIXED = (
    "Mixed feelings are common. Here are a few words that might be close; tap one, "
    "or type your own word."
)
MORE = "More ▸"
BACK = "◂ Back"
NONE_OF_THESE = "None of these"

# --- /feel ------------------------------------------------------------------------------------

STARTING_AGAIN = "That button was from an earlier moment, so let's start fresh."
LOST_TRACK = "Sorry, I lost track of where we were. Let's find the word again."

PICKED = "<b>{word}</b>: {definition}"
PICKED_OWN = "<b>{word}</b>. Thank you for putting it in your own words."
ASK_INTENSITY = (
    "How strong is it right now, from 1 (barely there) to 10 (as strong as it gets)? "
    "Tap a number or type one."
)
BAD_INTENSITY = "I need a whole number from 1 to 10 here, like <i>4</i>."

ASK_BODY = (
    "Where do you notice it in your body, if anywhere? A few words are plenty, like "
    "<i>tight chest</i> or <i>warm face</i>. Or skip this one."
)
ASK_ABOUT = (
    "What does it seem to be about? Write as much or as little as you like (up to 1,000 "
    "characters), or skip this one."
)
SKIP = "Skip"
TRIMMED = (
    "That was longer than I keep here, so I kept the first {limit:,} characters, "
    "up to the last whole word."
)

SAVED = "Saved ✓ <b>{word}</b>, {intensity} out of 10."
SAVED_DEFINITION = "<i>{definition}</i>"
SAVED_BODY = "<b>In your body:</b> {body}"
SAVED_ABOUT = "<b>About:</b> {about}"
WARM_PLEASANT = "Noticing the good moments is part of the change too. Let this one count 🌱"
WARM_UNPLEASANT = (
    "Putting a hard feeling into words is a real step. You don't have to fix it; "
    "noticing it is enough for now 🌱"
)

OFFER = (
    "That sounds like a lot to carry right now. If it would help, we could take one slow "
    "minute to ground, or look at a harsh thought together. Or leave it here; that's okay too."
)
OFFER_HOPELESS = (
    "Feeling this hopeless is heavy, and you don't have to hold it alone. People at helplines "
    "are there to listen, any time: /sos shows them, with the emergency number. If it would "
    "help, we could also take a few slow minutes to ground, or look at a harsh thought "
    "together. Or leave it here; that's okay too."
)
REFRAME_LABEL = "Reframe a harsh thought 💛"
NO_THANKS = "No thanks"
NO_THANKS_REPLY = "Okay. I'm here whenever you want to come back 🌱"
