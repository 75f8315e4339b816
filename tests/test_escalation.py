"""Escalation language: the lexicon, the matcher with its context rules, trends, plots, widget.

Expected values come from reading the texts: the seed articles (data/sample), and the small
sentences and tables written out in each test.
"""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import plotly.graph_objects as go
import pytest
from spacy.tokens import Doc

from newsanalysis.analyse.trends import (
    NARRATIVE,
    escalation_trend,
    evidence_for_period,
    filter_hits,
    highlight_sentence,
    trend_comparison,
)
from newsanalysis.annotate.escalation import extract_escalation
from newsanalysis.annotate.ladder import CATEGORIES, LADDER, compile_pattern, load_lexicon
from newsanalysis.annotate.usage import COUNTED_USAGES
from newsanalysis.schemas import validate
from newsanalysis.show.escalation import (
    evidence_html,
    explorer_options,
    plot_escalation_trend,
    plot_trend_comparison,
)
from newsanalysis.show.escalation_explorer import escalation_explorer

pytestmark = pytest.mark.model

# Goldstein (1992) weights of the CAMEO root codes as published in GDELT's lookup file
# CAMEO.goldsteinscale.txt (typed from that file, not from the lexicon).
PUBLISHED_GOLDSTEIN_ROOTS = {
    "01": 0.0, "02": 3.0, "03": 4.0, "04": 1.0, "05": 3.5, "06": 6.0, "07": 7.0, "08": 5.0,
    "09": -2.0, "10": -5.0, "11": -2.0, "12": -4.0, "13": -6.0, "14": -6.5, "15": -7.2,
    "16": -4.0, "17": -7.0, "18": -9.0, "19": -10.0, "20": -10.0,
}


def hits_of(nlp, text, claims=()):
    return extract_escalation(nlp(text), "t", list(claims))


def hit_at(hits, text, phrase, occurrence=0):
    """The hit whose span overlaps the given occurrence of ``phrase`` in ``text``."""
    pos = -1
    for _ in range(occurrence + 1):
        pos = text.index(phrase, pos + 1)
    end = pos + len(phrase)
    found = [h for h in hits if h["start"] < end and pos < h["end"]]
    assert found, f"no hit on {phrase!r}; hits: {[(text[h['start']:h['end']], h['term']) for h in hits]}"
    return found[0]


# --------------------------------------------------------------------------- the lexicon

class TestLexicon:
    def test_has_at_least_200_entries_written_for_the_project(self):
        assert len(load_lexicon()) >= 200

    def test_every_field_is_valid(self):
        lex = load_lexicon()
        assert lex["term"].is_unique
        assert set(lex["category"]) <= set(CATEGORIES)
        assert (lex["rung"] == lex["category"].map(CATEGORIES)).all()
        for row in lex.itertuples():
            assert row.cameo in LADDER[row.rung].cameo_roots, row.term
            assert row.polarity == ("de-escalatory" if row.rung == 0 else "escalatory"), row.term
            assert isinstance(row.nuclear, bool)
            assert compile_pattern(row.pattern)
        assert (lex.loc[lex["rung"] >= 7, "nuclear"]).all()

    def test_goldstein_is_the_published_value_of_the_cameo_root(self):
        lex = load_lexicon()
        wrong = lex[lex["goldstein"] != lex["cameo"].map(PUBLISHED_GOLDSTEIN_ROOTS)]
        assert wrong.empty, wrong[["term", "cameo", "goldstein"]]

    def test_goldstein_is_consistent_per_cameo_code(self):
        assert (load_lexicon().groupby("cameo")["goldstein"].nunique() == 1).all()

    def test_every_rung_of_the_ladder_has_entries(self):
        assert sorted(load_lexicon()["rung"].unique()) == [step.rung for step in LADDER]

    @pytest.mark.parametrize("term, rung", [
        ("red line", 3), ("serious escalation", 6), ("much more serious consequences", 3),
        ("nuclear doctrine", 7), ("nuclear forces without limitation", 7),
        ("bolster nuclear forces", 7), ("war preparations", 4), ("significant escalation", 6),
        ("dangerous expansion", 6), ("veiled threat", 3), ("sanctions", 2), ("asset freeze", 2),
        ("peace negotiations", 0), ("conflict and turmoil", 5), ("strikes into", 5),
        ("deployment of troops", 4), ("shock troops", 4), ("military intervention", 5),
        ("combat operations", 5), ("nuclear war", 8), ("expand the scope", 6),
    ])
    def test_seed_phrase_is_an_entry_on_its_rung(self, term, rung):
        lex = load_lexicon().set_index("term")
        assert lex.loc[term, "rung"] == rung

    def test_blockers_are_kept_apart_from_entries(self):
        all_rows = load_lexicon(include_blockers=True)
        blockers = all_rows[all_rows["category"] == "blocker"]
        assert "world wars" in set(blockers["term"])
        assert not set(blockers["term"]) & set(load_lexicon()["term"])

    def test_a_wrong_goldstein_value_is_rejected_with_its_line(self, tmp_path):
        good = ("term\tpattern\tcategory\trung\tcameo\tgoldstein\tpolarity\tnuclear\tnote\n"
                "red line\tred line\tthreat of force\t3\t13\t-6.0\tescalatory\tfalse\tx\n")
        bad = good + "ultimatum\tultimatum\tthreat of force\t3\t13\t-7.0\tescalatory\tfalse\tx\n"
        path = tmp_path / "lex.tsv"
        path.write_text("# header comment\n" + bad, encoding="utf-8")
        with pytest.raises(ValueError, match=r"lex.tsv:4 .*goldstein -7.0 for CAMEO 13"):
            load_lexicon(path)

    def test_a_category_on_the_wrong_rung_is_rejected(self, tmp_path):
        path = tmp_path / "lex.tsv"
        path.write_text(
            "term\tpattern\tcategory\trung\tcameo\tgoldstein\tpolarity\tnuclear\tnote\n"
            "red line\tred line\tthreat of force\t5\t13\t-6.0\tescalatory\tfalse\tx\n",
            encoding="utf-8")
        with pytest.raises(ValueError, match="sits on rung 3"):
            load_lexicon(path)


