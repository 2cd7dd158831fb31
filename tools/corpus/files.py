"""What the generator writes: the corpus, its gold alignments, the lexicon file, the statistics block of
data/README.md, and the harder variant for benchmarks."""

import collections
import pathlib

from .draw import HARDER, MAX_EN_WORDS, NUM_TRAIN, generate
from .labels import alignment, tokens
from .tables import ADJS, NOUNS, PEOPLE

DATA = pathlib.Path(__file__).resolve().parents[2] / "data"
OUT = DATA / "eng-fra.txt"
LEXICON = DATA / "eng-fra.lexicon.tsv"
README = DATA / "README.md"
STATS_BEGIN, STATS_END = "<!-- statistics: written by tools/corpus -->\n", "<!-- end of statistics -->\n"


def write(path=OUT, **options):
    """Generate the corpus (options: those of generate) and write it to path, UTF-8, one
    `English<TAB>French` pair a line."""
    items = generate(**options)
    text = "".join(f"{en}\t{fr}\n" for en, fr in items)
    pathlib.Path(path).write_bytes(text.encode("utf-8"))
    return items


def write_alignments(items, path):
    """Write one line of Pharaoh links per pair (i-j sure, i?j possible), on the same line as in the
    corpus."""
    text = "".join(alignment(en, fr) + "\n" for en, fr in items)
    pathlib.Path(path).write_bytes(text.encode("utf-8"))


def lexicon_lines():
    """The nouns and adjectives of the tables, one per line: class, English forms, French forms, place."""
    lines = ["# word class\tEnglish forms\tFrench forms\tplace of the French adjective (adjectives only)"]
    for noun in NOUNS + PEOPLE:
        english = " ".join(dict.fromkeys([noun.en, noun.en_pl]))
        french = " ".join(dict.fromkeys([noun.fr, noun.fr_pl]))
        lines.append(f"noun\t{english}\t{french}\t")
    for adj in ADJS:
        french = " ".join(dict.fromkeys(adj["forms"] + (adj["mv"],)))
        lines.append(f"adjective\t{adj['en']}\t{french}\t{'before' if adj['pre'] else 'after'}")
    return lines


def write_lexicon(path=LEXICON):
    """Write the lexicon file that lets the notebooks find nouns and adjectives in sentences."""
    pathlib.Path(path).write_bytes(("\n".join(lexicon_lines()) + "\n").encode("utf-8"))


def statistics(items):
    """The corpus statistics as Markdown (kept in data/README.md between the stats markers)."""
    train, test = items[:NUM_TRAIN], items[NUM_TRAIN:]

    def vocab(pairs, side):
        return {t for pair in pairs for t in tokens(pair[side])}

    def unseen(side):
        known = vocab(train, side)
        return [t for pair in test for t in tokens(pair[side]) if t not in known]

    n_words = [len(en.split()) for en, _ in items]
    hist_all = collections.Counter(n_words)
    hist_test = collections.Counter(n_words[NUM_TRAIN:])
    en_unseen, fr_unseen = unseen(0), unseen(1)
    en_test_tokens = sum(len(tokens(en)) for en, _ in test)
    fr_test_tokens = sum(len(tokens(fr)) for _, fr in test)
    lines = [
        f"| | all | train (first {NUM_TRAIN} lines) | test (the rest) |",
        "|---|---:|---:|---:|",
        f"| pairs | {len(items)} | {len(train)} | {len(test)} |",
        f"| English vocabulary (types) | {len(vocab(items, 0))} | {len(vocab(train, 0))} | "
        f"{len(vocab(test, 0))} |",
        f"| French vocabulary (types) | {len(vocab(items, 1))} | {len(vocab(train, 1))} | "
        f"{len(vocab(test, 1))} |",
        f"| sentences of 8–12 English words | {sum(n >= 8 for n in n_words)} | "
        f"{sum(n >= 8 for n in n_words[:NUM_TRAIN])} | {sum(n >= 8 for n in n_words[NUM_TRAIN:])} |",
        f"| mean English / French words | {mean_words(items, 0):.2f} / {mean_words(items, 1):.2f} | "
        f"{mean_words(train, 0):.2f} / {mean_words(train, 1):.2f} | "
        f"{mean_words(test, 0):.2f} / {mean_words(test, 1):.2f} |",
        "",
        f"- Test tokens never seen in training: English {len(en_unseen)} of {en_test_tokens} "
        f"({len(set(en_unseen))} types), French {len(fr_unseen)} of {fr_test_tokens} "
        f"({len(set(fr_unseen))} types).",
        f"- Word types used fewer than 3 times in training: English {rare_in_train(train, 0)} of "
        f"{len(vocab(train, 0))}, French {rare_in_train(train, 1)} of {len(vocab(train, 1))}.",
        "",
        "English sentence length (words), all pairs and test pairs:",
        "",
        "```text",
        "words   all  test",
    ]
    for n in range(1, MAX_EN_WORDS + 1):
        lines.append(f"{n:5d} {hist_all[n]:5d} {hist_test[n]:5d}  {'#' * round(hist_all[n] / 10)}")
    lines.append("```")
    return "\n".join(lines) + "\n"


def rare_in_train(train, side, below=3):
    counts = collections.Counter(t for pair in train for t in tokens(pair[side]))
    return sum(n < below for n in counts.values())


def mean_words(pairs, side):
    return sum(len(pair[side].split()) for pair in pairs) / len(pairs)


def update_readme(items, readme=README):
    """Replace the statistics block of data/README.md with the current figures."""
    text = pathlib.Path(readme).read_text(encoding="utf-8")
    head, rest = text.split(STATS_BEGIN, 1)
    _, tail = rest.split(STATS_END, 1)
    text = head + STATS_BEGIN + statistics(items) + STATS_END + tail
    pathlib.Path(readme).write_text(text, encoding="utf-8")


def main(path=OUT, readme=README, lexicon=LEXICON, align=None):
    """Write the corpus to path, its word alignments and the lexicon file; refresh the statistics in readme
    (None: leave it alone). The alignments go next to the corpus (eng-fra.align) unless align names a file."""
    items = write(path)
    write_alignments(items, pathlib.Path(path).with_suffix(".align") if align is None else align)
    write_lexicon(lexicon)
    if readme is not None:
        update_readme(items, readme)
    return items


def write_harder(path):
    """Write the harder variant (draw.HARDER) to path, in the corpus's layout; refuse a path inside
    data/ (ValueError)."""
    path = pathlib.Path(path).resolve()
    if DATA in path.parents:
        raise ValueError(f"--harder writes outside the repository's data folder, got {path}")
    return write(path, **HARDER)
