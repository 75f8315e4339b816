"""The story briefing as an object with HTML and Markdown views.

:func:`briefing` builds the tables (:func:`newsanalysis.analyse.briefing.build_briefing`)
and returns a :class:`Briefing`: the same tables, plus :meth:`Briefing.to_markdown` and
:meth:`Briefing.to_html` (a self-contained page, no script, no network) and the notebook
display. Both views are written from one outline (:func:`outline`), so they say the same.
"""

from __future__ import annotations

import html
from collections import Counter

import pandas as pd

from newsanalysis.analyse.briefing import BriefingTables, build_briefing
from newsanalysis.show import plot_text

__all__ = ["Briefing", "briefing", "outline", "plot_topic_voices"]

_SIDE_NAMES = {1: "side A", 2: "side B"}
_CSS = """
body.na-briefing { font-family: system-ui, sans-serif; max-width: 980px; margin: 1em auto; line-height: 1.4; }
.na-briefing h2 { border-bottom: 1px solid #ccc; }
.na-briefing blockquote { color: #444; border-left: 3px solid #ccc; margin: .3em 0; padding-left: .8em; }
.na-briefing table { border-collapse: collapse; font-size: 90%; }
.na-briefing td, .na-briefing th { border: 1px solid #ddd; padding: 3px 6px; text-align: left; vertical-align: top; }
.na-briefing .guest { background: #f6f8fa; padding: .4em .8em; margin: .3em 0; }
"""


def _side(side) -> str:
    return _SIDE_NAMES.get(side, "neither side") if pd.notna(side) else "neither side"


def _sides_line(sides: dict) -> list[str]:
    out = []
    for s in (1, 2):
        members = sorted(c for c, v in sides.items() if v == s)
        if members:
            out.append(f"{_SIDE_NAMES[s]}: {', '.join(members)}")
    return out


def outline(b: BriefingTables) -> list[tuple]:
    """The briefing as a list of blocks: ('h1'|'h2'|'h3'|'p'|'quote'|'list'|'table'|'guest', content)."""
    out: list[tuple] = [("h1", f"Briefing: {b.n_articles} article{'s' if b.n_articles != 1 else ''}")]
    out.append(("p", f"**Research question{' (yours)' if b.user_question else ''}:** {b.question}"))
    if len(b.question_evidence):
        out.append(("list", [f"{w}: \u201c{t}\u201d" for w, t in zip(b.question_evidence["why"],
                                                                    b.question_evidence["text"])]))
    if len(b.hashtags):
        for source, label in (("corpus tag", "Tags of the corpus"), ("entity", "Top entities as tags")):
            tags = b.hashtags[b.hashtags["source"] == source]["hashtag"].tolist()
            if tags:
                out.append(("p", f"**{label}:** {' '.join(tags)}"))
    if b.sides:
        out.append(("p", "**Camps in opposition** (from mutual hostility in the claims): "
                    + "; ".join(_sides_line(b.sides))))
    out.append(("h2", "Topics"))
    if b.topics.empty:
        out.append(("p", "No topic found: the selection holds too few claims or escalation hits."))
    for t in b.topics.itertuples(index=False):
        out += _topic_blocks(b, t)
    out.append(("h2", "Who has spoken and who has not, across the coverage"))
    if len(b.camp_voices):
        out.append(("table", pd.DataFrame({
            "camp": b.camp_voices["camp"], "side": b.camp_voices["side"].map(_side),
            "claims": b.camp_voices["n_claims"], "direct": b.camp_voices["n_direct"],
            "relayed": b.camp_voices["n_relayed"], "anonymous": b.camp_voices["n_anonymous"],
            "voices": b.camp_voices["voices"].map(lambda v: "; ".join(v[:6]))})))
    if len(b.unheard):
        out.append(("p", "**Much mentioned, not heard in their own voice:**"))
        out.append(("table", b.unheard[["actor", "camp", "n_mentions", "verdict"]].assign(
            via=b.unheard["via"].map("; ".join))))
    return out


