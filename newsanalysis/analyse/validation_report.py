"""Precision with intervals, and agreement between coders, from hand labels.

:func:`validation_report` turns the labels of :mod:`newsanalysis.analyse.labels` into what a
methods section reports:

* **precision** per table, field and coder, overall and per stratum: the share of ``yes``
  among the ``yes`` and ``no`` answers (``unsure`` is counted, not scored), with a Wilson
  95% score interval (:func:`wilson_interval`), which stays inside [0, 1] and is honest for
  the small samples hand coding gives. For a stratified sample, the overall row also gives
  the estimate weighted by the strata's sizes in the whole table;
* **agreement**, when two or more coders answered the same questions: pairwise percent
  agreement and Krippendorff's alpha (nominal, the ``krippendorff`` package), over the items
  at least two coders answered with yes or no;
* **disagreements**: each item and question on which the coders differ, to discuss.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
import pandas as pd

from newsanalysis.analyse.labels import read_labels

__all__ = ["Z95", "ValidationReport", "agreement", "validation_report", "wilson_interval"]

#: The standard normal quantile of a two-sided 95% interval.
Z95 = 1.959963984540054


def wilson_interval(k: int, n: int, *, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for ``k`` successes in ``n`` trials (NaN, NaN for ``n == 0``).

    ``(p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)`` with ``p = k/n`` (Wilson 1927).
    """
    if n <= 0:
        return float("nan"), float("nan")
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z / denom * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def _precision_rows(labels: pd.DataFrame, by: list[str]) -> list[dict]:
    rows = []
    for key, g in labels.groupby(by, sort=True):
        key = key if isinstance(key, tuple) else (key,)
        yes, no = int((g["label"] == "yes").sum()), int((g["label"] == "no").sum())
        low, high = wilson_interval(yes, yes + no)
        rows.append({**dict(zip(by, key)), "n": yes + no, "yes": yes, "no": no,
                     "unsure": int((g["label"] == "unsure").sum()),
                     "precision": yes / (yes + no) if yes + no else float("nan"),
                     "ci_low": low, "ci_high": high})
    return rows


def _weighted(labels: pd.DataFrame) -> float:
    """Precision over the strata, each weighted by its share of the whole table."""
    scored = labels[labels["label"].isin(["yes", "no"])]
    per = scored.groupby("stratum").agg(p=("label", lambda s: (s == "yes").mean()),
                                        size=("stratum_size", "max"))
    if per.empty or per["size"].sum() <= 0:
        return float("nan")
    return float((per["p"] * per["size"]).sum() / per["size"].sum())


