"""`/feel`: what a person sees while naming a feeling, and what the database holds afterwards."""

from __future__ import annotations

from datetime import date

from bot.content.feelings import QUADRANT_LABELS, Quadrant, feeling_by_key
from bot.safety import GROUNDING_LABEL
from bot.safety import texts as safety_texts
from bot.safety.grounding import EXERCISES
from bot.store.entries import Feeling
from conversations.common import texts as common
from conversations.feel import texts
from conversations.pickers import feeling_texts as picker_texts
from conversations.reframe import texts as reframe_texts
from fake_telegram import FakeUser
from tests.conftest import NOW, Harness, onboard

INTENSITY_BUTTONS = [str(n) for n in range(1, 11)]
STIRRED = QUADRANT_LABELS[Quadrant.UNPLEASANT_STIRRED]
LOW = QUADRANT_LABELS[Quadrant.UNPLEASANT_LOW]
CALM = QUADRANT_LABELS[Quadrant.PLEASANT_CALM]
ENERGISED = QUADRANT_LABELS[Quadrant.PLEASANT_ENERGISED]
OFFER_BUTTONS = [GROUNDING_LABEL, reframe_texts.MENU_LABEL, texts.NO_THANKS]


async def _count(harness: Harness, table: str) -> int:
    row = await harness.store.db.fetch_one(f"SELECT count(*) FROM {table}")
    assert row is not None
    return int(row[0])


async def _feelings(harness: Harness, ana: FakeUser) -> list[Feeling]:
    entries = await harness.store.entries.all_of(ana.user_id)
    return [e for e in entries if isinstance(e, Feeling)]


async def _nothing_left_behind(harness: Harness) -> None:
    assert harness.app is not None
    await harness.app.update_persistence()
    assert await _count(harness, "feelings") == 0
    assert await _count(harness, "user_drafts") == 0
    assert await _count(harness, "conversation_states") == 0


async def _feel(ana: FakeUser, area: str, word: str, intensity: str) -> None:
    await ana.send("/feel")
    await ana.tap(area)
    await ana.tap(word)
    await ana.tap(intensity)


async def test_not_set_up_yet(harness: Harness, ana: FakeUser) -> None:
    await ana.send("/feel")
    assert ana.replies() == [common.NOT_SET_UP]
    await ana.tap_data("menu:feel")
    assert ana.replies() == [common.NOT_SET_UP]
    await ana.tap_data("feel:w:calm")
    assert ana.replies() == [common.NOT_SET_UP]
    await _nothing_left_behind(harness)


