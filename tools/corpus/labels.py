"""Gold word alignments: every word is built with labels that name its source concept.

While a sentence is built, each word may carry labels after an invisible separator: "voiture\ue0007".
An English and a French word that share a label are aligned: a sure link when both carry the label
plainly, a possible link when either carries it as "7?". finish_en / finish_fr (french.py) strip the
labels, so the text is plain, and keep them, token by token, on the Sentence they return; links() reads
the alignment of a pair from them. Fresh labels come from an Ids object, one per generate() call; a verb
group's labels are named after its verb (verb_labels), the same in both languages.
"""

import itertools
import re

from .tables import FIXED, PHRASE_LINKS

SEP = "\ue000"

# The same tokens as the course loader (helpers.data.tokenize): lowercase, punctuation split off,
# apostrophes and hyphens kept inside words ("j'ai", "assieds-toi").
PUNCTUATION = ".,!?;:«»\"()"
TOKEN_RE = re.compile(r"[^\s" + re.escape(PUNCTUATION) + r"]+|[" + re.escape(PUNCTUATION) + r"]")


def tokens(sentence):
    """Lowercase tokens with punctuation split off: "J'ai faim." -> ["j'ai", "faim", "."]."""
    return TOKEN_RE.findall(sentence.lower())


class Ids:
    """The source of fresh labels for one run of the generator: "1", "2", "3"..."""

    def __init__(self):
        self._count = itertools.count(1)

    def new(self):
        """A label not handed out before by this object."""
        return str(next(self._count))


class VerbLabels:
    """The labels of one verb group: the verb, its auxiliary, futur proche, negation, 'anymore'."""

    def __init__(self, key):
        self.verb, self.aux, self.fut, self.neg, self.more, self.particle = (
            f"{key}.{part}" for part in ("v", "aux", "fut", "neg", "more", "particle"))


def verb_labels(verb):
    """Labels for a verb group, the same in en_verb and fr_verb (one sentence never has a verb twice)."""
    return VerbLabels("v:" + verb.inf + ":" + verb.base)


def loose(label):
    """The possible-only version of a label."""
    return label if label.endswith("?") else label + "?"


def tag(text, *labels):
    """Give every word of text these labels (none: the words stay unaligned)."""
    labels = [label for label in labels if label]
    if not labels:
        return text
    return " ".join(word + "".join(SEP + label for label in labels) for word in text.split())


def untag(text):
    """The plain text of a labelled string."""
    return " ".join(word.split(SEP)[0] for word in text.split())


def split_tagged(word):
    """'voiture\ue0007' -> ('voiture', ('7',))."""
    plain, *labels = word.split(SEP)
    return plain, tuple(labels)


def fuse(first, second, elided=True, joiner=""):
    """One word made of two labelled words: an elided first part (l'ai) keeps its labels as possible ones."""
    a, la = split_tagged(first)
    b, lb = split_tagged(second)
    la = tuple(loose(label) for label in la) if elided else la
    return a + joiner + b + "".join(SEP + label for label in la + lb)


def phrase(ids, en, fr, links):
    """Label two short phrases (words a template writes itself, a place, a time) by hand-written links
    ('0-0 1?1 1-2', Pharaoh format on their words: because / parce que is '0-0 0?1')."""
    en_words, fr_words = en.split(), fr.split()
    en_labels, fr_labels = [[] for _ in en_words], [[] for _ in fr_words]
    for link in links.split():
        sep = "?" if "?" in link else "-"
        i, j = (int(n) for n in link.split(sep))
        label = ids.new()
        en_labels[i].append(label if sep == "-" else loose(label))
        fr_labels[j].append(label)
    return (" ".join(tag(w, *ls) for w, ls in zip(en_words, en_labels, strict=True)),
            " ".join(tag(w, *ls) for w, ls in zip(fr_words, fr_labels, strict=True)))


def aligned(ids, en, fr):
    """A place, spot, time phrase or weather phrase, labelled by tables/phrase_links.tsv or its shape."""
    links = PHRASE_LINKS.get(f"{en}|{fr}")
    e, f = en.split(), fr.split()
    if links is None and len(e) == 3 and e[1] == "the" and len(f) == 3:
        links = "0-0 1-1 2-2"
    if links is None and len(e) == 3 and e[1] == "the" and len(f) == 2 and f[0] in ("au", "aux"):
        links = "0-0 1?0 2-1"
    if links is None:
        raise KeyError(f"no alignment for {en}|{fr}")
    return phrase(ids, en, fr, links)


def head_last(fr):
    """Links of one English word to a French phrase whose last word is its head: late / en retard."""
    n = len(fr.split())
    return " ".join([f"0?{j}" for j in range(n - 1)] + [f"0-{n - 1}"])


def commas(ids):
    """A comma for each side, aligned (the space before it goes when the sentence is finished)."""
    label = ids.new()
    return tag(",", label), tag(",", label)


def drop_words(text, drop, after=None):
    """Remove the words `drop` (a run of plain words) from labelled text, where they follow `after` if
    given."""
    items = text.split()
    plain = [untag(w) for w in items]
    for i in range(len(items)):
        if plain[i:i + len(drop)] == list(drop) and (after is None or i > 0 and plain[i - 1] == after):
            return " ".join(items[:i] + items[i + len(drop):])
    return text


class Sentence(str):
    """A finished sentence (a plain str) that remembers the labels of its tokens in `labelled`."""

    labelled = ()


def labelled_tokens(items, end):
    """(token, labels) for labelled words, then the final punctuation, labelled 'end' on both sides."""
    out = []
    for word, labels in items:
        toks = tokens(word)
        out += [(t, labels if len(toks) == 1 or t not in PUNCTUATION else ()) for t in toks]
    return out + [(t, ("end",)) for t in tokens(end)]


def links(en, fr):
    """The word alignment of two finished Sentences: sorted 'i-j' (sure) and 'i?j' (possible) links."""
    out = []
    for i, (_, en_labels) in enumerate(en.labelled):
        en_sure = {label for label in en_labels if not label.endswith("?")}
        en_any = {label.rstrip("?") for label in en_labels}
        for j, (_, fr_labels) in enumerate(fr.labelled):
            fr_sure = {label for label in fr_labels if not label.endswith("?")}
            shared = en_any & {label.rstrip("?") for label in fr_labels}
            if shared & en_sure & fr_sure:
                out.append(f"{i}-{j}")
            elif shared:
                out.append(f"{i}?{j}")
    return " ".join(out)


FIXED_LINKS = {en: links for en, _, links in FIXED}


def alignment(en, fr):
    """The word alignment of a pair: from the labels its words were built with, or by hand for FIXED pairs."""
    if isinstance(en, Sentence):
        return links(en, fr)
    found = [re.fullmatch(r"(\d+)([-?])(\d+)", link).groups() for link in FIXED_LINKS[en].split()]
    return " ".join(f"{i}{kind}{j}" for i, kind, j in sorted(found, key=lambda g: (int(g[0]), int(g[2]))))