class TestCompilePattern:
    def test_words_match_lemmas_in_any_case(self):
        tok = compile_pattern("line")[0]
        assert {"line", "Line", "LINE", "Lines"} <= set(tok["LEMMA"]["IN"])

    def test_gap_optional_pos_entity_and_form(self):
        pat = compile_pattern("strike/NOUN *2 into the? @GPE|NORP =hostilities")
        assert pat[0]["POS"] == {"IN": ["NOUN"]}
        assert pat[1] == {"OP": "{0,2}"}
        assert pat[3]["OP"] == "?"
        assert pat[4] == {"ENT_TYPE": {"IN": ["GPE", "NORP"]}}
        assert pat[5] == {"LOWER": {"IN": ["hostilities"]}}

    @pytest.mark.parametrize("bad", ["", "*3 war", "war *9 crime", "war|", "war|@GPE"])
    def test_malformed_patterns_are_rejected(self, bad):
        with pytest.raises(ValueError):
            compile_pattern(bad)


# --------------------------------------------------------------------------- matching

@pytest.mark.model
class TestMatching:
    @pytest.mark.parametrize("text", [
        "Russian troops may escalate.", "Russian troops escalated.", "Russian troops are escalating.",
        "The army escalates.",
    ])
    def test_every_inflection_of_escalate_matches(self, nlp, text):
        assert [h["term"] for h in hits_of(nlp, text)] == ["escalate"]

    def test_plural_red_lines_match_red_line(self, nlp):
        text = "Both armies drew red lines."
        hit = hit_at(hits_of(nlp, text), text, "red lines")
        assert (hit["term"], hit["rung"], hit["cameo"], hit["goldstein"]) == ("red line", 3, "13", -6.0)

    def test_longest_entry_wins_over_the_entries_inside_it(self, nlp):
        text = "It would entail a serious escalation."
        hits = hits_of(nlp, text)
        assert [(h["term"], text[h["start"]:h["end"]]) for h in hits] == [
            ("serious escalation", "serious escalation")]

    @pytest.mark.parametrize("text", [
        "World War II ended in 1945.", "He died of a heart attack.", "Teachers went on strike.",
        "The Cold War shaped Europe.", "The nuclear power plant was closed for repairs.",
    ])
    def test_blockers_hide_figurative_and_historical_uses(self, nlp, text):
        assert hits_of(nlp, text) == []

    @pytest.mark.parametrize("text, phrase, term", [
        ("A counter-offensive began.", "counter-offensive", "counter-offensive"),
        ("It was a full-scale invasion.", "full-scale invasion", "full-scale war"),
        ("Kyiv asked for a no-fly zone.", "no-fly zone", "no-fly zone"),
        ("Moscow keeps tactical nuclear weapons in Belarus.", "tactical nuclear weapons", "tactical nuclear weapons"),
        ("The long-range missiles arrived.", "long-range missiles", "long-range missiles"),
        ("Both sides called for de-escalation.", "de-escalation", "de-escalation"),
    ])
    def test_hyphenated_and_multiword_entries_match_whole(self, nlp, text, phrase, term):
        hit = hit_at(hits_of(nlp, text), text, phrase)
        assert (hit["term"], text[hit["start"]:hit["end"]]) == (term, phrase)

    @pytest.mark.parametrize("text", [
        "Republicans attacked Democrats over the bill.",
        "The costs had escalated to 1.2 billion euro.",
        "The Intermediate-range Nuclear Forces Treaty bans such missiles.",
        "China has risen to occupy the top spot globally.",
        "They moved away from state-sanctioned art.",
    ])
    def test_figurative_uses_are_not_escalation(self, nlp, text):
        assert [h for h in hits_of(nlp, text) if h["polarity"] == "escalatory"] == []

    def test_ceasefire_is_de_escalatory_rung_zero(self, nlp):
        text = "Both sides agreed to a ceasefire on Monday."
        hit = hit_at(hits_of(nlp, text), text, "ceasefire")
        assert (hit["polarity"], hit["rung"], hit["cameo"], hit["goldstein"]) == (
            "de-escalatory", 0, "08", 5.0)

    def test_will_not_escalate_is_negated(self, nlp):
        text = "Moscow will not escalate the conflict."
        hit = hit_at(hits_of(nlp, text), text, "escalate the conflict")
        assert hit["negated"] is True and hit["conditional"] is False

    def test_could_lead_to_war_is_conditional(self, nlp):
        text = "The decision could lead to a wider war."
        hit = hit_at(hits_of(nlp, text), text, "wider war")
        assert hit["conditional"] is True and hit["negated"] is False

    def test_threat_of_consequences_in_if_clause_is_conditional(self, nlp):
        text = "If NATO sends troops, there will be serious consequences."
        hits = hits_of(nlp, text)
        assert hit_at(hits, text, "sends troops")["conditional"] is True

    def test_rows_validate_against_the_escalation_schema(self, nlp):
        rows = hits_of(nlp, "Putin warned of a nuclear war. Peace talks resumed.")
        df = validate("escalation", pd.DataFrame(rows))
        assert df["nuclear"].tolist() == [True, False]
        assert df["sent_idx"].tolist() == [0, 1]


