"""The learned attribution tagger: its guard, what it labels, and what it adds.

Expected values were read off the texts: the seed (data/sample/002_95249b356f5507be.txt)
"... NHK reported on Monday." is a plain report; the passages quoted below are from the
News Articles corpus and were written into the tests (a test needs no ../shared).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import spacy

from newsanalysis.annotate.claims import extract_claims, find_attributions
from newsanalysis.annotate.claims.tagger import LABELS, pipeline_id, rule_matrix, tagger_for
from newsanalysis.annotate.sentences import SentenceIndex


def _label(doc, tagger, text):
    probs = tagger.predict(doc, rule_matrix(doc, find_attributions(doc)))
    i = next(t.i for t in doc if t.text == text)
    return LABELS[int(probs[i].argmax())]


@pytest.mark.model
def test_the_packaged_tagger_fits_the_installed_pipeline(nlp):
    tagger = tagger_for(nlp)
    assert tagger is not None
    assert tagger.trained_on == pipeline_id(nlp) == "core_web_sm 3.8 96"


def test_a_pipeline_with_other_token_vectors_gets_no_tagger():
    # a blank pipeline only stands in for "another model" here: it has no tok2vec
    assert tagger_for(spacy.blank("en")) is None


@pytest.mark.model
def test_probabilities_cover_every_token_and_sum_to_one(nlp, seed2_doc):
    probs = tagger_for(nlp).predict(seed2_doc, rule_matrix(seed2_doc, find_attributions(seed2_doc)))
    assert probs.shape == (len(seed2_doc), len(LABELS))
    assert np.allclose(probs.sum(axis=1), 1.0, atol=1e-5)


@pytest.mark.model
def test_labels_a_report_cue_and_its_source(nlp, seed2_doc):
    tagger = tagger_for(nlp)
    assert _label(seed2_doc, tagger, "reported") == "cue"
    assert _label(seed2_doc, tagger, "NHK") == "source"


# Deutsche Welle, 26 Jan 2017, in the News Articles corpus (row 318): two stances of the
# administration with no reporting verb the rules know, "mandating that ..." and
# "reportedly instructed the EPA to ...".
DW = ('The administration on Wednesday went even further by mandating that any studies or data from the '
      'public agency undergo "review" by political appointees before being released to the public. '
      'The administration also reportedly instructed the EPA to remove the climate change page from its '
      'website.')


@pytest.mark.model
def test_adds_the_attributions_the_rules_miss(nlp):
    doc = nlp(DW)
    assert extract_claims(doc, "dw") == []  # the rules alone find nothing here
    df = pd.DataFrame(extract_claims(doc, "dw", tagger=tagger_for(nlp)))
    assert df["cue"].tolist() == ["mandating", "instructed"]
    assert set(df["speaker"]) == {"The administration"} and set(df["found_by"]) == {"tagger"}
    assert df["content"].tolist() == [
        ('that any studies or data from the public agency undergo "review" by political appointees '
         "before being released to the public"),
        "to remove the climate change page from its website"]
    assert df["status"].tolist() == ["asserted", "unconfirmed"]  # "reportedly"


@pytest.mark.model
def test_the_seed_claims_are_the_rules_own(nlp, seed1_doc, seed2_doc):
    # on the seeds the rules already find every attribution; the tagger adds no row
    for doc in (seed1_doc, seed2_doc):
        sents = SentenceIndex(doc)
        rules = pd.DataFrame(extract_claims(doc, "s", sents=sents))
        both = pd.DataFrame(extract_claims(doc, "s", sents=sents, tagger=tagger_for(nlp)))
        assert set(both["found_by"]) == {"rules"}
        key = ["cue_start", "content", "speaker"]
        assert sorted(map(tuple, rules[key].values)) == sorted(map(tuple, both[key].values))


@pytest.mark.model
def test_annotate_uses_the_tagger(tmp_path):
    from newsanalysis import annotate, load_articles

    arts = load_articles(pd.DataFrame({"title": ["EPA"], "text": [DW], "published": ["2017-01-26"]}))
    claims = annotate(arts, cache_dir=tmp_path, progress=False).claims
    assert claims["found_by"].tolist() == ["tagger", "tagger"]
    assert claims["cue"].tolist() == ["mandating", "instructed"]


@pytest.mark.model
def test_an_act_is_no_claim_but_an_instruction_is(nlp):
    # sentences from the News Articles corpus (Al Jazeera, Feb 2017; DW, Feb 2017)
    tagger = tagger_for(nlp)
    act = nlp("On Monday, Israel passed a controversial bill that retroactively legalises thousands "
              "of settler homes built on privately owned Palestinian land.")
    polnear = find_attributions(act, tagger=tagger, statements_only=False)
    assert [(a.found_by, a.lemma) for a in polnear] == [("tagger", "pass")]  # PolNeAR counts acts
    assert find_attributions(act, tagger=tagger) == []  # the claims table does not
    order = nlp("The administration instructed the agency to remove the climate change page from its website.")
    (att,) = find_attributions(order, tagger=tagger)
    assert att.found_by == "tagger" and order[att.source[0]:att.source[1]].text == "The administration"
