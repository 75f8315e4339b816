"""The notebooks in a real browser: JupyterLab + headless Chromium, figures and widgets live.

One JupyterLab serves a fresh copy of the four notebooks (parameters injected the way
papermill does: the sample corpus, the test annotation cache, and for the trends notebook a
150-article slice of the News Articles corpus when it is available). Each notebook is opened,
run with Run → Run All Cells, and checked: no cell error, the expected number of plotly
figures drew an SVG, the explorer widget rendered. Then one widget is changed (another actor
in the network explorer, on the page already run) and the evidence list must change. Each
notebook runs once here: the widgets need live kernels, which the report build (the other
execution of the notebooks) does not keep. Screenshots go to ``artifacts/screenshots/``
(git-ignored).
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
EXPECTED_PLOTS = {"01_quickstart": 0, "02_actor_networks": 5, "03_claim_provenance": 3,
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


#: The notebook whose page stays open after its run, for the widget test.
KEEP_OPEN = "02_actor_networks"


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
    """Pages already run, by notebook stem (only :data:`KEEP_OPEN` is kept)."""
    return {}


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
        if stem == KEEP_OPEN and errors == []:
            open_pages[stem] = page
        else:
            page.close()
    assert errors == []
    assert n_plots == EXPECTED_PLOTS[stem]
    assert n_explorers == EXPECTED_EXPLORERS[stem]
    assert n_widgets >= n_explorers


def test_picking_another_actor_in_the_network_explorer_changes_the_evidence(lab, open_pages):
    # the page the test above ran (run here only when that test was not selected)
    page = open_pages.pop(KEEP_OPEN, None) or _run(lab, KEEP_OPEN)
    try:
        explorer = _explorers(page).first
        actor = explorer.locator(".widget-dropdown").filter(
            has=page.locator("label", has_text="Actor")).filter(
            has_not=page.locator("label", has_text="Actor kind")).locator("select")
        evidence = explorer.locator(".widget-html").last
        before = evidence.inner_text()
        # ipywidgets writes option labels with non-breaking spaces
        options = [o.replace("\xa0", " ") for o in actor.locator("option").all_inner_texts()]
        actor.select_option(index=1)
        page.wait_for_function("([el, old]) => el.innerText !== old",
                               arg=[evidence.element_handle(), before], timeout=30_000)
        first_pick = evidence.inner_text()
        actor.select_option(index=2)
        page.wait_for_function("([el, old]) => el.innerText !== old",
                               arg=[evidence.element_handle(), first_pick], timeout=30_000)
        second_pick = evidence.inner_text()
        screenshot_at(page, actor, "lab_02_actor_networks_explorer_after_pick")
    finally:
        page.close()
    assert options[0] == "(pick an actor)" and len(options) >= 3
    assert "Pick an actor" in before
    assert "neighbours" in first_pick and "neighbours" in second_pick
    assert first_pick != second_pick


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
