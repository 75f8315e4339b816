"""Provenance table, graph and corroboration: a small stand-in corpus and the real sample."""

from __future__ import annotations

from types import SimpleNamespace

import networkx as nx
import pandas as pd
import plotly.graph_objects as go
import pytest

from newsanalysis.analyse.corroboration import _candidate_pairs, corroboration
from newsanalysis.analyse.provenance import (
    comparable,
    filter_provenance,
    provenance,
    provenance_graph,
)
from newsanalysis.show.claim_explorer import provenance_explorer
from newsanalysis.show.provenance import plot_provenance_sankey

THIS = {"source": "(this article)", "actor_id": None, "kind": "publisher", "relation": ""}


def _hop(source, kind, relation):
    return {"source": source, "actor_id": None, "kind": kind, "relation": relation}


def _claim(aid, n, content, chain, *, anonymous, speaker, speaker_kind, status="asserted"):
    return {"claim_id": f"{aid}:c{n:03d}", "article_id": aid, "sent_idx": n, "start": 0, "end": 10,
            "content": content, "kind": "reported", "cue": "reported", "speaker": speaker,
            "speaker_actor_id": None, "speaker_kind": speaker_kind, "anonymous": anonymous,
            "anonymity_reason": "unidentified" if anonymous else "", "chain": chain + [THIS],
            "chain_text": " → ".join(h["source"] for h in chain + [THIS]), "status": status}


CLAIM = "the United States authorized Ukraine to strike inside Russia with ATACMS missiles"
VIA_NYT = [_hop("unidentified American officials", "anonymous", "cited by"),
           _hop("The New York Times", "media", "reported in")]


@pytest.fixture()
def toy():
    """Three outlets repeat one claim: two via the NYT's anonymous officials, one from Blinken."""
    articles = pd.DataFrame({"article_id": ["a1", "a2", "a3", "a4"],
                             "outlet": ["Outlet A", "Outlet B", "Outlet C", "Outlet A"],
                             "published": [pd.NaT] * 4, "title": ["t1", "t2", "t3", "t4"]})
    claims = pd.DataFrame([
        _claim("a1", 0, CLAIM, VIA_NYT, anonymous=True, speaker="The New York Times", speaker_kind="media"),
        _claim("a2", 0, "The U.S. has authorized Ukraine to strike inside Russia with long-range ATACMS missiles.",
               [_hop("U.S. officials", "anonymous", "cited by"), _hop("the New York Times", "media", "reported in")],
               anonymous=True, speaker="the New York Times", speaker_kind="media", status="unconfirmed"),
        _claim("a3", 0, CLAIM, [_hop("Antony Blinken", "named_person", "quoted in")], anonymous=False,
               speaker="Antony Blinken", speaker_kind="named_person"),
        _claim("a4", 0, "Japan is considering tightening sanctions against North Korea and Russia",
               [_hop("NHK", "media", "reported in")], anonymous=False, speaker="NHK", speaker_kind="media"),
    ])
    sentences = pd.DataFrame({"article_id": ["a1", "a2", "a3", "a4"], "sent_idx": [0, 0, 0, 0],
                              "text": ["s1", "s2", "s3", "s4"]})
    actors = pd.DataFrame({"actor_id": ["media:nyt"], "name": ["The New York Times"], "kind": ["media"],
                           "aliases": [["The New York Times", "New York Times"]]})
    return SimpleNamespace(articles=articles, claims=claims, sentences=sentences, actors=actors,
                           mentions=pd.DataFrame())


