"""The words around a named thing that are not the thing: who, auxiliaries, verbs, determiners.

Criteria name an event or a quantity inside a sentence ("Patients who have had a history of
drug or alcohol abuse within ..."); the readers of windows and of open-vocabulary thresholds keep
the thing itself ("drug or alcohol abuse"), as labellers and analysts write it.
"""

from __future__ import annotations

import re

LEADING = re.compile(
    r"^(?:\d{1,2}\s*[.)]\s*|[^\w(]+"
    r"|(?:and/or|and|or|but|with|including|e\.g\.?|i\.e\.?|nor|any\s+of|as|at\s+least|least|in|on|at|of|for|to|by|from|"
    r"(?:the\s+)?following)\s+"
    r"|(?:inadequate|no|poor|lack\s+of)\s+response\s+to\s+|(?:unresponsive|refractory|non-?responsive)\s+to\s+|(?:not\s+)?respond(?:ed)?\s+to\s+"
    r"|(?:the\s+)?(?:patients?|subjects?|participants?|individuals?|people|persons?|those|women|men|females?|"
    r"males?|volunteers?)\b\s*(?:who\s+|that\s+)?"
    r"|(?:who|which|that|he|she|they|if|when|unless|whether)\s+"
    r"|(?:as\s+)?(?:evidenced|indicated|manifested|shown|determined)\s+by\s+"
    r"|(?:has|have|had|having|is|are|was|were|be|been|being|will|did|does|do|should|must|may|can|could)\s+(?:not\s+)?"
    r"|(?:currently|previously|recently|ever|already|self-reported|documented|known|suspected|newly|confirmed|ongoing|"
    r"concurrent|concomitant|adequate|normal|significant|regular)\s+"
    r"|there\s+(?:is|are|was|were|has\s+been|have\s+been)\s+"
    r"|(?:one|two|three|four|five|six|seven|eight|nine|ten)\s+(?=[a-z])"
    r"|(?:(?:a|any|known|documented|personal|prior|previous|past|recent)\s+)*(?:medical\s+)?history\s+of\s+"
    r"|(?:received|receiving|consumed|consuming|used|using|taken|taking|undergone|undergoing|underwent|"
    r"experienced|experiencing|reported|reporting|reports?|administered|started|requiring|requires?|required|include|includes|participated\s+in|participating\s+in|planning\s+to|"
    r"plans?\s+to|"
    r"intends?\s+to|scheduled\s+for|diagnosed\s+with|treated\s+with|treatment\s+with|evidence\s+of|"
    r"presence\s+of|occurrence\s+of|diagnosis\s+of|signs?\s+of|use\s+of|exposure\s+to|administration\s+of|receipt\s+of|"
    r"either|may\s+include|meets?|meeting|participation\s+in|failed|failure\s+(?:to\s+respond\s+)?(?:to|of))\s+"
    r"|(?:any\s+other|any|all|a|an|the|some|each|every|certain|its|their|his|her|(?:form|type|kind)s?\s+of|"
    r"(?:total\s+)?number\s+of)\s+)",
    re.I,
)
TRAILING = re.compile(
    r"(?:(?:^|\s+)(?:that|which)?\s*(?:has\s+|have\s+|had\s+|was\s+|were\s+)?(?:been\s+)?"
    r"(?:occurred|occurring|happened|performed|administered|given|started|received|done|measured|persisting|"
    r"lasting|ongoing|present|diagnosed)"
    r"|\s+(?:of|for|to|in|on|at|by|and|or|with|that|which|who|the|a|an|is|are|was|were|as)"
    r"|[\s,:-]+)$",
    re.I,
)


# "prophylactic drug dose used against cluster headache": what it is used for is not the thing, nor how it is
# defined ("haematology assessment as defined by adequate marrow")
PARTICIPLE_CLAUSE = re.compile(
    r"\s+(?:(?:used|given|taken|administered|prescribed)\s+(?:for|against|to|as|in|with)|including|such\s+as|as\s+defined)\b.*$",
    re.I,
)


# "monoclonal antibodies or any investigational drug": labellers drop the inner "any"
INNER_ANY = re.compile(r"\b(or|and|of)\s+any\s+", re.I)


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
    return INNER_ANY.sub(r"\1 ", phrase).lower()


def plural(phrase: str) -> str:
    """``phrase`` with its last word in the plural ("target lesion" -> "target lesions")."""
    head = phrase.rsplit(" ", 1)[-1]
    if head.endswith(("s", "ia", "ci", "li")) or not head.isalpha():  # "foci", "nuclei" are plural
        return phrase
    if head.endswith("y") and head[-2:-1] not in "aeiou":
        return phrase[:-1] + "ies"
    return phrase + ("es" if head.endswith(("ch", "sh", "x")) else "s")
