"""What a sentence does with an escalation hit: its ``usage``, read off the parse.

The lexicon finds escalation *language*; a trend of what happens should count only the hits
that report an act or development of the time, a warning, or a position a speaker takes.
:func:`hit_usage` gives every hit one of:

``event``
    an act or development of the article's time ("Russian troops shelled Kharkiv", "the war
    continues", "airstrikes were conducted", "has backed EU sanctions").
``threat``
    a warning, ultimatum or conditional consequence ("serious consequences", "will not
    tolerate rocket fire", sanctions "in case of escalation").
``statement``
    a position stated by a speaker: a condemnation or accusation ("war crimes", "act of
    aggression"), a call, demand, request, plan or aim ("Ukraine needs military assistance",
    "sanctions should be strengthened", "to force the aggressor to end this war").
``reference``
    the conflict named as a topic or setting with no new development ("after the war", "the
    war zone", "Flynn discussed the sanctions"), a descriptor ("nuclear-armed Russia",
    "Russian-annexed Crimea", "a chemical weapons expert"), an actor designated by the act
    ("the occupiers", "the aggressor").
``history``
    dated before the article's own period or marked as past ("Russia's 2014 annexation",
    "last year", "120 days ago", "previously", "eight years of war").
``name``
    inside a name or title ("the Chemical Weapons Convention", "Stop the War", a "READ MORE:"
    related-link headline glued into the text).
``definition``
    an explainer or a hypothetical that is not a warning ("VX is a chemical weapon",
    "casualties in the event of war", "military escalation ... seems unlikely").

Trends count ``event``, ``threat`` and ``statement`` (:data:`COUNTED_USAGES`); the escalation
table keeps every hit with its usage. The cue words are in ``resources/escalation_cues.tsv``.

How it is read: a hit that names a thing (in a prepositional phrase, as a subject that does not
happen, as the object of a topic verb such as "discussed" or "countering") is a ``reference``,
unless it is a single act of the time (dated, "the current military escalation", "claim of
responsibility for the rocket strike"); a hit that is the object or complement of a call (a call
verb, noun or adjective, the infinitive of "the need to", the verb under "adamant about", an
imperative, the name a speaker gives, a proposal's that-clause) is a ``statement``; clauses that
only set a time ("as long as the war continues", "at a moment when ...") and why/how-clauses
asked about are settings; what a named organisation does as a rule, in a relative clause,
describes it.

Dates are read by :mod:`newsanalysis.annotate.dates`: a relative marker ("last year") makes a
hit ``history`` here; a date ("in November", "in 2014") is kept in the hit's ``dated`` column
until annotate's corpus step (:func:`~newsanalysis.annotate.dates.date_usages`) compares it with
the publication date.
"""

from __future__ import annotations

import itertools

from spacy.tokens import Span, Token

from newsanalysis.annotate.dates import clause_tokens, date_of
from newsanalysis.annotate.hit_context import clause_path, phrase_verb, reporting_nouns
from newsanalysis.annotate.ladder import load_cues
from newsanalysis.schemas import USAGES as _USAGES

__all__ = ["COUNTED_USAGES", "USAGES", "hit_usage"]

USAGES = tuple(_USAGES)
#: The usages a trend counts by default: what happens, what is threatened, what is said.
COUNTED_USAGES = ("event", "threat", "statement")
#: Labels of the named entities a hit can be part of the name of.
_NAME_LABELS = {"ORG", "LAW", "EVENT", "WORK_OF_ART", "FAC", "PRODUCT"}
_DEONTIC = {"should", "must", "ought"}


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


# --- name ---------------------------------------------------------------------------------------

def _headline_end(sent: Span) -> int | None:
    """Token index where a related-link headline glued before a sentence ends ("READ MORE:
    Seoul says North Korea carried out missile tests "The two sides ..."), None if the
    sentence does not open with one. The headline ends at a quotation mark, or at a capitalised
    word after a lower-case one (the next sentence's start)."""
    words = [t.lower_ for t in sent[:4]]
    opener = next((n for n in (3, 2, 1) if " ".join(words[:n]) in load_cues()["related_link"]), None)
    if opener is None or opener >= len(sent) or sent[opener].text not in (":", "-", "|"):
        return None
    toks = sent[opener + 1:]
    for prev, tok in itertools.pairwise(toks):
        if tok.is_quote or (tok.is_title and prev.is_lower and tok.pos_ != "PROPN" and not tok.ent_type_):
            return tok.i
    return sent.end