class TestCorroboration:
    def test_same_anonymous_officials_via_the_same_newspaper_are_one_origin(self, toy):
        toy.claims = toy.claims[toy.claims["article_id"].isin(["a1", "a2"])]
        g = corroboration(toy).iloc[0]
        assert (g["n_articles"], g["n_outlets"], g["n_independent_origins"]) == (2, 2, 1)
        assert g["single_origin"] and g["anonymous_only"]
        assert g["claim_ids"] == ["a1:c000", "a2:c000"]

    def test_a_named_origin_adds_an_independent_origin(self, toy):
        g = corroboration(toy).iloc[0]
        assert (g["n_articles"], g["n_independent_origins"]) == (3, 2)
        assert not g["single_origin"] and not g["anonymous_only"]
        assert g["claim_ids"] == ["a1:c000", "a2:c000", "a3:c000"]

    def test_grouping_that_is_not_identical_text_reports_its_spread(self, toy):
        g = corroboration(toy).iloc[0]
        assert 0.7 <= g["min_similarity"] < 1.0 and g["mean_similarity"] >= g["min_similarity"]

    def test_a_short_clause_is_not_grouped_with_a_long_quote_holding_its_words(self, toy):
        long_quote = CLAIM + ", and Moscow answered with threats of nuclear escalation against the West"
        toy.claims.loc[toy.claims["article_id"] == "a3", "content"] = long_quote
        ids = [c for g in corroboration(toy)["claim_ids"] for c in g]
        assert "a3:c000" not in ids

    def test_a_claim_in_one_article_only_is_no_group(self, toy):
        assert "a4:c000" not in [c for ids in corroboration(toy)["claim_ids"] for c in ids]

    def test_threshold_is_a_parameter(self, toy):
        from rapidfuzz import fuzz

        toy.claims = toy.claims[toy.claims["article_id"].isin(["a1", "a3"])].copy()
        toy.claims.loc[toy.claims["article_id"] == "a3", "content"] = "Ukraine may now use ATACMS missiles against Russia"
        sim = fuzz.token_sort_ratio(comparable(CLAIM), comparable("Ukraine may now use ATACMS missiles against Russia")) / 100
        # short_words=0: the same threshold for short statements (this one has 8 words)
        assert corroboration(toy, threshold=sim - 0.01, short_words=0).iloc[0]["claim_ids"] == ["a1:c000", "a3:c000"]
        assert corroboration(toy, threshold=min(sim + 0.01, 1.0), short_words=0).empty

    def test_does_not_mutate_the_claims(self, toy):
        before = toy.claims.copy()
        corroboration(toy)
        pd.testing.assert_frame_equal(toy.claims, before)


class TestProvenanceTable:
    def test_one_row_per_claim_with_origin_conduits_and_publisher(self, toy):
        p = provenance(toy).set_index("claim_id")
        r = p.loc["a1:c000"]
        assert (r["origin"], r["conduits"], r["publisher"]) == (
            "unidentified American officials", ["The New York Times"], "Outlet A")
        assert r["evidence"] == "s1" and r["anonymous"]

    def test_filter_by_anonymity_status_and_outlet(self, toy):
        p = provenance(toy)
        assert filter_provenance(p, anonymous=True)["claim_id"].tolist() == ["a1:c000", "a2:c000"]
        assert filter_provenance(p, status="unconfirmed")["claim_id"].tolist() == ["a2:c000"]
        assert filter_provenance(p, outlet="The New York Times")["claim_id"].tolist() == ["a1:c000"]
        assert filter_provenance(p, outlet="Outlet A")["claim_id"].tolist() == ["a1:c000", "a4:c000"]


class TestProvenanceGraph:
    def test_origin_conduit_publisher_edges_keep_their_evidence(self, toy):
        g = provenance_graph(toy)
        nyt = "media:nyt"  # both spellings resolve to the actor through its aliases
        assert g.nodes[nyt]["label"] == "The New York Times"
        assert g.edges["text:unidentified american officials", nyt]["evidence"] == [("a1", 0)]
        assert g.edges[nyt, "publisher:Outlet A"]["weight"] == 1
        assert g.edges[nyt, "publisher:Outlet B"]["claim_ids"] == ["a2:c000"]
        assert "origin" in g.nodes["text:antony blinken"]["roles"]

    def test_sankey_and_explorer_build(self, toy):
        fig = plot_provenance_sankey(toy)
        assert isinstance(fig, go.Figure) and len(fig.data[0].link.value) == provenance_graph(toy).number_of_edges()
        box = provenance_explorer(toy)
        assert "4 claim(s)" in box.controls["count"].value