@pytest.mark.model
class TestKeyedMatching:
    def test_keyed_sentence_matching_equals_one_matcher_over_the_doc(self, nlp, seed1_doc, seed2_doc):
        from spacy.matcher import Matcher

        from newsanalysis.annotate.escalation import _find_matches
        from newsanalysis.annotate.ladder import get_matcher
        from newsanalysis.annotate.sentences import SentenceIndex

        full = Matcher(nlp.vocab)
        lex = load_lexicon(include_blockers=True)
        for i, pattern in enumerate(lex["pattern"]):
            full.add(f"esc{i}", [compile_pattern(pattern)])
        compiled = get_matcher(nlp.vocab)
        for doc in (seed1_doc, seed2_doc):
            sents = SentenceIndex(doc)
            within_sentences = {m for m in full(doc) if sents.of_token(m[1]) == sents.of_token(m[2] - 1)}
            assert _find_matches(doc, compiled, sents) == within_sentences


class TestContextOnHandBuiltDocs:
    """Pin the dependency rules without depending on the model's guesses."""

    def test_neg_dependent_of_the_verb_negates_the_hit(self, nlp):
        doc = Doc(nlp.vocab,
                  words=["Russian", "troops", "will", "not", "escalate", "."],
                  heads=[1, 4, 4, 4, 4, 4], deps=["amod", "nsubj", "aux", "neg", "ROOT", "punct"],
                  pos=["ADJ", "NOUN", "AUX", "PART", "VERB", "PUNCT"],
                  lemmas=["russian", "troop", "will", "not", "escalate", "."])
        [hit] = extract_escalation(doc, "a", [])
        assert (hit["term"], hit["negated"], hit["conditional"]) == ("escalate", True, False)

    def test_if_clause_makes_the_hit_conditional(self, nlp):
        doc = Doc(nlp.vocab,
                  words=["If", "Russia", "escalates", ",", "NATO", "will", "respond", "."],
                  heads=[2, 2, 6, 6, 6, 6, 6, 6],
                  deps=["mark", "nsubj", "advcl", "punct", "nsubj", "aux", "ROOT", "punct"],
                  pos=["SCONJ", "PROPN", "VERB", "PUNCT", "PROPN", "AUX", "VERB", "PUNCT"],
                  lemmas=["if", "Russia", "escalate", ",", "NATO", "will", "respond", "."])
        [hit] = extract_escalation(doc, "a", [])
        assert (hit["term"], hit["conditional"], hit["negated"]) == ("escalate", True, False)

    def test_main_clause_of_an_if_clause_is_conditional(self, nlp):
        doc = Doc(nlp.vocab,
                  words=["If", "talks", "fail", ",", "war", "will", "follow", "."],
                  heads=[2, 2, 6, 6, 6, 6, 6, 6],
                  deps=["mark", "nsubj", "advcl", "punct", "nsubj", "aux", "ROOT", "punct"],
                  pos=["SCONJ", "NOUN", "VERB", "PUNCT", "NOUN", "AUX", "VERB", "PUNCT"],
                  lemmas=["if", "talk", "fail", ",", "war", "will", "follow", "."])
        [hit] = extract_escalation(doc, "a", [])
        assert (hit["term"], hit["conditional"]) == ("war", True)

    def test_a_not_inside_the_idiom_does_not_negate_it(self, nlp):
        doc = Doc(nlp.vocab,
                  words=["China", "will", "not", "sit", "idly", "by", "."],
                  heads=[3, 3, 3, 3, 3, 3, 3],
                  deps=["nsubj", "aux", "neg", "ROOT", "advmod", "prep", "punct"],
                  pos=["PROPN", "AUX", "PART", "VERB", "ADV", "ADP", "PUNCT"],
                  lemmas=["China", "will", "not", "sit", "idly", "by", "."])
        [hit] = extract_escalation(doc, "a", [])
        assert (hit["term"], hit["negated"], hit["rung"]) == ("not sit idly by", False, 3)


class TestClaimAttribution:
    TEXT = 'Putin said: "This is a red line." Analysts expect sanctions.'

    def test_hit_inside_a_claim_gets_its_id_and_speaker_actor(self, nlp):
        content = '"This is a red line."'
        cs = self.TEXT.index(content)
        claims = [{"claim_id": "t:c000", "content_start": cs, "content_end": cs + len(content),
                   "speaker": "Putin", "speaker_start": 0, "speaker_end": 5,
                   "speaker_actor_id": "vladimir-putin"}]
        hits = hits_of(nlp, self.TEXT, claims)
        red = hit_at(hits, self.TEXT, "red line")
        assert (red["claim_id"], red["speaker_actor_id"]) == ("t:c000", "vladimir-putin")
        sanctions = hit_at(hits, self.TEXT, "sanctions")
        assert (sanctions["claim_id"], sanctions["speaker_actor_id"]) == (None, None)

    def test_the_innermost_of_nested_claims_wins(self, nlp):
        start = self.TEXT.index("red line")
        claims = [
            {"claim_id": "outer", "content_start": 0, "content_end": len(self.TEXT), "speaker_actor_id": None},
            {"claim_id": "inner", "content_start": start - 2, "content_end": start + 10, "speaker_actor_id": None},
            {"claim_id": "no-content", "content_start": None, "content_end": None, "speaker_actor_id": None},
        ]
        assert hit_at(hits_of(nlp, self.TEXT, claims), self.TEXT, "red line")["claim_id"] == "inner"


