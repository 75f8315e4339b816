"""One actor per person (issue 12, item 4): typos, labels spaCy gets wrong, places, glue.

Each test resolves a small hand-built mention table: the texts are real sentences where the
source is named (News Articles: ../shared/corpora/newsarticles/NewsArticles.csv, by
article id; the Zelenskyy/Putin releases: ../shared/corpora/zelenskyy-putin/), or
constructed from the phenomena issue 12 names (said so), with the labels spaCy's
en_core_web_sm gave those spans on the corpora. No model is loaded.
"""

from __future__ import annotations

import pandas as pd
import pytest

from newsanalysis.analyse.networks import actor_network
from newsanalysis.annotate.actors import resolve_actors
from newsanalysis.annotate.actors.merging import typo_target
from newsanalysis.annotate.actors.names import camel_parts, unglue


def resolve(texts: dict[str, str], spans: list[tuple]):
    """Resolve mentions given as (article, surface, label[, occurrence]); without an
    occurrence, the n-th repeat of the same surface in an article is its n-th occurrence."""
    rows, seen = [], {}
    for aid, surface, label, *occurrence in spans:
        n = occurrence[0] if occurrence else seen.get((aid, surface), 0)
        seen[(aid, surface)] = n + 1
        start = -1
        for _ in range(n + 1):
            start = texts[aid].index(surface, start + 1)
        rows.append({"article_id": aid, "sent_idx": 0, "start": start, "end": start + len(surface),
                     "text": surface, "label": label})
    arts = pd.DataFrame({"article_id": list(texts), "text": list(texts.values())})
    actors, out = resolve_actors(arts, pd.DataFrame(rows))
    return actors, [None if pd.isna(a) else a for a in out["actor_id"]]


def kind_of(actors: pd.DataFrame, actor_id: str) -> str:
    return actors.set_index("actor_id").loc[actor_id, "kind"]


PUTIN = {f"p{i}": "Russian President Vladimir Putin spoke on Friday." for i in range(3)}


class TestTypos:
    def test_a_rare_misspelt_full_name_joins_the_frequent_person(self):
        # News Articles b2fe9b93c57563cc: "... and a planned reception with Russian president
        # Vladmir Putin. The German Foreign Minister's visit ..." (constructed: p0-p2)
        texts = {**PUTIN, "typo": "and a planned reception with Russian president Vladmir Putin. "
                                  "The German Foreign Minister's visit"}
        spans = [(a, "Vladimir Putin", "PERSON") for a in PUTIN] + [("typo", "Vladmir Putin", "PERSON")]
        _, ids = resolve(texts, spans)
        assert ids == ["person:vladimir-putin"] * 4

    @pytest.mark.parametrize("typo, right", [
        ("volodomir zelenski", "volodimir zelenski"),  # 'Volodomyr Zelenskiy' (issue 12)
        ("dimtro kuleba", "dmitro kuleba"),            # 'Dymtro Kuleba' (issue 12): a transposition
    ])
    def test_the_issues_misspellings_find_their_person(self, typo, right):
        assert typo_target(typo, 1, [(right, 40)]) == right

    def test_people_who_differ_in_a_short_name_part_stay_apart(self):
        # 'Kim Jong Nam' is not a typo of 'Kim Jong Un', nor 'John Kerry' of 'John Kelly'
        assert typo_target("kim jong nam", 1, [("kim jong un", 150)]) is None
        assert typo_target("john keri", 1, [("john keli", 60)]) is None

    def test_different_middle_initials_stay_apart(self):
        # George W. Bush and George H. W. Bush
        assert typo_target("george h w bush", 1, [("george w bush", 120)]) is None

    def test_a_spelling_as_frequent_as_the_other_is_no_typo(self):
        assert typo_target("ivana trump", 20, [("ivanka trump", 59)]) is None

    def test_a_first_name_used_on_its_own_is_a_name_not_a_typo(self):
        # constructed: Ivana Trump is named, then called 'Ivana'; Ivanka Trump is frequent
        texts = {f"k{i}": "Ivanka Trump visited the factory." for i in range(4)}
        texts["a"] = "Ivana Trump, his first wife, wrote a memoir. Ivana said it was true."
        spans = [(a, "Ivanka Trump", "PERSON") for a in list(texts)[:4]]
        spans += [("a", "Ivana Trump", "PERSON"), ("a", "Ivana", "ORG")]
        _, ids = resolve(texts, spans)
        assert ids[4] == "person:ivana-trump" != ids[0] == "person:ivanka-trump"


