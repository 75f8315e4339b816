"""Escalation context and usage: what a sentence does with a hit.

Each case is a sentence written out here, read by a person for the expected reading (see the
judging guide in benchmarks/data/escalation_judged.md); the model tests parse it with the real
pipeline, the hand-built Docs pin one dependency rule without the model's guesses.
"""

from __future__ import annotations

import pandas as pd
import pytest
from spacy.tokens import Doc

from newsanalysis.annotate.dates import date_usages
from newsanalysis.annotate.escalation import extract_escalation
from newsanalysis.annotate.ladder import CUE_ROLES, load_cues
from newsanalysis.annotate.usage import COUNTED_USAGES, USAGES
from newsanalysis.schemas import validate

pytestmark = pytest.mark.model  # most tests parse with the trained pipeline


def hit(nlp, text, phrase):
    """The hit of ``text`` that overlaps ``phrase``."""
    start = text.index(phrase)
    end = start + len(phrase)
    hits = extract_escalation(nlp(text), "t", [])
    found = [h for h in hits if h["start"] < end and start < h["end"]]
    assert found, f"no hit on {phrase!r}: {[(text[h['start']:h['end']], h['term']) for h in hits]}"
    return found[0]


class TestCues:
    def test_every_role_has_cues_and_the_lists_left_the_code(self):
        cues = load_cues()
        assert set(cues) == set(CUE_ROLES) and all(cues[role] for role in CUE_ROLES)
        assert {"deny", "prevent", "rule out"} <= cues["denial_verb"]
        assert {"in case of", "in the event of"} <= cues["conditional_phrase"]

    def test_every_generic_entry_is_a_lexicon_term(self):
        from newsanalysis.annotate.ladder import load_lexicon

        terms = set(load_lexicon()["term"].str.lower())
        assert load_cues()["generic_entry"] <= terms

    def test_the_usage_vocabulary_is_the_schema_s(self):
        from newsanalysis.schemas import EscalationSchema

        checks = EscalationSchema.to_schema().columns["usage"].checks
        assert set(COUNTED_USAGES) < set(USAGES) and checks and len(USAGES) == 7


@pytest.mark.model
class TestNegationScope:
    @pytest.mark.parametrize("text, phrase", [
        # the negation is on another predicate or noun, not on the act
        ("Russia's annexation of Crimea was not just a violation of international law but also a crime.",
         "violation of international law"),
        ("There was no immediate claim of responsibility for the rocket strike.", "rocket strike"),
        ("We don't have access to the temporarily occupied areas.", "occupied areas"),
        ("Dutch peacekeepers failed to prevent the mass killing.", "mass killing"),
        ("The two nights of airstrikes could indicate an increase in activity.", "airstrikes"),
    ])
    def test_a_negation_or_denial_of_something_else_leaves_the_hit_positive(self, nlp, text, phrase):
        assert hit(nlp, text, phrase)["negated"] is False

    @pytest.mark.parametrize("text, phrase", [
        ("Troops say there is no fighting in Mariupol.", "fighting"),
        ("Border troops prevented a provocation at the checkpoint.", "provocation"),
        ("Do not send your children to war in a foreign land.", "war"),
        ("Trump did not wish to see major war break out over Ukraine.", "war"),
    ])
    def test_a_negated_or_prevented_act_is_negated(self, nlp, text, phrase):
        assert hit(nlp, text, phrase)["negated"] is True


@pytest.mark.model
class TestConditionals:
    def test_any_attempt_to_x_would_y_makes_both_hypothetical_and_the_consequence_a_threat(self, nlp):
        text = "Any attempt to impose a no-fly zone would lead to catastrophic consequences."
        zone, consequences = hit(nlp, text, "no-fly zone"), hit(nlp, text, "catastrophic consequences")
        assert (zone["conditional"], consequences["conditional"]) == (True, True)
        assert (zone["usage"], consequences["usage"]) == ("definition", "threat")

    @pytest.mark.parametrize("text, phrase", [
        ("Military escalation against Assad seems unlikely.", "Military escalation"),
        ("Many people would die in the event of war.", "war"),
    ])
    def test_hedged_and_hypothetical_acts_are_conditional_definitions(self, nlp, text, phrase):
        h = hit(nlp, text, phrase)
        assert (h["conditional"], h["usage"]) == (True, "definition")

    def test_should_is_a_call_not_a_hypothetical(self, nlp):
        h = hit(nlp, "Sanctions against Russia should be strengthened.", "Sanctions")
        assert (h["conditional"], h["usage"]) == (False, "statement")


