"""data/eng-fra.txt: what the corpus generator (tools/corpus) writes, in the agreed layout, with the
phenomena it promises."""

import pathlib
import re

import pytest
from shared import load_generator

ROOT = pathlib.Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "eng-fra.txt"
README = ROOT / "data" / "README.md"


generator = load_generator()
tables, phrases, verbs, french = generator.tables, generator.phrases, generator.verbs, generator.french


@pytest.fixture(scope="module")
def lines():
    return CORPUS.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def pairs(lines):
    return [tuple(line.split("\t")) for line in lines]


def test_file_is_what_the_generator_writes(tmp_path):
    out, lexicon = tmp_path / "eng-fra.txt", tmp_path / "eng-fra.lexicon.tsv"
    generator.main(out, readme=None, lexicon=lexicon)
    assert out.read_bytes() == CORPUS.read_bytes(), "run `python -m tools.corpus` and commit the result"
    assert lexicon.read_bytes() == generator.LEXICON.read_bytes(), "run `python -m tools.corpus`"


def test_two_runs_in_one_process_are_identical():
    """Each generate() call counts its alignment labels from 1: the same pairs, labels and links twice."""
    first, second = generator.generate(), generator.generate()
    assert first == second
    assert ([(getattr(en, "labelled", None), getattr(fr, "labelled", None)) for en, fr in first]
            == [(getattr(en, "labelled", None), getattr(fr, "labelled", None)) for en, fr in second])
    assert sum(hasattr(en, "labelled") for en, _ in first) > 2500
    alignment = generator.labels.alignment
    assert [alignment(en, fr) for en, fr in first] == [alignment(en, fr) for en, fr in second]


def test_command_line_errors_are_one_line_and_status_2(capsys):
    from tools.corpus.__main__ import run

    for argv in (["--bogus"], ["--harder"], ["--harder", str(ROOT / "data" / "harder.txt")]):
        assert run(argv) == 2, argv
        captured = capsys.readouterr()
        assert captured.out == "" and captured.err.startswith("error: ") and captured.err.count("\n") == 1
    assert not (ROOT / "data" / "harder.txt").exists()


