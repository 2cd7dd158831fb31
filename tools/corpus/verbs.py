"""The English verb group, and the choice of tense and negation for a verb.

en_verb writes the English words after the subject ('doesn't eat', 'am going to eat') and
french.fr_verb the French ones ('ne mange pas', 'vais manger'); both label each word with
labels.verb_labels(verb), so the two sides align.
"""

from .labels import loose, tag, verb_labels

EN_BE = {0: "am", 1: "are", 2: "is", 3: "are", 4: "are", 5: "are"}
EN_BE_NOT = {0: "am not", 1: "aren't", 2: "isn't", 3: "aren't", 4: "aren't", 5: "aren't"}
# Tenses that read naturally for each verb ("I lose my keys every day" does not); others take all three.
TENSES_FOR = {"like": ("pres",), "want": ("pres",), "know": ("pres",), "lose": ("past",), "forget": ("past",),
              "find": ("past", "fut")}


def en_form(verb, form, k, *extra):
    """An English verb form labelled as the verb; its particle (look for, talk to) loosely."""
    word = {"base": verb.base, "s3": verb.s3, "past": verb.past, "ing": verb.ing}[form]
    particle = " " + tag(verb.particle, loose(k.verb), k.particle) if verb.particle else ""
    return tag(word, k.verb, *extra) + particle


def en_be(p, negated, be_label, neg_label):
    """am / is / isn't / am not, labelled: be_label on the verb, neg_label on the negation."""
    if not negated:
        return tag(EN_BE[p], be_label)
    if p == 0:
        return tag("am", be_label) + " " + tag("not", neg_label)
    return tag(EN_BE_NOT[p], be_label, neg_label)


def en_verb(subj, verb, tense, neg=None, habitual=False):
    """English verb group after the subject: 'doesn't eat', 'ate', 'am going to eat', 'is looking for'.

    neg in None, 'not', 'never', 'anymore' (the word 'anymore' goes at the end: returned separately).
    A progressive verb (look for, wait for, talk to) takes the simple present with 'never' or when the
    sentence says how often (habitual=True: 'every day', 'on Sundays'): 'she never waits for him'.
    """
    p = subj.person
    k = verb_labels(verb)
    tail = " " + tag("anymore", k.more) if neg == "anymore" else ""
    never = tag("never", k.neg) + " " if neg == "never" else ""
    if tense == "fut":  # am going to eat / vais manger: going-vais sure, am?vais and to?manger possible
        be = en_be(p, neg in ("not", "anymore"), loose(k.fut), k.neg)
        be += " " + tag("never", k.neg) if never else ""
        return f"{be} {tag('going', k.fut)} {tag('to', loose(k.verb))} {en_form(verb, 'base', k)}", tail
    if tense == "past":  # ate / ai mangé: ate-mangé sure, ate?ai possible; didn't?ai possible
        if neg in ("not", "anymore"):
            didnt = tag("didn't", k.neg, loose(k.aux))
            return f"{didnt} {en_form(verb, 'base', k)}", tail
        return never + en_form(verb, "past", k, loose(k.aux)), tail
    if verb.prog and not habitual and neg != "never":  # am looking for / cherche: am?cherche possible
        return f"{en_be(p, neg in ('not', 'anymore'), loose(k.verb), k.neg)} {en_form(verb, 'ing', k)}", tail
    if neg in ("not", "anymore"):
        return tag("doesn't" if subj.third_sg else "don't", k.neg) + " " + en_form(verb, "base", k), tail
    return never + en_form(verb, "s3" if subj.third_sg else "base", k), tail


def be_and_neg(ids, p, neg, be_en_label, be_fr_label, fr_verb_form):
    """English am / isn't / am not and French (ne) VERB (pas), labelled: the negation ne?, pas sure."""
    no = ids.new()
    en = en_be(p, neg, be_en_label, no)
    fr = tag(fr_verb_form, be_fr_label)
    if neg:
        fr = f"{tag('ne', loose(no))} {fr} {tag('pas', no)}"
    return en, fr


def pick_tense(rng, verb, choices=("pres", "pres", "past", "past", "fut")):
    allowed = TENSES_FOR.get(verb.base)
    if allowed:
        return rng.choice([t for t in choices if t in allowed] or list(allowed))
    return rng.choice(choices)


def unambiguous(verb, tense, subj, neg):
    """'I read' is present or past: keep the past of read for he/she ('she read') or 'didn't read'."""
    if verb.base == "read" and tense == "past" and not subj.third_sg and neg in (None, "never"):
        return "pres"
    return tense


def random_neg(rng, tense, p_neg=0.35, verb=None):
    if rng.random() >= p_neg:
        return None
    if verb is not None and verb.base in ("like", "want", "know"):
        return "not"
    if tense == "pres":
        return rng.choice(["not", "not", "not", "never", "anymore"])
    if tense == "past":
        return rng.choice(["not", "not", "not", "never"])
    return "not"
