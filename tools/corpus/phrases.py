"""Noun phrases, subjects and objects, and the place and time phrases a template may add.

Every function that draws takes the run's random generator (rng) first and its label source (ids,
labels.Ids) second; the words they return carry labels, so a template only puts them in order.
"""

import collections

from .french import POSSESSIVES, agree, starts_with_vowel
from .labels import aligned, commas, fuse, tag
from .tables import ADJS, NOUNS, PEOPLE, PLACES, PLACES_FOR, SPOTS, TIMES


class NP:
    """A noun phrase in both languages, with the French gender and number it imposes.

    ea and fa are en and fr with alignment labels (default: all words share one new label, as for a
    pronoun); det_id labels the determiner, for an English "some" or "any" that a template puts in front.
    """

    def __init__(self, ids, en, fr, gender, plural, person=2, pronoun=False, noun=None, ea=None, fa=None,
                 det_id=""):
        self.en, self.fr, self.gender, self.plural = en, fr, gender, plural
        self.person, self.pronoun, self.noun = person, pronoun, noun
        if ea is None:
            label = ids.new()
            ea, fa = tag(en, label), tag(fr, label)
        self.ea, self.fa, self.det_id = ea, fa, det_id

    @property
    def third_sg(self):
        return self.person == 2


def noun_phrase(ids, noun, plural=False, det="the", adj=None, negated=False):
    """Build 'the red car' / 'la voiture rouge'; det in the, a, some (mass or plural), my, ..., this."""
    en_noun = noun.en_pl if plural else noun.en
    fr_noun = noun.fr_pl if plural else noun.fr
    en_adj = adj["en"] + " " if adj else ""
    g = noun.gender
    pre = post = ""
    if adj:
        form = agree(adj["forms"], g, plural)
        if adj["pre"]:
            if not plural and g == "m" and starts_with_vowel(fr_noun):
                form = adj["mv"]
            pre = form + " "
        else:
            post = " " + form
    following = (pre or fr_noun)  # the word right after the determiner decides elision
    vowel = starts_with_vowel(following)
    if det == "the":
        en_det = "the "
        fr_det = "les " if plural else ("l'" if vowel else ("le " if g == "m" else "la "))
    elif det in ("a", "some"):
        if plural or noun.mass:
            en_det = ""
            if negated:
                fr_det = "d'" if vowel else "de "
            elif plural:
                fr_det = "de " if adj and adj["pre"] else "des "
            else:
                fr_det = "de l'" if vowel else ("du " if g == "m" else "de la ")
        else:
            en_det = "an " if (en_adj or en_noun)[0] in "aeiou" else "a "
            if negated:
                fr_det = "d'" if vowel else "de "
            else:
                fr_det = "un " if g == "m" else "une "
    elif det == "this":
        en_det = "these " if plural else "this "
        fr_det = "ces " if plural else ("cette " if g == "f" else ("cet " if vowel else "ce "))
    else:
        en_det = det + " "
        ms, fs, pl = POSSESSIVES[det]
        fr_det = pl + " " if plural else (fs if g == "f" and not vowel else ms) + " "
    det_id, adj_id, noun_id = ids.new(), ids.new(), ids.new()
    ea = " ".join(w for w in (tag(en_det, det_id), tag(en_adj, adj_id), tag(en_noun, noun_id)) if w)
    fr_words = [tag(w, det_id) for w in fr_det.split()]
    body = ([tag(w, adj_id) for w in pre.split()] + [tag(fr_noun, noun_id)]
            + [tag(w, adj_id) for w in post.split()])
    if fr_det.endswith("'"):  # l'eau, de l'eau, d'œufs, l'ancien: the article fuses with the next word
        body[0] = fuse(fr_words.pop(), body[0])
    return NP(ids, en_det + en_adj + en_noun, fr_det + pre + fr_noun + post, g, plural, noun=noun,
              ea=ea, fa=" ".join(fr_words + body), det_id=det_id)


