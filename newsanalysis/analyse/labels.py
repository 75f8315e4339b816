"""Hand labels on a validation sample: one file beside the corpus, written as they are given.

A label is one answer (``yes``, ``no`` or ``unsure``) of one coder to one question (field)
about one item of a :func:`~newsanalysis.analyse.validation.validation_sample`. Labels are
appended to a CSV file one row at a time (flushed and synced to disk), so nothing is lost
when the kernel dies, and a second sitting or a second coder picks up where the first
stopped; a later answer to the same question by the same coder replaces the earlier one
when the file is read. A ``.parquet`` path works too (rewritten atomically on each label).

Coders who work outside Python get the sample as a spreadsheet (:func:`export_sample`, CSV
or Excel with a drop-down per question) and their file is read back as labels
(:func:`read_coded`), with an error naming the row and column of any answer it cannot read.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import tempfile
import warnings
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from newsanalysis.analyse.validation import FIELDS, LABELS

__all__ = ["LABEL_COLUMNS", "LabelWarning", "export_sample", "labels_path", "read_coded", "read_labels",
           "save_labels"]

class LabelWarning(UserWarning):
    """A label file holds a row that is not an answer; the message names the file and rows."""


#: Columns of a label file, one row per answer.
LABEL_COLUMNS = ("table", "item_id", "fingerprint", "stratum", "stratum_size", "item", "field", "label",
                 "coder", "note", "labelled_at")
#: What a coder may type in a spreadsheet for each answer.
_ANSWERS = {"yes": "yes", "y": "yes", "1": "yes", "true": "yes", "no": "no", "n": "no", "0": "no",
            "false": "no", "unsure": "unsure", "u": "unsure", "?": "unsure", "can't tell": "unsure"}
_ITEM_FIELDS = ("table", "item_id", "fingerprint", "stratum", "stratum_size", "item")


def labels_path(corpus, table: str = "claims", *, folder=None) -> Path:
    """Where the labels of ``table`` for ``corpus`` live: ``<table>-labels.csv`` in ``folder``,
    by default a ``<corpus>-validation`` folder beside the corpus.

    Parameters
    ----------
    corpus
        What the notebook loaded: ``"sample"``, a dataset name, or a file or folder path. For
        a dataset, or a corpus in a folder this user cannot write to, the folder is
        ``validation/<name>`` in the data folder (``NEWSANALYSIS_DATA``). The sample corpus
        ships with one developer's answers on its default sample (``data/sample-validation``):
        the first call copies them to ``validation/sample`` in the data folder, where your
        answers join them (the package's copy is never written to).
    table
        The validated table.
    folder
        Use this folder instead.
    """
    from newsanalysis.load.datasets import DATASETS, SAMPLE, default_dest, sample_path

    if folder is not None:
        return Path(folder) / f"{table}-labels.csv"
    if isinstance(corpus, str) and corpus in DATASETS:
        return default_dest() / "validation" / corpus / f"{table}-labels.csv"
    if not isinstance(corpus, (str, os.PathLike)):
        raise TypeError(f"labels_path needs the corpus's name or path, not a {type(corpus).__name__}; "
                        "pass folder=... to say where the labels go")
    if isinstance(corpus, str) and corpus == SAMPLE:
        target = default_dest() / "validation" / SAMPLE / f"{table}-labels.csv"
        shipped = sample_path().parent / f"{SAMPLE}-validation" / f"{table}-labels.csv"
        if not target.exists() and shipped.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(shipped, target)
        return target
    path = Path(str(corpus)).expanduser().resolve()
    name = path.stem if path.suffix and not path.is_dir() else path.name  # a file: without its suffix
    beside = path.parent / f"{name}-validation"
    writable = os.access(beside if beside.exists() else beside.parent, os.W_OK)
    where = beside if writable else default_dest() / "validation" / beside.name
    return where / f"{table}-labels.csv"


def _row(item: dict, field: str, label: str, coder: str, note: str) -> dict:
    if label not in LABELS:
        raise ValueError(f"label must be one of {LABELS}, not {label!r}")
    if not str(coder).strip():
        raise ValueError("a label needs a coder name (coder='...')")
    return {**{k: item.get(k, "") for k in _ITEM_FIELDS}, "field": field, "label": label,
            "coder": str(coder).strip(), "note": note or "",
            "labelled_at": datetime.now(UTC).isoformat(timespec="seconds")}


def save_labels(path, item: dict, answers: dict[str, str], *, coder: str, note: str = "") -> list[dict]:
    """Append the answers of ``coder`` about one sample item to the label file at once.

    Parameters
    ----------
    path
        The label file (``.csv``, appended and synced; or ``.parquet``, rewritten atomically).
    item
        A row of the sample (a dict or Series with ``table, item_id, fingerprint, stratum,
        stratum_size, item``).
    answers
        ``{field: "yes" | "no" | "unsure"}``.
    coder, note
        Who answers, and an optional note kept with each answer.

    Returns
    -------
    list of dict
        The rows written.
    """
    item = dict(item)
    rows = [_row(item, field, label, coder, note) for field, label in answers.items()]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".parquet":
        old = pd.read_parquet(path) if path.exists() else pd.DataFrame(columns=list(LABEL_COLUMNS))
        new = pd.concat([old, pd.DataFrame(rows, columns=list(LABEL_COLUMNS))], ignore_index=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".parquet.tmp")
        os.close(fd)
        new.astype({"stratum_size": "int64"}).to_parquet(tmp, index=False)
        os.replace(tmp, path)
        return rows
    new_file = not path.exists() or path.stat().st_size == 0
    with open(path, "a", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(LABEL_COLUMNS))
        if new_file:
            writer.writeheader()
        writer.writerows(rows)
        fh.flush()
        os.fsync(fh.fileno())
    return rows


def read_labels(*paths, latest: bool = True) -> pd.DataFrame:
    """The labels in one or more label files (missing files give no rows).

    Parameters
    ----------
    paths
        Label files (CSV or Parquet) or DataFrames of labels (from :func:`read_coded`).
    latest
        Keep only the latest answer of each coder to each question about each item.

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`LABEL_COLUMNS`.
    """
    frames = []
    for p in paths:
        if isinstance(p, pd.DataFrame):
            frame = p
        elif Path(p).exists() and Path(p).stat().st_size:
            frame = (pd.read_parquet(p) if str(p).lower().endswith(".parquet")
                     else pd.read_csv(p, dtype=str, keep_default_na=False))
        else:
            continue
        bad = ~frame["label"].isin(LABELS) if "label" in frame.columns else pd.Series(True, index=frame.index)
        if bad.any():  # e.g. a line cut off when the machine stopped mid-write
            where = "a DataFrame" if isinstance(p, pd.DataFrame) else str(p)
            lines = [int(i) + 2 for i in frame.index[bad][:5]]
            n = int(bad.sum())
            warnings.warn(f"{where}: {n} row{'s' if n > 1 else ''} without an answer (yes, no or unsure) "
                          f"left out (rows {lines}; the header is row 1).", LabelWarning, stacklevel=2)
            frame = frame[~bad]
        frames.append(frame)
    df = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(LABEL_COLUMNS))
    for col in LABEL_COLUMNS:
        if col not in df.columns:
            df[col] = ""
    df = df[list(LABEL_COLUMNS)].astype(str)
    df["stratum_size"] = pd.to_numeric(df["stratum_size"], errors="coerce").fillna(0).astype(int)
    if latest and len(df):
        df = df.drop_duplicates(["table", "item_id", "field", "coder"], keep="last")
    return df.reset_index(drop=True)


# --------------------------------------------------------------------------- coders outside Python


def _label_column(field: str) -> str:
    return f"label_{field}"


def _sheet(sample: pd.DataFrame) -> pd.DataFrame:
    fields = sample.attrs.get("fields") or FIELDS[str(sample["table"].iloc[0])]
    values = pd.DataFrame([dict(v) for v in sample["values"]], index=sample.index).astype(str)
    base = sample[["table", "item_id", "fingerprint", "stratum", "stratum_size", "item", "title",
                   "previous_sentence", "passage"]]
    sheet = pd.concat([base, values.add_prefix("value_")], axis=1)
    for field in fields:
        sheet[_label_column(field)] = ""
    sheet["note"] = ""
    sheet["coder"] = ""
    return sheet


def export_sample(sample: pd.DataFrame, path) -> Path:
    """Write a sample as a spreadsheet for coders who work outside Python.

    One row per item: its passage, previous sentence and values, then one empty
    ``label_<field>`` column per question (yes / no / unsure), ``note`` and ``coder``.
    ``.xlsx`` files get a drop-down on each label column, wrapped text and a second sheet
    with the questions; any other suffix is written as CSV (UTF-8).

    Returns
    -------
    pathlib.Path
        The file written; read it back with :func:`read_coded`.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if sample.empty:
        raise ValueError("the sample is empty: nothing to export")
    sheet = _sheet(sample)
    if path.suffix.lower() != ".xlsx":
        sheet.to_csv(path, index=False, encoding="utf-8")
        return path
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    fields = sample.attrs.get("fields") or FIELDS[str(sample["table"].iloc[0])]
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        sheet.to_excel(writer, sheet_name="items", index=False)
        pd.DataFrame({"column": [_label_column(f) for f in fields], "question": list(fields.values()),
                      "answers": ["yes / no / unsure"] * len(fields)}).to_excel(
            writer, sheet_name="questions", index=False)
        ws = writer.sheets["items"]
        ws.freeze_panes = "A2"
        choice = DataValidation(type="list", formula1='"yes,no,unsure"', allow_blank=True)
        ws.add_data_validation(choice)
        for j, name in enumerate(sheet.columns, start=1):
            letter = ws.cell(row=1, column=j).column_letter
            ws.cell(row=1, column=j).font = Font(bold=True)
            wide = name in ("passage", "previous_sentence", "item") or name.startswith("value_")
            ws.column_dimensions[letter].width = 60 if wide else 16
            if name.startswith("label_"):
                choice.add(f"{letter}2:{letter}{len(sheet) + 1}")
            for i in range(2, len(sheet) + 2):
                ws.cell(row=i, column=j).alignment = Alignment(wrap_text=wide, vertical="top")
    return path


def read_coded(path, *, coder: str | None = None) -> pd.DataFrame:
    """Read a spreadsheet written by :func:`export_sample` and filled by a coder.

    Parameters
    ----------
    path
        The ``.xlsx`` or ``.csv`` file.
    coder
        The coder's name; default the file's ``coder`` column (which must then be filled).

    Returns
    -------
    pandas.DataFrame
        Labels with the columns of :data:`LABEL_COLUMNS` (empty answers give no row), ready
        for :func:`~newsanalysis.analyse.validation_report.validation_report`.

    Raises
    ------
    ValueError
        An answer that is not yes / no / unsure (``y``, ``n``, ``?`` are read too), or a row
        without a coder: the message names the file, the row (as the spreadsheet numbers it)
        and the column.
    """
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        sheet = pd.read_excel(path, sheet_name="items", dtype=str).fillna("")
    else:
        sheet = pd.read_csv(path, dtype=str, keep_default_na=False)
    label_cols = [c for c in sheet.columns if str(c).startswith("label_")]
    if not label_cols or "item_id" not in sheet.columns:
        raise ValueError(f"{path}: no item_id or label_<field> columns; export the sample with export_sample")
    stamp = datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat(timespec="seconds")
    rows = []
    for i, rec in enumerate(sheet.to_dict("records"), start=2):  # row 1 is the header
        for col in label_cols:
            raw = str(rec.get(col, "")).strip()
            if not raw:
                continue
            label = _ANSWERS.get(raw.casefold())
            if label is None:
                raise ValueError(f"{path}: row {i}, column {col}: {raw!r} is not an answer "
                                 f"(write yes, no or unsure)")
            who = coder or str(rec.get("coder", "")).strip()
            if not who:
                raise ValueError(f"{path}: row {i}: no coder (fill the coder column or pass coder=...)")
            rows.append({**{k: rec.get(k, "") for k in _ITEM_FIELDS}, "field": re.sub("^label_", "", col),
                         "label": label, "coder": who, "note": str(rec.get("note", "")),
                         "labelled_at": stamp})
    return read_labels(pd.DataFrame(rows, columns=list(LABEL_COLUMNS)))