# --------------------------------------------------------------------------- the seeds

SEED1_EXPECTED = [
    # phrase as written, occurrence, term, rung, negated, conditional
    ("attacks within Russian territory", 0, "attack on targets", 5, False, False),
    ("sending thousands of soldiers", 0, "send troops", 4, False, False),
    ("send more troops", 0, "send troops", 4, True, False),  # "a signal ... not to send more troops"
    ("scope of operations could be expanded", 0, "scope expanded", 6, False, True),
    ("disproportionate escalation", 0, "disproportionate escalation", 6, False, True),  # "the risk of"
    ("involvement of foreign troops", 0, "involvement of foreign troops", 6, False, False),
    ("recapture territories", 0, "recapture territory", 5, False, False),
    ("join the conflict", 0, "join the conflict", 6, False, True),  # "could join"
    ("peace negotiations", 0, "peace negotiations", 0, False, True),  # "potential peace negotiations"
    ("red line", 0, "red line", 3, False, False),
    ("nuclear doctrine", 0, "adjust nuclear doctrine", 7, False, False),
    ("veiled threat", 0, "veiled threat", 3, False, True),  # "... if military aid escalated"
    ("escalated", 0, "escalate", 6, False, True),
    ("escalate even further", 0, "escalate further", 6, False, True),  # "could prolong and escalate"
    ("significant escalation", 0, "significant escalation", 6, False, False),
    ("dangerous expansion of Russia’s war", 0, "expansion of the war", 6, False, False),
    ("violation of Security Council resolutions", 0, "violation of international law", 1, False, False),
    ("serious conflict", 0, "armed conflict", 5, False, False),
    ("international sanctions", 0, "sanctions", 2, False, False),
    ("killed or wounded", 0, "killed or wounded", 5, False, False),
    ("assault on Ukraine", 0, "assault", 5, False, False),
]

SEED2_EXPECTED = [
    ("strikes into Russia", 0, "strikes into", 5, False, False),
    ("bring North Korean troops into its war", 0, "bring into the fight", 6, False, False),
    ("combat operations", 0, "combat operations", 5, False, False),
    ("response would be immediate", 0, "response will be immediate", 3, False, False),
    ("serious escalation", 0, "serious escalation", 6, False, False),
    ("much more serious consequences", 0, "much more serious consequences", 3, False, True),  # "threatens to lead to"
    ("strike deep into Russia", 0, "strike deep", 5, False, False),
    ("condemned", 0, "condemn", 1, False, False),
    ("dangerous expansion", 0, "expansion of the war", 6, False, False),
    ("serious consequences for both", 0, "serious consequences", 3, False, False),
    ("escalate the Ukraine conflict", 0, "escalate the conflict", 6, False, True),  # "could dangerously"
    ("conflict and turmoil", 0, "conflict and turmoil", 5, True, False),  # "not allow ... to happen"
    ("not sit idly by", 0, "not sit idly by", 3, False, False),
    ("shock troops", 0, "shock troops", 4, False, False),
    ("deployment of troops to Russia", 0, "deployment of troops", 4, True, False),  # "did not comment on"
    ("expand the scope of Washington’s military intervention", 0, "expand the scope", 6, False, False),
    ("bolstering his nuclear forces", 0, "bolster nuclear forces without limitation", 7, False, False),
    ("war preparations", 0, "war preparations", 4, False, False),
    ("nuclear forces, without limitation", 0, "nuclear forces without limitation", 7, False, False),
    ("tightening sanctions", 0, "tighten sanctions", 2, False, False),
    ("freeze on North Korean and Russian assets", 0, "freeze assets", 2, False, False),
    ("asset freezes", 0, "asset freeze", 2, False, False),
    ("strengthen sanctions", 0, "tighten sanctions", 2, False, False),
]


