"""The words around a named thing that are not the thing: who, auxiliaries, verbs, determiners.

Criteria name an event or a quantity inside a sentence ("Patients who have had a history of
drug or alcohol abuse within ..."); the readers of windows and of open-vocabulary thresholds keep
the thing itself ("drug or alcohol abuse"), as labellers and analysts write it.
"""

from __future__ import annotations

import re

from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.vocabulary import PHRASE_STOPS, PHRASE_TRIM

LEADING = lazy_re(
    r"^(?:\d{1,2}\s*[.)]\s*|[^\w(]+"
    r"|(?:and/or|and|or|but|with|including|e\.g\.?|i\.e\.?|nor|any\s+of|as|at\s+least|least|in|on|at|of|for|to|by|from|"
    r"(?:the\s+)?following)\s+"
    r"|(?:inadequate|no|poor|lack\s+of)\s+response\s+to\s+|(?:unresponsive|refractory|non-?responsive)\s+to\s+|(?:not\s+)?respond(?:ed)?\s+to\s+"
    r"|(?:the\s+)?(?:patients?|subjects?|participants?|individuals?|people|persons?|those|women|men|females?|"
    r"males?|volunteers?)\b\s*(?:who\s+|that\s+)?"
    r"|(?:who|which|that|he|she|they|if|when|unless|whether)\s+"
    r"|(?:as\s+)?(?:evidenced|indicated|manifested|shown|determined)\s+by\s+"
    r"|(?:has|have|had|having|is|are|was|were|be|been|being|will|did|does|do|should|must|may|can|could)\s+(?:not\s+)?"
    r"|(?:currently|previously|recently|recent|ever|already|self-reported|documented|known|suspected|newly|confirmed|ongoing|"
    r"concurrent|concomitant|adequate|normal|significant|regular)\s+"
    r"|there\s+(?:is|are|was|were|has\s+been|have\s+been|had\s+been)\s+"
    r"|(?:one|two|three|four|five|six|seven|eight|nine|ten)\s+(?=[a-z])"
    r"|(?:(?:a|any|known|documented|personal|prior|previous|past|recent)\s+)*(?:medical\s+)?history\s+of\s+"
    r"|(?:received|receiving|consumed|consuming|used|using|took|taken|taking|undergone|undergoing|underwent|"
    r"experienced|experiencing|reported|reporting|reports?|administered|started|requiring|requires?|required|include|includes|participated\s+in|participating\s+in|planning\s+to|"
    r"exposed\s+to|withdrawn\s+from|remained\s+(?:at|in|on)|(?:enrolled|involved|engaged)\s+in|"  # how one took part
    r"suffer(?:ed|ing|s)?\s+from|completed|tried|"  # "suffered from X", "completed X": X itself
    r"plans?\s+to|"
    r"intends?\s+to|scheduled\s+for|diagnosed\s+with|treated\s+with|treatment\s+with|evidence\s+of|"
    r"presence\s+of|occurrence\s+of|diagnosis\s+of|signs?\s+of|use\s+of|exposure\s+to|administration\s+of|receipt\s+of|"
    r"either|may\s+include|meets?|meeting|participation\s+in|failed|failure\s+(?:to\s+respond\s+)?(?:to|of))\s+"
    r"|(?:any\s+other|any|all|a|an|the|some|each|every|certain|its|their|his|her|(?:form|type|kind)s?\s+of|"
    r"(?:total\s+)?number\s+of)\s+)",
    re.I,
)
TRAILING = lazy_re(
    r"(?:(?:^|\s+)(?:that|which)?\s*(?:has\s+|have\s+|had\s+|was\s+|were\s+)?(?:been\s+)?"
    r"(?:occurred|occurring|happened|performed|administered|given|started|received|done|measured|persisting|"
    r"lasting|ongoing|present|diagnosed)"
    r"|\s+(?:of|for|to|in|on|at|by|and|or|with|that|which|who|the|a|an|is|are|was|were|as|"
    r"does|do|did|shall|should|must|will|can|could|may)"  # "regimens does not exceed 2": an auxiliary
    r"|[\s,:-]+)$",
    re.I,
)