def agreement(labels: pd.DataFrame) -> pd.DataFrame:
    """Agreement between coders per table and field.

    Returns
    -------
    pandas.DataFrame
        ``table, field, coders, items`` (items answered yes/no by at least two coders),
        ``percent_agreement`` (share of agreeing coder pairs over those items) and ``alpha``
        (Krippendorff's alpha, nominal; NaN when it is undefined, e.g. every answer the same).
    """
    import krippendorff

    rows = []
    scored = labels[labels["label"].isin(["yes", "no"])]
    for (table, fld), g in scored.groupby(["table", "field"], sort=True):
        wide = g.pivot_table(index="coder", columns="item_id", values="label", aggfunc="last")
        wide = wide.loc[:, wide.notna().sum() >= 2]
        coders = sorted(g["coder"].unique())
        if wide.shape[1] == 0 or len(coders) < 2:
            rows.append({"table": table, "field": fld, "coders": len(coders), "items": 0,
                         "percent_agreement": float("nan"), "alpha": float("nan")})
            continue
        pairs = agree = 0
        for item in wide.columns:
            answers = wide[item].dropna().tolist()
            for a, b in combinations(answers, 2):
                pairs += 1
                agree += a == b
        matrix = wide.apply(lambda col: col.map({"yes": 1.0, "no": 0.0})).to_numpy(dtype=float)
        try:
            alpha = float(krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal"))
        except ValueError:  # one value only in the data: alpha is undefined
            alpha = float("nan")
        rows.append({"table": table, "field": fld, "coders": len(coders), "items": int(wide.shape[1]),
                     "percent_agreement": agree / pairs, "alpha": alpha})
    return pd.DataFrame(rows, columns=["table", "field", "coders", "items", "percent_agreement", "alpha"])


def _disagreements(labels: pd.DataFrame) -> pd.DataFrame:
    cols = ["table", "item_id", "field", "stratum", "item", "answers", "notes"]
    rows = []
    for (table, item_id, fld), g in labels.groupby(["table", "item_id", "field"], sort=True):
        answers = dict(zip(g["coder"], g["label"]))
        if len(answers) < 2 or len(set(answers.values())) < 2:
            continue
        notes = "; ".join(f"{c}: {n}" for c, n in zip(g["coder"], g["note"]) if str(n).strip())
        rows.append({"table": table, "item_id": item_id, "field": fld, "stratum": g["stratum"].iloc[0],
                     "item": g["item"].iloc[0], "answers": answers, "notes": notes})
    return pd.DataFrame(rows, columns=cols)


@dataclass
class ValidationReport:
    """What :func:`validation_report` returns.

    Attributes
    ----------
    precision
        ``table, field, coder, stratum`` (``"all"`` first), ``n`` (yes + no), ``yes, no,
        unsure, precision, ci_low, ci_high`` (Wilson 95%) and, on the ``"all"`` rows of a
        stratified sample, ``weighted`` (strata weighted by their size in the whole table).
    agreement
        See :func:`agreement` (empty rows when only one coder answered).
    disagreements
        ``table, item_id, field, stratum, item, answers`` ({coder: answer}) and ``notes``.
    labels
        The labels the report was computed from (the latest answer of each coder).
    """

    precision: pd.DataFrame
    agreement: pd.DataFrame
    disagreements: pd.DataFrame
    labels: pd.DataFrame = field(repr=False)

    @property
    def coders(self) -> list[str]:
        return sorted(self.labels["coder"].unique())

    def __repr__(self) -> str:
        return (f"ValidationReport({self.labels['item_id'].nunique()} items, {len(self.labels)} answers, "
                f"coders {self.coders}; {len(self.disagreements)} disagreements)")

    def summary(self) -> pd.DataFrame:
        """The overall rows of :attr:`precision` with the interval as text ('0.80 [0.49, 0.94]')."""
        overall = self.precision[self.precision["stratum"] == "all"].copy()
        overall["precision (95% CI)"] = [
            "no yes/no answers" if n == 0 else f"{p:.2f} [{lo:.2f}, {hi:.2f}]"
            for p, lo, hi, n in zip(overall["precision"], overall["ci_low"], overall["ci_high"], overall["n"])]
        return overall[["table", "field", "coder", "n", "unsure", "precision (95% CI)"]].reset_index(drop=True)


def validation_report(labels) -> ValidationReport:
    """Precision with Wilson intervals per field and stratum, agreement and disagreements.

    Parameters
    ----------
    labels
        A DataFrame of labels (:func:`~newsanalysis.analyse.labels.read_labels`,
        :func:`~newsanalysis.analyse.labels.read_coded`, or both concatenated), or the path
        of a label file.

    Returns
    -------
    ValidationReport

    Examples
    --------
    >>> report = validation_report(read_labels("news-validation/claims-labels.csv"))  # doctest: +SKIP
    >>> report.summary()                                                               # doctest: +SKIP
    """
    labels = read_labels(labels)
    cols = ["table", "field", "coder", "stratum", "n", "yes", "no", "unsure", "precision", "ci_low",
            "ci_high", "weighted"]
    if labels.empty:
        empty = pd.DataFrame(columns=cols)
        return ValidationReport(empty, agreement(labels), _disagreements(labels), labels)
    overall = pd.DataFrame(_precision_rows(labels, ["table", "field", "coder"])).assign(stratum="all")
    overall["weighted"] = [
        _weighted(labels[(labels["table"] == t) & (labels["field"] == f) & (labels["coder"] == c)])
        if labels.loc[labels["table"] == t, "stratum"].nunique() > 1 else np.nan
        for t, f, c in zip(overall["table"], overall["field"], overall["coder"])]
    strata = pd.DataFrame(_precision_rows(labels, ["table", "field", "coder", "stratum"]))
    multi = strata.groupby(["table"])["stratum"].transform("nunique") > 1
    precision = pd.concat([overall, strata[multi]], ignore_index=True)
    precision["_all"] = precision["stratum"] != "all"
    precision = (precision.sort_values(["table", "field", "coder", "_all", "stratum"], kind="stable")
                 .drop(columns="_all").reset_index(drop=True))
    return ValidationReport(precision.reindex(columns=cols), agreement(labels), _disagreements(labels), labels)