class TestLabelsSpacyGetsWrong:
    def test_a_name_labelled_org_after_a_title_and_person_elsewhere_is_that_person(self):
        # Zelenskyy/Putin releases 277f14197ff71853: "... shown by Federal Chancellor Olaf
        # Scholz during his visit to Ukraine on Thursday." (spaCy: ORG); constructed: b
        texts = {"a": "Ihor Zhovkva thanked the German side for the strong political support shown by "
                      "Federal Chancellor Olaf Scholz during his visit to Ukraine on Thursday.",
                 "b": "Olaf Scholz said Germany would help."}
        _, ids = resolve(texts, [("a", "Olaf Scholz", "ORG"), ("b", "Olaf Scholz", "PERSON")])
        assert ids == ["person:olaf-scholz", "person:olaf-scholz"]

    def test_an_org_that_the_corpus_never_labels_person_stays_an_organization(self):
        # News Articles: 'Al Jazeera' is ORG almost always; here never PERSON, after no title
        texts = {"a": "Doha-based Al Jazeera reported the strike."}
        actors, ids = resolve(texts, [("a", "Al Jazeera", "ORG")])
        assert kind_of(actors, ids[0]) == "media"

    def test_a_surname_labelled_gpe_after_the_full_name_is_that_person(self):
        # News Articles 510c4b9c918bd8a2: "House Intelligence Committee Chairman Devin Nunes,
        # R-Calif., who is leading ... Nunes has downplayed concerns about Flynn's actions"
        texts = {"a": "House Intelligence Committee Chairman Devin Nunes, R-Calif., who is leading his "
                      "panel's wide-ranging investigation into Russia and the election, plans to ask the "
                      "FBI. Nunes has downplayed concerns about Flynn's actions"}
        _, ids = resolve(texts, [("a", "Devin Nunes", "PERSON"), ("a", "Nunes", "GPE")])
        assert ids == ["person:devin-nunes", "person:devin-nunes"]

    def test_a_name_after_ms_is_a_person_whatever_its_label(self):
        # News Articles: 'Ms Sturgeon' is tagged ORG; constructed sentences
        texts = {"a": "First Minister Nicola Sturgeon spoke. Ms Sturgeon said a vote was coming."}
        _, ids = resolve(texts, [("a", "Nicola Sturgeon", "PERSON"), ("a", "Ms Sturgeon", "ORG")])
        assert ids == ["person:nicola-sturgeon", "person:nicola-sturgeon"]

    def test_a_title_on_its_own_is_the_person_the_article_gave_it(self):
        # News Articles c10f0598ca2f5ada: "While Taoiseach Enda Kenny will carry Ireland's
        # flag once the negotiations start, ..."; constructed second sentence
        texts = {"a": "While Taoiseach Enda Kenny will carry Ireland's flag once the negotiations "
                      "start, the first line of defence is in Brussels. The Taoiseach said so."}
        _, ids = resolve(texts, [("a", "Enda Kenny", "PERSON"), ("a", "Taoiseach", "ORG", 1)])
        assert ids == ["person:enda-kenny", "person:enda-kenny"]

    def test_a_title_no_person_of_the_article_holds_stays_unresolved_as_a_person(self):
        texts = {"a": "Enda Kenny spoke. The Taoiseach said so."}
        _, ids = resolve(texts, [("a", "Enda Kenny", "PERSON"), ("a", "Taoiseach", "ORG")])
        assert ids[1] != "person:enda-kenny"

    def test_a_surname_of_several_words_goes_to_the_full_name_before_it(self):
        # constructed from News Articles' 'Marine Le Pen' ... 'Le Pen' (tagged FAC)
        texts = {"a": "Marine Le Pen leads the polls. Le Pen wants a referendum."}
        _, ids = resolve(texts, [("a", "Marine Le Pen", "PERSON"), ("a", "Le Pen", "FAC")])
        assert ids == ["person:marine-le-pen", "person:marine-le-pen"]


