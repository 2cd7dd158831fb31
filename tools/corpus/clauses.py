"""Templates for two clauses: and/but with a pronoun, because, when/if, think that, want to.

Each template takes (rng, ids, long): the run's random generator, its label source (labels.Ids)
and whether to ask for extras that make the sentence long; it returns a finished (English,
French) pair of Sentences whose words carry their alignment labels.
"""

from .french import ETRE, IMPARFAIT_AVOIR, IMPARFAIT_ETRE, agree, finish_en, finish_fr, fr_verb
from .labels import aligned, commas, loose, phrase, tag, verb_labels
from .phrases import (
    adjectives_for,
    noun_phrase,
    object_np,
    objects_for,
    person_subject,
    spot_for,
    subject,
    subject_pronoun_for,
)
from .tables import (
    ADJS,
    ALLER,
    AVOIR,
    CHAINS,
    INTRANS,
    NOUNS,
    PLACES,
    PLACES_FOR,
    SAY_VERBS,
    VERBS,
    WEATHER,
    verb_by_base,
)
from .verbs import EN_BE, en_form, en_verb

# Where people go or stay, by the weather (keys of tables/places.tsv).
INDOORS, OUTDOORS = "home living kitchen library cinema office", "garden park beach street"


def t_chain(rng, ids, long=False):
    """I bought a red car and my brother sold it / J'ai acheté une voiture rouge et mon frère l'a vendue."""
    first, second, otag = rng.choice(CHAINS)
    v1, v2 = verb_by_base(first), verb_by_base(second)
    nouns_ok = [n for n in NOUNS if not n.mass and all(t in n.tags for t in {otag} | set(
        t for t in v1.objs if t in n.tags)) and any(t in n.tags for t in objects_for(v1))
        and any(t in n.tags for t in objects_for(v2))]
    noun = rng.choice(nouns_ok)
    plural = rng.random() < 0.4
    mine = ["my", "your"] if first in ("lose", "open", "wash") else []
    det = rng.choice(["the", "the", "a", "this"] + mine)
    adj = None
    if rng.random() < 0.5 and first not in ("write", "make"):
        fits = adjectives_for(noun)
        if fits:
            adj = rng.choice(fits)
    obj = noun_phrase(ids, noun, plural, det, adj)
    s1 = subject(rng, ids, 0.6)
    s2 = subject(rng, ids, 0.5)
    if s2.en == s1.en:
        s2 = person_subject(rng, ids)
    contrast = rng.random() < 0.3
    tense = "past"
    if (first, second) in (("buy", "eat"), ("buy", "like"), ("see", "like"), ("see", "buy"), ("make", "eat"),
                           ("buy", "read"), ("buy", "wash")) and rng.random() < 0.4:
        tense = "pres"
    if "like" in (v1.base, v2.base):
        tense = "pres"
    neg2 = "not" if contrast else None
    pron = "les" if plural else ("le" if noun.gender == "m" else "la")
    en_pron = "them" if plural else "it"
    en_pron, pron = phrase(ids, en_pron, pron, "0-0")
    e1, _ = en_verb(s1, v1, tense)
    e2, _ = en_verb(s2, v2, tense, neg2)
    and_en, and_fr = phrase(ids, "but", "mais", "0-0") if contrast else phrase(ids, "and", "et", "0-0")
    en = f"{s1.ea} {e1} {obj.ea} {and_en} {s2.ea} {e2} {en_pron}"
    fr = (f"{s1.fa} {fr_verb(s1, v1, tense)} {obj.fa} {and_fr} "
          f"{s2.fa} {fr_verb(s2, v2, tense, neg2, pron=pron, pron_agr=(noun.gender, plural))}")
    return finish_en(en), finish_fr(fr)


