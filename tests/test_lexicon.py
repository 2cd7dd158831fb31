"""helpers.lexicon: the word classes of the corpus, read from the file the generator writes."""

import pathlib

import pytest

from helpers.data import read_pairs, tokenize
from helpers.lexicon import LexiconEntry, load_lexicon

DATA = pathlib.Path(__file__).resolve().parents[1] / "data"


def test_reads_the_corpus_lexicon():
    entries = load_lexicon(DATA / "eng-fra.lexicon.tsv")
    assert LexiconEntry("noun", ("car", "cars"), ("voiture", "voitures")) in entries
    assert LexiconEntry("adjective", ("red",), ("rouge", "rouges"), "after") in entries
    assert {e.word_class for e in entries} == {"noun", "adjective"}


def test_lexicon_forms_are_corpus_tokens():
    entries = load_lexicon(DATA / "eng-fra.lexicon.tsv")
    pairs = read_pairs(DATA / "eng-fra.txt")
    english = {t for en, _ in pairs for t in tokenize(en)}
    french = {t for _, fr in pairs for t in tokenize(fr)}
    french |= {t.split("'", 1)[1] for t in french if "'" in t}   # elided: l'eau, d'eau
    for entry in entries:   # each entry's base form occurs in the corpus as one token
        assert tokenize(" ".join(entry.english)) == list(entry.english)
        assert entry.english[0] in english or entry.english[-1] in english, entry
        assert any(form in french for form in entry.french), entry


@pytest.mark.parametrize("line, message", [
    ("noun\tcar\tvoiture", "line 2: expected 4 tab-separated columns"),
    ("verb\tsee\tvoir\t", "line 2: expected a class in"),
    ("adjective\tred\trouge\tbehind", "line 2: the place of a adjective must be one of"),
    ("noun\t\tvoiture\t", "line 2: expected English and French forms"),
])
def test_malformed_lines_name_the_file_and_line(tmp_path, line, message):
    path = tmp_path / "lexicon.tsv"
    path.write_text("# header\n" + line + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=message) as error:
        load_lexicon(path)
    assert "lexicon.tsv" in str(error.value)


def test_missing_file():
    with pytest.raises(FileNotFoundError, match="lexicon file not found"):
        load_lexicon("no-such-lexicon.tsv")