def _in_name(span: Span) -> bool:
    """Inside a related-link headline, or a title-case hit that is (part of) a named entity or
    runs on into a proper noun ("the Chemical Weapons Convention", "the Stop the War
    Coalition", "UN Peacekeeping"). Not in a sentence set in title case (a headline)."""
    end = _headline_end(span.sent)
    if end is not None and span.start < end:
        return True
    words = [t for t in span if t.is_alpha and not (t.is_stop and len(t) <= 3)]
    if not words or not all(t.is_title or t.is_upper for t in words) or span.start == span.sent.start:
        return False
    common = [t for t in span.sent[1:] if t.is_alpha and len(t) > 3 and not t.ent_type_]
    if len(common) >= 2 and sum(t.is_title for t in common) > 0.5 * len(common):
        return False  # a sentence in title case (a headline): capitals say nothing
    if any(e.label_ in _NAME_LABELS for e in span.sent.ents if e.start < span.end and span.start < e.end):
        return True
    neighbours = [span.doc[i] for i in (span.start - 1, span.end) if span.sent.start <= i < span.sent.end]
    return any(t.is_title and t.pos_ == "PROPN" for t in neighbours)


# --- the clause ---------------------------------------------------------------------------------

def _role_token(span: Span) -> Token:
    """The token whose relation to the clause says what the hit does: the hit's root, or the
    first of the coordinated or apposed nouns it belongs to ("bombings and artillery strikes
    continue")."""
    tok = span.root
    stand_in = load_cues()["act_noun"]
    for _ in range(4):
        if tok.dep_ in ("conj", "appos") and tok.head is not tok and tok.head.pos_ == tok.pos_:
            tok = tok.head
        elif tok.dep_ in ("compound", "amod", "nmod") and tok.head.pos_ == "NOUN" and _lemma(tok.head) in stand_in:
            tok = tok.head  # the noun stands in for the act: "sanctions pressure", "a sanctions package"
        else:
            break
    return tok


def _governors(span: Span) -> list[Token]:
    """The heads above the hit up to its clause verb and the verbs that govern that one, and
    on through a verb that complements a preposition ("adamant about establishing itself as a
    mediator") or an infinitive that complements a noun ("the need to normalize relations")."""
    toks = clause_tokens(span)
    tok = toks[-1]
    for _ in range(3):
        if tok.dep_ == "pcomp" and tok.head.dep_ == "prep" and tok.head.head is not tok.head:
            toks += [tok.head, tok.head.head]
        elif tok.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children) and not any(
                c.dep_ == "det" and c.lower_ == "any" for c in tok.head.children):  # not "any attempt to ..."
            toks.append(tok.head)
        else:
            break
        tok = toks[-1]
    return [t for t in toks if t.i not in range(span.start, span.end)]


def _imperative(verb: Token) -> bool:
    """A clause in the imperative: a bare verb with no subject heading its sentence ("Do not
    send your children to war", "Defend by both the timely supply of weapons and sanctions")."""
    while verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head
    return verb.dep_ == "ROOT" and verb.tag_ == "VB" and not any(
        c.dep_ in ("nsubj", "nsubjpass", "expl", "aux", "auxpass") and c.lower_ not in ("do", "don't")
        or c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _indirect_question(verb: Token) -> bool:
    """The verb heads a why- or how-clause that is asked or talked about ("explain why they need
    this war", "discussed how to strengthen sanctions"), not "that is why ..." nor a seen
    "how" ("we see how the invaders escalate the situation")."""
    if not any(c.dep_ == "advmod" and c.lower_ in ("why", "how") for c in verb.children):
        return False
    return verb.head is verb or _lemma(verb.head) not in ("be", *load_cues()["perception_verb"])


def _call_verb(verb: Token) -> bool:
    """A verb of calling, needing, aiming or planning, alone, with its particle or with its
    preposition ("need", "look forward", "call for"); not in an indirect question ("could not
    explain why they need this war": the need is what is asked about)."""
    calls = load_cues()["call_verb"]
    lemma = _lemma(verb)
    if _indirect_question(verb):
        return False
    return verb.pos_ in ("VERB", "AUX") and (lemma in calls or phrase_verb(verb) in calls or any(
        c.dep_ in ("prep", "advmod") and f"{lemma} {c.lower_}" in calls for c in verb.children))


def _call(span: Span) -> bool:
    """Is the hit the object or complement of a call, need, plan or aim? ("Ukraine needs
    military assistance", "the need to normalize relations", "sanctions should be
    strengthened", "it is necessary to ...", "the Kremlin is adamant about establishing itself
    as a mediator", an imperative)."""
    cues = load_cues()
    inside = range(span.start, span.end)
    governors = _governors(span)
    below = None
    for tok in [span.root, *governors]:
        if tok.i not in inside and _call_verb(tok):
            return True
        if tok.i not in inside and _lemma(tok) in cues["naming_verb"] and below is not None and below.dep_ in (
                "oprd", "attr", "xcomp", "ccomp"):
            return True  # the name a speaker gives: "what can truly be called a total war"
        if tok.i not in inside and tok.pos_ in ("NOUN", "PROPN") and _lemma(tok) in cues["call_noun"]:
            return True  # "the need to normalize relations", "the Action Plan to strengthen sanctions"
        if tok.i not in inside and tok.pos_ == "ADJ" and tok.lower_ in cues["call_adjective"]:
            return True
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in _DEONTIC for c in tok.children):
            return True
        if any(c.dep_ in ("acomp", "attr", "oprd") and c.lower_ in cues["call_adjective"] for c in tok.children):
            return True
        if _lemma(tok) == "be" and below is not None and below.dep_ == "attr" and any(
                c.dep_ == "nsubj" and _lemma(c) in cues["call_noun"] for c in tok.children):
            return True  # what an aim or a way is: "the only way ... is the continuation of diplomatic efforts"
        below = tok
    return _imperative(clause_path(span)[-1]) or _content_heads(span, "proposal_verb")


