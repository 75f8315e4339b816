"""Plot builders (plotly Figures) and widget factories (ipywidgets), one module per concept.

They only call the pure functions of the analysis modules; see ``newsanalysis.__init__``
for the names re-exported at the top level."""

import html


def plot_text(text) -> str:
    """``text`` as plotly shows it literally. Plotly reads a subset of HTML in every label
    (legend entries, node and Sankey labels, annotations, hover): an outlet named
    ``<a href="https://...">`` would become a live link. Escaped, it shows as typed."""
    return html.escape(str(text), quote=False)


def short_label(text, limit: int | None = 28) -> str:
    """A label cut to at most ``limit`` characters (at a word end when one is near), with an
    ellipsis; figures keep the full text in their hover."""
    text = str(text)
    if limit is None or len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[-10:]:  # end on a whole word when one ends near the limit
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,:;–-") + "…"
