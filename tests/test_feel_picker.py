"""The feeling picker, mostly through /feel: areas, pages of words, typed and own words."""

from __future__ import annotations

import warnings
from enum import StrEnum

import pytest
from telegram import Update
from telegram.ext import CommandHandler, ConversationHandler
from telegram.warnings import PTBUserWarning

from bot.content.feelings import (
    FEELINGS,
    QUADRANT_DESCRIPTIONS,
    QUADRANT_LABELS,
    Quadrant,
    feeling_by_key,
    feelings_in,
)
from bot.context import BotContext
from conversations.common import texts as common
from conversations.common.replies import say
from conversations.feel import keyboards
from conversations.feel import texts as feel_texts
from conversations.pickers import feeling_texts as picker_texts
from conversations.pickers.feeling_keyboards import button_label, page_count, word_keyboard
from conversations.pickers.feeling_picker import (
    MAX_OWN_WORD,
    FeelingPicker,
    PickedFeeling,
    known_feeling,
)
from conversations.pickers.payloads import feeling_payloads
from fake_telegram import FakeUser
from tests.conftest import Harness, onboard

AREAS = [*(QUADRANT_LABELS[q] for q in Quadrant), picker_texts.NOT_SURE]
NAV = {picker_texts.MORE, picker_texts.BACK, picker_texts.NONE_OF_THESE}


def _words(buttons: list[str]) -> list[str]:
    return [label for label in buttons if label not in NAV]


async def _open(ana: FakeUser, area: Quadrant) -> None:
    await ana.send("/feel")
    await ana.tap(QUADRANT_LABELS[area])


