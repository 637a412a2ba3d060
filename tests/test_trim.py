"""Long answers are cut at a word boundary, and the questions that invite them say the limit."""

from __future__ import annotations

from conversations.common.trim import cut_at_word
from conversations.feel import flow as feel_flow
from conversations.feel import texts as feel_texts
from conversations.reframe import flow as reframe_flow
from conversations.reframe import texts as reframe_texts


def test_a_long_answer_is_cut_after_the_last_whole_word() -> None:
    assert cut_at_word("  short  ", 10) == ("short", False)
    words = "alpha beta gamma delta"
    assert cut_at_word(words, 20) == ("alpha beta gamma", True)
    assert cut_at_word(words, 16) == ("alpha beta gamma", True)  # the cut falls on a space
    assert cut_at_word(words, 17) == ("alpha beta gamma", True)


def test_one_very_long_word_is_cut_at_the_limit() -> None:
    link = "https://example.org/" + "a" * 2000
    assert cut_at_word(link, 1000) == (link[:1000], True)
    # A last word that would lose more than a fifth of the text is cut, not dropped.
    assert cut_at_word("hi " + "x" * 50, 20) == (("hi " + "x" * 50)[:20], True)


def test_the_questions_that_invite_long_answers_say_the_limit() -> None:
    assert feel_flow.MAX_ABOUT == 1000 and "up to 1,000 characters" in feel_texts.ASK_ABOUT
    assert reframe_flow.MAX_ANSWER == 1000
    assert "up to 1,000 characters" in reframe_texts.ASK_FRIEND
