"""Sort free text into three tiers: clear risk, possible risk, or nothing to ask about.

How it works, in four steps:

1. ``normalise`` folds the text into one predictable shape: NFKC, casefold, no zero-width
   characters, straight quotes, apostrophes dropped ("don't" -> "dont"), hyphens and slashes
   turned into spaces ("self-harm" -> "self harm"), leetspeak inside words undone ("k1ll" ->
   "kill", "d!e" -> "die"), letters repeated three or more times squeezed ("diiie" -> "die"),
   common misspellings corrected ("myslef" -> "myself", "sucide" -> "suicide") and whitespace
   collapsed to single spaces.
2. ``_IDIOMS`` masks known harmless phrases that overlap a risk phrase ("die of
   embarrassment", "cut myself a slice", "career suicide", "5 kms"). Masking a span instead
   of vetoing the whole message means "this deadline is killing me and I want to die" is
   still caught.
3. ``_CLEAR`` holds explicit intent, plans and acts in progress; ``_POSSIBLE`` is a much wider
   net (means and methods, self-harm in any tense, not feeling safe, being a burden, feeling
   trapped, goodbyes, passive wishes, hopelessness about living).
4. ``_RECOVERY`` recognises milestones and looking back ("two months without self-harm",
   "told my therapist about the suicidal thoughts", "used to cut"). A message that also reads
   as a recovery statement is never put in the clear tier: it gets the gentle question instead,
   which costs one tap and loses nothing.

Patterns are alternations of literals with only small bounded repeats (no unbounded nested
quantifiers), so matching stays linear in the length of the text (10,000 chars: ~50 ms).
The checker errs on the side of asking: a false alarm costs one tap, a miss costs far more.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

__all__ = ["Tier", "assess", "is_crisis", "is_recovery", "normalise", "typed_answer"]


class Tier(StrEnum):
    """How the safety net answers a message."""

    NONE = "none"  # nothing to ask about
    POSSIBLE = "possible"  # ask, gently, whether the person is safe right now
    CLEAR = "clear"  # helplines at once


# --- normalisation --------------------------------------------------------------------------

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"), None)
_QUOTES = str.maketrans(dict.fromkeys("\u2018\u2019\u201b\u02bc\u00b4\u2032`", "'"))
_DOUBLE_QUOTES = str.maketrans(dict.fromkeys("\u201c\u201d\u201e\u201f\u2033", '"'))
_APOSTROPHE = re.compile(r"'")
_JOINERS = re.compile(r"[-_/\\~|\u2010-\u2015]+")
_REPEATS = re.compile(r"([^\W\d_])\1{2,}")
_SPACES = re.compile(r"\s+")
# A word that mixes letters with digits or symbols standing in for letters ("k1ll", "d!e").
_LEET_WORD = re.compile(r"\b(?=[\w!@$*]*[a-z])(?=[\w!@$*]*[0-9!@$*])[a-z0-9!@$*]{2,}")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b",
                       "!": "i", "@": "a", "$": "s", "*": "i"})  # fmt: skip
# Misspellings seen in real messages, and a few spoken forms, mapped to the word the
# patterns use. Whole words only.
_TYPOS = {
    "myslef": "myself",
    "mysefl": "myself",
    "mysef": "myself",
    "myselff": "myself",
    "mself": "myself",
    "kil": "kill",
    "kiling": "killing",
    "wnat": "want",
    "wan": "want",
    "wnt": "want",
    "wanan": "wanna",
    "gona": "gonna",
    "dye": "die",
    "sucide": "suicide",
    "suicde": "suicide",
    "suiside": "suicide",
    "suicid": "suicide",
    "sucidal": "suicidal",
    "suicdal": "suicidal",
    "suicidle": "suicidal",
    "sucidle": "suicidal",
    "suisidal": "suicidal",
    "anymor": "anymore",
    "anymre": "anymore",
    "anymroe": "anymore",
    "lfie": "life",
    "liife": "life",
    "al": "all",
    "harn": "harm",
    "burdon": "burden",
    "burdern": "burden",
    "beter": "better",
    "wihtout": "without",
    "wthout": "without",
    "dont": "dont",
    "cant": "cant",
    "rn": "right now",
    "b": "be",
    "dissapear": "disappear",
    "disapear": "disappear",
    "dissappear": "disappear",
    "disappeer": "disappear",
    "dieing": "dying",
    "dyeing": "dying",
    "kys": "kys",
    "myslf": "myself",
    "lyf": "life",
    "wana": "wanna",
    "gunna": "gonna",
    "cuz": "because",
    "nite": "night",
    "tn": "tonight",
    "2nite": "tonight",
    "tonite": "tonight",
    "pls": "please",
    "u": "you",
    "ur": "your",
}
_WORD = re.compile(r"[a-z]+")
_WANT_TOO = re.compile(r"\b(want|wanted|need|going|ready|try|tried) too\b")


def _fix_word(match: re.Match[str]) -> str:
    word = match.group(0)
    return _TYPOS.get(word, word)


def normalise(text: str) -> str:
    """Fold text into the lowercase, single-spaced, apostrophe-free form the patterns expect."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.translate(_ZERO_WIDTH).translate(_QUOTES).translate(_DOUBLE_QUOTES)
    text = _APOSTROPHE.sub("", text)
    text = _JOINERS.sub(" ", text)
    text = _LEET_WORD.sub(lambda m: m.group(0).translate(_LEET), text)
    text = _REPEATS.sub(r"\1", text)
    text = _WORD.sub(_fix_word, text)
    text = _WANT_TOO.sub(r"\1 to", text)
    return _SPACES.sub(" ", text).strip()


# --- shared fragments (all written for normalised text: no apostrophes, single spaces) -------

_I = r"[i1!*]"  # "i", also when written as 1, ! or * ("k1ll", "su*cide")
_SELF = r"(?:my ?s[e3]lf|meself)"
_WANT = r"(?:want(?:ed|s|ing)? (?:to|2)|wanna|need(?:ed)? to|going to|gonna|gunna|finna)"
_INTENT = rf"(?:{_WANT}|plan(?:ning|ned)? (?:to|on)|ready to|about to|try(?:ing)? to|tried to)"
_DONT = r"(?:dont|do not|didnt|did not|no longer)"
_CANT = r"(?:cant|cannot|can not|couldnt|could not)"
_ANYMORE = r"(?: any ?more| any longer| much longer)"
# The end of a clause: end of text, punctuation, or a few words that never change the meaning.
_END = (
    r"(?= ?(?:$|[^\w\s]|(?:and|but|lol|tbh|honestly|now|right now|tonight|today|anymore|"
    r"any more|again|already|for good|forever|please|idk|i|im|ive)\b))"
)
_PILLS = (
    r"(?:pills?|tablets|meds|medication|medicine|painkillers|paracetamol|tylenol|ibuprofen|"
    r"aspirin|sleeping pills|antidepressants|insulin|prescriptions?)"
)
_SH_VERB = (
    r"(?:sliced|slashed|slashing|slicing|cut|cuts|cutting|burn|burns|burnt|burned|burning|hurt|"
    r"hurts|hurting|harm|harmed|"
    r"harming|starve|starved|starving|punch|punched|punching|hit|hitting|bit|bite|biting|"
    r"scratch|scratched|scratching|carve|carved|carving|punish|punished|punishing)"
)
_BODY = r"(?:wrists?|arms?|thighs?|legs?|skin|veins?|stomach|hips?|body|face)"
_HIGH = (
    r"(?:roof|rooftop|bridge|ledge|edge|cliff|balcony|top floor|car park roof|overpass|"
    r"train tracks|tracks|railway line|platform edge)"
)

# --- harmless idioms that overlap a risk pattern; masked before the checks ------------------