def _topic_blocks(b: BriefingTables, t) -> list[tuple]:
    out: list[tuple] = [("h3", f"{t.topic_id} \u00b7 {t.label}")]
    size = (f"{t.n_units} sentences in {t.n_articles} article{'s' if t.n_articles != 1 else ''}, "
            f"{t.n_claims} claims, {t.n_hits} escalation hits. Key phrases: {', '.join(t.phrases)}. "
            f"Actors: {', '.join(t.actors)}.")
    out.append(("p", size))
    out.append(("quote", t.lead))
    a = b.authority[b.authority["topic_id"] == t.topic_id] if len(b.authority) else b.authority
    if len(a):
        r = a.iloc[0]
        status = ", ".join(f"{r[s]} {s}" for s in ("asserted", "unconfirmed", "hedged", "denied", "confirmed") if r[s])
        several = (f"{r['n_corroborated']} stated in several articles, with at most "
                   f"{r['max_independent_origins']} independent origins" if r["n_corroborated"]
                   else "none stated in several articles")
        line = (f"**What is claimed, and on what authority:** {r['n_claims']} claims ({status}); "
                f"{r['n_anonymous']} rest on anonymous origins; {several}.")
        if r["not_confirmed_by"]:
            line += f" Not confirmed or answered by: {', '.join(r['not_confirmed_by'])}."
        out.append(("p", line))
        for text in r["not_confirmed_evidence"][:2]:
            out.append(("quote", text))
    c = b.claims[(b.claims["topic_id"] == t.topic_id) & b.claims["main"]] if len(b.claims) else b.claims
    if len(c):
        out.append(("table", pd.DataFrame({
            "voice": [f"{o} via {', '.join(v)}" if len(v) else o for o, v in zip(c["origin"], c["conduits"])],
            "camp": c["camp"], "status": c["status"], "anonymous": c["anonymous"].map({True: "yes", False: ""}),
            "independent origins": c["n_independent_origins"], "claim": c["content"]})))
    v = b.voices[b.voices["topic_id"] == t.topic_id] if len(b.voices) else b.voices
    if len(v):
        out.append(("p", "**Who has spoken:**"))
        out.append(("list", [f"{camp} ({_side(side)}): {'; '.join(vs[:5])}"
                             for camp, side, vs in zip(v["camp"], v["side"], v["voices"])]))
    g = b.guests[b.guests["topic_id"] == t.topic_id] if len(b.guests) else b.guests
    if len(g):
        out.append(("p", "**Paired guests:**"))
        for r in g.itertuples(index=False):
            who = ", ".join(p for p in (r.role, r.affiliation) if p)
            where = "" if r.source == "this topic" else f" (speaks {r.source})"
            head = f"Guest {r.slot} \u2014 {who} [{r.camp}, {_side(r.side)}]; drawn from {r.voice}{where}"
            out.append(("guest", (head, list(r.claims))))
    m = b.missing[b.missing["topic_id"] == t.topic_id] if len(b.missing) else b.missing
    for r in m.itertuples(index=False):
        camp = f" ({r.camp})" if isinstance(r.camp, str) and r.camp != r.missing else ""
        out.append(("p", f"**Missing voice:** {r.missing}{camp} \u2014 {r.why}."))
        out.append(("quote", r.evidence))
    return out


def _md_cell(value) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def to_markdown(b: BriefingTables) -> str:
    """The briefing as Markdown."""
    lines = []
    for kind, content in outline(b):
        if kind in ("h1", "h2", "h3"):
            lines += ["#" * int(kind[1]) + " " + content, ""]
        elif kind == "p":
            lines += [content, ""]
        elif kind == "quote":
            lines += [f"> {content}", ""]
        elif kind == "list":
            lines += [f"- {item}" for item in content] + [""]
        elif kind == "table":
            lines.append("| " + " | ".join(content.columns) + " |")
            lines.append("|" + "---|" * len(content.columns))
            lines += ["| " + " | ".join(_md_cell(x) for x in row) + " |" for row in content.itertuples(index=False)]
            lines.append("")
        elif kind == "guest":
            head, claims = content
            lines += [f"- {head}"] + [f"  - \u201c{c}\u201d" for c in claims] + [""]
    return "\n".join(lines).rstrip() + "\n"


def _inline(text: str) -> str:
    """Escaped text with **bold** spans as <strong>."""
    parts = html.escape(str(text)).split("**")
    return "".join(f"<strong>{p}</strong>" if i % 2 else p for i, p in enumerate(parts))


def to_html(b: BriefingTables, *, full_page: bool = True) -> str:
    """The briefing as HTML: a self-contained page (no script, nothing fetched), or with
    ``full_page=False`` a fragment for a notebook."""
    body = []
    for kind, content in outline(b):
        if kind in ("h1", "h2", "h3"):
            body.append(f"<{kind}>{html.escape(content)}</{kind}>")
        elif kind == "p":
            body.append(f"<p>{_inline(content)}</p>")
        elif kind == "quote":
            body.append(f"<blockquote>{html.escape(str(content))}</blockquote>")
        elif kind == "list":
            body.append("<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in content) + "</ul>")
        elif kind == "table":
            body.append(content.to_html(index=False, escape=True, border=0))
        elif kind == "guest":
            head, claims = content
            body.append(f'<div class="guest">{_inline(head)}<ul>'
                        + "".join(f"<li>\u201c{html.escape(c)}\u201d</li>" for c in claims) + "</ul></div>")
    inner = "\n".join(body)
    if not full_page:
        return f'<div class="na-briefing"><style>{_CSS.replace("body.na-briefing", ".na-briefing")}</style>{inner}</div>'
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Briefing</title>'
            f"<style>{_CSS}</style></head>\n<body class=\"na-briefing\">\n{inner}\n</body></html>\n")


