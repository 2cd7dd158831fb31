"""French morphology: agreement, the forms of être and avoir, the French verb group (tense, negation,
object pronoun before the verb, agreement of the participle), elision and contraction, and the finishing
touches (capital, final punctuation) that turn labelled words into a Sentence in either language."""

import re

from .labels import Sentence, labelled_tokens, loose, split_tagged, tag, verb_labels
from .tables import ALLER, AVOIR

VOWELS = "aeiouyàâéèêëîïôöûùüœæh"  # every French noun here that starts with h has a mute h (l'homme)

ETRE = ["suis", "es", "est", "sommes", "êtes", "sont"]
IMPARFAIT_AVOIR = ["avais", "avais", "avait", "avions", "aviez", "avaient"]
IMPARFAIT_ETRE = ["étais", "étais", "était", "étions", "étiez", "étaient"]

POSSESSIVES = {  # English: (m sg, f sg, pl)
    "my": ("mon", "ma", "mes"), "your": ("ton", "ta", "tes"), "his": ("son", "sa", "ses"),
    "her": ("son", "sa", "ses"), "our": ("notre", "notre", "nos"), "their": ("leur", "leur", "leurs"),
}

ELIDE = {"je": "j'", "me": "m'", "te": "t'", "le": "l'", "la": "l'", "ne": "n'", "de": "d'", "que": "qu'",
         "se": "s'"}
CONTRACT = {("à", "le"): "au", ("à", "les"): "aux", ("de", "le"): "du", ("de", "les"): "des"}

FR_NEG = {"not": "pas", "never": "jamais", "anymore": "plus"}

# With a person as object, French "aimer" alone means "love": "like" someone is "aimer bien" (je l'aime
# bien, il aime bien mon frère). The negative needs no adverb: je ne l'aime pas.
PERSON_OBJECT_ADVERBS = {"like": "bien"}


def starts_with_vowel(word):
    return word[:1].lower() in VOWELS


def agree(forms, gender, plural):
    """Pick the form (m sg, f sg, m pl, f pl) that agrees with gender and number."""
    return forms[(2 if plural else 0) + (1 if gender == "f" else 0)]


def agree_pp(pp, gender, plural):
    """Past participle agreement: vu, vue, vus, vues; pris, prise, pris, prises."""
    word = pp + ("e" if gender == "f" else "")
    return word + ("s" if plural and not word.endswith("s") else "")


def fr_verb(subj, verb, tense, neg=None, pron="", pron_agr=None, adverb=""):
    """French verb group after the subject, with clitic pronoun and negation in place.

    pron is a preverbal object pronoun (le, la, les, lui, leur); pron_agr=(gender, plural) makes the
    participle agree with a preceding direct object (je l'ai vue). adverb (bien) goes right after the
    conjugated verb: je l'aime bien, je l'ai bien aimé.
    """
    p = subj.person
    k = verb_labels(verb)
    ne = tag("ne", loose(k.neg)) + " " if neg else ""  # ne is possible; pas, jamais, plus sure
    pas = ""
    if neg:
        pas = " " + (tag("plus", k.more, loose(k.neg)) if neg == "anymore" else tag(FR_NEG[neg], k.neg))
    cl = pron + " " if pron else ""
    adv = " " + tag(adverb, loose(k.verb)) if adverb else ""  # aimer bien: like?bien
    if tense == "fut":
        return f"{ne}{tag(ALLER.pres[p], k.fut)}{pas}{adv} {cl}{tag(verb.inf, k.verb)}"
    if tense == "past":
        if verb.aux == "être":
            pp = agree_pp(verb.pp, subj.gender, subj.plural)
            aux = ETRE[p]
        else:
            pp = agree_pp(verb.pp, *pron_agr) if pron_agr else verb.pp
            aux = AVOIR.pres[p]
        return f"{ne}{cl}{tag(aux, k.aux)}{pas}{adv} {tag(pp, k.verb)}"
    return f"{ne}{cl}{tag(verb.pres[p], k.verb)}{pas}{adv}"


def person_object_adverb(verb, neg):
    """The adverb the French verb takes with a person as object: 'bien' for like, unless negated."""
    return "" if neg else PERSON_OBJECT_ADVERBS.get(verb.base, "")


def finish_fr(text, end="."):
    """Elide and contract, capitalise, add the final punctuation; labels kept on the returned Sentence.

    A contraction keeps the labels of the preposition and, as possible ones, those of the article
    (to-au sure, the?au possible); an elided word passes its labels on as possible ones (her?l'ai).
    """
    items = [split_tagged(w) for w in text.split()]
    words, labels = [w for w, _ in items], [ls for _, ls in items]
    out = []
    i = 0
    while i < len(words):
        w = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else ""
        low = w.lower()
        contracted = CONTRACT.get((low, nxt))
        if contracted and (nxt == "les" or not starts_with_vowel(words[i + 2])):
            out.append((contracted, labels[i] + tuple(loose(label) for label in labels[i + 1])))
            i += 2
            continue
        if low in ELIDE and nxt and starts_with_vowel(nxt) or low == "si" and nxt in ("il", "ils"):
            words[i + 1] = ELIDE.get(low, "s'") + nxt
            labels[i + 1] = tuple(loose(label) for label in labels[i]) + labels[i + 1]
            if w[0].isupper():
                words[i + 1] = words[i + 1][0].upper() + words[i + 1][1:]
            i += 1
            continue
        out.append((w, labels[i]))
        i += 1
    s = " ".join(w for w, _ in out)
    s = re.sub(r" ,", ",", s)
    s = s[0].upper() + s[1:]
    result = Sentence(s + (" " + end if end in "?!" else end))
    result.labelled = labelled_tokens(out, end)
    return result


def finish_en(text, end="."):
    """Capitalise and add the final punctuation; labels kept on the returned Sentence."""
    items = [split_tagged(w) for w in text.split()]
    s = " ".join(w for w, _ in items)
    s = re.sub(r" ,", ",", s)
    result = Sentence(s[0].upper() + s[1:] + end)
    result.labelled = labelled_tokens(items, end)
    return result
