"""The notebooks in a real browser: JupyterLab + headless Chromium, figures and widgets live.

One JupyterLab serves a fresh copy of the four notebooks (parameters injected the way
papermill does: the sample corpus, the test annotation cache, and for the trends notebook a
150-article slice of the News Articles corpus when it is available). Each notebook is opened,
run with Run → Run All Cells, and checked: no cell error, the expected number of plotly
figures drew an SVG, the explorer widget rendered. Then each explorer is driven by the mouse
on the page already run: a node of the network and the middle of one of its lines, a point of
the trend, a flow of the Sankey and a claim of the list are clicked, and the evidence shown
must name the article (title, outlet, date) and hold its sentence. Each notebook runs once
here: the widgets need live kernels, which the report build (the other execution of the
notebooks) does not keep. Screenshots go to ``artifacts/screenshots/`` (git-ignored).
"""

from __future__ import annotations

import contextlib
import shutil

import nbformat
import pytest
from browser_support import (
    NOTEBOOK_CACHE,
    NOTEBOOKS_DIR,
    SAMPLE_CORPUS,
    TRENDS_SLICE,
    Browser,
    CellError,
    cell_errors,
    count_rendered_plots,
    count_widget_views,
    open_notebook,
    require_chromium,
    run_all_cells,
    screenshot,
    screenshot_at,
    start_jupyterlab,
)

from newsanalysis.load.datasets import local_path

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.notebooks, pytest.mark.model]

#: plotly figures each notebook draws in JupyterLab (the explorer's own figure included)
EXPECTED_PLOTS = {"01_quickstart": 0, "02_actor_networks": 5, "03_claim_provenance": 4,
                  "04_escalation_trends": 6}
#: explorer widgets (a widget view with controls) each notebook shows
EXPECTED_EXPLORERS = {"01_quickstart": 0, "02_actor_networks": 1, "03_claim_provenance": 1,
                      "04_escalation_trends": 1}


def _parameters(stem: str) -> dict:
    params = {"corpus": str(SAMPLE_CORPUS), "cache_dir": str(NOTEBOOK_CACHE),
              "start": None, "end": None}
    if stem.startswith("04") and local_path("newsarticles") is not None:
        params = {"corpus": "newsarticles", "cache_dir": str(NOTEBOOK_CACHE), "limit": TRENDS_SLICE}
    return params


#: The notebooks whose pages stay open after their run, for the click tests.
KEEP_OPEN = ("02_actor_networks", "03_claim_provenance", "04_escalation_trends")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    executable = require_chromium()  # skip (or fail under CI) before starting anything
    from papermill.iorw import load_notebook_node  # a heavy import, only when the Lab starts
    from papermill.parameterize import parameterize_notebook

    root = tmp_path_factory.mktemp("lab-root")
    for stem in EXPECTED_PLOTS:
        nb = load_notebook_node(str(NOTEBOOKS_DIR / f"{stem}.ipynb"))
        nb = parameterize_notebook(nb, _parameters(stem))
        nbformat.write(nb, root / f"{stem}.ipynb")
    nbformat.write(_failing_notebook(), root / "fails.ipynb")
    server = start_jupyterlab(root)
    browser = Browser(executable)
    yield server, browser
    browser.close()
    server.stop()
    shutil.rmtree(root, ignore_errors=True)


def _failing_notebook():
    """Three cells; the second raises, so Run All never reaches the third."""
    cells = ["x = 1", "1 / 0  # the error", "import time\ntime.sleep(1)"]
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells],
                                    metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                             "language": "python"}})


@pytest.fixture(scope="module")
def open_pages():
    """Pages already run, by notebook stem (only :data:`KEEP_OPEN` are kept)."""
    pages = {}
    yield pages
    for page in pages.values():
        with contextlib.suppress(Exception):
            page.close()


def _run(lab, stem):
    server, browser = lab
    page = browser.new_page()
    open_notebook(page, server, f"{stem}.ipynb")
    try:
        run_all_cells(page)  # raises at the first cell error, naming it
    except Exception:
        with contextlib.suppress(Exception):
            screenshot(page, f"lab_{stem}_failed")
        page.close()
        raise
    page.wait_for_timeout(1500)  # let the last figures draw
    return page


def _explorers(page):
    return page.locator(".jp-OutputArea-output > .jupyter-widgets").filter(
        has=page.locator("select, .widget-toggle-buttons"))


def _shoot_figures(page, stem):
    plots = page.locator(".js-plotly-plot")
    for i in range(plots.count()):
        plots.nth(i).scroll_into_view_if_needed()
        screenshot(plots.nth(i), f"lab_{stem}_figure{i + 1}")


@pytest.mark.parametrize("stem", list(EXPECTED_PLOTS))
def test_notebook_runs_in_jupyterlab_and_draws_its_figures_and_widgets(lab, open_pages, stem):
    page = _run(lab, stem)
    errors = None
    try:
        errors = cell_errors(page)
        n_plots = count_rendered_plots(page)
        n_explorers = _explorers(page).count()
        n_widgets = count_widget_views(page)
        screenshot(page, f"lab_{stem}")
        _shoot_figures(page, stem)
        if n_explorers:
            screenshot_at(page, _explorers(page).first, f"lab_{stem}_explorer")
    finally:
        if stem in KEEP_OPEN and errors == []:
            open_pages[stem] = page
        else:
            page.close()
    assert errors == []
    assert n_plots == EXPECTED_PLOTS[stem]
    assert n_explorers == EXPECTED_EXPLORERS[stem]
    assert n_widgets >= n_explorers


