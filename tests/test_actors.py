"""Actor resolution: specification from a word-by-word reading of the two seed articles.

Seed 1 (000, translated report, 17 Nov 2024) and seed 2 (002, TAIPEI-datelined, 18 Nov 2024)
are parsed with the real model; every expected actor below was checked against the
sentence quoted in the test, not copied from output. Exact rules (credit lines, user
aliases, ambiguous surnames) use small hand-written mention tables.
"""

from __future__ import annotations

import pandas as pd
import pytest

from newsanalysis.annotate.actors import actor_id_for, lookup_actor, normalize_name, resolve_actors
from newsanalysis.annotate.sentences import SentenceIndex
from newsanalysis.schemas import validate

pytestmark = pytest.mark.model


def _mentions(doc, article_id: str) -> pd.DataFrame:
    idx = SentenceIndex(doc)
    return pd.DataFrame([
        {"article_id": article_id, "sent_idx": idx.of_token(e.start), "start": e.start_char,
         "end": e.end_char, "text": e.text, "label": e.label_}
        for e in doc.ents
    ])


@pytest.fixture(scope="module")
def resolved(sample_articles, seed1, seed2, seed1_doc, seed2_doc):
    mentions = pd.concat([_mentions(seed1_doc, seed1["article_id"]),
                          _mentions(seed2_doc, seed2["article_id"])], ignore_index=True)
    actors, out = resolve_actors(sample_articles, mentions)
    return {"actors": actors, "mentions": out, "input": mentions,
            "texts": {seed1["article_id"]: seed1["text"], seed2["article_id"]: seed2["text"]},
            "seed1": seed1["article_id"], "seed2": seed2["article_id"]}


def actor_of(resolved, article: str, phrase: str, name: str, occurrence: int = 0):
    """actor_id of the mention ``name`` inside the (unique) ``phrase`` of an article."""
    aid = resolved[article]
    text = resolved["texts"][aid]
    assert text.count(phrase) >= 1, f"phrase not in {article}: {phrase!r}"
    p = text.index(phrase)
    m = resolved["mentions"]
    hit = m[(m["article_id"] == aid) & (m["start"] >= p) & (m["end"] <= p + len(phrase))]
    hit = hit[hit["text"].str.strip().isin([name, name + "’s", name + "'s"])]
    assert len(hit) > occurrence, f"no mention {name!r} in {phrase!r}: {m[(m['article_id'] == aid) & (m['start'] >= p) & (m['end'] <= p + len(phrase))][['text', 'label']].values.tolist()}"
    value = hit["actor_id"].iloc[occurrence]
    return None if pd.isna(value) else value


def actor_row(resolved, actor_id: str) -> dict:
    a = resolved["actors"]
    rows = a[a["actor_id"] == actor_id]
    assert len(rows) == 1, f"{actor_id} not in actors: {a['actor_id'].tolist()}"
    return rows.iloc[0].to_dict()


class TestNormalizeName:
    @pytest.mark.parametrize("a, b", [
        ("Kim Jong-un", "Kim Jong Un"),
        ("the White House", "White House"),
        ("North Korea’s", "North Korea"),
        ("U.S.", "US"),
        ("The Washington Post", "the Washington Post"),
    ])
    def test_variants_share_one_key(self, a, b):
        assert normalize_name(a) == normalize_name(b)

    def test_different_given_names_keep_different_keys(self):
        assert normalize_name("Kim Jong-hyn") != normalize_name("Kim Jong Un")

    def test_actor_id_is_derived_from_kind_and_canonical_name(self):
        assert actor_id_for("person", "Joe Biden") == "person:joe-biden"
        assert actor_id_for("country", "Russia") == "country:russia"


