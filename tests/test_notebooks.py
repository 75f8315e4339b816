"""The notebooks: thin, parameterised, committed without outputs, and every cell runs.

Each notebook is executed with papermill on the sample corpus (parameters injected into the
cell tagged ``parameters``); the trends notebook also runs on a slice of the real News
Articles corpus (150 articles spread over Dec 2016 - Mar 2017), which needs ``../shared`` or
a fetched ``data/external``. A cell error fails the test with the cell's traceback.
"""

from __future__ import annotations

import nbformat
import pytest
from browser_support import NOTEBOOK_CACHE, NOTEBOOKS_DIR, SAMPLE_CORPUS, TRENDS_SLICE

from newsanalysis import reports
from newsanalysis.load.datasets import local_path

STEMS = [nb.stem for nb in reports.NOTEBOOKS]


def _read(stem):
    return nbformat.read(NOTEBOOKS_DIR / f"{stem}.ipynb", as_version=4)


def _code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


@pytest.mark.parametrize("stem", STEMS)
class TestNotebookShape:
    def test_is_committed_without_outputs_or_execution_counts(self, stem):
        for cell in _code_cells(_read(stem)):
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]

    def test_first_code_cell_imports_the_package_with_a_commented_autoreload(self, stem):
        first = _code_cells(_read(stem))[0].source
        assert "# %autoreload 2" in first and "# %load_ext autoreload" in first
        assert "import newsanalysis" in first and "setup_notebook()" in first

    def test_second_code_cell_is_the_tagged_parameters_cell(self, stem):
        params = _code_cells(_read(stem))[1]
        assert "parameters" in params.metadata.get("tags", [])
        names = {line.split("=")[0].strip() for line in params.source.splitlines() if "=" in line}
        assert {"corpus", "model", "cache_dir", "start", "end", "limit"} <= names

    def test_opens_with_a_title_and_a_sentence_on_what_the_reader_learns(self, stem):
        intro = _read(stem).cells[0]
        assert intro.cell_type == "markdown" and intro.source.startswith("# ")
        assert "You will" in intro.source

    def test_every_code_cell_is_a_few_lines_and_defines_no_function(self, stem):
        for cell in _code_cells(_read(stem))[2:]:
            assert len(cell.source.splitlines()) <= 4, cell.source
            assert "def " not in cell.source and "class " not in cell.source


def _execute(stem, tmp_path, **parameters):
    src = NOTEBOOKS_DIR / f"{stem}.ipynb"
    params = {"cache_dir": str(NOTEBOOK_CACHE), **parameters}
    # raises papermill.PapermillExecutionError (naming the cell) on any cell error
    return reports.execute_notebook(src, tmp_path / src.name, parameters=params, report=False)


@pytest.mark.notebooks
@pytest.mark.model
@pytest.mark.parametrize("stem", STEMS)
def test_notebook_runs_on_the_sample_corpus(stem, tmp_path):
    nb = _execute(stem, tmp_path, corpus=str(SAMPLE_CORPUS), start=None, end=None)
    errors = [o for c in _code_cells(nb) for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []
    assert all(c.execution_count for c in _code_cells(nb))


@pytest.mark.notebooks
@pytest.mark.model
@pytest.mark.corpus
def test_trends_notebook_runs_on_a_slice_of_the_news_articles_corpus(tmp_path):
    if local_path("newsarticles") is None:
        pytest.skip("the News Articles corpus is absent: no ../shared/corpora/newsarticles and "
                    "not fetched (newsanalysis datasets --fetch newsarticles)")
    nb = _execute("04_escalation_trends", tmp_path, corpus="newsarticles", limit=TRENDS_SLICE)
    text = "\n".join(str(o.get("data", {}).get("text/plain", "")) for c in _code_cells(nb)
                     for o in c.get("outputs", []))
    # the slice keeps 150 articles of the default period, Dec 2016 - Mar 2017
    assert f"articles={TRENDS_SLICE:,}" in text
