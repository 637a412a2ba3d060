"""Short daily reflection questions, each leading into one of the bot's flows."""

from __future__ import annotations

from dataclasses import dataclass

LEADS_TO: tuple[str, ...] = ("win", "feel", "reframe", "reflect")


@dataclass(frozen=True, slots=True)
class DailyQuestion:
    """One daily question and the flow it leads into ("win", "feel", "reframe" or "reflect")."""

    key: str
    text: str
    leads_to: str


# Keys are stored as "previous question": keep them stable even if a text is reworded.
DAILY_QUESTIONS: tuple[DailyQuestion, ...] = (
    # Small wins.
    DailyQuestion(
        "win_easier",
        "What's one small thing you did today that would have been harder a while ago?",
        "win",
    ),
    DailyQuestion(
        "win_pause",
        "Was there a moment today when you paused before reacting, even for a second?",
        "win",
    ),
    DailyQuestion(
        "win_boundary", "Did you say no, or ask for what you needed, anywhere today?", "win"
    ),
    DailyQuestion("win_hard_day", "If today was heavy, what did you still manage to do?", "win"),
    DailyQuestion(
        "win_coping", "What helped you through a difficult moment this week, even a little?", "win"
    ),
    DailyQuestion("win_pattern", "Did you catch an old habit or pattern in action today?", "win"),
    DailyQuestion("win_connect", "Who did you connect with today, even briefly?", "win"),
    DailyQuestion("win_tiny", "What tiny step did you take this week that deserves a nod?", "win"),
    DailyQuestion(
        "win_faster",
        "Has something that used to bother you for hours passed a little faster lately?",
        "win",
    ),
    # Naming a feeling.
    DailyQuestion(
        "feel_now", "If you had to name one feeling you're carrying right now, what is it?", "feel"
    ),
    DailyQuestion("feel_strongest", "What was the strongest feeling of your day?", "feel"),
    DailyQuestion(
        "feel_avoid", "Is there a feeling you've been keeping busy so you don't notice?", "feel"
    ),
    DailyQuestion(
        "feel_weather",
        "If your mood today were weather, what would it be? Let's find its name.",
        "feel",
    ),
    DailyQuestion("feel_surprise", "Did any feeling catch you by surprise today?", "feel"),
    DailyQuestion(
        "feel_morning", "How did you feel when you woke up, and has it shifted since?", "feel"
    ),
    DailyQuestion(
        "feel_under", "Under today's tiredness or irritation, is another feeling waiting?", "feel"
    ),
    DailyQuestion("feel_good", "What pleasant feeling did you have today, however brief?", "feel"),
    DailyQuestion("feel_body", "Where in your body do you notice today's mood?", "feel"),
    # Self-compassion reframe.
    DailyQuestion(
        "rf_critic", "Did your inner critic have something to say today? What was it?", "reframe"
    ),
    DailyQuestion("rf_replay", "Is there a moment from today you keep replaying?", "reframe"),
    DailyQuestion("rf_harsh", "Was there a moment you were hard on yourself today?", "reframe"),
    DailyQuestion(
        "rf_friend",
        "If a good friend had lived your day, what would you want them to hear?",
        "reframe",
    ),
    DailyQuestion(
        "rf_rule",
        "Is there a rule you've been holding yourself to that feels too tight today?",
        "reframe",
    ),
    DailyQuestion(
        "rf_compare", "Did you measure yourself against someone today? How did it land?", "reframe"
    ),
    DailyQuestion(
        "rf_enough", "Did a 'not good enough' thought show up today? Let's look at it.", "reframe"
    ),
    DailyQuestion(
        "rf_setback",
        "Did something feel like a step back today? We can look at it gently.",
        "reframe",
    ),
    DailyQuestion(
        "rf_blame",
        "Are you blaming yourself for something that might not be all on you?",
        "reframe",
    ),
    # Open reflection.
    DailyQuestion(
        "rl_learned", "What did you learn about yourself today, even something small?", "reflect"
    ),
    DailyQuestion(
        "rl_values", "What mattered to you today, and did you get to act on it?", "reflect"
    ),
    DailyQuestion(
        "rl_month", "Compared with a month ago, what feels even slightly different?", "reflect"
    ),
    DailyQuestion(
        "rl_session",
        "Since your last session or bit of self-work, what's stayed with you?",
        "reflect",
    ),
    DailyQuestion("rl_surprise", "What surprised you about yourself this week?", "reflect"),
    DailyQuestion("rl_energy", "What gave you energy today, and what took it away?", "reflect"),
    DailyQuestion("rl_glad", "What's one thing you're glad happened today?", "reflect"),
    DailyQuestion(
        "rl_unsaid", "Is there something you wish you'd said today? How would it sound?", "reflect"
    ),
    DailyQuestion(
        "rl_tomorrow", "What would a slightly gentler tomorrow look like for you?", "reflect"
    ),
)

_BY_FLOW: dict[str, tuple[DailyQuestion, ...]] = {
    flow: tuple(q for q in DAILY_QUESTIONS if q.leads_to == flow) for flow in LEADS_TO
}
_BY_KEY: dict[str, DailyQuestion] = {q.key: q for q in DAILY_QUESTIONS}


def question_by_key(key: str) -> DailyQuestion | None:
    """Return the daily question with this key, or None if there is none."""
    return _BY_KEY.get(key)


def question_for(day_index: int, previous_key: str | None) -> DailyQuestion:
    """Pick the day's question: flows rotate daily, never repeating the previous question."""
    flow = LEADS_TO[day_index % len(LEADS_TO)]
    pool = _BY_FLOW[flow]
    index = (day_index // len(LEADS_TO)) % len(pool)
    if pool[index].key == previous_key:
        index = (index + 1) % len(pool)
    return pool[index]
