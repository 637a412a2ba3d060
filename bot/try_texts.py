"""What the try-it terminal (`python -m bot try`) prints around the bot's own messages."""

BANNER = """\
Small Steps, right here in your terminal: the real bot, with a pretend Telegram in its place.
You are {name}. Type what you would send in the chat, for example /start.
{database}
Type :help for the terminal's own commands, :quit to leave."""

THROWAWAY_DB = "Nothing is kept: the encrypted database is thrown away when you quit."
KEPT_DB = "Database: {path} (encrypted with SMALLSTEPS_DB_KEY; run again with the same --db)."

HELP = """\
Terminal commands (everything else goes to the bot as a message):
  1, 2, …            tap a button of the newest keyboard: the one labelled with that number
                     if there is one (a 0–10 scale), else the one in that place; #1 taps the
                     first button even when text is expected
  :later 1h          move time forward (m, h, d, w; e.g. 30m, 1d, 2d3h) and let the bot's
                     scheduler run, so daily check-ins and the weekly look-back arrive
  :at 2026-11-29T18:00
                     move time forward to that moment (your time zone in the bot, or add +01:00)
  :now               show the bot's current time
  :help              this list
  :quit              leave (end of input does the same)"""

YOU = "you ▸ "
BOT = "bot ▸ "
INDENT = "      "
EDITED = "(edited) "
BUTTON = "[{number}] {label}"
LINK_BUTTON = "[{number}] {label} ({url})"
NOTICE = "(a notice pops up) {text}"
FILE_SAVED = "[{kind} saved to {path}]"

NOW = "It is now {when}."
MOVED = "⏩ {when}"
NOT_BACKWARDS = "Time only moves forward here: it is already {when}."
BAD_DURATION = "I can't read {text!r} as a duration. Try 30m, 1h, 1d or 2d3h."
BAD_INSTANT = "I can't read {text!r} as a date and time. Try 2026-11-29T18:00."
NO_SUCH_BUTTON = "There is no button {text} on the newest keyboard."
LINK_ONLY = "Button {number} opens {url}; it sends nothing to the bot."
TIME_FORMAT = "%a %d %b %Y, %H:%M"
ZONE = " ({zone})"
BYE = "Bye for now."
UNKNOWN_COMMAND = "{command} is not a terminal command (:help lists them); nothing was sent."

NEEDS_KEY = """\
--db keeps the database between runs, so it needs a key that you keep too.
Set SMALLSTEPS_DB_KEY to a secret of at least 32 characters (or SMALLSTEPS_DB_KEY_FILE to a file
holding one), for example:
    export SMALLSTEPS_DB_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
and use the same key every time you open that database."""
NOT_A_TRY_DATABASE = """\
{path} holds other people's data: it looks like a running bot's database, not a try-it one.
Try mode sends everything to a pretend Telegram, so it would record their check-ins as failed.
Give --db a path of its own."""
BAD_CLOCK = "--clock: I can't read {text!r} as a date and time. Try 2026-11-23T09:00."