class TestSankeyAndExplorerReadability:
    def test_a_long_label_is_cut_on_the_node_and_whole_in_the_hover(self):
        g = nx.DiGraph()
        # 53 characters: cut after the last whole word within 32
        g.add_node("text:o", label="some senior Russian officials familiar with the plans", kind="anonymous")
        g.add_node("publisher:P", label="Outlet P", kind="publisher")
        g.add_edge("text:o", "publisher:P", weight=2, relation="published by", evidence=[("a1", 0), ("a1", 3)])
        fig = plot_provenance_sankey(g)
        node = fig.data[0].node
        assert list(node.label) == ["Outlet P", "some senior Russian officials…"]
        assert node.customdata[1][0] == "some senior Russian officials familiar with the plans"
        assert fig.layout.margin.r >= 20 and fig.layout.height >= 450


    def test_the_explorer_shows_any_in_each_filter_and_filters_on_a_pick(self, toy):
        box = provenance_explorer(toy)
        origin, status, outlet = box.children[0].children
        assert (origin.label, status.label, outlet.label) == ("any", "any", "any")
        origin.value = True  # a1 and a2 come from anonymous officials
        assert "2 claim(s)" in box.controls["count"].value
        origin.value = ""
        assert "4 claim(s)" in box.controls["count"].value


class TestOnTheSample:
    @pytest.mark.model
    def test_nyt_chain_in_the_sample(self, sample_ann):
        p = provenance(sample_ann)
        r = p[p["origin"] == "unidentified American officials"].iloc[0]
        assert r["conduits"] == ["The New York Times"] and r["anonymous"]
        assert "citing unidentified American officials" in r["evidence"]

    @pytest.mark.model
    def test_graph_links_slutsky_to_tass(self, sample_ann):
        g = provenance_graph(sample_ann)
        labels = {(g.nodes[u]["label"], g.nodes[v]["label"]) for u, v in g.edges}
        assert ("Leonid Slutsky", "TASS") in labels
        assert isinstance(g, nx.DiGraph)

    @pytest.mark.model
    def test_candidate_pairs_hold_the_alike_pairs_of_the_sample(self, sample_ann):
        # corroboration scores only pairs that share a word that is not common; on the
        # seeds' real claims every cross-article pair scoring 0.6 or more shares one (at
        # 0.5 texts that share no word at all come in: "... not to send more troops" and
        # "japan is considering tightening sanctions ...")
        from rapidfuzz import fuzz

        c = sample_ann.claims
        texts, arts = [comparable(t) for t in c["content"]], c["article_id"].tolist()
        alike = {(a, b) for a in range(len(c)) for b in range(a + 1, len(c))
                 if arts[a] != arts[b] and fuzz.token_sort_ratio(texts[a], texts[b]) >= 60}
        assert len(alike) >= 3  # the two seeds report the same events
        left, right = _candidate_pairs(texts, arts)
        pairs = set(zip(left.tolist(), right.tolist()))
        assert alike <= pairs
        assert all(a < b and arts[a] != arts[b] for a, b in pairs)
        # "Biden authorized Ukraine to use long-range missiles" (seed 1, US media) and "The
        # United States authorized the first use of U.S.-supplied long-range missiles" (seed 2)
        one = [i for i, t in enumerate(c["content"]) if "authorized Ukraine to use long-range" in t]
        two = [i for i, t in enumerate(c["content"]) if t.startswith("The United States authorized the first use")]
        assert one and two and any((min(i, j), max(i, j)) in pairs for i in one for j in two)

    def test_texts_sharing_only_common_words_are_not_compared(self, monkeypatch):
        from newsanalysis.analyse import corroboration as cor

        monkeypatch.setattr(cor, "_COMMON", 2)  # "the" and "said" are in three texts
        texts = ["the talks said the", "the war said the", "the troops crossed the border",
                 "troops crossed the border", "troops said"]
        left, right = _candidate_pairs(texts, ["a", "b", "c", "d", "d"])
        assert list(zip(left.tolist(), right.tolist())) == [(2, 3)]  # 3-4 share "troops" but one article

    @pytest.mark.model
    def test_corroboration_runs_on_the_sample(self, sample_ann):
        out = corroboration(sample_ann)
        assert {"n_independent_origins", "single_origin", "anonymous_only", "min_similarity",
                "first_outlet", "outlet_order"} <= set(out.columns)