def t_because(rng, ids, long=False):
    """The children eat bread because they are hungry / Les enfants mangent du pain parce qu'ils ont faim."""
    subj = subject(rng, ids, 0.5)
    tense = rng.choice(["pres", "past"])
    choice = rng.randrange(4)
    if choice == 0:
        verb = verb_by_base("eat")
        obj = object_np(rng, ids, "eat", det=rng.choice(["some", "a", "the"]))
        main_en = f"{subj.ea} {en_verb(subj, verb, tense)[0]} {obj.ea}"
        main_fr = f"{subj.fa} {fr_verb(subj, verb, tense)} {obj.fa}"
        reason = ("hungry", "faim", "avoir")
    elif choice == 1:
        verb = verb_by_base("drink")
        obj = object_np(rng, ids, "drink", det="some")
        main_en = f"{subj.ea} {en_verb(subj, verb, tense)[0]} {obj.ea}"
        main_fr = f"{subj.fa} {fr_verb(subj, verb, tense)} {obj.fa}"
        reason = ("thirsty", "soif", "avoir")
    elif choice == 2:
        verb = verb_by_base("stay", INTRANS)
        home_en, home_fr = aligned(ids, "at home", "à la maison")
        main_en = f"{subj.ea} {en_verb(subj, verb, tense)[0]} {home_en}"
        main_fr = f"{subj.fa} {fr_verb(subj, verb, tense)} {home_fr}"
        reason = rng.choice([("sick", "malade", "être"), ("tired", "fatigué", "être"),
                             ("cold", "froid", "avoir")])
    else:
        verb = verb_by_base("sleep", INTRANS)
        main_en = f"{subj.ea} {en_verb(subj, verb, tense)[0]}"
        main_fr = f"{subj.fa} {fr_verb(subj, verb, tense)}"
        if rng.random() < 0.5:
            place = rng.choice([p for p in PLACES if p["key"] in ("home", "living", "garden")])
            p_en, p_fr = aligned(ids, place["at"], place["fr"])
            main_en += " " + p_en
            main_fr += " " + p_fr
        reason = ("tired", "fatigué", "être")
    pro = subject_pronoun_for(ids, subj)
    p = pro.person
    en_adj, fr_word, aux = reason
    past = tense == "past"
    be = ids.new()  # was hungry / avait faim: was?avait possible; was tired / était fatigué: was-était sure
    be_en = tag(("was" if p in (0, 2) else "were") if past else EN_BE[p], loose(be) if aux == "avoir" else be)
    if aux == "avoir":  # past: imparfait, "parce qu'il avait faim"
        fr_reason = tag(IMPARFAIT_AVOIR[p] if past else AVOIR.pres[p], be) + " " + fr_word
    else:
        adj = agree((fr_word, fr_word + "e", fr_word + "s", fr_word + "es") if fr_word != "malade"
                    else ("malade", "malade", "malades", "malades"), pro.gender, pro.plural)
        fr_reason = tag(IMPARFAIT_ETRE[p] if past else ETRE[p], be) + " " + adj
    adj_label = ids.new()  # hungry-faim, tired-fatigué: sure
    en_adj = tag(en_adj, adj_label)
    head, last = fr_reason.rsplit(" ", 1)
    fr_reason = f"{head} {tag(last, adj_label)}"
    because_en, because_fr = phrase(ids, "because", "parce que", "0-0 0?1")
    en = f"{main_en} {because_en} {pro.ea} {be_en} {en_adj}"
    fr = f"{main_fr} {because_fr} {pro.fa} {fr_reason}"
    return finish_en(en), finish_fr(fr)


def t_weather(rng, ids, long=False):
    """When it rains, the children play in the living room / Quand il pleut, les enfants jouent dans le
    salon."""
    w_en, w_fr, indoor = rng.choice(WEATHER)
    conj_en, conj_fr, tense = rng.choice([("when", "quand", "pres"), ("if", "si", "fut")])
    subj = subject(rng, ids, 0.5)
    keys = (INDOORS if indoor else OUTDOORS).split()
    kind = rng.random()
    if kind < 0.45:
        verb = rng.choice([v for v in INTRANS if set(PLACES_FOR[v.base].split()) & set(keys)])
        place = rng.choice([p for p in PLACES
                            if p["key"] in keys and p["key"] in PLACES_FOR[verb.base].split()])
        en_v, _ = en_verb(subj, verb, tense)
        p_en, p_fr = aligned(ids, place["at"], place["fr"])
        main_en = f"{subj.ea} {en_v} {p_en}"
        main_fr = f"{subj.fa} {fr_verb(subj, verb, tense)} {p_fr}"
    elif kind < 0.7:
        place = rng.choice([p for p in PLACES if p["key"] in keys and p["to"] != "-"])
        go = verb_labels(ALLER).verb  # are going / vont: going-vont sure, are?vont possible
        en_v = (f"{tag(EN_BE[subj.person], loose(go))} {tag('going', go)}" if tense == "fut"
                else en_verb(subj, ALLER, "pres")[0])
        p_en, p_fr = aligned(ids, place["to"], place["fr"])
        main_en = f"{subj.ea} {en_v} {p_en}"
        main_fr = f"{subj.fa} {fr_verb(subj, ALLER, 'pres')} {p_fr}"
    else:
        verb = verb_by_base("drink")
        drink = rng.choice([n for n in NOUNS if "drink" in n.tags])
        temp = [a for a in ADJS if a["en"] == ("hot" if indoor else "cold")]
        adj = temp[0] if "cold" in drink.adjectives and "hot" in drink.adjectives else None
        obj = noun_phrase(ids, drink, False, "some", adj)
        en_v, _ = en_verb(subj, verb, tense)
        main_en = f"{subj.ea} {en_v} {obj.ea}"
        main_fr = f"{subj.fa} {fr_verb(subj, verb, tense)} {obj.fa}"
    conj_en, conj_fr = phrase(ids, conj_en, conj_fr, "0-0")
    w_en, w_fr = aligned(ids, w_en, w_fr)
    c_en, c_fr = commas(ids)
    return (finish_en(f"{conj_en} {w_en} {c_en} {main_en}"),
            finish_fr(f"{conj_fr} {w_fr} {c_fr} {main_fr}"))


