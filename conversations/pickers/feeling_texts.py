"""What a person reads while finding the word for a feeling (HTML parse mode; their own words
are escaped)."""

ASK_QUADRANT = (
    "How are you feeling right now? Pick the area that fits best, "
    "and then we'll find a more precise word."
)
AREA_LINE = "<b>{label}</b>: {description}"
# {question}: the host flow's question (ASK_QUADRANT, or its own); {areas}: one AREA_LINE each.
ASK_AREA = "{question}\n\n{areas}\n\nIf a word already comes to mind, you can simply type it."
ASK_WORD = (
    "<b>{label}</b>\n"
    "Which word comes closest? If none of them fits, tap “None of these” and say it your way."
)
ASK_OWN_WORD = "What's your word for it? Type it here; a word or two is plenty."
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