_IDIOMS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        # "die of embarrassment", "dying of boredom", "nearly died laughing", "to die for"
        r"\b(?:die|died|dies|dying|dead) (?:of|from) (?:embarrassment|laughter|laughing|boredom|"
        r"cringe|cuteness|jealousy|envy|excitement|happiness|joy|curiosity|thirst|hunger|"
        r"(?:the )?heat|heat stroke|shame|old age|cancer|covid)\b",
        r"\b(?:die|died|dies|dying) laughing\b",
        r"\bto die for\b",
        r"\bdying to\b",
        r"\b(?:dying|died) (?:for a|for some|for an|here|over here|inside lol)\b",
        r"\b(?:literally|actually) (?:dying|dead)(?= ?(?:$|[^\w\s]|lol|haha|this is|thats))",
        r"\bdead (?:meat|tired|serious|broke|set|end|on (?:my|your|our) feet|on arrival|wrong|"
        r"right|easy|simple|good|funny|quiet|boring|last|lucky|centre|center|ahead|heat|weight|"
        r"calm|inside lol|to the world|asleep|weight|heat)\b",
        rf"\bkill(?:ing|ed)? {_SELF} laughing\b",
        r"\bknife (?:block|set|skills|sharpener|drawer)\b",
        # "dye" (or "die") the hair: "I want to dye my hair blue", "dying my hair"
        r"\b(?:die|died|dies|dying) (?:my|her|his|your|their|the|our) (?:hair|roots|beard|"
        r"eyebrows|clothes|shirt|jeans|fabric|wool|eggs)\b",
        # kitchen and grooming cuts: "cut myself a slice", "cut myself some slack"
        rf"\bcut(?:ting|s)? {_SELF} (?:a|an|another|some|one more) (?:slice|piece|bit|wedge|"
        r"portion|chunk|sliver|share|break|deal|slack|fringe)\b",
        rf"\bcut(?:ting|s)? {_SELF} (?:short|off|loose|free|out)\b",
        rf"\b(?:accidentally|by accident) (?:cut|burnt|burned|hurt|scratched) {_SELF}\b",
        rf"\b(?:cut|cuts|burnt|burned|hurt|scratched|bashed|banged) (?:{_SELF}|my \w+)\b"
        r"[^.!?]{0,40}\b(?:by accident|accidentally)\b",
        rf"\b(?:cut|burnt|burned|hurt) {_SELF} (?:by accident|accidentally)\b",
        rf"\b(?:cut|burnt|burned) {_SELF} (?:shaving|cooking|chopping|slicing|baking|ironing|"
        r"gardening|while cooking|on (?:a|the|some) (?:knife|paper|glass|tin|can|stove|oven|"
        r"pan|iron|kettle|grater|thorn|nail|hob))\b",
        r"\b(?:hit|bumped|banged|whacked) (?:myself|my \w+) (?:\w+ ){0,4}(?:with|on|"
        r"against) (?:the|a) "
        r"(?:door|cupboard|table|shelf|car door|doorframe|ceiling|bed frame)\b",
        rf"\b(?:hurt|hurting|punish\w*) {_SELF} (?:laughing|at the gym|playing \w+|lifting|"
        rf"skiing|running|working out|"
        r"exercising|falling|tripping|slipping)\b",
        r"\b(?:scratched|scratching) (?:the|an|a|my|this) (?:itch|bite|mosquito bite|bites|"
        r"spot|rash)\b(?: until it bled)?",
        r"\b(?:cat|dog|kitten|puppy|baby|toddler|bramble|thorn|bush|rose|hamster)s? (?:scratched|"
        r"bit|burned|cut|hurt) my\b",
        # sport, film, car and career uses of "suicide"
        rf"\b(?:career|political|social|professional|commercial|fashion|financial|electoral) "
        rf"su{_I}c{_I}de\b",
        rf"\bsu{_I}c{_I}de (?:squad|doors?|sprints?|drills?|runs?|mission|burn|king|blonde|"
        r"seat|lane)\b",
        r"\b(?:run|running|ran|do|did|doing) suicides\b",
        r"\bis suicide\b(?= ?(?:$|[^\w\s]))",
        # "overdosed on coffee"
        r"\b(?:overdos\w*|od(?:d|ed|ing)?) on (?:coffee|caffeine|sugar|chocolate|candy|sweets|"
        r"netflix|tv|cheese|carbs|pizza|cuteness|memes|sun|sunshine|vitamin c|tiktok|"
        r"youtube|reality tv|cake|biscuits|cookies)\b",
        # someone else's death: "my uncle died of an overdose" (grief, not intent)
        r"\b(?:died|dies|death|passed away|passed) (?:of|from) (?:an |a )?(?:accidental )?"
        r"overdose\b",
        # distances: "ran 5 kms", "drove 300 kms", "a few kms"
        r"(?:\d|\b(?:a|few|two|three|four|five|six|seven|eight|nine|ten|twenty|hundred|"
        r"ran|run|walked|drove|cycled|biked|hiked|swam)) ?kms\b",
        # reclaiming, not ending: "taking my life back", "take my life into my own hands"
        r"\b(?:take|taking|taken|took) my life (?:back|in(?:to)? my own hands|in a new direction|"
        r"seriously|one day at a time)\b",
        # figures of speech: "shot myself in the foot", "killing myself at work"
        rf"\b(?:shot|shoot|shooting) {_SELF} in the foot\b",
        rf"\bkilling {_SELF} (?:at (?:work|the gym|the office)|working|studying|"
        r"with (?:work|homework|studying)|trying to (?:get|finish|make|meet|please)|"
        r"to (?:hit|meet|get|finish|make))\b",
        # the playground line "if your friends told you to jump off a bridge"
        r"\bif (?:all )?(?:your|my|his|her) friends [a-z ]{0,30}jump off\b",
        r"\bcross (?:that|the) bridge when\b",
        # physical places people get stuck in
        r"\b(?:trapped|stuck|locked) (?:in|inside|on) (?:the |a |an |this |that |my )?"
        r"(?:lift|elevator|traffic|meeting|queue|car|bathroom|toilet|snow|rain|office|"
        r"airport|train|bus|tunnel|jam|call|class|lecture)\b",
        r"\bno way out of (?:the|this|that) (?:car park|parking|maze|building|room|meeting|"
        r"traffic|contract|deal|lease)\b",
        r"\b(?:up|out) on the roof (?:to|fixing|cleaning|with|for|watching|clearing)\b",
        r"\b(?:roofer|builder|cat|pigeon|ball|frisbee|drone)s? (?:is |was |got )?(?:up |stuck )?"
        r"on the roof\b",
        r"\bwalk(?:ed|ing)? (?:home|alone|at night)[a-z ]{0,20} (?:not|dont|didnt) feel safe\b",
        r"\b(?:not|dont|didnt|never) feel safe (?:walking|going out|at night|in (?:this|that|"
        r"the) (?:area|neighbourhood|neighborhood|city|street|building))\b",
        r"\b(?:a|the) burden (?:on|to) (?:my |the )?friends? (?:when|asking|by asking|if i ask)\b",
        r"\bburden (?:when|if|by|for) (?:i )?ask\w*\b|\bburden asking\b",
        r"\bgo(?:ing)? to (?:kill|murder) (?:me|him|her|us)\b",
        r"\b(?:mum|mom|dad|boss|teacher|wife|husband|partner|sister|brother) (?:is|will|would|"
        r"\w+ll) (?:going to |gonna )?kill me\b",
    )
)
_MASK = " _ "  # a word character: breaks phrases without looking like an ending

# --- clear risk: explicit intent, plan, act in progress ---------------------------------------

