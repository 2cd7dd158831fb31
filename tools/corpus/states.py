"""Templates for being and having: the car is red, I am hungry, the cat is under the table, there is.

Each template takes (rng, ids, long): the run's random generator, its label source (labels.Ids)
and whether to ask for extras that make the sentence long; it returns a finished (English,
French) pair of Sentences whose words carry their alignment labels.
"""

from .french import ETRE, agree, finish_en, finish_fr
from .labels import aligned, head_last, loose, phrase, tag
from .phrases import adjectives_for, noun_phrase, spot_for, subject
from .tables import AVOIR, AVOIR_STATES, NOUNS, PREDICATIVE_FORMS, PREDS
from .verbs import EN_BE, be_and_neg

AREN_T, ISN_T, N_Y = "aren't", "isn't", "n'y"


def t_be_adj(rng, ids, long=False):
    """The car is red / La voiture est rouge; My sisters are tired / Mes sœurs sont fatiguées."""
    neg = rng.random() < 0.3
    if rng.random() < 0.5:
        subj = subject(rng, ids, 0.5)
        pred = rng.choice(PREDS)
        adj_fr = agree(pred["forms"], subj.gender, subj.plural)
        adj_en = pred["en"]
    else:
        noun = rng.choice([n for n in NOUNS if {"thing", "food", "drink", "animal"} & n.tags
                           and adjectives_for(n)])
        plural = (not noun.mass) and rng.random() < 0.35
        subj = noun_phrase(ids, noun, plural, rng.choice(["the", "my", "your", "this", "our"]))
        subj.person = 5 if plural else 2
        fits = [a for a in adjectives_for(noun) if a["en"] not in ("young",)]
        adj = rng.choice(fits)
        adj_fr = agree(PREDICATIVE_FORMS.get(adj["en"], adj["forms"]), subj.gender, subj.plural)
        adj_en = adj["en"]
    p = subj.person
    be = ids.new()
    be_en, fr_be = be_and_neg(ids, p, neg, be, be, ETRE[p])
    adj_en, adj_fr = phrase(ids, adj_en, adj_fr, head_last(adj_fr))
    return finish_en(f"{subj.ea} {be_en} {adj_en}"), finish_fr(f"{subj.fa} {fr_be} {adj_fr}")


def t_avoir_state(rng, ids, long=False):
    """I am hungry / J'ai faim."""
    subj = subject(rng, ids, 0.6)
    en_adj, fr_noun = rng.choice(AVOIR_STATES)
    neg = rng.random() < 0.3
    p = subj.person
    have = ids.new()  # I am hungry / j'ai faim: am?ai possible, hungry-faim sure
    be_en, have_fr = be_and_neg(ids, p, neg, loose(have), have, AVOIR.pres[p])
    adj_en, noun_fr = phrase(ids, en_adj, fr_noun, "0-0")
    en = f"{subj.ea} {be_en} {adj_en}"
    fr = f"{subj.fa} {have_fr} {noun_fr}"
    if long:
        t_en, t_fr = aligned(ids, *rng.choice([("today", "aujourd'hui"), ("this morning", "ce matin"),
                                          ("this evening", "ce soir")]))
        en += " " + t_en
        fr += " " + t_fr
    return finish_en(en), finish_fr(fr)


def t_where(rng, ids, long=False):
    """The cat is under the table / Le chat est sous la table; Where is the cat? / Où est le chat ?"""
    noun = rng.choice([n for n in NOUNS if ("thing" in n.tags or "animal" in n.tags) and not n.mass
                       and not {"building", "furniture", "vehicle"} & n.tags])
    plural = rng.random() < 0.35
    subj = noun_phrase(ids, noun, plural, rng.choice(["the", "my", "your", "our"]))
    subj.person = 5 if plural else 2
    if rng.random() < 0.4:
        where_en, where_fr = phrase(ids, f"where {EN_BE[subj.person]}", f"où {ETRE[subj.person]}", "0-0 1-1")
        return (finish_en(f"{where_en} {subj.ea}", "?"),
                finish_fr(f"{where_fr} {subj.fa}", "?"))
    spot_en, spot_fr = aligned(ids, *spot_for(rng, noun))
    neg = rng.random() < 0.25
    p = subj.person
    be = ids.new()
    be_en, be_fr = be_and_neg(ids, p, neg, be, be, ETRE[p])
    en = f"{subj.ea} {be_en} {spot_en}"
    fr = f"{subj.fa} {be_fr} {spot_fr}"
    return finish_en(en), finish_fr(fr)


def t_there_is(rng, ids, long=False):
    """There is a cat in the garden / Il y a un chat dans le jardin; There are no apples / Il n'y a pas
    de pommes."""
    noun = rng.choice([n for n in NOUNS if ("thing" in n.tags or "animal" in n.tags or "food" in n.tags)
                       and not {"building", "furniture", "vehicle"} & n.tags])
    neg = rng.random() < 0.3
    plural = (not noun.mass) and rng.random() < 0.4
    obj = noun_phrase(ids, noun, plural, "some" if noun.mass or plural else "a", negated=neg)
    spot_en, spot_fr = aligned(ids, *spot_for(rng, noun))
    there, no = ids.new(), ids.new()  # there is / il y a: all to all possible
    if neg:
        en_obj = (tag("any", obj.det_id) + " " + obj.ea) if (plural or noun.mass) else obj.ea
        isnt = tag(AREN_T if plural else ISN_T, loose(there), no)
        en = f"{tag('there', loose(there))} {isnt} {en_obj} {spot_en}"
        il_ny_a = f"{tag('il', there)} {tag(N_Y, there, loose(no))} {tag('a', there)}"
        fr = f"{il_ny_a} {tag('pas', no)} {obj.fa} {spot_fr}"
    else:
        some = tag("some", obj.det_id) + " " if noun.mass else ""
        en = f"{tag('there ' + ('are' if plural else 'is'), loose(there))} {some + obj.ea} {spot_en}"
        fr = f"{tag('il y a', there)} {obj.fa} {spot_fr}"
    return finish_en(en), finish_fr(fr)