async def test_a_picked_word_from_start_to_saved(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/feel")
    assert ana.replies()[0].startswith("How are you feeling right now?")
    await ana.tap(STIRRED)
    assert ana.replies() == [
        f"{STIRRED}\nWhich word comes closest? If none of them fits, tap “None of these” and "
        "say it your way."
    ]
    await ana.tap("Anxious")
    (named,) = ana.replies()
    anxious = feeling_by_key("anxious")
    assert anxious is not None
    assert named == f"Anxious: {anxious.definition}\n\n{texts.ASK_INTENSITY}"
    assert ana.buttons() == INTENSITY_BUTTONS
    await ana.tap("8")
    assert ana.replies() == [
        "Where do you notice it in your body, if anywhere? A few words are plenty, like "
        "tight chest or warm face. Or skip this one."
    ]
    assert ana.buttons() == [texts.SKIP]
    await ana.send("tight chest")
    assert ana.replies() == [texts.ASK_ABOUT]
    await ana.send("the meeting tomorrow")
    reflection, offer = ana.replies()
    assert reflection == (
        "Saved ✓ Anxious, 8 out of 10.\n"
        f"{anxious.definition}\n"
        "\n"
        "In your body: tight chest\n"
        "About: the meeting tomorrow\n"
        "\n"
        f"{texts.WARM_UNPLEASANT}"
    )
    assert offer == texts.OFFER and ana.buttons() == OFFER_BUTTONS

    (row,) = await _feelings(harness, ana)
    assert (row.word, row.feeling_key, row.quadrant, row.intensity) == (
        "anxious",
        "anxious",
        "ue",
        8,
    )
    assert (row.body, row.about) == ("tight chest", "the meeting tomorrow")
    assert (row.created_at, row.local_date) == (NOW, date(2026, 11, 22))
    assert harness.app is not None
    await harness.app.update_persistence()
    assert await _count(harness, "user_drafts") == 0
    assert await _count(harness, "conversation_states") == 0


async def test_their_own_word_with_both_steps_skipped(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/feel")
    await ana.tap(CALM)
    await ana.tap(picker_texts.NONE_OF_THESE)
    await ana.send("quietly okay.")
    assert ana.replies() == [
        f"Quietly okay. Thank you for putting it in your own words.\n\n{texts.ASK_INTENSITY}"
    ]
    await ana.send("4")
    await ana.tap(texts.SKIP)
    assert ana.replies() == [texts.ASK_ABOUT]
    await ana.tap(texts.SKIP)
    (reflection,) = ana.replies()  # pleasant: no offer
    assert reflection == f"Saved ✓ Quietly okay, 4 out of 10.\n\n{texts.WARM_PLEASANT}"
    (row,) = await _feelings(harness, ana)
    assert (row.word, row.feeling_key, row.quadrant, row.intensity) == (
        "quietly okay",
        None,
        "pc",
        4,
    )
    assert (row.body, row.about) == (None, None)


async def test_paging_to_a_word_on_a_later_page(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/feel")
    await ana.tap(LOW)
    assert "Hopeless" not in ana.buttons()
    await ana.tap(picker_texts.MORE)
    await ana.tap(picker_texts.MORE)
    assert "Hopeless" in ana.buttons() and picker_texts.MORE not in ana.buttons()
    await ana.tap("Hopeless")
    assert "a feeling, not a fact" in ana.replies()[0]
    await ana.tap("3")
    await ana.tap(texts.SKIP)
    await ana.tap(texts.SKIP)
    (row,) = await _feelings(harness, ana)
    assert (row.feeling_key, row.quadrant, row.intensity) == ("hopeless", "uc", 3)


async def test_intensity_must_be_a_whole_number_from_one_to_ten(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    await ana.send("/feel")
    await ana.tap(CALM)
    await ana.tap("Relaxed")
    for typed in ("0", "11", "seven", "7.5", "-3", "x" * 5000, "<b>9</b>"):
        await ana.send(typed)
        assert ana.replies() == [
            "I need a whole number from 1 to 10 here, like 4.",
            texts.ASK_INTENSITY,
        ], typed
        assert ana.buttons() == INTENSITY_BUTTONS
    for act in (ana.send_sticker(), ana.send_photo()):
        await act
        assert ana.replies() == [common.TEXT_ONLY, texts.ASK_INTENSITY]
    await ana.tap_data("feel:i:11")
    assert ana.replies()[0].startswith("I need a whole number")
    await ana.send(" 10/10 ")
    assert ana.replies()[0].startswith("Where do you notice it")
    await ana.tap(texts.SKIP)
    await ana.tap(texts.SKIP)
    (row,) = await _feelings(harness, ana)
    assert row.intensity == 10


async def test_long_and_html_looking_text_is_kept_as_typed_and_shown_safely(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    await ana.send("/feel")
    await ana.tap(LOW)
    await ana.tap(picker_texts.NONE_OF_THESE)
    await ana.send("<i>meh</i> & <3")
    assert ana.replies()[0].startswith("<i>meh</i> & <3. Thank you")
    await ana.tap("9")
    await ana.send("b" * 5000)
    assert ana.replies() == [texts.TRIMMED.format(limit=300), texts.ASK_ABOUT]
    await ana.send("<b>x</b> & <3")
    reflection, offer = ana.replies()
    assert reflection.startswith("Saved ✓ <i>meh</i> & <3, 9 out of 10.")
    assert "About: <b>x</b> & <3" in reflection
    assert offer == texts.OFFER
    (row,) = await _feelings(harness, ana)
    assert (row.word, row.body, row.about) == ("<i>meh</i> & <3", "b" * 300, "<b>x</b> & <3")

    await ana.send("/feel")
    await ana.send("calm")
    await ana.tap("2")
    await ana.send("<b>x</b> & <3")
    await ana.send("a" * 5000)
    note, reflection = ana.replies()
    assert note == texts.TRIMMED.format(limit=1000)
    assert "In your body: <b>x</b> & <3" in reflection and "a" * 1000 in reflection
    rows = await _feelings(harness, ana)
    assert (rows[-1].body, rows[-1].about) == ("<b>x</b> & <3", "a" * 1000)


async def test_grounding_and_reframe_are_offered_only_for_heavy_unpleasant_feelings(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    cases = [
        (STIRRED, "Overwhelmed", "7", True),
        (LOW, "Lonely", "10", True),
        (LOW, "Hurt", "6", False),
        (ENERGISED, "Excited", "9", False),
        (CALM, "Calm", "10", False),
    ]
    for area, word, intensity, offered in cases:
        await _feel(ana, area, word, intensity)
        await ana.tap(texts.SKIP)
        await ana.tap(texts.SKIP)
        replies = ana.replies()
        assert (texts.OFFER in replies) is offered, (word, intensity)
        if offered:
            assert replies[-1] == texts.OFFER and ana.buttons() == OFFER_BUTTONS
            reframe = ana.last_message().buttons[1][0]
            assert reframe.callback_data == "menu:reframe"
            await ana.tap(texts.NO_THANKS)
            assert ana.replies() == [texts.NO_THANKS_REPLY]
    assert len(await _feelings(harness, ana)) == len(cases)


async def test_the_grounding_exercise_works_now_and_after_a_restart(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    await _feel(ana, STIRRED, "Tense", "9")
    await ana.tap(texts.SKIP)
    await ana.tap(texts.SKIP)
    offer_id = ana.last_message().message_id
    await ana.tap(GROUNDING_LABEL)
    assert ana.replies() == [safety_texts.CHOOSE_EXERCISE]
    assert ana.buttons() == [exercise.label for exercise in EXERCISES]

    # The same offer after a restart (the keyboard is gone, but an old tap may still arrive).
    await harness.restart()
    query = await ana.tap_data("feel:g:go", offer_id)
    assert harness.telegram.callback_answer(query) is not None
    assert ana.replies() == [safety_texts.CHOOSE_EXERCISE]

    # And a fresh one, tapped by its label after a restart.
    await _feel(ana, LOW, "Defeated", "7")
    await ana.tap(texts.SKIP)
    await ana.tap(texts.SKIP)
    await harness.restart()
    await ana.tap(GROUNDING_LABEL)
    assert ana.replies()[-1] == safety_texts.CHOOSE_EXERCISE
    assert len(await _feelings(harness, ana)) == 2


async def test_deep_hopelessness_points_to_the_helplines(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/feel")
    await ana.send("hopeless")  # a word of its own, typed
    await ana.tap("8")
    await ana.tap(texts.SKIP)
    await ana.tap(texts.SKIP)
    offer = ana.replies()[-1]
    assert offer == texts.OFFER_HOPELESS
    assert "/sos" in offer and "helplines" in offer and "/help" not in offer
    assert ana.buttons() == OFFER_BUTTONS
    await ana.send("/feel")
    await ana.send("hopeless")
    await ana.tap("7")
    await ana.tap(texts.SKIP)
    await ana.tap(texts.SKIP)
    assert ana.replies()[-1] == texts.OFFER


async def test_cancel_from_every_step_keeps_nothing(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    steps = [
        [],  # the four areas
        [f"tap:{STIRRED}"],  # the words
        ["tap:More ▸"],  # a later page
        [f"tap:{picker_texts.NONE_OF_THESE}"],  # their own word
        ["jittery"],  # intensity
        ["tap:6"],  # body
        ["tense jaw"],  # about
    ]
    done: list[str] = []
    for extra in steps:
        done += extra
        await ana.send("/feel")
        for action in done:
            if action.startswith("tap:"):
                await ana.tap(action[4:])
            else:
                await ana.send(action)
        await ana.send("/cancel")
        assert ana.replies() == [common.CANCELLED], done
        await _nothing_left_behind(harness)


async def test_bad_input_at_every_step_gets_a_kind_answer_and_the_same_question(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    await ana.send("/feel")
    # The four areas: buttons, or a known word.
    for act in (ana.send_sticker(), ana.send_photo(), ana.send_voice()):
        await act
        note, again = ana.replies()
        assert note == common.TEXT_ONLY and again.startswith("How are you feeling")
    await ana.send("x" * 5000)
    note, again = ana.replies()
    assert note == picker_texts.OWN_WORD_TOO_LONG.format(limit=40)
    assert again.startswith("How are you feeling")
    await ana.send("I dunno")  # not sure: help finding a word
    assert ana.replies() == [picker_texts.ASK_ENERGY]
    await ana.tap(picker_texts.BACK)
    assert ana.replies()[0].startswith("How are you feeling")
    await ana.send("/frobnicate")
    assert ana.replies() == [common.BUSY_COMMAND]
    await ana.tap(STIRRED)

    # The words.
    for act in (ana.send_sticker(), ana.send_photo()):
        await act
        note, again = ana.replies()
        assert note == common.TEXT_ONLY and again.startswith(STIRRED)
        assert "Anxious" in ana.buttons()
    await ana.send("x" * 5000)
    assert ana.replies() == [picker_texts.OWN_WORD_TOO_LONG.format(limit=40)]
    await ana.tap(picker_texts.NONE_OF_THESE)

    # Their own word.
    for act in (ana.send_sticker(), ana.send_document()):
        await act
        assert ana.replies() == [common.TEXT_ONLY, picker_texts.ASK_OWN_WORD]
    await ana.send("x" * 5000)
    assert ana.replies() == [picker_texts.OWN_WORD_TOO_LONG.format(limit=40)]
    await ana.send("prickly")

    # Intensity (more in the test above).
    await ana.send("a lot")
    assert ana.replies()[0].startswith("I need a whole number")
    await ana.tap_data("feel:s:body")  # a button from another step
    assert ana.replies() == [texts.ASK_INTENSITY]
    await ana.tap("7")

    # Where in the body.
    for act in (ana.send_sticker(), ana.send_photo()):
        await act
        note, again = ana.replies()
        assert note == common.TEXT_ONLY and again.startswith("Where do you notice it")
    await ana.tap_data("feel:s:about")  # not this step's Skip
    assert ana.replies()[0].startswith("Where do you notice it")
    await ana.tap_data("feel:i:3")
    assert ana.replies()[0].startswith("Where do you notice it")
    await ana.send("shoulders")

    # What it is about.
    for act in (ana.send_sticker(), ana.send_voice()):
        await act
        assert ana.replies() == [common.TEXT_ONLY, texts.ASK_ABOUT]
    await ana.tap_data("feel:s:body")
    assert ana.replies() == [texts.ASK_ABOUT]
    await ana.send("/help")
    assert ana.replies()[0].startswith("Small Steps helps you notice")
    await ana.send("x" * 5000)
    assert ana.replies()[0] == texts.TRIMMED.format(limit=1000)
    (row,) = await _feelings(harness, ana)
    assert (row.word, row.quadrant, row.intensity, row.body) == ("prickly", "ue", 7, "shoulders")
    assert row.about == "x" * 1000


async def test_a_stale_feel_button_after_a_restart_starts_afresh(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    await ana.send("/feel")
    await ana.tap(CALM)
    await ana.send("/cancel")
    await harness.restart()
    query = await ana.tap_data("feel:w:calm")
    assert harness.telegram.callback_answer(query) == {"text": common.STALE_BUTTON_TOAST}
    starting, question = ana.replies()
    assert starting == texts.STARTING_AGAIN and question.startswith("How are you feeling")
    await ana.tap(CALM)
    await ana.tap("Content")
    await ana.tap("5")
    await ana.tap(texts.SKIP)
    await ana.tap(texts.SKIP)
    (row,) = await _feelings(harness, ana)
    assert row.feeling_key == "content"


async def test_a_restart_mid_flow_keeps_the_earlier_answers(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    await _feel(ana, STIRRED, "Stressed", "9")
    await harness.restart()
    await ana.send("clenched fists")
    await harness.restart()
    await ana.tap(texts.SKIP)
    (row,) = await _feelings(harness, ana)
    assert (row.feeling_key, row.quadrant, row.intensity, row.body, row.about) == (
        "stressed",
        "ue",
        9,
        "clenched fists",
        None,
    )
    # Mid-way through choosing a word, too.
    await ana.send("/feel")
    await ana.tap(LOW)
    await ana.tap(picker_texts.MORE)
    await harness.restart()
    await ana.send("wistful")
    assert ana.replies()[0].startswith("Wistful. Thank you")
    await ana.tap("2")
    await ana.tap(texts.SKIP)
    await ana.tap(texts.SKIP)
    rows = await _feelings(harness, ana)
    assert (rows[-1].word, rows[-1].quadrant) == ("wistful", "uc")


async def test_name_a_feeling_from_the_menu(ana: FakeUser) -> None:
    await onboard(ana)  # ends with the menu
    await ana.tap(texts.MENU_LABEL)
    assert ana.replies()[0].startswith("How are you feeling right now?")


async def test_feel_or_the_menu_button_mid_flow_starts_afresh(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    await _feel(ana, STIRRED, "Restless", "5")
    await ana.send("/feel")
    assert ana.replies()[0].startswith("How are you feeling")
    await ana.tap(LOW)
    await ana.tap_data("menu:feel")
    assert ana.replies()[0].startswith("How are you feeling")
    await ana.send("bored")
    await ana.tap("1")
    await ana.tap(texts.SKIP)
    await ana.tap(texts.SKIP)
    (row,) = await _feelings(harness, ana)
    assert (row.feeling_key, row.intensity) == ("bored", 1)


async def test_each_feel_is_its_own_entry_and_a_double_tap_saves_once(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    await _feel(ana, CALM, "Mellow", "6")
    await ana.tap(texts.SKIP)
    skip_about = ana.last_message().message_id
    await ana.tap(texts.SKIP)
    await ana.tap_data("feel:s:about", skip_about)  # the same Skip again, after saving
    assert len(await _feelings(harness, ana)) == 1
    await _feel(ana, CALM, "Mellow", "6")
    await ana.tap(texts.SKIP)
    await ana.tap(texts.SKIP)
    assert len(await _feelings(harness, ana)) == 2


async def test_a_lost_draft_mid_flow_starts_the_word_again_kindly(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    await _feel(ana, CALM, "Serene", "3")
    assert harness.app is not None
    harness.app.user_data[ana.user_id].pop("feel_word")  # as if the draft had gone missing
    await ana.tap(texts.SKIP)
    await ana.send("a long walk")
    lost, question = ana.replies()
    assert lost == texts.LOST_TRACK and question.startswith("How are you feeling")
    assert await _feelings(harness, ana) == []
    await ana.send("serene")
    await ana.tap("3")
    await ana.tap(texts.SKIP)
    await ana.send("a long walk")
    (row,) = await _feelings(harness, ana)
    assert (row.feeling_key, row.about) == ("serene", "a long walk")


async def test_a_typed_word_looks_the_same_in_the_confirmation_history_and_digest(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    await ana.send("/feel")
    await ana.tap(LOW)
    await ana.send("wistful.")
    assert ana.replies()[0].startswith("Wistful. Thank you")
    await ana.tap("3")
    await ana.tap(texts.SKIP)
    await ana.tap(texts.SKIP)
    assert ana.replies()[0].startswith("Saved ✓ Wistful, 3 out of 10.")
    await ana.send("/history")
    assert "🎨 Named a feeling: Wistful (3/10)" in ana.replies()[0]
    await ana.send("/digest")
    assert "Wistful" in ana.replies()[-1] and "wistful" not in ana.replies()[-1]
    (saved,) = await _feelings(harness, ana)
    assert saved.word == "wistful"  # kept as typed, without the full stop
