"""data/eng-fra.align: the gold word alignments the corpus generator (tools/corpus) writes next to the corpus.

One line per corpus line, Pharaoh links on the course's tokens: "i-j" sure, "i?j" possible (English token i,
French token j). The checks: the file is what the generator writes and is well formed; the conventions of
data/README.md hold on every line; and a sample of sentences, one or more per phenomenon, has exactly the
links worked out by hand from those conventions.
"""

import collections
import pathlib
import re

import pytest
from shared import load_generator

from helpers.data import tokenize

ROOT = pathlib.Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "eng-fra.txt"
ALIGN = ROOT / "data" / "eng-fra.align"
LEXICON = ROOT / "data" / "eng-fra.lexicon.tsv"
LINK_RE = re.compile(r"(\d+)([-?])(\d+)")


generator = load_generator()


def parse(line):
    """'0-0 1?2' -> {(0, 0): 'S', (1, 2): 'P'}; raises on a malformed link or a repeated (i, j)."""
    links = {}
    for link in line.split():
        match = LINK_RE.fullmatch(link)
        assert match, f"malformed link {link!r}"
        i, kind, j = match.groups()
        assert (int(i), int(j)) not in links, f"({i}, {j}) twice"
        links[int(i), int(j)] = "S" if kind == "-" else "P"
    return links


