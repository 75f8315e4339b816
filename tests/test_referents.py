"""Who is who in an article: people grouped, genders and roles read, references resolved.

Texts are verbatim excerpts of News Articles (../shared/corpora/newsarticles; the CSV's
article_id is named), shortened with "[...]" only where a test says so.
"""

from __future__ import annotations

import pytest

from newsanalysis.annotate.claims.quotes import find_quotes
from newsanalysis.annotate.claims.referents import Referents
from newsanalysis.annotate.sentences import SentenceIndex

pytestmark = pytest.mark.model


def _referents(nlp, text):
    doc = nlp(text)
    return doc, Referents(doc, SentenceIndex(doc), find_quotes(text))


def _token(doc, word, nth=0):
    return [t for t in doc if t.text == word][nth]


def _description(doc, head_word, nth=0):
    head = _token(doc, head_word, nth)
    mods = [t for c in head.children if c.dep_ in {"compound", "amod", "nmod", "poss"} for t in c.subtree]
    return head, mods


class TestPeople:
    def test_a_surname_and_an_honorific_mention_join_the_full_name(self, nlp):
        # article 1147
        _, refs = _referents(nlp, "However, Unite union leader Len McCluskey, who joined them for a separate "
                                    "meeting, said afterwards that he had received \"no assurances\". \"This is a "
                                    "story that is unfolding,\" Mr McCluskey said.")
        assert [r.name for r in refs.people] == ["Len McCluskey"]
        assert len(refs.people[0].mentions) == 2

    def test_gender_comes_from_an_honorific_or_a_telling_first_name(self, nlp):
        _, refs = _referents(nlp, "Mrs Hoe said her husband Philip had been moved. Boris Johnson and "
                                    "Jacinda Ardern met. Kim Jong Un was not there.")
        gender = {r.name: r.gender for r in refs.people}
        assert gender["Hoe"] == "f" and gender["Boris Johnson"] == "m" and gender["Jacinda Ardern"] == "f"
        assert gender["Kim Jong Un"] == ""  # "Kim" tells nothing: it is left out of the name list

    def test_roles_come_from_a_title_before_the_name_and_from_an_apposition(self, nlp):
        _, refs = _referents(nlp, "Russia's Foreign Minister Sergey Lavrov met Albanese, the prime minister, "
                                    "in Geneva.")
        roles = {r.name: r.roles for r in refs.people}
        assert {"minister", "foreign minister"} <= roles["Sergey Lavrov"]
        assert "prime minister" in roles["Albanese"]  # a name in apposition with a role is a person


class TestDescriptions:
    def test_a_role_description_names_the_person_given_that_role(self, nlp):
        # article 1147
        doc, refs = _referents(nlp, "However, Unite union leader Len McCluskey, who joined them for a separate "
                                    "meeting, said afterwards that he had received \"no assurances\". The Unite "
                                    "leader called Vauxhall \"a jewel within the crown\" of GM's European business.")
        head, mods = _description(doc, "leader", 1)
        assert refs.for_description(head, mods, before=head.i).name == "Len McCluskey"

    def test_a_general_role_covers_the_specific_one_and_a_nationality_must_agree(self, nlp):
        # article 3252, shortened: the Belarusian leader is President Lukashenko
        doc, refs = _referents(nlp, "Belarusian President Alexander Lukashenko met Russian President Vladimir "
                                    "Putin. \"We are preparing just in case to ensure our security in any "
                                    "situation,\" the Belarusian leader said.")
        head, mods = _description(doc, "leader")
        assert refs.for_description(head, mods, before=head.i).name == "Alexander Lukashenko"

    def test_a_description_no_named_person_fits_stays_unresolved(self, nlp):
        doc, refs = _referents(nlp, "Len McCluskey, the Unite leader, spoke first. The Labour leader said the "
                                    "plant must stay open.")
        head, mods = _description(doc, "leader", 1)
        assert refs.for_description(head, mods, before=head.i) is None

    def test_the_president_is_not_a_former_president(self, nlp):
        # article 3178 ("Schiff-agreed" unglued): Obama held the role before; "the president"
        # is Trump, whom the article never titles, so the description stays unresolved
        doc, refs = _referents(nlp, "Both Nunes and Schiff agreed that there was no evidence supporting Trump's "
                                    "claim that former President Barack Obama had wiretapped his phones. \"Once "
                                    "again, no evidence to support the president's claim that he was wiretapped "
                                    "by his predecessor,\" Schiff concurred.")
        assert "president" in next(r for r in refs.people if r.name == "Barack Obama").past_roles
        head, mods = _description(doc, "president")
        assert refs.for_description(head, mods, before=head.i) is None

    def test_a_body_noun_names_the_latest_body_whose_name_holds_it(self, nlp):
        doc, refs = _referents(nlp, "The Ministry of Defence said troops were ready. The ministry added that "
                                    "no decision had been taken.")
        head, mods = _description(doc, "ministry")
        assert refs.for_description(head, mods, before=head.i).name == "Ministry of Defence"


class TestPronouns:
    def test_she_skips_the_nearer_man_for_the_woman_before_him(self, nlp):
        # article 1460
        doc, refs = _referents(nlp, "His Democratic opponent, Hillary Clinton, repeatedly cast Mr Trump during "
                                    "the campaign as too erratic. She mocked him by saying \"a man who can be "
                                    "provoked by a tweet should not have his fingers anywhere near the nuclear "
                                    "codes\".")
        she = _token(doc, "She")
        assert refs.for_pronoun(she, before=she.i).name == "Hillary Clinton"

    def test_he_is_the_person_of_its_own_sentence_before_an_earlier_speaker(self, nlp):
        doc, refs = _referents(nlp, "Adam Schiff said the evidence was circumstantial. When James Clapper, the "
                                    "former director of National Intelligence, appeared on the same program, he "
                                    "said that there was no evidence of collusion.")
        he = _token(doc, "he")
        assert refs.for_pronoun(he, before=he.i).name == "James Clapper"

    def test_no_person_of_that_gender_near_means_no_antecedent(self, nlp):
        doc, refs = _referents(nlp, "Boris Johnson visited Kyiv. \"We are with you,\" she said.")
        she = _token(doc, "she")
        assert refs.for_pronoun(she, before=she.i) is None
