"""The reports: notebooks executed and exported to HTML that renders with the network off.

The reports are built once per session (the ``built_reports`` fixture of conftest.py, which
tests/test_notebooks.py reads too) on the sample corpus (01-03) and, for the trends
notebook, a slice of the real News Articles corpus when ``../shared`` has it (the sample
otherwise), then each HTML file is opened in headless Chromium with every non-file request
aborted.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_support import Browser, require_chromium, screenshot

from newsanalysis import reports
from newsanalysis.show import notebook

REPO = Path(__file__).resolve().parents[1]

#: plotly figures each report shows (the explorer's static stand-in included); 01 has none
#: (tables and a displaCy rendering).
MIN_FIGURES = {"01_quickstart": 0, "02_actor_networks": 5, "03_claim_provenance": 3,
               "04_escalation_trends": 5, "05_validate": 1, "06_briefing": 1}


@pytest.fixture(scope="module")
def built(built_reports):
    out, paths, _ = built_reports
    return out, paths


@pytest.fixture(scope="module")
def offline_browser():
    browser = Browser(require_chromium(), offline=True)
    yield browser
    browser.close()


class TestSetupNotebook:
    @pytest.fixture(autouse=True)
    def _restore_renderer(self):
        import plotly.io as pio

        before = pio.renderers.default
        yield
        pio.renderers.default = before

    def test_lab_mode_uses_the_plotly_mimetype_with_a_default_height(self):
        import plotly.graph_objects as go
        import plotly.io as pio

        notebook.setup_notebook(mode="lab")
        assert pio.renderers.default == notebook.LAB_RENDERER
        renderer = pio.renderers[notebook.LAB_RENDERER]
        bundle = renderer.to_mimebundle(go.Figure(go.Bar(y=[1, 2])).to_dict())
        assert list(bundle) == ["application/vnd.plotly.v1+json"]
        assert bundle["application/vnd.plotly.v1+json"]["layout"]["height"] == notebook.DEFAULT_HEIGHT
        tall = renderer.to_mimebundle(go.Figure(layout={"height": 800}).to_dict())
        assert tall["application/vnd.plotly.v1+json"]["layout"]["height"] == 800

    def test_report_mode_loads_the_shared_plotlyjs_file_when_the_build_names_one(self, monkeypatch):
        shown = []
        monkeypatch.setattr(notebook, "_PLOTLYJS_EMBEDDED", False)
        monkeypatch.setenv(notebook.PLOTLYJS_ENV, "plotly-9.9.9.min.js")
        monkeypatch.setattr("IPython.display.display", lambda *objs, **kw: shown.extend(objs))
        notebook.setup_notebook(mode="report")
        assert len(shown) == 1
        assert '<script type="text/javascript" src="plotly-9.9.9.min.js"></script>' in shown[0].data
        assert "plotly.js v" not in shown[0].data

    def test_report_mode_writes_figures_as_html_without_any_cdn_or_bundle(self, monkeypatch):
        import plotly.graph_objects as go
        import plotly.io as pio

        shown = []
        monkeypatch.setattr(notebook, "_PLOTLYJS_EMBEDDED", False)
        monkeypatch.delenv(notebook.PLOTLYJS_ENV, raising=False)
        monkeypatch.setattr("IPython.display.display", lambda *objs, **kw: shown.extend(objs))
        notebook.setup_notebook(mode="report")
        assert pio.renderers.default == notebook.OFFLINE_RENDERER
        # plotly.js itself is displayed once, by setup_notebook
        assert len(shown) == 1 and "plotly.js v" in shown[0].data
        notebook.setup_notebook(mode="report")
        assert len(shown) == 1
        bundle = pio.renderers[notebook.OFFLINE_RENDERER].to_mimebundle(go.Figure(go.Bar(y=[1, 2])).to_dict())
        html_ = bundle["text/html"]
        assert list(bundle) == ["text/html"]
        assert "Plotly.newPlot" in html_ and "plotly.js v" not in html_
        assert "https://" not in html_

    def test_an_unknown_mode_is_refused(self):
        with pytest.raises(ValueError, match="lab"):
            notebook.setup_notebook(mode="pdf")


class TestShowWidget:
    def test_outside_a_report_the_widget_itself_is_displayed(self, monkeypatch):
        shown = []
        monkeypatch.delenv(notebook.REPORT_ENV, raising=False)
        monkeypatch.setattr("IPython.display.display", lambda *objs, **kw: shown.extend(objs))
        widget = object()
        notebook.show_widget(widget, static=lambda: pytest.fail("static view built outside a report"))
        assert shown == [widget]

    def test_in_a_report_a_note_and_the_default_view_replace_the_widget(self, monkeypatch):
        shown = []
        monkeypatch.setenv(notebook.REPORT_ENV, "1")
        monkeypatch.setattr("IPython.display.display", lambda *objs, **kw: shown.extend(objs))
        notebook.show_widget(object(), static=lambda: "the default figure")
        assert len(shown) == 2
        assert "needs a running kernel" in shown[0].data
        assert shown[1] == "the default figure"


def _executed_notebook():
    """A small executed notebook as papermill leaves it: defaults, injected parameters, a
    cell with an output and one without."""
    import nbformat

    v4 = nbformat.v4
    cells = [v4.new_markdown_cell("# Title\n\nYou will see a table."),
             v4.new_code_cell("corpus = 'sample'", metadata={"tags": ["parameters"]}),
             v4.new_code_cell('# Parameters\ncorpus = "/home/me/corpus"', metadata={"tags": ["injected-parameters"]}),
             v4.new_code_cell("table_of_results", outputs=[v4.new_output("execute_result", {"text/plain": "RESULT-42"},
                                                                        execution_count=1)]),
             v4.new_code_cell("x = 1")]
    return v4.new_notebook(cells=cells)


class TestExportHtml:
    def test_readers_see_no_code_and_no_parameters_cell(self, tmp_path):
        page = reports.export_html(_executed_notebook(), tmp_path / "r.html").read_text(encoding="utf-8")
        assert "RESULT-42" in page and "You will see a table." in page
        assert "table_of_results" not in page and "# Parameters" not in page and "/home/me" not in page
        assert not re.search(r"jp-CodeCell jp-Notebook-cell(?! jp-mod-noInput)", page)  # every code cell hidden

    def test_show_code_keeps_the_code_and_the_values_the_report_ran_with(self, tmp_path):
        page = reports.export_html(_executed_notebook(), tmp_path / "r.html", show_code=True).read_text(
            encoding="utf-8")
        assert "table_of_results" in page and "# Parameters" in page
        assert "corpus = &#39;sample&#39;" not in page and "corpus = 'sample'" not in page  # the defaults cell

    def test_plotlyjs_is_written_once_per_folder(self, tmp_path):
        name = reports.write_plotlyjs(tmp_path)
        first = (tmp_path / name).stat().st_mtime_ns
        assert reports.write_plotlyjs(tmp_path) == name and (tmp_path / name).stat().st_mtime_ns == first
        assert re.fullmatch(r"plotly-\d+\.\d+\.\d+\.min\.js", name)
        assert "plotly.js v" in (tmp_path / name).read_text(encoding="utf-8")[:2000]


def test_keeping_notebooks_never_overwrites_the_notebooks_it_runs(tmp_path, sample_dir):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    source = reports.notebooks_dir() / "01_quickstart.ipynb"
    (folder / source.name).write_bytes(source.read_bytes())
    with pytest.raises(ValueError, match="would overwrite"):
        reports.build_reports(corpus=sample_dir, out=folder, notebooks_from=folder,
                              notebooks=["01_quickstart"], keep_notebooks=True, progress=False)
    assert (folder / source.name).read_bytes() == source.read_bytes()


@pytest.mark.slow
@pytest.mark.notebooks
@pytest.mark.model
class TestBuildReports:
    def test_writes_one_html_per_notebook_and_an_index_last(self, built):
        out, paths = built
        assert [p.name for p in paths] == [f"{nb.stem}.html" for nb in reports.NOTEBOOKS] + ["index.html"]
        assert all(p.parent == out and p.stat().st_size > 0 for p in paths)

    def test_keeps_each_executed_notebook_beside_its_html(self, built):
        out, _ = built
        assert sorted(p.name for p in out.glob("*.ipynb")) == [f"{nb.stem}.ipynb" for nb in reports.NOTEBOOKS]

    def test_index_links_every_report(self, built):
        out, _ = built
        index = (out / "index.html").read_text(encoding="utf-8")
        for nb in reports.NOTEBOOKS:
            assert f'href="{nb.stem}.html"' in index

    @pytest.mark.parametrize("stem", [nb.stem for nb in reports.NOTEBOOKS])
    def test_report_loads_the_folders_plotlyjs_once_and_fetches_no_script(self, built, stem):
        out, _ = built
        page = (out / f"{stem}.html").read_text(encoding="utf-8")
        shared = re.findall(r'<script[^>]* src="(plotly-[\d.]+\.min\.js)"[^>]*></script>', page)
        assert len(shared) == 1 and (out / shared[0]).is_file()
        assert "plotly.js v" not in page  # not embedded: a report is its own text and figures
        assert not re.findall(r"<script[^>]+src=[\"']https?://", page)
        assert "Traceback (most recent call last)" not in page

    @pytest.mark.parametrize("stem", [nb.stem for nb in reports.NOTEBOOKS])
    def test_report_hides_code_names_no_path_of_this_machine_and_shows_no_red_warning(self, built, stem):
        out, _ = built
        page = (out / f"{stem}.html").read_text(encoding="utf-8")
        assert not re.search(r"jp-CodeCell jp-Notebook-cell(?! jp-mod-noInput)", page) and "# Parameters" not in page
        assert str(REPO) not in page and "LoadWarning" not in page and "AnnotateWarning" not in page
        assert (out / f"{stem}.html").stat().st_size < 1_500_000


@pytest.mark.slow
@pytest.mark.notebooks
@pytest.mark.model
@pytest.mark.browser
@pytest.mark.parametrize("stem", [nb.stem for nb in reports.NOTEBOOKS])
def test_report_renders_every_figure_offline(built, offline_browser, stem):
    out, _ = built
    page = offline_browser.new_page()
    messages, failed = [], []
    page.on("console", lambda m: messages.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: messages.append(f"pageerror: {e}"))
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto((out / f"{stem}.html").as_uri())
    page.wait_for_load_state("load")
    page.wait_for_timeout(1000)

    divs = page.locator(".plotly-graph-div")
    n_divs = divs.count()
    drawn = divs.evaluate_all("els => els.filter(e => e.querySelector('.main-svg')).length")
    empty = divs.evaluate_all("els => els.filter(e => !e.querySelector('.main-svg')).map(e => e.id)")
    screenshot(page, f"report_{stem}")
    for i in range(n_divs):
        screenshot(divs.nth(i), f"report_{stem}_figure{i + 1}")
    page.close()

    assert n_divs >= MIN_FIGURES[stem]
    assert drawn == n_divs and not empty, f"plot divs left empty: {empty}"
    errors = [m for m in messages if m.startswith(("error", "pageerror"))]
    assert errors == [], errors
    assert failed == [], f"requests to the network: {failed}"
