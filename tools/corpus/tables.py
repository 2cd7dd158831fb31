"""The word tables: read from the TSV files in tables/, one row a word or phrase.

Each file starts with comment lines (#) that say what its columns mean, then a header row naming the
columns, then one row a line, the fields separated by tabs. Missing fields at the end of a row are
empty. The order of the rows matters: the seeded generator draws from them in that order, so moving or
adding a row changes which sentences it writes.
"""

import pathlib

TABLES = pathlib.Path(__file__).resolve().parent / "tables"


def read_table(name, folder=TABLES):
    """The rows of tables/NAME.tsv as dicts keyed by its header; raises ValueError on a malformed row."""
    path = pathlib.Path(folder) / f"{name}.tsv"
    rows, header = [], None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if header is None:
            header = fields
            continue
        if len(fields) > len(header):
            raise ValueError(f"{path.name}, line {number}: expected at most {len(header)} tab-separated "
                             f"fields ({', '.join(header)}), got {len(fields)}")
        rows.append(dict(zip(header, fields + [""] * (len(header) - len(fields)), strict=True)))
    if header is None:
        raise ValueError(f"{path.name}: expected a header row, got none")
    return rows


class Noun:
    """A noun with its English and French forms, gender, tags and the adjectives that suit it."""

    def __init__(self, en, en_pl, fr, fr_pl, gender, tags, mass=False, person=False, adjectives=()):
        self.en, self.en_pl, self.fr, self.fr_pl = en, en_pl, fr, fr_pl
        self.gender, self.tags, self.mass, self.person = gender, set(tags), mass, person
        self.adjectives = tuple(adjectives)


class Verb:
    """One verb: English forms, French present (je..ils), participle, auxiliary, what it takes."""

    def __init__(self, row):
        self.base, self.s3, self.past, self.ing = row["base"], row["third_singular"], row["past"], row["ing"]
        self.prog = row["progressive"] == "yes"  # English uses the progressive in the present
        self.particle = ""
        if " " in self.base:  # look for, wait for, talk to: keep the particle apart
            self.base, self.particle = self.base.split(" ", 1)
            self.s3, self.past, self.ing = (w.split(" ")[0] for w in (self.s3, self.past, self.ing))
        self.inf = row["infinitive"]
        self.pres = row["present"].split()
        if len(self.pres) != 6:
            raise ValueError(f"verbs.tsv, {self.base}: expected 6 present-tense forms, got {len(self.pres)}")
        self.pp, self.aux, self.imp = row["participle"], row["auxiliary"], row["imperative"]
        self.objs = row["objects"].split()


def _forms(row):
    return row["m_sg"], row["f_sg"], row["m_pl"], row["f_pl"]


NOUNS = [Noun(r["english"], r["english_plural"], r["french"], r["french_plural"], r["gender"],
              r["tags"].split(), adjectives=r["adjectives"].split()) for r in read_table("nouns")]
NOUNS += [Noun(r["english"], r["english"], r["french"], r["french"], r["gender"], r["tags"].split(),
               mass=True, adjectives=r["adjectives"].split()) for r in read_table("mass_nouns")]
PEOPLE = [Noun(r["english"], r["english_plural"], r["french"], r["french_plural"], r["gender"], ["person"],
               person=True, adjectives=r["adjectives"].split()) for r in read_table("people")]
ADJS = [dict(en=r["english"], forms=_forms(r), pre=(r["place"] == "pre"), mv=r["before_vowel"] or r["m_sg"],
             fits=set(r["fits"].split())) for r in read_table("adjectives")]
PREDS = [dict(en=r["english"], forms=_forms(r)) for r in read_table("person_states")]
PREDICATIVE_FORMS = {r["english"]: _forms(r) for r in read_table("after_be")}
AVOIR_STATES = [(r["english"], r["french"]) for r in read_table("avoir_states")]

_VERB_ROWS = read_table("verbs")


def _verbs(kind):
    return [Verb(r) for r in _VERB_ROWS if r["kind"] == kind]


VERBS, IND_VERBS, GIVE_VERBS = _verbs("object"), _verbs("indirect"), _verbs("give")
INTRANS, MOTION, SAY_VERBS = _verbs("intransitive"), _verbs("motion"), _verbs("clause")
AVOIR = next(v for v in _verbs("auxiliary") if v.inf == "avoir")
ALLER = next(v for v in MOTION if v.inf == "aller")

PLACES_FOR = {r["verb"]: r["places"] for r in read_table("verb_places")}
PLACES = [dict(key=r["key"], to=r["to"], at=r["at"], fr=r["french"]) for r in read_table("places")]
SPOTS = [[r["english"], r["french"], r["holds"]] for r in read_table("spots")]
TIMES = {}
for _row in read_table("times"):
    TIMES.setdefault(_row["tense"], []).append((_row["english"], _row["french"]))
WEATHER = [(r["english"], r["french"], r["indoors"] == "yes") for r in read_table("weather")]
CHAINS = [(r["first"], r["second"], r["object"]) for r in read_table("chains")]
PHRASE_LINKS = {f"{r['english']}|{r['french']}": r["links"] for r in read_table("phrase_links")}
FIXED = [(r["english"], r["french"], r["links"]) for r in read_table("fixed")]


def verb_by_base(base, table=None):
    """The verb of table (default VERBS) whose English base, with its particle, is base ('look for')."""
    table = VERBS if table is None else table
    return next(v for v in table if v.base + (" " + v.particle if v.particle else "") == base)