@pytest.mark.model
class TestSeeds:
    @pytest.mark.parametrize("phrase, occ, term, rung, negated, conditional", SEED1_EXPECTED)
    def test_seed1_phrase_is_found_with_its_rung_and_context(self, seed1, seed1_doc, phrase, occ,
                                                             term, rung, negated, conditional):
        hit = hit_at(extract_escalation(seed1_doc, "s1", []), seed1["text"], phrase, occ)
        assert (hit["term"], hit["rung"], hit["negated"], hit["conditional"]) == (
            term, rung, negated, conditional)

    @pytest.mark.parametrize("phrase, occ, term, rung, negated, conditional", SEED2_EXPECTED)
    def test_seed2_phrase_is_found_with_its_rung_and_context(self, seed2, seed2_doc, phrase, occ,
                                                             term, rung, negated, conditional):
        hit = hit_at(extract_escalation(seed2_doc, "s2", []), seed2["text"], phrase, occ)
        assert (hit["term"], hit["rung"], hit["negated"], hit["conditional"]) == (
            term, rung, negated, conditional)

    def test_nuclear_signalling_in_the_seeds_is_flagged_nuclear(self, seed1_doc, seed2_doc):
        nuclear = [h["term"] for d in (seed1_doc, seed2_doc) for h in extract_escalation(d, "s", [])
                   if h["nuclear"]]
        assert nuclear == ["adjust nuclear doctrine", "bolster nuclear forces without limitation",
                           "nuclear forces without limitation", "nuclear programme"]

    def test_peace_negotiations_are_de_escalatory_not_counted_as_escalation(self, sample_ann):
        esc = sample_ann.escalation
        peace = esc[esc["term"] == "peace negotiations"]
        assert peace["polarity"].tolist() == ["de-escalatory"]
        # counting every usage, as trends did before usages, the talks count apart from escalation
        every = escalation_trend(sample_ann, freq="D", usages=None)
        assert every["deescalatory_hits"].sum() == 1
        assert every["hits"].sum() == (esc["polarity"].eq("escalatory") & ~esc["negated"]).sum()
        # "potential peace negotiations" are a hypothetical: by default they are not counted
        assert peace["usage"].tolist() == ["definition"]
        trend = escalation_trend(sample_ann, freq="D")
        counted = esc["polarity"].eq("escalatory") & ~esc["negated"] & esc["usage"].isin(COUNTED_USAGES)
        assert trend["deescalatory_hits"].sum() == 0 and trend["hits"].sum() == counted.sum()

    @pytest.mark.parametrize("phrase, speaker_part", [
        ("red line", "Putin"),                    # seed 1: Putin warned that ... a "red line"
        ("significant escalation", "Rutte"),      # seed 1: NATO's Rutte, quoted
        ("serious escalation", "Slutsky"),        # seed 2: Slutsky via TASS
        ("nuclear forces, without limitation", "Kim"),  # seed 2: Kim via KCNA
    ])
    def test_quoted_escalation_is_attributed_to_its_speaker(self, sample_ann, phrase, speaker_part):
        arts = sample_ann.articles.set_index("article_id")["text"]
        esc = sample_ann.escalation
        rows = [r for r in esc.itertuples() if phrase in arts[r.article_id]
                and arts[r.article_id].index(phrase) < r.end and r.start < arts[r.article_id].index(phrase) + len(phrase)]
        assert rows, phrase
        claim = sample_ann.claims.set_index("claim_id").loc[rows[0].claim_id]
        assert speaker_part in claim["speaker"]


# --------------------------------------------------------------------------- trends

def small_ann():
    """Three dated articles and one undated; hits typed by hand (see each test). Every hit is
    an event but the last, "war" in a1 used as a reference ("after the war")."""
    articles = pd.DataFrame({
        "article_id": ["a1", "a2", "a3", "a4"],
        "published": pd.to_datetime(["2024-01-01 09:00", "2024-01-03 12:00", "2024-01-10 00:00", None], utc=True),
        "outlet": ["X", "Y", "X", "X"],
        "n_words": [1000, 500, 2000, 100],
        "text": ["", "", "", ""],
    })
    rows = [
        # article, term, category, rung, polarity, negated, conditional, claim, nuclear
        ("a1", "war", "conventional attack", 5, "escalatory", False, False, None, False),
        ("a1", "red line", "threat of force", 3, "escalatory", False, False, "a1:c000", False),
        ("a1", "nuclear doctrine", "nuclear signalling", 7, "escalatory", False, False, None, True),
        ("a1", "escalate", "expansion/internationalisation", 6, "escalatory", True, False, None, False),
        ("a2", "peace talks", "diplomacy/de-escalation", 0, "de-escalatory", False, False, None, False),
        ("a2", "sanctions", "sanctions/coercion", 2, "escalatory", False, True, None, False),
        ("a3", "war", "conventional attack", 5, "escalatory", False, False, None, False),
        ("a4", "war", "conventional attack", 5, "escalatory", False, False, None, False),
        ("a1", "war", "conventional attack", 5, "escalatory", False, False, None, False),
    ]
    esc = pd.DataFrame(rows, columns=["article_id", "term", "category", "rung", "polarity", "negated",
                                      "conditional", "claim_id", "nuclear"])
    esc["usage"] = ["event"] * (len(rows) - 1) + ["reference"]
    esc["sent_idx"] = 0
    esc["start"] = range(0, 10 * len(esc), 10)
    esc["end"] = esc["start"] + 5
    esc["cameo"] = "19"
    esc["goldstein"] = -10.0
    esc["speaker_actor_id"] = [None, "vladimir-putin", None, None, None, None, None, None, None]
    claims = pd.DataFrame({"claim_id": ["a1:c000"], "speaker": ["Putin"]})
    actors = pd.DataFrame({"actor_id": ["vladimir-putin"], "name": ["Vladimir Putin"]})
    sentences = pd.DataFrame({"article_id": ["a1", "a2", "a3"], "sent_idx": [0, 0, 0],
                              "start": [0, 0, 0], "end": [80, 80, 80],
                              "text": ["x" * 80, "y" * 80, "z" * 80]})
    return SimpleNamespace(articles=articles, escalation=esc, claims=claims, actors=actors,
                           sentences=sentences)