_CLEAR: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        # -- intent: saying one will or wants to end one's life
        rf"\bk{_I}l+(?:ing|ed|s)? ?{_SELF}\b",  # kill myself, killing my self
        r"\bkms\b",  # "kill myself"
        # "kys" means "kill yourself"; only count it when the sentence is about oneself
        r"\b(?:i|im|ill|id|ima|imma) (?:(?!you\b|u\b|ur\b|he\b|she\b|they\b|yall\b)\w+ ){0,3}"
        r"kys\b",
        r"\bun ?aliv(?:e|ed|ing)\b",  # "unalive (myself)"
        rf"\b(?:im|i am|i feel|feel|feeling|felt|been|getting|get|going|so|very|really|actively) "
        rf"su{_I}c{_I}dal\b",
        rf"\b(?:{_INTENT}|think\w* (?:of|about)|thought about|consider\w*|commit) "
        rf"(?:commit(?:ting)? )?(?:su{_I}c{_I}de|sewer ?slide|toaster bath)\b",
        r"\b(?:end|ending|ended|take|taking|taken|took) my (?:own )?life\b",
        r"\bend(?:ing)? it all\b",
        rf"\b(?:i|im|ill|id) (?:\w+ ){{0,5}}end (?:it|things|everything)(?: for good| once and "
        rf"for all| already)?{_END}",
        r"(?<!dont )(?<!do not )(?<!no longer )(?<!never )"
        r"\b(?:want(?:s|ing)? (?:to|2)|wanna|wan to|need to|ready to|i hope i|let me|"
        r"wish i (?:could|would)|should just|might as well|deserve to) (?:just |really )?die\b",
        r"\b(?:want|wanna|wish|might as well|would rather|id rather|really want) (?:to be|i was|"
        r"i were|be) dead\b",
        r"\bwish(?:ed)? (?:i|id) (?:was|were|could be|would be|had been) (?:dead|gone|"
        r"never born)\b",
        rf"\b(?:want|wanna|need|ready|decided|about|going|gonna|plan|planning|trying)(?: to)? "
        rf"end it(?: all)?{_END}",
        r"\b(?:think\w*|consider\w*|thought|thoughts) (?:of|about) (?:ending|killing) (?:it|it all|"
        r"things|everything|my life|myself)\b(?! with)",
        r"\bbetter off (?:dead|gone)\b",
        r"\bfeel(?:ing)? like dying\b",
        r"\b(?:wish|want|hope) (?:someone|somebody|something|a car|a bus|god) (?:would|to|"
        r"could|will) (?:just )?kill me\b",
        rf"\b{_DONT} (?:want|wanna) (?:to )?(?:be here|be around|be alive|exist|live|keep "
        rf"living|go on)(?:{_ANYMORE}| ever again)",
        rf"\b{_DONT} (?:want|wanna) (?:to )?(?:be alive|exist|live|keep living|go on){_END}",
        rf"\b{_DONT} (?:want|wanna) (?:to )?(?:be alive|exist)\b",
        r"\b(?:want|wanna|wish) (?:to )?(?:not be alive|not exist|not be here any ?more)\b",
        r"\b(?:want to|wanna|need to|wish i could|wish i would) (?:just )?(?:stop existing|"
        r"cease to exist|"
        r"stop living|not exist|disappear (?:forever|for good|permanently))\b",
        r"\b(?:want|wanna|need) (?:to )?(?:hurt|harm|cut|burn|punish) "
        rf"(?:{_SELF}|my {_BODY})\b",
        r"\b(?:want|wanna|need|going|gonna) (?:to )?self harm\b",
        rf"\b(?:going|gonna) (?:to )?(?:hurt|harm|cut|burn) (?:{_SELF}|my {_BODY})(?: again|"
        rf" tonight|"
        r" today| now| right now)?(?= ?(?:$|[.!]))",
        # -- plans and preparations
        r"\bsuicide (?:note|letter)s?\b",
        r"\b(?:plan|plans|planned|planning|plotting) (?:to|on|how to|how i(?:d| would| will)?) "
        r"(?:die|end (?:it|things|everything|my life))\b(?! with)",
        r"\b(?:a|my|the) plan to (?:die|end (?:it|things|everything|my life))\b(?! with)",
        r"\b(?:picked|chosen|chose|set|decided on) (?:a|the) (?:date|day|time) (?:to die|"
        r"(?:i|im) (?:am )?going to die)\b",
        r"\b(?:ways|way|how) to (?:kill myself|end my life)\b",
        rf"\b(?:stockpil\w+|hoard\w*|sav(?:e|ed|ing) up|collect\w*) (?:my |some |the )?{_PILLS}\b",
        # -- means, in intent or in progress
        rf"\b(?:hang|hanging|hanged|hung|drown|drowning|poison|poisoning|shoot|shooting|shot|"
        rf"stab|stabbing|suffocate|gas) {_SELF}\b",
        r"\bblow my (?:brains|head) out\b",
        rf"\b(?:im|i am|standing|sitting|stood|sat) (?:\w+ )?(?:on|at) the (?:edge|ledge) of "
        rf"(?:a|the|this) {_HIGH}\b(?! (?:terrace|garden|bar|party|deck|pool))",
        r"\b(?:drive|driving|crash|crashing|steer|steering) (?:my|the) car (?:into (?:a|the) "
        r"(?:wall|tree|river|sea|lake|oncoming|traffic|lorry|truck|bridge|barrier)|off (?:a|the) "
        r"(?:cliff|bridge|road|pier))\b",
        r"\bcrash(?:ing)? my car on purpose\b",
        rf"\b(?:{_WANT}|thinking (?:of|about)) jump(?:ing)? (?:off|from|out of) (?:a|the|this|"
        r"that|my|our) (?:\w+ )?(?:bridge|roof|rooftop|building|cliff|balcony|tower|ledge|"
        r"overpass|window|car park|parking garage|top floor)\b",
        r"\b(?:jump\w*|step\w*|walk\w*|throw\w* myself) in front of (?:a|the) (?:\w+ )?"
        r"(?:train|bus|truck|lorry|car|tram|subway)\b",
        r"\b(?:i|im|ive|i have|just|going to|gonna|want to|wanna|about to|planning to|tried to|"
        r"trying to|i will|ill|will)\b(?: \w+){0,2} overdos(?:e|ed|ing)\b",
        rf"\b(?:{_INTENT}|think\w* (?:of|about)|i|ive|i have|almost|nearly) "
        rf"od(?:d|ed|ing)?\b",
        rf"\bod(?:d|ed|ing)? on (?:my |the |some |all (?:my |the )?)?{_PILLS}\b",
        rf"\b(?:take|took|taken|taking|swallow|swallowed|swallowing|down|downed) (?:every pill|"
        rf"every one of|a (?:whole )?(?:bottle|box|bunch|handful|pack|packet) of|the (?:whole )?"
        rf"(?:bottle|box|pack|packet) of|too many|\d{{2,3}}) (?:of )?(?:my |the |these |those )?"
        rf"{_PILLS}(?: in the house)?\b",
        rf"\b(?:take|took|taken|taking|swallow|swallowed|swallowing|down|downed) (?:all|every) "
        rf"(?:of )?(?:my |the |these |those )?{_PILLS} (?:in the house|at once|in one go|together"
        rf"|tonight)\b",
        r"\b(?:swallowed|took|taken|drank|downed) (?:everything|all) (?:in|from) (?:the|my) "
        r"(?:medicine|bathroom|first aid)? ?(?:cabinet|cupboard|drawer|box)\b",
        r"\b(?:engine|car) (?:running|on) in the garage\b",
        r"\bcut (?:too|really|so) deep\b",
        r"\b(?:slit|slitting|slash|slashing|cut|cutting) my (?:wrists?|veins?|throat)\b",
        # -- telling us they are not safe
        r"\b(?:im|i am|i feel|feel) not safe(?: right now| now| tonight)?(?: with myself)?"
        rf"(?:{_END}|$)",
        r"\b(?:dont|do not) feel safe (?:with|around) (?:myself|me)\b",
        rf"\b{_CANT} (?:promise|guarantee|say) (?:ill|i will|i can|id|i would|that ill) "
        r"(?:stay|be|keep (?:myself|me)) safe\b",
        rf"\b{_CANT} (?:stay|keep (?:myself|me)|be) safe\b",
        # -- screening wording
        r"\b(?:acting on|act on) (?:my |these |the )?(?:suicidal )?thoughts (?:of|about) "
        r"(?:dying|killing myself|ending it)\b",
        r"\b(?:tried|attempted|try|attempt) to (?:kill myself|end my life|die)\b",
        r"\bprepare to (?:die|end my life)\b",
        r"\bget ready to die\b",
    )
)

# --- possible risk: asked about, gently ------------------------------------------------------