def t_say_that(rng, ids, long=False):
    """My mother thinks that the cat is in the garden / Ma mère pense que le chat est dans le jardin."""
    verb = rng.choice(SAY_VERBS)
    s1 = subject(rng, ids, 0.5)
    en_v = en_form(verb, "s3" if s1.third_sg else "base", verb_labels(verb))
    fr_v = tag(verb.pres[s1.person], verb_labels(verb).verb)
    if rng.random() < 0.5:
        noun = rng.choice([n for n in NOUNS if ("thing" in n.tags or "animal" in n.tags) and not n.mass
                           and not {"building", "furniture", "vehicle"} & n.tags])
        plural = rng.random() < 0.3
        s2 = noun_phrase(ids, noun, plural, rng.choice(["the", "my", "your", "our"]))
        s2.person = 5 if plural else 2
        spot_en, spot_fr = aligned(ids, *spot_for(rng, noun))
        be_en, be_fr = phrase(ids, EN_BE[s2.person], ETRE[s2.person], "0-0")
        clause_en = f"{s2.ea} {be_en} {spot_en}"
        clause_fr = f"{s2.fa} {be_fr} {spot_fr}"
    else:
        s2 = subject(rng, ids, 0.6)
        if s2.en == s1.en or (s1.en in ("I", "we") and s2.en in ("I", "we")):
            s2 = person_subject(rng, ids)
        v2 = rng.choice([v for v in VERBS
                         if objects_for(v) and v.base in ("like", "want", "eat", "drink", "read")])
        otag = rng.choice(objects_for(v2))
        obj = object_np(rng, ids, otag, det="the" if v2.base == "like" else None)
        neg = rng.random() < 0.3
        clause_en = f"{s2.ea} {en_verb(s2, v2, 'pres', 'not' if neg else None)[0]} {obj.ea}"
        clause_fr = f"{s2.fa} {fr_verb(s2, v2, 'pres', 'not' if neg else None)} {obj.fa}"
        if neg and v2.base != "like":
            obj = object_np(rng, ids, otag, det="the")
            clause_en = f"{s2.ea} {en_verb(s2, v2, 'pres', 'not')[0]} {obj.ea}"
            clause_fr = f"{s2.fa} {fr_verb(s2, v2, 'pres', 'not')} {obj.fa}"
    that_en, that_fr = phrase(ids, "that", "que", "0-0")
    en = f"{s1.ea} {en_v} {that_en} {clause_en}"
    fr = f"{s1.fa} {fr_v} {that_fr} {clause_fr}"
    return finish_en(en), finish_fr(fr)


def t_want_to(rng, ids, long=False):
    """My brother wants to buy a new bike / Mon frère veut acheter un nouveau vélo."""
    want = verb_by_base("want")
    verb = rng.choice([v for v in VERBS if v.base in ("eat", "drink", "buy", "read", "watch", "make", "write",
                                                      "sell", "wash", "clean", "bring", "see", "take")])
    subj = subject(rng, ids, 0.5)
    neg = "not" if rng.random() < 0.3 else None
    otag = rng.choice(objects_for(verb))
    obj = object_np(rng, ids, otag, negated=bool(neg))
    en_v, _ = en_verb(subj, want, "pres", neg)
    k = verb_labels(verb)  # wants to buy / veut acheter: to?acheter possible
    en = f"{subj.ea} {en_v} {tag('to', loose(k.verb))} {en_form(verb, 'base', k)} {obj.ea}"
    fr = f"{subj.fa} {fr_verb(subj, want, 'pres', neg)} {tag(verb.inf, k.verb)} {obj.fa}"
    keys = PLACES_FOR.get(verb.base, "").split()
    if keys and rng.random() < 0.3:
        place = rng.choice([p for p in PLACES if p["key"] in keys])
        p_en, p_fr = aligned(ids, place["at"], place["fr"])
        en += " " + p_en
        fr += " " + p_fr
    return finish_en(en), finish_fr(fr)