class TestEscalationTrend:
    def test_weekly_counts_rates_and_rungs_of_one_series(self):
        ann = small_ann()
        before = ann.escalation.copy()
        trend = escalation_trend(ann, freq="W")
        week1, week2 = trend.to_dict("records")
        assert week1["period"] == pd.Timestamp("2024-01-01", tz="UTC")
        # week 1: war, red line, nuclear doctrine, sanctions (escalate is negated); peace talks apart
        assert (week1["hits"], week1["deescalatory_hits"], week1["n_words"]) == (4, 1, 1500)
        assert week1["hits_per_1000_words"] == pytest.approx(4 * 1000 / 1500)
        assert week1["mean_rung"] == pytest.approx((5 + 3 + 7 + 0 + 2) / 5)
        assert week1["max_rung"] == 7
        assert week1["nuclear_share"] == pytest.approx(1 / 4)
        assert week1["conditional_share"] == pytest.approx(1 / 5)
        assert (week1["n_articles"], week1["n_articles_total"]) == (2, 2)
        assert week1["top_terms"] == "nuclear doctrine (1); red line (1); sanctions (1); war (1)"
        assert (week2["hits"], week2["n_words"], week2["hits_per_1000_words"]) == (1, 2000, 0.5)
        assert trend.attrs["undated_articles"] == 1
        pd.testing.assert_frame_equal(ann.escalation, before)

    def test_a_reference_is_not_counted_unless_every_usage_is_asked_for(self):
        week1 = escalation_trend(small_ann(), freq="W").iloc[0]
        every = escalation_trend(small_ann(), freq="W", usages=None).iloc[0]
        assert (week1["hits"], every["hits"]) == (4, 5)  # the reference "war" of a1 counts only in the second
        assert escalation_trend(small_ann(), freq="W", usages=["reference"]).iloc[0]["hits"] == 1
        assert escalation_trend(small_ann()).attrs["usages"] == ("event", "threat", "statement")

    def test_every_point_carries_its_articles_words_and_outlet_mix(self):
        week1, week2 = escalation_trend(small_ann(), freq="W").to_dict("records")
        # week 1: a1 (X, 1,000 words) and a2 (Y, 500); week 2: a3 (X) alone; a4 has no date
        assert (week1["n_articles_total"], week1["n_words"], week1["n_outlets"]) == (2, 1500, 2)
        assert week1["outlet_mix"] == "X 50%; Y 50%" and pd.isna(week1["mix_change"])
        assert (week2["outlet_mix"], week2["mix_change"], week2["mix_shift"]) == ("X 100%", 0.5, True)

    def test_by_outlet_uses_each_outlets_words(self):
        trend = escalation_trend(small_ann(), freq="W", by="outlet")
        got = {(r.period.strftime("%Y-%m-%d"), r.group): (r.hits, r.n_words) for r in trend.itertuples()}
        assert got == {("2024-01-01", "X"): (3, 1000), ("2024-01-01", "Y"): (1, 500),
                       ("2024-01-08", "X"): (1, 2000)}

    def test_by_speaker_splits_claims_from_the_narrative_with_zero_rows(self):
        trend = escalation_trend(small_ann(), freq="W", by="speaker")
        got = {(r.period.strftime("%Y-%m-%d"), r.group): r.hits for r in trend.itertuples()}
        assert got == {("2024-01-01", NARRATIVE): 3, ("2024-01-01", "Putin"): 1,
                       ("2024-01-08", NARRATIVE): 1, ("2024-01-08", "Putin"): 0}

    def test_by_actor_uses_the_actor_name(self):
        trend = escalation_trend(small_ann(), freq="M", by="actor")
        assert trend.set_index("group").loc["Vladimir Putin", "hits"] == 1

    def test_min_rung_and_negated_filters(self):
        trend = escalation_trend(small_ann(), freq="M", min_rung=1, include_negated=True)
        [month] = trend.to_dict("records")
        assert (month["hits"], month["deescalatory_hits"], month["max_rung"]) == (6, 0, 7)

    def test_a_corpus_without_hits_gives_zero_rows_not_an_error(self):
        from newsanalysis.schemas import empty_table

        ann = small_ann()
        ann.escalation = empty_table("escalation")
        trend = escalation_trend(ann, freq="W")
        assert trend["hits"].tolist() == [0, 0]
        assert trend["hits_per_1000_words"].tolist() == [0.0, 0.0]
        assert trend["mean_rung"].isna().all()
        assert escalation_trend(ann, freq="W", by="speaker").empty

    def test_unknown_grouping_is_an_error(self):
        with pytest.raises(ValueError, match="by must be one of"):
            escalation_trend(small_ann(), by="weather")

    def test_filter_hits_by_category_and_speaker(self):
        hits = filter_hits(small_ann(), categories=["threat of force", "conventional attack"],
                           speakers=["Putin"])
        assert hits["term"].tolist() == ["red line"]