_POSSIBLE: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        # -- words that are clear risk in one sentence and everyday in another
        rf"\b{_DONT} (?:want|wanna) (?:to )?(?:be here|be around)(?= ?(?:$|[.!?]))",
        rf"\b(?:su{_I}c{_I}d(?:e|al|ality)|sewer ?slide|toaster bath)\b",
        r"\boverdos(?:e|ed|es|ing)\b",
        r"\b(?:sleep|go to sleep|fall asleep|stay asleep) and (?:never|not) wake up\b",
        rf"\b{_DONT} (?:want|wanna) (?:to )?wake up(?:{_ANYMORE}|{_END}| ever again| tomorrow)",
        r"\bgo+dbye (?:note|letter)s?\b",
        r"\b(?:ways|way|how) to (?:die|end it)\b",
        rf"\b(?:enough|how many) {_PILLS}\b",
        rf"\b(?:take|took|taken|taking|swallow|swallowed|swallowing|down|downed) (?:all|every) "
        rf"(?:of )?(?:my |the |these |those )?{_PILLS}\b",
        r"\b(?:bleeding|blood) (?:and it )?(?:wont|will not|doesnt|does not) stop\b",
        r"\bwalk (?:into|in to) the (?:sea|ocean|river|lake)\b",
        # -- passive wishes and ideation
        r"\b(?:think\w*|thought|thoughts) (?:of|about) (?:dying|death|being dead|not being here|"
        r"not existing|hanging|jumping|the (?:train )?tracks|the bridge|the knife|the pills)\b",
        r"\bwish (?:i|id) (?:wasnt|werent|was not|were not|hadnt|had not) (?:alive|born|here|"
        r"been born)\b",
        r"\bwish (?:i|id) (?:didnt|did not|could stop|would stop|had never|never|would just "
        r"not|would not|could just not) (?:exist|existing|existed|been born|wake up|woke up)\b",
        r"\b(?:wish|want|hope|pray|praying) (?:every night |each night )?(?:that )?i (?:dont|"
        r"do not|wont|will not|never|wouldnt|didnt|could not|couldnt) wake up\b",
        r"\bhope (?:i|that i) die\b",
        r"\b(?:hope|wish) (?:a|the) (?:car|bus|train|truck|lorry) (?:hits|would hit|will hit|"
        r"hit) me\b",
        r"\b(?:wouldnt|would not|dont|do not) mind (?:if|dying|being dead)\b"
        r"(?: (?:a|the) (?:car|bus|train|truck|lorry) (?:hit|hits) me|(?: i)? died| i was dead|"
        r" i didnt wake up|\b(?! ?if))",
        rf"\b(?:i just|just|i) (?:want|wanna) (?:to )?disappear{_END}",
        r"\b(?:want|wanna|wish i could|need) (?:to )?(?:go to )?(?:sleep|fall asleep) forever\b"
        r"(?! after)",
        rf"\b{_CANT} do (?:life|this life|living|being alive)\b",
        rf"\b{_PILLS}\b[^.!?]{{0,40}}\b(?:take|swallow|took|swallowed|down|have) (?:them|it) all\b",
        r"\bbleeding (?:a lot|heavily|badly|loads|so much|everywhere|really bad)\b",
        r"\b(?:i|ive) (?:\w+ )?cut (?:too |really |so |very )?deep\b",
        r"\bcut (?:too |really |so |very )?deep (?:tonight|today|last night|this time|again)\b",
        r"\b(?:my own|plan\w* my|picturing my|imagin\w* my|pictured my|planned my|think\w* about "
        r"my) funeral\b",
        rf"\b(?:wrote|written|writing|write) (?:my |a |all my )?goodbyes?(?: (?:letters?|notes?|"
        rf"messages?))?{_END}",
        r"\b(?:want|wanna|wish i could|need|ready|long) (?:to )?(?:be with|join|see) (?:my |our )?"
        r"(?:dead|late|departed)\b",
        r"\b(?:join|be with) (?:my |our )?\w+ in heaven\b",
        r"\blife is (?:pointless|meaningless|worthless|hopeless)\b",
        rf"\bmy life is (?:over|finished|done|ruined and i){_END}",
        rf"\b(?:i )?(?:just )?{_CANT} (?:anymore|any more|go on|do it)(?:{_END}|$)",
        r"\b(?:driv\w*|swerv\w*|steer\w*|crash\w*) (?:\w+ )?(?:off the road|into (?:oncoming|a "
        r"wall|a tree|traffic|a lorry|a truck|the river)|off (?:a|the) (?:bridge|cliff|road))\b",
        rf"\b(?:holding|got|have|staring at|counting) (?:the|my|all the|all my) {_PILLS}\b",
        r"\b(?:wrists?|arms?|legs?|thighs?) (?:is|are|wont stop|keep) (?:bleeding|cut)\b",
        r"\b(?:bullet|gun|pistol|barrel) (?:in|to|against) my (?:head|mouth|temple|chest)\b",
        r"\b(?:put|putting) a bullet\b",
        rf"\b(?:ill|i will|im going to|i am going to|i might) be gone (?:soon|by|before|tomorrow|"
        rf"for good|forever){_END}",
        r"\b(?:wont|will not|wont ever|will never) be a (?:problem|burden|bother|trouble) (?:for|"
        r"to) "
        r"(?:anyone|anybody|you|them|everyone|my family)\b",
        r"\bgive up (?:for good|forever|on everything|on myself|on it all|on being alive)\b",
        rf"\b(?:i )?(?:have|ve|ive) given up(?:{_END}|$)",
        r"\b(?:tired|sick|exhausted) of fighting\b[^.!?]{0,10}(?:$|[^\w\s]|\bi\b)",
        r"\b(?:hit|run over|killed) by a (?:car|bus|train|truck|lorry)\b(?=[^.!?]{0,5}$)|\b"
        r"(?:hope|hoping|wish|pray)\w* (?:\w+ ){0,3}(?:hit|run over|killed) by (?:a|the) (?:car|"
        r"bus|train|truck|"
        r"lorry|tram)\b",
        r"\b(?:nice|better|easier|peaceful|good|a relief) (?:to|if i could) (?:just )?(?:not exist|"
        r"stop existing|not be (?:here|around|alive)|never wake up|disappear for good|be dead|"
        r"die)\b"
        r"(?! (?:when|while|for|at|during|if))",
        r"\b(?:decided|made up my mind|chosen) to (?:die|end it|end my life|kill myself|go through "
        r"with it)\b(?! with)",
        r"\b(?:deserve|deserves) better than me\b",
        rf"\b{_CANT} (?:face|do|take|handle|survive|get through) (?:another|one more) day\b",
        rf"\b{_DONT} (?:want|wanna) (?:to )?(?:face|live|do|get through|wake up to) another day\b",
        r"\b(?:not going to|wont|will not|dont think ill|might not|im not gonna) make it "
        r"(?:through (?:the night|this night|tonight)|to (?:tomorrow|the morning|morning|next "
        r"week))\b",
        rf"\b{_DONT} (?:want|wanna) (?:to )?(?:see|face|live (?:through|to see)) (?:tomorrow|"
        r"another day|the morning|next (?:week|year))\b",
        r"\b(?:leave|leaving|left) (?:this|the) (?:world|earth|planet)\b",
        r"\b(?:want|wanna|wish i could) (?:to )?disappear and never come back\b",
        r"\b(?:want|wanna|need) (?:out of|to leave) (?:this|my) life\b",
        r"\b(?:want|wanna|need) (?:to be gone|to go for good|everything to (?:just )?stop)\b",
        r"\bready to go for good\b",
        r"\b(?:part of me|sometimes i|i kind of|i sort of) wants? to die\b",
        r"\b(?:want|wanna|need) (?:it all|everything|it|this|the pain|my life|life|it all) "
        r"(?:to (?:just )?(?:end|stop|be over)(?! (?:soon|so|already|at|by|before|tomorrow|"
        r"\w+ing\b))"
        r"(?: for good| forever)?)\b",
        rf"\bjust want it to end{_END}",
        r"\b(?:want|wanna) to stop living\b",
        r"\b(?:die|dying|dead|death)\b(?=[^.!?]{0,40}\b(?:only|best|easiest) (?:way out|option|"
        r"answer|choice)\b)",
        r"\b(?:death|dying|suicide) (?:is|seems|feels like|looks like) (?:the )?(?:only|best|"
        r"easiest) (?:way out|option|answer|choice)\b",
        r"\bdeserve to (?:die|hurt|suffer|be in pain|be punished)\b",
        r"\bi hate (?:my life|myself|being alive) (?:so much )?(?:and|i|that i) (?:want|wanna) "
        r"to die\b",
        r"\b(?:thought|thoughts|thinking) (?:about|of) (?:suicide|death) (?:every|all|nearly|"
        r"most)\b",
        # -- one's own death as a relief, a wish or a condition
        r"\b(?:dying|death|being dead|not being alive|not waking up|not existing|never waking "
        r"up|ending it|killing myself|suicide) (?:would|will|might|could|is|seems|feels|sounds) "
        r"(?:be |like )?(?:a |such a |the )?(?:relief|better|easier|peaceful|nice|welcome|answer|"
        r"freedom|release|best option|only option|escape|rest)\b",
        r"\bif i (?:just )?(?:died|was dead|were dead|never woke up|didnt wake up|did not wake up|"
        r"wasnt here|werent here|wasnt alive|werent alive|disappeared|was gone|were gone|ended "
        r"it|didnt exist|did not exist|wasnt born|killed myself|wasnt around|was never born|"
        r"had never been born|no longer existed)\b",
        r"\b(?:i|maybe i) should (?:just )?(?:be gone|be dead|die|not be here|not be alive|not "
        r"exist|disappear|never have been born|end it)\b",
        r"\b(?:i )?shouldnt (?:be alive|exist|be here any ?more|have been born)\b",
        r"\bdisappear (?:forever|for good|permanently|for ever)\b",
        rf"\b(?:nobody|no one|noone) (?:needs|wants|loves) me(?: anymore| any more)?(?:{_END}|$)",
        # -- wishing to be dead, in any tense
        r"\b(?:want|wanted|wish|wished|hope|hoped|hoping|rather|ready|long|longing|pray|prayed|"
        r"praying)\w* (?:\w+ ){0,3}?(?:to|i could|i would|i was|i were|i|be|just) (?:just |simply "
        r"|really |finally )?(?:die|be dead|dead)\b",
        r"\b(?:dont|do not|didnt|no longer) deserve to (?:live|be alive|exist|be here|be happy "
        r"or alive)\b",
        r"\btoo (?:tired|exhausted|broken|weak|hurt|sad|worn out) to (?:keep )?(?:living|live|go "
        r"on|carry on|be alive|keep going|exist)\b",
        r"\b(?:hurts|painful|hard|heavy) too much to (?:live|go on|keep going|be alive|exist|"
        r"carry on)\b",
        rf"\b{_CANT} live with (?:this|the|all this) (?:pain|hurt|guilt|shame)\b",
        r"\b(?:disappear|vanish)\w* and never (?:be found|come back|return|be seen)\b",
        r"\b(?:want|wanna|wish i could|need) (?:to )?vanish\b",
        r"\bend of my (?:rope|tether)\b(?! (?:with|about|at work|lol))",
        r"\bdo something to myself\b",
        r"\bsorry for (?:everything|all of it)\b[^.!?]{0,30}\b(?:goodbye|bye|love you all|"
        r"forgive me)\b",
        # -- one's own death, in any words near "I"
        r"\b(?:i|im|id|ive|ill|me|myself)\b[^.!?]{0,40}\b(?:to die|to be dead|be dead|being dead|"
        r"dying|my death|my own death|not existing|to not exist|stop breathing|stop living|not be "
        r"alive|not being alive|not wake up|never wake up|not waking up)\b",
        r"\b(?:dont|do not|wouldnt|would not|couldnt) care (?:if|whether) i (?:live|die|wake up|"
        r"exist|am alive|make it|survive)\b",
        r"\bhate (?:being alive|existing|living|being here)\b",
        rf"\b(?:planning|plan|going|gonna|want|ready|about|decided) to jump{_END}",
        rf"\bdone fighting{_END}",
        r"(?<!could )\b(?:rest|sleep) (?:forever|for good|for ever)\b(?! after)|\b(?:eternal|"
        r"permanent) (?:sleep|rest)\b",
        r"\bthink\w* (?:about|of)\b[^.!?]{0,40}\b(?:being dead|be dead|my death|my funeral|not "
        r"being here|not existing|not being alive)\b",
        r"\b(?:only|best|easiest) way (?:to|out)\b[^.!?]{0,40}\b(?:die|dying|death|suicide)\b",
        r"\bno point (?:in )?(?:me )?(?:being here|being around|being alive|existing|going on|"
        r"living)\b",
        rf"\b{_CANT} (?:handle|stand|bear|take|face) (?:living|life|being alive|existing)\b",
        r"\b(?:letters?|notes?|messages?)\b[^.!?]{0,40}\bgo+dbye\b",
        r"\bgiv\w* (?:all )?(?:of )?my (?:stuff|things|belongings|possessions) away\b",
        r"\bin case (?:something happens to me|im not (?:here|around)|i dont make it|i die)\b",
        r"\bpasswords?\b[^.!?]{0,40}\bjust in case\b",
        r"\b(?:my life|i) (?:isnt|is not|am not|aint|im not) worth (?:anything|living|it|saving)\b",
        r"\bdo something (?:\w+ )?to myself\b",
        r"\b(?:rather|prefer to|prefer) not (?:exist|be alive|be here|live|wake up)\b",
        r"\bwish(?:ed)? (?:i|id|i would|i could) (?:just )?die\b",
        r"\bwhen (?:they|someone|somebody|people|my \w+) finds? me\b",
        r"\b(?:fighting|trying|struggling) to stay alive\b",
        r"\bfeel like (?:ending|killing) (?:it|everything|it all|myself|my life|things)\b",
        r"\b(?:my life|life) has no (?:point|meaning|purpose)\b",
        r"\b(?:have|got|ive got|i have) (?:a plan and )?the means\b",
        rf"\b(?:not going to|not gonna|wont|will not) make it{_END}",
        rf"\btoo many (?:of )?(?:my |the )?(?:\w+ )?{_PILLS}\b",
        r"\b(?:the world|nobody|no one|noone|my family|anyone) (?:doesnt|does not|wont|will not) "
        r"need me\b",
        r"\bno way (?:i can|i could|to) (?:keep going|go on|carry on|do this|survive|"
        r"keep living)\b",
        r"\bhow (?:high|far down|far the drop|deep the water)\b(?=[^.!?]{0,10}(?:$|[.!?]))"
        r"|\b(?:bridge|roof|building|cliff|balcony|car park)\b[^.!?]{0,40}\bhow (?:high|far)\b",
        r"\b(?:dont|cant|do not|cannot) see myself (?:making it|surviving|lasting|being here|living"
        r"|being alive|getting through)\b",
        r"\b(?:end|ending|stop|stopping) (?:my|all this|all my) (?:suffering|misery|pain)\b",
        r"\b(?:end|ending|stop) (?:the|this) (?:suffering|misery|pain) (?:for good|forever|"
        r"permanently|tonight|once and for all)\b",
        rf"\b(?:strangl\w+|chok\w+|suffocat\w+) {_SELF}\b",
        r"\b(?:drank|drink|drinking|swallowed|swallow|took|take|taking) (?:some |the )?(?:bleach|"
        r"poison|antifreeze|weedkiller|pesticide|rat poison|drain cleaner)\b",
        r"\b(?:want|wish|need) my heart (?:to stop|would stop|stopped)\b",
        r"\b(?:god|lord|someone|somebody) (?:please )?take me\b(?! (?:home from|back to|to|with|"
        r"out|there|along))",
        r"\b(?:my life|my existence|me being here|my being alive) is (?:just )?a burden\b",
        rf"\bnothing left for me(?: here| anymore| any more| in this (?:world|life))?{_END}",
        r"\balready said (?:my )?go+dbyes\b|\balready said go+dbye to (?:everyone|everybody|my "
        r"(?:family|mum|mom|dad|kids|children|parents))\b",
        r"\btell\w* me to (?:end it|kill myself|die|hurt myself|jump|do it|cut)\b",
        r"\bstop (?:feeling|existing|being)\b[^.!?]{0,20}\b(?:forever|for good|permanently)\b",
        r"\b(?:want|wish i could|wanna|just|need) (?:to )?(?:just )?fade away\b",
        rf"\b(?:took|taken|swallowed|downed) (?:\d+|twenty|thirty|forty|fifty|a hundred) (?:of )?"
        rf"(?:my |the )?(?:\w+ )?{_PILLS}\b",
        r"\bwhere i (?:cut|burned|burnt|hurt myself|slashed)\b",
        rf"\b(?:im|i am|i feel like) (?:just |such |only )?a waste of (?:oxygen|air|space|life|a "
        rf"life){_END}",
        r"\bwhy (?:am i|im) (?:even |still |really )*(?:alive|here|breathing|living|still alive)\b"
        r"(?! (?:at|in|on|with|for))",
        rf"\b(?:fine|ok|okay|alright|better) without me{_END}",
        r"\b(?:saying|said|say|started saying) (?:my )?go+dbyes? to (?:people|everyone|everybody|"
        r"my (?:family|friends|loved ones))\b",
        r"\bmade (?:my )?peace\b[^.!?]{0,30}\b(?:ready|goodbye|go|gone)\b",
        r"\bnoose\b",
        r"\bbetter off (?:not existing|not being here|not being alive|never born|"
        r"never being born)\b",
        # -- no future
        r"\b(?:dont|do not|cant|cannot|can not) see (?:a|any) (?:future|way forward|tomorrow)\b",
        r"\bno (?:way forward|future for me|tomorrow for me)\b",
        r"\b(?:cant|cannot|can not|dont) (?:see|imagine|picture) myself (?:being )?(?:alive|here|"
        r"around|living)\b",
        r"\b(?:wont|will not|not going to|im not going to|dont think ill|might not) be (?:here|"
        r"around|alive) (?:next|by|much longer|tomorrow|this time next)\b",
        # -- hopelessness about living
        r"\b(?:no|zero|not a single|any|dont have a|dont have any|have no) reasons? (?:left )?"
        r"(?:for me )?to (?:live|keep living|go on|be alive|stay alive)\b"
        r"(?! (?:in|here|there|with|at|near|on|abroad))",
        r"\bno reason for me to (?:live|be alive|be here|go on)\b",
        r"\bnothing (?:left )?to live for\b",
        r"\b(?:no|whats the|what is the|see the|see any|no) point (?:in |of |to )?(?:living|life|"
        r"being alive|existing|going on|staying alive|carrying on|waking up|me being here)\b"
        r"(?! (?:in|here|there|with|at|near|on|abroad|coach|insurance))",
        r"\b(?:why bother|why keep|why should i keep) (?:living|going on|being alive|"
        r"trying to live)"
        r"\b",
        r"\blife (?:is not|isnt|aint|feels not|is no longer|no longer feels) worth (?:living|it)\b",
        r"\bnot worth living\b",
        r"\blife is pointless\b",
        rf"\b{_CANT} (?:go on|keep going|carry on|do (?:this|it)|take (?:it|this)|cope|"
        rf"live like this|keep living|be here|bear (?:it|this)){_ANYMORE}",
        rf"\b{_CANT} (?:go on|carry on|keep going)(?: like this| living)?{_END}",
        rf"\b{_CANT} (?:live|go on|keep going|keep living) like this\b",
        rf"\b{_CANT} cope with (?:being alive|living|life)\b",
        r"\bpain is (?:unbearable|too much to bear)\b(?! (?:in|lol))",
        r"\b(?:no|not any) hope (?:left )?(?:for me|at all|anymore|any more)\b",
        r"\bnever (?:ever )?(?:going to |gonna )?get better\b",
        r"\b(?:lost|losing) the will to live\b",
        r"\b(?:tired|sick|exhausted) (?:of|from) (?:living|being alive|life|existing|waking up)\b"
        r"(?! (?:paycheck|in|with|at|here|there|like|on|off|under|out|alone))",
        r"\bdone with (?:life|living|being alive|existing)\b(?! (?:in|coach))",
        r"\bdone (?:living|existing|being alive)\b"
        r"(?! (?:in|with|at|here|there|like|on|abroad|alone|together))",
        r"\bgiv(?:e|en|ing) up on (?:life|living|everything)\b",
        rf"\b(?:im|i am) done{_END}(?=[^.!?]{{0,60}}\b(?:anymore|any more|living|alive|"
        rf"this life)\b)",
        # -- trapped, no way out
        r"\b(?:feel|feeling|felt|so|completely|totally|utterly) trapped\b(?! (?:under|behind|by "
        r"(?:the|a) (?:cat|dog|baby)|in (?:this|my|a|the) (?:\w+ )?(?:job|routine|town|city|"
        r"meeting|office|class|house|flat|lift|elevator|traffic)))",
        rf"\b(?:im|i am) trapped(?:{_END}| in (?:my|this|a) (?:life|head|mind|body|pain|hell|"
        r"darkness|own head)\b(?! with))",
        rf"\bno way out{_END}",
        r"\bno way out (?:for me|of (?:this|it|my life|the pain|here|this pain|this hole))"
        rf"{_END}",
        r"\b(?:cant|cannot|can not|dont) see (?:a|any) way out\b",
        r"\bno (?:escape|escaping) from (?:this|the) (?:pain|life|hell|feeling)\b",
        r"\b(?:the )?only way out\b",
        rf"\b{_CANT} escape (?:this|it|my life|the pain)\b",
        # -- a burden, better off without me
        r"\b(?:im|i am|i feel like|feel like|being) (?:just |such |only |nothing but )?"
        r"a (?:huge |massive |big )?(?:burden|weight|drain)\b(?! (?:on|to) (?:my |the )?friends? "
        r"(?:when|asking|if))",
        r"\b(?:better|happier|easier) (?:off )?without me\b",
        r"\bbetter without me\b",
        r"\b(?:a )?better place without me\b",
        r"\b(?:better|happier|easier|relieved) (?:off )?(?:for everyone )?(?:if|when) (?:im|i am) "
        r"(?:gone|dead|not here|not around)\b",
        r"\b(?:better|happier|easier|relieved) (?:off )?(?:for everyone )?(?:if|when) i (?:was|"
        r"were|"
        r"wasnt|werent) (?:gone|dead|not here|not around|never born|here|around)\b",
        r"\b(?:better|happier|easier|relieved) (?:off )?(?:for everyone )?(?:if|when) i "
        r"(?:died|disappeared|wasnt here|werent here|wasnt around)\b",
        r"\b(?:no one|nobody|noone|no body) (?:would|will|d|ll|is going to|gonna) (?:even )?"
        r"(?:miss me(?! (?:at|in|on|for|during|when|if i (?:left|skip)))|notice if i (?:died|was "
        r"gone|disappeared|was dead))\b",
        r"\b(?:no one|nobody|noone) (?:cares|would care|would even care|would notice|would even "
        r"notice) (?:if|whether) i (?:live|die|exist|am alive|was alive|lived|died|disappeared|"
        r"was dead|was gone)\b",
        r"\b(?:nobody|no one|noone) (?:would|will) (?:care|notice) if i (?:was|were) dead\b",
        # -- goodbyes, last messages, giving things away
        r"\bgo+dbye (?:forever|for good|everyone|cruel world|world)\b",
        r"\bthis is (?:my )?(?:final |last )?go+dbye\b",
        r"\bmy (?:final|last) go+dbye to (?:you all|everyone|everybody|all of you|the world)\b",
        r"\b(?:say|said|saying) (?:my )?go+dbyes?(?: to (?:everyone|everybody|you all|all of "
        rf"you))?(?: before i go| today| tonight)?{_END}",
        r"\bgo+dbye letters?\b",
        r"\bletters? to say go+dbye\b",
        r"\b(?:left|leaving|write|wrote|writing|written) (?:a )?(?:note|letter|letters)"
        r" (?:for|to) (?:my )?(?:mum|mom|dad|family|parents|kids|children|wife|husband|partner|"
        r"everyone)(?! about)(?=$|[^\w\s]| and| before)",
        r"\b(?:my )?(?:last|final) (?:message|words|text)\b(?! (?:to|from|on|about|in) "
        r"(?:the )?(?:group|team|work|boss)| (?:of|for) (?:the day|today|tonight|now|the week)| "
        r"before (?:bed|i sleep|sleep))",
        rf"\bbefore i go(?: for good)?(?:{_END}|$)",
        r"\b(?:my )?last (?:day|night|week) (?:alive|on earth)\b",
        rf"\b(?:tonight|today) is my last (?:night|day){_END}",
        r"\b(?:wont|will not|im not going to) be (?:here|around|alive)(?: for)? much longer\b",
        rf"\b(?:wont|will not) be (?:here|around|alive) tomorrow{_END}",
        rf"\b(?:you|yall|you all) (?:wont|will not|will never) hear from me again{_END}",
        r"\bgiv(?:e|ing|en|ve|ve been giving) away (?:all )?(?:of )?my (?:stuff|things|"
        r"belongings|possessions|pets?|cat|dog)\b(?! to charity)",
        r"\bgave away (?:all )?my (?:stuff|things|belongings|possessions|pets?|cat|dog)\b"
        r"(?! to charity)",
        r"\b(?:looked after|taken care of|sorted|in order|fine) (?:when|after) (?:im|i am) "
        r"(?:gone|dead)\b",
        r"\bafter (?:im|i am) gone\b",
        r"\bwhen (?:im|i am) gone\b",
        r"\b(?:written|wrote|writing|made|sorted) (?:my|a) will\b",
        r"\bsort(?:ed|ing)? (?:out )?my affairs\b",
        # -- not safe, not trusting oneself
        rf"\b(?:dont|do not|cant|cannot) trust myself(?: right now| tonight| anymore|{_END}|$)",
        r"\b(?:scared|afraid|frightened|worried) (?:of what|that|i(?:ll| will| might| could)?) "
        r"(?:i (?:might|will|could|would) do|ill do|i might do|ill hurt|i will hurt|i might hurt|"
        r"hurt myself|do something (?:stupid|drastic|dangerous))",
        r"\bwhat i might do to myself\b",
        r"\b(?:not sure|unsure|dont know if|dont think|do not think) i can (?:keep myself|stay|be) "
        r"safe\b",
        rf"\b{_DONT} (?:want|wanna) (?:to )?do (?:this|it) (?:anymore|any more|any longer)\b",
        rf"\b{_WANT} (?:cut|burn|harm|hurt){_END}",
        rf"\b(?:i )?(?:want|wanna|need) out(?: permanently| for good| forever)?{_END}",
        r"\bmy (?:arms?|legs?|wrists?|thighs?|stomach|skin|body) (?:is|are) (?:covered in|full of) "
        r"(?:\w+ )?(?:cuts|scars|burns|wounds)\b",
        r"\b(?:put|putting) an end to (?:my life|it all|everything|myself|my suffering)\b",
        r"\b(?:going to|gonna|finally) (?:do it|go through with it)\b[^.!?]{0,20}\bgo+dbye\b",
        r"\bready to go through with it\b",
        r"\band stay asleep\b(?! (?:till|until|all|for))",
        r"\b(?:purging|bingeing|binging|starving)\b[^.!?]{0,30}\bcutting\b",
        rf"\b(?:need|want|wanna) to (?:bleed|see blood|feel pain|feel the pain){_END}",
        r"\bdisappear from (?:this|the) (?:world|earth|planet)\b",
        rf"\b(?:lost|losing|no|there is no|theres no|have no) (?:all )?hope(?: left)?{_END}",
        rf"\b(?:cope|manage|move on|get on) (?:fine |okay |ok )?without me{_END}",
        r"\b(?:dont|do not) want to be (?:saved|rescued|found)\b(?! (?:the|a|an|some|for|by))",
        r"\b(?:ate nothing|not eaten|havent eaten|didnt eat|stopped eating|starv\w+)\b[^.!?]{0,30}"
        r"\bon purpose\b",
        rf"\b(?:dont|do not) (?:try to )?stop me{_END}",
        # -- means and methods
        r"\b(?:took|taken|take|swallowed|swallow|downed|necked|had) (?:loads|lots|a lot|a load|"
        r"heaps|a bunch|a handful|handfuls|a packet|a box|a bottle|a strip|a whole \w+|the rest|"
        r"all|every|most|half) (?:of )?(?:\w+ ){0,2}(?:pills|tablets|meds|medication|painkillers|"
        r"paracetamol|tylenol|ibuprofen|aspirin|sleeping pills|antidepressants|insulin)\b",
        r"\b(?:drank|drinking|drunk|alcohol|vodka|wine|whisky|whiskey)\b(?=[^.!?]{0,60}\b(?:took|"
        r"taking|swallowed|with) (?:my |some |the |all )?(?:\w+ )?(?:pills|tablets|meds|"
        r"painkillers|sleeping pills)\b)",
        r"\b(?:im|i am) (?:\w+ ){0,2}(?:on|at|in|by|near) (?:the|a|my) (?:\w+ )?(?:ledge|roof|"
        r"rooftop|bridge|cliff edge|cliff|train tracks|tracks|railway|platform edge)"
        r"(?!s)(?! (?:to|for|with|fixing|cleaning|watching|looking|waiting|party|bar|garden))\b",
        r"\b(?:walk\w*|step\w*|run\w*|throw\w* myself) (?:out )?(?:into|in front of) "
        r"(?:the |a |oncoming )?(?:traffic|train|bus|truck|lorry|road|motorway)\b",
        r"\b(?:step|stepping|jump|jumping|fall|falling|throw myself) (?:off|from) (?:the|a) "
        r"(?:platform|ledge|edge|roof|bridge|cliff|balcony|window)\b",
        rf"\b(?:im|i am|i) (?:{_WANT}|about to|ready to) jump{_END}",
        r"\b(?:in|into) the (?:bath|tub|shower|bathroom) with (?:a|the|my) (?:razor|blade|knife|"
        r"pills)\b",
        r"\b(?:rope|noose|cord|belt|ligature) (?:around|round) my neck\b",
        r"\b(?:notes?|letters?) (?:for|to) (?:everyone|everybody|each of|all of|the people i "
        r"love)\b",
        r"\b(?:affairs|things|everything) in order\b",
        rf"\bending it(?: all)?(?:{_END}|$)",
        r"\b(?:carve|carved|carving|cut|cutting|sliced|slicing) (?:into|open) my (?:\w+ )?"
        r"(?:skin|arms?|legs?|thighs?|wrists?|stomach|body|hips?)\b",
        r"\b(?:bought|buying|got|have|found|keep|kept|hiding|hid) (?:a|the|some) (?:rope|noose|"
        r"gun|pistol|rifle|razor|razors|razor blades?|blades?|knife|charcoal)\b"
        r"(?! (?:for|from) (?:the |my )?(?:climbing|camping|kitchen|cooking|work|garden|"
        r"boat|shop))",
        r"\b(?:the|a|my) (?:rope|noose) (?:is|ready)\b",
        r"\btied (?:the|a) (?:rope|noose)\b",
        r"\b(?:rope|noose|gun|razor|blade|knife|pills) (?:in|under) my (?:room|hand|bag|"
        r"drawer|bed|pocket)\b",
        r"\b(?:looking|look|looked|keep looking|staring|stare) at the (?:knife|blade|razor|"
        r"pills|rope|gun)\b",
        r"\bthinking about using (?:it|the gun|the knife|the rope|the pills)\b",
        r"\b(?:blade|razor|knife) (?:on|against|to) my (?:arm|wrist|skin|leg|thigh|throat)\b",
        r"\bfeel the blade\b",
        r"\b(?:thinking|think|thoughts) (?:of|about) (?:jump\w*|hang\w*|drown\w*|overdos\w*|"
        r"crash\w*|the train tracks|stepping in front)\b",
        rf"\b{_WANT} (?:jump|throw myself) (?:off|from) (?:a|the|this|that|my) (?:\w+ )?{_HIGH}\b",
        rf"\b{_WANT} (?:jump|throw myself) in front of\b",
        r"\b(?:carbon monoxide|charcoal burning|exhaust fumes)\b",
        rf"\b{_PILLS} (?:lined up|counted out|all out|ready)\b",
        rf"\b(?:taken|took|take|swallowed) (?:too many|a lot of|loads of|heaps of) {_PILLS}\b",
        rf"\bcounted (?:my|the|all my) {_PILLS}\b",
        r"\bgoogled (?:how|ways|what)\b(?=[^.!?]{0,40}\b(?:pills|die|dying|lethal|overdose|"
        r"kill|hang|jump)\b)",
        r"\b(?:lethal|deadly) (?:dose|amount)\b",
        r"\bpainless (?:way|ways) to\b",
        rf"\b(?:im|i am) (?:standing |sitting |up )?(?:on|at) (?:the|a) {_HIGH}{_END}",
        rf"\b(?:im|i am) (?:up |right )?on the (?:roof|ledge|bridge){_END}",
        r"\bthrow(?:ing)? myself (?:off|from|under|in front of|into)\b",
        r"\b(?:jump|jumping|walk|walking|step|stepping|fall|falling|drive|driving) (?:\w+ )?"
        r"(?:off|from|over) (?:a|the|this|that) (?:\w+ )?(?:cliff|bridge|roof|rooftop|building|"
        r"car park|multi storey|balcony|ledge|tower|window|overpass|edge)\b",
        r"\b(?:edge|ledge|side|railing|rail|top) of (?:a|the|this|that) (?:\w+ )?(?:bridge|roof|"
        r"building|cliff|balcony|car park|tower)\b(?=[^.!?]{0,30}(?:$|\bi\b|looking|down))",
        r"\blooking (?:over|down from) (?:the )?(?:edge|ledge|side|railing) of\b",
        rf"\b{_WANT} crash (?:my|the) car\b",
        rf"\b(?:bottle|box|packet|pack|pile|stash|handful|tub) of (?:\w+ )?{_PILLS}\b"
        r"(?=[^.!?]{0,30}\b(?:next to|beside|in front of|with|on|in) (?:me|my hand|my bed|the "
        r"table|my lap)\b)",
        rf"\b{_PILLS}\b[^.!?]{{0,30}}\bwith (?:alcohol|wine|vodka|beer|booze|whisky|whiskey|gin|"
        r"rum|drink)\b",
        r"\b(?:took|taken|swallowed|swallow|take) (?:my |the |a )?(?:whole|entire|full|all my) "
        r"(?:prescription|bottle|box|packet|supply|stash|stock|meds|medication)\b",
        # -- self-harm in any tense
        r"\brelapse\w*\b[^.!?]{0,30}\b(?:cut|cutting|burn\w*|hurt\w*|harm\w*|sh)\b",
        r"\b(?:cut|burned|burnt|hurt myself|harmed)(?: again)? (?:last night|tonight|this "
        r"morning|yesterday|earlier today)\b",
        r"\bself ?(?:harm\w*|injur\w*|mutilat\w*)\b",
        rf"\b{_SH_VERB} {_SELF}\b",
        rf"\b{_SH_VERB} my (?:wrists?|arms?|thighs?|legs?|skin|veins?|stomach|hips?)\b"
        r"(?! (?:on|at|in|while|playing|lifting|running|falling|skiing|when))",
        r"\b(?:urges?|tempted|craving|itching|itch|wanting|want|wanna) to (?:cut|self harm|"
        r"hurt|burn|harm)\b(?! (?:back|down|ties|class|corners|costs|carbs|sugar|my hair|in|"
        r"loose|the \w+|out|my (?:hand|finger|knee|back)|a|an|some|people|him|her|them|you)\b)",
        r"\b(?:started|start|keep|kept|been|still|relapsed|relapse|back to|going to) "
        r"(?:cutting|burning|hurting|harming)(?: (?:again|myself|tonight))?\b",
        r"\bcutting again\b",
        r"\b(?:until|till|til|so hard) (?:i|it|they|my \w+) (?:bleed|bleeds|bled|bruised|"
        r"bruise)\b",
        rf"\bmake {_SELF} bleed\b",
        r"\b(?:myself|my (?:arms?|legs?|wrists?|skin|thighs?|body|face|head|hands?|stomach))\b"
        r"[^.!?]{0,30}\bon purpose\b",
        r"\b(?:to punish myself|to feel something)\b",
        r"\b(?:used|using|use) (?:a|the|my) (?:blade|razor|lighter|knife) on (?:my|myself)\b",
        r"\bdeserve to (?:hurt|bleed|be hurt)\b",
        r"\bpunish myself with pain\b",
        r"\b(?:relapse|relapsed) (?:on|with|into) (?:sh|cutting|self harm|burning)\b",
        # -- past attempts, screening wording
        r"\b(?:attempted|attempt) (?:suicide|to die)\b",
        r"\b(?:suicide|my) attempts?\b",
        r"\b(?:acting on|act on) (?:these|those|the|my) (?:thoughts|urges|feelings)\b",
        r"\b(?:work|worked|working) out (?:the details|exactly) (?:of )?how\b",
        r"\b(?:how|when) (?:i|id) would (?:kill|end|hurt|harm|do it)\b",
        # -- places, plans and goodbyes said without a method's name
        r"\b(?:on|at|over) the (?:edge|ledge) of (?:the |a |this )?(?:roof|bridge|cliff|"
        r"platform|building|balcony|tracks)\b",
        r"\b(?:walk|walking|walked|swim|swimming|swam) (?:into|in to|out into|out to) the (?:sea|"
        r"ocean|river|lake|water)\b",
        r"\b(?:and|then) (?:never|not) (?:come|coming|came) back\b",
        r"\bplann?(?:ing|ed) how (?:to|i(?:ll| will| would)) (?:do it|end it|go)\b",
        r"\b(?:gave|give|giving|given) (?:away )?(?:my|all my)\b[^.!?]{0,60}\b(?:wont|will not) "
        r"(?:need|be needing|be (?:here|around) to)\b",
    )
)

