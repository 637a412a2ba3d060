"""Tests for the static content package: counts, limits, tone and the daily rotation."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter

import pytest

from bot import content as shared_content
from bot.content import (
    FEELINGS,
    PROGRESS_KINDS,
    QUADRANT_DESCRIPTIONS,
    QUADRANT_LABELS,
    Feeling,
    Quadrant,
    feeling_by_key,
    feelings_in,
    progress_kind,
)
from conversations import content
from conversations.content import (
    COMMON_HUMANITY_LINES,
    DAILY_QUESTIONS,
    FACT_OR_ASSUMPTION_HINT,
    FRIEND_QUESTION,
    FRIEND_QUESTIONS,
    LEADS_TO,
    common_humanity_line,
    friend_question,
    question_by_key,
    question_for,
)

FEELING_KEY = re.compile(r"[a-z_]{1,20}")
PROGRESS_KEY = re.compile(r"[a-z_]{1,16}")
QUESTION_KEY = re.compile(r"[a-z_]{1,20}")
BANNED = ("streak", "you should", "failed", "diagnos")


def _all_texts() -> list[str]:
    """Collect every user-facing string in the content package."""
    texts: list[str] = []
    texts += QUADRANT_LABELS.values()
    texts += QUADRANT_DESCRIPTIONS.values()
    for f in FEELINGS:
        texts += [f.word, f.definition]
    for k in PROGRESS_KINDS:
        texts += [k.label, k.meaning, k.why_it_counts]
    texts += [q.text for q in DAILY_QUESTIONS]
    texts += COMMON_HUMANITY_LINES
    texts += FRIEND_QUESTIONS
    texts.append(FACT_OR_ASSUMPTION_HINT)
    return texts


# --- feelings -----------------------------------------------------------------------------


def test_quadrant_values() -> None:
    assert [q.value for q in Quadrant] == ["pe", "pc", "ue", "uc"]
    assert Quadrant("ue") is Quadrant.UNPLEASANT_STIRRED


def test_feeling_counts() -> None:
    assert len(FEELINGS) >= 88
    for q in Quadrant:
        assert len(feelings_in(q)) >= 20, q
    assert sum(len(feelings_in(q)) for q in Quadrant) == len(FEELINGS)


def test_feelings_in_returns_only_that_quadrant() -> None:
    for q in Quadrant:
        assert all(f.quadrant is q for f in feelings_in(q))


def test_feeling_keys_unique_ascii_and_fit_payload() -> None:
    keys = [f.key for f in FEELINGS]
    assert len(keys) == len(set(keys))
    for key in keys:
        assert FEELING_KEY.fullmatch(key), key
        assert key.isascii()
        assert len(f"feel:w:{key}".encode()) <= 64


def test_feeling_words_unique_across_quadrants() -> None:
    words = Counter(f.word.casefold() for f in FEELINGS)
    assert [w for w, n in words.items() if n > 1] == []
    for f in FEELINGS:
        assert f.word == f.word.strip() and f.word, f.key
        assert f.word[0].isalpha(), f.key


def test_feeling_definitions() -> None:
    definitions = [f.definition for f in FEELINGS]
    assert len(definitions) == len(set(definitions))
    for f in FEELINGS:
        assert 0 < len(f.definition) <= 120, f.key
        assert f.definition.endswith("."), f.key
        assert f.definition[0].isupper(), f.key
        assert "\n" not in f.definition


def test_feeling_lookup() -> None:
    for f in FEELINGS:
        assert feeling_by_key(f.key) is f
    assert feeling_by_key("not_a_feeling") is None
    assert feeling_by_key("") is None
    assert feeling_by_key("numb").quadrant is Quadrant.UNPLEASANT_LOW
    assert feeling_by_key("anxious").quadrant is Quadrant.UNPLEASANT_STIRRED


def test_expected_words_present() -> None:
    low = {f.word for f in feelings_in(Quadrant.UNPLEASANT_LOW)}
    assert {"disappointed", "lonely", "drained", "numb", "hopeless", "ashamed", "guilty"} <= low
    assert "hurt" in low
    stirred = {f.word for f in feelings_in(Quadrant.UNPLEASANT_STIRRED)}
    assert {"anxious", "overwhelmed", "irritated", "jealous", "panicky"} <= stirred


def test_feeling_is_frozen() -> None:
    f = FEELINGS[0]
    assert isinstance(f, Feeling)
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.word = "changed"  # type: ignore[misc]


def test_quadrant_labels_and_descriptions() -> None:
    assert set(QUADRANT_LABELS) == set(Quadrant)
    assert set(QUADRANT_DESCRIPTIONS) == set(Quadrant)
    for q in Quadrant:
        label = QUADRANT_LABELS[q]
        assert label[0].isalpha(), label
        assert len(label) <= 32
        description = QUADRANT_DESCRIPTIONS[q]
        assert description.endswith(".") and len(description) <= 120
    assert len(set(QUADRANT_LABELS.values())) == 4


# --- progress kinds -------------------------------------------------------------------------


def test_progress_kinds() -> None:
    assert len(PROGRESS_KINDS) == 10
    keys = [k.key for k in PROGRESS_KINDS]
    assert len(set(keys)) == 10
    assert len({k.label for k in PROGRESS_KINDS}) == 10
    for k in PROGRESS_KINDS:
        assert PROGRESS_KEY.fullmatch(k.key), k.key
        assert 0 < len(k.label) <= 32, k.label
        assert k.label[0].isalpha(), k.label
        assert 0 < len(k.meaning) <= 90, k.key
        assert 0 < len(k.why_it_counts) <= 160, k.key
        assert k.why_it_counts.endswith("."), k.key
        assert progress_kind(k.key) is k
    assert progress_kind("nope") is None
    assert PROGRESS_KINDS[-1].key == "other"


def test_progress_kinds_cover_the_brief() -> None:
    joined = " ".join(f"{k.label} {k.meaning}".lower() for k in PROGRESS_KINDS)
    for phrase in (
        "pattern",
        "numbing",
        "uncomfortable",
        "boundary",
        "kind to myself",
        "coping",
        "reached out",
        "paused",
        "hard day",
        "something else",
    ):
        assert phrase in joined, phrase


# --- daily questions ------------------------------------------------------------------------


def test_daily_questions() -> None:
    assert len(DAILY_QUESTIONS) >= 30
    keys = [q.key for q in DAILY_QUESTIONS]
    assert len(keys) == len(set(keys))
    assert len({q.text for q in DAILY_QUESTIONS}) == len(DAILY_QUESTIONS)
    assert set(LEADS_TO) == {"win", "feel", "reframe", "reflect"}
    for q in DAILY_QUESTIONS:
        assert QUESTION_KEY.fullmatch(q.key), q.key
        assert 0 < len(q.text) <= 140, q.key
        assert q.leads_to in LEADS_TO, q.key
        assert question_by_key(q.key) is q
    counts = Counter(q.leads_to for q in DAILY_QUESTIONS)
    assert all(counts[flow] >= 2 for flow in LEADS_TO)
    assert question_by_key("nope") is None


def _simulate(days: range, start_previous: str | None) -> list[str]:
    """Run the rotation day by day, feeding back each day's key as the previous one."""
    previous = start_previous
    picked: list[str] = []
    for day in days:
        q = question_for(day, previous)
        assert q.key != previous, (day, previous)
        picked.append(q.key)
        previous = q.key
    return picked


