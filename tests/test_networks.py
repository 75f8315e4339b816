"""Actor networks: every edge has its weight and evidence; layouts and communities are seeded.

Exact behaviours use a small hand-written stand-in for ``Annotations`` (three sentences
whose mentions are visible below); the sample corpus (``sample_ann``) checks the real path.
"""

from __future__ import annotations

import warnings
from types import SimpleNamespace
from typing import ClassVar

import networkx as nx
import pandas as pd
import plotly.graph_objects as go
import pytest

from newsanalysis.analyse.networks import NetworkWarning, actor_network, strongest_edges, top_actors
from newsanalysis.show.network_explorer import network_explorer
from newsanalysis.show.networks import (
    actor_options,
    evidence_html,
    filter_network,
    neighbour_evidence,
    plot_network,
)

# article a1 (2024-11-17, outlet "Daily A"):
#   s0 "Biden told Zelenskyy that Russia would pay."       Biden, Zelenskyy, Russia
#   s1 "Putin answered."                                    Putin
#   s2 "Biden and Zelenskyy met again."                     Biden, Zelenskyy
# article a2 (2024-11-18, outlet "Daily B"):
#   s0 "TASS said Putin warned Biden."                      TASS, Putin, Biden
SENTENCES = [
    ("a1", 0, "Biden told Zelenskyy that Russia would pay."),
    ("a1", 1, "Putin answered."),
    ("a1", 2, "Biden and Zelenskyy met again."),
    ("a2", 0, "TASS said Putin warned Biden."),
]
MENTIONS = [  # article, sentence, actor
    ("a1", 0, "person:joe-biden"), ("a1", 0, "person:volodymyr-zelenskyy"), ("a1", 0, "country:russia"),
    ("a1", 1, "person:vladimir-putin"),
    ("a1", 2, "person:joe-biden"), ("a1", 2, "person:volodymyr-zelenskyy"),
    ("a2", 0, "media:tass"), ("a2", 0, "person:vladimir-putin"), ("a2", 0, "person:joe-biden"),
]
ACTORS = [
    ("person:joe-biden", "Joe Biden", "person", "United States"),
    ("person:volodymyr-zelenskyy", "Volodymyr Zelenskyy", "person", "Ukraine"),
    ("person:vladimir-putin", "Vladimir Putin", "person", "Russia"),
    ("country:russia", "Russia", "country", "Russia"),
    ("media:tass", "TASS", "media", "Russia"),
]


def _mention_rows():
    rows = []
    for aid, sidx, act in MENTIONS:
        rows.append({"article_id": aid, "sent_idx": sidx, "start": 0, "end": 1, "text": act.split(":")[1],
                     "label": "PERSON", "actor_id": act})
    return pd.DataFrame(rows)


def make_ann(claims: pd.DataFrame | None = None, outlet_a2: str = "Daily B"):
    articles = pd.DataFrame({
        "article_id": ["a1", "a2"], "title": ["Talks", "Warning"],
        "published": pd.to_datetime(["2024-11-17", "2024-11-18"], utc=True),
        "outlet": ["Daily A", outlet_a2], "text": ["", ""],
    })
    sentences = pd.DataFrame(SENTENCES, columns=["article_id", "sent_idx", "text"])
    actors = pd.DataFrame([{"actor_id": a, "name": n, "kind": k, "country": c, "aliases": [n], "roles": [],
                            "n_mentions": 0, "n_articles": 0} for a, n, k, c in ACTORS])
    return SimpleNamespace(articles=articles, sentences=sentences, mentions=_mention_rows(), actors=actors,
                           claims=claims if claims is not None else pd.DataFrame())