class TestPlaces:
    def test_a_city_labelled_person_is_a_place_when_the_corpus_writes_it_as_one(self):
        # Zelenskyy releases d5f2bf3d0da04d2b: "The key goal is the liberation of Kherson, and
        # we will move towards this step by step." and (same release) "... gradually liberate
        # the Kherson region"; spaCy tags 'Kherson' PERSON in both
        # and a second release: "And thanks to the counteroffensive, some communities in the
        # Kherson region have already been liberated."
        texts = {"a": "In the south we defend our Mykolaiv region, our Zaporizhzhia, and gradually "
                      "liberate the Kherson region. The key goal is the liberation of Kherson, and we "
                      "will move towards this step by step.",
                 "b": "And thanks to the counteroffensive, some communities in the Kherson region have "
                      "already been liberated."}
        actors, ids = resolve(texts, [("a", "Kherson", "PERSON"), ("a", "Kherson", "PERSON"),
                                      ("b", "Kherson", "PERSON")])
        assert ids == ["place:kherson"] * 3
        assert kind_of(actors, "place:kherson") == "place"

    def test_a_capital_in_an_agreements_name_is_a_place_not_the_state(self):
        # Zelenskyy releases 61b32ebad37f39a0: "This is a unilateral withdrawal of the Russian
        # Federation from the Minsk agreements" (spaCy: 'Minsk' ORG)
        texts = {"a": "This is a unilateral withdrawal of the Russian Federation from the Minsk agreements."}
        _, ids = resolve(texts, [("a", "Minsk", "ORG")])
        assert ids == ["place:minsk"]

    def test_a_capital_that_acts_stays_the_state(self):
        # constructed: 'Moscow said' is Russia, 'in Moscow' a place of Russia
        texts = {"a": "Moscow said the talks failed. Protests took place in Moscow."}
        actors, ids = resolve(texts, [("a", "Moscow", "GPE"), ("a", "Moscow", "GPE")])
        assert ids == ["country:russia", "place:moscow"]
        assert actors.set_index("actor_id").loc["place:moscow", "country"] == "Russia"

    def test_places_are_left_out_of_actor_networks_unless_asked_for(self):
        texts = {"a": "Putin met Lukashenko in Minsk."}
        actors, ids = resolve(texts, [("a", "Putin", "PERSON"), ("a", "Lukashenko", "PERSON"),
                                      ("a", "Minsk", "GPE")])
        assert ids[2] == "place:minsk"
        arts = pd.DataFrame({"article_id": ["a"], "text": [texts["a"]]})
        ments = pd.DataFrame({"article_id": ["a"] * 3, "sent_idx": [0] * 3, "actor_id": ids})
        ann = type("Ann", (), {"articles": arts, "mentions": ments, "actors": actors})()
        assert "place:minsk" not in actor_network(ann).nodes
        assert "place:minsk" in actor_network(ann, actor_kinds=["person", "place"]).nodes


