"""Word classes of the course corpus: which tokens are nouns and adjectives, in English and in French.

Introduced in ``notebooks/04_attention_seq2seq.ipynb``, to find "adjective noun" in English and "noun
adjective" in French when averaging attention weights. ``tools/corpus``
(``python -m tools.corpus``) writes the file ``data/eng-fra.lexicon.tsv`` from the same tables
that write the corpus: one word a line, ``class<TAB>English forms<TAB>French forms<TAB>place``,
forms separated by spaces, lowercase like the tokens of ``helpers.data.tokenize``; the
place (``before`` or ``after`` the noun) is given for adjectives.
"""

from dataclasses import dataclass

from .files import read_lines

__all__ = ["LexiconEntry", "load_lexicon"]

_CLASSES = ("noun", "adjective")
_PLACES = {"noun": ("",), "adjective": ("before", "after")}


@dataclass(frozen=True)
class LexiconEntry:
    """One noun or adjective: its English forms, its French forms and, for adjectives, the French place."""

    word_class: str
    english: tuple
    french: tuple
    place: str = ""


def load_lexicon(path):
    """Read a lexicon file; a malformed line raises ``ValueError`` naming the file and the line."""
    entries = []
    for number, line in read_lines(path, "lexicon file"):
        if not line.strip() or line.startswith("#"):
            continue
        columns = line.split("\t")
        if len(columns) != 4:
            raise ValueError(f"{path}, line {number}: expected 4 tab-separated columns "
                             f"(class, English, French, place), got {len(columns)}")
        word_class, english, french, place = columns
        if word_class not in _CLASSES:
            raise ValueError(f"{path}, line {number}: expected a class in {_CLASSES}, got {word_class!r}")
        if place not in _PLACES[word_class]:
            raise ValueError(f"{path}, line {number}: the place of a {word_class} must be one of "
                             f"{_PLACES[word_class]}, got {place!r}")
        if not english.split() or not french.split():
            raise ValueError(f"{path}, line {number}: expected English and French forms, got {line!r}")
        entries.append(LexiconEntry(word_class, tuple(english.split()), tuple(french.split()), place))
    return entries
