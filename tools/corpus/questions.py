"""Templates for questions: yes/no, what, who, where, why, with est-ce que or inversion.

Each template takes (rng, ids, long): the run's random generator, its label source (labels.Ids)
and whether to ask for extras that make the sentence long; it returns a finished (English,
French) pair of Sentences whose words carry their alignment labels.
"""

from .french import ETRE, agree, finish_en, finish_fr, fr_verb
from .labels import aligned, fuse, head_last, loose, phrase, tag, verb_labels
from .phrases import NP, like_object, object_np, objects_for, pronoun_subject, subject
from .tables import ALLER, AVOIR, AVOIR_STATES, PLACES, PLACES_FOR, PREDS, TIMES, VERBS
from .verbs import EN_BE, en_form, en_verb, pick_tense

QU_EST_CE = "qu'est-ce"


def asked_subject(rng, ids):
    """Who a question is about: often 'you', never 'I'."""
    if rng.random() < 0.35:
        return pronoun_subject(rng, ids, ["you"])
    subj = subject(rng, ids, 0.5)
    return pronoun_subject(rng, ids, ["you", "he", "she", "we", "they"]) if subj.en == "I" else subj


def t_question(rng, ids, long=False):
    """Do you like chocolate? / Est-ce que tu aimes le chocolat ?; Did you see the car? / As-tu vu la
    voiture ?"""
    kind = rng.random()
    verb = rng.choice([v for v in VERBS if objects_for(v)])
    tense = pick_tense(rng, verb, ("pres", "past", "fut"))
    subj = asked_subject(rng, ids)
    otag = rng.choice(objects_for(verb))
    obj = like_object(rng, ids, otag) if verb.base == "like" else object_np(rng, ids, otag)
    p = subj.person
    if kind < 0.3 and subj.pronoun is False:
        # Who ate the cake? / Qui a mangé le gâteau ?
        who = NP(ids, "who", "qui", "m", False, person=2, pronoun=True)
        if tense == "pres" and verb.base not in ("want", "like"):
            tense = pick_tense(rng, verb, ("past", "fut"))
        en_v, _ = en_verb(who, verb, tense)
        en = f"{who.ea} {en_v} {obj.ea}"
        fr = f"{who.fa} {fr_verb(who, verb, tense)} {obj.fa}"
        return finish_en(en, "?"), finish_fr(fr, "?")
    # The English auxiliary in front (do, did, are) goes loosely with the French question marker (est-ce
    # que, qu'est-ce que, the inverted verb): the labels q (question) and k (the verb group).
    k, q = verb_labels(verb), ids.new()
    if kind < 0.45:
        # What are you eating? / Qu'est-ce que tu manges ?
        if tense == "pres" and not verb.prog and verb.base not in (
                "want", "like", "know", "eat", "drink", "read", "watch", "make"):
            tense = "past"
        what = ids.new()
        if tense == "pres":
            if verb.base in ("want", "like", "know"):
                aux = tag("does" if subj.third_sg else "do", loose(q))
                en = f"{tag('what', what)} {aux} {subj.ea} {en_form(verb, 'base', k)}"
            else:
                be = tag(EN_BE[p], loose(k.verb), loose(q))
                en = f"{tag('what', what)} {be} {subj.ea} {en_form(verb, 'ing', k)}"
        elif tense == "past":
            did = tag("did", loose(q), loose(k.aux))
            en = f"{tag('what', what)} {did} {subj.ea} {en_form(verb, 'base', k)}"
        else:
            be = tag(EN_BE[p], loose(k.fut), loose(q))
            en = (f"{tag('what', what)} {be} {subj.ea} {tag('going', k.fut)} "
                  f"{tag('to', loose(k.verb))} {en_form(verb, 'base', k)}")
        if verb.base in ("like", "know"):
            return t_question(rng, ids, long)
        fr = f"{tag(QU_EST_CE, what, q)} {tag('que', loose(what), q)} {subj.fa} {fr_verb(subj, verb, tense)}"
        return finish_en(en, "?"), finish_fr(fr, "?")
    # yes/no question; a long one ends with a time phrase, and "every morning" asks about a habit:
    # "Do you look for your keys every morning?", not "Are you looking for ..."
    with_time = long and verb.base not in ("want", "like", "know")
    if tense == "past":
        en = f"{tag('did', loose(q), loose(k.aux))} {subj.ea} {en_form(verb, 'base', k)} {obj.ea}"
    elif tense == "fut":
        en = (f"{tag(EN_BE[p], loose(k.fut), loose(q))} {subj.ea} {tag('going', k.fut)} "
              f"{tag('to', loose(k.verb))} "
              f"{en_form(verb, 'base', k)} {obj.ea}")
    elif verb.prog and not with_time:
        en = f"{tag(EN_BE[p], loose(k.verb), loose(q))} {subj.ea} {en_form(verb, 'ing', k)} {obj.ea}"
    else:
        do = tag("does" if subj.third_sg else "do", loose(q))
        en = f"{do} {subj.ea} {en_form(verb, 'base', k)} {obj.ea}"
    if subj.fr == "tu" and rng.random() < 0.6:
        # inversion: As-tu vu la voiture ? / Aimes-tu le chocolat ? / Vas-tu acheter ... ?
        if tense == "past":
            fr = f"{inverted(tag(AVOIR.pres[1], k.aux, q), subj)} {tag(verb.pp, k.verb)} {obj.fa}"
        elif tense == "fut":
            fr = f"{inverted(tag(ALLER.pres[1], k.fut, q), subj)} {tag(verb.inf, k.verb)} {obj.fa}"
        else:
            fr = f"{inverted(tag(verb.pres[1], k.verb, q), subj)} {obj.fa}"
    else:
        fr = f"{tag('est-ce que', q)} {subj.fa} {fr_verb(subj, verb, tense)} {obj.fa}"
    if long:
        keys = PLACES_FOR.get(verb.base, "").split()
        place = rng.choice([p for p in PLACES if p["key"] in keys]) if keys else None
        if place:
            p_en, p_fr = aligned(ids, place["at"], place["fr"])
            en += " " + p_en
            fr += " " + p_fr
        if with_time:
            t_en, t_fr = aligned(ids, *rng.choice(TIMES[tense]))
            en += " " + t_en
            fr += " " + t_fr
    return finish_en(en, "?"), finish_fr(fr, "?")



