"""The daily prompt and what its buttons say."""

PROMPT = "🌱 {question}\n\n<i>Write your answer right here if you like, or pick a button.</i>"
NOT_TODAY_LABEL = "Not today"
LATER_LABEL = "Later (in an hour)"
TOMORROW_LABEL = "Ask me tomorrow"

NOT_TODAY = "That's okay. Rest counts too. See you tomorrow 🌙"
LATER = "Sure, I'll ask again in about an hour."
TOMORROW = "Sure. I'll bring this question back tomorrow at {time}. Rest well 🌙"
TOO_LATE_FOR_LATER = (
    "It's getting late, and I stay quiet at night. "
    "I'll bring this question back tomorrow at {time} instead 🌙"
)
PASSED = "That check-in has passed. A new one comes tomorrow, or send /win any time."

ASK_PAUSE = "Need a break? For how long should I pause the daily check-ins?"
PAUSED = (
    "Check-ins paused until {date}. Everything you've saved stays safe. /resume brings them back."
)
PAUSED_FOREVER = "Check-ins paused until you send /resume. Everything you've saved stays safe."
RESUMED = "Check-ins are back on ✓ See you at {time}."
NOT_PAUSED = "Check-ins are already on. See you at {time}."

FIRST_DIGEST_COMES = (
    "Your first weekly look-back comes on {day} at {time}. Here's what's there so far:"
)
