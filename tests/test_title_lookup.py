"""Title lookups score sorted word forms and rank only the owners that can reach the top.

The index holds each title's words sorted once (``sorted_tokens``) and scores it with
``ratio``: that must be ``token_sort_ratio`` of the titles as written, for every normalised
title. And a lookup in a block of near-identical titles must keep the same best owners as
ranking every owner of every passing title.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from tasks import matching
from tasks.identity import normalise
from tasks.match_features import Features, numbers_disagree, sorted_tokens
from tasks.matching import TOP_SCORES, MatchIndex

WORDS = st.text(alphabet="abcdeéxyz0123456789-/()Ⅱ ", min_size=0, max_size=12)


@settings(max_examples=400, deadline=None)
@given(st.lists(WORDS, max_size=12), st.lists(WORDS, max_size=12))
def test_ratio_of_sorted_words_is_token_sort_ratio_of_normalised_titles(a_words, b_words):
    a, b = normalise(" ".join(a_words)), normalise(" ".join(b_words))
    assert fuzz.ratio(sorted_tokens(a), sorted_tokens(b)) == fuzz.token_sort_ratio(a, b)


def every_owner_ranked(index: MatchIndex, query: str) -> dict[str, float]:
    """The best score per trial, ranking every owner of every title that passes (the oracle)."""
    texts = index._titles
    as_written = {text_id: text for text, text_id in texts._ids.items()}
    ranked = sorted(
        (-score, owner, text_id)
        for text_id, text in as_written.items()
        if (score := fuzz.token_sort_ratio(query, text)) >= matching.SUPPORTED_TITLE_THRESHOLD
        for owner in texts.owners[text_id]
    )
    best: dict[str, float] = {}
    for score, (_, key, _), text_id in ranked[:TOP_SCORES]:
        if not numbers_disagree(query, as_written[text_id]):
            best[key] = max(best.get(key, 0.0), -score)
    return best


def test_a_series_of_near_identical_titles_keeps_the_same_best_owners():
    index = MatchIndex()
    # One block of hundreds of titles passing the cutoff, each shared by many owners, and the
    # best two scoring alike: "zzaxx" and "zzcxx" are as far from "zzbxx" (the varying word sorts
    # last, so it stays in place), and their owners interleave in the ranking.
    for number in range(300):
        title = f"Anti-BCMA CAR-T cells in relapsed myeloma cohort zz{'ac'[number % 2]}{'x' * (number % 7)}"
        index.add(Features.of(f"DOC-{number}", (title,), None, None, (), ()))
    query = normalise("Anti-BCMA CAR-T cells in relapsed myeloma cohort zzbxx")
    found = index.title_scores([query])
    assert found and len(found) <= TOP_SCORES
    assert found == every_owner_ranked(index, query)