def inverted(verb_word, subj):
    """The French verb with the subject pronoun after it (as-tu): one token with the labels of both."""
    return fuse(verb_word, subj.fa, elided=False, joiner="-")


def t_question_be(rng, ids, long=False):
    """Are you tired? / Es-tu fatigué ?; Is your sister sick? / Est-ce que ta sœur est malade ?"""
    subj = asked_subject(rng, ids)
    p = subj.person
    be, q = ids.new(), ids.new()
    if rng.random() < 0.35:
        en_adj, fr_noun = phrase(ids, *rng.choice(AVOIR_STATES), "0-0")
        en = f"{tag(EN_BE[p], loose(be), loose(q))} {subj.ea} {en_adj}"
        fr = (f"{inverted(tag(AVOIR.pres[1], be, q), subj)} {fr_noun}"
              if subj.fr == "tu" and rng.random() < 0.6
              else f"{tag('est-ce que', q)} {subj.fa} {tag(AVOIR.pres[p], be)} {fr_noun}")
    elif rng.random() < 0.4:
        # Why are you sad? / Pourquoi es-tu triste ?
        pred = rng.choice(PREDS)
        adj = agree(pred["forms"], subj.gender, subj.plural)
        why_en, why_fr = phrase(ids, "why", "pourquoi", "0-0")
        adj_en, adj = phrase(ids, pred["en"], adj, head_last(adj))
        en = f"{why_en} {tag(EN_BE[p], be, loose(q))} {subj.ea} {adj_en}"
        fr = (f"{why_fr} {inverted(tag(ETRE[1], be, q), subj)} {adj}" if subj.fr == "tu"
              else f"{why_fr} {tag('est-ce que', q)} {subj.fa} {tag(ETRE[p], be)} {adj}")
    else:
        pred = rng.choice(PREDS)
        adj = agree(pred["forms"], subj.gender, subj.plural)
        adj_en, adj = phrase(ids, pred["en"], adj, head_last(adj))
        en = f"{tag(EN_BE[p], be, loose(q))} {subj.ea} {adj_en}"
        fr = (f"{inverted(tag(ETRE[1], be, q), subj)} {adj}" if subj.fr == "tu" and rng.random() < 0.6
              else f"{tag('est-ce que', q)} {subj.fa} {tag(ETRE[p], be)} {adj}")
    return finish_en(en, "?"), finish_fr(fr, "?")


def t_where_going(rng, ids, long=False):
    """Where are you going? / Où vas-tu ?; Where did your brother go? / Où est-ce que ton frère est allé ?"""
    subj = subject(rng, ids, 0.5)
    if subj.en == "I":
        subj = pronoun_subject(rng, ids, ["you", "he", "she", "we", "they"])
    p = subj.person
    tense = rng.choice(["pres", "past"])
    k, q = verb_labels(ALLER), ids.new()
    where_en, where_fr = phrase(ids, "where", "où", "0-0")
    if tense == "pres":  # are going / vas: going-vas sure, are?vas possible
        en = f"{where_en} {tag(EN_BE[p], loose(k.verb), loose(q))} {subj.ea} {tag('going', k.verb)}"
        fr = (f"{where_fr} {inverted(tag(ALLER.pres[1], k.verb, q), subj)}" if subj.fr == "tu"
              else f"{where_fr} {tag('est-ce que', q)} {subj.fa} {tag(ALLER.pres[p], k.verb)}")
    else:
        en = f"{where_en} {tag('did', loose(q), loose(k.aux))} {subj.ea} {tag('go', k.verb)}"
        fr = f"{where_fr} {tag('est-ce que', q)} {subj.fa} {fr_verb(subj, ALLER, 'past')}"
    if rng.random() < 0.5:
        soon = [("this evening", "ce soir"), ("tomorrow", "demain")]
        times = TIMES["past"][:3] if tense == "past" else soon
        t_en, t_fr = aligned(ids, *rng.choice(times))
        en += " " + t_en
        fr += " " + t_fr
    return finish_en(en, "?"), finish_fr(fr, "?")
