"""The pickers' buttons: each host flow gets its own classes, under its own prefix, from a
factory here: `zone_payloads("onb")` → `onb:z:Europe/Berlin`, `onb:zp:1`, …;
`feeling_payloads("rf", "f")` → `rf:fq:ue`, `rf:fw:anxious`, …; `scale_pick("rf:hb")` →
`rf:hb:7`."""

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
class QuadrantPick(Payload):
    """One of the four areas of feeling, or a step of "I'm not sure": `feel:q:ue`."""

    q: str


@dataclass(frozen=True)
class WordPick(Payload):
    """A feeling word, by its key: `feel:w:anxious`."""

    key: str


@dataclass(frozen=True)
class WordPage(Payload):
    """A page of one area's words: `feel:p:ue:1`."""

    q: str
    page: int


@dataclass(frozen=True)
class OwnWord(Payload):
    """None of these: type your own word (`feel:o:ue`)."""

    q: str


@dataclass(frozen=True)
class BackToAreas(Payload):
    """Back to the four areas."""


@dataclass(frozen=True)
class ScalePick(Payload):
    """A number on a scale: `feel:i:7`, `rf:hb:4`."""

    value: int


@dataclass(frozen=True)
class ZonePayloads:
    """A host flow's button classes for the zone picker."""

    pick: type[ZonePick]
    turn: type[ZoneTurn]
    retry: type[ZoneRetry]
    yes: type[ZoneYes]


@dataclass(frozen=True)
class FeelingPayloads:
    """A host flow's button classes for the feeling picker."""

    quadrant: type[QuadrantPick]
    word: type[WordPick]
    page: type[WordPage]
    own: type[OwnWord]
    back: type[BackToAreas]


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


def feeling_payloads(flow_prefix: str, stem: str = "") -> FeelingPayloads:
    """The feeling picker's buttons for one host flow: `<flow>:<stem>q`, `w`, `p`, `o`, `b`."""
    head = f"{flow_prefix}:{stem}"
    return FeelingPayloads(
        quadrant=_under(QuadrantPick, f"{head}q"),
        word=_under(WordPick, f"{head}w"),
        page=_under(WordPage, f"{head}p"),
        own=_under(OwnWord, f"{head}o"),
        back=_under(BackToAreas, f"{head}b"),
    )


def scale_pick(prefix: str) -> type[ScalePick]:
    """The scale picker's button for one use of it (`feel:i`, `rf:hb`, `rf:ha`)."""
    return _under(ScalePick, prefix)