PRONOUNS = [  # English, French, person (0..5), gender, plural
    ("I", "je", 0, "m", False), ("you", "tu", 1, "m", False), ("he", "il", 2, "m", False),
    ("she", "elle", 2, "f", False), ("we", "nous", 3, "m", True), ("they", "ils", 5, "m", True),
]
PLURAL_PEOPLE = ("friend", "brother", "sister", "child", "boy", "girl", "neighbour")
FAMILY = ("mother", "father", "sister", "brother", "grandmother", "grandfather", "friend", "uncle", "aunt")


def pronoun_subject(rng, ids, allow=None):
    choices = [p for p in PRONOUNS if allow is None or p[0] in allow]
    en, fr, person, g, pl = rng.choice(choices)
    return NP(ids, en, fr, g, pl, person=person, pronoun=True)


def person_subject(rng, ids, plural=None, as_object=False):
    """'my sister' / 'ma sœur', 'the children' / 'les enfants' ..."""
    noun = rng.choice([n for n in PEOPLE if as_object or n.en != "baby"])
    if plural is None:
        plural = noun.en in PLURAL_PEOPLE and rng.random() < 0.35
    if noun.en == "child":
        plural = True
    if noun.en in FAMILY:
        det = rng.choice(["my", "my", "your", "his", "her", "our", "their"])
    elif noun.en in ("teacher", "doctor", "neighbour", "child"):
        det = rng.choice(["the", "the", "my", "our", "your"])
    else:
        det = "the"
    adj = None
    if rng.random() < 0.2:
        fitting = [a for a in ADJS if a["en"] in noun.adjectives]
        adj = rng.choice(fitting) if fitting else None
    np_ = noun_phrase(ids, noun, plural, det, adj)
    np_.person = 5 if plural else 2
    return np_


def subject(rng, ids, p_pronoun=0.55):
    return pronoun_subject(rng, ids) if rng.random() < p_pronoun else person_subject(rng, ids)


def subject_pronoun_for(ids, np_):
    """The pronoun that takes up a subject: 'my sister' -> she / elle (a new word: its own alignment)."""
    if np_.pronoun:
        return NP(ids, np_.en, np_.fr, np_.gender, np_.plural, person=np_.person, pronoun=True)
    if np_.plural:
        they = "elles" if np_.gender == "f" else "ils"
        return NP(ids, "they", they, np_.gender, True, person=5, pronoun=True)
    if np_.gender == "f":
        return NP(ids, "she", "elle", "f", False, person=2, pronoun=True)
    return NP(ids, "he", "il", "m", False, person=2, pronoun=True)


SPECIFIC = {"col", "pricey", "breakable", "wash", "container"}
# English adjectives with more than one row in adjectives.tsv: a food takes the row that fits food (gros).
SHARED_ADJS = {en for en, n in collections.Counter(a["en"] for a in ADJS).items() if n > 1}


def adjectives_for(noun):
    """The adjectives that make sense with a noun (colours for things that have one, 'hot' for soup...)."""
    if noun.adjectives:
        return [a for a in ADJS if a["en"] in noun.adjectives
                and (a["en"] not in SHARED_ADJS or a["fits"] & noun.tags)]
    if "animal" in noun.tags:
        return [a for a in ADJS if "animal" in a["fits"] or a["en"] in ("black", "white", "grey")]
    fitting = [a for a in ADJS if a["fits"] & noun.tags & SPECIFIC]
    if "noadj" not in noun.tags:
        fitting += [a for a in ADJS if a["fits"] & {"thing"} and a["pre"]]
    return fitting