def _content_heads(span: Span, role: str, *, addressed: bool = False) -> bool:
    """Is the hit in the content of a verb of ``role`` (a cue role): in its object or
    complement, or in the that-clause it governs ("China proposes that the DPRK may suspend its
    nuclear and missile activities")? With ``addressed``, a that-clause counts only under a
    verb with an addressee ("Mattis warned Pyongyang that any nuclear attack would be met with
    an overwhelming response"), and a participle opening its own phrase counts as addressed to
    the clause's subject ("the air force targeted Hamas posts, cautioning it will not tolerate
    rocket fire")."""
    cues = load_cues()[role]
    toks = _governors(span)
    if any(t.pos_ == "VERB" and _lemma(t) in cues for t in toks):
        return True
    tok = toks[-1] if toks else span.root
    for _ in range(3):
        if tok.dep_ not in ("ccomp", "conj", "xcomp") or tok.head is tok:
            break
        tok = tok.head
        if tok.pos_ == "VERB" and _lemma(tok) in cues and (not addressed or tok.dep_ == "advcl" or any(
                c.dep_ in ("dobj", "dative") for c in tok.children)):
            return True
    return False


def _warning(span: Span) -> bool:
    return _content_heads(span, "warning_verb", addressed=True)


def _descriptor(span: Span) -> bool:
    """The hit modifies a noun outside it ("war zone", "nuclear-armed Russia", "Russian-annexed
    Crimea", "the occupiers' activities", "Iran's ballistic missile programme"), or names a
    place or thing by a past act inside it ("the temporarily occupied territories", "frozen
    assets")."""
    tok = span.root
    inside = range(span.start, span.end)
    if tok.dep_ in ("compound", "amod", "nmod", "poss", "npadvmod") and tok.head.i not in inside and \
            tok.head.pos_ not in ("VERB", "AUX") and _lemma(tok.head) not in load_cues()["act_noun"]:
        return True
    return tok.pos_ in ("NOUN", "PROPN") and any(
        c.i in inside and c.dep_ == "amod" and c.tag_ == "VBN" for c in tok.children)