# --- recovery: milestones and looking back ----------------------------------------------------

_HARM = (
    r"(?:self ?harm\w*|cut\w*|burn\w*|hurt\w*|harm\w*|sh|suicid\w*|attempt\w*|starv\w*|"
    r"kill\w* myself|wanting to die|want(?:ed)? to die|overdos\w*|relapse\w*)"
)
_SPAN = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|few|"
_SPAN += r"several|some|a whole|a full)"
_UNIT = r"(?:days?|weeks?|months?|years?|yrs?|wks?|mos?)"

_RECOVERY: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        # counted milestones: "two months without self-harm", "100 days clean"
        rf"\b{_SPAN} {_UNIT} (?:\w+ ){{0,2}}(?:without|free|clean|since|sober|of not|no)\b",
        rf"\b(?:clean|free) (?:from|of) {_HARM}",
        rf"\b{_HARM} free\b",
        rf"\bits been {_SPAN} {_UNIT}\b",
        rf"\b(?:havent|have not|hadnt|didnt|did not|no longer|never again|stopped|stop) "
        rf"(?:\w+ ){{0,2}}{_HARM}",
        rf"\bwithout (?:\w+ ){{0,1}}{_HARM}",
        # riding out urges and using skills
        r"\b(?:rode|ride|riding|surfed|surf|surfing|resisted|resist|resisting|beat|fought|"
        r"managed|got through|sat with) (?:it|them|the urges?|my urges?|out the urges?)\b",
        r"\b(?:rode|ride|riding|surfed|surfing|sat) (?:it|them) out\b",
        r"\b(?:instead of|rather than) (?:\w+ ){0,2}(?:hurting|cutting|harming|burning|"
        r"acting|self harm\w*|overdosing|killing)\b",
        r"\bbut (?:i |then i )?(?:called|texted|used|went|did|took|held|wrote|talked|reached|asked|"
        r"sat|breathed|chose|decided|put|played|drew|had)\b[^.!?]{0,60}\binstead\b",
        r"\b(?:didnt|did not|never|wont|will not|not to) act(?:ed)? on (?:it|them|(?:the|my|these|"
        r"those) (?:\w+ )?(?:urges?|thoughts?|feelings?))\b",
        r"\blet (?:it|them|the (?:urges?|thoughts?)) pass\b",
        # opening up, asking for help
        r"\b(?:told|tell|telling|opened up to|talked to|talked with|confided in|spoke to|"
        r"admitted to) (?:my |a )?(?:therapist|counsel\w+|doctor|gp|psychiatrist|psychologist|"
        r"nurse|partner|mum|mom|dad|sister|brother|friend|best friend|family|wife|husband|"
        r"group|teacher|boss|parents)\b",
        r"\btalked (?:\w+ ){0,2}through\b",
        r"\b(?:talk|talked|talking|speak|spoke|opened up) about (?:my |the )?(?:suicid\w*|"
        r"self harm\w*|cutting|"
        r"attempt|wanting to die)\b",
        r"\b(?:called|texted|rang|contacted|reached out to) (?:the |a )?(?:crisis|help) ?(?:line|"
        r"team|text line)\b",
        r"\b(?:reached out|asked for help|went to (?:the )?(?:hospital|a&e|er))\b",
        r"\bsafety plan\b",
        r"\breasons? for living\b",
        # looking back
        r"\bused to\b",
        r"\blast (?:year|winter|summer|spring|autumn|fall|month|christmas)\b|\bin the past\b",
        r"\bbut (?:then )?i (?:went|called|texted|rang|reached|talked|used|held|asked|told|got "
        r"through|made it|didnt|did not|chose|decided to|stayed|breathed)\b",
        r"\b(?:dont|do not|no longer) want to die any ?more\b",
        r"\b(?:a year|months|weeks|years) ago\b",
        r"\bsince my (?:last )?(?:attempt|suicide attempt|relapse)\b",
        r"\b(?:im|i am) (?:still here|in recovery|recovering|healing|proud)\b",
        r"\b(?:glad|happy|grateful|thankful) (?:i|im|that i) (?:didnt|did not|am still|still|"
        r"survived|made it)\b",
        r"\b(?:survived|made it through) (?:my |the )?(?:attempt|suicide attempt|night|"
        r"anniversary|worst)\b",
        r"\b(?:threw|thrown|throw|got rid of|put|binned) (?:away |out )?(?:my |the )?(?:blades|"
        r"razors|pills|kit|self harm kit)\b",
        r"\b(?:gave|give|handed) (?:my |the )?(?:pills|meds|blades|razors) to\b",
        r"\b(?:hold|keep|look after|holding) (?:on to )?my (?:meds|pills|blades)\b",
        r"\b(?:for the first time|first time in (?:years|months|ages))\b",
        r"\b(?<!dont )(?<!didnt )(?<!not )(?:want|wanted) to be alive\b",
        r"\blife is worth living again\b|\bworth living again\b",
        r"\bfound a reason to live\b",
        r"\bscars? (?:are|is) (?:healing|fading)\b|\bdidnt hide my\b",
    )
)