@pytest.mark.model
class TestUsage:
    @pytest.mark.parametrize("text, phrase, usage", [
        ("Russian troops shelled Kharkiv on Tuesday.", "shelled", "event"),
        ("The war continues.", "war", "event"),
        ("There was a drone attack in Pakistan.", "drone attack", "event"),
        ("Ukraine needs military assistance.", "military assistance", "statement"),
        ("This is another act of aggression against Ukraine.", "act of aggression", "statement"),
        ("He called for an end to the blockade of the ports.", "end to the blockade", "statement"),
        ("Plans to rebuild Ukraine after the war were discussed.", "war", "reference"),
        ("Flynn discussed the sanctions with the ambassador.", "sanctions", "reference"),
        ("The occupiers left thousands of mines.", "occupiers", "reference"),
        ("The West fears a confrontation with nuclear-armed Russia.", "nuclear-armed", "reference"),
        ("The Russian-annexed Crimean peninsula is isolated.", "annexed", "reference"),
        ("She is a chemical weapons expert.", "chemical weapons", "reference"),
        ("There have been more than 4,000 attacks on schools since the war began.", "war", "reference"),
        ("The town endured eight years of war in Donbas.", "war", "history"),
        ("North Korea has conducted five nuclear tests in recent years.", "nuclear tests", "history"),
        ("The president said Russia had launched a full-scale war against Ukraine.", "full-scale war",
         "history"),
        ("The Stop the War Coalition marched through London on Saturday.", "Stop the War", "name"),
        ("Syria is a party to the Chemical Weapons Convention.", "Chemical Weapons Convention", "name"),
        ("VX is a chemical weapon classified as a weapon of mass destruction.", "chemical weapon",
         "definition"),
    ])
    def test_the_sentence_gives_the_hit_its_usage(self, nlp, text, phrase, usage):
        assert hit(nlp, text, phrase)["usage"] == usage

    def test_a_related_link_headline_glued_to_a_sentence_is_a_name_and_the_sentence_is_not(self, nlp):
        text = ('READ MORE: Seoul says North Korea carried out missile tests "The two sides are like '
                'two accelerating trains," Wang said.')
        assert hit(nlp, text, "missile tests")["usage"] == "name"

    def test_a_year_in_the_clause_is_recorded_for_the_corpus_step(self, nlp):
        h = hit(nlp, "Russia started this war in 2014.", "war")
        assert (h["usage"], h["dated"]) == ("event", "2014")

    def test_rows_carry_usage_and_dated_and_validate(self, nlp):
        rows = extract_escalation(nlp("Russia started this war in 2014. The war continues."), "t", [])
        df = validate("escalation", pd.DataFrame(rows))
        assert df["usage"].tolist() == ["event", "event"]
        assert df["dated"].iloc[0] == "2014" and pd.isna(df["dated"].iloc[1])


@pytest.mark.model
class TestReversalsAndDescriptors:
    @pytest.mark.parametrize("text, phrase, term", [
        ("Lifting sanctions is part of peace negotiations.", "Lifting sanctions", "lift sanctions"),
        ("In return, Iran received sanctions relief.", "sanctions relief", "sanctions relief"),
        ("They called for a de-escalation of violence in Sur.", "de-escalation of violence",
         "de-escalation of the conflict"),
        ("Any agreement on the non-use of nuclear weapons has been discredited.",
         "non-use of nuclear weapons", "non-use of nuclear weapons"),
        ("The initiatives help put an end to the country's long-running civil war.",
         "end to the country's long-running civil war", "end to the war"),
    ])
    def test_a_reversal_is_one_de_escalatory_hit(self, nlp, text, phrase, term):
        h = hit(nlp, text, phrase)
        assert (h["term"], h["rung"], h["polarity"]) == (term, 0, "de-escalatory")
        assert text[h["start"]:h["end"]] == phrase

    @pytest.mark.parametrize("text", [
        "The country relies on nuclear power for half of its electricity.",
        "The Muslim ban is the first strike towards a broader policy.",
    ])
    def test_energy_and_metaphor_are_not_nuclear_signalling_or_use(self, nlp, text):
        assert [h for h in extract_escalation(nlp(text), "t", []) if h["rung"] >= 7] == []

    def test_a_nuclear_capable_missile_is_nuclear_signalling(self, nlp):
        text = "The Russians have deployed the nuclear-capable cruise missile."
        h = hit(nlp, text, "cruise missile")
        assert (h["term"], h["rung"], h["nuclear"]) == ("nuclear-capable missiles", 7, True)


