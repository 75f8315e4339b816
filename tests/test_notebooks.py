"""The notebooks: thin, parameterised, committed without outputs, and every cell runs.

The notebooks are executed once per session, by the report build (the ``built_reports``
fixture of conftest.py: papermill, parameters injected into the cell tagged
``parameters``); the tests here read the executed copies it keeps. 01-03 run on the sample
corpus; the trends notebook runs on a slice of the real News Articles corpus (150 articles
spread over Dec 2016 - Mar 2017) when ``../shared`` or a fetched ``data/external`` has it,
on the sample otherwise. A cell error stops the build with the cell's traceback.
"""

from __future__ import annotations

import nbformat
import pytest
from browser_support import NOTEBOOKS_DIR, TRENDS_SLICE

from newsanalysis import reports

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


def _executed(built_reports, stem):
    out, _, _ = built_reports
    return nbformat.read(out / f"{stem}.ipynb", as_version=4)


def _plain_text(nb):
    """The text of every output (the Markdown of a rich one, else its plain text)."""
    return "\n".join(str(o.get("data", {}).get("text/markdown") or o.get("data", {}).get("text/plain", ""))
                     for c in _code_cells(nb) for o in c.get("outputs", []))


@pytest.mark.slow
@pytest.mark.notebooks
@pytest.mark.model
@pytest.mark.parametrize("stem", STEMS)
def test_every_cell_of_the_notebook_ran_without_an_error(built_reports, stem):
    nb = _executed(built_reports, stem)
    errors = [o for c in _code_cells(nb) for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []
    assert all(c.execution_count for c in _code_cells(nb))
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1, "papermill injected the test's parameters once"


@pytest.mark.slow
@pytest.mark.notebooks
@pytest.mark.model
def test_notebooks_01_to_03_ran_on_the_sample_corpus(built_reports):
    for stem in STEMS[:3]:
        (injected,) = [c for c in _executed(built_reports, stem).cells
                       if "injected-parameters" in c.metadata.get("tags", [])]
        assert 'corpus = "sample"' in injected.source, stem


@pytest.mark.slow
@pytest.mark.notebooks
@pytest.mark.model
@pytest.mark.corpus
def test_trends_notebook_ran_on_a_slice_of_the_news_articles_corpus(built_reports):
    if built_reports[2] != "newsarticles":
        pytest.skip("the News Articles corpus is absent: no ../shared/corpora/newsarticles and "
                    "not fetched (newsanalysis datasets --fetch newsarticles); 04 ran on the sample")
    text = _plain_text(_executed(built_reports, "04_escalation_trends"))
    # the slice keeps 150 articles of the default period, Dec 2016 - Mar 2017 (show_load's line)
    assert f"**{TRENDS_SLICE:,} articles," in text
