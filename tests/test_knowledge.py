"""Your own knowledge (issue 18, item 4): reporting verbs, escalation entries and blockers and
actor aliases from a folder of yours, validated with errors naming the line, applied by
annotate() in its workers and keyed into the cache."""

from __future__ import annotations

import pytest

from newsanalysis import annotate
from newsanalysis.annotate.escalation import extract_escalation
from newsanalysis.annotate.extract import extract_doc
from newsanalysis.annotate.knowledge import active, load_knowledge, using

HEADER = "term\tpattern\tcategory\trung\tcameo\tgoldstein\tpolarity\tnuclear\tnote\n"
# A third country sending soldiers into the war counted as internationalisation (rung 6, CAMEO
# 19 at the packaged -10.0), and "reinforce ... troops" not counted at all (a blocker that
# replaces the packaged entry of that term): a researcher's own coding decisions.
MY_LEXICON = HEADER + (
    "send troops\tsend|sending *4 troop|soldier\texpansion/internationalisation\t6\t19\t-10.0\tescalatory\tfalse\t"
    "a third country's soldiers join the war\n"
    "reinforce troops\treinforce *3 troop\tblocker\t\t\t\t\t\tnot an escalation in this study\n")
# seed 000, verbatim
SEED_SENTENCE = ("Biden’s permission to use American weapons is, mainly, in response to the North Korean regime "
                 "sending thousands of soldiers to Ukraine to reinforce Vladimir Putin’s troops.")
# News Articles (Amnesty report story), verbatim: "elaborate" is no packaged cue verb
ELABORATED = ("Nicolette Waldman, an Amnesty International researcher, elaborated on the horrific conditions "
              "prisoners allegedly face.")


def _folder(tmp_path, **files):
    tmp_path.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (tmp_path / name.replace("__", ".")).write_text(text, encoding="utf-8")
    return tmp_path


class TestValidation:
    def test_a_bad_reporting_verb_line_is_named_with_the_fix(self, tmp_path):
        folder = _folder(tmp_path, reporting_verbs__txt="# mine\nreckon clause\nopine clauses\n")
        with pytest.raises(ValueError, match=r"reporting_verbs\.txt:3: 'opine clauses' is not '<lemma> <frames>'"):
            load_knowledge(folder)

    def test_a_misspelt_file_name_is_an_error_not_ignored(self, tmp_path):
        folder = _folder(tmp_path, reporting_verb__txt="reckon clause\n")
        with pytest.raises(ValueError, match=r"reporting_verb\.txt is not a knowledge file.*reporting_verbs\.txt"):
            load_knowledge(folder)

    def test_a_missing_folder_names_it(self, tmp_path):
        with pytest.raises(FileNotFoundError, match="No knowledge folder .*nowhere"):
            load_knowledge(tmp_path / "nowhere")

    def test_a_lexicon_entry_off_its_rung_names_the_line(self, tmp_path):
        folder = _folder(tmp_path, escalation_lexicon__tsv=HEADER + "# comment\n"
                         "send soldiers\tsend *3 soldier\texpansion/internationalisation\t6\t15\t-7.2\tescalatory\t"
                         "false\tCAMEO 15 is force posture\n")
        with pytest.raises(ValueError, match=r"escalation_lexicon\.tsv:3 \('send soldiers'\): CAMEO root '15'"):
            load_knowledge(folder)

    def test_a_goldstein_value_differing_from_the_packaged_one_names_the_users_line(self, tmp_path):
        folder = _folder(tmp_path, escalation_lexicon__tsv=HEADER + "send soldiers\tsend *3 soldier\t"
                         "expansion/internationalisation\t6\t19\t-9.0\tescalatory\tfalse\tmy value\n")
        with pytest.raises(ValueError, match=r"escalation_lexicon\.tsv:2 \('send soldiers'\): goldstein -9\.0 for "
                                             r"CAMEO 19 differs from the lexicon's -10\.0"):
            load_knowledge(folder)

    def test_alias_rows_need_the_header_a_name_and_a_known_kind(self, tmp_path):
        bad_header = _folder(tmp_path / "a", actor_aliases__csv="alias;name\nKPA;North Korea\n")
        with pytest.raises(ValueError, match=r"actor_aliases\.csv:1: the header must be 'alias,name'"):
            load_knowledge(bad_header)
        no_name = _folder(tmp_path / "b", actor_aliases__csv="alias,name\nKPA,\n")
        with pytest.raises(ValueError, match=r"actor_aliases\.csv:2: 'KPA,' needs an alias and a name"):
            load_knowledge(no_name)
        bad_kind = _folder(tmp_path / "c", actor_aliases__csv="alias,name,kind\nKPA,North Korea,army\n")
        with pytest.raises(ValueError, match=r"actor_aliases\.csv:2: kind 'army' is not one of"):
            load_knowledge(bad_kind)

    def test_the_same_files_give_the_same_digest_and_an_edit_a_new_one(self, tmp_path):
        folder = _folder(tmp_path, reporting_verbs__txt="reckon clause\n")
        first = load_knowledge(folder)
        assert load_knowledge(folder).digest == first.digest
        (folder / "reporting_verbs.txt").write_text("reckon clause\nopine clause\n", encoding="utf-8")
        assert load_knowledge(folder).digest != first.digest


