"""The story briefing: topics, authority, camps and voices, paired guests, question, hashtags.

The seed-based tests state what the two seed articles say, read by hand: seed 000 ends with
four interview topics (the US decision on long-range missiles; North Korean troops and the
US decision; the impact of limited strikes on the conflict and peace negotiations; NATO and
other international actors), each with a Western and a Russian-side guest.
"""

from __future__ import annotations

import itertools
import warnings
from types import SimpleNamespace

import pandas as pd
import pytest

from newsanalysis.analyse.briefing import BriefingWarning, may_repeat
from newsanalysis.analyse.camps import sides
from newsanalysis.analyse.topics import _phrases, fold
from newsanalysis.analyse.voices import _described, not_confirmed
from newsanalysis.show.briefing import briefing

WEST = {"United States", "NATO", "Netherlands", "Japan", "South Korea"}
RUSSIA_SIDE = {"Russia", "North Korea"}
#: Sentences of the seeds that carry each of seed 000's interview topics.
SEED_TOPICS = {
    "US decision on long-range missiles": [
        "authorized Ukraine to use long-range missiles", "authorized the first use of U.S.-supplied long-range",
        "decision to allow Ukraine to deploy long-range missiles"],
    "North Korean troops and the US decision": [
        "10,000 elite North Korean soldiers were sent", "North Korean troops had been fighting",
        "more than 10,000 North Korean soldiers had been sent"],
    "impact of limited strikes on the conflict and peace negotiations": [
        "peace negotiations", "impact on the battlefield will be limited",
        "significantly impact the direction of the war", "serious escalation", "red line"],
    "NATO and other international actors": [
        "NATO also recently spoke out", "Mark Rutte, said", "Xi also said China",
        "Japan is considering tightening sanctions"],
}


@pytest.fixture(scope="module")
def seeds(sample_ann):
    return briefing(sample_ann)


def _sentences(ann, keys):
    s = ann.sentences
    text = dict(zip(zip(s["article_id"], s["sent_idx"]), s["text"]))
    return [text[tuple(k)] for k in keys]


