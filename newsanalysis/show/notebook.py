"""Notebook helpers: how figures and widgets show in JupyterLab and in offline reports.

The notebooks call :func:`setup_notebook` in their first cell; it picks the renderer for
where they run (JupyterLab, or a report build, told apart by the ``NEWSANALYSIS_REPORT``
environment variable that :func:`newsanalysis.reports.build_reports` sets for its kernels):

* in a report, plotly.js is loaded once per page, from the file the report build writes
  beside the reports (``NEWSANALYSIS_PLOTLYJS``; embedded in the page when there is none),
  and figures are a ``<div>`` plus a ``Plotly.newPlot`` call, with no CDN reference;
* widgets need a kernel, so in a report :func:`show_widget` shows the figure for the
  widget's default selection with a sentence saying so.
"""

from __future__ import annotations

import os

__all__ = ["DEFAULT_HEIGHT", "PLOTLYJS_ENV", "REPORT_ENV", "in_report", "setup_notebook", "show_load",
           "show_table", "show_widget"]

#: Environment variable set (to "1") in the kernels of a report build.
REPORT_ENV = "NEWSANALYSIS_REPORT"
#: Environment variable naming the plotly.js file beside the reports (set by the report build).
PLOTLYJS_ENV = "NEWSANALYSIS_PLOTLYJS"
OFFLINE_RENDERER = "newsanalysis_offline"
LAB_RENDERER = "newsanalysis_lab"
#: Height (px) of a figure whose builder sets none: the same in JupyterLab and in reports
#: (JupyterLab's plotly extension would otherwise squeeze it to about 350 px).
DEFAULT_HEIGHT = 525


def in_report() -> bool:
    """True inside a kernel started by :func:`build_reports` (no interactive front end)."""
    return os.environ.get(REPORT_ENV, "") not in ("", "0")


def _offline_renderer():
    from plotly.io._base_renderers import HtmlRenderer

    class OfflineHtmlRenderer(HtmlRenderer):
        """Each figure as a ``<div>`` plus a ``Plotly.newPlot`` call, with no CDN reference.

        plotly.js itself is embedded once by :func:`setup_notebook`, in its own cell output,
        so it is in the exported page before the first figure whatever displays it first.
        """

        def to_mimebundle(self, fig_dict):
            import plotly.io as pio

            html_ = pio.to_html(
                fig_dict,
                config=self.config,
                include_plotlyjs=False,
                include_mathjax=False,
                full_html=False,
                default_width="100%",
                default_height=DEFAULT_HEIGHT,
                validate=False,
            )
            return {"text/html": html_}

    return OfflineHtmlRenderer(config={"displaylogo": False, "responsive": True})


def _lab_renderer():
    from plotly.io._base_renderers import PlotlyRenderer

    class LabRenderer(PlotlyRenderer):
        """plotly's mimetype renderer (drawn by JupyterLab's plotly extension, offline), with
        :data:`DEFAULT_HEIGHT` for figures that set no height."""

        def to_mimebundle(self, fig_dict):
            fig_dict.setdefault("layout", {}).setdefault("height", DEFAULT_HEIGHT)
            return super().to_mimebundle(fig_dict)

    return LabRenderer(config={"displaylogo": False})


_PLOTLYJS_EMBEDDED = False


def _embed_plotlyjs() -> None:
    global _PLOTLYJS_EMBEDDED
    if _PLOTLYJS_EMBEDDED:
        return
    import html

    from IPython.display import HTML, display
    from plotly.offline import get_plotlyjs

    shared = os.environ.get(PLOTLYJS_ENV, "")
    script = (f'<script type="text/javascript" src="{html.escape(shared)}"></script>' if shared
              else f'<script type="text/javascript">{get_plotlyjs()}</script>')
    display(HTML("<script>window.PlotlyConfig = {MathJaxConfig: 'local'};</script>\n" + script))
    _PLOTLYJS_EMBEDDED = True