class TestNeverActors:
    def test_a_time_zone_is_no_actor(self):
        # News Articles a3d9d062afb69a88: "Trouble began at 07:45 BST when a passenger heard ..."
        texts = {"a": 'Trouble began at 07:45 BST when a passenger heard "disgusting, vile abuse" on the tram'}
        _, ids = resolve(texts, [("a", "BST", "ORG"), ("a", "07:45 BST", "ORG")])
        assert ids == [None, None]

    def test_a_newsletter_promo_is_no_actor(self):
        # constructed from issue 12's example: "Sign up to First Edition ..."
        texts = {"a": "Sign up to First Edition, our free daily newsletter."}
        _, ids = resolve(texts, [("a", "First Edition", "ORG")])
        assert ids == [None]

    def test_the_west_is_not_a_person_whose_surname_is_west(self):
        # News Articles 3742656704a2c450: "... a moderate who has worked to improve relations
        # with the West, said earlier Tuesday"; constructed: b, c (a person named West)
        texts = {"a": "Hassan Rouhani, a moderate who has worked to improve relations with the West, said so.",
                 "b": "Jenny West runs the shop.",
                 "c": "Sanctions by the West hurt. The West is united, and the West will act."}
        spans = [("a", "Hassan Rouhani", "PERSON"), ("a", "West", "PERSON"), ("b", "Jenny West", "PERSON"),
                 ("c", "West", "PERSON"), ("c", "West", "PERSON"), ("c", "West", "PERSON")]
        _, ids = resolve(texts, spans)
        assert ids[2] == "person:jenny-west"
        assert "person:jenny-west" not in (ids[1], *ids[3:])


class TestGlue:
    @pytest.mark.parametrize("text, name", [
        ("00:54Putin", "Putin"), ("22.56Boris Johnson", "Boris Johnson"),  # issue 12's examples
        ("-Russia", "Russia"), ("G20", "G20"), ("9th Circuit", "9th Circuit"),
    ])
    def test_a_clock_time_or_dash_glued_before_a_name_is_cut(self, text, name):
        assert unglue(text) == name

    @pytest.mark.parametrize("text, name", [
        ("Left:-President Bush", "President Bush"),               # News Articles (a caption glued)
        ("Ayatollah Khamenei - Donald Trump", "Donald Trump"),     # News Articles
        ("RoyalVisitParis pic.twitter.com/IYYfW5lMOT William", "William"),  # News Articles
        ("George W. Bush", "George W. Bush"), ("Mrs. Clinton", "Mrs. Clinton"),
        ("Lukashenko Lukashenko", "Lukashenko"),  # Putin releases: a transcript speaker label
    ])
    def test_a_person_mention_keeps_the_name_after_glued_text(self, text, name):
        assert unglue(text, person=True) == name

    def test_glued_name_parts_are_split_when_the_corpus_knows_them(self):
        # constructed from issue 12's examples 'VladimirPutin', '00:54Putin', 'ZelenskiyRead'
        texts = {**PUTIN, "a": "VladimirPutin arrived. 00:54Putin spoke.",
                 "z": "Volodymyr Zelenskiy thanked allies. ZelenskiyRead more"}
        spans = [(a, "Vladimir Putin", "PERSON") for a in PUTIN]
        spans += [("a", "VladimirPutin", "PERSON"), ("a", "00:54Putin", "PERSON"),
                  ("z", "Volodymyr Zelenskiy", "PERSON"), ("z", "ZelenskiyRead", "ORG")]
        _, ids = resolve(texts, spans)
        assert ids[3:5] == ["person:vladimir-putin"] * 2
        assert ids[5] == ids[6] == "person:volodymyr-zelenskyy"

    def test_a_glued_token_of_unknown_parts_is_left_alone(self):
        assert camel_parts("McCain") == ["Mc", "Cain"]  # too short to be a name word: kept whole
        texts = {"a": "John McCain spoke. McCain left."}
        _, ids = resolve(texts, [("a", "John McCain", "PERSON"), ("a", "McCain", "PERSON")])
        assert ids == ["person:john-mccain", "person:john-mccain"]
