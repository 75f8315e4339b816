"""Corroboration a researcher can cite: origins by identity, outlets known or unknown,
coherent groups, syndicated copies as one source, and how a claim spread."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import plotly.graph_objects as go
import pytest

from newsanalysis.analyse.corroboration import (
    UNKNOWN_OUTLET,
    article_outlets,
    claim_spread,
    corroboration,
    statement,
)
from newsanalysis.analyse.reuse import reuse, reuse_pairs
from newsanalysis.load.fields import outlet_from_dateline
from newsanalysis.show.provenance import plot_claim_spread

THIS = {"source": "(this article)", "actor_id": None, "kind": "publisher", "relation": ""}

# A wire story (about 110 words) and what outlets do with it.
WIRE = ("Finland and Sweden will apply to join NATO within weeks, officials in both countries said on "
        "Monday, a historic shift for two nations that stayed out of military alliances through the Cold "
        "War. Russia has warned of serious military and political consequences if they join. The prime "
        "ministers of the two countries met in Stockholm to coordinate the timing of their applications, "
        "and both governments are expected to put the question to their parliaments next week. Polls in "
        "both countries show a clear majority in favour of membership since the invasion of Ukraine in "
        "February. NATO's secretary general said the alliance would welcome them with open arms and that "
        "the process could be completed quickly, although every member state has to ratify the accession.")
EDITED = WIRE.replace("on Monday", "on Monday (May 2)").replace("open arms", "open arms, diplomats said")
REWRITE = ("Our correspondent in Helsinki reports that the mood in the capital is calm. " + WIRE +
           " Local commentators say the decision marks the end of an era of neutrality that shaped the "
           "country's foreign policy for generations, and the opposition has promised not to stand in the way. "
           "In the border town of Lappeenranta, where shoppers from St Petersburg once filled the malls, "
           "residents spoke of unease rather than fear. A shop owner who has traded with Russian customers for "
           "thirty years said business had already collapsed, and that he expected the border to stay quiet. "
           "The army has reviewed its reserves, and volunteer defence courses are fully booked until autumn.")
OTHER = ("The central bank raised its main interest rate by half a percentage point on Thursday, the largest "
         "increase in two decades, as inflation climbed to its highest level since the early nineteen "
         "eighties. The governor said further increases were likely in the coming months, while business "
         "groups warned that higher borrowing costs would hurt small companies already struggling with "
         "energy prices, supply chain problems and a shortage of workers after the pandemic years.")


def _hop(source, kind, relation, actor_id=None):
    return {"source": source, "actor_id": actor_id, "kind": kind, "relation": relation}


def _claim(aid, n, content, *, speaker, speaker_kind="named_person", actor=None, anonymous=False, via=None):
    chain = [_hop(speaker, "anonymous" if anonymous else speaker_kind, "cited by", actor)]
    if via:
        chain.append(_hop(via, "media", "reported in"))
    return {"claim_id": f"{aid}:c{n:03d}", "article_id": aid, "sent_idx": n, "start": 0, "end": len(content),
            "content": content, "kind": "reported", "cue": "said", "speaker": speaker, "speaker_actor_id": actor,
            "speaker_kind": "anonymous" if anonymous else speaker_kind, "anonymous": anonymous,
            "anonymity_reason": "unidentified" if anonymous else "", "chain": chain + [THIS],
            "chain_text": " → ".join(h["source"] for h in chain + [THIS]), "status": "asserted"}


def _ann(articles: list[dict], claims: list[dict], actors: pd.DataFrame | None = None):
    arts = pd.DataFrame(articles)
    for col, default in {"outlet": "", "dateline": "", "title": "", "published": pd.NaT}.items():
        if col not in arts:
            arts[col] = default
    arts["published"] = pd.to_datetime(arts["published"], utc=True)
    arts["text"] = arts.get("text", pd.Series([""] * len(arts))).fillna("")
    sentences = pd.DataFrame([{"article_id": c["article_id"], "sent_idx": c["sent_idx"],
                               "text": f"Sentence of {c['claim_id']}: {c['content']}"} for c in claims])
    if actors is None:
        actors = pd.DataFrame(columns=["actor_id", "name", "kind", "aliases"])
    return SimpleNamespace(articles=arts, claims=pd.DataFrame(claims), sentences=sentences, actors=actors,
                           mentions=pd.DataFrame())


WARNING = "Russia will take military and technical retaliatory steps if Finland joins NATO"
# the same warning in other words (0.72 alike): one group, but not one utterance
WARNING_2 = "Moscow will take military-technical retaliatory steps should Finland join NATO"


class TestOriginsByIdentity:
    def test_three_names_of_one_resolved_actor_are_one_origin(self):
        # "Sanna Marin", "their prime ministers", "The two countries' prime ministers": the
        # speaker step resolved all three to one actor
        ann = _ann([{"article_id": a, "outlet": o} for a, o in [("a1", "A"), ("a2", "B"), ("a3", "C")]], [
            _claim("a1", 0, "Finland must apply for NATO membership without delay", speaker="Sanna Marin",
                   actor="person:sanna-marin"),
            _claim("a2", 0, "Finland must apply for NATO membership without delay", speaker="their prime ministers",
                   actor="person:sanna-marin"),
            _claim("a3", 0, "Finland must apply for NATO membership without delay.",
                   speaker="The two countries’ prime ministers", actor="person:sanna-marin"),
        ])
        g = corroboration(ann).iloc[0]
        assert (g["n_articles"], g["n_independent_origins"]) == (3, 1)
        assert g["origin_keys"] == ["person:sanna-marin"]
        assert g["origins"] == ["Sanna Marin", "The two countries’ prime ministers", "their prime ministers"]

    def test_two_resolved_actors_are_two_origins(self):
        ann = _ann([{"article_id": "a1", "outlet": "A"}, {"article_id": "a2", "outlet": "B"}], [
            _claim("a1", 0, WARNING, speaker="Dmitry Peskov", actor="person:dmitry-peskov"),
            _claim("a2", 0, WARNING_2, speaker="Maria Zakharova", actor="person:maria-zakharova")])
        assert corroboration(ann).iloc[0]["n_independent_origins"] == 2

    def test_anonymous_officials_via_two_newspapers_are_two_origins(self):
        ann = _ann([{"article_id": "a1", "outlet": "A"}, {"article_id": "a2", "outlet": "B"}], [
            _claim("a1", 0, WARNING, speaker="officials", anonymous=True, via="The New York Times"),
            _claim("a2", 0, WARNING_2, speaker="officials", anonymous=True, via="The Washington Post")])
        g = corroboration(ann).iloc[0]
        assert g["n_independent_origins"] == 2 and g["anonymous_only"]

    def test_sources_that_told_the_publisher_are_the_publishers_own_sources(self):
        # "sources told ABC News" in ABC News, and "sources said" in another ABC News article
        ann = _ann([{"article_id": "a1", "outlet": "ABC News"}, {"article_id": "a2", "outlet": "ABC News"}], [
            _claim("a1", 0, WARNING, speaker="sources", anonymous=True, via="ABC News"),
            _claim("a2", 0, WARNING_2, speaker="sources", anonymous=True)])
        assert corroboration(ann).iloc[0]["origin_keys"] == ["anonymous via publisher:ABC News"]

    def test_one_long_sentence_word_for_word_in_two_articles_is_one_source(self):
        # one outlet's two versions of a story that reuse does not pair (too little else in common)
        ann = _ann([{"article_id": "a1", "outlet": "A"}, {"article_id": "a2", "outlet": "B"}], [
            _claim("a1", 0, WARNING, speaker="he", anonymous=True),
            _claim("a2", 0, WARNING_2, speaker="Dmitry Peskov", actor="person:dmitry-peskov")])
        line = ("Sessions did not mention either meeting during his confirmation hearings when he said he knew "
                "of no contacts between Trump surrogates and Russians.")
        ann.sentences["text"] = [line, line]
        assert corroboration(ann).iloc[0]["origin_keys"] == ["person:dmitry-peskov"]
        ann.sentences["text"] = [line, "Peskov said Moscow would respond to any move by Finland."]
        assert corroboration(ann).iloc[0]["n_independent_origins"] == 2

    def test_one_long_quotation_given_to_several_speakers_is_one_utterance(self):
        # the speaker step gave one line of Sessions's statement to three speakers
        line = '"I have no idea what this allegation is about. It is false,"'
        ann = _ann([{"article_id": x, "outlet": x} for x in ("a1", "a2", "a3", "a4")], [
            _claim("a1", 0, line, speaker="Sessions", actor="person:jeff-sessions"),
            _claim("a2", 0, line, speaker="Jeff Sessions", actor="person:jeff-sessions"),
            _claim("a3", 0, line, speaker="Elizabeth Warren", actor="person:elizabeth-warren"),
            _claim("a4", 0, line, speaker="the statement", anonymous=True)])
        g = corroboration(ann).iloc[0]
        assert (g["n_articles"], g["n_independent_origins"], g["origin_keys"]) == (4, 1, ["person:jeff-sessions"])

    def test_a_short_quotation_is_no_fingerprint(self):
        # "utterly ridiculous" is said of many allegations by many people
        ann = _ann([{"article_id": x, "outlet": x} for x in ("a1", "a2")], [
            _claim("a1", 0, 'the allegations as "utterly ridiculous"', speaker="GCHQ", actor="organization:gchq"),
            _claim("a2", 0, 'the allegations as "utterly ridiculous"', speaker="Dmitry Peskov",
                   actor="person:dmitry-peskov")])
        assert corroboration(ann).iloc[0]["n_independent_origins"] == 2

    def test_a_short_name_beside_its_resolved_actor_is_that_actor(self):
        ann = _ann([{"article_id": x, "outlet": x} for x in ("a1", "a2")], [
            _claim("a1", 0, WARNING, speaker="Kim Jong Un", actor="person:kim-jong-un"),
            _claim("a2", 0, WARNING_2, speaker="Kim")])
        assert corroboration(ann).iloc[0]["origin_keys"] == ["person:kim-jong-un"]

    def test_an_anonymous_source_resolved_to_an_organization_is_that_organization(self):
        # "GCHQ" flagged anonymous (an agency speaking without a named spokesperson) in two
        # outlets is one origin; "U.S. officials" resolved to a country stays told apart by outlet
        ann = _ann([{"article_id": x, "outlet": x} for x in ("a1", "a2", "a3", "a4")], [
            _claim("a1", 0, WARNING, speaker="GCHQ", actor="organization:gchq", anonymous=True),
            _claim("a2", 0, WARNING_2, speaker="GCHQ", actor="organization:gchq", anonymous=True)])
        assert corroboration(ann).iloc[0]["origin_keys"] == ["organization:gchq"]
        ann.claims["speaker_actor_id"] = "country:united-states"
        ann.claims["chain"] = [[{**c[0], "actor_id": "country:united-states"}, c[-1]] for c in ann.claims["chain"]]
        assert corroboration(ann).iloc[0]["n_independent_origins"] == 2


class TestOutlets:
    @pytest.mark.parametrize("dateline, text, outlet", [
        ("MOSCOW, March 3 (AP)", "", "Associated Press"),
        ("MOSCOW, February 7. /TASS/", "", "TASS"),
        ("KYIV (AFP, Reuters)", "", "Agence France-Presse"),
        ("", "(Reuters) - Britain said on Friday ...", "Reuters"),
        ("", "LONDON, March 3 (Reuters) - Britain said on Friday ...", "Reuters"),
        ("TAIPEI, Taiwan", "Taiwan said on Friday ...", ""),
        ("", "The minister (left) said ...", ""),
    ])
    def test_a_dateline_agency_mark_names_the_outlet(self, dateline, text, outlet):
        assert outlet_from_dateline(dateline, text) == outlet

    def test_outlet_from_data_else_dateline_agency_else_unknown(self):
        arts = pd.DataFrame({"article_id": ["a1", "a2", "a3"], "outlet": ["BBC", "", ""],
                             "dateline": ["LONDON", "MOSCOW, March 3 (Reuters)", "PARIS"], "text": ["", "", ""]})
        assert article_outlets(arts) == {"a1": "BBC", "a2": "Reuters", "a3": UNKNOWN_OUTLET}

    def test_the_provenance_table_names_the_same_publishers(self):
        from newsanalysis.analyse.provenance import provenance

        ann = _ann([{"article_id": "a1", "dateline": "MOSCOW, March 3 (Reuters)"}, {"article_id": "a2"}],
                   [_claim("a1", 0, WARNING, speaker="Peskov"), _claim("a2", 0, WARNING, speaker="Peskov")])
        assert provenance(ann).set_index("article_id")["publisher"].to_dict() == {"a1": "Reuters", "a2": "unknown"}

    def test_unknown_outlets_never_count_as_distinct(self):
        # eight copies from one newspaper that the data does not name
        ann = _ann([{"article_id": f"a{i}"} for i in range(8)] + [{"article_id": "k", "outlet": "BBC"}],
                   [_claim(f"a{i}", 0, WARNING, speaker="Dmitry Peskov", actor="person:dmitry-peskov")
                    for i in range(8)] + [_claim("k", 0, WARNING, speaker="Peskov", actor="person:dmitry-peskov")])
        g = corroboration(ann).iloc[0]
        assert (g["n_articles"], g["n_outlets"], g["n_unknown_outlet"], g["outlets"]) == (9, 1, 8, ["BBC"])


class TestCoherentGroups:
    def test_related_quotes_that_chain_are_not_one_group(self):
        # b reads like a and like c, but a and c state different things: connected
        # components made one group of the three, complete-link does not
        a = "Russia warned Finland and Sweden against joining NATO on Monday"
        b = "Russia warned Finland and Sweden against joining NATO, Turkey said"
        c = "Turkey said it would not support Finland and Sweden joining NATO"
        ann = _ann([{"article_id": x, "outlet": x} for x in ("a1", "a2", "a3")],
                   [_claim("a1", 0, a, speaker="x", actor="p:x"), _claim("a2", 0, b, speaker="y", actor="p:y"),
                    _claim("a3", 0, c, speaker="z", actor="p:z")])
        from rapidfuzz import fuzz

        from newsanalysis.analyse.provenance import comparable
        score = {k: fuzz.token_sort_ratio(comparable(x), comparable(y)) / 100 for k, (x, y) in
                 {"ab": (a, b), "bc": (b, c), "ac": (a, c)}.items()}
        thr = min(score["ab"], score["bc"]) - 0.01
        assert score["ac"] < thr  # the premise: a and c are linked only through b
        groups = corroboration(ann, threshold=thr)
        assert len(groups) == 1 and groups.iloc[0]["claim_ids"] in (["a1:c000", "a2:c000"], ["a2:c000", "a3:c000"])
        assert groups.iloc[0]["min_similarity"] >= thr - 1e-6

    def test_every_pair_in_a_group_reads_alike_at_the_threshold(self):
        base = "the alliance will not deploy nuclear weapons in Finland after it joins"
        variants = [base, base + " next year", base.replace("the alliance", "NATO"),
                    base.replace("nuclear weapons", "troops or nuclear weapons")]
        ann = _ann([{"article_id": f"a{i}", "outlet": f"O{i}"} for i in range(4)],
                   [_claim(f"a{i}", 0, v, speaker="s", actor="p:s") for i, v in enumerate(variants)])
        for _, g in corroboration(ann, threshold=0.85).iterrows():
            assert g["min_similarity"] >= 0.85

    def test_the_same_statement_running_on_differently_is_one_group(self):
        # Lavrov's line in two articles: each row's content runs on with something else
        one = "an iron curtain is already descending between Russia and the West. It is a process that has begun"
        two = "an iron curtain is already descending between Russia and the West, he told reporters in Moscow"
        ann = _ann([{"article_id": "a1", "outlet": "A"}, {"article_id": "a2", "outlet": "B"}],
                   [_claim("a1", 0, one, speaker="Sergei Lavrov", actor="person:lavrov"),
                    _claim("a2", 0, two, speaker="Lavrov", actor="person:lavrov")])
        g = corroboration(ann).iloc[0]
        assert g["claim_ids"] == ["a1:c000", "a2:c000"] and g["n_independent_origins"] == 1

    def test_two_short_clauses_must_read_more_alike_than_two_long_statements(self):
        # 0.75 alike, six words: condolences from two people on two events
        one, two = "his condolences to the families affected", "her condolences to those affected by the killing"
        ann = _ann([{"article_id": "a1", "outlet": "A"}, {"article_id": "a2", "outlet": "B"}],
                   [_claim("a1", 0, one, speaker="the minister"), _claim("a2", 0, two, speaker="Mary Fallin")])
        assert corroboration(ann).empty
        assert len(corroboration(ann, short_words=0)) == 1
        # a long statement reworded as much stays one group (WARNING / WARNING_2: 0.72, 11 words)
        ann.claims["content"] = [WARNING, WARNING_2]
        assert len(corroboration(ann)) == 1

    @pytest.mark.parametrize("content, kept", [
        ("an iron curtain is descending. It is already happening", "an iron curtain is descending."),
        ("Moscow will respond firmly, he told reporters, adding that talks were over", "Moscow will respond firmly"),
        ("If Scotland can be ignored on this, she said, it can be ignored at any time",
         "If Scotland can be ignored on this, she said, it can be ignored at any time"),
        ("U.S. officials expect the talks to fail", "U.S. officials expect the talks to fail"),
        ("Gen. Milley expects a long war in Ukraine", "Gen. Milley expects a long war in Ukraine"),
        ("the talks will resume in Istanbul — a city both sides accept", "the talks will resume in Istanbul"),
    ])
    def test_the_statement_is_trimmed_of_what_runs_on(self, content, kept):
        assert statement(content) == kept


def _wire_corpus():
    """The wire story, an edited copy, a rewrite around it, and an unrelated story."""
    return [
        {"article_id": "w1", "outlet": "Reuters", "published": "2022-05-02 08:00", "text": WIRE, "title": "Wire"},
        {"article_id": "w2", "outlet": "Daily A", "published": "2022-05-02 10:30", "text": EDITED, "title": "Copy"},
        {"article_id": "w3", "outlet": "Daily B", "published": "2022-05-03 06:00", "text": REWRITE,
         "title": "Rewrite"},
        {"article_id": "o1", "outlet": "Daily A", "published": "2022-05-01 09:00", "text": OTHER, "title": "Rates"},
    ]


class TestReuse:
    def test_copies_and_a_rewrite_form_one_cluster_led_by_the_earliest(self):
        arts = pd.DataFrame(_wire_corpus()).assign(published=lambda d: pd.to_datetime(d["published"], utc=True))
        r = reuse(arts).set_index("article_id")
        assert sorted(r.index) == ["w1", "w2", "w3"]  # the unrelated story is in no cluster
        assert set(r["reuse_id"]) == {"r0000"} and set(r["earliest_id"]) == {"w1"}
        assert r.loc["w1", "relation"] == "earliest" and r.loc["w2", "relation"] == "near-duplicate"
        assert r.loc["w3", "relation"] == "derived" and r.loc["w3", "containment"] >= 0.9

    def test_pairs_say_how_much_they_share(self):
        arts = pd.DataFrame(_wire_corpus())
        p = reuse_pairs(arts).set_index(["article_a", "article_b"])
        assert p.loc[("w1", "w2"), "jaccard"] > 0.8 and p.loc[("w1", "w2"), "relation"] == "near-duplicate"
        assert p.loc[("w1", "w3"), "relation"] == "derived"
        assert not any("o1" in k for k in p.index)

    def test_one_shared_sentence_is_no_reuse(self):
        shared = "Russia has warned of serious military and political consequences if they join."
        arts = pd.DataFrame({"article_id": ["x", "y"], "text": [OTHER + " " + shared, shared + " " + OTHER[::-1]]})
        assert reuse_pairs(arts).empty

    def test_articles_without_text_are_a_clear_error(self):
        with pytest.raises(ValueError, match="needs 'article_id' and 'text'"):
            reuse_pairs(pd.DataFrame({"article_id": ["a"]}))

    def test_syndicated_copies_are_one_origin(self):
        # anonymous "officials" in the wire story and its two republications: one source
        claims = [_claim(a, 0, "Finland and Sweden will apply to join NATO within weeks", speaker="officials",
                         anonymous=True) for a in ("w1", "w2", "w3")]
        ann = _ann(_wire_corpus(), claims)
        g = corroboration(ann).iloc[0]
        assert (g["n_outlets"], g["n_independent_origins"], g["n_reused"]) == (3, 1, 2)
        assert corroboration(ann, reuse=False).iloc[0]["n_independent_origins"] == 3

    def test_articles_sharing_a_passage_merge_only_the_claims_inside_it(self):
        # w1 and w3 are one reuse cluster, but the two anonymous claims stand in sentences of
        # their own (not in the text they share): two sources, each via its outlet
        claims = [_claim(a, 0, "the talks in Istanbul will resume next week with both delegations", speaker="officials",
                         anonymous=True) for a in ("w1", "w3")]
        ann = _ann(_wire_corpus(), claims)
        ann.sentences["text"] = ["Officials in Ankara said the talks in Istanbul will resume next week.",
                                 "The talks in Istanbul will resume next week with both delegations, a diplomat said."]
        assert corroboration(ann).iloc[0]["n_independent_origins"] == 2


class TestSpread:
    def _ann(self):
        claims = [_claim(a, 0, WARNING, speaker="Peskov", actor="person:dmitry-peskov") for a in ("w3", "w2", "w1")]
        return _ann(_wire_corpus(), claims)

    def test_first_appearance_and_the_order_outlets_carried_it(self):
        g = corroboration(self._ann(), reuse=False).iloc[0]
        assert (g["first_article_id"], g["first_outlet"]) == ("w1", "Reuters")
        assert g["first_published"] == pd.Timestamp("2022-05-02 08:00", tz="UTC")
        assert g["outlet_order"] == ["Reuters", "Daily A", "Daily B"] and g["span_days"] == 0.92

    def test_claim_spread_lists_members_earliest_first_with_their_evidence(self):
        ann = self._ann()
        groups = corroboration(ann, reuse=False)
        s = claim_spread(ann, "g0000", groups=groups)
        assert s["article_id"].tolist() == ["w1", "w2", "w3"] and s["order"].tolist() == [1, 2, 3]
        assert s.loc[0, "title"] == "Wire" and s.loc[0, "sentence"].startswith("Sentence of w1:c000")

    def test_the_cascade_shows_each_point_with_its_evidence(self):
        ann = self._ann()
        fig = plot_claim_spread(ann, corroboration(ann, reuse=False).iloc[0])
        assert isinstance(fig, go.Figure)
        points = fig.data[1]
        assert list(points.y) == ["Reuters", "Daily A", "Daily B"] and points.marker.symbol[0] == "star"
        assert "<b>Wire</b>" in points.customdata[0] and "Reuters · 2022-05-02 08:00" in points.customdata[0]
        assert "Sentence of w1:c000" in points.customdata[0]
        assert fig.layout.title.text == WARNING  # the group's centre

    def test_quotation_marks_show_as_written_in_the_figure(self):
        ann = self._ann()
        ann.claims["content"] = '"' + WARNING + '"'
        fig = plot_claim_spread(ann, corroboration(ann, reuse=False).iloc[0])
        assert fig.layout.title.text.startswith('"Russia will') and "&quot;" not in fig.data[1].customdata[0]

    def test_reachable_from_the_package(self):
        import newsanalysis as na

        assert na.reuse is reuse and na.claim_spread is claim_spread and na.plot_claim_spread is plot_claim_spread


@pytest.mark.model
class TestOnTheSample:
    def test_the_two_seed_articles_are_not_copies_of_each_other(self, sample_ann):
        # the seeds report one event in two outlets' own words (they share quotes, not text)
        assert reuse(sample_ann).empty

    def test_the_seeds_name_no_outlet_and_count_none(self, sample_ann):
        # neither seed has an outlet, a URL or an agency mark ("TAIPEI, Taiwan –" names none);
        # both report "Biden authorized Ukraine to use long-range missiles" (0.63 alike)
        assert set(article_outlets(sample_ann).values()) == {UNKNOWN_OUTLET}
        groups = corroboration(sample_ann, threshold=0.6)
        g = groups[groups["content"].str.contains("authorized Ukraine to use long-range missiles")].iloc[0]
        assert (g["n_articles"], g["n_outlets"], g["n_unknown_outlet"], g["outlets"]) == (2, 0, 2, [])
