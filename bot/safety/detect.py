"""Spot free text that suggests crisis or self-harm, while letting everyday idioms pass."""

# How it works, in three steps:
#
# 1. ``normalise`` folds the text into one predictable shape: NFKC, casefold, no zero-width
#    characters, straight quotes, apostrophes dropped ("don't" -> "dont"), hyphens and slashes
#    turned into spaces ("self-harm" -> "self harm"), letters repeated three or more times
#    squeezed ("diiie" -> "die") and whitespace collapsed to single spaces.
# 2. ``_IDIOMS`` masks known harmless phrases that overlap a crisis phrase ("die of
#    embarrassment", "cut myself a slice", "career suicide", "5 kms"). Masking a span instead
#    of vetoing the whole message means "this deadline is killing me and I want to die" is
#    still caught. Idiom patterns are kept narrow on purpose, so they cannot swallow a real
#    crisis phrase around them.
# 3. ``_CRISIS`` is a short list of readable patterns grouped by category. Any match wins.
#
# Most idioms ("my phone died", "killed it at the presentation", "dead tired") never reach a
# crisis pattern at all, because the crisis patterns need self-directed or explicit wording.
#
# Patterns are alternations of literals with only small bounded repeats (no unbounded nested
# quantifiers), so matching stays linear in the length of the text (10,000 chars: ~30 ms).
# The checker errs on the side of answering: a false alarm costs one kind message, a miss
# costs far more.

from __future__ import annotations

import re
import unicodedata

__all__ = ["is_crisis", "normalise"]

# --- normalisation --------------------------------------------------------------------------

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"), None)
_QUOTES = str.maketrans(dict.fromkeys("\u2018\u2019\u201b\u02bc\u00b4\u2032`", "'"))
_DOUBLE_QUOTES = str.maketrans(dict.fromkeys("\u201c\u201d\u201e\u201f\u2033", '"'))
_APOSTROPHE = re.compile(r"'")
_JOINERS = re.compile(r"[-_/\\~|\u2010-\u2015]+")
_REPEATS = re.compile(r"([^\W\d_])\1{2,}")
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Fold text into the lowercase, single-spaced, apostrophe-free form the patterns expect."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.translate(_ZERO_WIDTH).translate(_QUOTES).translate(_DOUBLE_QUOTES)
    text = _APOSTROPHE.sub("", text)
    text = _JOINERS.sub(" ", text)
    text = _REPEATS.sub(r"\1", text)
    return _SPACES.sub(" ", text).strip()


# --- shared fragments (all written for normalised text: no apostrophes, single spaces) -------

_I = r"[i1!*]"  # "i", also when written as 1, ! or * ("k1ll", "su*cide")
_SELF = r"(?:my ?s[e3]lf|meself)"
_WANT = r"(?:want(?:ed|s|ing)? (?:to|2)|wanna|wan to|need(?:ed)? to|going to|gonna|gunna|finna)"
_INTENT = rf"(?:{_WANT}|plan(?:ning|ned)? (?:to|on)|ready to|about to|try(?:ing)? to|tried to)"
_DONT = r"(?:dont|do not|didnt|did not|no longer)"
_CANT = r"(?:cant|cannot|can not|couldnt|could not)"
_ANYMORE = r"(?: any ?more| any longer| much longer)"
# The end of a clause: end of text, punctuation, or a few words that never change the meaning.
_END = r"(?= ?(?:$|[^\w\s]|(?:and|but|lol|tbh|honestly|now|tonight|today)\b))"
_PILLS = (
    r"(?:pills|tablets|meds|medication|medicine|painkillers|paracetamol|tylenol|"
    r"sleeping pills|antidepressants|insulin)"
)

# --- harmless idioms that overlap a crisis pattern; masked before the crisis check ---------

