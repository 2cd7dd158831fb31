"""Templates for statements with a verb: subject, verb, object, place and time.

Each template takes (rng, ids, long): the run's random generator, its label source (labels.Ids)
and whether to ask for extras that make the sentence long; it returns a finished (English,
French) pair of Sentences whose words carry their alignment labels.
"""

from .french import finish_en, finish_fr, fr_verb, person_object_adverb
from .labels import aligned, drop_words, loose, phrase, tag, verb_labels
from .phrases import add_extras, like_object, object_np, objects_for, person_subject, subject
from .tables import GIVE_VERBS, IND_VERBS, INTRANS, MOTION, PLACES, PLACES_FOR, VERBS
from .verbs import en_form, en_verb, pick_tense, random_neg, unambiguous

DONT = "don't"


def t_svo(rng, ids, long=False):
    """S V O, with tense, negation, optional time phrase and place."""
    verb = rng.choice(VERBS)
    tags = objects_for(verb)
    if not tags:
        verb = VERBS[0]
        tags = objects_for(verb)
    tense = pick_tense(rng, verb)
    neg = random_neg(rng, tense, verb=verb)
    subj = subject(rng, ids)
    tense = unambiguous(verb, tense, subj, neg)
    otag = rng.choice(tags)
    if verb.base == "like":
        obj = like_object(rng, ids, otag)
    else:
        obj = object_np(rng, ids, otag, negated=bool(neg))
    en_v, en_tail = en_verb(subj, verb, tense, neg)
    en = f"{subj.ea} {en_v} {obj.ea}{en_tail}"
    en_habitual = f"{subj.ea} {en_verb(subj, verb, tense, neg, habitual=True)[0]} {obj.ea}{en_tail}"
    fr = f"{subj.fa} {fr_verb(subj, verb, tense, neg)} {obj.fa}"
    en, fr = add_extras(rng, ids, en, fr, tense, long, allow_place=True, verb=verb, neg=neg,
                        en_habitual=en_habitual)
    return finish_en(en), finish_fr(fr)


def t_pronoun_obj(rng, ids, long=False):
    """I see her / Je la vois; I saw her / Je l'ai vue; We are going to call them / Nous allons les
    appeler."""
    verb = rng.choice([v for v in VERBS if "person" in v.objs])
    tense = pick_tense(rng, verb, ("pres", "past", "fut"))
    neg = random_neg(rng, tense, 0.4, verb=verb)
    subj = subject(rng, ids, 0.6)
    target = rng.choice([("him", "le", "m", False), ("her", "la", "f", False), ("them", "les", "m", True)])
    if subj.en in ("he", "she", "they") and target[0] in ("him", "her", "them") and rng.random() < 0.5:
        subj = person_subject(rng, ids)
    en_v, en_tail = en_verb(subj, verb, tense, neg)
    obj_en, obj_fr = phrase(ids, target[0], target[1], "0-0")
    en = f"{subj.ea} {en_v} {obj_en}{en_tail}"
    adverb = person_object_adverb(verb, neg)
    fr = f"{subj.fa} {fr_verb(subj, verb, tense, neg, pron=obj_fr, pron_agr=target[2:], adverb=adverb)}"
    return finish_en(en), finish_fr(fr)


def t_person_obj(rng, ids, long=False):
    """I am waiting for my brother / J'attends mon frère."""
    verb = rng.choice([v for v in VERBS if "person" in v.objs])
    tense = pick_tense(rng, verb, ("pres", "past", "fut"))
    neg = random_neg(rng, tense, verb=verb)
    subj = subject(rng, ids, 0.7)
    obj = person_subject(rng, ids, as_object=True)
    while obj.noun is subj.noun:
        obj = person_subject(rng, ids, as_object=True)
    en_v, en_tail = en_verb(subj, verb, tense, neg)
    en = f"{subj.ea} {en_v} {obj.ea}{en_tail}"
    en_habitual = f"{subj.ea} {en_verb(subj, verb, tense, neg, habitual=True)[0]} {obj.ea}{en_tail}"
    fr = f"{subj.fa} {fr_verb(subj, verb, tense, neg, adverb=person_object_adverb(verb, neg))} {obj.fa}"
    en, fr = add_extras(rng, ids, en, fr, tense, long, allow_place=True, verb=verb, neg=neg,
                        en_habitual=en_habitual)
    return finish_en(en), finish_fr(fr)


def t_indirect(rng, ids, long=False):
    """I phone her / Je lui téléphone; She talks to her mother / Elle parle à sa mère."""
    verb = rng.choice(IND_VERBS)
    tense = rng.choice(["pres", "past", "fut"])
    neg = random_neg(rng, tense, verb=verb)
    subj = subject(rng, ids, 0.6)
    en_v, en_tail = en_verb(subj, verb, tense, neg)
    habitual_v = en_verb(subj, verb, tense, neg, habitual=True)[0]
    if rng.random() < 0.5:
        target = rng.choice([("him", "lui"), ("her", "lui"), ("them", "leur")])
        en_obj, fr_obj = phrase(ids, *target, "0-0")
        fr = f"{subj.fa} {fr_verb(subj, verb, tense, neg, pron=fr_obj)}"
    else:
        obj = person_subject(rng, ids, as_object=True)
        en_obj = obj.ea
        fr = f"{subj.fa} {fr_verb(subj, verb, tense, neg)} {tag('à', verb_labels(verb).particle)} {obj.fa}"
    en = f"{subj.ea} {en_v} {en_obj}{en_tail}"
    en_habitual = f"{subj.ea} {habitual_v} {en_obj}{en_tail}"
    en, fr = add_extras(rng, ids, en, fr, tense, long, allow_place=False, neg=neg, en_habitual=en_habitual)
    return finish_en(en), finish_fr(fr)