def parsed(nlp, rows):
    """A Doc typed by hand: one ``(word, head index, dep, pos, lemma)`` row per token."""
    words, heads, deps, pos, lemmas = (list(col) for col in zip(*rows))
    return Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)


class TestNegationOnHandBuiltDocs:
    """Pin the scope rules on parses typed by hand (no model)."""

    def test_no_on_a_noun_above_the_hit_does_not_negate_it(self, nlp):
        # "no claim of responsibility for the strike": "no" negates the claim
        doc = parsed(nlp, [("There", 1, "expl", "PRON", "there"), ("was", 1, "ROOT", "VERB", "be"),
                           ("no", 3, "det", "DET", "no"), ("claim", 1, "attr", "NOUN", "claim"),
                           ("of", 3, "prep", "ADP", "of"), ("responsibility", 4, "pobj", "NOUN", "responsibility"),
                           ("for", 5, "prep", "ADP", "for"), ("the", 9, "det", "DET", "the"),
                           ("rocket", 9, "compound", "NOUN", "rocket"), ("strike", 6, "pobj", "NOUN", "strike"),
                           (".", 1, "punct", "PUNCT", ".")])
        [h] = extract_escalation(doc, "a", [])
        assert (h["term"], h["negated"]) == ("missile strike", False)

    def test_not_just_is_no_negation(self, nlp):
        doc = parsed(nlp, [("It", 1, "nsubj", "PRON", "it"), ("is", 1, "ROOT", "AUX", "be"),
                           ("not", 1, "neg", "PART", "not"), ("just", 5, "advmod", "ADV", "just"),
                           ("a", 5, "det", "DET", "a"), ("genocide", 1, "attr", "NOUN", "genocide"),
                           (".", 1, "punct", "PUNCT", ".")])
        [h] = extract_escalation(doc, "a", [])
        assert (h["term"], h["negated"]) == ("genocide", False)

    def test_the_subject_of_a_negated_verb_that_is_not_an_occurrence_stays_positive(self, nlp):
        # "this war does not make sense": the sense is negated
        doc = parsed(nlp, [("This", 1, "det", "DET", "this"), ("war", 4, "nsubj", "NOUN", "war"),
                           ("does", 4, "aux", "AUX", "do"), ("not", 4, "neg", "PART", "not"),
                           ("make", 4, "ROOT", "VERB", "make"), ("sense", 4, "dobj", "NOUN", "sense"),
                           (".", 4, "punct", "PUNCT", ".")])
        [h] = extract_escalation(doc, "a", [])
        assert (h["term"], h["negated"], h["usage"]) == ("war", False, "reference")


class TestDatedHitsBecomeHistory:
    ARTICLES = pd.DataFrame({
        "article_id": ["feb17", "mar17", "feb17b", "mar22", "undated"],
        "published": pd.to_datetime(["2017-02-13", "2017-03-20", "2017-02-09", "2022-03-12", None], utc=True),
    })

    @pytest.mark.parametrize("article, dated, usage, expected", [
        ("feb17", "--11", "event", "history"),        # "the round of sanctions imposed in November"
        ("mar17", "--01", "event", "history"),        # "imposed sanctions ... in January" (>= 45 days)
        ("feb17b", "--12-29", "event", "event"),      # "an agreement reached on December 29": 42 days
        ("mar22", "2014", "event", "history"),        # "Russia started this war in 2014"
        ("mar22", "2022", "statement", "statement"),  # this year: not before the article
        ("mar22", "2014", "name", "name"),            # a name stays a name
        ("undated", "2014", "event", "event"),        # no publication date: nothing to compare
        ("mar22", None, "event", "event"),
    ])
    def test_a_hit_dated_six_weeks_before_publication_is_history(self, article, dated, usage, expected):
        hits = pd.DataFrame({"article_id": [article], "dated": [dated], "usage": [usage]})
        out = date_usages(hits, self.ARTICLES)
        assert out["usage"].tolist() == [expected]
        assert hits["usage"].tolist() == [usage]  # the caller's frame is not modified


def hits_in(nlp, text):
    return [(text[h["start"]:h["end"]], h["term"]) for h in extract_escalation(nlp(text), "t", [])]