@pytest.mark.model
class TestOnTheSeeds:
    def test_three_to_six_topics_each_labelled_with_a_phrase_of_its_sentences(self, seeds, sample_ann):
        assert 3 <= len(seeds.topics) <= 6
        for t in seeds.topics.itertuples():
            assert any(t.label.lower() in s.lower() for s in _sentences(sample_ann, t.evidence)), t.label

    def test_the_topics_cover_the_four_interview_topics_of_seed_000(self, seeds, sample_ann):
        covering = {name: {t.topic_id for t in seeds.topics.itertuples()
                           if any(p in s for s in _sentences(sample_ann, t.evidence) for p in phrases)}
                    for name, phrases in SEED_TOPICS.items()}
        assert all(covering.values()), covering
        # four different topics, one for each interview topic
        assert any(len(set(pick)) == 4 for pick in itertools.product(*covering.values())), covering

    def test_each_pairing_puts_a_western_and_a_russian_side_perspective_side_by_side(self, seeds):
        for tid, g in seeds.guests.groupby("topic_id"):
            camps = set(g["camp"])
            assert len(g) == 2 and camps & WEST and camps & RUSSIA_SIDE, (tid, camps)

    def test_a_guest_is_a_role_and_an_affiliation_from_the_coverage(self, seeds):
        rutte = seeds.guests[seeds.guests["voice"] == "Mark Rutte"]
        assert set(rutte["role"]) == {"Secretary General of the Atlantic Alliance"}
        assert set(rutte["affiliation"]) == {"NATO"}
        assert any("the deployment of North Korean troops represents" in c for cs in rutte["claims"] for c in cs)

    def test_russia_speaks_only_through_slutsky_via_tass_putin_and_anonymous_officials(self, seeds):
        russia = seeds.camp_voices.set_index("camp").loc["Russia"]
        assert set(russia["voices"]) == {"Leonid Slutsky via TASS", "Vladimir Putin", "some senior Russian officials"}
        assert (russia["n_relayed"], russia["n_anonymous"]) == (1, 1)

    def test_moscow_and_pyongyang_had_not_responded(self, seeds):
        nc = seeds.not_confirmed
        said = nc[nc["text"].str.startswith("Both Moscow and Pyongyang had not responded")]
        assert set(said["party"]) == {"Russia", "North Korea"}

    def test_neither_the_white_house_nor_the_pentagon_nor_kyiv_have_confirmed(self, seeds):
        nc = seeds.not_confirmed
        said = nc[nc["text"].str.startswith("So far, neither the White House nor the Pentagon")]
        assert set(said["party"]) == {"White House", "Pentagon", "Ukraine", "Volodymyr Zelenskyy"}
        t1 = seeds.authority.set_index("topic_id").loc[seeds.topics["topic_id"].iloc[0]]
        assert {"White House", "Pentagon"} <= set(t1["not_confirmed_by"])

    def test_xi_is_heard_only_through_xinhua(self, seeds):
        xi = seeds.unheard.set_index("actor").loc["Xi Jinping"]
        assert xi["verdict"] == "only through an intermediary" and xi["camp"] == "China"

    def test_the_question_sets_the_missile_decision_against_peace_negotiations(self, seeds):
        assert seeds.question == ("What are the potential implications of long-range missiles for peace "
                                  "negotiations between Ukraine and Russia?")
        frame = seeds.question_evidence[seeds.question_evidence["why"] == "de-escalation frame"]
        assert frame["text"].str.contains("ahead of potential peace negotiations").all() and len(frame) == 1

    def test_hashtags_keep_the_seeds_tag_line_beside_the_top_entities(self, seeds):
        tags = seeds.hashtags.groupby("source")["hashtag"].apply(set)
        assert {"#longrange", "#Biden", "#Diario"} <= tags["corpus tag"]
        assert {"#Russia", "#NorthKorea", "#JoeBiden"} <= tags["entity"]

    def test_a_users_question_selects_the_topics_it_is_about(self, sample_ann):
        b = briefing(sample_ann, question="Why is Japan tightening sanctions?")
        assert b.question == "Why is Japan tightening sanctions?" and b.user_question
        assert 1 <= len(b.topics) < 6
        first = _sentences(sample_ann, b.topics["evidence"].iloc[0])
        assert any("Japan is considering tightening sanctions" in s for s in first)

    def test_a_question_about_nothing_in_the_coverage_warns_and_keeps_every_topic(self, sample_ann):
        with pytest.warns(BriefingWarning, match="No topic of the coverage stands out"):
            b = briefing(sample_ann, question="What about the harvest of olives?")
        assert len(b.topics) == len(briefing(sample_ann).topics)

    def test_a_users_camps_replace_the_countries(self, sample_ann):
        b = briefing(sample_ann, camps={"NATO": "Western alliance", "United States": "Western alliance"})
        rutte = b.camps[b.camps["voice"] == "Mark Rutte"]
        blinken = b.camps[b.camps["voice"] == "Antony Blinken"]
        assert set(rutte["camp"]) == set(blinken["camp"]) == {"Western alliance"}
        assert set(rutte["camp_from"]) == {"mapping"}

    def test_a_selection_of_articles_is_briefed_alone(self, sample_ann):
        taipei = sample_ann.articles.loc[sample_ann.articles["dateline"].str.startswith("TAIPEI"), "article_id"]
        b = briefing(sample_ann, articles=list(taipei))
        assert b.n_articles == 1 and set(b.claims["article_id"]) == set(taipei)

    def test_html_is_a_page_without_scripts_and_markdown_says_the_same(self, seeds):
        page, md = seeds.to_html(), seeds.to_markdown()
        assert page.startswith("<!DOCTYPE html>") and "<script" not in page and "http" not in page
        for text in (seeds.question, seeds.topics["label"].iloc[0], "Paired guests", "Missing voice"):
            assert text in md and text in page.replace("&#x27;", "'")
        assert seeds._repr_html_().startswith('<div class="na-briefing">')