# "prophylactic drug dose used against cluster headache": what it is used for is not the thing, nor how it is
# defined ("haematology assessment as defined by adequate marrow")
PARTICIPLE_CLAUSE = lazy_re(
    r"\s+(?:(?:used|given|taken|administered|prescribed)\s+(?:for|against|to|as|in|with)|including|such\s+as|as\s+defined)\b.*$",
    re.I,
)


# a count of failed treatments keeps "failed" in its name, as the labelling guide does; "refractory to ≥ 2 TNF
# inhibitors", "intolerant to at least 2 NSAIDs" count treatments that failed too
FAILED = lazy_re(
    r"\b(?:failed|failure\s+(?:to\s+respond\s+)?(?:to|of)|failing|unsuccessful(?:ly)?|(?:refractory|intolerant)\s+to)"
    r"\s*$",
    re.I,
)
# "monoclonal antibodies or any investigational drug": labellers drop the inner "any"
INNER_ANY = lazy_re(r"\b(or|and|of)\s+any\s+", re.I)
# "changed his/her dietary habits", "treatment of their CNS disease": and the inner possessive
_INNER_POSSESSIVE = lazy_re(r"\s+(?:his\s*/\s*her|his\s+or\s+her|their|his|her|its)\s+", re.I)


def tidy(phrase: str) -> str:
    """The thing a phrase names, lowercased: "Has a history of drug or alcohol abuse" → "drug or alcohol abuse".

    Who, auxiliaries, "history of", common verbs and determiners at its start, and "that
    occurred", prepositions and punctuation at its end, are not the thing.
    """
    phrase = PARTICIPLE_CLAUSE.sub("", " ".join(phrase.split()))
    previous = None
    while phrase != previous:
        previous = phrase
        phrase = LEADING.sub("", phrase, count=1)
        phrase = TRAILING.sub("", phrase, count=1)
    return _INNER_POSSESSIVE.sub(" ", INNER_ANY.sub(r"\1 ", phrase)).lower()


_IRREGULAR_PLURALS = frozenset("teeth feet children people men women data criteria".split())


def plural(phrase: str) -> str:
    """``phrase`` with its last word in the plural ("target lesion" -> "target lesions")."""
    head = phrase.rsplit(" ", 1)[-1]
    if head.endswith(("s", "ia", "ci", "li")) or not head.isalpha() or head.lower() in _IRREGULAR_PLURALS:
        return phrase  # "foci", "nuclei", "teeth" are plural
    if head.endswith("y") and head[-2:-1] not in "aeiou":
        return phrase[:-1] + "ies"
    return phrase + ("es" if head.endswith(("ch", "sh", "x")) else "s")


# The words of a quantity's phrase, read back from its comparator (:func:`words_before`)
# "FEV1/FVC ratio" is one quantity; "Nurick's classification" one name, its possessive dropped; "CD19+" a marker
_WORD = r"(?!and/or\b)(?:\d+-?)?[A-Za-z][\w\-]*(?:\+(?![\w+])|['’]s\b)?(?:/(?!or\b)[A-Za-z][\w\-]*)*"
_A_WORD = lazy_re(_WORD)
_POSSESSIVE = lazy_re(r"['’]s\b")
STOP = lazy_re(rf"(?:{PHRASE_STOPS})", re.I)
# "remission was achieved ≥ 3 years prior", "hydroxyurea is permitted > 24 hours before": a passive says
# when the thing was or may be done, so the thing before it is what the limit bounds
_PASSIVE_END = lazy_re(r"\s+(?:is|are|was|were|be|been)\s+(?:achieved|permitted|allowed)\s*$", re.I)
_TRIM = lazy_re(rf"(?:{PHRASE_TRIM})", re.I)
_PARTICIPLE = lazy_re(r"(?:ed|en|wn)$")
# "in remission after ≥ 3 chemotherapy blocks": a clause ending in "after" says when; the words after the count name it
_AFTER = lazy_re(r"after", re.I)
_PAIR_JOINER = lazy_re(r"or|and/or", re.I)
# a state ("HBsAg positive or HBV-DNA ≥ 500") is no item of the pair: the quantity is the word after "or"
_STATE = r"(?:[\w]+-)?(?:(?:un)?detectable|positive|negative|reactive)|sero(?:positive|negative)|positivity|negativity"
_OTHER_ITEM = lazy_re(
    rf"(?!(?:{PHRASE_STOPS}|{PHRASE_TRIM}|(?:day|week|month|year)s?|{_STATE})$)"
    r"[A-Za-z][\w-]+",
    re.I,
)
VERB = lazy_re(
    r"receiv(?:ing|ed)|ha(?:ving|d)|using|used|tak(?:ing|en)|took|undergo(?:ing|ne)|underwent|treated|"
    r"experienc(?:ing|ed|es?)|requir(?:ing|ed)|includ(?:ing|ed)|show(?:ing|n|ed)|meet(?:ing)?|met|consum(?:ing|ed)|"
    r"suffer(?:s|ed|ing)?|perform(?:s|ed|ing)?|report(?:s|ed|ing)?|demonstrat(?:e|es|ed|ing)|shows?|smokes|smoked|"
    r"represents?",
    re.I,
)


