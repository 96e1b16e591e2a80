"""Where the flat export's first outcome field stands: evidence from its place, not only its content.

The export writes its fields in a fixed order, one per line: title, brief summary, conditions,
interventions, the outcome fields, the detailed description. Every interventional study registered
since 2007 states a primary outcome, so the line in the first field's place is that field unless it
reads as the detailed description. A description's first paragraph is followed by a blank line
(another paragraph) or ends the document; in the reference records none is followed directly by
another line of text. A field is: the next field follows it on the next line.
"""

from __future__ import annotations

import re

from tasks.parsers.outcome_fields import is_listed_field
from tasks.parsers.outcome_split import SEPARATOR, TIME_FRAME_MAX, overlong
from tasks.parsers.timeframe_text import names_a_time

# "… the procedure. After that, …": a sentence break inside a text makes it prose, not one outcome.
_SENTENCE_BREAK = re.compile(r"[a-z0-9)]\.\s+[A-Z]")
_LIST_OPENING = re.compile(r"^\s*(?:\d{1,2}[.)]|[*•-])\s")


def first_field_by_place(lines: list[str], index: int) -> bool:
    """Whether line ``index``, in the first outcome field's place, is that field though no rule reads its time frame.

    It must be one line that a field follows on the next line (or the last line of the document),
    one outcome (no ``|``: a list is read by its content) whose last ``", "`` part names a time
    ("2009", "by May 2019", "One time-point", "Half annually for three years"), and hold no
    sentence break: a description's paragraph cut at its last comma may end with a date too.
    """
    if index >= len(lines) or not lines[index].strip() or "|" in lines[index]:
        return False
    if index + 1 < len(lines) and not lines[index + 1].strip():
        return False
    item = lines[index].strip()
    if overlong(item) or SEPARATOR not in item or _SENTENCE_BREAK.search(item):
        return False
    last = item.rsplit(SEPARATOR, 1)[1].strip()
    return len(last) <= TIME_FRAME_MAX and names_a_time(last)


def one_line_field(lines: list[str], index: int) -> bool:
    """Whether line ``index``, one item with no ``|`` read as an outcome field, ends its field there.

    Fields follow one another line by line. Of the reference records' fields whose first line holds
    no ``|`` only 4 go on directly on the next line, each into a list of its description ("1. …"
    over "2. …", "* …" lines), while 264 one-line fields are followed directly by the next field;
    no detailed description's first line is followed directly by another line of text (0 of 368).
    So a line of text right under it that opens no list item opens the next field or the
    description, even when the line above ends in a time frame no rule reads ("…, the change …
    before and after treatment", "…, After the imaging date.") and the text on to a later line
    reads as one outcome. A ``|`` list under it always opens the next field: only fields hold one.
    (Whether the line is an outcome field at all is for its content to tell: the first paragraph
    of a description may be a heading over its text.)
    """
    if index + 1 >= len(lines) or not lines[index].strip() or "|" in lines[index]:
        return False
    following = lines[index + 1]
    if is_listed_field(following):
        return True
    return bool(following.strip()) and not _LIST_OPENING.match(following)