def entering_outlet_ann(b_hits_week3=4):
    """Outlet A writes 1,000 words a week with one hit; outlet B enters in week 3 with 1,000
    words and ``b_hits_week3`` hits."""
    weeks = ["2024-01-01", "2024-01-08", "2024-01-15"]
    articles = pd.DataFrame({
        "article_id": ["a1", "a2", "a3", "b3"],
        "published": pd.to_datetime(weeks + [weeks[2]], utc=True),
        "outlet": ["A", "A", "A", "B"], "n_words": [1000] * 4, "text": [""] * 4})
    ids = ["a1", "a2", "a3"] + ["b3"] * b_hits_week3
    esc = pd.DataFrame({"article_id": ids, "term": "war", "category": "conventional attack", "rung": 5,
                        "polarity": "escalatory", "negated": False, "conditional": False,
                        "claim_id": None, "nuclear": False, "usage": "event", "sent_idx": 0,
                        "start": 0, "end": 3, "cameo": "19", "goldstein": -10.0,
                        "speaker_actor_id": None})
    return SimpleNamespace(articles=articles, escalation=esc, claims=pd.DataFrame(columns=["claim_id", "speaker"]),
                           actors=pd.DataFrame(columns=["actor_id", "name"]), sentences=pd.DataFrame())


class TestComposition:
    def rates(self, ann, rate, **kw):
        return escalation_trend(ann, freq="W", rate=rate, **kw)["hits_per_1000_words"].round(3).tolist()

    def test_an_outlet_entering_moves_the_pooled_rate_but_not_the_adjusted_one(self):
        ann = entering_outlet_ann()
        # A: 1 hit per 1,000 words every week; B enters in week 3 at its own level, 4 per 1,000
        assert self.rates(ann, "pooled") == [1.0, 1.0, 2.5]
        assert self.rates(ann, "outlet_mean") == [1.0, 1.0, 2.5]
        # expected hits in week 3: 1 (A at its level) + 4 (B at its level) = observed; the line
        # stays at the overall rate, 7 hits in 4,000 words
        assert self.rates(ann, "outlet_adjusted") == [1.75, 1.75, 1.75]

    def test_the_adjusted_rate_moves_when_an_outlet_writes_more_than_it_usually_does(self):
        ann = entering_outlet_ann()
        ann.escalation = pd.concat([ann.escalation, ann.escalation.iloc[[2, 2]]], ignore_index=True)
        # A now has 3 hits in week 3 (its own level: 5 in 3,000 words)
        adjusted = self.rates(ann, "outlet_adjusted")
        assert adjusted[2] > adjusted[1] == adjusted[0]

    def test_the_mean_of_outlets_weighs_every_outlet_the_same(self):
        ann = entering_outlet_ann()
        ann.articles.loc[ann.articles["article_id"] == "b3", "n_words"] = 4000  # B: 4 hits in 4,000 words
        # pooled week 3: 5 hits in 5,000 words = 1.0; mean of outlets: (1.0 + 1.0) / 2 = 1.0 as well,
        assert self.rates(ann, "pooled")[2] == 1.0 and self.rates(ann, "outlet_mean")[2] == 1.0
        ann.escalation = ann.escalation[ann.escalation["article_id"] != "b3"]
        # without B's hits: pooled 1 in 5,000 = 0.2; mean of outlets (1.0 + 0.0) / 2 = 0.5
        assert self.rates(ann, "pooled")[2] == 0.2 and self.rates(ann, "outlet_mean")[2] == 0.5

    def test_by_category_and_speaker_rates_use_the_period_s_whole_corpus(self):
        trend = escalation_trend(small_ann(), freq="W", by="category", rate="outlet_mean")
        week1 = trend[trend["period"] == pd.Timestamp("2024-01-01", tz="UTC")].set_index("group")
        # week 1, conventional attack: one counted "war" in X (1,000 words), none in Y (500):
        # the mean of the two outlets' rates is (1.0 + 0.0) / 2
        assert week1.loc["conventional attack", "hits_per_1000_words"] == pytest.approx(0.5)

    def test_a_stray_article_flags_its_own_period_not_the_next(self):
        from newsanalysis.analyse.composition import outlet_mix

        # ten articles of A, then one of B alone, then ten of A again
        arts = pd.DataFrame({"period": [1] * 10 + [2] + [3] * 10, "outlet": ["A"] * 10 + ["B"] + ["A"] * 10})
        mix = outlet_mix(arts, window=4).set_index("period")
        assert mix.loc[2, "mix_change"] == 1.0 and mix.loc[2, "mix_shift"]
        # period 3 against periods 1-2 pooled (10 A, 1 B): half of |1 - 10/11| + |0 - 1/11|
        assert mix.loc[3, "mix_change"] == pytest.approx(1 / 11, abs=1e-3) and not mix.loc[3, "mix_shift"]

    def test_an_unknown_rate_is_an_error(self):
        with pytest.raises(ValueError, match="rate must be one of"):
            escalation_trend(small_ann(), rate="median")

    def test_trend_comparison_puts_the_old_and_new_counts_side_by_side(self):
        comp = trend_comparison(entering_outlet_ann(), freq="W")
        ways = comp.attrs["ways"]
        assert ways[0] == "every hit, pooled (before usages)" and len(ways) == 4
        assert comp[ways[-1]].round(3).tolist() == [1.75, 1.75, 1.75]
        assert comp["n_outlets"].tolist() == [1, 1, 2] and comp["mix_shift"].tolist() == [False, False, True]


