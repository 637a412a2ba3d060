"""Typed, packable button payloads: `Pick(zone="Europe/Berlin").pack() == "onb:tz:Europe/Berlin"`.

Payloads are ASCII, at most 64 bytes (Telegram's limit), and never carry user text.
A handler's `pattern` comes from its payload class, never from a retyped regex.
"""

from __future__ import annotations

import dataclasses
import re
from typing import ClassVar, Self

from telegram import Update

MAX_BYTES = 64
SEPARATOR = ":"


def prefix_pattern(prefix: str) -> re.Pattern[str]:
    """The regex that matches every payload whose first part is `prefix` (a flow's buttons)."""
    return re.compile(rf"^{re.escape(prefix)}{SEPARATOR}")


@dataclasses.dataclass(frozen=True)
class Payload:
    """Base class: subclasses set PREFIX ("flow:action") and declare str/int fields."""

    PREFIX: ClassVar[str]

    def pack(self) -> str:
        """Encode as callback data."""
        parts = [self.PREFIX]
        for field in dataclasses.fields(self):
            value = str(getattr(self, field.name))
            if SEPARATOR in value and field is not dataclasses.fields(self)[-1]:
                raise ValueError(f"{field.name} may not contain {SEPARATOR!r}")
            parts.append(value)
        data = SEPARATOR.join(parts)
        if not data.isascii() or len(data.encode()) > MAX_BYTES:
            raise ValueError(f"callback data too long or not ASCII: {data!r}")
        return data

    @classmethod
    def pattern(cls) -> re.Pattern[str]:
        """The regex that matches this payload's callback data."""
        return re.compile(rf"^{re.escape(cls.PREFIX)}(?:{SEPARATOR}|$)")

    def exact(self) -> re.Pattern[str]:
        """The regex that matches this one button's callback data and nothing else."""
        return re.compile(rf"^{re.escape(self.pack())}$")

    @classmethod
    def parse(cls, data: str) -> Self | None:
        """Decode callback data; None if it is not one of ours (forged, stale or mangled)."""
        if not cls.pattern().match(data):
            return None
        fields = dataclasses.fields(cls)
        rest = data[len(cls.PREFIX) + 1 :] if fields else ""
        values = rest.split(SEPARATOR, len(fields) - 1) if fields else []
        if len(values) != len(fields):
            return None
        kwargs: dict[str, str | int] = {}
        for field, raw in zip(fields, values, strict=True):
            if field.type in (int, "int"):
                if not re.fullmatch(r"-?[0-9]{1,9}", raw):
                    return None
                kwargs[field.name] = int(raw)
            else:
                kwargs[field.name] = raw
        return cls(**kwargs)

    @classmethod
    def tapped(cls, update: Update) -> Self | None:
        """The payload of the button tapped in this update; None for anything that doesn't
        parse. Handlers answer None kindly instead of raising."""
        query = update.callback_query
        if query is None or query.data is None:
            return None
        return cls.parse(query.data)
