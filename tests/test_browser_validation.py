"""Labelling in a real JupyterLab: answers typed in the widget survive a kernel restart.

JupyterLab (headless Chromium, see ``browser_support``) serves notebook 05 with its label
folder in a fresh directory. The test runs every cell, answers the three questions of five
claims by typing ``y``/``n``/``u`` in the widget's *Keys* box, checks the label file on disk,
then clears the outputs, restarts the kernel and runs every cell again: the new widget must
open at the sixth item and count five labelled, and the report must be computed from the
fifteen answers.
"""

from __future__ import annotations

import re
import shutil

import nbformat
import pandas as pd
import pytest
from browser_support import (
    NOTEBOOK_CACHE,
    NOTEBOOKS_DIR,
    SAMPLE_CORPUS,
    Browser,
    cell_errors,
    open_notebook,
    require_chromium,
    run_all_cells,
    screenshot,
    screenshot_at,
    start_jupyterlab,
    wait_cells_done,
)
from papermill.iorw import load_notebook_node
from papermill.parameterize import parameterize_notebook

pytestmark = [pytest.mark.browser, pytest.mark.notebooks, pytest.mark.model, pytest.mark.slow]

STEM = "05_validate"
CODER = "browser-coder"
#: the answers typed for the first five items: attribution, speaker, content
ANSWERS = ["yyn", "yny", "yyy", "nyu", "yyy"]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    executable = require_chromium()
    root = tmp_path_factory.mktemp("lab-validate")
    nb = load_notebook_node(str(NOTEBOOKS_DIR / f"{STEM}.ipynb"))
    nb = parameterize_notebook(nb, {"corpus": str(SAMPLE_CORPUS), "cache_dir": str(NOTEBOOK_CACHE),
                                    "labels_dir": str(root / "labels"), "out_dir": str(root / "out"),
                                    "coder": CODER})
    nbformat.write(nb, root / f"{STEM}.ipynb")
    server = start_jupyterlab(root)
    browser = Browser(executable)
    yield server, browser, root
    browser.close()
    server.stop()
    shutil.rmtree(root, ignore_errors=True)


def _menu(page, menu: str, item: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=menu).first.click()
    page.locator(".lm-Menu-content .lm-Menu-item", has_text=item).first.click()


def _progress(page) -> str:
    return page.locator(".widget-html", has_text="items labelled").first.inner_text()


def _type_answer(page, keys, key: str) -> None:
    """Type one key in the Keys box and wait until the kernel has taken it (the box empties)."""
    keys.press_sequentially(key)
    page.wait_for_function("el => el.value === ''", arg=keys.element_handle(), timeout=30_000)


def test_five_labels_typed_in_the_widget_are_found_again_after_a_kernel_restart(lab):
    server, browser, root = lab
    page = browser.new_page()
    try:
        open_notebook(page, server, f"{STEM}.ipynb")
        run_all_cells(page)
        assert cell_errors(page) == []
        keys = page.locator("input[placeholder^='keys:']").first
        first = _progress(page)
        total = int(re.search(r"0 of (\d+) items labelled", first).group(1))  # the stratified sample's size
        assert total >= 6 and f"item 1 of {total}" in first
        for i, answers in enumerate(ANSWERS):
            keys.click()
            for key in answers:
                _type_answer(page, keys, key)
            page.wait_for_function(
                "([text]) => [...document.querySelectorAll('.widget-html')].some(e => e.innerText.includes(text))",
                arg=[f"{i + 1} of {total} items labelled"], timeout=30_000)
        screenshot_at(page, page.locator(".widget-html", has_text="items labelled").first, "lab_05_labelled_five")
        on_disk = pd.read_csv(root / "labels" / "claims-labels.csv")

        # a kernel restart: outputs cleared, kernel restarted, every cell run again
        _menu(page, "Edit", "Clear Outputs of All Cells")
        page.wait_for_function("() => !document.querySelector('.jp-OutputArea-output')", timeout=30_000)
        _menu(page, "Kernel", "Restart Kernel and Run All Cells")
        page.locator(".jp-Dialog .jp-mod-accept").click()
        page.wait_for_timeout(1000)
        wait_cells_done(page, timeout=600)
        page.wait_for_timeout(1500)
        errors = cell_errors(page)
        after = _progress(page)
        summary = page.locator(".jp-OutputArea-output", has_text="precision (95% CI)").first.inner_text()
        screenshot(page, "lab_05_after_restart")
    finally:
        page.close()
    assert errors == []
    assert len(on_disk) == 15 and set(on_disk["coder"]) == {CODER}
    assert on_disk.groupby("item_id").size().tolist() == [3] * 5
    typed = {"y": "yes", "n": "no", "u": "unsure"}
    assert on_disk["label"].tolist() == [typed[k] for answers in ANSWERS for k in answers]
    assert f"5 of {total} items labelled" in after and f"item 6 of {total}" in after
    # the report after the restart reads the fifteen answers: (n yes/no, unsure) per question
    rows = [[cell.strip() for cell in line.split("\t")] for line in summary.splitlines() if CODER in line]
    assert {row[2]: (row[4], row[5]) for row in rows} == {
        "attribution": ("5", "0"), "speaker": ("5", "0"), "content": ("4", "1")}, rows
