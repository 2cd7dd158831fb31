"""The generator of the course's English→French corpus, data/eng-fra.txt, from a small grammar.

The corpus is made here, by rule: word tables (nouns with gender and plural, adjectives with their four
forms and their place, verbs with full present tense, participle and auxiliary) feed sentence templates
(statements, negation, object pronouns, passé composé, futur proche, questions, subordinate and
coordinated clauses), plus a hand-written list of short fixed expressions. Everything random goes
through one seeded random.Random, so `python -m tools.corpus` always writes the same bytes. It also
writes the gold word alignment of each pair (data/eng-fra.align), the lexicon file
(data/eng-fra.lexicon.tsv) and the statistics in data/README.md, which gives the conventions.
Standard library only.

The files, each using only those above it:

- tables/*.tsv   the word tables, one row a word or phrase, columns named in each file's header
- tables.py      reads them: nouns, people, adjectives, verbs, places, time phrases, fixed pairs
- labels.py      alignment labels (Ids hands out fresh ones), tokens, and the links read from them
- french.py      French morphology: agreement, être/avoir, the French verb group, elision, contraction;
                 finishing a sentence
- verbs.py       the English verb group; the choice of tense and negation
- phrases.py     noun phrases, subjects, objects, and the place and time phrases a template adds
- statements.py, states.py, questions.py, clauses.py    the 20 templates (28 entries with weights)
- draw.py        the draw, generate(): templates and their weights, length quotas, the shuffled order
- files.py       writing the corpus, alignments, lexicon, README statistics and the harder variant
- __main__.py    the command: python -m tools.corpus [--harder PATH]
"""

from .draw import HARDER, NUM_TRAIN, SEED, generate
from .files import LEXICON, OUT, README, STATS_BEGIN, STATS_END, main, statistics, write_harder
from .labels import Ids, tokens

__all__ = ["HARDER", "LEXICON", "NUM_TRAIN", "OUT", "README", "SEED", "STATS_BEGIN", "STATS_END", "Ids",
           "generate", "main", "statistics", "tokens", "write_harder"]