class TestMergesThatMustHappen:
    def test_president_joe_biden_us_president_joe_biden_and_biden_are_one_actor(self, resolved):
        # seed 1: "that President Joe Biden authorized Ukraine"; "Biden’s permission"
        # seed 2: "after U.S. President Joe Biden, during a meeting"; "Biden also “expressed"
        ids = {
            actor_of(resolved, "seed1", "President Joe Biden authorized", "Joe Biden"),
            actor_of(resolved, "seed1", "Biden’s permission", "Biden"),
            actor_of(resolved, "seed2", "after U.S. President Joe Biden, during", "Joe Biden"),
            actor_of(resolved, "seed2", "Biden also “expressed", "Biden"),
        }
        assert ids == {"person:joe-biden"}

    def test_zelenskyy_transliterations_are_one_actor(self, resolved):
        # seed 1: "the Ukrainian Government of Volodimir Zelensky"; "the request that Zelensky"
        # seed 2: "Ukrainian President Volodymyr Zelenskyy said"; "said Zelenskyy." (spaCy: ORG)
        ids = {
            actor_of(resolved, "seed1", "Government of Volodimir Zelensky", "Volodimir Zelensky"),
            actor_of(resolved, "seed1", "the request that Zelensky has", "Zelensky"),
            actor_of(resolved, "seed2", "Ukrainian President Volodymyr Zelenskyy said", "Volodymyr Zelenskyy"),
            actor_of(resolved, "seed2", "said Zelenskyy.", "Zelenskyy"),
        }
        assert ids == {"person:volodymyr-zelenskyy"}
        row = actor_row(resolved, "person:volodymyr-zelenskyy")
        assert {"Volodimir Zelensky", "Volodymyr Zelenskyy"} <= set(row["aliases"])

    def test_kim_jong_un_hyphenated_and_spaced_are_one_actor(self, resolved):
        # seed 1: "a signal for dictator Kim Jong-un not to send"; seed 2: "North Korean leader Kim Jong Un blamed"
        a = actor_of(resolved, "seed1", "dictator Kim Jong-un not", "Kim Jong-un")
        b = actor_of(resolved, "seed2", "leader Kim Jong Un blamed", "Kim Jong Un")
        assert a == b == "person:kim-jong-un"

    def test_bare_kim_goes_to_the_nearest_preceding_full_name(self, resolved):
        # seed 2: '... intervention into the world,” said Kim, as cited by the North’s ...'
        # the only Kim named before it in seed 2 is "North Korean leader Kim Jong Un"
        assert actor_of(resolved, "seed2", "said Kim, as cited", "Kim") == "person:kim-jong-un"
        assert actor_of(resolved, "seed2", "Kim made the remark", "Kim") == "person:kim-jong-un"


class TestMergesThatMustNotHappen:
    def test_south_korean_defense_minister_kim_jong_hyn_is_not_kim_jong_un(self, resolved):
        # seed 1: "Days ago, South Korean Defense Minister Kim Jong-hyn revealed that North Korea sent ..."
        hyn = actor_of(resolved, "seed1", "Defense Minister Kim Jong-hyn revealed", "Kim Jong-hyn")
        assert hyn == "person:kim-jong-hyn"
        assert hyn != actor_of(resolved, "seed1", "dictator Kim Jong-un not", "Kim Jong-un")

    def test_bare_kim_without_a_full_name_in_its_article_stays_unresolved_when_two_kims_exist(self):
        texts = {"a": "Kim Jong Un met Kim Jong-hyn.", "b": "Kim said nothing."}
        arts = pd.DataFrame({"article_id": list(texts), "text": list(texts.values())})
        ments = pd.DataFrame([
            {"article_id": "a", "sent_idx": 0, "start": 0, "end": 11, "text": "Kim Jong Un", "label": "PERSON"},
            {"article_id": "a", "sent_idx": 0, "start": 16, "end": 28, "text": "Kim Jong-hyn", "label": "PERSON"},
            {"article_id": "b", "sent_idx": 0, "start": 0, "end": 3, "text": "Kim", "label": "PERSON"},
        ])
        actors, out = resolve_actors(arts, ments)
        assert out["actor_id"].tolist()[:2] == ["person:kim-jong-un", "person:kim-jong-hyn"]
        assert pd.isna(out["actor_id"].iloc[2])
        assert "person:kim" not in set(actors["actor_id"])

    def test_a_bare_surname_with_one_full_name_in_the_corpus_goes_to_it(self):
        texts = {"a": "Michael Kofman warned.", "b": "Kofman added more."}
        arts = pd.DataFrame({"article_id": list(texts), "text": list(texts.values())})
        ments = pd.DataFrame([
            {"article_id": "a", "sent_idx": 0, "start": 0, "end": 14, "text": "Michael Kofman", "label": "PERSON"},
            {"article_id": "b", "sent_idx": 0, "start": 0, "end": 6, "text": "Kofman", "label": "PERSON"},
        ])
        _, out = resolve_actors(arts, ments)
        assert out["actor_id"].tolist() == ["person:michael-kofman", "person:michael-kofman"]


