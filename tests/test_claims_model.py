"""The claims step's data contract: every step returns new attributions and leaves the ones
it is given as they were, a continued quote points at the attribution it continues, and
sourcing is a record of its own. Each text below is short enough to check by reading it.
"""

from __future__ import annotations

import dataclasses

import pytest

from newsanalysis.annotate.claims import Attribution, extract_claims, find_attributions
from newsanalysis.annotate.claims.cues import verb_attributions
from newsanalysis.annotate.claims.lexicon import is_media_name, lexicon
from newsanalysis.annotate.claims.model import with_cues
from newsanalysis.annotate.claims.quotes import attach_quotes, find_quotes, quote_tokens
from newsanalysis.annotate.claims.sourcing import resolve
from newsanalysis.annotate.sentences import SentenceIndex

CONTINUED = "“We will not give up,” Kim said. “We have never given up.”\n\nThe talks ended on Friday."

pytestmark = pytest.mark.model  # most tests parse with the trained pipeline


class TestAttachQuotes:
    def test_a_cue_waiting_for_a_quotation_takes_it_as_a_new_direct_attribution(self, nlp):
        doc = nlp("Kim said: “Never.”")
        (waiting,) = verb_attributions(doc, SentenceIndex(doc))
        assert waiting.needs_quote and waiting.content == []
        (direct,) = attach_quotes(doc, [waiting], quote_tokens(doc, find_quotes(doc.text)))
        assert direct is not waiting
        assert (direct.kind, direct.needs_quote, doc.text[slice(*direct.content[0])]) == ("direct", False, "“Never.”")
        assert waiting.needs_quote and waiting.content == []  # the cue it was given is unchanged

    def test_a_cue_waiting_for_a_quotation_that_gets_none_is_left_out(self, nlp):
        doc = nlp("Kim said: “Never.”")
        assert attach_quotes(doc, verb_attributions(doc, SentenceIndex(doc)), []) == []


class TestContinuation:
    def test_a_continued_quote_points_at_the_attribution_it_continues(self, nlp):
        doc = nlp(CONTINUED)
        first, rest = find_attributions(doc)
        assert rest.continuation_of is first
        assert doc.text[slice(*first.content[0])] == "“We will not give up,”"
        assert doc.text[slice(*rest.content[0])] == "“We have never given up.”"

    def test_the_continued_quote_has_the_speaker_of_the_quote(self, nlp):
        rows = extract_claims(nlp(CONTINUED), "a")
        assert [(r["speaker"], r["cue"], r["content"]) for r in rows] == [
            ("Kim", "said", "“We will not give up,”"), ("Kim", "said", "“We have never given up.”")]

    def test_widening_a_cue_keeps_the_continuation_pointing_at_the_new_attribution(self):
        quote = Attribution("direct", (3, 4), "say", (2, 3), [(0, 10)])
        rest = Attribution("direct", (3, 4), "say", (2, 3), [(20, 30)], continuation_of=quote)
        wide_quote, wide_rest = with_cues([quote, rest], [(3, 6), (3, 4)])
        assert (wide_quote.cue, wide_quote.core_cue) == ((3, 6), (3, 4))
        assert wide_rest.continuation_of is wide_quote and wide_rest.cue == (3, 4)
        assert quote.cue == (3, 4) and rest.continuation_of is quote  # the inputs are unchanged


class TestSourcing:
    def test_resolve_gives_one_record_per_attribution_and_leaves_them_as_they_were(self, nlp):
        doc = nlp("“Prices will rise,” the minister told Reuters on Monday.")
        atts = find_attributions(doc)
        before = [dataclasses.astuple(a) for a in atts]
        (found,) = resolve(doc, atts, SentenceIndex(doc))
        assert (found.speaker, found.speaker_kind) == ("the minister", "unnamed_group")
        assert [h["source"] for h in found.conduits] == ["Reuters"]
        assert [dataclasses.astuple(a) for a in atts] == before

    def test_an_attribution_cannot_be_changed_in_place(self):
        att = Attribution("indirect", (1, 2), "say", (0, 1), [(9, 20)])
        with pytest.raises(dataclasses.FrozenInstanceError):
            att.kind = "direct"


class TestLexicon:
    @pytest.mark.parametrize("name, media", [
        ("The Washington Post", True), ("Xinhua News Agency", True), ("Al Jazeera", True),
        ("the White House", False), ("Vladimir Putin", False)])
    def test_is_media_name(self, name, media):
        assert is_media_name(name) is media

    def test_the_lists_are_read_once(self):
        assert lexicon() is lexicon()
