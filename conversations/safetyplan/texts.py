"""What a person reads while making their safety plan (`/safetyplan`)."""

from __future__ import annotations

INTRO = (
    "<b>Your safety plan</b>\n\n"
    "A safety plan is a short list, in your own words, of what helps when things get very "
    "hard: the signs that a crisis may be coming, what you can do, and who you can turn to. "
    "Many therapists make one with their clients.\n\n"
    "Go at your own pace. Fill in one part, or all seven, now or another day; you can stop "
    "whenever you like, and what you've saved stays. When you reach for /sos, your plan comes "
    "first."
)
OVERVIEW = "<b>Your safety plan</b>: {filled} of {total} parts written. Pick one to add or change."
SECTION_LINE = "{title} ✓"
ASK = "<b>{title}</b>\n\n{question}"
CURRENT = "<b>Right now it says:</b>\n{text}\n\nSend new words to replace them, or pick below."
PREFILL = (
    "<b>For where you live:</b>\n{helplines}\n\nTap <b>Use these</b> to keep them, or type "
    "your own (your therapist, your doctor, a helpline)."
)
SAVED = "Saved ✓ <b>{title}</b>"
CLEARED = "Okay, <b>{title}</b> is empty again."
TRIMMED = "That was a lot, so I kept the first {limit:,} characters."
DONE = (
    "Your plan is saved 🌱 It comes first whenever you send /sos, and /safetyplan changes it "
    "any time."
)
DONE_EMPTY = "Okay. /safetyplan is here whenever you'd like to start one."
KEPT_ON_CANCEL = "What you've already saved in your plan stays."
STALE_RESTART = "That button is from an earlier visit, so here's your plan as it is now."

USE_LABEL = "Use these"
KEEP_LABEL = "Keep it as it is"
CLEAR_LABEL = "Clear this part"
BACK_LABEL = "Back to the plan"
SHOW_LABEL = "Show my whole plan"
DONE_LABEL = "That's all for now"

# The words on the button that starts this flow (the menu, the daily prompt, other flows).
MENU_LABEL = "My safety plan 🧭"
