"""The pickers' buttons: each host flow gets its own classes, under its own prefix, from a
factory here (`zone_payloads("onb")` → `onb:z:Europe/Berlin`, `onb:zp:1`, …)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from conversations.common.callback import Payload

P = TypeVar("P", bound=Payload)


@dataclass(frozen=True)
class ZonePick(Payload):
    """A time zone chosen from a list."""

    zone: str


@dataclass(frozen=True)
class ZoneTurn(Payload):
    """A page of the time zone list."""

    page: int


@dataclass(frozen=True)
class ZoneRetry(Payload):
    """Type another place."""


@dataclass(frozen=True)
class ZoneYes(Payload):
    """The local time shown is right."""


@dataclass(frozen=True)
class TimePick(Payload):
    """A time of day: `onb:t:2130`."""

    hhmm: str


@dataclass(frozen=True)
class ZonePayloads:
    """A host flow's button classes for the zone picker."""

    pick: type[ZonePick]
    turn: type[ZoneTurn]
    retry: type[ZoneRetry]
    yes: type[ZoneYes]


def _under(base: type[P], prefix: str) -> type[P]:
    return type(f"{base.__name__}_{prefix.replace(':', '_')}", (base,), {"PREFIX": prefix})


def zone_payloads(flow_prefix: str) -> ZonePayloads:
    """The zone picker's buttons for one host flow: `<flow>:z`, `:zp`, `:zr`, `:zy`."""
    return ZonePayloads(
        pick=_under(ZonePick, f"{flow_prefix}:z"),
        turn=_under(ZoneTurn, f"{flow_prefix}:zp"),
        retry=_under(ZoneRetry, f"{flow_prefix}:zr"),
        yes=_under(ZoneYes, f"{flow_prefix}:zy"),
    )


def time_pick(prefix: str) -> type[TimePick]:
    """The time picker's button for one use of it (`onb:t`, `set:dt`)."""
    return _under(TimePick, prefix)
