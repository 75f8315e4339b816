"""The table contract: one pandera model per table, one description per column.

Every public function that returns one of these tables validates it here, so a column
that changes type or goes missing fails loudly at the boundary instead of deep inside a
notebook. Offsets (``start``/``end`` and the ``*_start``/``*_end`` pairs) are character
offsets into ``articles.text`` of the same ``article_id``: ``text[start:end]`` is the
evidence for the row.

List-valued columns (``tags``, ``aliases``, ``roles``, ``chain``, ...) hold plain Python
lists; :func:`normalize_lists` restores them after a Parquet round trip.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

__all__ = [
    "LIST_COLUMNS",
    "SCHEMAS",
    "THIS_ARTICLE",
    "ActorSchema",
    "ArticleSchema",
    "ClaimSchema",
    "EscalationSchema",
    "MentionSchema",
    "SentenceSchema",
    "empty_table",
    "normalize_lists",
    "validate",
]

#: The last hop of every chain: the article that carries the claim.
THIS_ARTICLE = "(this article)"
ACTOR_KINDS = ["person", "organization", "country", "media", "group", "place"]
CLAIM_KINDS = ["direct", "indirect", "mixed", "according_to", "reported"]
SPEAKER_KINDS = ["named_person", "named_organization", "media", "document", "anonymous", "unnamed_group"]
CLAIM_STATUSES = ["asserted", "unconfirmed", "denied", "confirmed", "hedged"]
POLARITIES = ["escalatory", "de-escalatory"]
USAGES = ["event", "threat", "statement", "reference", "history", "name", "definition"]


def _f(description: str, **kwargs):
    return pa.Field(description=description, **kwargs)


class _Base(pa.DataFrameModel):
    class Config:
        strict = False  # analyses may add helper columns; the contract columns must exist
        coerce = True


class ArticleSchema(_Base):
    """One row per article (``load_articles``)."""

    article_id: Series[str] = _f("Stable id: hash of the normalized title and text.", unique=True)
    title: Series[str] = _f("Headline ('' when the source has none).")
    text: Series[str] = _f("Cleaned body text; every offset in every table points into it.")
    published: Series[pd.DatetimeTZDtype] = _f(
        "Publication time in UTC; NaT when unknown (a warning says why).",
        nullable=True,
        dtype_kwargs={"unit": "ns", "tz": "UTC"},
    )
    outlet: Series[str] = _f(
        "Publisher as given in metadata, else the URL's outlet: a known outlet's name "
        "(resources/load/outlet_domains.csv, e.g. 'ABC News' for abcnews.go.com), else the host without "
        "'www.'; a domain given as the outlet is named the same way; '' when unknown.")
    url: Series[str] = _f("Source URL; '' when unknown.")
    byline: Series[str] = _f("Author line ('By ...') removed from the body; ''.")
    dateline: Series[str] = _f("Dateline removed from the start of the body ('TAIPEI, Taiwan').")
    tags: Series[object] = _f("List of tags (front matter, or a trailing hashtag line).")
    n_words: Series[int] = _f("Number of whitespace-separated words in text.", ge=0)
    dek: Series[str] = _f("Subheadline under the title, removed from the body; ''.")
    editor: Series[str] = _f("Editor line ('Edited by ...') removed from the body; ''.")
    captions: Series[object] = _f("List of photo captions and credit lines removed from the body.")
    related: Series[object] = _f("List of related-link headlines ('RELATED STORIES' block, 'Read more') "
                                 "removed from the body.")
    appendix: Series[str] = _f("Trailing material after the story (research notes, plans); ''.")
    furniture: Series[object] = _f(
        "List of page furniture removed from the body: promos, share/follow and contact lines, "
        "amendment notes, source and wire credits, live-blog timestamps, and sentences the "
        "outlet repeats at paragraph edges across many of its articles.")
    language: Series[str] = _f("Detected language: 'en', or 'other' when it does not look English.")
    section: Series[str] | None = _f("Section or page the source names (Nexis SECTION: 'NEWS; Pg. 3'); ''.")
    edition: Series[str] | None = _f("Edition the source names (Nexis: 'Edition 1; Scotland'); ''.")
    length: Series[str] | None = _f("Length as the source states it (Nexis LENGTH: '677 words'); ''.")
    source: Series[str] = _f("Where the row came from: file path, with line or row number if any.")
    warnings: Series[object] = _f("List of warnings recorded while loading this article.")


class SentenceSchema(_Base):
    """One row per sentence (spaCy's parser, plus a break at every newline)."""

    article_id: Series[str] = _f("Article the sentence belongs to.")
    sent_idx: Series[int] = _f("0-based index of the sentence in its article.", ge=0)
    start: Series[int] = _f("Character offset of the first character in articles.text.", ge=0)
    end: Series[int] = _f("Character offset one past the last character.", ge=0)
    text: Series[str] = _f("The sentence text (text[start:end]).")


class MentionSchema(_Base):
    """One row per named-entity mention."""

    article_id: Series[str] = _f("Article of the mention.")
    sent_idx: Series[int] = _f("Sentence index of the mention.", ge=0)
    start: Series[int] = _f("Character offset of the mention in articles.text.", ge=0)
    end: Series[int] = _f("Character offset one past the mention.", ge=0)
    text: Series[str] = _f("Mention text as written.")
    label: Series[str] = _f("spaCy entity label (PERSON, ORG, GPE, NORP, ...).")
    actor_id: Series[str] = _f(
        "Resolved actor (actors.actor_id); missing when the mention is not an actor or "
        "cannot be resolved safely.",
        nullable=True,
    )


class ActorSchema(_Base):
    """One row per real-world actor, resolved across the whole corpus."""

    actor_id: Series[str] = _f("Stable id derived from the canonical name.", unique=True)
    name: Series[str] = _f("Canonical name.")
    kind: Series[str] = _f("person, organization, country, media, group or place (a city, region or site "
                           "named as a location, not acting).", isin=ACTOR_KINDS)
    country: Series[str] = _f("Country the actor belongs to, where the text supports it.", nullable=True)
    aliases: Series[object] = _f("List of surface forms seen for this actor.")
    roles: Series[object] = _f("List of roles and titles from appositions and titles.")
    n_mentions: Series[int] = _f("Number of mentions resolved to the actor.", ge=0)
    n_articles: Series[int] = _f("Number of articles mentioning the actor.", ge=0)


class ClaimSchema(_Base):
    """One row per attributed statement."""

    claim_id: Series[str] = _f("Stable id: '<article_id>:c<NNN>'.", unique=True)
    article_id: Series[str] = _f("Article of the claim.")
    sent_idx: Series[int] = _f("Sentence index where the claim (its cue) is.", ge=0)
    start: Series[int] = _f("Start of the whole attribution (speaker, cue and content).", ge=0)
    end: Series[int] = _f("End of the whole attribution.", ge=0)
    content: Series[str] = _f("What is claimed (the quote or the reported clause).")
    content_start: Series[pd.Int64Dtype] = _f("Start of the content span.", nullable=True)
    content_end: Series[pd.Int64Dtype] = _f("End of the content span.", nullable=True)
    kind: Series[str] = _f("direct, indirect, mixed, according_to or reported.", isin=CLAIM_KINDS)
    cue: Series[str] = _f("The attribution cue as written ('said', 'according to', 'citing').")
    cue_start: Series[pd.Int64Dtype] = _f("Start of the cue span.", nullable=True)
    cue_end: Series[pd.Int64Dtype] = _f("End of the cue span.", nullable=True)
    speaker: Series[str] = _f("Who makes the claim, resolved (a pronoun is replaced by its antecedent).")
    speaker_start: Series[pd.Int64Dtype] = _f(
        "Start of the span naming the speaker (the antecedent's span for a pronoun).", nullable=True
    )
    speaker_end: Series[pd.Int64Dtype] = _f("End of the speaker span.", nullable=True)
    speaker_actor_id: Series[str] = _f("Resolved actor of the speaker, if any.", nullable=True)
    speaker_kind: Series[str] = _f(
        "named_person, named_organization, media, document (a statement, report, lawsuit or resolution "
        "that speaks: never anonymous), anonymous or unnamed_group.", isin=SPEAKER_KINDS
    )
    anonymous: Series[bool] = _f("True when the origin of the claim is not named.")
    anonymity_reason: Series[str] = _f("The stated reason or marker of anonymity; ''.")
    chain: Series[object] = _f(
        "Provenance path from origin to this article: list of hops "
        "{'source', 'actor_id', 'kind', 'relation'}; the last hop is '(this article)'."
    )
    chain_text: Series[str] = _f("The chain as one readable line: 'A → B → (this article)'.")
    status: Series[str] = _f(
        "asserted, unconfirmed, denied, confirmed or hedged.", isin=CLAIM_STATUSES
    )
    found_by: Series[str] = _f(
        "'rules' (cue lists and the parse) or 'tagger' (the learned attribution tagger, "
        "for a cue no list knows).", isin=("rules", "tagger")
    )


class EscalationSchema(_Base):
    """One row per escalation-language hit."""

    article_id: Series[str] = _f("Article of the hit.")
    sent_idx: Series[int] = _f("Sentence index of the hit.", ge=0)
    start: Series[int] = _f("Start of the matched phrase.", ge=0)
    end: Series[int] = _f("End of the matched phrase.", ge=0)
    term: Series[str] = _f("Lexicon entry that matched (its canonical form).")
    category: Series[str] = _f("Lexicon category (threat of force, nuclear signalling, ...).")
    rung: Series[int] = _f("Rung on the escalation ladder (0 = de-escalatory ... top = nuclear use).")
    cameo: Series[str] = _f("CAMEO root code of the entry.")
    goldstein: Series[float] = _f("Goldstein (1992) value of that CAMEO code.")
    polarity: Series[str] = _f("escalatory or de-escalatory.", isin=POLARITIES)
    negated: Series[bool] = _f("The hit is negated or denied in context.")
    conditional: Series[bool] = _f("The hit is conditional or hypothetical.")
    usage: Series[str] = _f(
        "What the sentence does with the hit: event (an act or development of the time), threat "
        "(a warning or conditional consequence), statement (a position a speaker states: "
        "accusation, call, demand, plan), reference (the conflict named as a topic or setting, a "
        "descriptor, an actor named by the act), history (dated before the article's period), "
        "name (inside a name or title) or definition (an explainer or hypothetical). Trends "
        "count event, threat and statement by default.", isin=list(USAGES))
    dated: Series[str] = _f(
        "The date the hit's clause gives its act ('2014', '2015-11', '--01' for a month without "
        "a year), if any; more than six weeks before publication makes the usage history.",
        nullable=True)
    claim_id: Series[str] = _f("Claim whose content contains the hit, if any.", nullable=True)
    speaker_actor_id: Series[str] = _f("Actor of that claim's speaker, if any.", nullable=True)
    nuclear: Series[bool] = _f("The lexicon entry concerns nuclear weapons (signalling, use or arms control).")


SCHEMAS: dict[str, type[_Base]] = {
    "articles": ArticleSchema,
    "sentences": SentenceSchema,
    "mentions": MentionSchema,
    "actors": ActorSchema,
    "claims": ClaimSchema,
    "escalation": EscalationSchema,
}

LIST_COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": ("tags", "captions", "related", "furniture", "warnings"),
    "actors": ("aliases", "roles"),
    "claims": ("chain",),
}


def empty_table(table: str) -> pd.DataFrame:
    """An empty DataFrame with the contract columns of ``table`` and their dtypes."""
    schema = SCHEMAS[table].to_schema()
    df = pd.DataFrame({name: pd.Series([], dtype=object) for name in schema.columns})
    return schema.validate(df)


def _to_list(value):
    if value is None:
        return []
    if isinstance(value, list):
        return [_to_list(v) if hasattr(v, "tolist") and not isinstance(v, str) else v for v in value]
    if hasattr(value, "tolist"):
        return _to_list(value.tolist())
    if isinstance(value, float) and pd.isna(value):
        return []
    if isinstance(value, dict):
        return value
    return list(value)


def normalize_lists(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """Turn list-like cells (numpy arrays after Parquet) back into plain lists."""
    cols = [c for c in LIST_COLUMNS.get(table, ()) if c in df.columns]
    if not cols:
        return df
    df = df.copy()
    for col in cols:
        df[col] = [_to_list(v) for v in df[col]]
    return df


def validate(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """Validate ``df`` against the schema of ``table`` and return the coerced frame."""
    df = normalize_lists(table, df)
    return SCHEMAS[table].validate(df)
