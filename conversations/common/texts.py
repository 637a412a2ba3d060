"""Texts shared by every flow. HTML parse mode: user text is always escaped before it goes in.

Every user-facing string lives in a texts module and is filled with `.format()` after lookup,
so a second language can arrive later without touching handlers.
"""

from __future__ import annotations

HELP = (
    "<b>Small Steps</b> helps you notice the small ways you're changing.\n"
    "\n"
    "/win: note one small thing you did or noticed\n"
    "/feel: find the precise word for how you feel\n"
    "/reframe: answer a harsh inner voice the way you'd answer a friend\n"
    "/note: write anything, any time (ask me for a question if you like)\n"
    "/setback: note a hard moment, gently\n"
    "/history: look back at what you've written; open an entry to edit or delete it. "
    "<code>/history notes</code> shows one kind, <code>/history boundary</code> finds a word\n"
    "/digest: this week's look back, now\n"
    "/export: a copy of everything you've written\n"
    "\n"
    "/start: the menu\n"
    "/settings: your time zone, daily check-in time, weekly look-back, or a pause\n"
    "/pause and /resume: a break from the daily check-in, and back again\n"
    "/privacy: what is stored and how it's protected\n"
    "/delete: erase everything I keep about you\n"
    "/cancel: stop whatever we're doing; nothing half-finished is kept\n"
    "/sos: helplines, any time\n"
    "/safetyplan: your safety plan, in your own words\n"
    "/help: this list\n"
    "\n"
    "I'm a companion for reflection, not a therapist and not a crisis service. "
    "If things feel too heavy, send /sos to see helplines; if you're in danger, please call "
    "your local emergency number."
)

PRIVACY = (
    "<b>Your privacy</b>\n"
    "\n"
    "<b>What I keep:</b> your Telegram id and language, when you agreed, your time zone and "
    "check-in times, the reflections you choose to save (your answers to the daily question "
    "among them), your safety plan if you make one, and the last word you looked for in "
    "/history. When I ask whether you're safe, your message waits until you answer, then it is "
    "used or forgotten. Nothing else: no name, no phone number, no location.\n"
    "<b>Where:</b> in one database on the server of whoever runs this bot, encrypted at rest "
    "(SQLCipher, AES-256). The key is kept apart from the data. What you write is also "
    "locked with a key of your own.\n"
    "<b>Who can see it:</b> only you, through this chat. Nobody else using the bot can. "
    "The person running the server holds the key, as with any online service. Telegram carries "
    "our messages like any chat.\n"
    "<b>How long:</b> until you erase it. If you block the bot, your data stays until you "
    "erase it, so nothing is lost if you come back.\n"
    "<b>Take a copy:</b> /export sends you everything as files.\n"
    "<b>Erase everything:</b> send /delete. Your own key is destroyed first, so even copies "
    "made before (backups) can no longer be read. A bot can't remove chat messages older "
    "than 48 hours; you can delete this chat yourself in Telegram.\n"
    "\n"
    "Nothing you write is shared, sold, or used to train anything."
)

CANCELLED = "Okay, stopped. Nothing from that step was kept. Send /start whenever you like."
MENU = "What would you like to do?"
PRIVACY_LABEL = "Privacy"
HELP_LABEL = "Help"
NOTHING_TO_CANCEL = "There's nothing to stop right now. Send /start to see what we can do."
UNKNOWN_COMMAND = "I don't know that command. /help shows everything I can do."
BUSY_COMMAND = (
    "We're in the middle of something. Send /cancel to stop it first, or just answer the "
    "question above."
)
TEXT_ONLY = "I can only read text here."
BUTTONS_ONLY = "Please pick one of the buttons above, or send /cancel to stop."
STALE_BUTTON = "That button is from an earlier conversation, so it no longer does anything."
STALE_BUTTON_START = (
    "That button is from an earlier conversation, so it no longer does anything. "
    "Send /start to see what we can do."
)
STALE_BUTTON_TOAST = "That button has expired"
NOT_SET_UP = "Let's get you set up first: send /start."
GROUPS_ONLY_PRIVATE = (
    "Hi! I only work in private chats, so your reflections stay yours. "
    "Message me directly if you'd like to use Small Steps. Leaving this group now."
)

# The command menu Telegram shows beside the text field (set with setMyCommands at start-up).
COMMAND_MENU = (
    ("win", "Note a small win"),
    ("feel", "Name how you feel"),
    ("reframe", "Answer your inner critic kindly"),
    ("note", "Write anything, any time"),
    ("setback", "Note a hard moment, gently"),
    ("history", "Look back at what you've written"),
    ("digest", "This week's look back"),
    ("export", "A copy of everything you've written"),
    ("start", "The menu"),
    ("settings", "Time zone, check-in time, look-back, pause"),
    ("pause", "A break from the daily check-in"),
    ("resume", "Daily check-ins back on"),
    ("privacy", "What is stored and how it's protected"),
    ("delete", "Erase everything about you"),
    ("cancel", "Stop the current step"),
    ("sos", "Helplines, any time"),
    ("safetyplan", "Your safety plan, in your words"),
    ("help", "What each command does"),
)
OUTSIDE_FLOW = "I'm here 🌱 Send /start to see what we can do together."
STALE_FLOW_ENDED = (
    "Earlier we were in the middle of {flow}. I've closed it so we can start fresh; "
    "anything you'd already saved is safe."
)
SWITCHED = "Okay, leaving {flow}. Anything you hadn't finished there wasn't saved."
STALE_IN_FLOW = (
    "That button is from an earlier conversation. We're still in {flow}: answer the question "
    "above, or send /cancel to stop."
)

# Pause lengths (days) as their buttons read; 0 is PAUSE_FOREVER.
PAUSE_DAYS = {1: "1 day", 3: "3 days", 7: "1 week", 14: "2 weeks"}
PAUSE_FOREVER = "Until I resume"