def plot_topic_voices(b: BriefingTables):
    """Claims per topic by the camp of their voice, as stacked horizontal bars.

    Returns
    -------
    plotly.graph_objects.Figure
        One bar per topic (its id and label), one colour per camp; the hover gives the camp's
        side and its voices in the topic.
    """
    import plotly.graph_objects as go

    fig = go.Figure()
    v = b.voices
    if len(v):
        names = dict(zip(b.topics["topic_id"], b.topics["label"].map(plot_text)))
        order = [f"{t} \u00b7 {names[t]}" for t in b.topics["topic_id"]][::-1]
        for camp, g in v.groupby("camp", sort=False):
            fig.add_trace(go.Bar(
                y=[f"{t} \u00b7 {names.get(t, '')}" for t in g["topic_id"]], x=g["n_claims"], name=plot_text(camp),
                orientation="h", customdata=[[_side(s), plot_text("; ".join(vs[:4]))] for s, vs in zip(g["side"], g["voices"])],
                hovertemplate="%{y}<br>" + plot_text(camp) + " (%{customdata[0]}): %{x} claims<br>%{customdata[1]}<extra></extra>"))
        fig.update_yaxes(categoryorder="array", categoryarray=order)
    fig.update_layout(barmode="stack", title="Who speaks in each topic: claims by the camp of their voice",
                      xaxis_title="claims (count)", yaxis_title="topic", legend_title="camp")
    return fig


class Briefing(BriefingTables):
    """A story briefing: the tables of :class:`~newsanalysis.analyse.briefing.BriefingTables`
    with Markdown and HTML views; a notebook displays it as HTML."""

    def to_markdown(self) -> str:
        """The briefing as Markdown (headings, lists, pipe tables)."""
        return to_markdown(self)

    def to_html(self, *, full_page: bool = True) -> str:
        """The briefing as a self-contained HTML page (``full_page=False``: a fragment)."""
        return to_html(self, full_page=full_page)

    def _repr_html_(self) -> str:
        return to_html(self, full_page=False)

    def __repr__(self) -> str:
        sides = Counter(self.sides.values())
        return (f"Briefing({self.n_articles} articles, {len(self.topics)} topics, {len(self.claims)} claims, "
                f"{len(self.guests)} guests, sides {dict(sides)}; question: {self.question!r})")


def briefing(ann, *, articles=None, question: str | None = None, camps: dict | None = None,
             max_topics: int = 6, seed: int = 42) -> Briefing:
    """A briefing on a story: topics, what is claimed on what authority, who has spoken and
    who has not, paired guests, a research question and hashtags, all with evidence.

    Parameters
    ----------
    ann
        Annotations of the coverage (:func:`newsanalysis.annotate`).
    articles
        The story: article ids, or a DataFrame with ``article_id`` (None: every article).
    question
        Your own research question: it selects the topics it is about (a warning says when
        it matches none, and all are kept) and replaces the built one.
    camps
        Your own camps, ``{actor id, actor name or country: camp}`` (e.g. ``{"Netherlands":
        "NATO", "person:mark-rutte": "NATO"}``); the rest keep their country.
    max_topics
        At most this many topics (3 to 6 is the usual span of a story).
    seed
        Seed of the community detection (topics, camps): the same seed, the same briefing.

    Returns
    -------
    Briefing
        Tables (``topics``, ``claims``, ``authority``, ``voices``, ``camp_voices``,
        ``unheard``, ``not_confirmed``, ``guests``, ``missing``, ``hashtags``, ``camps``,
        ``hostility``), ``question``, ``sides``; ``to_html()``, ``to_markdown()``.

    Examples
    --------
    >>> b = briefing(ann)                    # doctest: +SKIP
    >>> b.question                           # doctest: +SKIP
    'What are the potential implications of long-range missiles for peace negotiations between Ukraine and Russia?'
    >>> open("briefing.html", "w").write(b.to_html())  # doctest: +SKIP
    """
    tables = build_briefing(ann, articles=articles, question=question, camps=camps, max_topics=max_topics,
                            seed=seed)
    return Briefing(**{f: getattr(tables, f) for f in tables.__dataclass_fields__})