def _page(lab, open_pages, stem):
    """The page the test above ran (run here only when that test was not selected)."""
    return open_pages.get(stem) or open_pages.setdefault(stem, _run(lab, stem))


def _explorer_plot(page):
    """The explorer's own figure (a FigureWidget inside the widget's output)."""
    plot = _explorers(page).first.locator(".js-plotly-plot").first
    plot.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    return plot


def _click_point(page, plot, trace_test: str, point: int = 0):
    """Click point ``point`` of the first trace for which the JavaScript ``trace_test(trace)`` holds."""
    index = plot.evaluate(f"el => el.data.findIndex(t => {trace_test})")
    assert index >= 0, f"no trace where {trace_test}"
    scatter = plot.evaluate(f"el => el.data.slice(0, {index}).filter(t => t.type === 'scatter').length")
    target = plot.locator(".scatterlayer .trace").nth(scatter).locator("path.point").nth(point)
    box = target.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(200)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def _changed(page, locator, before: str, *, timeout: float = 30_000) -> str:
    page.wait_for_function("([el, old]) => el.innerText !== old", arg=[locator.element_handle(), before],
                           timeout=timeout)
    return locator.inner_text()


def test_clicking_a_node_and_a_line_of_the_network_shows_their_evidence(lab, open_pages):
    page = _page(lab, open_pages, "02_actor_networks")
    explorer = _explorers(page).first
    actor = explorer.locator(".widget-dropdown").filter(
        has=page.locator("label", has_text="Actor")).filter(
        has_not=page.locator("label", has_text="Actor kind")).locator("select")
    evidence = explorer.locator(".widget-html").last
    before = evidence.inner_text()
    plot = _explorer_plot(page)
    # the biggest node: the first point of the trace of people (the most-mentioned kind here)
    _click_point(page, plot, "t.meta === 'actors' && t.name === 'person'")
    after_node = _changed(page, evidence, before)
    picked = actor.evaluate("el => el.options[el.selectedIndex].text").replace("\xa0", " ")
    ring = plot.evaluate("el => el.data.find(t => t.meta === 'picked').x.length")
    screenshot_at(page, plot, "lab_02_explorer_node_clicked")
    _click_point(page, plot, "t.meta === 'edges'")
    after_line = _changed(page, evidence, after_node)
    screenshot_at(page, evidence, "lab_02_explorer_line_clicked")
    assert "Pick an actor" in before
    assert picked.split(" (")[0] in after_node and "neighbours" in after_node and ring == 1
    # the evidence names each article: "title · outlet · date · link"
    assert "2024-11-1" in after_node and "file 00" in after_node
    assert "sentence(s))" in after_line and "2024-11-1" in after_line


def test_clicking_a_point_of_the_trend_shows_the_sentences_of_its_period(lab, open_pages):
    page = _page(lab, open_pages, "04_escalation_trends")
    explorer = _explorers(page).first
    evidence = explorer.locator(".widget-html").last
    period = explorer.locator(".widget-dropdown").filter(has=page.locator("label", has_text="Evidence for"))
    before = evidence.inner_text()
    plot = _explorer_plot(page)
    line = "t.type === 'scatter' && t.mode === 'lines+markers'"
    ys = plot.evaluate(f"el => Array.from(el.data.find(t => {line}).y)")
    _click_point(page, plot, line, point=max(range(len(ys)), key=lambda i: ys[i]))  # the highest point
    after = _changed(page, evidence, before)
    chosen = period.locator("select").evaluate("el => el.options[el.selectedIndex].text").replace("\xa0", " ")
    shapes = plot.evaluate("el => (el.layout.shapes || []).filter(s => s.name === 'picked').length")
    screenshot_at(page, plot, "lab_04_explorer_point_clicked")
    assert chosen.split(" ")[0] in after  # "period from <that date>"
    assert "sentence(s)" in after and "No escalation language" not in after
    assert shapes == 1


def test_clicking_a_flow_and_a_claim_shows_the_claims_evidence(lab, open_pages):
    page = _page(lab, open_pages, "03_claim_provenance")
    explorer = _explorers(page).first
    count = explorer.locator(".widget-html").filter(has_text="claim(s)").first
    before_count = count.inner_text()
    plot = _explorer_plot(page)
    link = plot.locator(".sankey-link").first
    box = link.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    after_count = _changed(page, count, before_count)
    screenshot_at(page, plot, "lab_03_explorer_flow_clicked")
    listing = explorer.locator("select[size]")
    evidence = explorer.locator(".widget-html").last
    before = evidence.inner_text()
    options = listing.locator("option")
    options.nth(min(1, options.count() - 1)).click()
    after = before if options.count() < 2 else _changed(page, evidence, before)
    screenshot_at(page, listing, "lab_03_explorer_claim_clicked")
    assert after_count != before_count and "flow:" in explorer.inner_text()
    assert "chain" in after and "2024-11-1" in after and ".txt" in after


def test_a_cell_error_ends_the_wait_and_names_the_error(lab):
    # Run All stops at the error, so the third cell never gets an execution count: a wait
    # for every count would end in a timeout error, not in the cell's error
    server, browser = lab
    page = browser.new_page()
    try:
        open_notebook(page, server, "fails.ipynb")
        with pytest.raises(CellError, match="ZeroDivisionError"):
            run_all_cells(page, timeout=120)
    finally:
        page.close()
