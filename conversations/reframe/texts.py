"""What a person reads in /reframe. HTML parse mode: their own words are escaped before use."""

INTRO = (
    "Let's be a little kinder to yourself about something hard 🌱\n"
    "A few short questions. Nothing is saved until the end, and /cancel stops at any point."
)
INTRO_AFTER_STALE = (
    "That button was from an earlier reframe, so let's start this one fresh.\n\n"
    "Let's be a little kinder to yourself about something hard 🌱\n"
    "A few short questions. Nothing is saved until the end, and /cancel stops at any point."
)

ASK_SITUATION = "What happened? A sentence or two is plenty."
ASK_CRITIC = (
    "When you think about it, what does the critical voice in your head say? "
    "Write it the way it says it, for example <i>I always mess things up</i>."
)
ASK_HEAVINESS_BEFORE = (
    "How heavy does that feel right now? 0 is not heavy at all, 10 is as heavy as it gets."
)
BAD_HEAVINESS = "A whole number from 0 to 10 is all I need here. Tap one, or type it."
TRIMMED = (
    "That's a lot, and all of it counts. I kept the first {limit} characters so this stays "
    "easy to look back on."
)

ASK_FEELING = (
    "Now let's notice the feeling underneath, without judging it. Which area is it closest to?"
)
FEELING_NAMED = "<b>{word}</b>. Thank you for naming it.\n\n{line}"
ASK_FRIEND = (
    "{question} Take your time; there's no right answer. There's room for up to 1,000 characters."
)

ASK_CHECK = (
    "One more look, if you like. The critic said:\n"
    "<blockquote>{critic}</blockquote>\n"
    "Is that a fact, or an assumption?\n"
    "\n"
    "<i>{hint}</i>"
)
FACT = "Fact"
ASSUMPTION = "Assumption"
NOT_SURE = "Not sure"
SKIP = "Skip"
CHECK_REPLIES = {
    "fact": "Okay. Even when something is true, it isn't the whole story about you.",
    "assumption": "Noticing that is a real skill. An assumption can be held a little more loosely.",
    "unsure": "That's fine. Not being sure is an honest answer.",
}

ASK_HEAVINESS_AFTER = "And now, how heavy does it feel, from 0 to 10?"

KEEPSAKE = (
    "Saved ✓ Here are your own kind words, to keep:\n<blockquote>{words}</blockquote>\n{change}"
)
LIGHTER = "From {before} to {after} — a little lighter."
SAME = "It still feels as heavy — that's okay; you were kind to yourself anyway."
HEAVIER = (
    "It feels heavier now, from {before} to {after}. Looking closely at something painful can "
    "stir it up for a while; that isn't a failure, and being kind to yourself still counts. "
    "If you'd like to talk to someone right now, /sos shows helplines, with people there to "
    "listen."
)

LOST_TRACK = "Sorry, I lost track of your earlier answers. Let's start again from the beginning."

# The words on the button that starts this flow (the menu, the daily prompt, other flows).
MENU_LABEL = "Reframe a harsh thought 💛"