class TestCooccurrence:
    def test_actors_in_one_sentence_are_linked_with_that_sentence_as_evidence(self):
        G = actor_network(make_ann())
        e = G.edges["person:joe-biden", "person:volodymyr-zelenskyy"]
        assert e["evidence"] == [("a1", 0), ("a1", 2)]
        assert e["weight"] == 2
        assert G.edges["media:tass", "person:vladimir-putin"]["evidence"] == [("a2", 0)]

    def test_actors_in_different_sentences_are_not_linked_by_default(self):
        G = actor_network(make_ann())
        # Putin (a1 s1) and Russia (a1 s0) never share a sentence
        assert not G.has_edge("person:vladimir-putin", "country:russia")

    def test_a_window_of_one_sentence_links_neighbouring_sentences(self):
        G = actor_network(make_ann(), window=1)
        assert G.edges["person:vladimir-putin", "country:russia"]["evidence"] == [("a1", 0), ("a1", 1)]

    def test_min_weight_drops_light_edges_and_their_lonely_actors(self):
        G = actor_network(make_ann(), min_weight=2)
        assert sorted(G.edges) == [("person:joe-biden", "person:volodymyr-zelenskyy")]
        assert "media:tass" not in G

    def test_every_edge_has_weight_and_sorted_evidence(self):
        G = actor_network(make_ann())
        assert G.number_of_edges() > 0
        for _, _, d in G.edges(data=True):
            assert d["weight"] == len(d["evidence"]) >= 1
            assert d["evidence"] == sorted(d["evidence"])

    def test_nodes_carry_kind_country_counts_centralities_and_community(self):
        G = actor_network(make_ann())
        d = G.nodes["person:joe-biden"]
        assert (d["name"], d["kind"], d["country"]) == ("Joe Biden", "person", "United States")
        assert (d["mentions"], d["articles"]) == (3, 2)
        assert {"degree", "betweenness", "community"} <= set(d)
        # Biden is linked to every other actor (Zelenskyy, Russia, TASS, Putin)
        assert d["degree"] == 1.0

    def test_communities_are_the_same_on_every_run(self):
        a = actor_network(make_ann(), seed=7)
        b = actor_network(make_ann(), seed=7)
        assert nx.get_node_attributes(a, "community") == nx.get_node_attributes(b, "community")

    def test_actor_kinds_keep_only_those_actors(self):
        G = actor_network(make_ann(), actor_kinds=["person"])
        assert {G.nodes[v]["kind"] for v in G} == {"person"}

    def test_article_ids_restrict_the_evidence(self):
        G = actor_network(make_ann(), article_ids=["a2"])
        assert {ev for _, _, d in G.edges(data=True) for ev in d["evidence"]} == {("a2", 0)}


class TestAttribution:
    def test_without_claims_it_warns_and_returns_an_empty_directed_graph(self):
        with pytest.warns(NetworkWarning, match="claims"):
            G = actor_network(make_ann(), kind="attribution")
        assert G.is_directed() and G.number_of_nodes() == 0

    def test_the_speaker_points_to_the_actors_mentioned_in_the_claim_content(self):
        # a2 s0 "TASS said Putin warned Biden.": TASS is the speaker, the content mentions Putin and Biden
        ann = make_ann()
        ann.mentions = ann.mentions.assign(start=[0, 0, 0, 0, 0, 0, 0, 10, 24], end=[1, 1, 1, 1, 1, 1, 4, 15, 29])
        claims = pd.DataFrame({"claim_id": ["a2:c000"], "article_id": ["a2"], "sent_idx": [0],
                               "speaker_actor_id": ["media:tass"], "content_start": [10], "content_end": [29]})
        ann.claims = claims
        G = actor_network(ann, kind="attribution")
        assert sorted(G.edges) == [("media:tass", "person:joe-biden"), ("media:tass", "person:vladimir-putin")]
        assert G.edges["media:tass", "person:joe-biden"]["evidence"] == [("a2", 0)]


class TestCitation:
    CHAIN: ClassVar[list[dict]] = [{"source": "unidentified American officials", "actor_id": None, "kind": "anonymous",
              "relation": "cited by"},
             {"source": "TASS", "actor_id": "media:tass", "kind": "media", "relation": "reported by"},
             {"source": "(this article)", "actor_id": None, "kind": "publisher", "relation": ""}]

    def _claims(self):
        return pd.DataFrame({"claim_id": ["a2:c000"], "article_id": ["a2"], "sent_idx": [0],
                             "speaker_actor_id": [None], "chain": [self.CHAIN]})

    def test_a_chain_becomes_source_to_medium_to_publisher(self):
        G = actor_network(make_ann(self._claims()), kind="citation")
        assert sorted(G.edges) == [("media:tass", "outlet:daily-b"),
                                   ("source:unidentified-american-officials", "media:tass")]
        assert G.nodes["outlet:daily-b"]["name"] == "Daily B"
        assert G.edges["media:tass", "outlet:daily-b"]["evidence"] == [("a2", 0)]

    def test_without_an_outlet_the_publisher_is_the_article_title(self):
        G = actor_network(make_ann(self._claims(), outlet_a2=""), kind="citation")
        publishers = [v for v in G if v.startswith("outlet:")]
        assert [G.nodes[v]["name"] for v in publishers] == ["(this article: Warning)"]


