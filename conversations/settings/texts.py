"""What a person reads in /settings."""

MENU = (
    "<b>Your settings</b>\n"
    "\n"
    "<b>Time zone:</b> {place} ({offset})\n"
    "<b>Daily check-in:</b> {prompt_time}\n"
    "<b>Weekly look-back:</b> {digest_day}s at {digest_time}\n"
    "<b>Check-ins:</b> {pause}\n"
    "<b>On days you've already written something:</b> {written_days}\n"
    "\n"
    "What would you like to change?"
)
ACTIVE = "on"
PAUSED_UNTIL = "paused until {date}"
PAUSED_INDEFINITELY = "paused until you resume them"

ZONE_LABEL = "Time zone 🌍"
TIME_LABEL = "Daily check-in time ⏰"
DIGEST_LABEL = "Weekly look-back 📅"
PAUSE_LABEL = "Pause check-ins ⏸"
RESUME_LABEL = "Resume check-ins ▶️"
DONE_LABEL = "Done ✓"
SKIP_ON = "no check-in that day"
SKIP_OFF = "a check-in all the same"
SKIP_TURN_OFF_LABEL = "Check in even on days I've written"
SKIP_TURN_ON_LABEL = "No check-in on days I've written"
SAVED_SKIP_ON = "Saved ✓ On days you've already written something, I won't send a check-in."
SAVED_SKIP_OFF = "Saved ✓ I'll send the daily check-in even on days you've already written."

ASK_PROMPT_TIME = (
    "When would you like your daily check-in? Pick a time, or type one like "
    "<i>21:30</i> or <i>9pm</i>."
)
ASK_DIGEST_DAY = "Which day would you like your weekly look-back?"
ASK_DIGEST_TIME = (
    "And at what time on {day}s? Pick a time, or type one like <i>18:00</i> or <i>6pm</i>."
)
ASK_PAUSE = (
    "Take all the time you need. For how long should I pause the daily check-ins? "
    "Everything you've saved stays safe."
)
BACK = "◂ Back"

SAVED_ZONE = "Saved ✓ Your time zone is now {place}."
SAVED_PROMPT_TIME = "Saved ✓ Your daily check-in is now at {time}."
SAVED_DIGEST = "Saved ✓ Your weekly look-back is now on {day}s at {time}."
SAVED_PAUSE = "Check-ins paused until {date}. Welcome back any time: /settings → Resume."
SAVED_PAUSE_FOREVER = "Check-ins paused until you resume them: /settings → Resume."
RESUMED = "Check-ins are back on ✓ See you at {time}."
DONE = "All saved. See you soon 🌱"

# The words on the button that starts this flow (the menu, the daily prompt, other flows).
MENU_LABEL = "Settings ⚙️"