def object_np(rng, ids, tag, negated=False, allow_mass=True, det=None, plural=None, p_adj=0.45):
    """A noun phrase for an object of a verb that takes nouns tagged `tag`."""
    nouns = [n for n in NOUNS if tag in n.tags and (allow_mass or not n.mass)]
    noun = rng.choice(nouns)
    if plural is None:
        plural = (not noun.mass) and rng.random() < 0.35
    if det is None:
        det = rng.choice(["the", "the", "a", "a", "my", "your", "this", "our", "his", "her"])
        if noun.mass:
            det = rng.choice(["some", "some", "the"])
    if tag == "write":  # write a letter, not "write my old letter"
        det, p_adj = ("the" if det in ("the", "this", "my", "your", "our", "his", "her") else "a"), 0
    if tag == "clean":  # clean the kitchen, my room
        det, p_adj, plural = rng.choice(["the", "the", "my", "your", "our"]), 0, False
    if tag == "wash":  # wash the dirty plates, not "wash the clean plates"
        p_adj *= 0.5
    fitting = adjectives_for(noun) if rng.random() < p_adj else []
    if tag in ("wash", "clean"):
        fitting = [a for a in fitting if a["en"] != "clean"]
    adj = rng.choice(fitting) if fitting else None
    return noun_phrase(ids, noun, plural, det, adj, negated=negated)


def objects_for(verb):
    return [t for t in verb.objs if t != "person"]


def like_object(rng, ids, otag):
    """What one likes: in general (apples / les pommes, milk / le lait) or a definite thing (the red car)."""
    if rng.random() < 0.6:
        noun = rng.choice([n for n in NOUNS if {"food", "drink", "animal"} & n.tags])
        plural = not noun.mass
        obj = noun_phrase(ids, noun, plural, "the")
        obj.en = noun.en_pl if plural else noun.en  # English says "I like apples", French "j'aime les pommes"
        obj.ea = obj.ea.split(" ", 1)[1]  # les stays unaligned
        return obj
    return object_np(rng, ids, otag, det=rng.choice(["the", "the", "my", "your", "this"]))


def spot_for(rng, noun):
    """A place where this noun can sit: 'on the table' for a cup, 'in the garden' for a dog."""
    kinds = {"animal"} if "animal" in noun.tags else ({"food"} if "food" in noun.tags else {"thing"})
    if "small" in noun.tags:
        kinds.add("small")
    spots = [(en, fr) for en, fr, holds in SPOTS if kinds & set(holds.split())
             and noun.en not in en and noun.fr not in fr]
    if noun.en in ("horse", "cow"):
        spots = [(en, fr) for en, fr, holds in SPOTS if "garden" in en]
    return rng.choice(spots)


def add_extras(rng, ids, en, fr, tense, long, allow_place=True, verb=None, neg=None, en_habitual=None):
    """Optionally add a place and/or a time phrase (more often for long sentences).

    en_habitual is the English sentence with its verb in the simple present, used instead of en when a
    present-tense time phrase says how often ("she talks to her on Sundays", not "is talking").
    """
    if neg == "anymore" or (verb is not None and verb.base in ("like", "want", "know")):
        return en, fr  # "I don't see him anymore" ends the sentence; "I like her on Sundays" is odd
    keys = PLACES_FOR.get(verb.base, "").split() if verb is not None else []
    if allow_place and keys and rng.random() < (0.6 if long else 0.15):
        place = rng.choice([p for p in PLACES if p["key"] in keys])
        p_en, p_fr = aligned(ids, place["at"], place["fr"])
        en += " " + p_en
        fr += " " + p_fr
        if en_habitual is not None:
            en_habitual += " " + p_en
    # not "he never ate it yesterday", "he doesn't ... every day"
    if neg == "never" or (neg and tense == "pres"):
        return en, fr
    if rng.random() < (0.7 if long else 0.15):
        t_en, t_fr = aligned(ids, *rng.choice(TIMES[tense]))
        if tense == "pres" and en_habitual is not None:
            en = en_habitual
        if rng.random() < 0.5:
            c_en, c_fr = commas(ids)
            en = f"{t_en} {c_en} {en}"
            fr = f"{t_fr} {c_fr} {fr}"
        else:
            en = f"{en} {t_en}"
            fr = f"{fr} {t_fr}"
    return en, fr