class TestStatesAndMetonymy:
    def test_moscow_and_the_kremlin_are_russia_as_a_state_actor(self, resolved):
        # seed 1: "In September, Moscow adjusted its nuclear doctrine"; "escalation by the Kremlin."
        assert actor_of(resolved, "seed1", "Moscow adjusted its nuclear", "Moscow") == "country:russia"
        assert actor_of(resolved, "seed1", "escalation by the Kremlin", "Kremlin") == "country:russia"
        assert actor_row(resolved, "country:russia")["kind"] == "country"

    def test_washington_deciding_is_the_united_states_but_in_washington_is_a_place(self, resolved):
        # seed 1: "These officials assure that Washington’s decision is also a signal"
        # seed 1: "The political landscape in Washington and the presidential transition"
        assert actor_of(resolved, "seed1", "that Washington’s decision", "Washington") == "country:united-states"
        assert actor_of(resolved, "seed1", "landscape in Washington and", "Washington") == "place:washington"
        row = actor_row(resolved, "place:washington")
        assert (row["kind"], row["country"]) == ("place", "United States")

    def test_pyongyang_dprk_and_the_long_official_name_are_north_korea(self, resolved):
        # seed 1: "Pyongyang provided Moscow with"; seed 2: "The Democratic People’s Republic of Korea, or DPRK, is ..."
        assert actor_of(resolved, "seed1", "Pyongyang provided Moscow", "Pyongyang") == "country:north-korea"
        assert actor_of(resolved, "seed2", "The Democratic People’s Republic of Korea, or DPRK",
                        "The Democratic People’s Republic of Korea") == "country:north-korea"
        assert actor_of(resolved, "seed2", "Republic of Korea, or DPRK, is", "DPRK") == "country:north-korea"

    def test_kyiv_letting_strike_and_seoul_stating_are_their_states(self, resolved):
        # seed 2: "the U.S. decision to let Kyiv strike deep into Russia" (spaCy labels Kyiv PERSON)
        # seed 1: "In line with what Seoul stated, Rutte maintained"
        assert actor_of(resolved, "seed2", "let Kyiv strike", "Kyiv") == "country:ukraine"
        assert actor_of(resolved, "seed1", "what Seoul stated", "Seoul") == "country:south-korea"

    def test_lowercase_kyiv_is_ukraine_when_it_is_a_mention(self, seed1):
        # seed 1: "recapture territories won by kyiv in August" (the small model does not tag
        # the lowercase form, so this pins the rule on a hand-made mention at its offsets)
        text = seed1["text"]
        start = text.index("won by kyiv") + len("won by ")
        arts = pd.DataFrame({"article_id": ["s1"], "text": [text]})
        ments = pd.DataFrame([{"article_id": "s1", "sent_idx": 0, "start": start, "end": start + 4,
                               "text": "kyiv", "label": "GPE"}])
        _, out = resolve_actors(arts, ments)
        assert out["actor_id"].tolist() == ["country:ukraine"]

    def test_brussels_as_the_place_of_a_statement_is_a_place(self, resolved):
        # seed 1: "Antony Blinken, Secretary of State, confirmed from Brussels the commitment"
        assert actor_of(resolved, "seed1", "confirmed from Brussels", "Brussels") == "place:brussels"
        assert actor_row(resolved, "place:brussels")["kind"] == "place"

    def test_a_country_naming_a_persons_title_is_not_a_separate_mention(self, resolved):
        # seed 2: "after U.S. President Joe Biden" -> U.S. is part of Biden's title
        assert actor_of(resolved, "seed2", "after U.S. President Joe Biden", "U.S.") is None
        # seed 2: "the U.S. decision to let Kyiv strike" -> the United States acting
        assert actor_of(resolved, "seed2", "the U.S. decision to let Kyiv", "U.S.") == "country:united-states"

    def test_the_ukrainian_government_is_the_state_of_ukraine(self, resolved):
        # seed 1: "nor has the Ukrainian Government of Volodimir Zelensky"
        assert actor_of(resolved, "seed1", "the Ukrainian Government of", "the Ukrainian Government") == "country:ukraine"


