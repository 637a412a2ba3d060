"""Kinds of small progress a person can log in the "small win" check-in."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ProgressKind:
    """One kind of small shift: a button label, what it means and why it counts."""

    key: str
    label: str
    meaning: str
    why_it_counts: str


# Keys are stored and sent in button payloads: keep them stable even if a label is reworded.
PROGRESS_KINDS: tuple[ProgressKind, ...] = (
    ProgressKind(
        key="pattern",
        label="Noticed a pattern 🔍",
        meaning="I spotted a pattern or a trigger in how I react.",
        why_it_counts="You can only change what you can see, and noticing a pattern is often "
        "where real change quietly begins.",
    ),
    ProgressKind(
        key="let_feel",
        label="Let a feeling in 💧",
        meaning="I let myself feel something instead of numbing or avoiding it.",
        why_it_counts="Feeling what is really there, even when it stings, means less of your "
        "strength goes into holding it down.",
    ),
    ProgressKind(
        key="sat_with",
        label="Sat with discomfort 🪨",
        meaning="I stayed with something uncomfortable without rushing away from it.",
        why_it_counts="Each time you stay with a hard moment, you show yourself that you can "
        "get through it.",
    ),
    ProgressKind(
        key="boundary",
        label="Set or held a boundary 🚧",
        meaning="I said no, asked for what I needed, or kept a limit in place.",
        why_it_counts="A boundary says your needs count too. It is self-respect in action, "
        "even when it feels awkward at first.",
    ),
    ProgressKind(
        key="kind_self",
        label="Was kind to myself 💛",
        meaning="I spoke to myself gently, maybe after a mistake.",
        why_it_counts="A softer inner voice makes it easier to keep going, and kindness tends "
        "to help change grow rather than hold it back.",
    ),
    ProgressKind(
        key="coping",
        label="Used a coping skill 🧰",
        meaning="I reached for something that helps, like a breath, a walk or writing it down.",
        why_it_counts="Every time you choose a helpful way to cope, that path gets a little "
        "easier to find next time.",
    ),
    ProgressKind(
        key="reached_out",
        label="Reached out or connected 🤝",
        meaning="I talked to someone, asked for support, or let someone in.",
        why_it_counts="Letting someone in, even with one short message, takes courage, and "
        "hard things feel lighter when they are shared.",
    ),
    ProgressKind(
        key="paused",
        label="Paused before reacting ⏸️",
        meaning="I took a breath or a moment before I responded.",
        why_it_counts="That small gap between feeling and acting is where new choices become "
        "possible.",
    ),
    ProgressKind(
        key="showed_up",
        label="Showed up on a hard day 🌱",
        meaning="Things were hard and I still showed up, even in a small way.",
        why_it_counts="Getting through a hard day in whatever way you could is real effort, "
        "and those quiet efforts add up.",
    ),
    ProgressKind(
        key="other",
        label="Something else ✏️",
        meaning="A different shift that matters to me.",
        why_it_counts="Progress comes in many shapes, and you are the one who knows which "
        "small changes mean something.",
    ),
)

_BY_KEY: dict[str, ProgressKind] = {kind.key: kind for kind in PROGRESS_KINDS}


def progress_kind(key: str) -> ProgressKind | None:
    """Return the progress kind with this key, or None if there is none."""
    return _BY_KEY.get(key)