@pytest.mark.model
class TestApplied:
    def test_a_users_reporting_verb_makes_a_claim_only_while_applied(self, nlp, tmp_path):
        mine = load_knowledge(_folder(tmp_path, reporting_verbs__txt="elaborate clause,object\n"))
        claims = lambda: [(c["speaker"], c["content"]) for c in extract_doc(nlp(ELABORATED), "a")[0]["claims"]]
        assert claims() == []
        with using(mine):
            found = claims()
        assert [s for s, _ in found] == ["Nicolette Waldman"] and found[0][1].startswith("on the horrific conditions")
        assert claims() == [] and active() is None

    def test_a_users_entry_replaces_the_packaged_one_and_a_blocker_removes_one(self, nlp, tmp_path):
        mine = load_knowledge(_folder(tmp_path, escalation_lexicon__tsv=MY_LEXICON))
        hits = lambda: [(h["term"], h["rung"]) for h in extract_escalation(nlp(SEED_SENTENCE), "a", [])]
        assert hits() == [("send troops", 4), ("reinforce troops", 4)]
        with using(mine):
            assert hits() == [("send troops", 6)]
        assert hits() == [("send troops", 4), ("reinforce troops", 4)]


@pytest.mark.model
def test_annotate_applies_a_knowledge_folder_in_its_workers_and_reparses_when_a_file_changes(
        sample_articles, tmp_path):
    folder = _folder(tmp_path / "mine", escalation_lexicon__tsv=MY_LEXICON,
                     actor_aliases__csv="alias,name,kind,country\nKorean People's Army,North Korea,country,\n")
    cache = tmp_path / "cache"
    plain = annotate(sample_articles, cache_dir=cache, progress=False)
    mine = annotate(sample_articles, cache_dir=cache, progress=False, knowledge=folder, n_process=2)
    assert mine.meta["parsed"] == len(sample_articles) and mine.meta["knowledge"] == str(folder)

    def sent(ann):  # the hits of SEED_SENTENCE
        where = ann.sentences[ann.sentences["text"].str.contains("reinforce Vladimir Putin")][["article_id", "sent_idx"]]
        return ann.escalation.merge(where, on=["article_id", "sent_idx"])

    assert sorted(zip(sent(plain)["term"], sent(plain)["rung"])) == [("reinforce troops", 4), ("send troops", 4)]
    assert list(zip(sent(mine)["term"], sent(mine)["rung"])) == [("send troops", 6)]
    assert "reinforce troops" not in set(mine.escalation["term"])
    assert "Korean People's Army" in set(plain.actors["name"])
    assert "Korean People's Army" not in set(mine.actors["name"])
    north_korea = mine.actors.set_index("name").loc["North Korea", "aliases"]
    assert "Korean People's Army" in north_korea

    (folder / "escalation_lexicon.tsv").write_text(HEADER, encoding="utf-8")  # the entries taken out again
    again = annotate(sample_articles, cache_dir=cache, progress=False, knowledge=folder)
    assert again.meta["parsed"] == len(sample_articles)  # an edited file is not served from the cache
    assert sorted(zip(sent(again)["term"], sent(again)["rung"])) == [("reinforce troops", 4), ("send troops", 4)]


def test_the_command_line_names_a_bad_line_before_reading_the_corpus(sample_dir, tmp_path, capsys):
    from newsanalysis.cli import main

    folder = _folder(tmp_path / "mine", reporting_verbs__txt="elaborate clause,object\nopine clauses\n")
    assert main(["annotate", str(sample_dir), "--out", str(tmp_path / "out"), "--knowledge", str(folder)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --knowledge: ") and "reporting_verbs.txt:2: 'opine clauses'" in err
    assert not (tmp_path / "out").exists()
