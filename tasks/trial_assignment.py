"""Who owns a trial: the trial of each document of a batch.

A document's trial is its stated id, else the trial it matches, else the trial it was attached
to before, else its own content trial (see :mod:`tasks.identity`). A trial known only from
content is absorbed by the stated id of a document that now matches it.
"""

from __future__ import annotations

from dataclasses import replace

from tasks.match_features import Features
from tasks.matching import Match, match_document
from tasks.sources import BatchDocument, StoredDocument, StoredView

STATED = 100.0


def document_trials(
    documents: list[BatchDocument], features: dict[str, Features], stored: dict[str, StoredDocument], view: StoredView
) -> tuple[dict[str, Match], dict[str, Match]]:
    """The trial of each document (by document id), and the content trials absorbed (``DOC-…`` → the claim).

    A document matched to a content trial that a stated id absorbs belongs to the stated id.
    """
    matches = assign_trials(documents, features, stored, view)
    absorbed = absorbed_trials(documents, features, view)
    matches = {d: absorbed[m.trial_id] if m.trial_id in absorbed else m for d, m in matches.items()}
    return matches, absorbed


def assign_trials(
    documents: list[BatchDocument],
    features: dict[str, Features],
    stored: dict[str, StoredDocument],
    view: StoredView,
) -> dict[str, Match]:
    """The trial of each document: its stated id, else a match, else where it was, else its content.

    The documents are added to the view's index under the trial they are given, so that the
    batch's other documents can match them.
    """
    matches = {d.document_id: Match(d.stated_id, "stated_id", STATED) for d in documents if d.stated_id}
    unstated = [d for d in documents if not d.stated_id]
    if not unstated:
        return matches
    index = view.match_index(content_only=False)
    # Everything the lookups and additions below read from a stored index, in a few queries.
    keys = [d.stated_id or d.key for d in documents] + [s.trial_id for s in stored.values() if s.trial_id]
    index.prefetch([features[d.key] for d in unstated], keys)
    for document in documents:
        if document.stated_id:
            index.add(replace(features[document.key], key=document.stated_id))
    # Documents with a title first: a page without one is matched by summary, possibly to them.
    for document in sorted(unstated, key=lambda d: (not features[d.key].titles, d.order)):
        query = features[document.key]
        found = _unstated_trial(document, match_document(query, index), stored.get(document.document_id))
        matches[document.document_id] = found
        index.add(replace(query, key=found.trial_id))
    return matches


def _unstated_trial(document: BatchDocument, found: Match | None, before: StoredDocument | None) -> Match:
    """The trial of a document stating no id: where it was when the match agrees or there is none, else the match.

    Unmatched and never attached, the document is its own content trial.
    """
    if before is not None and before.trial_id and (found is None or found.trial_id == before.trial_id):
        return Match(before.trial_id, before.match_rule or "content", before.match_score or STATED)
    return found or Match(document.key, "content", STATED)


def absorbed_trials(
    documents: list[BatchDocument], features: dict[str, Features], view: StoredView
) -> dict[str, Match]:
    """Trials known only from content that a document stating an id now claims: ``DOC-…`` → the claim."""
    stated = [d for d in documents if d.stated_id]
    if not stated:
        return {}
    index = view.match_index(content_only=True)
    if index.is_empty():
        return {}
    index.prefetch([features[d.key] for d in stated])
    absorbed = {}
    for document in stated:
        found = match_document(features[document.key], index)
        if found is not None and found.trial_id not in absorbed:
            absorbed[found.trial_id] = replace(found, trial_id=document.stated_id)
    return absorbed
