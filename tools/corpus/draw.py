"""The draw: which templates, how often, how many pairs of each length, in which order.

generate() makes one random generator from the seed and one label source (labels.Ids), passes both to
every template it calls, and returns the pairs in their final shuffled order, so two calls with the same
arguments return the same pairs with the same labels.
"""

import collections
import random

from .clauses import t_because, t_chain, t_say_that, t_want_to, t_weather
from .labels import Ids
from .questions import t_question, t_question_be, t_where_going
from .statements import (
    t_give,
    t_imperative,
    t_indirect,
    t_intrans,
    t_motion,
    t_person_obj,
    t_pronoun_obj,
    t_svo,
)
from .states import t_avoir_state, t_be_adj, t_there_is, t_where
from .tables import FIXED

SEED = 2024
NUM_TRAIN = 2500
NUM_PAIRS = 3000
# Caps on the generated pairs by English length: short 1-3 words, medium 4-7, long 8-12. Generation stops at
# NUM_PAIRS pairs in all, fixed pairs included, so about a third of the corpus is long.
QUOTA = {"short": 90, "medium": 1850, "long": 1000}
MAX_EN_WORDS, MAX_FR_WORDS = 12, 14

# A harder variant for benchmarks, never written into the repository: more pairs (so more of the
# lexicon's words and forms), another seed, mostly long sentences, up to 16 English words.
HARDER = dict(seed=7, num_pairs=9000, quota={"short": 100, "medium": 3400, "long": 5500}, max_words=(16, 18))

TEMPLATES = [  # (function, weight, makes long sentences?)
    (t_svo, 14, False), (t_svo, 10, True), (t_pronoun_obj, 5, False), (t_person_obj, 4, False),
    (t_person_obj, 3, True), (t_indirect, 4, False), (t_indirect, 2, True), (t_give, 3, False),
    (t_give, 2, True), (t_motion, 5, False), (t_motion, 3, True), (t_intrans, 4, False), (t_intrans, 3, True),
    (t_be_adj, 6, False), (t_avoir_state, 2, False), (t_avoir_state, 1, True), (t_where, 4, False),
    (t_there_is, 4, False), (t_imperative, 4, False), (t_question, 7, False), (t_question, 3, True),
    (t_question_be, 4, False), (t_where_going, 2, False), (t_chain, 6, False), (t_because, 4, False),
    (t_weather, 3, False), (t_say_that, 4, False), (t_want_to, 4, False),
]


def bucket(en):
    n = len(en.split())
    return "short" if n <= 3 else ("medium" if n <= 7 else "long")


def generate(seed=SEED, num_pairs=NUM_PAIRS, quota=None, max_words=(MAX_EN_WORDS, MAX_FR_WORDS)):
    """Return the list of (English, French) pairs in their final (shuffled) order.

    ``quota`` caps the pairs per length bucket (default QUOTA); ``max_words`` caps English and French words.
    """
    quota = QUOTA if quota is None else quota
    rng, ids = random.Random(seed), Ids()
    pairs = {}
    for en, fr, _ in FIXED:
        pairs[en] = fr
    counts = collections.Counter()
    funcs = [(f, long) for f, w, long in TEMPLATES for _ in range(w)]
    target = num_pairs
    attempts = 0
    while len(pairs) < target:
        attempts += 1
        if attempts > 200000:
            raise RuntimeError(f"could only make {len(pairs)} pairs")
        func, long = rng.choice(funcs)
        en, fr = func(rng, ids, long)
        n_en, n_fr = len(en.split()), len(fr.split())
        if n_en > max_words[0] or n_fr > max_words[1] or en in pairs:
            continue
        b = bucket(en)
        if counts[b] >= quota[b]:
            continue
        counts[b] += 1
        pairs[en] = fr
    items = sorted(pairs.items())
    random.Random(seed + 1).shuffle(items)
    return items