class TestRolesAndCountries:
    def test_slutsky_is_chairman_of_the_duma_committee_and_russian(self, resolved):
        # seed 2: "said Leonid Slutsky, chairman of the State Duma lower house’s foreign affairs committee, as cited by TASS"
        row = actor_row(resolved, "person:leonid-slutsky")
        assert "chairman of the State Duma lower house's foreign affairs committee" in row["roles"]
        assert row["country"] == "Russia"

    def test_the_duma_is_a_russian_organization(self, resolved):
        assert actor_of(resolved, "seed2", "chairman of the State Duma", "the State Duma") == "organization:state-duma"
        row = actor_row(resolved, "organization:state-duma")
        assert (row["kind"], row["country"]) == ("organization", "Russia")

    def test_blinken_is_secretary_of_state(self, resolved):
        # seed 1: "Antony Blinken, Secretary of State, confirmed from Brussels"
        assert "Secretary of State" in actor_row(resolved, "person:antony-blinken")["roles"]

    def test_putin_is_kremlin_chief(self, resolved):
        # seed 1: "However, Kremlin chief Vladimir Putin warned"
        row = actor_row(resolved, "person:vladimir-putin")
        assert "Kremlin chief" in row["roles"]
        assert row["country"] == "Russia"
        assert actor_of(resolved, "seed1", "Kremlin chief Vladimir Putin", "Kremlin") is None

    def test_kim_jong_hyn_is_the_south_korean_defense_minister(self, resolved):
        row = actor_row(resolved, "person:kim-jong-hyn")
        assert "South Korean Defense Minister" in row["roles"]
        assert row["country"] == "South Korea"

    def test_rutte_is_secretary_general_of_the_atlantic_alliance(self, resolved):
        # seed 1: "The Secretary General of the Atlantic Alliance, Mark Rutte, said"
        assert "Secretary General of the Atlantic Alliance" in actor_row(resolved, "person:mark-rutte")["roles"]
        assert actor_of(resolved, "seed1", "of the Atlantic Alliance, Mark", "the Atlantic Alliance") == "organization:nato"


class TestMedia:
    @pytest.mark.parametrize("article, phrase, name, expected", [
        ("seed1", "The Washington Post, The New York", "The Washington Post", "media:the-washington-post"),
        ("seed1", "The New York Times and the AP agency", "The New York Times", "media:the-new-york-times"),
        ("seed1", "and the AP agency", "AP", "media:associated-press"),
        ("seed2", "as cited by TASS state news agency", "TASS", "media:tass"),
        ("seed2", "China’s state-run Xinhua News Agency reported", "Xinhua News Agency", "media:xinhua"),
        ("seed2", "endangered, Xinhua added", "Xinhua", "media:xinhua"),
        ("seed2", "state-run Korea Central News Agency, or KCNA", "Korea Central News Agency",
         "media:korean-central-news-agency"),
        ("seed2", "Agency, or KCNA, on Monday", "KCNA", "media:korean-central-news-agency"),
        ("seed2", "public broadcaster NHK reported", "NHK", "media:nhk"),
    ])
    def test_outlets_and_agencies_are_media_actors(self, resolved, article, phrase, name, expected):
        assert actor_of(resolved, article, phrase, name) == expected
        assert actor_row(resolved, expected)["kind"] == "media"


class TestNotActors:
    def test_dates_numbers_and_nationality_adjectives_get_no_actor(self, resolved):
        m = resolved["mentions"]
        assert m.loc[m["label"].isin(["DATE", "CARDINAL", "PERCENT", "TIME", "ORDINAL"]), "actor_id"].isna().all()
        # seed 1: "limited attacks within Russian territory" -> an adjective, not Russia acting
        assert actor_of(resolved, "seed1", "within Russian territory", "Russian") is None

    def test_an_acronym_tagged_person_is_not_a_person(self, resolved):
        # seed 1: "supersonic guided missiles called ATACMS" (spaCy: PERSON)
        assert actor_of(resolved, "seed1", "missiles called ATACMS", "ATACMS") is None

    def test_photo_credit_and_editor_line_names_are_not_story_actors(self):
        text = ("Biden met Xi Jinping in Lima. (Leah Millis/Reuters)\nEdited by Mike Firn.")
        arts = pd.DataFrame({"article_id": ["c"], "text": [text]})
        spans = [("Biden", "PERSON"), ("Xi Jinping", "PERSON"), ("Leah Millis", "PERSON"),
                 ("Reuters", "ORG"), ("Mike Firn", "PERSON")]
        ments = pd.DataFrame([{"article_id": "c", "sent_idx": 0, "start": text.index(s),
                               "end": text.index(s) + len(s), "text": s, "label": lab} for s, lab in spans])
        _, out = resolve_actors(arts, ments)
        ids = dict(zip(out["text"], out["actor_id"]))
        assert ids["Biden"] == "person:joe-biden" and ids["Xi Jinping"] == "person:xi-jinping"
        assert pd.isna(ids["Leah Millis"]) and pd.isna(ids["Mike Firn"])

    def test_the_seed_captions_and_editor_are_not_actors(self, resolved):
        # the loader moved seed 2's photo caption "(Leah Millis/Reuters)" and "Edited by Mike Firn." out of the text
        names = set(resolved["actors"]["name"])
        assert "Leah Millis" not in names and "Mike Firn" not in names


