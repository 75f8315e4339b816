"""An extractor that fails is recorded, never hidden, and the article is not cached as if it
had no rows; the cache digest covers every file under annotate/ and resources/ by itself."""

from __future__ import annotations

import shutil

import pytest

from newsanalysis import annotate
from newsanalysis.annotate import cache as cache_mod
from newsanalysis.annotate import extract as extract_mod

pytestmark = pytest.mark.model


def _boom(doc, article_id, **kwargs):
    raise ZeroDivisionError("a bug in a claims rule")


class TestExtractorFailure:
    def test_extract_doc_records_the_extractor_and_the_error(self, nlp):
        extract_mod_claims = extract_mod.extract_claims
        try:
            extract_mod.extract_claims = _boom
            rows, errors = extract_mod.extract_doc(nlp("Officials said the talks failed."), "a1")
        finally:
            extract_mod.extract_claims = extract_mod_claims
        assert rows["claims"] == [] and rows["sentences"]  # the other tables are still there
        assert [e.extractor for e in errors] == ["claims"]
        msg = errors[0].message("a1")
        assert "claims extractor failed on article a1" in msg and "ZeroDivisionError" in msg

    def test_a_failed_article_is_in_the_warnings_and_parsed_again_next_time(self, sample_articles, tmp_path,
                                                                         monkeypatch):
        one = sample_articles.head(1)
        monkeypatch.setattr(extract_mod, "extract_claims", _boom)
        with pytest.warns(UserWarning, match="claims extractor failed"):
            failed = annotate(one, cache_dir=tmp_path, n_process=1, progress=False)
        assert failed.claims.empty
        assert failed.warnings["message"].str.contains("claims extractor failed").any()
        monkeypatch.undo()  # the bug is fixed: the next run parses the article again, not the cache's "no claims"
        fixed = annotate(one, cache_dir=tmp_path, n_process=1, progress=False)
        assert fixed.meta["parsed"] == 1 and len(fixed.claims) > 0
        assert not fixed.warnings["message"].str.contains("extractor failed").any()


class TestCodeDigest:
    def test_a_new_file_under_annotate_or_resources_changes_the_digest(self, tmp_path, monkeypatch):
        package = tmp_path / "newsanalysis"
        shutil.copytree(cache_mod._PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
        monkeypatch.setattr(cache_mod, "_PACKAGE", package)
        before = {c: cache_mod.code_digest.__wrapped__(corpus=c) for c in (False, True)}
        (package / "annotate" / "new_extractor.py").write_text("RULE = 1\n")
        after = {c: cache_mod.code_digest.__wrapped__(corpus=c) for c in (False, True)}
        assert before[False] != after[False] and before[True] != after[True]

    def test_actor_files_change_only_the_corpus_digest_and_loader_files_neither(self, tmp_path, monkeypatch):
        package = tmp_path / "newsanalysis"
        shutil.copytree(cache_mod._PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
        monkeypatch.setattr(cache_mod, "_PACKAGE", package)
        digest = lambda: {c: cache_mod.code_digest.__wrapped__(corpus=c) for c in (False, True)}
        before = digest()
        with open(package / "resources" / "actors" / "actor_aliases.csv", "a", encoding="utf-8") as fh:
            fh.write("Somebody New,person,\n")
        actors = digest()
        assert actors[False] == before[False] and actors[True] != before[True]
        with open(package / "resources" / "load" / "furniture_patterns.tsv", "a", encoding="utf-8") as fh:
            fh.write("# a note\n")
        assert digest() == actors

    def test_per_article_code_reads_no_corpus_only_resource(self):
        """The per-article rows are cached under a digest that leaves out resources/actors/
        and resources/load/: code outside annotate/actors and load/ must not read them."""
        import re

        readers = re.compile(r"""read_(?:lines|words|table)\(\s*["'](?:actors|load)/""")
        package = cache_mod._PACKAGE
        offenders = [str(f.relative_to(package)) for f in (package / "annotate").rglob("*.py")
                     if "actors" not in f.relative_to(package).parts and readers.search(f.read_text())]
        assert offenders == []