def setup_notebook(*, mode: str | None = None) -> None:
    """Choose how figures are displayed, so they survive headless execution and export.

    Parameters
    ----------
    mode
        ``"lab"``: plotly's mimetype renderer (JupyterLab's plotly extension draws the
        figure with its own bundled plotly.js, offline; widgets work), with a default height
        of :data:`DEFAULT_HEIGHT` px for figures that set none. ``"report"``: plotly.js is
        embedded once, in this cell's output, and every figure is then a ``<div>`` plus a
        ``Plotly.newPlot`` script (``text/html``, no CDN) that nbconvert exports as is.
        ``None`` (default): ``"report"`` inside a kernel started by :func:`build_reports`,
        ``"lab"`` otherwise.

    Examples
    --------
    >>> setup_notebook(mode="lab")
    >>> import plotly.io as pio
    >>> pio.renderers.default
    'newsanalysis_lab'
    """
    import pandas as pd
    import plotly.io as pio

    if mode is None:
        mode = "report" if in_report() else "lab"
    if mode == "report":
        if OFFLINE_RENDERER not in pio.renderers:
            pio.renderers[OFFLINE_RENDERER] = _offline_renderer()
        pio.renderers.default = OFFLINE_RENDERER
        _embed_plotlyjs()
    elif mode == "lab":
        if LAB_RENDERER not in pio.renderers:
            pio.renderers[LAB_RENDERER] = _lab_renderer()
        pio.renderers.default = LAB_RENDERER
    else:
        raise ValueError(f"mode must be 'lab', 'report' or None, not {mode!r}")
    pd.set_option("display.max_colwidth", 120)
    pd.set_option("display.max_columns", 30)
    _summarised_warnings()


def _summarised_warnings() -> None:
    """Load and annotation warnings are not printed one by one in a notebook (a red box each,
    with the package's file and line): :func:`show_load` shows them as one table."""
    import warnings

    from newsanalysis.annotate.run import AnnotateWarning
    from newsanalysis.load.articles import LoadWarning

    for category in (LoadWarning, AnnotateWarning):
        warnings.filterwarnings("ignore", category=category)


def show_widget(widget, *, static=None, note: str | None = None) -> None:
    """Display an explorer widget, or its static stand-in in a report.

    Parameters
    ----------
    widget
        An ipywidgets container (from one of the ``*_explorer`` factories), or a callable
        returning one: it is then built only where it can run (not in a report, whose page
        would carry the widgets' state).
    static
        What a report shows instead: a plotly figure, a list of figures, or a callable
        returning one (called only in a report), normally the figure for the widget's default
        selection.
    note
        The sentence shown above the static view; by default it says a kernel is needed.
    """
    from IPython.display import Markdown, display

    if not in_report():
        display(widget() if callable(widget) and not hasattr(widget, "children") else widget)
        return
    display(Markdown(note or (
        "*Interactive explorer: it needs a running kernel (open this notebook in JupyterLab, "
        "`make lab`). Below is the figure for its default selection.*"
    )))
    if callable(static):
        static = static()
    if static is None:
        return
    for item in static if isinstance(static, (list, tuple)) else [static]:
        display(item)


def show_table(df, *, empty: str, columns: list | None = None, query: str | None = None,
               limit: int | None = None):
    """A table to display, or the sentence saying why it is empty.

    Parameters
    ----------
    df
        The table (a DataFrame).
    empty
        Why the table can be empty, said to the reader in its place (Markdown).
    columns, query
        The columns to show and a ``DataFrame.query`` filter of the rows, applied only to a
        table that has rows (an empty table may lack the columns).
    limit
        Show at most this many rows, with a line saying how many more there are.

    Examples
    --------
    >>> import pandas as pd
    >>> show_table(pd.DataFrame({"a": []}), empty="No claim is stated alike in two articles.").data
    '*No claim is stated alike in two articles.*'
    """
    from IPython.display import Markdown

    if df is not None and len(df) and query:
        df = df.query(query)
    if df is None or len(df) == 0:
        return Markdown(f"*{empty.strip().strip('*')}*")
    if columns is not None:
        df = df[columns]
    if limit is not None and len(df) > limit:
        from IPython.display import display

        display(Markdown(f"*The first {limit} of {len(df):,} rows.*"))
        return df.head(limit)
    return df


def show_load(ann, *, dates: bool = False):
    """What a notebook shows after loading and annotating: the counts, what was left out and
    why, and the warnings as one short table (no paths; every message is in ``ann.warnings``).

    Parameters
    ----------
    ann
        The :class:`~newsanalysis.annotations.Annotations` of the notebook.
    dates
        The notebook needs publication dates (trends): count the undated articles as left out.
    """
    from IPython.display import Markdown, display

    from newsanalysis.analyse.coverage import left_out_note, warning_summary

    meta = getattr(ann, "meta", {}) or {}
    counts = ", ".join(f"{len(getattr(ann, t)):,} {t}" for t in ("articles", "sentences", "mentions", "actors",
                                                                  "claims", "escalation"))
    parsed = (f" ({meta.get('parsed', 0):,} parsed, {meta.get('cached', 0):,} from the cache)"
              if "parsed" in meta else "")
    lines = [f"**{counts}**{parsed}."]
    note = left_out_note(ann, dates=dates)
    if note:
        lines.append(note)
    table = warning_summary(ann)
    lines.append(f"{len(ann.warnings):,} warning(s), by kind below (every message: `ann.warnings`)."
                 if len(table) else "No warning.")
    display(Markdown("  \n".join(lines)))
    return table if len(table) else None