def _position(span: Span) -> str:
    """``event`` or ``reference``: is the hit the act its clause reports, or a thing it names?"""
    cues = load_cues()
    if _descriptor(span) or _lemma(span.root) in cues["agent_noun"]:
        return "reference"  # a descriptor, or an actor named by the act ("the occupiers")
    tok = _role_token(span)
    for _ in range(3):  # "the imposition of sanctions", "a number of corridors": the head noun stands in
        prep = tok.head
        if not (tok.dep_ == "pobj" and prep.lower_ in ("of", "for", "on") and prep.head.pos_ == "NOUN"
                and _lemma(prep.head) in cues["act_noun"] | cues["call_noun"] | cues["quantity_noun"]):
            break
        tok = prep.head
        while tok.dep_ in ("conj", "appos") and tok.head.pos_ == tok.pos_:
            tok = tok.head
    verb = clause_path(span)[-1]
    if _setting_clause(verb):
        return "reference"  # a clause that only sets a time: "since the war began", "at a moment when"
    if _habitual_description(verb):
        return "reference"  # what an actor habitually does, as its description: "JSOC, which conducts military drone strikes"
    if _habitual_description(verb):
        return "reference"  # what an actor habitually does, as its description: "JSOC, which conducts military drone strikes"
    if _indirect_question(verb):
        return "reference"  # "could not explain why they need this war", "discussed how to strengthen sanctions"
    if tok.pos_ == "VERB":
        return "event"  # "Russian troops shelled Kharkiv", "has imposed new sanctions"
    head, dep = tok.head, tok.dep_
    if dep == "pobj":
        prep, gov = head, head.head
        if _call_verb(gov) or (_imperative(verb) and prep.lower_ not in cues["topic_preposition"]):
            return "event"  # what is called for: "called for an end to the blockade" (a statement)
        if (prep.lower_ in ("with", "through", "on") and gov.pos_ == "VERB" and gov.dep_ not in ("acl", "amod")
                and (gov.tag_ != "VBN" or any(c.dep_ in ("aux", "auxpass") for c in gov.children))):
            # the instrument or object of an act: "destroying cities with artillery and air
            # strikes", "countered through the imposition of sanctions", "agree on the creation
            # of humanitarian corridors"
            return "event"
        return "reference"  # "after the war", "in the war zone", "the consequences of the occupation"
    if _existential(span):
        return "event"  # "there was a drone attack in Pakistan"
    if dep in ("nsubj", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
        if _lemma(head) == "be" and any(c.dep_ == "aux" and c.lower_ in _DEONTIC for c in head.children):
            return "event"  # what it should be is a call: "the seventh package of sanctions should be as tangible"
        if dep == "nsubjpass" and (_lemma(head) in cues["topic_verb"] or phrase_verb(head) in cues["topic_verb"]):
            return "reference"  # "plans to rebuild Ukraine after the war were discussed"
        if dep == "nsubjpass" or _occurs(head):
            return "event"  # "airstrikes were conducted", "the war continues", "fighting is taking place"
        if _lemma(head) == "be" and any(
                c.dep_ in ("acomp", "attr") and (c.tag_ == "VBN" or _lemma(c) in cues["occurrence_adjective"])
                for c in head.children):
            return "event"  # "a missile was 'successfully test-fired'" (a passive read as a copula), "the war is so intense"
        return "reference"  # "the war was unfair to us", "sanctions have inflicted damage"
    if dep in ("dobj", "attr", "oprd") and head.pos_ in ("VERB", "AUX"):
        if dep == "attr" and _lemma(head) == "be" and any(
                c.dep_ == "nsubj" and _lemma(c) in cues["call_noun"] for c in head.children):
            return "event"  # what an aim or a way is, a position (statement): "the only way ... is the continuation of ..."
        if _lemma(head) in cues["topic_verb"] or phrase_verb(head) in cues["topic_verb"] or _lemma(head) == "be":
            return "reference"  # "discussed the sanctions", "survive such a war"
        return "event"  # "has backed EU sanctions", "organize humanitarian corridors"
    return "reference"


def _occurs(verb: Token) -> bool:
    """Does the verb say that its subject happens or goes on ("continues", "broke out", "is
    taking place")?"""
    occurrence = load_cues()["occurrence_verb"]
    if phrase_verb(verb) in occurrence or _lemma(verb) in occurrence:
        return True
    return any(c.dep_ == "dobj" and f"{_lemma(verb)} {c.lower_}" in occurrence for c in verb.children)


def _habitual_description(verb: Token) -> bool:
    """A relative clause in the simple present that says what a named organisation or state
    does as a rule ("JSOC, which conducts military drone strikes, is not transparent"):
    it describes the actor. Not an occurrence ("where fighting continues") nor a call ("which
    wants security guarantees")."""
    return (verb.dep_ == "relcl" and verb.tag_ in ("VBZ", "VBP") and verb.head.ent_type_ in ("ORG", "NORP", "GPE")
            and any(c.dep_ == "nsubj" and c.lower_ in ("which", "who", "that") for c in verb.children)
            and not any(c.dep_ in ("aux", "auxpass", "npadvmod") for c in verb.children)
            and not _occurs(verb) and not _call_verb(verb))


def _setting_clause(verb: Token) -> bool:
    """A clause that only sets a time or a condition for another: opened by a conjunction of
    the cue file ("since the war began", "as long as the civil war continues"), or a relative
    clause of a time noun ("at a moment when Moscow is involved in other conflicts")."""
    cues = load_cues()
    for c in verb.children:
        if c.dep_ == "mark" and (c.lower_ in cues["topic_preposition"]
                                 or c.doc[max(c.i - 2, 0):c.i + 1].text.lower() in cues["topic_preposition"]):
            return True
    return verb.dep_ == "relcl" and _lemma(verb.head) in cues["time_noun"] and any(
        c.dep_ == "advmod" and c.lower_ == "when" for c in verb.children)


def _specific_act(span: Span, timed: bool) -> bool:
    """A single act of the time named by a noun, though in a phrase that would make it a topic:
    one with a date or a time ("Iran's test of a ballistic missile last week"), a word of
    recency or intensity ("the current military escalation", "gains made in heavy fighting"),
    or one whose happening a noun takes for granted ("claim of responsibility for the rocket
    strike", "news of the terror attack emerged"). Not the conflict as a whole ("the war", "the
    occupation"), not an actor ("the occupiers"), not a setting ("after the strike"), not a
    descriptor."""
    cues = load_cues()
    tok = _role_token(span)
    if _lemma(span.root) in cues["conflict_noun"] | cues["agent_noun"] or _descriptor(span) or any(
            t.dep_ == "prep" and t.lower_ in cues["topic_preposition"] for t in clause_path(span)[1:]):
        return False
    if timed:
        return True
    recent = cues["recency_adjective"] | cues["occurrence_adjective"]
    if any(c.dep_ == "amod" and (_lemma(c) in recent or c.lower_ in recent) for c in (*span.root.children, *tok.children)):
        return True
    return tok.dep_ == "pobj" and tok.head.head.pos_ == "NOUN" and _lemma(tok.head.head) in cues["presupposing_noun"]


def _past_perfect(span: Span) -> bool:
    """The hit's clause is in the past perfect ("Russia had launched a full-scale war"):
    background to the article's own time (not in an if-clause, where it is a counterfactual)."""
    verb = clause_path(span)[-1]
    marks = load_cues()["conditional_mark"]
    return verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in verb.children) and not any(
        c.dep_ == "mark" and c.lower_ in marks for c in verb.children)  # not a counterfactual "if Russia had not started"