_IDIOMS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        # "die of embarrassment", "dying of boredom", "nearly died laughing", "to die for"
        r"\b(?:die|died|dies|dying|dead) (?:of|from) (?:embarrassment|laughter|laughing|boredom|"
        r"cringe|cuteness|jealousy|envy|excitement|happiness|joy|curiosity|thirst|hunger|heat)\b",
        r"\b(?:die|died|dies|dying) laughing\b",
        r"\bto die for\b",
        r"\bdying to\b",
        # "dye" misspelt as "die": "I want to die my hair blue", "dying my hair"
        r"\b(?:die|died|dies|dying) (?:my|her|his|your|their|the|our) (?:hair|roots|beard|"
        r"eyebrows|clothes|shirt|jeans|fabric|wool|eggs)\b",
        # kitchen and grooming cuts: "cut myself a slice", "cut myself some slack"
        rf"\bcut(?:ting|s)? {_SELF} (?:a|an|another|some|one more) (?:slice|piece|bit|wedge|"
        r"portion|chunk|sliver|share|break|deal|slack|fringe)\b",
        rf"\bcut(?:ting|s)? {_SELF} (?:short|off|loose|free|out)\b",
        rf"\b(?:accidentally|by accident) (?:cut|burnt|burned|hurt) {_SELF}\b",
        rf"\b(?:cut|burnt|burned|hurt) {_SELF} (?:by accident|accidentally)\b",
        rf"\b(?:cut|burnt|burned) {_SELF} (?:shaving|cooking|chopping|slicing|baking|ironing|"
        r"gardening|while cooking|on (?:a|the|some) (?:knife|paper|glass|tin|can|stove|oven|"
        r"pan|iron|kettle|grater|thorn|nail))\b",
        rf"\bhurt {_SELF} (?:at the gym|playing \w+|lifting|skiing|running|working out|"
        r"exercising|falling|tripping|slipping)\b",
        # sport, film, car and career uses of "suicide"
        rf"\b(?:career|political|social|professional|commercial|fashion|financial) "
        rf"su{_I}c{_I}de\b",
        rf"\bsu{_I}c{_I}de (?:squad|doors?|sprints?|drills?|runs?|mission|burn|king|blonde|"
        r"seat|lane)\b",
        # "overdosed on coffee"
        r"\b(?:overdos\w*|od(?:d|ed|ing)?) on (?:coffee|caffeine|sugar|chocolate|candy|sweets|"
        r"netflix|tv|cheese|carbs|pizza|cuteness|memes|sun|sunshine|vitamin c)\b",
        # someone else's death: "my uncle died of an overdose" (grief, not intent)
        r"\b(?:died|dies|death|passed away|passed) (?:of|from) (?:an |a )?(?:accidental )?"
        r"overdose\b",
        # distances: "ran 5 kms", "drove 300 kms", "a few kms"
        r"(?:\d|\b(?:a|few|two|three|four|five|six|seven|eight|nine|ten|twenty|hundred|"
        r"ran|run|walked|drove|cycled|biked|hiked|swam)) ?kms\b",
        # reclaiming, not ending: "taking my life back", "take my life into my own hands"
        r"\b(?:take|taking|taken|took) my life (?:back|in(?:to)? my own hands|in a new direction|"
        r"seriously|one day at a time)\b",
        # figure of speech: "shot myself in the foot", "killing myself at work"
        rf"\b(?:shot|shoot|shooting) {_SELF} in the foot\b",
        rf"\bkilling {_SELF} (?:at (?:work|the gym|the office)|working|studying|"
        r"with (?:work|homework|studying)|trying to (?:get|finish|make|meet|please))\b",
        # the playground line "if your friends told you to jump off a bridge"
        r"\bif (?:all )?(?:your|my|his|her) friends [a-z ]{0,30}jump off\b",
    )
)
_MASK = " _ "  # a word character: breaks phrases without looking like an ending

# --- crisis patterns, by category ---------------------------------------------------------