@pytest.mark.model
class TestConflictDomain:
    @pytest.mark.parametrize("text", [
        "At the outset of his speech, he said the nation stands united in condemning hate in all its forms.",
        "Yesterday, unions wrote to the company saying they are prepared to resume talks.",
        "The costs of the new stadium escalated again.",
        "Police said the mob went on a violent rampage, attacking Africans after the death of a teenager.",
    ])
    def test_a_generic_word_without_a_conflict_cue_is_no_hit(self, nlp, text):
        assert hits_in(nlp, text) == []

    @pytest.mark.parametrize("text, phrase", [
        ("The foreign minister condemned the shelling of Kharkiv.", "condemned"),  # another hit
        ("Militants launched an assault on the checkpoint.", "assault on"),  # a conflict word
        ("Germany condemned the decision taken by Turkey.", "condemned"),  # two states
    ])
    def test_a_generic_word_with_a_conflict_cue_is_kept(self, nlp, text, phrase):
        assert hit(nlp, text, phrase)

    def test_an_article_about_a_war_needs_no_cue_for_each_generic_word(self, nlp):
        text = ("Russian troops shelled the city. The invasion goes on. Missile strikes hit the port. "
                "Very fierce fighting continues in Donbas.")
        assert hit(nlp, text, "fighting")["usage"] == "event"


@pytest.mark.model
class TestUsageRoundTwo:
    @pytest.mark.parametrize("text, phrase, usage", [
        # calls, through the words that carry them
        ('"We look forward to further steps of increasing sanctions pressure against Russia," he added.',
         "increasing sanctions", "statement"),
        ("The White House emphasized the need to normalize relations between the U.S. and Saudi Arabia.",
         "normalize relations", "statement"),
        ("Do not send your children to war in a foreign land.", "war", "statement"),
        ("It can truly be called a total war against the Ukrainian people.", "total war", "statement"),
        (("We adhere to the opinion that the only way of tackling the issue is the continuation of "
          "diplomatic efforts."), "diplomatic efforts", "statement"),
        # acts of the time, though named by a noun
        ("But the war is so intense that we need more weapons.", "war", "event"),
        (("Our army holds the line in the east. That is where the fighting for the future of our people is "
          "taking place."), "fighting", "event"),
        ("Apparently he was referring to Iran's test of a ballistic missile last week.", "ballistic missile",
         "event"),
        ("There was no immediate claim of responsibility for the Palestinian rocket strike.", "rocket strike",
         "event"),
        ("Hamas holds Israel responsible for the current military escalation on the Gaza Strip.",
         "military escalation", "event"),
        # topics and settings
        ("None of them could adequately explain why they need this war against Ukraine.", "war", "reference"),
        ("He said he will keep practising in Syria as long as the civil war continues.", "war", "reference"),
        ("Canada has supported Ukraine in countering Russian aggression.", "aggression", "reference"),
        # background
        (("Last year, Manafort accused the media of failing to cover a terrorist attack against the NATO "
          "air base in Incirlik."), "attack against the NATO air base", "history"),
        ("Now, as every year, you light candles across the country in memory of that war.", "war", "history"),
        ("Six decades ago, a nuclear war could have broken out over Cuba.", "nuclear war", "history"),
    ])
    def test_the_sentence_gives_the_hit_its_usage(self, nlp, text, phrase, usage):
        assert hit(nlp, text, phrase)["usage"] == usage

    @pytest.mark.parametrize("text, phrase, dated", [
        ("The latest round of sanctions imposed in November includes a cap on coal exports.",
         "round of sanctions", "--11"),
        (("China committed a standby military force of 8,000 when Xi addressed the 2015 Leaders' Summit "
          "on UN Peacekeeping."), "military force", "2015"),
    ])
    def test_the_date_of_a_participle_on_the_hit_or_of_a_past_narrative_is_kept(self, nlp, text, phrase, dated):
        assert hit(nlp, text, phrase)["dated"] == dated

    def test_the_start_of_an_operation_does_not_date_the_operation(self, nlp):
        text = "All the goals of the special military operation launched on February 24 will be attained."
        assert hit(nlp, text, "special military operation")["dated"] is None

    def test_de_escalating_the_situation_is_one_de_escalatory_hit(self, nlp):
        text = "The conversation focused on diplomatic efforts aimed at de-escalating the security situation."
        assert hit(nlp, text, "de-escalating")["term"] == "de-escalate the situation"

    def test_the_plural_world_wars_are_historical_and_no_hit(self, nlp):
        text = "We support NATO, an alliance forged through the bonds of two world wars."
        assert [t for t, _ in hits_in(nlp, text) if "world" in t] == []
