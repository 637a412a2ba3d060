"""Admin methods: the bot's profile, webhook, commands, descriptions, chats it reads or leaves."""

from __future__ import annotations

import copy
import json
import re
import threading
from typing import Any

from fake_telegram.records import FileTuple
from fake_telegram.validation import bad, check_commands


class Admin:
    """The FakeTelegram part that answers the methods about the bot rather than a message.

    Finds chats through `Chats` (`_chat`, `bot_user`).
    """

    left_chats: set[int]
    _cond: threading.Condition
    _updates: list[dict[str, Any]]
    _commands: dict[tuple[str, str], list[dict[str, Any]]]
    _scopes: dict[str, dict[str, Any]]
    _descriptions: dict[tuple[str, str], str]
    _webhook: dict[str, Any] | None

    def commands(self, scope_type: str = "default", language_code: str = "") -> list[dict]:
        """The command list set for a scope type and language."""
        with self._cond:
            for (scope_key, lang), commands in self._commands.items():
                if self._scopes[scope_key]["type"] == scope_type and lang == language_code:
                    return copy.deepcopy(commands)
            return []

    def _get_me(self, p: dict[str, Any], files: dict[str, FileTuple]) -> dict[str, Any]:
        """getMe."""
        return {
            **self.bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _set_webhook(self, p: dict[str, Any], files: dict[str, FileTuple]) -> bool:
        """setWebhook: remembered (the double never calls it; tests post updates themselves)."""
        url = str(p.get("url") or "")
        if not url:
            return self._delete_webhook(p, files)
        if not url.startswith("https://"):
            raise bad("bad webhook: An HTTPS URL must be provided for webhook")
        secret = p.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
            raise bad("secret token contains unallowed characters")
        self._webhook = {
            "url": url,
            "secret_token": secret,
            "allowed_updates": p.get("allowed_updates"),
        }
        if p.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _delete_webhook(self, p: dict[str, Any], files: dict[str, FileTuple]) -> bool:
        """deleteWebhook (may drop pending updates)."""
        self._webhook = None
        if p.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _get_webhook_info(self, p: dict[str, Any], files: dict[str, FileTuple]) -> dict:
        """getWebhookInfo."""
        return {
            "url": self._webhook["url"] if self._webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    def _scope_key(self, p: dict[str, Any]) -> tuple[str, str]:
        """The (scope, language) key commands are stored under."""
        scope = p.get("scope") or {"type": "default"}
        if not isinstance(scope, dict) or "type" not in scope:
            raise bad("can't parse BotCommandScope JSON object")
        key = json.dumps(scope, sort_keys=True)
        self._scopes[key] = scope
        return key, str(p.get("language_code") or "")

    def _set_my_commands(self, p: dict[str, Any], files: dict[str, FileTuple]) -> bool:
        """setMyCommands with Telegram's validation."""
        commands = check_commands(p.get("commands"))
        key = self._scope_key(p)
        if commands:
            self._commands[key] = commands
        else:
            self._commands.pop(key, None)
        return True

    def _get_my_commands(self, p: dict[str, Any], files: dict[str, FileTuple]) -> list[dict]:
        """getMyCommands."""
        return copy.deepcopy(self._commands.get(self._scope_key(p), []))

    def _delete_my_commands(self, p: dict[str, Any], files: dict[str, FileTuple]) -> bool:
        """deleteMyCommands."""
        self._commands.pop(self._scope_key(p), None)
        return True

    def _set_description(self, p: dict[str, Any], key: str, limit: int) -> bool:
        """setMyDescription / setMyShortDescription."""
        value = str(p.get(key) or "")
        if len(value) > limit:
            raise bad(f"{key.replace('_', ' ')} is too long")
        self._descriptions[(key, str(p.get("language_code") or ""))] = value
        return True

    def _get_description(self, p: dict[str, Any], key: str) -> dict[str, str]:
        """getMyDescription / getMyShortDescription."""
        return {key: self._descriptions.get((key, str(p.get("language_code") or "")), "")}

    def _leave_chat(self, p: dict[str, Any], files: dict[str, FileTuple]) -> bool:
        """leaveChat (groups only)."""
        chat = self._chat(p)
        if chat.type == "private":
            raise bad("chat member status can't be changed in private chats")
        self.left_chats.add(chat.id)
        return True

    def _get_chat(self, p: dict[str, Any], files: dict[str, FileTuple]) -> dict[str, Any]:
        """getChat: a ChatFullInfo."""
        chat = self._chat(p)
        return {
            **chat.json(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }
