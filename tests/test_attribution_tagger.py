"""The learned attribution tagger: its guard, what it labels on a seed, and what it adds.

Expected values were read off the seed text (data/sample/002_95249b356f5507be.txt):
"Japan is considering measures such as expanding a freeze on North Korean and Russian
assets, as it believes that ..." attributes an intention to Japan with no reporting verb
the rules know; "... NHK reported on Monday." is a plain report.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import spacy

from newsanalysis.attribution_tagger import LABELS, pipeline_id, rule_matrix, tagger_for
from newsanalysis.claims import extract_claims, find_attributions
from newsanalysis.spans import SentenceIndex


def _label(doc, tagger, text):
    probs = tagger.predict(doc, rule_matrix(doc, find_attributions(doc)))
    i = next(t.i for t in doc if t.text == text)
    return LABELS[int(probs[i].argmax())]


def test_the_packaged_tagger_fits_the_installed_pipeline(nlp):
    tagger = tagger_for(nlp)
    assert tagger is not None
    assert tagger.trained_on == pipeline_id(nlp) == "core_web_sm 3.8 96"


def test_a_pipeline_with_other_token_vectors_gets_no_tagger():
    # a blank pipeline only stands in for "another model" here: it has no tok2vec
    assert tagger_for(spacy.blank("en")) is None


def test_probabilities_cover_every_token_and_sum_to_one(nlp, seed2_doc):
    probs = tagger_for(nlp).predict(seed2_doc, rule_matrix(seed2_doc, find_attributions(seed2_doc)))
    assert probs.shape == (len(seed2_doc), len(LABELS))
    assert np.allclose(probs.sum(axis=1), 1.0, atol=1e-5)


def test_labels_a_report_cue_and_its_source(nlp, seed2_doc):
    tagger = tagger_for(nlp)
    assert _label(seed2_doc, tagger, "reported") == "cue"
    assert _label(seed2_doc, tagger, "NHK") == "source"


def test_adds_an_attribution_the_rules_miss(nlp, seed2_doc):
    sents = SentenceIndex(seed2_doc)
    rules = pd.DataFrame(extract_claims(seed2_doc, "s2", sents=sents))
    both = pd.DataFrame(extract_claims(seed2_doc, "s2", sents=sents, tagger=tagger_for(nlp)))
    assert not (rules["cue"] == "considering").any()
    row = both[(both["cue"] == "considering") & both["content"].str.startswith("measures such as")].iloc[0]
    assert row["speaker"] == "Japan"
    assert row["content"] == "measures such as expanding a freeze on North Korean and Russian assets"
    # everything the rules found is still there, and only this row was added
    key = ["cue_start", "content", "speaker"]
    assert set(map(tuple, rules[key].values)) <= set(map(tuple, both[key].values))
    assert len(both) == len(rules) + 1


def test_annotate_uses_the_tagger(sample_ann):
    claims = sample_ann.claims
    assert ((claims["cue"] == "considering") & (claims["speaker"] == "Japan")).any()


def test_each_claim_says_which_part_found_it(nlp, seed2_doc):
    both = pd.DataFrame(extract_claims(seed2_doc, "s2", tagger=tagger_for(nlp)))
    assert set(both["found_by"]) == {"rules", "tagger"}
    assert both.loc[both["found_by"] == "tagger", "cue"].tolist() == ["considering"]