def test_a_table_row_with_too_many_fields_is_refused_naming_file_and_line(tmp_path):
    (tmp_path / "words.tsv").write_text("# a comment\nenglish\tfrench\ncar\tvoiture\tf\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"words\.tsv, line 3: expected at most 2 .* got 3"):
        tables.read_table("words", folder=tmp_path)
    (tmp_path / "short.tsv").write_text("english\tfrench\tgender\ncar\tvoiture\n", encoding="utf-8")
    rows = tables.read_table("short", folder=tmp_path)
    assert rows == [{"english": "car", "french": "voiture", "gender": ""}]


def test_lexicon_lists_every_noun_and_adjective_of_the_tables():
    lines = generator.LEXICON.read_text(encoding="utf-8").splitlines()[1:]
    rows = [line.split("\t") for line in lines]
    assert all(len(row) == 4 for row in rows)
    assert len([r for r in rows if r[0] == "noun"]) == len(tables.NOUNS) + len(tables.PEOPLE)
    assert len([r for r in rows if r[0] == "adjective"]) == len(tables.ADJS)
    assert ["noun", "car cars", "voiture voitures", ""] in rows
    assert ["adjective", "red", "rouge rouges", "after"] in rows
    assert ["adjective", "old", "vieux vieille vieilles vieil", "before"] in rows


def test_readme_statistics_are_current(pairs):
    text = README.read_text(encoding="utf-8")
    block = text.split(generator.STATS_BEGIN, 1)[1].split(generator.STATS_END, 1)[0]
    assert block == generator.statistics(pairs)


def test_readme_examples_are_in_the_corpus(lines):
    examples = [line for line in README.read_text(encoding="utf-8").splitlines() if "\t" in line]
    assert len(examples) >= 2
    assert set(examples) <= set(lines)


def test_layout_one_tab_nonempty_sides(lines):
    raw = CORPUS.read_bytes()
    assert raw.endswith(b"\n") and b"\r" not in raw
    raw.decode("utf-8")  # valid UTF-8
    for number, line in enumerate(lines, start=1):
        assert line.count("\t") == 1, f"line {number}: {line!r}"
        en, fr = line.split("\t")
        assert en.strip() == en and fr.strip() == fr and en and fr, f"line {number}: {line!r}"


def test_size_and_uniqueness(pairs):
    english = [en for en, _ in pairs]
    assert len(set(pairs)) == len(pairs) >= 2600
    assert len(set(english)) == len(english), "every English sentence has one translation"


@pytest.mark.parametrize("side, limit", [(0, 12), (1, 14)])
def test_sentence_lengths(pairs, side, limit):
    lengths = [len(pair[side].split()) for pair in pairs]
    assert min(lengths) >= 1 and max(lengths) <= limit


def test_length_mix(pairs):
    lengths = [len(en.split()) for en, _ in pairs]
    short = sum(n <= 3 for n in lengths)
    long = sum(n >= 8 for n in lengths)
    assert short >= 100
    assert 0.28 * len(lengths) <= long <= 0.4 * len(lengths)


def test_split_rule_and_long_test_sentences(pairs):
    assert generator.NUM_TRAIN == 2500
    test = pairs[generator.NUM_TRAIN:]
    assert len(test) >= 400
    assert sum(len(en.split()) >= 8 for en, _ in test) >= 120


@pytest.mark.parametrize("side", [0, 1])
def test_test_words_mostly_seen_in_training(pairs, side):
    train, test = pairs[:generator.NUM_TRAIN], pairs[generator.NUM_TRAIN:]
    known = {t for pair in train for t in generator.tokens(pair[side])}
    test_tokens = [t for pair in test for t in generator.tokens(pair[side])]
    unseen = [t for t in test_tokens if t not in known]
    assert len(unseen) / len(test_tokens) < 0.02


def test_tokens_match_the_course_loader():
    assert generator.tokens("J'ai vu l'eau, Tom !") == ["j'ai", "vu", "l'eau", ",", "tom", "!"]
    assert generator.tokens("Assieds-toi.") == ["assieds-toi", "."]


PHENOMENA = {  # name: (regex on the French side, minimum count)
    "adjective after the noun": (r"\b(?!(?:est|sont|pas|fait|ont|avons|avez|avait|avaient|sommes|suis)\b)"
                                 r"[a-zéèêœ]{3,} (?:rouge|verte?|bleue?|noire?|blanc|blanche|jaune|grise?|"
                                 r"chère?|cassée?|propre|sale|lourde?|chaude?|froide?|fraîche|frais|"
                                 r"délicieux|délicieuse)s?\b", 200),
    "BAGS adjective before the noun": (r"\b(?:petit|petite|grand|grande|gros|grosse|nouveau|nouvel|nouvelle|"
                                       r"vieux|vieil|vieille|beau|bel|belle|jeune|bon|bonne)s? [a-zœé]", 100),
    "ne ... pas": (r"\b(?:ne|n')\S* (?:\S+ )?pas\b", 300),
    "ne ... jamais / plus": (r"\b(?:ne|n')\S* (?:\S+ )?(?:jamais|plus)\b", 60),
    "object pronoun before the verb": (r"\b(?:je|tu|il|elle|nous|ils|ne|va|vais|vont|allons) "
                                       r"(?:le|la|les|lui|leur) \w", 100),
    "elided object pronoun": (r"\b(?:je|tu|il|elle|nous|ils|ne|n'|va|vais) l'\w", 50),
    "passé composé with avoir": (r"\b(?:j'ai|as|a|avons|ont) "
                                 r"(?:\w+é|vu|bu|lu|pris|fait|écrit|perdu|vendu)\b", 200),
    "passé composé with être": (r"\b(?:suis|es|est|sommes|sont) (?:allé|venu|arrivé|resté)e?s?\b", 60),
    "agreement with a preceding direct object": (
        r"\b(?:l'|les )(?:ai|as|a|avons|ont) (?:pas |jamais )?"
        r"\w+(?:ée|ées|és|ue|ues|us|ise|ises|ite|ites|erte|ertes)\b", 20),
    "futur proche": (r"\b(?:vais|vas|va|allons|vont) (?:pas )?"
                     r"(?:le |la |les |lui |leur |l')?\w+(?:er|ir|re)\b", 150),
    "contraction au/aux/du/des": (r"\b(?:au|aux|du|des)\b", 200),
    "question": (r" \?$", 300),
    "est-ce que": (r"^Est-ce qu", 100),
    "inversion": (r"^\w+-tu\b", 30),
    "partitive": (r"\b(?:du|de la|de l')\b", 80),
}


@pytest.mark.parametrize("name", sorted(PHENOMENA))
def test_phenomena_are_present(pairs, name):
    pattern, minimum = PHENOMENA[name]
    found = [fr for _, fr in pairs if re.search(pattern, fr)]
    assert len(found) >= minimum, f"{name}: {len(found)} sentences, examples {found[:3]}"


def test_english_questions_match_french_questions(pairs):
    for en, fr in pairs:
        assert en.endswith("?") == fr.endswith("?"), (en, fr)


@pytest.mark.parametrize("pair", [
    ("Hello!", "Bonjour !"),
    ("Thank you.", "Merci."),
    ("Come here.", "Viens ici."),
    ("Where is the station?", "Où est la gare ?"),
    ("Are you hungry?", "As-tu faim ?"),
    ("I don't understand.", "Je ne comprends pas."),
    ("I see the red car.", "Je vois la voiture rouge."),
    ("I bought a red car and my brother sold it.", "J'ai acheté une voiture rouge et mon frère l'a vendue."),
])
def test_fixed_pairs_present(pairs, pair):
    assert pair in pairs


def _pronoun(english):
    return next(phrases.NP(generator.Ids(), en, fr, g, pl, person=p, pronoun=True)
                for en, fr, p, g, pl in phrases.PRONOUNS if en == english)


def _verb(base):
    return next(v for v in tables.VERBS + tables.MOTION + tables.IND_VERBS if v.base == base)


@pytest.mark.parametrize("subject, verb, tense, neg, pron, agreement, en, fr", [
    ("I", "see", "pres", None, "la", None, "I see", "Je la vois."),
    ("I", "see", "past", None, "la", ("f", False), "I saw", "Je l'ai vue."),
    ("I", "see", "pres", "not", "le", None, "I don't see", "Je ne le vois pas."),
    ("I", "eat", "past", "not", "", None, "I didn't eat", "Je n'ai pas mangé."),
    ("she", "go", "past", None, "", None, "She went", "Elle est allée."),
    ("we", "eat", "fut", "not", "les", None, "We aren't going to eat", "Nous n'allons pas les manger."),
    ("she", "eat", "pres", "anymore", "", None, "She doesn't eat", "Elle ne mange plus."),
    ("they", "see", "past", "never", "les", ("f", True), "They never saw", "Ils ne les ont jamais vues."),
    ("he", "look", "pres", None, "", None, "He is looking for", "Il cherche."),
    ("we", "wait", "pres", "never", "le", None, "We never wait for", "Nous ne l'attendons jamais."),
    ("they", "talk", "pres", "never", "", None, "They never talk to", "Ils ne parlent jamais."),
    ("she", "look", "pres", "not", "", None, "She isn't looking for", "Elle ne cherche pas."),
])
def test_verb_groups(subject, verb, tense, neg, pron, agreement, en, fr):
    subj, v = _pronoun(subject), _verb(verb)
    en_group, _ = verbs.en_verb(subj, v, tense, neg)
    assert french.finish_en(f"{subj.en} {en_group}", "") == en
    verb = french.fr_verb(subj, v, tense, neg, pron, agreement)
    assert french.finish_fr(f"{subj.fr} {verb}") == fr


@pytest.mark.parametrize("subject, tense, neg, habitual, en", [
    ("she", "pres", None, False, "She is talking to"),
    ("she", "pres", None, True, "She talks to"),
    ("we", "pres", None, True, "We talk to"),
    ("she", "past", None, True, "She talked to"),
    ("I", "fut", None, True, "I am going to talk to"),
])
def test_progressive_verbs_take_the_simple_present_for_habits(subject, tense, neg, habitual, en):
    subj = _pronoun(subject)
    en_group, _ = verbs.en_verb(subj, _verb("talk"), tense, neg, habitual=habitual)
    assert french.finish_en(f"{subj.en} {en_group}", "") == en


@pytest.mark.parametrize("subject, tense, neg, pron, fr", [
    ("I", "pres", None, "la", "Je l'aime bien."),
    ("they", "pres", None, "les", "Ils les aiment bien."),
    ("he", "pres", None, "", "Il aime bien."),
    ("I", "pres", "not", "la", "Je ne l'aime pas."),
    ("she", "pres", "not", "", "Elle n'aime pas."),
    ("I", "past", None, "le", "Je l'ai bien aimé."),
])
def test_like_a_person_is_aimer_bien(subject, tense, neg, pron, fr):
    subj, like = _pronoun(subject), _verb("like")
    agreement = ("m", False) if tense == "past" else None
    adverb = french.person_object_adverb(like, neg)
    group = french.fr_verb(subj, like, tense, neg, pron, agreement, adverb)
    assert french.finish_fr(f"{subj.fr} {group}") == fr


@pytest.mark.parametrize("det, adj, noun, plural, en, fr", [
    ("the", "red", "car", False, "the red car", "la voiture rouge"),
    ("the", "old", "bird", False, "the old bird", "le vieil oiseau"),
    ("my", None, "plate", False, "my plate", "mon assiette"),
    ("this", None, "bird", False, "this bird", "cet oiseau"),
    ("a", "big", "egg", False, "a big egg", "un gros œuf"),
    ("this", "big", "egg", False, "this big egg", "ce gros œuf"),
    ("the", "big", "apple", False, "the big apple", "la grosse pomme"),
    ("some", "big", "apple", True, "big apples", "de grosses pommes"),
    ("the", "big", "cake", True, "the big cakes", "les gros gâteaux"),
    ("a", "big", "house", False, "a big house", "une grande maison"),
    ("a", "big", "dog", False, "a big dog", "un grand chien"),
    ("a", "new", "dress", False, "a new dress", "une nouvelle robe"),
])
def test_noun_phrases(det, adj, noun, plural, en, fr):
    """The adjective is the one adjectives_for offers for the noun: big is gros for food, grand otherwise."""
    noun = next(n for n in tables.NOUNS if n.en == noun)
    if adj is not None:
        adj = next(a for a in phrases.adjectives_for(noun) if a["en"] == adj)
    np_ = phrases.noun_phrase(generator.Ids(), noun, plural, det, adj)
    assert (np_.en, np_.fr) == (en, fr)


def test_each_adjective_is_offered_once_per_noun():
    for noun in tables.NOUNS:
        names = [a["en"] for a in phrases.adjectives_for(noun)]
        assert len(names) == len(set(names)), (noun.en, names)


# ---------------------------------------------------------------------------------------------------
# Phrasing checked on the whole corpus (each rule reads the English, then checks the French)
# ---------------------------------------------------------------------------------------------------
# Food that takes "gros" for big, with its French gender.
FOOD_GENDER = {"egg": "m", "apple": "f", "orange": "f", "tomato": "f", "banana": "f", "cake": "m",
               "sandwich": "m", "carrot": "f"}
FOOD_RE = re.compile(r"\b(egg|apple|orange|tomato|banana|cake|sandwich|carrot)(e?s)?\b")
GRAND_RE = re.compile(r"(?<![\w-])grand(?:e|s|es)?(?![\w-])")  # not grand-père, grands-mères
GROS_RE = re.compile(r"\b(?:gros|grosse|grosses)\b")


def test_big_food_is_gros_and_big_things_grand(pairs):
    food, other = 0, 0
    for en, fr in pairs:
        if not re.search(r"\bbig\b", en):
            continue
        match = FOOD_RE.search(en)
        if match:
            food += 1
            gender, plural = FOOD_GENDER[match.group(1)], bool(match.group(2))
            expected = {("m", False): "gros", ("f", False): "grosse",
                        ("m", True): "gros", ("f", True): "grosses"}
            assert re.search(rf"\b{expected[gender, plural]}\b", fr) and not GRAND_RE.search(fr), (en, fr)
        else:
            other += 1
            assert GRAND_RE.search(fr) and not GROS_RE.search(fr), (en, fr)
    assert food >= 10 and other >= 10
    assert ("This egg is big.", "Cet œuf est gros.") in pairs


PERSON_WORDS = {word for n in tables.PEOPLE for word in (n.en, n.en_pl)}
LIKE_RE = re.compile(r"\b(?:like|likes|don't like|doesn't like) (.+)\.$")


def test_like_a_person_is_aimer_bien_in_the_corpus(pairs):
    """"His grandfather likes her." is "Son grand-père l'aime bien." ("l'aime" alone reads "loves him")."""
    positive = negative = 0
    for en, fr in pairs:
        match = LIKE_RE.search(en)
        if not match or " and " in en or " but " in en:  # "... and my uncle likes them": a thing
            continue
        obj = match.group(1).split()
        if not (obj[-1] in PERSON_WORDS or obj == ["him"] or obj == ["her"] or obj == ["them"]):
            assert not re.search(r"\baim\w* bien\b", fr), (en, fr)  # things: j'aime le chocolat
            continue
        if "n't" in en:
            negative += 1
            assert re.search(r"\b(?:n'|ne (?:l'|les ))aim\w* pas\b", fr) and "bien" not in fr, (en, fr)
        else:
            positive += 1
            assert re.search(r"\b(?:l'|les )?aim(?:e|es|ons|ez|ent) bien\b", fr), (en, fr)
    assert positive >= 10 and negative >= 3
    assert ("His grandfather likes her.", "Son grand-père l'aime bien.") in pairs


NEUF = {("m", False): "neuf", ("f", False): "neuve", ("m", True): "neufs", ("f", True): "neuves"}


def test_new_after_be_is_neuf(pairs):
    """"The dress is new" is "La robe est neuve"; "a new dress" stays "une nouvelle robe"."""
    nouns = {n.en: n for n in tables.NOUNS} | {n.en_pl: n for n in tables.NOUNS}
    predicative = attributive = 0
    for en, fr in pairs:
        match = re.search(r"(\w+) (is|are|isn't|aren't) new\.$", en)
        if match:
            predicative += 1
            noun = nouns[match.group(1)]
            plural = match.group(2) in ("are", "aren't")
            assert fr.endswith(f" {NEUF[noun.gender, plural]}."), (en, fr)
        elif re.search(r"\bnew\b", en):
            attributive += 1
            assert re.search(r"\bnouv(?:eau|el|elle|eaux|elles)\b", fr) and "neu" not in fr, (en, fr)
    assert predicative >= 3 and attributive >= 20


HABIT_RE = re.compile(r"every day|every morning|on Sundays|in the evening", re.IGNORECASE)
PROGRESSIVE_RE = re.compile(r"\b(?:looking for|waiting for|talking to)\b")


def test_progressive_verbs_not_with_never_or_habits(pairs):
    """"We never wait for him", "She talks to her on Sundays": not "are never waiting", "is talking"."""
    progressive = habits = 0
    for en, _ in pairs:
        if PROGRESSIVE_RE.search(en):
            progressive += 1
            assert "never" not in en and not HABIT_RE.search(en), en
        elif re.search(r"\b(?:look|looks|wait|waits|talk|talks) (?:for|to)\b", en) and (
                HABIT_RE.search(en) or "never" in en):
            habits += 1
    assert progressive >= 20 and habits >= 5


@pytest.mark.parametrize("noun, plural, negated, expected", [
    ("water", False, False, "de l'eau"), ("bread", False, False, "du pain"),
    ("soup", False, False, "de la soupe"),
    ("water", False, True, "d'eau"), ("apple", True, False, "des pommes"), ("apple", False, True, "de pomme"),
    ("egg", True, True, "d'œufs"),
])
def test_partitive_and_negation(noun, plural, negated, expected):
    nouns = {n.en: n for n in tables.NOUNS}
    assert phrases.noun_phrase(generator.Ids(), nouns[noun], plural, "some", negated=negated).fr == expected


@pytest.mark.parametrize("text, expected", [
    ("je ne le ai pas vue", "Je ne l'ai pas vue."),
    ("il parle à le garçon", "Il parle au garçon."),
    ("elle parle à les enfants", "Elle parle aux enfants."),
    ("si il pleut , nous restons", "S'il pleut, nous restons."),
    ("je aime le homme", "J'aime l'homme."),  # every h in the lexicon is mute
])
def test_finish_fr(text, expected):
    assert french.finish_fr(text) == expected


def test_each_module_of_the_generator_imports_only_those_listed_above_it():
    """The order of tools/corpus/__init__.py's docstring is the order of the imports."""
    import ast

    package = ROOT / "tools" / "corpus"
    order = ["tables", "labels", "french", "verbs", "phrases", "statements", "states", "questions", "clauses",
             "draw", "files", "__main__"]
    assert sorted(order) == sorted(p.stem for p in package.glob("*.py") if p.stem != "__init__")
    doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8")))
    assert all(f"{name}.py" in doc for name in order)
    templates = {"statements", "states", "questions", "clauses"}
    for rank, name in enumerate(order):
        tree = ast.parse((package / f"{name}.py").read_text(encoding="utf-8"))
        imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level}
        for module in imported:
            assert order.index(module) < rank, f"{name}.py imports {module}.py"
            assert not (name in templates and module in templates), f"{name}.py imports {module}.py"