class TestContract:
    def test_actors_table_matches_the_schema_and_ids_are_unique(self, resolved):
        actors = validate("actors", resolved["actors"])
        assert actors["actor_id"].is_unique
        assert set(actors["kind"]) <= {"person", "organization", "country", "media", "group", "place"}

    def test_the_callers_mentions_are_not_modified(self, resolved):
        assert "actor_id" not in resolved["input"].columns
        assert len(resolved["mentions"]) == len(resolved["input"])

    def test_counts_agree_with_the_mentions(self, resolved):
        m, a = resolved["mentions"], resolved["actors"]
        counts = m["actor_id"].value_counts()
        for row in a.itertuples():
            assert counts[row.actor_id] == row.n_mentions
        # Russia appears in both seeds
        assert actor_row(resolved, "country:russia")["n_articles"] == 2

    def test_resolution_is_deterministic(self, resolved, sample_articles):
        actors2, out2 = resolve_actors(sample_articles, resolved["input"])
        pd.testing.assert_frame_equal(actors2, resolved["actors"])
        assert out2["actor_id"].equals(resolved["mentions"]["actor_id"])


class TestUserAliases:
    TEXT = "Slava Ukraini said the Bureau of Truth reported."

    def _data(self):
        arts = pd.DataFrame({"article_id": ["u"], "text": [self.TEXT]})
        ments = pd.DataFrame([
            {"article_id": "u", "sent_idx": 0, "start": 0, "end": 13, "text": "Slava Ukraini", "label": "PERSON"},
            {"article_id": "u", "sent_idx": 0, "start": 19, "end": 37, "text": "the Bureau of Truth", "label": "ORG"},
        ])
        return arts, ments

    def test_a_dict_alias_maps_a_name_to_a_curated_actor(self):
        arts, ments = self._data()
        _, out = resolve_actors(arts, ments, aliases={"Slava Ukraini": "Volodymyr Zelenskyy"})
        assert out["actor_id"].iloc[0] == "person:volodymyr-zelenskyy"

    def test_a_csv_alias_file_adds_a_new_actor_with_kind_and_country(self, tmp_path):
        arts, ments = self._data()
        path = tmp_path / "aliases.csv"
        path.write_text("# my aliases\nalias,name,kind,country\nBureau of Truth,Ministry of Truth,media,Oceania\n",
                        encoding="utf-8")
        actors, out = resolve_actors(arts, ments, aliases=path)
        assert out["actor_id"].iloc[1] == "media:ministry-of-truth"
        row = actors[actors["actor_id"] == "media:ministry-of-truth"].iloc[0]
        assert (row["kind"], row["country"]) == ("media", "Oceania")


class TestLookupActor:
    @pytest.mark.parametrize("name, expected", [
        ("the White House", "organization:white-house"),
        ("TASS", "media:tass"),
        ("TASS state news agency", "media:tass"),
        ("the Kremlin", "country:russia"),
        ("Ukrainian President Volodymyr Zelenskyy", "person:volodymyr-zelenskyy"),
        ("Volodimir Zelensky", "person:volodymyr-zelenskyy"),
        ("Blinken", "person:antony-blinken"),
        ("Leonid Slutsky, chairman of the State Duma lower house’s foreign affairs committee",
         "person:leonid-slutsky"),
    ])
    def test_names_and_aliases_find_their_actor(self, resolved, name, expected):
        assert lookup_actor(resolved["actors"], name) == expected

    def test_an_ambiguous_bare_surname_finds_nobody(self, resolved):
        # both Kim Jong Un and Kim Jong-hyn are actors of the sample
        assert lookup_actor(resolved["actors"], "Kim") is None

    def test_an_alias_made_of_initials_only_does_not_break_the_lookup(self):
        actors = pd.DataFrame({"actor_id": ["person:j-r-smith"], "name": ["J. R. Smith"], "kind": ["person"],
                               "aliases": [["J. R.", "J. R. Smith"]]})
        assert lookup_actor(actors, "J. R. Smith") == "person:j-r-smith"
        assert lookup_actor(actors, "Smith") == "person:j-r-smith"

    def test_an_unknown_name_finds_nobody(self, resolved):
        assert lookup_actor(resolved["actors"], "unidentified American officials") is None


def test_annotate_fills_actors_and_mention_actor_ids(sample_ann):
    ids = set(sample_ann.actors["actor_id"])
    assert {"person:joe-biden", "person:kim-jong-un", "person:kim-jong-hyn", "country:russia",
            "media:korean-central-news-agency"} <= ids
    assert sample_ann.mentions["actor_id"].dropna().isin(ids).all()