@pytest.fixture(scope="module")
def corpus():
    """(English tokens, French tokens, links, alignment line) for every corpus line."""
    pairs = [line.split("\t") for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    lines = ALIGN.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "", "the file ends with a newline"
    lines = lines[:-1]
    assert len(lines) == len(pairs)
    return [(tokenize(en), tokenize(fr), parse(line), line)
            for (en, fr), line in zip(pairs, lines, strict=True)]


def test_file_is_what_the_generator_writes(tmp_path):
    out = tmp_path / "eng-fra.txt"
    generator.main(out, readme=None, lexicon=tmp_path / "eng-fra.lexicon.tsv")
    assert (tmp_path / "eng-fra.align").read_bytes() == ALIGN.read_bytes(), "run `python -m tools.corpus`"
    assert out.read_bytes() == CORPUS.read_bytes()


def test_every_line_parses_in_range_and_sorted(corpus):
    raw = ALIGN.read_bytes()
    assert b"\r" not in raw
    for number, (en, fr, links, line) in enumerate(corpus, start=1):
        assert line == line.strip() and "  " not in line, f"line {number}"
        assert all(0 <= i < len(en) and 0 <= j < len(fr) for i, j in links), f"line {number}: {line}"
        assert list(links) == sorted(links), f"line {number}: links not sorted by (i, j)"
        assert links, f"line {number}: no links"


def test_most_tokens_are_aligned(corpus):
    fr_tokens = sum(len(fr) for _, fr, _, _ in corpus)
    fr_unaligned = sum(len(set(range(len(fr))) - {j for _, j in links}) for _, fr, links, _ in corpus)
    en_tokens = sum(len(en) for en, _, _, _ in corpus)
    en_unaligned = sum(len(set(range(len(en))) - {i for i, _ in links}) for en, _, links, _ in corpus)
    assert fr_unaligned / fr_tokens < 0.05 and en_unaligned / en_tokens < 0.02


# ---------------------------------------------------------------------------------------------------
# The conventions, checked on every line
# ---------------------------------------------------------------------------------------------------
def test_final_punctuation_is_aligned_sure(corpus):
    for en, fr, links, line in corpus:
        assert en[-1] in ".?!" and fr[-1] in ".?!"
        i, j = len(en) - 1, len(fr) - 1
        assert links.get((i, j)) == "S", (en, fr, line)
        assert [link for link in links if i in link[:1] or j == link[1]] == [(i, j)], (en, fr, line)


def test_commas_are_aligned_sure_to_commas(corpus):
    count = 0
    for en, fr, links, line in corpus:
        for i in (i for i, token in enumerate(en) if token == ","):
            count += 1
            assert [(fr[j], kind) for (a, j), kind in links.items() if a == i] == [(",", "S")], (en, fr, line)
    assert count >= 100


NEGATION_ONLY = {"not", "never", "don't", "doesn't", "didn't"}  # isn't, aren't carry the verb "be" too


def test_ne_is_only_a_possible_link(corpus):
    """"ne" alone: possible links only; n'… (n'aime, n'a): possible with the negation word (not, didn't)."""
    ne = elided = 0
    for en, fr, links, line in corpus:
        for (i, j), kind in links.items():
            if fr[j] == "ne":
                ne += 1
                assert kind == "P", (en, fr, line)
            elif fr[j].startswith("n'") and en[i] in NEGATION_ONLY:
                elided += 1
                assert kind == "P", (en, fr, line)
    assert ne >= 200 and elided >= 200


def test_pas_after_a_negated_verb_has_a_sure_negation_link(corpus):
    count = 0
    for en, fr, links, line in corpus:
        if not any(t == "ne" or t.startswith("n'") for t in fr):
            continue  # Pourquoi pas ?
        for j in (j for j, token in enumerate(fr) if token == "pas"):
            count += 1
            sure = {en[i] for (i, b), kind in links.items() if b == j and kind == "S"}
            assert sure & {"not", "don't", "doesn't", "didn't", "isn't", "aren't"}, (en, fr, line)
    assert count >= 300


def test_jamais_and_plus_go_with_never_and_anymore(corpus):
    for en, fr, links, line in corpus:
        for j, token in enumerate(fr):
            word = {"jamais": "never", "plus": "anymore"}.get(token)
            if word and word in en:
                assert (en.index(word), j) in links and links[en.index(word), j] == "S", (en, fr, line)


def test_an_elided_article_or_pronoun_is_a_possible_link(corpus):
    """l'eau with "the water": the?l'eau; j'ai with "I": I?j'ai; d'eau with "any": any?d'eau."""
    count = 0
    clitics = {"l'": {"the", "him", "her", "it"}, "j'": {"i"}, "d'": {"any", "a", "an"}, "s'": {"if"},
               "qu'": {"that", "because"}}
    for en, fr, links, line in corpus:
        for (i, j), kind in links.items():
            words = clitics.get(fr[j][:2], set())
            if en[i] in words:
                count += 1
                assert kind == "P", (en[i], fr[j], en, fr, line)
    assert count >= 300


def test_contracted_articles_are_possible_and_prepositions_sure(corpus):
    """to the market / au marché: to-au sure, the?au possible (and aux, du, des the same way for "the")."""
    the = prep = 0
    for en, fr, links, line in corpus:
        for (i, j), kind in links.items():
            if fr[j] in ("au", "aux", "du", "des") and en[i] == "the":
                the += 1
                assert kind == "P", (en, fr, line)
            # (phone the baby / téléphoner au bébé: au has no English preposition)
            if fr[j] in ("au", "aux") and en[i] in ("to", "at", "in"):
                prep += 1
                assert kind == "S", (en, fr, line)
    assert the >= 100 and prep >= 100


def test_do_support_is_only_a_possible_link(corpus):
    count = 0
    for en, fr, links, line in corpus:
        for (i, _), kind in links.items():
            if en[i] in ("do", "does", "did") and en[-1] == "?":
                count += 1
                assert kind == "P", (en, fr, line)
    assert count >= 100


def _lexicon():
    """English form -> French forms, for every noun and adjective of the lexicon file."""
    forms = collections.defaultdict(set)
    for row in LEXICON.read_text(encoding="utf-8").splitlines()[1:]:
        _, english, french, _ = row.split("\t")
        for word in english.split():
            forms[word] |= set(french.split())
    return forms


def _bare(token):
    """A French token without an elided article in front: l'eau -> eau, d'œufs -> œufs."""
    return token[2:] if token[:2] in ("l'", "d'") else token


def test_lexicon_words_are_linked_sure_to_their_translation(corpus):
    """A noun or adjective of the lexicon on both sides of a pair: linked sure (car-voiture, water-l'eau)."""
    lexicon, count = _lexicon(), 0
    for en, fr, links, line in corpus:
        for i, word in enumerate(en):
            targets = [j for j, token in enumerate(fr) if _bare(token) in lexicon.get(word, ())]
            if targets:
                count += 1
                assert any(links.get((i, j)) == "S" for j in targets), (word, en, fr, line)
    assert count >= 3000


def test_subject_pronouns_are_linked_sure_unless_elided(corpus):
    pronouns = {"he": "il", "she": "elle", "we": "nous", "they": "ils", "you": "tu"}
    for en, fr, links, line in corpus:
        if len(en) > 1 and en[0] in pronouns and fr[0] == pronouns[en[0]]:
            assert links.get((0, 0)) == "S", (en, fr, line)


# ---------------------------------------------------------------------------------------------------
# Sentences aligned by hand (the links written out from the conventions, not copied from the file)
# ---------------------------------------------------------------------------------------------------
HAND_CHECKED = [
    # adjective after the noun; BAGS adjective before it
    ("We see a black house.", "Nous voyons une maison noire.", "0-0 1-1 2-2 3-4 4-3 5-5"),
    ("The old man looked for him.", "Le vieil homme l'a cherché.", "0-0 1-1 2-2 3?3 3-4 4?4 5?3 6-5"),
    # object pronoun before the verb: present (elided), passé composé with agreement, futur proche
    ("I help her.", "Je l'aide.", "0-0 1-1 2?1 3-2"),
    ("Our aunt saw the chairs and they bought them.", "Notre tante a vu les chaises et ils les ont achetées.",
     "0-0 1-1 2?2 2-3 3-4 4-5 5-6 6-7 7?9 7-10 8-8 9-11"),
    ("Next week, I am going to talk to them.", "La semaine prochaine, je vais leur parler.",
     "0-2 1?0 1-1 2-3 3-4 4?5 5-5 6?7 7-7 8?7 9-6 10-8"),
    ("My brothers are going to wash the bike.", "Mes frères vont laver le vélo.",
     "0-0 1-1 2?2 3-2 4?3 5-3 6-4 7-5 8-6"),
    # negation: pas, jamais, plus; de after negation
    ("He never calls her.", "Il ne l'appelle jamais.", "0-0 1?1 1-3 2-2 3?2 4-4"),
    ("She never saw your table.", "Elle n'a jamais vu ta table.", "0-0 1?1 1-2 2?1 2-3 3-4 4-5 5-6"),
    ("Your neighbour doesn't work at school anymore.", "Ton voisin ne travaille plus à l'école.",
     "0-0 1-1 2?2 2?4 3-3 4-5 5-6 6-4 7-7"),
    ("You don't write to the boy anymore.", "Tu n'écris plus au garçon.",
     "0-0 1?1 1?2 2-1 3?1 3-3 4?3 5-4 6-2 7-5"),
    ("Don't take your key!", "Ne prends pas ta clé !", "0?0 0-2 1-1 2-3 3-4 4-5"),
    ("I didn't talk to the girls.", "Je n'ai pas parlé aux filles.", "0-0 1?1 1-2 2-3 3?3 3-4 4?4 5-5 6-6"),
    # passé composé with avoir and être
    ("Your doctor cleaned the house yesterday.", "Ton médecin a nettoyé la maison hier.",
     "0-0 1-1 2?2 2-3 3-4 4-5 5-6 6-7"),
    ("She went to the office.", "Elle est allée au bureau.", "0-0 1?1 1-2 2-3 3?3 4-4 5-5"),
    ("You never showed this old rabbit to the boys.", "Tu n'as jamais montré ce vieux lapin aux garçons.",
     "0-0 1?1 1-2 2?1 2-3 3-4 4-5 5-6 6-7 7?7 8-8 9-9"),
    # partitive with and without "some"; elision of the article
    ("There is some rice on the table.", "Il y a du riz sur la table.",
     "0?0 0?1 0?2 1?0 1?1 1?2 2-3 3-4 4-5 5-6 6-7 7-8"),
    ("They want to eat chocolate in the garden.", "Ils veulent manger du chocolat dans le jardin.",
     "0-0 1-1 2?2 3-2 4-4 5-5 6-6 7-7 8-8"),
    ("He wants to bring bags.", "Il veut apporter des sacs.", "0-0 1-1 2?2 3-2 4-4 5-5"),
    ("There isn't a plate on the table.", "Il n'y a pas d'assiette sur la table.",
     "0?0 0?1 0?2 1?0 1?1 1?2 1-3 2?4 3-4 4-5 5-6 6-7 7-8"),
    ("Where did the man go?", "Où est-ce que l'homme est allé ?", "0-0 1?1 1?2 1?4 2?3 3-3 4-5 5-6"),
    # au / aux contractions
    ("Our teacher is going to talk to the baby.", "Notre professeur va parler au bébé.",
     "0-0 1-1 2?2 3-2 4?3 5-3 6?3 6-4 7?4 8-5 9-6"),
    ("The boy arrives at the cinema.", "Le garçon arrive au cinéma.", "0-0 1-1 2-2 3-3 4?3 5-4 6-5"),
    # questions: est-ce que, inversion, où, qu'est-ce que, qui
    ("Do you write the letters?", "Est-ce que tu écris les lettres ?", "0?0 0?1 1-2 2-3 3-4 4-5 5-6"),
    ("Is our sister going to see a dress?", "Est-ce que notre sœur va voir une robe ?",
     "0?0 0?1 0?4 1-2 2-3 3-4 4?5 5-5 6-6 7-7 8-8"),
    ("Did you wash a shoe?", "As-tu lavé une chaussure ?", "0?0 1-0 2-1 3-2 4-3 5-4"),
    ("Did you find bags in the garden yesterday?", "As-tu trouvé des sacs dans le jardin hier ?",
     "0?0 1-0 2-1 3-3 4-4 5-5 6-6 7-7 8-8"),
    ("What did we buy?", "Qu'est-ce que nous avons acheté ?", "0-0 0?1 1?0 1?1 1?3 2-2 3-4 4-5"),
    ("What are you going to take?", "Qu'est-ce que tu vas prendre ?",
     "0-0 0?1 1?0 1?1 1?3 2-2 3-3 4?4 5-4 6-5"),
    ("Who watched my films?", "Qui a regardé mes films ?", "0-0 1?1 1-2 2-3 3-4 4-5"),
    ("Who is going to make my sandwiches?", "Qui va faire mes sandwichs ?",
     "0-0 1?1 2-1 3?2 4-2 5-3 6-4 7-5"),
    # il y a
    ("There isn't a newspaper near the door.", "Il n'y a pas de journal près de la porte.",
     "0?0 0?1 0?2 1?0 1?1 1?2 1-3 2-4 3-5 4-6 4?7 5-8 6-9 7-10"),
    # avoir idioms
    ("She is afraid today.", "Elle a peur aujourd'hui.", "0-0 1?1 2-2 3-3 4-4"),
    ("I am hot.", "J'ai chaud.", "0?0 1?0 2-1 3-2"),
    # time phrase at the start and at the end; places
    ("Every day, we go to the library.", "Tous les jours, nous allons à la bibliothèque.",
     "0-0 0?1 1-2 2-3 3-4 4-5 5-6 6-7 7-8 8-9"),
    ("Last week, the boy phoned her.", "La semaine dernière, le garçon lui a téléphoné.",
     "0-2 1?0 1-1 2-3 3-4 4-5 5?7 5-8 6-6 7-9"),
    # parce que, quand, si, penser que
    ("She stays at home because she is sick.", "Elle reste à la maison parce qu'elle est malade.",
     "0-0 1-1 2-2 3?3 3-4 4-5 4?6 5-6 6-7 7-8 8-9"),
    ("The boys drink hot milk because they are thirsty.",
     "Les garçons boivent du lait chaud parce qu'ils ont soif.",
     "0-0 1-1 2-2 3-5 4-4 5-6 5?7 6-7 7?8 8-9 9-10"),
    ("When it is cold, your doctor stays at home.", "Quand il fait froid, ton médecin reste à la maison.",
     "0-0 1-1 2?2 3-3 4-4 5-5 6-6 7-7 8-8 9?9 9-10 10-11"),
    ("If it rains, they are going home.", "S'il pleut, ils vont à la maison.",
     "0?0 1-0 2-1 3-2 4-3 5?4 6-4 7?5 7?6 7-7 8-8"),
    ("If it snows, we are going to the cinema.", "S'il neige, nous allons au cinéma.",
     "0?0 1-0 2-1 3-2 4-3 5?4 6-4 7-5 8?5 9-6 10-7"),
    ("I think that my shirt is under the table.", "Je pense que ma chemise est sous la table.",
     "0-0 1-1 2-2 3-3 4-4 5-5 6-6 7-7 8-8 9-9"),
    # et / mais + pronoun
    ("She washed a car and he took it.", "Elle a lavé une voiture et il l'a prise.",
     "0-0 1?1 1-2 2-3 3-4 4-5 5-6 6?7 6-8 7?7 8-9"),
    ("She wrote the book but he didn't read it.", "Elle a écrit le livre mais il ne l'a pas lu.",
     "0-0 1?1 1-2 2-3 3-4 4-5 5-6 6?7 6?8 6-9 7-10 8?8 9-11"),
    # aimer bien
    ("She likes the young woman.", "Elle aime bien la jeune femme.", "0-0 1-1 1?2 2-3 3-4 4-5 5-6"),
    ("We like them.", "Nous les aimons bien.", "0-0 1-2 1?3 2-1 3-4"),
    # fixed expressions
    ("Thank you.", "Merci.", "0-0 1?0 2-1"),
    ("Good night.", "Bonne nuit.", "0-0 1-1 2-2"),
    ("I saw her.", "Je l'ai vue.", "0-0 1?1 1-2 2?1 3-3"),
]


@pytest.fixture(scope="module")
def by_pair():
    pairs = [tuple(line.split("\t")) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    lines = ALIGN.read_text(encoding="utf-8").splitlines()
    return dict(zip(pairs, lines, strict=True))


def test_enough_sentences_are_checked_by_hand():
    assert len(HAND_CHECKED) >= 30
    assert len({(en, fr) for en, fr, _ in HAND_CHECKED}) == len(HAND_CHECKED)


@pytest.mark.parametrize("en, fr, expected", HAND_CHECKED, ids=[en for en, _, _ in HAND_CHECKED])
def test_hand_checked_alignment(by_pair, en, fr, expected):
    assert (en, fr) in by_pair, "the sentence is in the corpus"
    assert by_pair[en, fr] == expected