def _short(kept: list[str]) -> bool:
    """Whether the words kept so far are one word and framing words after it (one item of an "or" pair)."""
    return bool(kept) and not _TRIM.fullmatch(kept[0]) and all(_TRIM.fullmatch(word) for word in kept[1:])


def words_before(window: str) -> list[str]:
    """The words of the quantity's phrase, read back from the comparator: up to five, not past a stop word.

    Framing words at either end go ("of", "the"); so does a participle after the quantity ("a
    capsulotomy performed more than 30 days before" is the capsulotomy). Two single words joined
    by "or" are one phrase ("opioids or barbiturates more than 5 days"), as labellers keep them.
    """
    words = re.findall(rf"{_WORD}|\S", _PASSIVE_END.sub("", window.rstrip(" \t:=(-[\\")))
    kept: list[str] = []
    for index in range(len(words) - 1, -1, -1):
        word = words[index]
        if _PAIR_JOINER.fullmatch(word) and index and _OTHER_ITEM.fullmatch(words[index - 1]) and _short(kept):
            kept = [words[index - 1].lower(), word.lower(), *kept]  # "triptans or ergots on ≥ 10 days"
            break
        if not _A_WORD.fullmatch(word) or STOP.fullmatch(word) or len(kept) == 5 or not kept and _AFTER.fullmatch(word):
            break
        if kept and VERB.fullmatch(word):
            break  # "disease despite receiving ≥ 2": a verb ends the quantity's phrase
        kept.insert(0, _POSSESSIVE.sub("", word.lower()))
    while kept and _TRIM.fullmatch(kept[0]):
        kept.pop(0)
    while kept and _TRIM.fullmatch(kept[-1]):
        kept.pop()
    if len(kept) > 1 and VERB.fullmatch(kept[-1]) and _PARTICIPLE.search(kept[-1]):
        kept.pop()
    return kept


# a participle ("detected", "assuming"), a letter ("n=35") or a function word names no quantity;
# habits named by their -ing form ("smoking > 10 cigarettes") do
NOT_A_NAME = lazy_re(
    r"(?!(?:smoking|drinking|vaping|bleeding|fasting|sleeping|walking|standing|sitting)$)[a-z-]+(?:ed|ing)|"
    r"[a-z]+(?:ately|ently|ously|ively|fully|ally)|"  # an adverb ("accurately"), not "splenomegaly"
    r"[a-z]|be|is|are|was|were|been|use|within|after|before|since|during|until|with|for|from|than|if|when|while|"
    r"can|cannot|could|must|may|should|will|would|positive|negative",  # "after ≥ 1 prior therapy", "positive for ≥ 1"
    re.I,
)

# an adjective ends the phrase ("1 or more tumors accessible"); nouns with the same endings do not
NOT_A_NOUN = lazy_re(
    r"(?<![\w-])(?!(?:event|agent|patient|parent|relative|treatment|incident|accident|component|segment|supplement|"
    r"element|antibiotic|diuretic|sedative|contraceptive|clinic)$)[\w-]*(?:ic|ible|able|ly|ent|ous|ive)$"
)

# what follows a count but is not what it counts: a unit the table lacks, a time word, a list selector
NOT_COUNTED = lazy_re(
    r"(?:of|on|in|at|out|for|per|according|gy|gray|mg|mcg|ug|ml|l|ans|prior|during|following|times?|fold|x|"
    r"(?:hour|day|week|month|year)s?)\b",
    re.I,
)
