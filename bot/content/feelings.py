"""Feeling words for the "name your feeling" flow: pick a quadrant, then a precise word."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Quadrant(StrEnum):
    """Four areas of feeling: pleasant or unpleasant, with more or less energy."""

    PLEASANT_ENERGISED = "pe"
    PLEASANT_CALM = "pc"
    UNPLEASANT_STIRRED = "ue"
    UNPLEASANT_LOW = "uc"


QUADRANT_LABELS: dict[Quadrant, str] = {
    Quadrant.PLEASANT_ENERGISED: "Pleasant, energised ✨",
    Quadrant.PLEASANT_CALM: "Pleasant, calm 🌿",
    Quadrant.UNPLEASANT_STIRRED: "Unpleasant, stirred up 🌩",
    Quadrant.UNPLEASANT_LOW: "Unpleasant, low 🌧",
}

QUADRANT_DESCRIPTIONS: dict[Quadrant, str] = {
    Quadrant.PLEASANT_ENERGISED: "Good feelings with a buzz, like excitement, pride or joy.",
    Quadrant.PLEASANT_CALM: "Good feelings that are quiet, like calm, safety or gratitude.",
    Quadrant.UNPLEASANT_STIRRED: "Hard feelings with a charge, like worry, anger or stress.",
    Quadrant.UNPLEASANT_LOW: "Hard feelings that weigh you down, like sadness or loneliness.",
}


@dataclass(frozen=True, slots=True)
class Feeling:
    """One feeling word, its quadrant and a short definition to tell it from its neighbours."""

    key: str
    word: str
    quadrant: Quadrant
    definition: str


# Keys are stored and sent in button payloads: keep them stable even if a word is reworded.
_PLEASANT_ENERGISED: tuple[tuple[str, str, str], ...] = (
    ("happy", "happy", "A simple, glad lightness; things feel good right now."),
    ("excited", "excited", "Buzzing about something ahead of you, with energy pointed forward."),
    (
        "joyful",
        "joyful",
        "A bright, full-body gladness in the moment, bigger than just feeling fine.",
    ),
    ("proud", "proud", "A warm lift about something you did, or about who you were in a moment."),
    (
        "hopeful",
        "hopeful",
        "Believing something good is possible, even while things are still hard.",
    ),
    ("optimistic", "optimistic", "Expecting things to go fairly well overall, not just this once."),
    (
        "inspired",
        "inspired",
        "Sparked by an idea or a person, with an urge to make or try something.",
    ),
    ("enthusiastic", "enthusiastic", "Keen to throw yourself into something you care about."),
    ("playful", "playful", "Light, a bit silly and up for fun, not taking things so seriously."),
    ("curious", "curious", "A pleasant pull to find out more; interest rather than worry."),
    ("confident", "confident", "Trusting that you can handle this, with some energy behind it."),
    ("motivated", "motivated", "Ready to get going, with a clear reason pulling you forward."),
    ("elated", "elated", "Joy turned right up; a soaring, almost weightless high."),
    ("amazed", "amazed", "Struck by something wonderful or impressive; a wide-eyed wow."),
    ("eager", "eager", "Impatient in a good way, keen for something to begin."),
    ("delighted", "delighted", "Pleased and charmed by one particular thing that just happened."),
    ("energised", "energised", "Body and mind feel charged up and ready, whatever the reason."),
    ("cheerful", "cheerful", "Sunny and good-humoured; a lighter, steadier cousin of joy."),
    ("brave", "brave", "Facing something scary because it matters, with the fear still there."),
    (
        "determined",
        "determined",
        "Set on getting somewhere despite obstacles; firm, focused energy.",
    ),
    ("amused", "amused", "Something tickled you, and it makes you smile or laugh."),
    ("thrilled", "thrilled", "Excitement with a rush, as if something you wanted just came true."),
    ("focused", "focused", "Absorbed in one thing while distractions fade into the background."),
    (
        "surprised",
        "pleasantly surprised",
        "Caught off guard by something good you did not see coming.",
    ),
    ("empowered", "empowered", "Sensing you have a say in things and the strength to act on it."),
    ("alive", "alive", "Awake to the moment and fully present, with energy running through you."),
    ("passionate", "passionate", "Deeply fired up about something that means a lot to you."),
)

_PLEASANT_CALM: tuple[tuple[str, str, str], ...] = (
    ("calm", "calm", "Quiet inside, with nothing pulling at you hard right now."),
    ("peaceful", "peaceful", "A deeper stillness than calm, as if the inner noise has settled."),
    ("serene", "serene", "Calm with a spacious, almost glowing quality, like a still lake."),
    ("content", "content", "Not wanting anything to be different just now; this is enough."),
    ("satisfied", "satisfied", "Pleased with how something turned out, like a need that got met."),
    ("fulfilled", "fulfilled", "A deep sense that what you do or have done has meaning."),
    ("relaxed", "relaxed", "Tension has let go of your body; loose and unhurried."),
    ("mellow", "mellow", "Easy-going, with the sharp edges of the day softened."),
    ("carefree", "carefree", "Free of worries for a while, light and unbothered."),
    ("rested", "rested", "Your energy has been topped up by sleep or a proper break."),
    (
        "comfortable",
        "comfortable",
        "At home in your body or surroundings; nothing is rubbing you up.",
    ),
    ("cosy", "cosy", "Snug and sheltered, in a warm little bubble of comfort."),
    ("at_ease", "at ease", "Relaxed around people or a situation, without needing to perform."),
    ("safe", "safe", "Able to lower your guard because nothing here feels threatening."),
    ("secure", "secure", "Trusting that your footing, people or plans will hold over time."),
    ("grounded", "grounded", "Rooted in the present and in your body, hard to knock off course."),
    ("balanced", "balanced", "Steady inside, with no single feeling tipping you over."),
    ("relieved", "relieved", "A worry or weight has just lifted and you can breathe out."),
    (
        "grateful",
        "grateful",
        "Noticing something good you were given, and warming to it or to someone.",
    ),
    ("touched", "touched", "Moved by a kind act or moment, sometimes with a lump in your throat."),
    ("tender", "tender", "Soft and caring, often towards someone, with a gentle openness."),
    ("compassionate", "compassionate", "Warmth towards someone's pain and a wish to ease it."),
    ("loved", "loved", "Sensing that someone cares about you just as you are."),
    ("connected", "connected", "Close to others or part of something bigger; not on your own."),
    ("accepted", "accepted", "Welcomed as you are, without having to change to fit in."),
    ("trusting", "trusting", "Willing to rely on someone without bracing for a letdown."),
    ("reflective", "reflective", "In a quiet, thoughtful mood, turning things over gently."),
)

_UNPLEASANT_STIRRED: tuple[tuple[str, str, str], ...] = (
    ("anxious", "anxious", "A general unease about what might happen, with your body on alert."),
    ("worried", "worried", "Thoughts keep circling back to one thing that could go wrong."),
    ("nervous", "nervous", "Jittery about something specific coming up, like a talk or a meeting."),
    ("on_edge", "on edge", "Jumpy and watchful, as if something could go wrong any second."),
    ("tense", "tense", "Muscles and mind braced, as if waiting for a blow."),
    ("restless", "restless", "Unable to settle; an itchy urge to move or change something."),
    ("stressed", "stressed", "Stretched by demands, with too little time or energy to meet them."),
    (
        "pressured",
        "pressured",
        "Pushed by expectations, yours or others', to do more or do it now.",
    ),
    ("overwhelmed", "overwhelmed", "Too much at once; more than you can sort through or hold."),
    (
        "panicky",
        "panicky",
        "A sudden surge of fear, often with a racing heart and an urge to escape.",
    ),
    ("scared", "scared", "Sensing a threat right now and wanting to get somewhere safe."),
    ("terrified", "terrified", "Fear so strong it can freeze you or take over completely."),
    ("shocked", "shocked", "Jolted by something sudden and unwelcome that is hard to take in."),
    ("annoyed", "annoyed", "Bothered by one particular thing; milder and shorter than anger."),
    ("irritated", "irritated", "Small things keep grating on you, and the prickliness builds."),
    ("impatient", "impatient", "Wanting things to move faster than they are moving."),
    ("frustrated", "frustrated", "Blocked from something you want, again and again."),
    ("angry", "angry", "Hot energy saying something is unfair or a line was crossed."),
    ("furious", "furious", "Anger at full strength, so loud it is hard to think past it."),
    ("resentful", "resentful", "Anger that lingers, often about being treated unfairly over time."),
    ("defensive", "defensive", "Braced against blame or criticism, quick to push back."),
    ("jealous", "jealous", "Afraid of losing someone or something you have to another person."),
    ("envious", "envious", "Wanting what someone else has, and feeling its lack in your own life."),
    ("embarrassed", "embarrassed", "A hot, exposed feeling after an awkward moment others saw."),
    ("humiliated", "humiliated", "Made to feel small in front of others, with a sting that stays."),
    (
        "disgusted",
        "disgusted",
        "A strong turning away from something that feels wrong or repulsive.",
    ),
    ("confused", "confused", "Pulled in different directions, unsure what you feel or think yet."),
)

_UNPLEASANT_LOW: tuple[tuple[str, str, str], ...] = (
    ("sad", "sad", "A heavy, aching feeling about something lost or not as you hoped."),
    (
        "disappointed",
        "disappointed",
        "Something did not go the way you hoped, and it lands as a letdown.",
    ),
    (
        "discouraged",
        "discouraged",
        "Confidence has dipped after setbacks, so trying again feels harder.",
    ),
    ("defeated", "defeated", "Worn down after trying hard, as if the fight has gone out of you."),
    ("lonely", "lonely", "Wanting closeness that is not there right now, even around people."),
    (
        "left_out",
        "left out",
        "Not included by others, and feeling the gap where you could have been.",
    ),
    ("rejected", "rejected", "Turned away by someone, and taking it to heart."),
    (
        "misunderstood",
        "misunderstood",
        "Others are not seeing what you mean or who you really are.",
    ),
    ("hurt", "hurt", "Stung by someone's words or actions, especially someone who matters."),
    ("heartbroken", "heartbroken", "Deep pain after losing love or closeness with someone."),
    (
        "grieving",
        "grieving",
        "Mourning a loss: a person, a relationship, a hope or a part of life.",
    ),
    ("homesick", "homesick", "Missing a place, people or time that felt like home."),
    ("melancholy", "melancholy", "A quiet, wistful sadness that lingers without a clear cause."),
    ("guilty", "guilty", "Uneasy about something you did that went against your own values."),
    (
        "regretful",
        "regretful",
        "Wishing you had chosen differently, even if nothing wrong was done.",
    ),
    ("ashamed", "ashamed", "Feeling that you are the problem, rather than something you did."),
    ("insecure", "insecure", "Unsure of your worth or place, doubting if you are good enough."),
    ("vulnerable", "vulnerable", "Open and exposed, as if you could easily be hurt right now."),
    ("tired", "tired", "Low on energy and ready for some rest."),
    ("drained", "drained", "Your energy has been used up, often by people or demands."),
    ("exhausted", "exhausted", "Tired deep in body and mind, beyond what one good night can fix."),
    ("bored", "bored", "Nothing catches your interest, so time drags and energy sinks."),
    ("apathetic", "apathetic", "Hard to care about things that usually matter to you."),
    ("empty", "empty", "A hollow space inside, as if something that used to be there is gone."),
    ("numb", "numb", "Feelings seem switched off or far away; flat and hard to reach."),
    ("helpless", "helpless", "Sensing there is nothing you can do to change what is happening."),
    (
        "hopeless",
        "hopeless",
        "Hard to picture things getting better; heavy, and a feeling, not a fact.",
    ),
)


def _build(quadrant: Quadrant, rows: tuple[tuple[str, str, str], ...]) -> tuple[Feeling, ...]:
    """Turn compact rows into Feeling objects for one quadrant."""
    return tuple(Feeling(key, word, quadrant, definition) for key, word, definition in rows)


FEELINGS: tuple[Feeling, ...] = (
    _build(Quadrant.PLEASANT_ENERGISED, _PLEASANT_ENERGISED)
    + _build(Quadrant.PLEASANT_CALM, _PLEASANT_CALM)
    + _build(Quadrant.UNPLEASANT_STIRRED, _UNPLEASANT_STIRRED)
    + _build(Quadrant.UNPLEASANT_LOW, _UNPLEASANT_LOW)
)

_BY_KEY: dict[str, Feeling] = {feeling.key: feeling for feeling in FEELINGS}
_BY_QUADRANT: dict[Quadrant, tuple[Feeling, ...]] = {
    quadrant: tuple(f for f in FEELINGS if f.quadrant is quadrant) for quadrant in Quadrant
}


# Words people type for a feeling in the list: other forms of it ("grief" for grieving) and
# near words ("afraid" for scared). Keys as `FEELINGS`' keys; typed words folded to lower case.
NEAR_WORDS: dict[str, str] = {
    "afraid": "scared",
    "fear": "scared",
    "fearful": "scared",
    "frightened": "scared",
    "grief": "grieving",
    "grieve": "grieving",
    "mourning": "grieving",
    "glad": "happy",
    "happiness": "happy",
    "joy": "joyful",
    "pride": "proud",
    "hope": "hopeful",
    "excitement": "excited",
    "curiosity": "curious",
    "energized": "energised",
    "calmness": "calm",
    "peace": "peaceful",
    "at peace": "peaceful",
    "chill": "relaxed",
    "cozy": "cosy",
    "gratitude": "grateful",
    "thankful": "grateful",
    "relief": "relieved",
    "love": "loved",
    "anxiety": "anxious",
    "worry": "worried",
    "nervousness": "nervous",
    "tension": "tense",
    "stress": "stressed",
    "overwhelm": "overwhelmed",
    "panic": "panicky",
    "annoyance": "annoyed",
    "irritation": "irritated",
    "impatience": "impatient",
    "frustration": "frustrated",
    "anger": "angry",
    "mad": "angry",
    "rage": "furious",
    "resentment": "resentful",
    "jealousy": "jealous",
    "envy": "envious",
    "embarrassment": "embarrassed",
    "disgust": "disgusted",
    "confusion": "confused",
    "puzzled": "confused",
    "mixed up": "confused",
    "sadness": "sad",
    "unhappy": "sad",
    "down": "sad",
    "blue": "sad",
    "disappointment": "disappointed",
    "loneliness": "lonely",
    "alone": "lonely",
    "heartbreak": "heartbroken",
    "homesickness": "homesick",
    "melancholic": "melancholy",
    "guilt": "guilty",
    "regret": "regretful",
    "shame": "ashamed",
    "tiredness": "tired",
    "sleepy": "tired",
    "worn out": "drained",
    "burnt out": "drained",
    "burned out": "drained",
    "exhaustion": "exhausted",
    "boredom": "bored",
    "emptiness": "empty",
    "helplessness": "helpless",
    "hopelessness": "hopeless",
}

# Words from both sides, for "I'm not sure" when pleasant or unpleasant is hard to tell.
MIXED_WORDS: dict[bool, tuple[str, ...]] = {
    True: ("confused", "restless", "surprised", "on_edge", "curious", "tense"),
    False: ("reflective", "melancholy", "tired", "numb", "tender", "empty"),
}


def shown_word(word: str) -> str:
    """A feeling word the way every message shows it, listed or typed: `at ease` → `At ease`.
    The confirmation, history and digest all use this, so a word always looks the same."""
    return word[:1].upper() + word[1:]


def feelings_in(q: Quadrant) -> tuple[Feeling, ...]:
    """Return the feelings of one quadrant, in display order."""
    return _BY_QUADRANT[Quadrant(q)]


def feeling_by_key(key: str) -> Feeling | None:
    """Return the feeling with this key, or None if there is none."""
    return _BY_KEY.get(key)