_CRISIS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        # -- intent: saying one will or wants to end one's life
        rf"\bk{_I}l+(?:ing|ed|s)? ?{_SELF}\b",  # kill myself, killing my self
        r"\bkms\b",  # "kill myself"
        # "kys" means "kill yourself"; only count it when the sentence is about oneself
        r"\b(?:i|im|ill|id|ima|imma) (?:(?!you\b|u\b|ur\b|he\b|she\b|they\b|yall\b)\w+ ){0,3}"
        r"kys\b",
        r"\bun ?aliv(?:e|ed|ing)\b",  # "unalive (myself)"
        rf"\b(?:su{_I}c{_I}d(?:e|al|ality)|sewer ?slide|toaster bath)\b",
        r"\b(?:end|ending|ended|take|taking|taken|took) my (?:own )?life\b",
        r"\bend(?:ing)? it all\b",
        rf"\b(?:i|im|ill|id) (?:\w+ ){{0,5}}end (?:it|things|everything)(?: for good| once and "
        rf"for all| already)?{_END}",
        r"\b(?:want(?:ed|s|ing)? (?:to|2)|wanna|wan to|need to|ready to|i hope i|let me|"
        r"wish i (?:could|would)|should just|might as well) (?:just )?die\b",
        r"\bwish (?:i|id) (?:was|were|could be|would be|had been) (?:dead|gone|never born)\b",
        r"\b(?:want|wanna|wish|might as well|would rather|id rather) (?:to be|i was|i were|be) "
        r"dead\b",
        rf"\b(?:want|wanna|need|ready|decided|about|going|gonna|plan|planning|trying)(?: to)? "
        rf"end it(?: all)?{_END}",
        r"\b(?:think\w*|consider\w*|thought|thoughts) (?:of|about) (?:ending|killing) (?:it|it all|"
        r"things|everything|my life|myself)\b(?! with)",
        r"\b(?:think\w*|thought|thoughts) (?:of|about) (?:dying|being dead|not being here|"
        r"not existing)\b",
        r"\bbetter off (?:dead|gone)\b",
        r"\bfeel(?:ing)? like dying\b",
        r"\b(?:wish|want|hope) (?:someone|somebody|something|a car|a bus|god) (?:would|to|"
        r"could|will) kill me\b",
        # -- ideation: not wanting to exist or wake up
        rf"\b{_DONT} (?:want|wanna) (?:to )?(?:be here|be around|be alive|exist|live|keep "
        rf"living|go on|wake up)(?:{_ANYMORE}|{_END}| ever again| tomorrow)",
        rf"\b{_DONT} (?:want|wanna) (?:to )?(?:be alive|exist)\b",
        r"\b(?:want|wanna|wish) (?:to )?(?:not be alive|not exist|not be here any ?more)\b",
        r"\bwish (?:i|id) (?:wasnt|werent|was not|were not) (?:alive|born|here any ?more)\b",
        rf"\b(?:i|i just|just) (?:want|wanna) (?:to )?disappear{_END}",
        r"\b(?:want|wanna|wish i could) (?:to )?sleep forever\b",
        r"\bwish (?:i|id) (?:didnt|did not|could stop|would stop|had never|never) "
        r"(?:exist|existing|existed|been born|wake up|woke up)\b",
        r"\b(?:want to|wanna|need to|wish i could|wish i would) (?:stop existing|cease to exist|"
        r"not exist|disappear (?:forever|for good|permanently))\b",
        r"\b(?:wish|want|hope|pray|praying) (?:that )?i (?:dont|do not|wont|will not|never|"
        r"wouldnt|didnt|could not|couldnt) wake up\b",
        r"\b(?:sleep|go to sleep|fall asleep) and (?:never|not) wake up\b",
        # -- self-harm
        r"\bself ?(?:harm\w*|injur\w*|mutilat\w*)\b",
        rf"\b(?:cut|cuts|cutting|burn|burnt|burned|burning|hurt|hurting|harm|harming|starve|"
        rf"starving|punch|punching) {_SELF}\b",
        r"\b(?:cut|cuts|cutting|slit|slitting) my (?:wrists?|arms?|thighs?|legs?|skin|veins?)\b",
        r"\b(?:urges?|tempted|craving|itching|itch) to (?:cut|self harm|hurt)\b"
        r"(?! (?:back|down|ties|class|corners|costs|carbs|sugar|my hair|in|loose|the \w+))",
        r"\b(?:started|start|keep|kept|been|still|relapsed|relapse|back to) cutting "
        r"(?:again|myself)\b",
        r"\bcutting again\b",
        r"\b(?:until|till|til) (?:i|it) (?:bleed|bleeds|bled)\b",
        rf"\bmake {_SELF} bleed\b",
        # -- means and plan
        rf"\b(?:hang|hanging|hanged|hung|drown|drowning|poison|poisoning|shoot|shooting|shot|"
        rf"stab|stabbing|suffocate|gas) {_SELF}\b",
        r"\bblow my (?:brains|head) out\b",
        r"\b(?:on|at) the (?:edge|ledge) of (?:a|the|this) (?:roof|bridge|cliff|building|"
        r"balcony)\b",
        r"\b(?:drive|driving|crash|crashing|steer|steering) (?:my|the) car (?:into|off)\b",
        r"\bjump(?:ing|ed)? (?:off|from|out of) (?:a|the|this|that|my|our) (?:\w+ )?(?:bridge|"
        r"roof|rooftop|building|cliff|balcony|tower|ledge|overpass|window|car park|parking "
        r"garage|top floor)\b",
        r"\b(?:jump\w*|step\w*|walk\w*|throw\w* myself) in front of (?:a|the) (?:\w+ )?"
        r"(?:train|bus|truck|lorry|car|tram|subway)\b",
        r"\bwalk (?:into|in to) the (?:sea|ocean|river|lake)\b",
        r"\boverdos(?:e|ed|es|ing)\b",
        rf"\b(?:{_INTENT}|think\w* (?:of|about)|i|ive|i have|almost|nearly) "
        rf"od(?:d|ed|ing)?\b",
        rf"\bod(?:d|ed|ing)? on (?:my |the |some |all (?:my |the )?)?{_PILLS}\b",
        rf"\b(?:take|took|taking|swallow|swallowed|swallowing|down|downed) (?:all|every one of|"
        rf"a (?:whole )?(?:bottle|box|bunch|handful|pack|packet) of|the (?:whole )?(?:bottle|box|"
        rf"pack|packet) of|too many) (?:of )?(?:my |the |these |those )?"
        rf"{_PILLS}\b",
        rf"\b(?:stockpil\w+|hoard\w*|sav(?:e|ed|ing) up) (?:my |some |the )?{_PILLS}\b",
        r"\b(?:suicide|goodbye) (?:note|letter)\b",
        r"\b(?:plan|plans|planned|planning|plotting) (?:to|on|how to|how i(?:d| would| will)?) "
        r"(?:die|end (?:it|things|everything|my life))\b(?! with)",
        r"\b(?:a|my|the) plan to (?:die|end (?:it|things|everything|my life))\b(?! with)",
        r"\bgiv(?:e|ing|en) away (?:all )?my (?:stuff|things|belongings|possessions)\b",
        # -- hopelessness with finality
        r"\b(?:no|zero|not a single|any) reasons? (?:left )?to (?:live|keep living|go on)\b"
        r"(?! (?:in|here|there|with|at|near|on|abroad))",
        r"\bnothing (?:left )?to live for\b",
        r"\b(?:no|whats the|what is the|see the|see any) point (?:in |of |to )?(?:living|life|"
        r"being alive|existing|going on|staying alive|carrying on|waking up)\b"
        r"(?! (?:in|here|there|with|at|near|on|abroad|coach))",
        r"\blife (?:is not|isnt|aint|feels not|is no longer|no longer feels) worth (?:living|it)\b",
        r"\bnot worth living\b",
        rf"\b{_CANT} (?:go on|keep going|carry on|do (?:this|it)|take (?:it|this)|cope|"
        rf"live like this|keep living|be here){_ANYMORE}\b",
        rf"\b{_CANT} (?:go on|carry on|keep going)(?: like this| living)?{_END}",
        rf"\b{_CANT} (?:live|go on|keep going|keep living) like this\b",
        r"\b(?:no|the only) way out (?:is|except|but|other than) (?:dying|death|to die|suicide)\b",
        r"\b(?:dying|death|suicide|to die) (?:is|seems|feels like) the only (?:way out|option|"
        r"answer)\b",
        r"\b(?:im|i am|i feel like|feel like) (?:just |such )?a burden (?:to|on) (?:everyone|"
        r"everybody|all of them|the world)\b",
        r"\b(?:im|i am) (?:just|only) a burden\b",
        r"\b(?:tired|sick|exhausted) of (?:living|being alive|life|existing|waking up)\b"
        r"(?! (?:paycheck|in|with|at|here|there|like|on|off|under|out|alone))",
        r"\bdone with (?:life|living|being alive|existing)\b(?! (?:in|coach))",
        r"\bdone (?:living|existing|being alive)\b"
        r"(?! (?:in|with|at|here|there|like|on|abroad|alone|together))",
        r"\bgiv(?:e|en|ing) up on (?:life|living)\b",
        r"\b(?:want|wanna|need) (?:it all|everything|it|this|the pain|my life|life) to (?:end|"
        r"stop|be over)\b",
        r"\b(?:better|happier) (?:off )?without me\b",
        r"\b(?:a )?better place without me\b",
        r"\b(?:better|happier|easier) (?:off )?(?:if|when) im (?:gone|dead|not here|not around)\b",
        r"\b(?:better|happier|easier) (?:off )?(?:if|when) i (?:was|were) (?:gone|dead|not here|"
        r"not around|never born)\b",
        r"\b(?:better|happier|easier) (?:off )?(?:if|when) i (?:died|disappeared|wasnt here|"
        r"werent here|wasnt around)\b",
        r"\b(?:no one|nobody|noone|no body) (?:would|will|d|ll|is going to|gonna) (?:even )?"
        r"(?:miss me|notice if i|care if i)\b",
        r"\b(?:no one|nobody|noone) (?:cares|would care) (?:if|whether) i (?:live|die|exist|am "
        r"alive|was alive|lived|died)\b",
        r"\bgo+dbye (?:forever|for good|everyone forever|cruel world)\b",
        r"\bthis is (?:my )?(?:final |last )?go+dbye\b",
        r"\bmy (?:final|last) go+dbye to (?:you all|everyone|everybody|all of you|the world)\b",
        r"\bmy last (?:day|night|week) (?:alive|on earth)\b",
        r"\b(?:wont|will not|im not going to) be (?:here|around|alive)(?: for)? much longer\b",
    )
)


def is_crisis(text: str) -> bool:
    """Return True when the text suggests a crisis or self-harm (idioms masked first)."""
    if not text or not text.strip():
        return False
    folded = normalise(text)
    for idiom in _IDIOMS:
        folded = idiom.sub(_MASK, folded)
    return any(pattern.search(folded) for pattern in _CRISIS)
