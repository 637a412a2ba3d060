"""The safety net measured against a labelled corpus (tests/safety_corpus/): every crisis
phrasing is answered or asked about; idioms never reach the clear tier and rarely the second;
every recovery statement can be saved as a win with at most one tap more than any other win.

Run with `-s` to see the figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.safety.detect import Tier, assess
from bot.store import Win
from fake_telegram import FakeUser
from tests.conftest import Harness, onboard

CORPUS = Path(__file__).parent / "safety_corpus"
IDIOMS_ASKED_AT_MOST = 0.05


def load(name: str) -> list[str]:
    """One phrasing per line; blank lines and `#` comments skipped."""
    lines = (CORPUS / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


CRISIS, IDIOMS, RECOVERY = load("crisis"), load("idioms"), load("recovery")


def _tiers(texts: list[str]) -> dict[Tier, list[str]]:
    found: dict[Tier, list[str]] = {tier: [] for tier in Tier}
    for text in texts:
        found[assess(text)].append(text)
    return found


def test_the_corpus_is_big_enough_and_has_no_repeats() -> None:
    assert len(CRISIS) >= 300 and len(IDIOMS) >= 150 and len(RECOVERY) >= 60
    everything = [text.casefold() for text in CRISIS + IDIOMS + RECOVERY]
    assert len(set(everything)) == len(everything)


def test_every_crisis_phrasing_is_answered_or_asked_about() -> None:
    tiers = _tiers(CRISIS)
    print(
        f"\ncrisis phrasings: {len(CRISIS)}; clear {len(tiers[Tier.CLEAR])}, "
        f"asked {len(tiers[Tier.POSSIBLE])}, missed {len(tiers[Tier.NONE])}"
    )
    assert tiers[Tier.NONE] == []


def test_idioms_never_reach_the_clear_tier_and_rarely_the_second() -> None:
    tiers = _tiers(IDIOMS)
    asked = len(tiers[Tier.POSSIBLE]) / len(IDIOMS)
    print(
        f"\neveryday idioms: {len(IDIOMS)}; clear {len(tiers[Tier.CLEAR])}, "
        f"asked {len(tiers[Tier.POSSIBLE])} ({asked:.1%}): {tiers[Tier.POSSIBLE]}"
    )
    assert tiers[Tier.CLEAR] == []
    assert asked <= IDIOMS_ASKED_AT_MOST


def test_recovery_statements_never_reach_the_clear_tier() -> None:
    tiers = _tiers(RECOVERY)
    print(
        f"\nrecovery statements: {len(RECOVERY)}; clear {len(tiers[Tier.CLEAR])}, "
        f"asked {len(tiers[Tier.POSSIBLE])}, passed {len(tiers[Tier.NONE])}"
    )
    assert tiers[Tier.CLEAR] == []


@pytest.mark.parametrize("part", range(4))
async def test_every_recovery_statement_is_saved_as_a_win_with_at_most_one_tap_more(
    harness: Harness, ana: FakeUser, part: int
) -> None:
    statements = RECOVERY[part::4]
    await onboard(ana)
    extra_taps = []
    for text in statements:
        await ana.send("/win")
        await ana.send(text)
        taps = 0
        if "Which kind of step" not in ana.last_text():
            assert ana.last_text().startswith("Thank you for telling me."), text
            await ana.tap("I'm safe, carry on")
            taps += 1
        assert "Which kind of step" in ana.last_text(), text
        await ana.tap("Showed up on a hard day 🌱")
        assert ana.last_text().startswith("Saved ✓"), text
        extra_taps.append(taps)
    wins = [e.text for e in await harness.store.entries.all_of(ana.user_id) if isinstance(e, Win)]
    assert wins == statements
    assert max(extra_taps) <= 1
    print(f"\nrecovery as wins (part {part + 1}/4): {len(wins)} saved, {sum(extra_taps)} asked")