async def test_the_four_areas_come_with_their_descriptions(ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/feel")
    (question,) = ana.replies()
    assert question.startswith("How are you feeling right now?")
    for q in Quadrant:
        assert f"{QUADRANT_LABELS[q]}: {QUADRANT_DESCRIPTIONS[q]}" in question
    assert "you can simply type it" in question
    assert ana.buttons() == AREAS


async def test_every_word_of_every_area_is_reachable_page_by_page(ana: FakeUser) -> None:
    await onboard(ana)
    reachable: list[str] = []
    for q in Quadrant:
        await _open(ana, q)
        assert ana.last_text().startswith(QUADRANT_LABELS[q])
        seen: list[str] = []
        pages = 0
        while True:
            buttons = ana.buttons()
            page = _words(buttons)
            assert 0 < len(page) <= 9
            assert picker_texts.NONE_OF_THESE in buttons and picker_texts.BACK in buttons
            seen += page
            pages += 1
            if picker_texts.MORE not in buttons:
                break
            await ana.tap(picker_texts.MORE)
        assert seen == [button_label(f.word) for f in feelings_in(q)], q
        assert pages == -(-len(feelings_in(q)) // 9)
        reachable += seen
        await ana.send("/cancel")
    assert len(set(reachable)) == len(FEELINGS) >= 80


async def test_back_steps_one_page_at_a_time_then_to_the_areas(ana: FakeUser) -> None:
    await onboard(ana)
    await _open(ana, Quadrant.PLEASANT_CALM)
    first = ana.buttons()
    assert "Calm" in first and picker_texts.MORE in first
    await ana.tap(picker_texts.MORE)
    second = ana.buttons()
    assert _words(second) and not set(_words(second)) & set(_words(first))
    assert ana.replies() == []  # the same message, its keyboard redrawn
    await ana.tap(picker_texts.BACK)
    assert ana.buttons() == first
    await ana.tap(picker_texts.BACK)
    assert ana.last_text().startswith("How are you feeling right now?")
    assert ana.buttons() == AREAS
    await ana.tap(QUADRANT_LABELS[Quadrant.UNPLEASANT_LOW])
    assert "Sad" in ana.buttons()


async def test_a_word_tapped_is_shown_with_what_it_means(ana: FakeUser) -> None:
    await onboard(ana)
    await _open(ana, Quadrant.PLEASANT_CALM)
    await ana.tap(picker_texts.MORE)
    await ana.tap("Grounded")
    (named,) = ana.replies()
    grounded = feeling_by_key("grounded")
    assert grounded is not None
    assert named.startswith(f"Grounded: {grounded.definition}")
    assert "How strong is it right now" in named


async def test_none_of_these_takes_their_own_word_or_goes_back(ana: FakeUser) -> None:
    await onboard(ana)
    await _open(ana, Quadrant.UNPLEASANT_STIRRED)
    await ana.tap(picker_texts.NONE_OF_THESE)
    assert ana.replies() == [picker_texts.ASK_OWN_WORD]
    assert ana.buttons() == [picker_texts.BACK]
    await ana.tap(picker_texts.BACK)
    assert ana.buttons() == AREAS
    await ana.tap(QUADRANT_LABELS[Quadrant.UNPLEASANT_STIRRED])
    await ana.tap(picker_texts.NONE_OF_THESE)
    await ana.send("  wound   up\n")
    assert ana.replies()[0].startswith("Wound up. Thank you for putting it in your own words.")


async def test_typed_words_known_ones_are_recognised(ana: FakeUser) -> None:
    await onboard(ana)
    # At the first step, a known word (any case, spacing, or a full stop) is taken directly.
    await ana.send("/feel")
    await ana.send("  OVERWHELMED. ")
    assert ana.replies()[0].startswith("Overwhelmed: Too much at once")
    # In an area's list, a word from another area is still that word.
    await _open(ana, Quadrant.PLEASANT_ENERGISED)
    await ana.send("at ease")
    assert ana.replies()[0].startswith("At ease: Relaxed around people")
    # Typed in the list, an unknown word is their own.
    await _open(ana, Quadrant.PLEASANT_ENERGISED)
    await ana.send("fizzy")
    assert ana.replies()[0].startswith("Fizzy. Thank you")


async def test_known_feeling_matching() -> None:
    assert known_feeling("Pleasantly surprised") is feeling_by_key("surprised")
    assert known_feeling("surprised") is feeling_by_key("surprised")
    assert known_feeling("On_Edge!") is feeling_by_key("on_edge")
    assert known_feeling("left   out") is feeling_by_key("left_out")
    assert known_feeling("not a feeling") is None
    assert known_feeling("") is None


async def test_their_own_word_at_the_first_step_is_kept_and_its_area_asked(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    await ana.send("/feel")
    await ana.send("x" * 5000)
    note, again = ana.replies()
    assert note == picker_texts.OWN_WORD_TOO_LONG.format(limit=MAX_OWN_WORD)
    assert again.startswith("How are you feeling")
    await ana.send("<b>meh</b> & <3.")
    assert ana.replies() == ["<b>meh</b> & <3. Thank you. Which of these areas is it closest to?"]
    assert ana.buttons() == AREAS[:4]
    await ana.tap(QUADRANT_LABELS[Quadrant.UNPLEASANT_LOW])
    assert ana.replies()[0].startswith("<b>meh</b> & <3. Thank you for putting it in")
    await ana.tap("3")
    await ana.tap(feel_texts.SKIP)
    await ana.tap(feel_texts.SKIP)
    (saved,) = await harness.store.entries.all_of(ana.user_id)
    assert (saved.word, saved.quadrant) == ("<b>meh</b> & <3", "uc")  # type: ignore[union-attr]
    await ana.send("/feel")
    await ana.send_sticker()
    note, again = ana.replies()
    assert note == common.TEXT_ONLY and again.startswith("How are you feeling")


@pytest.mark.parametrize(
    ("typed", "word"),
    [
        ("happy", "Happy"),
        ("afraid", "Scared"),
        ("Grief", "Grieving"),
        ("confused", "Confused"),
        ("I feel a bit anxious", "Anxious"),
        ("i'm so tired!", "Tired"),
    ],
)
async def test_common_forms_and_near_words_are_recognised(
    ana: FakeUser, typed: str, word: str
) -> None:
    await onboard(ana)
    await ana.send("/feel")
    await ana.send(typed)
    assert ana.replies()[0].startswith(f"{word}: ")
    assert ana.buttons()[:3] == ["1", "2", "3"]


async def test_not_sure_helps_find_a_word(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/feel")
    await ana.tap(picker_texts.NOT_SURE)
    assert ana.replies() == [picker_texts.ASK_ENERGY]
    await ana.tap(picker_texts.LOW)
    assert ana.replies() == [picker_texts.ASK_PLEASANT]
    assert ana.buttons() == [
        picker_texts.PLEASANT,
        picker_texts.UNPLEASANT,
        picker_texts.HARD_TO_TELL,
        picker_texts.BACK,
    ]
    await ana.tap(picker_texts.UNPLEASANT)
    assert ana.replies()[0].startswith(QUADRANT_LABELS[Quadrant.UNPLEASANT_LOW])
    assert "Sad" in ana.buttons()
    # Or, when it is hard to tell: a few words from both sides.
    await ana.send("/feel")
    await ana.tap(picker_texts.NOT_SURE)
    await ana.tap(picker_texts.CHARGED)
    await ana.tap(picker_texts.HARD_TO_TELL)
    assert ana.replies() == [picker_texts.MIXED]
    assert "Confused" in ana.buttons() and "Restless" in ana.buttons()
    await ana.tap("Confused")
    assert ana.replies()[0].startswith("Confused: ")
    await ana.tap("5")
    await ana.tap(feel_texts.SKIP)
    await ana.tap(feel_texts.SKIP)
    (saved,) = await harness.store.entries.all_of(ana.user_id)
    assert (saved.word, saved.quadrant) == ("confused", "ue")  # type: ignore[union-attr]


async def test_own_words_longer_than_forty_characters_are_asked_again(ana: FakeUser) -> None:
    await onboard(ana)
    await _open(ana, Quadrant.UNPLEASANT_LOW)
    await ana.tap(picker_texts.NONE_OF_THESE)
    await ana.send("y" * 5000)
    assert ana.replies() == [picker_texts.OWN_WORD_TOO_LONG.format(limit=MAX_OWN_WORD)]
    await ana.send("z" * MAX_OWN_WORD)
    assert ana.replies()[0].startswith("Z" + "z" * (MAX_OWN_WORD - 1) + ". Thank you")


async def test_forged_and_unknown_buttons_get_a_kind_reask(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/feel")
    query = await ana.tap_data("feel:q:zz")
    assert harness.telegram.callback_answer(query) == {"text": common.STALE_BUTTON_TOAST}
    assert ana.last_text().startswith("How are you feeling")
    await ana.tap(QUADRANT_LABELS[Quadrant.PLEASANT_CALM])
    for forged in ("feel:w:no_such_word", "feel:o:zz"):
        await ana.tap_data(forged)
        assert ana.replies(), forged
        assert ana.buttons() != []  # a keyboard to carry on with
    # The last one led back to the four areas.
    assert ana.last_text().startswith("How are you feeling")
    await ana.tap(QUADRANT_LABELS[Quadrant.PLEASANT_CALM])
    query = await ana.tap_data("feel:w:no_such_word")
    assert harness.telegram.callback_answer(query) == {"text": common.STALE_BUTTON_TOAST}
    assert ana.last_text().startswith(QUADRANT_LABELS[Quadrant.PLEASANT_CALM])
    await ana.tap_data("feel:p:pc:x")
    assert ana.last_text().startswith("How are you feeling")
    await ana.tap(QUADRANT_LABELS[Quadrant.PLEASANT_CALM])
    await ana.tap_data("feel:p:pc:99")  # out of range: the last page
    assert ana.buttons()[-2:] == [picker_texts.BACK, picker_texts.NONE_OF_THESE]
    assert picker_texts.MORE not in ana.buttons()
    assert await harness.store.entries.count(ana.user_id) == 0


def test_rows_hold_as_many_words_as_a_phone_shows_in_full() -> None:
    for q in Quadrant:
        for page in range(page_count(q)):
            keyboard = word_keyboard(keyboards.PICKER_PAYLOADS, q, page)
            for row in keyboard.inline_keyboard[:-2]:  # the words, not Back/More/None
                labels = [button.text for button in row]
                assert len(labels) <= 3 and max(map(len, labels)) * len(labels) <= 33, labels


def test_payloads_fit_telegrams_limit() -> None:
    p = keyboards.PICKER_PAYLOADS
    packed = [p.back().pack()]
    for q in Quadrant:
        packed += [p.quadrant(q.value).pack(), p.own(q.value).pack()]
        packed += [p.page(q.value, n).pack() for n in range(4)]
    packed += [p.word(f.key).pack() for f in FEELINGS]
    assert all(len(data.encode()) <= 64 and data.isascii() for data in packed)
    assert len(set(packed)) == len(packed)


TRY_PAYLOADS = feeling_payloads("try")


class _Try(StrEnum):
    AREA = "try.area"
    WORD = "try.word"
    OWN = "try.own"


async def test_another_flow_can_take_a_typed_word_at_the_first_step(
    harness: Harness, ana: FakeUser
) -> None:
    """With allow_typed_at_start, an unknown word at the first step is theirs, area unknown."""
    picked: list[PickedFeeling] = []

    async def on_picked(update: Update, context: BotContext, feeling: PickedFeeling) -> int:
        picked.append(feeling)
        await say(update, "got it")
        return ConversationHandler.END

    chooser = FeelingPicker(
        TRY_PAYLOADS,
        quadrant_state=_Try.AREA,
        word_state=_Try.WORD,
        own_word_state=_Try.OWN,
        on_picked=on_picked,
        question="What was underneath?",
        allow_typed_at_start=True,
    )
    with warnings.catch_warnings():
        # The same per_message=False mix of buttons and text as every flow (see bot/app.py).
        warnings.filterwarnings("ignore", message=r".*per_message=False", category=PTBUserWarning)
        conversation = ConversationHandler(
            entry_points=[CommandHandler("try", chooser.ask)],
            states=chooser.states(),
            fallbacks=[],
            name="try",
            per_message=False,
        )
    assert harness.app is not None
    harness.app.handlers[0].insert(0, conversation)  # ahead of the catch-alls, test only

    await ana.send("/try")
    assert ana.last_text().startswith("What was underneath?\n\n")
    await ana.send("  a bit wobbly ")
    assert picked[-1] == PickedFeeling("a bit wobbly", None, None, None)
    await ana.send("/try")
    await ana.send("Content")
    content = feeling_by_key("content")
    assert content is not None
    assert picked[-1] == PickedFeeling("content", "content", "pc", content.definition)
    await ana.send("/try")
    await ana.send("w" * (MAX_OWN_WORD + 1))
    assert ana.replies()[0] == picker_texts.OWN_WORD_TOO_LONG.format(limit=MAX_OWN_WORD)
    await ana.tap(QUADRANT_LABELS[Quadrant.UNPLEASANT_LOW])
    await ana.send("heavy-hearted")
    assert picked[-1] == PickedFeeling("heavy-hearted", None, "uc", None)
    assert chooser.quadrant_key == "try_picker_q"
    assert "try_picker_q" not in harness.app.user_data.get(ana.user_id, {})
    assert await harness.store.entries.count(ana.user_id) == 0