@pytest.mark.parametrize("start", [None, "win_easier", "feel_now", "unknown"])
def test_question_for_never_repeats_and_covers_all_flows(start: str | None) -> None:
    picked = _simulate(range(400), start)
    flows = [question_by_key(k).leads_to for k in picked]
    for i in range(len(flows) - 7):
        assert set(flows[i : i + 8]) == set(LEADS_TO), i
    assert set(picked) == {q.key for q in DAILY_QUESTIONS}


def test_question_for_avoids_previous_even_when_it_is_the_natural_pick() -> None:
    for day in range(-20, 400):
        natural = question_for(day, None)
        other = question_for(day, natural.key)
        assert other.key != natural.key
        assert other.leads_to == natural.leads_to
        for q in DAILY_QUESTIONS:
            assert question_for(day, q.key).key != q.key


def test_question_for_is_deterministic_with_gaps() -> None:
    assert question_for(17, "rl_glad") == question_for(17, "rl_glad")
    previous = None
    for day in range(0, 1000, 7):
        q = question_for(day, previous)
        assert q.key != previous
        previous = q.key


# --- reframe --------------------------------------------------------------------------------


def test_reframe_texts() -> None:
    assert len(COMMON_HUMANITY_LINES) >= 8
    assert len(set(COMMON_HUMANITY_LINES)) == len(COMMON_HUMANITY_LINES)
    assert len(FRIEND_QUESTIONS) >= 3
    assert len(set(FRIEND_QUESTIONS)) == len(FRIEND_QUESTIONS)
    assert FRIEND_QUESTION in FRIEND_QUESTIONS
    for q in FRIEND_QUESTIONS:
        assert q.endswith("?"), q
        assert "friend" in q.lower() or "love" in q.lower(), q
    assert "fact" in FACT_OR_ASSUMPTION_HINT.lower()
    assert "assumption" in FACT_OR_ASSUMPTION_HINT.lower()
    assert len(FACT_OR_ASSUMPTION_HINT) <= 500
    for i in range(30):
        assert common_humanity_line(i) in COMMON_HUMANITY_LINES
        assert friend_question(i) in FRIEND_QUESTIONS
    assert {common_humanity_line(i) for i in range(len(COMMON_HUMANITY_LINES))} == set(
        COMMON_HUMANITY_LINES
    )


# --- tone and format across everything ------------------------------------------------------


def test_no_banned_phrases() -> None:
    for text in _all_texts():
        lowered = text.lower()
        for phrase in BANNED:
            assert phrase not in lowered, (phrase, text)


def test_plain_text_only() -> None:
    for text in _all_texts():
        assert "<" not in text and ">" not in text, text
        assert "&" not in text, text
        assert text == text.strip(), text
        assert "  " not in text, text


def test_public_names_exported() -> None:
    for package in (content, shared_content):
        for name in package.__all__:
            assert hasattr(package, name), name