def _fold(text: str) -> str:
    folded = normalise(text)
    for idiom in _IDIOMS:
        folded = idiom.sub(_MASK, folded)
    return folded


def assess(text: str) -> Tier:
    """Return the safety net's tier for a message (idioms masked first)."""
    if not text or not text.strip():
        return Tier.NONE
    folded = _fold(text)
    clear = any(pattern.search(folded) for pattern in _CLEAR)
    possible = clear or any(pattern.search(folded) for pattern in _POSSIBLE)
    if not possible:
        return Tier.NONE
    if clear and not any(pattern.search(folded) for pattern in _RECOVERY):
        return Tier.CLEAR
    return Tier.POSSIBLE


def is_crisis(text: str) -> bool:
    """Return True when the text reads as clear risk (helplines at once)."""
    return assess(text) is Tier.CLEAR


def is_recovery(text: str) -> bool:
    """Return True when the text reads as a recovery milestone or looking back."""
    if not text or not text.strip():
        return False
    folded = _fold(text)
    return any(pattern.search(folded) for pattern in _RECOVERY)


# A typed answer to "are you safe right now?", instead of a tap: short, and nothing else in it.
_SAFE_ANSWER = re.compile(
    r"^(?:yes|yeah|yep|yup|y|ok|okay|safe|fine|all good|im safe|i am safe|im ok|im okay|i am ok|"
    r"im fine|i am fine|im alright|yes im safe|yes i am|yes safe|im good|i am good|yes i am safe)"
    r"(?: (?:now|right now|thanks|thank you|its (?:in the )?past|its about the past))?$"
)
_NOT_SAFE_ANSWER = re.compile(
    r"^(?:no|nope|nah|n|not really|not sure|i dont know|idk|im not|i am not|no im not|help|"
    r"please help|no i am not)(?: (?:safe|sure|right now|really))?$"
)


def typed_answer(text: str) -> str | None:
    """Read a typed reply to "are you safe right now?": "safe", "not safe", or None."""
    folded = re.sub(r"[^\w\s]", " ", normalise(text))
    folded = _SPACES.sub(" ", folded).strip()
    if _NOT_SAFE_ANSWER.match(folded):
        return "not safe"
    if _SAFE_ANSWER.match(folded):
        return "safe"
    return None