def _existential(span: Span) -> bool:
    """"there was a drone attack in Pakistan": the hit is what exists."""
    tok = _role_token(span)
    return tok.dep_ in ("attr", "nsubj") and _lemma(tok.head) == "be" and any(
        c.dep_ == "expl" for c in tok.head.children)


def _definition(span: Span) -> bool:
    """An explainer: "VX is a chemical weapon", "regarded as a chemical weapon", "the
    definitions of chemical warfare"."""
    cues = load_cues()
    root = span.root
    head = root.head
    if root.dep_ == "attr" and _lemma(head) == "be" and any(c.lower_ in ("a", "an") for c in root.children) \
            and not any(c.dep_ in ("aux", "neg") for c in head.children):  # not "such strikes could be a red line"
        subj = [c for c in head.children if c.dep_ == "nsubj"]
        if subj and subj[0].pos_ in ("NOUN", "PROPN"):
            return True
    if root.dep_ == "pobj" and head.lower_ == "as" and _lemma(head.head) in cues["definition_verb"]:
        return True
    return root.dep_ == "pobj" and head.lower_ == "of" and _lemma(head.head) in cues["definition_noun"]


def hit_usage(span: Span, entry: dict, *, conditional: bool) -> tuple[str, str | None]:
    """(usage, dated) of a hit ``span`` of lexicon ``entry`` (see the module docstring).

    ``dated`` is the date the hit's clause gives it (see :func:`date_of`), for
    :func:`~newsanalysis.annotate.dates.date_usages` to compare with the publication date.
    """
    cues = load_cues()
    dated, past, timed = date_of(span)
    if _in_name(span):
        return "name", dated
    # an accusation label, also as the label of an accusation ("genocide accusations")
    accusation = _lemma(span.root) in cues["accusation_noun"] and (
        not _descriptor(span) or _lemma(span.root.head) in reporting_nouns())
    threat_entry = entry["category"] == "threat of force" or entry["cameo"] == "13"
    if _definition(span) and not (accusation or threat_entry):
        return "definition", dated
    if past or _past_perfect(span):
        return "history", dated  # also a hypothetical of the past: "had kept ... in the event of a war"
    if conditional:
        if threat_entry or _warning(span):
            return "threat", dated
        return ("statement" if _call(span) else "definition"), dated
    if accusation:
        return "statement", dated  # "war crimes", "an act of aggression": said wherever they sit
    if _position(span) == "reference" and not _specific_act(span, timed):
        return "reference", dated
    if _call(span):
        return "statement", dated  # "Ukraine needs military assistance", "to end this war"
    if threat_entry or _warning(span):
        return "threat", dated
    if entry["category"] == "condemnation/warning":
        return "statement", dated  # "condemned the deployment", "expressed deep concern"
    return "event", dated
