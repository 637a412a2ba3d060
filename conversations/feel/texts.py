"""What a person reads in /feel (HTML parse mode; their own words are escaped). The feeling
picker's words are in `conversations/pickers/feeling_texts.py`."""

STARTING_AGAIN = "That button was from an earlier moment, so let's start fresh."
LOST_TRACK = "Sorry, I lost track of where we were. Let's find the word again."

# {ask}: ASK_INTENSITY, under the word they named.
PICKED = "<b>{word}</b>: {definition}\n\n{ask}"
PICKED_OWN = "<b>{word}</b>. Thank you for putting it in your own words.\n\n{ask}"
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
NO_THANKS = "No thanks"
NO_THANKS_REPLY = "Okay. I'm here whenever you want to come back 🌱"

# The words on the button that starts this flow (the menu, the daily prompt, other flows).
MENU_LABEL = "Name a feeling 🎨"
