"""What a person reads while meeting Small Steps."""

WELCOME = (
    "Hi{name} 👋 I'm <b>Small Steps</b>.\n"
    "\n"
    "Change often happens in small shifts that are easy to miss: pausing before you react, "
    "naming a feeling, being a little kinder to yourself. I help you notice them. Once a day "
    "I'll ask one short question, and once a week I'll show you how far you've come, in your "
    "own words.\n"
    "\n"
    "I'm a companion for reflection, not a therapist and not a crisis service.\n"
    "/help and /cancel work at any point."
)
ASK_CONSENT = (
    "To do this I need to store what you share with me, encrypted, until you decide to erase "
    "it (/delete does that any time). Is that okay?"
)
CONSENT_YES = "Yes, that's okay"
CONSENT_NO = "Not now"
CONSENT_WHAT = "What exactly is stored?"
CONSENT_THANKS = "Thank you. Let's set up two small things so I can fit into your day."
DECLINED = (
    "That's completely fine. I haven't stored anything about you. "
    "If you change your mind, just send /start."
)
RESUME = "Welcome back. Let's finish setting up; it only takes a moment."
RETURNING = "Welcome back{name} 🌱"
SUMMARY = (
    "All set ✓\n"
    "\n"
    "<b>Your time zone:</b> {place} ({offset})\n"
    "<b>Daily check-in:</b> {prompt_time}\n"
    "<b>Weekly look-back:</b> {digest_day}s at {digest_time}\n"
    "\n"
    "Each day around {prompt_time} I'll send one short question; answering takes a minute, "
    "and skipping is always fine. You can change any of this, or pause, with /settings."
)