class TestNotConfirmed:
    def _ann(self, text, mentions, claims=None):
        return SimpleNamespace(
            sentences=pd.DataFrame({"article_id": ["a"], "sent_idx": [0], "start": [0], "end": [len(text)],
                                    "text": [text]}),
            mentions=pd.DataFrame([{"article_id": "a", "sent_idx": 0, "start": text.index(t),
                                    "end": text.index(t) + len(t), "text": t, "label": "GPE", "actor_id": a}
                                   for t, a in mentions]),
            actors=pd.DataFrame({"actor_id": [a for _, a in mentions], "name": [t for t, _ in mentions],
                                 "kind": ["country"] * len(mentions)}),
            claims=claims if claims is not None else pd.DataFrame())

    def test_the_parties_named_before_had_not_responded(self):
        text = "Both Moscow and Pyongyang had not responded to the report, but Kyiv welcomed it."
        nc = not_confirmed(self._ann(text, [("Moscow", "country:russia"), ("Pyongyang", "country:north-korea"),
                                            ("Kyiv", "country:ukraine")]))
        assert nc["actor_id"].tolist() == ["country:russia", "country:north-korea"]
        assert nc["phrase"].iloc[0] == "Both Moscow and Pyongyang had not responded"

    def test_a_nor_has_after_the_verb_adds_its_party(self):
        text = "So far, neither Washington nor London have confirmed it, nor has Kyiv."
        nc = not_confirmed(self._ann(text, [("Washington", "country:us"), ("London", "country:uk"),
                                            ("Kyiv", "country:ukraine")]))
        assert set(nc["actor_id"]) == {"country:us", "country:uk", "country:ukraine"}

    def test_a_confirmation_that_is_not_negated_names_nobody(self):
        text = "Moscow confirmed the report on Monday."
        assert not_confirmed(self._ann(text, [("Moscow", "country:russia")])).empty


class TestSides:
    def _hostility(self, rows):
        return pd.DataFrame(rows, columns=["camp", "about", "n_claims"])

    def test_the_most_mutually_hostile_pair_founds_the_sides_and_the_enemy_of_one_joins_the_other(self):
        h = self._hostility([("A", "B", 5), ("B", "A", 2), ("C", "B", 3), ("A", "V", 9), ("D", "E", 1)])
        out = sides(h)
        assert out["A"] != out["B"] and out["C"] == out["A"]
        assert "V" not in out and "D" not in out  # a victim named by one camp, a quarrel of outsiders

    def test_without_hostility_there_are_no_sides(self):
        assert sides(self._hostility([])) == {}


class TestPieces:
    @pytest.mark.parametrize("word, key", [("Troops", "troop"), ("Russia’s", "russia"), ("press", "press"),
                                           ("status", "status"), ("analysis", "analysis")])
    def test_fold_drops_the_possessive_and_the_plural(self, word, key):
        assert fold(word) == key

    def test_a_label_phrase_crosses_no_punctuation_and_cuts_no_name(self):
        grams = _phrases("Leaders met at the National Security Council, discussing long-range missiles.")
        assert ("long-range", "missile") in grams and grams[("long-range", "missile")][2] == "long-range missiles"
        assert ("national", "security") not in grams  # "Council" goes on
        assert ("council", "discussing") not in grams

    def test_a_described_anonymous_voice_becomes_a_role(self):
        assert _described("unidentified American officials") == "American official"

    def test_only_claims_sharing_most_words_with_another_articles_claim_may_repeat(self):
        claims = pd.DataFrame({"article_id": ["a", "b", "a", "c"], "content": [
            "Biden authorized Ukraine to use long-range missiles inside Russia",
            "Ukraine may now use long-range missiles inside Russia, Biden decided",
            "long-range missiles were authorized for Ukraine by Biden",  # same article as the first
            "Japan is tightening sanctions"]})
        assert may_repeat(claims).tolist() == [True, True, True, False]


def test_an_empty_corpus_gives_an_empty_briefing_not_an_error():
    from newsanalysis.schemas import empty_table

    ann = SimpleNamespace(**{t: empty_table(t) for t in ("articles", "sentences", "mentions", "actors", "claims",
                                                         "escalation")})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        b = briefing(ann)
    assert b.topics.empty and b.question == "" and "No topic found" in b.to_markdown()