class TestEvidence:
    def test_highlight_marks_spans_and_escapes_text(self):
        assert highlight_sentence("<b> red line & more", [(4, 12, 'red "line"')]) == (
            '&lt;b&gt; <mark title="red &quot;line&quot;">red line</mark> &amp; more')

    def test_evidence_for_a_week_lists_its_sentences_highest_rung_first(self):
        ev = evidence_for_period(small_ann(), "2024-01-02", freq="W")
        assert ev["article_id"].tolist() == ["a1", "a2"]
        assert ev["terms"].tolist() == ["war; red line; nuclear doctrine", "peace talks; sanctions"]
        assert ev["max_rung"].tolist() == [7, 2]
        assert ev["html"].iloc[0].startswith('<mark title="war: conventional attack, rung 5')
        assert "<mark" in evidence_html(ev)

    def test_no_evidence_outside_the_data(self):
        assert evidence_for_period(small_ann(), "2030-01-01").empty
        assert "No escalation language" in evidence_html(pd.DataFrame())


class TestPlotAndWidget:
    def test_plot_has_one_line_per_group_a_range_slider_and_hover_terms(self):
        trend = escalation_trend(small_ann(), freq="W", by="outlet")
        events = pd.DataFrame({"date": ["2024-01-05"], "label": ["talks open"]})
        fig = plot_escalation_trend(trend, metric="hits_per_1000_words", events=events, volume=False)
        assert isinstance(fig, go.Figure)
        assert [t.name for t in fig.data] == ["X", "Y"]
        assert fig.layout.xaxis.rangeslider.visible is True
        assert fig.layout.yaxis.title.text == "escalatory hits per 1,000 words"
        assert "week" in fig.layout.xaxis.title.text
        assert any("war (1)" in str(c[3]) for c in fig.data[0].customdata)
        assert len(fig.layout.shapes) == 1 and "talks open" in [a.text for a in fig.layout.annotations]

    def test_the_headline_figure_shows_volume_below_and_shades_a_change_of_outlet_mix(self):
        fig = plot_escalation_trend(escalation_trend(entering_outlet_ann(), freq="W", rate="outlet_adjusted"))
        line, bars = fig.data
        assert (line.type, bars.type, bars.name) == ("scatter", "bar", "articles published")
        assert list(bars.y) == [1, 1, 2] and bars.yaxis == "y2"
        assert fig.layout.xaxis2.rangeslider.visible is True and fig.layout.yaxis2.title.text == "articles"
        # week 3 (from 15 January) brings outlet B: its outlet mix changed by half, so it is shaded
        shades = [s for s in fig.layout.shapes if s.type == "rect"]  # one in each panel
        assert len(shades) == 2 and {(str(s.x0)[:10], str(s.x1)[:10]) for s in shades} == {
            ("2024-01-15", "2024-01-22")}
        assert "adjusted for the outlet mix" in fig.layout.yaxis.title.text
        assert line.customdata[2][4] == "A 50%; B 50%" and "outlets: %{customdata[4]}" in line.hovertemplate

    def test_the_comparison_figure_draws_one_line_per_way_the_old_one_dotted(self):
        comp = trend_comparison(small_ann(), freq="W")
        fig = plot_trend_comparison(comp)
        lines = [t for t in fig.data if t.type == "scatter"]
        assert sorted(t.name for t in lines) == sorted(comp.attrs["ways"])
        assert [t.line.dash for t in lines if t.name == comp.attrs["ways"][0]] == ["dot"]
        assert [t.name for t in fig.data if t.type == "bar"] == ["articles published"]

    def test_plot_puts_the_legend_in_a_row_above_the_chart_and_sets_a_height(self):
        fig = plot_escalation_trend(escalation_trend(small_ann(), freq="W", by="outlet"))
        assert fig.layout.legend.orientation == "h" and fig.layout.legend.y > 1
        assert fig.layout.height and 400 <= fig.layout.height <= 700
        assert fig.layout.xaxis2.title.text == "period (week starting (Monday), UTC)"

    def test_explorer_labels_no_grouping_as_none_and_passes_none_on(self):
        box = escalation_explorer(small_ann())
        by = box.controls["by"]
        assert by.label == "(none)" and by.value == ""
        assert box.controls["period"].description == "Evidence for"
        assert box.controls["period"].style.description_width == "90px"
        ungrouped = box.controls["status"].value
        by.value = "outlet"
        by.value = ""  # back to "(none)": the ungrouped trend again
        assert box.controls["status"].value == ungrouped

    def test_plot_rejects_an_unknown_metric(self):
        with pytest.raises(ValueError, match="metric"):
            plot_escalation_trend(escalation_trend(small_ann()), metric="temperature")

    def test_explorer_options_follow_the_ladder_and_the_data(self):
        opts = explorer_options(small_ann())
        assert opts["categories"][0] == "diplomacy/de-escalation"
        assert opts["outlets"] == ["X", "Y"]
        assert opts["speakers"] == [NARRATIVE, "Putin"]

    def test_explorer_chooses_usages_and_rate(self):
        box = escalation_explorer(small_ann())
        controls = box.controls
        assert controls["usages"].value == ("event", "threat", "statement")
        counted = controls["status"].value
        controls["usages"].value = ("event", "threat", "statement", "reference")
        assert counted.startswith("5 escalatory hits") and controls["status"].value.startswith("6 escalatory hits")
        controls["rate"].value = "outlet_adjusted"
        assert controls["rate"].options[0] == ("pooled", "pooled")

    def test_explorer_widget_updates_from_its_controls(self):
        box = escalation_explorer(small_ann())
        controls = box.controls
        assert "<mark" in controls["evidence"].value
        controls["min_rung"].value = 7
        assert controls["status"].value.startswith("1 escalatory hits")
        controls["by"].value = "speaker"
        assert controls["period"].value == pd.Timestamp("2024-01-01", tz="UTC")
