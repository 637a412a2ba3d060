"""Tests for bot.safety: crisis detection, helplines and the safety texts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import bot.safety.helplines as helplines_module
from bot.safety import (
    CONTINUE_LABEL,
    GROUNDING_LABEL,
    HELP_SAFETY_LINE,
    STOP_LABEL,
    Helpline,
    crisis_reply,
    emergency_number,
    helplines_for,
    is_crisis,
    sos_reply,
)
from bot.safety import texts as safety_texts
from bot.safety.detect import Tier, assess, is_recovery, normalise
from bot.safety.grounding import EXERCISES
from bot.safety.helplines import countries

CRISIS = [
    # intent
    "I want to kill myself",
    "I WANT TO KILL MYSELF",
    "i want to kill my self",
    "i think im gonna kms tonight",
    "honestly i should just kys",
    "I tried to kill myself last year and it's creeping back",
    "i've been thinking about how to unalive myself",
    "thinking about sewerslide again",
    "i'm thinking about suicide",
    "I feel suicidal and scared",
    "I want to end my life",
    "I want to take my own life",
    "I just want to end it all",
    "i want to die",
    "i wanna die lol 😭",
    "I want to die 💔",
    "i want 2 die",
    "I want to diiiie",
    "I wish I was dead",
    "I feel like dying",
    # ideation
    "I don't want to be here anymore",
    "I don’t want to be alive",
    "i dont wanna live anymore",
    "I hope I don't wake up tomorrow",
    "I want to go to sleep and never wake up",
    "I wish I'd never been born",
    "I want to stop existing",
    "I wish I could disappear forever",
    # self-harm
    "I self harm when it gets bad",
    "I started self-harming again",
    "relapsed on selfharm last night",
    "I keep cutting myself",
    "I want to hurt myself",
    "I've got the urge to cut again",
    "I keep having thoughts of self-injury",
    # means and plan
    "I'm going to overdose on my pills",
    "thinking of od'ing tonight",
    "I'm going to jump off the bridge near my house",
    "I wanna jump in front of a train",
    "I'm going to hang myself",
    "I took a whole bottle of pills",
    "I've been stockpiling my meds",
    "I wrote a suicide note",
    "I've got a plan to end things",
    "I'm planning to end my life",
    "I'm giving away all my stuff",
    # hopelessness with finality
    "everyone would be better off without me",
    "the world would be a better place without me",
    "there's no reason to live",
    "I have nothing left to live for",
    "What's the point of living",
    "I can't go on like this",
    "I can't do this anymore",
    "I can’t take it anymore",
    "I'm so tired of being alive",
    "Life isn't worth living",
    "I'm done with life",
    "I just want it all to be over",
    "nobody would miss me if I was gone",
    "no one would care if I died",
    "goodbye forever, thank you for everything",
    "this is goodbye. I love you all",
    # inside longer or messier text
    "Work was fine but honestly I keep thinking about ending my life",
    "this deadline is killing me and honestly i want to die",
    "I paused before reacting. Still, I don't want to exist",
    "ＫＩＬＬ ＭＹＳＥＬＦ",
    "i want to kill\u200bmyself",
    "I   want\tto\n\nkill   myself",
    "i keep thinking they'd be happier if i was gone",
    "I'm thinking of ending it",
    "I dont see the point in living anymore",
    "I'm a burden to everyone",
    "i can't keep living like this",
    "k1ll mys3lf",
    "I've been thinking about taking my own life",
    "I burn myself with a lighter",
    "i keep scratching until i bleed",
    "I won't be around much longer",
]

NOT_CRISIS = [
    # everyday idioms
    "this deadline is killing me",
    "my phone died",
    "I could kill for a coffee",
    "I'm dying to see you",
    "that joke killed me",
    "I'd die of embarrassment",
    "I wanted to die of embarrassment when I tripped",
    "dead tired",
    "my feet are killing me",
    "I nearly died laughing",
    "kill the lights",
    "killed it at the presentation",
    "I'm dead 😂",
    "this cake is to die for",
    "the battery is dead",
    "I cut myself a slice of cake",
    "I want to kill this bug in my code",
    "over my dead body",
    "I'm so done with this week",
    "cutting back on sugar",
    "my plant died",
    "the suspense is killing me",
    "kill two birds with one stone",
    "dying my hair",
    "I want to die my hair blue",
    "I'm dying of boredom in this meeting",
    "I was bored to death",
    "I'd kill to have her confidence",
    "I shot myself in the foot with that email",
    "I could just die, that was so awkward",
    "you'll be the death of me",
    "I'm dead serious",
    "it was a dead end",
    "I'm going to kill it at my interview",
    "I killed time scrolling",
    "the hike nearly killed me but I made it",
    # near misses on crisis wording
    "I ran 5 kms this morning",
    "we drove 300 kms to see grandma",
    "I overdosed on coffee today",
    "that would be career suicide",
    "we watched Suicide Squad last night",
    "I'm taking my life back one day at a time",
    "I hurt myself at the gym",
    "I accidentally cut myself while cooking",
    "I burned myself on the stove making pasta",
    "I don't want to be here at this party, it's so loud",
    "I can't go on the trip next week",
    "I want to end things with him, it isn't working",
    "I'm better off without him",
    "I don't want to live in this city anymore",
    "she cut ties with her ex",
    "I want to cut my hair short",
    "I hope the baby doesn't wake up",
    "I've been killing myself at work to hit this target",
    "if your friends told you to jump off a bridge, would you?",
    "I'm tempted to cut class tomorrow",
    "I'm tired of living paycheck to paycheck",
    "I decided to end it with my ex and I feel lighter",
    "I wanted to disappear when I tripped on stage",
    "I thought about dying my hair red",
    "I'd rather die than go to that party",
    "my friend's uncle died of an overdose last year",
    "I said my last goodbye to grandma at the funeral",
    "the team will be fine without me while I'm on leave",
    # ordinary reflection
    "I paused before reacting to my sister",
    "I felt sad but let myself cry",
    "I set a boundary at work",
    "Today I didn't want to get out of bed, but I did",
    "I noticed the urge to snap and let it pass",
    "I finally stopped beating myself up about the exam",
    "I said no to extra shifts and the world didn't end",
    "I'm so tired of this rain",
    "",
    "   ",
]


# Explicit intent, plans and acts in progress: helplines at once, without a question first.
CLEAR = [
    "I want to kill myself",
    "i think im gonna kms tonight",
    "I want to end my life",
    "i want to die",
    "I'm going to overdose on my pills",
    "I swallowed everything in the medicine cabinet",
    "I just took a whole bottle of pills",
    "I can't promise I'll stay safe",
    "I'm on the edge of the roof",
    "I wrote a suicide note",
    "I don't want to be alive",
    "i want to k1ll myslef",
    "I'm not safe right now",
]

# Milestones and looking back: asked about at most, never answered as a crisis.
RECOVERY = [
    "two months without self-harm today",
    "I told my therapist about the suicidal thoughts for the first time",
    "the urge came and I rode it out",
    "I used to cut myself and now I go for a run instead",
    "100 days clean from cutting",
    "I didn't act on my suicidal thoughts",
]


@pytest.mark.parametrize("text", CRISIS)
def test_crisis_phrasings_are_asked_about_or_answered(text: str) -> None:
    assert assess(text) is not Tier.NONE, text


@pytest.mark.parametrize("text", CLEAR)
def test_explicit_intent_gets_the_clear_tier(text: str) -> None:
    assert assess(text) is Tier.CLEAR, text
    assert is_crisis(text)


@pytest.mark.parametrize("text", RECOVERY)
def test_recovery_statements_never_reach_the_clear_tier(text: str) -> None:
    assert assess(text) is not Tier.CLEAR, text
    assert is_recovery(text), text


@pytest.mark.parametrize(
    "text",
    [
        "I'm up on the roof",
        "I scratched my arms until they bled",
        "I wrote letters to say goodbye",
        "I'm a burden to everyone",
        "I feel trapped and there's no way out",
        "I keep cutting myself",
    ],
)
def test_the_wider_net_asks_first(text: str) -> None:
    assert assess(text) is Tier.POSSIBLE, text


@pytest.mark.parametrize("text", NOT_CRISIS)
def test_idioms_and_reflections_pass(text: str) -> None:
    assert assess(text) is Tier.NONE, text


def test_tables_are_big_enough() -> None:
    assert len(CRISIS) >= 45
    assert len([t for t in NOT_CRISIS if t.strip()]) >= 45


def test_normalise_folds_quotes_widths_and_spacing() -> None:
    assert normalise("I\u2019m  \u200bＳＯ\n\nsad") == "im so sad"
    assert normalise("self-harm") == "self harm"
    assert normalise("nooooo") == "no"


def test_normalise_undoes_leetspeak_and_common_typos() -> None:
    assert normalise("k1ll mys3lf") == "kill myself"
    assert normalise("i want too d!e") == "i want to die"
    assert normalise("thinking about sucide") == "thinking about suicide"
    assert normalise("I ran 5 kms") == "i ran 5 kms"


def test_idiom_does_not_hide_a_later_crisis_phrase() -> None:
    assert assess("I cut myself a slice of cake") is Tier.NONE
    assert (
        assess("I cut myself a slice of cake, then I cut myself again on purpose") is not Tier.NONE
    )


def test_kys_aimed_at_someone_else_is_not_about_self() -> None:
    assert not is_crisis("i think you should kys")
    assert is_crisis("i should kys")


def test_long_input_is_classified() -> None:
    filler = "I paused before reacting to my sister and set a boundary. " * 200
    long_plain = filler[:10_000]
    assert len(long_plain) == 10_000
    assert not is_crisis(long_plain)
    long_crisis = filler[:9_970] + " I want to kill myself"
    assert is_crisis(long_crisis)
    assert not is_crisis("a" * 10_000)
    assert not is_crisis("i " * 5_000)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("US", "988"),
        ("us", "988"),
        ("CA", "988"),
        ("GB", "116 123"),
        ("UK", "116 123"),
        ("en-GB", "116 123"),
        ("IE", "116 123"),
        ("AU", "13 11 14"),
        ("NZ", "1737"),
        ("DE", "0800 111 0 111"),
        ("FR", "3114"),
        ("ES", "024"),
        ("NL", "0800-0113"),
        ("IN", "14416"),
    ],
)
def test_helplines_for_known_countries(code: str, expected: str) -> None:
    lines = helplines_for(code)
    assert lines
    assert all(isinstance(h, Helpline) for h in lines)
    assert any(expected in h.contact for h in lines)


@pytest.mark.parametrize("code", [None, "", "ZZ", "xx-YY", "not a code", "KE"])
def test_helplines_for_unknown_gives_international_directory(code: str | None) -> None:
    lines = helplines_for(code)
    assert any("findahelpline.com" in h.contact for h in lines)
    assert emergency_number(code) is None
    assert "local emergency number" in crisis_reply(code)


@pytest.mark.parametrize(
    ("code", "number"),
    [("US", "911"), ("GB", "999"), ("DE", "112"), ("AU", "000"), ("NZ", "111"), ("JP", "119")],
)
def test_the_emergency_number_is_named(code: str, number: str) -> None:
    assert emergency_number(code) == number
    assert f"call <b>{number}</b> (emergency)" in crisis_reply(code)
    assert number in sos_reply(code)


def test_at_least_thirty_countries_each_with_a_source() -> None:
    assert len(countries()) >= 30
    source = Path(helplines_module.__file__).read_text(encoding="utf-8")
    for code in countries():
        assert helplines_for(code) and emergency_number(code), code
        entry = source.index(f'    "{code}": Country(')
        start = source.rfind("\n", 0, entry + 1)  # the end of the line above the entry
        line = source[source.rfind("\n", 0, start) + 1 : start]
        assert f"findahelpline.com/countries/{code.lower()}" in line, (code, line)


def test_helpline_is_frozen() -> None:
    line = helplines_for("US")[0]
    with pytest.raises(AttributeError):
        line.contact = "000"  # type: ignore[misc]


_TAG = re.compile(r"<(/?)([a-z]+)\b[^>]*>")
_ALLOWED_TAGS = {"b", "i", "a"}


def _assert_safe_html(text: str) -> None:
    for match in re.finditer("<", text):
        tag = _TAG.match(text, match.start())
        assert tag is not None, f"unescaped '<' at {match.start()}: {text!r}"
        assert tag.group(2) in _ALLOWED_TAGS, tag.group(0)
    assert re.search(r"&(?!amp;|lt;|gt;|quot;|#x?[0-9a-f]+;)", text) is None


@pytest.mark.parametrize("code", [*countries(), None, "ZZ"])
def test_crisis_reply_is_safe_short_and_complete(code: str | None) -> None:
    reply = crisis_reply(code)
    _assert_safe_html(reply)
    assert len(reply) <= 1000
    assert "emergency" in reply and "can't help" in reply
    for line in helplines_for(code):
        assert line.contact in reply
    lowered = reply.casefold()
    assert "you should" not in lowered
    assert "diagnos" not in lowered


def test_crisis_reply_escapes_names() -> None:
    reply = crisis_reply("US")
    assert "<b>988 Suicide &amp; Crisis Lifeline</b>" in reply
    assert "988" in reply


def test_sos_reply_lists_helplines() -> None:
    reply = sos_reply(None)
    _assert_safe_html(reply)
    assert "findahelpline.com" in reply
    assert "local emergency number" in reply


def test_grounding_exercises() -> None:
    assert [e.key for e in EXERCISES] == ["senses", "breath", "stop"]
    for exercise in EXERCISES:
        assert 3 <= len(exercise.steps) <= 6
        assert all(0 < len(step) <= 200 for step in exercise.steps)
        assert exercise.label[0].isalnum() and len(exercise.label.encode()) <= 64
        for step in exercise.steps:
            _assert_safe_html(step)
    senses = " ".join(EXERCISES[0].steps).casefold()
    for word in ("five", "four", "three", "two", "one"):
        assert word in senses
    assert "count to four" in " ".join(EXERCISES[1].steps)
    assert [step[:8] for step in EXERCISES[2].steps] == [
        "<b>S — S",
        "<b>T — T",
        "<b>O — O",
        "<b>P — P",
    ]
    for text in (
        safety_texts.CHOOSE_EXERCISE,
        safety_texts.EXERCISE_CLOSING,
        safety_texts.ASK_SAFE,
        HELP_SAFETY_LINE,
    ):
        _assert_safe_html(text)
    assert "again" not in safety_texts.EXERCISE_CLOSING
    assert "/sos" in HELP_SAFETY_LINE


def test_button_labels() -> None:
    assert CONTINUE_LABEL == "Keep going"
    assert GROUNDING_LABEL == "Grounding exercise 🌿"
    assert STOP_LABEL == "Stop for now"
    for label in (CONTINUE_LABEL, GROUNDING_LABEL, STOP_LABEL):
        assert label[0].isalpha()