class TestTables:
    def test_top_actors_of_a_graph_are_sorted_by_mentions_then_weighted_degree(self):
        # Biden: 3 mentions. Zelenskyy and Putin: 2 each; Zelenskyy's edges weigh 3 (Biden 2,
        # Russia 1), Putin's 2 (TASS 1, Biden 1)
        df = top_actors(actor_network(make_ann()), n=3)
        assert df["actor_id"].tolist() == ["person:joe-biden", "person:volodymyr-zelenskyy",
                                           "person:vladimir-putin"]

    def test_strongest_edges_show_the_evidence_sentences(self):
        df = strongest_edges(actor_network(make_ann()), n=1, ann=make_ann())
        row = df.iloc[0]
        assert (row["source"], row["target"], row["weight"]) == ("person:joe-biden", "person:volodymyr-zelenskyy", 2)
        assert row["sentences"] == ["Biden told Zelenskyy that Russia would pay.", "Biden and Zelenskyy met again."]


class TestShow:
    def test_plot_is_a_figure_with_one_point_per_actor(self):
        G = actor_network(make_ann())
        fig = plot_network(G)
        assert isinstance(fig, go.Figure)
        points = sum(len(t.x) for t in fig.data if t.meta == "actors")
        assert points == G.number_of_nodes()

    def test_the_layout_is_the_same_on_every_run(self):
        G = actor_network(make_ann())
        assert plot_network(G, seed=3).to_json() == plot_network(G, seed=3).to_json()

    def test_only_the_top_actors_are_labelled(self):
        fig = plot_network(actor_network(make_ann()), top_labels=1)
        labels = [t for tr in fig.data if tr.meta == "labels" for t in tr.text if t]
        assert labels == ["Joe Biden"]

    def test_colour_by_community_gives_one_legend_entry_per_community(self):
        G = actor_network(make_ann())
        fig = plot_network(G, color_by="community")
        names = {t.name for t in fig.data if t.meta == "actors"}
        assert names == {f"community {c}" for c in set(nx.get_node_attributes(G, "community").values())}

    def test_a_plot_of_150_actors_labels_only_the_top_20(self):
        G = nx.Graph()
        for i in range(150):
            G.add_node(f"a{i:03d}", name=f"Actor {i}", kind="person", mentions=150 - i, articles=1)
        for i in range(149):
            G.add_edge(f"a{i:03d}", f"a{i + 1:03d}", weight=1 + i % 3, evidence=[("x", i)])
        fig = plot_network(G, top_labels=20)
        labels = [t for tr in fig.data if tr.meta == "labels" for t in tr.text if t]
        assert len(labels) == 20 and "Actor 0" in labels and "Actor 149" not in labels
        assert sum(len(tr.x) for tr in fig.data if tr.meta == "actors") == 150

    def test_a_bigger_graph_is_cut_to_its_most_mentioned_actors(self):
        G = nx.path_graph(300)
        nx.set_node_attributes(G, {i: {"name": f"A{i}", "kind": "person", "mentions": 300 - i} for i in G})
        nx.set_edge_attributes(G, 1, "weight")
        fig = plot_network(G, max_nodes=150)
        assert sum(len(tr.x) for tr in fig.data if tr.meta == "actors") == 150
        assert "150 most-mentioned of 300" in fig.layout.title.text

    def test_a_stray_pair_is_packed_beside_the_main_component(self):
        # a ring of 12 actors and, apart from it, one pair (p0 — p1)
        G = nx.cycle_graph([f"r{i:02d}" for i in range(12)])
        G.add_edge("p0", "p1")
        nx.set_node_attributes(G, {v: {"name": v, "kind": "person", "mentions": 1} for v in G})
        nx.set_edge_attributes(G, 1, "weight")
        fig = plot_network(G)
        pos = {v: (x, y) for tr in fig.data if tr.meta == "actors" for v, x, y in zip(tr.customdata, tr.x, tr.y)}
        ring_x = [pos[v][0] for v in pos if v.startswith("r")]
        ring_y = [pos[v][1] for v in pos if v.startswith("r")]
        width = max(ring_x) - min(ring_x)
        for v in ("p0", "p1"):  # right of the ring (less than 3/4 of its width away), inside its height
            assert max(ring_x) < pos[v][0] < max(ring_x) + 0.75 * width
            assert min(ring_y) <= pos[v][1] <= max(ring_y)
        assert abs(pos["p0"][0] - pos["p1"][0]) < 0.5 * width and pos["p0"][1] == pos["p1"][1]

    def test_a_long_name_is_cut_in_the_label_and_whole_in_the_hover(self):
        long = "(this article: Biden lets Ukraine use long-range US missiles to hit Russia)"
        G = nx.Graph()
        G.add_node("publisher:a1", name=long, kind="media", mentions=3, articles=1)
        G.add_node("person:joe-biden", name="Joe Biden", kind="person", mentions=2, articles=1,
                   roles="US President", country="United States")
        G.add_edge("publisher:a1", "person:joe-biden", weight=1, evidence=[("a1", 0)])
        fig = plot_network(G)
        labels = next(tr for tr in fig.data if tr.meta == "labels").text
        assert labels[0] == "(this article: Biden lets…" and labels[1] == "Joe Biden"
        hovers = [h for tr in fig.data if tr.meta == "actors" for h in tr.hovertext]
        assert any(long in h for h in hovers)
        biden = next(h for h in hovers if "Joe Biden" in h)
        assert biden == ("<b>Joe Biden</b><br>kind: person<br>role: US President<br>"
                         "country: United States<br>mentions: 2 in 1 article(s)")

    def test_the_legend_is_a_row_above_the_drawing(self):
        fig = plot_network(actor_network(make_ann()))
        assert fig.layout.legend.orientation == "h" and fig.layout.legend.y >= 1

    def test_the_explorer_writes_the_chosen_dates_beside_the_slider(self):
        box = network_explorer(make_ann())
        assert box.controls["date_label"].value == "2024-11-17 – 2024-11-18"
        assert box.controls["dates"].readout is False
        box.controls["dates"].index = (1, 1)
        assert box.controls["date_label"].value == "2024-11-18 – 2024-11-18"

    def test_filter_network_by_date_and_outlet(self):
        ann = make_ann()
        G = filter_network(ann, date_range=("2024-11-18", "2024-11-18"))
        assert {ev for _, _, d in G.edges(data=True) for ev in d["evidence"]} == {("a2", 0)}
        G = filter_network(ann, outlet="Daily A")
        assert "media:tass" not in G

    def test_neighbour_evidence_lists_each_neighbour_with_its_sentences(self):
        ann = make_ann()
        df = neighbour_evidence(actor_network(ann), "person:volodymyr-zelenskyy", ann)
        assert df["neighbour"].tolist() == ["person:joe-biden", "country:russia"]
        assert df["sentences"].iloc[1] == ["Biden told Zelenskyy that Russia would pay."]

    def test_actor_options_put_the_most_mentioned_first(self):
        assert actor_options(actor_network(make_ann()))[0] == ("Joe Biden (3)", "person:joe-biden")

    def test_picking_an_actor_in_the_explorer_shows_its_evidence(self):
        ann = make_ann()
        box = network_explorer(ann)
        before = box.controls["evidence"].value
        box.controls["actor"].value = "person:vladimir-putin"
        after = box.controls["evidence"].value
        assert after != before
        assert after == evidence_html(actor_network(ann), "person:vladimir-putin", ann)
        assert "TASS said Putin warned Biden." in after

    def test_changing_the_minimum_weight_redraws_the_explorer(self):
        box = network_explorer(make_ann())
        box.controls["min_weight"].value = 2
        assert box.controls["status"].value.startswith("2 actors, 1 edges")