def t_give(rng, ids, long=False):
    """I give the book to my sister / Je donne le livre à ma sœur; I gave him the book / Je lui ai donné
    le livre."""
    verb = rng.choice(GIVE_VERBS)
    tense = rng.choice(["pres", "past", "fut"])
    neg = random_neg(rng, tense, 0.25)
    subj = subject(rng, ids, 0.6)
    obj = object_np(rng, ids, rng.choice(verb.objs), negated=False, allow_mass=False,
                    det=rng.choice(["the", "the", "my", "a", "this"]))
    if neg:
        obj = object_np(rng, ids, rng.choice(verb.objs), allow_mass=False,
                        det=rng.choice(["the", "my", "this"]))
    en_v, en_tail = en_verb(subj, verb, tense, neg)
    if rng.random() < 0.5:
        target = rng.choice([("him", "lui"), ("her", "lui"), ("them", "leur")])
        to_en, to_fr = phrase(ids, *target, "0-0")
        en = f"{subj.ea} {en_v} {to_en} {obj.ea}{en_tail}"
        fr = f"{subj.fa} {fr_verb(subj, verb, tense, neg, pron=to_fr)} {obj.fa}"
    else:
        person = person_subject(rng, ids, as_object=True)
        to_en, to_fr = phrase(ids, "to", "à", "0-0")
        en = f"{subj.ea} {en_v} {obj.ea} {to_en} {person.ea}{en_tail}"
        fr = f"{subj.fa} {fr_verb(subj, verb, tense, neg)} {obj.fa} {to_fr} {person.fa}"
    en, fr = add_extras(rng, ids, en, fr, tense, long, allow_place=False, neg=neg)
    return finish_en(en), finish_fr(fr)


def t_motion(rng, ids, long=False):
    """My sister went to school / Ma sœur est allée à l'école."""
    verb = rng.choice(MOTION)
    tense = rng.choice(["pres", "past", "past", "fut"])
    neg = random_neg(rng, tense, 0.3)
    subj = subject(rng, ids)
    place = rng.choice([p for p in PLACES if p["to"] != "-"])
    en_v, en_tail = en_verb(subj, verb, tense, neg)
    dest = place["to"]
    if verb.base == "arrive":  # arrive home, at the park, at school, in town
        dest = "home" if place["key"] == "home" else (
            "at" + place["to"][2:] if place["to"].startswith("to the ") else place["at"])
    dest_en, dest_fr = aligned(ids, dest, place["fr"])
    en = f"{subj.ea} {en_v} {dest_en}{en_tail}"
    fr = f"{subj.fa} {fr_verb(subj, verb, tense, neg)} {dest_fr}"
    if tense == "fut" and verb.base == "go":  # "am going to go" is clumsy
        en = drop_words(en, ("to", "go"), after="going")
        fr = drop_words(fr, ("aller",))
    en, fr = add_extras(rng, ids, en, fr, tense, long, allow_place=False, neg=neg)
    return finish_en(en), finish_fr(fr)


def t_intrans(rng, ids, long=False):
    """The children play in the garden / Les enfants jouent dans le jardin."""
    verb = rng.choice(INTRANS)
    tense = rng.choice(["pres", "past", "fut"])
    neg = random_neg(rng, tense, 0.25)
    subj = subject(rng, ids)
    tense = unambiguous(verb, tense, subj, neg)
    place = rng.choice([p for p in PLACES if p["key"] in PLACES_FOR[verb.base].split()])
    en_v, en_tail = en_verb(subj, verb, tense, neg)
    at_en, at_fr = aligned(ids, place["at"], place["fr"])
    en = f"{subj.ea} {en_v} {at_en}{en_tail}"
    fr = f"{subj.fa} {fr_verb(subj, verb, tense, neg)} {at_fr}"
    en, fr = add_extras(rng, ids, en, fr, tense, long, allow_place=False, neg=neg)
    return finish_en(en), finish_fr(fr)


def t_imperative(rng, ids, long=False):
    """Open the door / Ouvre la porte; Don't eat the cake / Ne mange pas le gâteau."""
    verb = rng.choice([v for v in VERBS if v.imp != "-" and objects_for(v)])
    otag = rng.choice(objects_for(verb))
    neg = rng.random() < 0.35
    det = rng.choice(["the", "the", "your", "this"])
    if not neg and rng.random() < 0.25 and verb.base in ("eat", "drink", "buy", "make", "bring", "write"):
        det = "a"  # a/some: Mange une pomme, Bois de l'eau
    obj = object_np(rng, ids, otag, det=det, p_adj=0.3)
    k = verb_labels(verb)
    if neg:
        en = f"{tag(DONT, k.neg)} {en_form(verb, 'base', k)} {obj.ea}"
        fr = f"{tag('ne', loose(k.neg))} {tag(verb.imp, k.verb)} {tag('pas', k.neg)} {obj.fa}"
    else:
        en = f"{en_form(verb, 'base', k)} {obj.ea}"
        fr = f"{tag(verb.imp, k.verb)} {obj.fa}"
    end = "!" if rng.random() < 0.2 else "."
    return finish_en(en, end), finish_fr(fr, end)