@pytest.mark.model
class TestSample:
    def test_biden_and_ukraine_share_the_first_sentence_of_seed_1(self, sample_ann, seed1):
        G = actor_network(sample_ann)
        ev = G.edges["person:joe-biden", "country:ukraine"]["evidence"]
        assert (seed1["article_id"], 0) in ev
        # seed 1, sentence 0: "...that President Joe Biden authorized Ukraine to use long-range missiles..."
        assert "Joe Biden authorized Ukraine" in sample_ann.sentence(seed1["article_id"], 0)

    def test_every_edge_of_every_network_kind_has_evidence(self, sample_ann):
        for kind in ("cooccurrence", "attribution", "citation"):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", NetworkWarning)
                G = actor_network(sample_ann, kind=kind)
            for _, _, d in G.edges(data=True):
                assert d["evidence"] and d["weight"] == len(d["evidence"])


def test_max_evidence_keeps_the_first_pairs_and_the_full_weight():
    mentions = pd.DataFrame({"article_id": ["a1", "a1", "a1", "a1", "a2", "a2"], "sent_idx": [0, 0, 3, 3, 1, 1],
                             "start": [0, 10, 50, 60, 0, 9], "end": [5, 15, 55, 65, 5, 15],
                             "text": ["Putin", "Biden"] * 3, "label": ["PERSON"] * 6,
                             "actor_id": ["person:putin", "person:biden"] * 3})
    actors = pd.DataFrame({"actor_id": ["person:putin", "person:biden"], "name": ["Putin", "Biden"],
                           "kind": ["person", "person"]})
    ann = SimpleNamespace(mentions=mentions, actors=actors)
    edge = actor_network(ann, max_evidence=2).edges["person:biden", "person:putin"]
    assert edge["weight"] == 3 and edge["evidence"] == [("a1", 0), ("a1", 3)]
