"""Write the course's English→French corpus, data/eng-fra.txt, from a small grammar.

The corpus is made here, by rule: explicit lexicon tables (nouns with gender and plural, adjectives with
their four forms and their place, verbs with full present tense, participle and auxiliary) feed sentence
templates (statements, negation, object pronouns, passé composé, futur proche, questions, subordinate
and coordinated clauses), plus a hand-written list of short fixed expressions. Everything random goes
through one seeded `random.Random`, so `python data/make_corpus.py` always writes the same bytes.

Layout: one pair per line, `English<TAB>French`, like the public Tatoeba export. The pairs are written in
a seeded shuffled order; the first NUM_TRAIN lines are the training set, the rest the test set.
Standard library only.
"""

import collections
import pathlib
import random
import re

SEED = 2024
NUM_TRAIN = 2500
NUM_PAIRS = 3000
# Caps on the generated pairs by English length: short 1-3 words, medium 4-7, long 8-12. Generation stops at
# NUM_PAIRS pairs in all, fixed pairs included, so about a third of the corpus is long.
QUOTA = {"short": 90, "medium": 1850, "long": 1000}
MAX_EN_WORDS, MAX_FR_WORDS = 12, 14
OUT = pathlib.Path(__file__).resolve().parent / "eng-fra.txt"

VOWELS = "aeiouyàâéèêëîïôöûùüœæh"  # every French noun here that starts with h has a mute h (l'homme)

# ---------------------------------------------------------------------------------------------------
# Lexicon
# ---------------------------------------------------------------------------------------------------
# English singular | English plural | French singular | French plural | gender | tags
NOUN_TABLE = """
car|cars|voiture|voitures|f|thing buy sell wash see like want vehicle col pricey breakable
bike|bikes|vélo|vélos|m|thing buy sell wash see like want vehicle lose find col pricey breakable
book|books|livre|livres|m|thing buy sell read see like want open close lose find forget bring write col
letter|letters|lettre|lettres|f|thing read write open find lose forget bring noadj
newspaper|newspapers|journal|journaux|m|thing buy read bring find forget noadj
door|doors|porte|portes|f|open close noadj col breakable
window|windows|fenêtre|fenêtres|f|open close wash noadj breakable
box|boxes|boîte|boîtes|f|thing open close buy find bring container col breakable
bag|bags|sac|sacs|m|thing buy sell find lose forget bring open close want container col pricey
key|keys|clé|clés|f|thing find lose forget look bring noadj
phone|phones|téléphone|téléphones|m|thing buy sell find lose forget look want col pricey breakable
pen|pens|stylo|stylos|m|thing buy find lose forget look bring want col breakable
umbrella|umbrellas|parapluie|parapluies|m|thing buy find lose forget look bring col breakable
dress|dresses|robe|robes|f|thing buy sell wash see like want clothes col pricey
shirt|shirts|chemise|chemises|f|thing buy wash see like want clothes col pricey
hat|hats|chapeau|chapeaux|m|thing buy sell see like want lose find clothes col pricey
shoe|shoes|chaussure|chaussures|f|thing buy wash see like want clothes col pricey
cup|cups|tasse|tasses|f|thing buy wash bring dish col breakable
plate|plates|assiette|assiettes|f|thing buy wash bring dish col breakable
glass|glasses|verre|verres|m|thing buy wash bring dish breakable
table|tables|table|tables|f|thing buy sell wash see like clean furniture col breakable
chair|chairs|chaise|chaises|f|thing buy sell see like bring furniture col breakable
bed|beds|lit|lits|m|thing buy sell see like furniture
house|houses|maison|maisons|f|thing buy sell see like clean building col pricey
computer|computers|ordinateur|ordinateurs|m|thing buy sell see like want col pricey breakable
photo|photos|photo|photos|f|thing see like look find noadj
film|films|film|films|m|watch like noadj
song|songs|chanson|chansons|f|like sing noadj
room|rooms|chambre|chambres|f|clean noadj
kitchen|kitchens|cuisine|cuisines|f|clean noadj
dog|dogs|chien|chiens|m|animal see like wash want find look
cat|cats|chat|chats|m|animal see like wash want find look
bird|birds|oiseau|oiseaux|m|animal see like watch
horse|horses|cheval|chevaux|m|animal see like buy sell watch
cow|cows|vache|vaches|f|animal see watch
rabbit|rabbits|lapin|lapins|m|animal see like want find look
apple|apples|pomme|pommes|f|food eat buy like want bring
orange|oranges|orange|oranges|f|food eat buy like want bring
banana|bananas|banane|bananes|f|food eat buy like want
egg|eggs|œuf|œufs|m|food eat buy like
tomato|tomatoes|tomate|tomates|f|food eat buy like
cake|cakes|gâteau|gâteaux|m|food eat buy like want make bring
sandwich|sandwiches|sandwich|sandwichs|m|food eat buy want make bring
carrot|carrots|carotte|carottes|f|food eat buy like
"""

# Mass nouns: English | French | gender | tags  (partitive: du pain, de la soupe, de l'eau)
MASS_TABLE = """
bread|pain|m|food eat buy like want bring
cheese|fromage|m|food eat buy like want
soup|soupe|f|food eat like want make
meat|viande|f|food eat buy like
rice|riz|m|food eat buy like make
chocolate|chocolat|m|food eat buy like want
fish|poisson|m|food eat buy like
water|eau|f|drink buy want bring
milk|lait|m|drink buy like want
coffee|café|m|drink buy like want make
tea|thé|m|drink like want make
juice|jus|m|drink buy like want
"""

# People: English sg | English pl | French sg | French pl | gender
PERSON_TABLE = """
mother|mothers|mère|mères|f
father|fathers|père|pères|m
sister|sisters|sœur|sœurs|f
brother|brothers|frère|frères|m
friend|friends|ami|amis|m
grandmother|grandmothers|grand-mère|grands-mères|f
grandfather|grandfathers|grand-père|grands-pères|m
teacher|teachers|professeur|professeurs|m
neighbour|neighbours|voisin|voisins|m
child|children|enfant|enfants|m
boy|boys|garçon|garçons|m
girl|girls|fille|filles|f
baby|babies|bébé|bébés|m
doctor|doctors|médecin|médecins|m
uncle|uncles|oncle|oncles|m
aunt|aunts|tante|tantes|f
woman|women|femme|femmes|f
man|men|homme|hommes|m
"""

# English | m sg | f sg | m pl | f pl | place | m sg before a vowel | what it describes
# An English word may have two rows when French picks the word by what it describes: "big" is grand for
# things and animals (une grande maison) but gros for food (un gros œuf, une grosse pomme).
ADJ_TABLE = """
red|rouge|rouge|rouges|rouges|post||col
green|vert|verte|verts|vertes|post||col
blue|bleu|bleue|bleus|bleues|post||col
black|noir|noire|noirs|noires|post||col
white|blanc|blanche|blancs|blanches|post||col
yellow|jaune|jaune|jaunes|jaunes|post||col
grey|gris|grise|gris|grises|post||col
expensive|cher|chère|chers|chères|post||pricey
heavy|lourd|lourde|lourds|lourdes|post||container
broken|cassé|cassée|cassés|cassées|post||breakable
dirty|sale|sale|sales|sales|post||wash
clean|propre|propre|propres|propres|post||wash
hot|chaud|chaude|chauds|chaudes|post||drink
cold|froid|froide|froids|froides|post||drink
fresh|frais|fraîche|frais|fraîches|post||food
delicious|délicieux|délicieuse|délicieux|délicieuses|post||food
small|petit|petite|petits|petites|pre||thing animal
little|petit|petite|petits|petites|pre||kid
big|grand|grande|grands|grandes|pre||thing animal
big|gros|grosse|gros|grosses|pre||food
new|nouveau|nouvelle|nouveaux|nouvelles|pre|nouvel|thing
old|vieux|vieille|vieux|vieilles|pre|vieil|thing animal person
beautiful|beau|belle|beaux|belles|pre|bel|thing animal
young|jeune|jeune|jeunes|jeunes|pre||person animal
good|bon|bonne|bons|bonnes|pre||food
"""
# After "be", some adjectives take another word: "the dress is new" (brand-new) is "la robe est neuve",
# while "a new dress" stays "une nouvelle robe". English | m sg | f sg | m pl | f pl
PREDICATIVE_TABLE = """
new|neuf|neuve|neufs|neuves
"""

# Predicative adjectives for people: English | m sg | f sg | m pl | f pl
PRED_TABLE = """
tired|fatigué|fatiguée|fatigués|fatiguées
happy|heureux|heureuse|heureux|heureuses
sad|triste|triste|tristes|tristes
sick|malade|malade|malades|malades
ready|prêt|prête|prêts|prêtes
busy|occupé|occupée|occupés|occupées
late|en retard|en retard|en retard|en retard
angry|en colère|en colère|en colère|en colère
"""

# "I am hungry" = "J'ai faim": English adjective | French noun after avoir
AVOIR_STATES = [("hungry", "faim"), ("thirsty", "soif"), ("cold", "froid"), ("hot", "chaud"),
                ("afraid", "peur")]


class Verb:
    """One verb: English forms, French present (je..ils), participle, auxiliary, what it takes."""

    def __init__(self, spec):
        en, fr, pres, pp, aux, imp, objs = [part.strip() for part in spec.split("|")]
        self.base, self.s3, self.past, self.ing = en.split(",")
        self.prog = self.base.startswith("*")  # English uses the progressive in the present
        self.base = self.base.lstrip("*")
        self.particle = ""
        if " " in self.base:  # look for, wait for, talk to: keep the particle apart
            self.base, self.particle = self.base.split(" ", 1)
            self.s3, self.past, self.ing = (w.split(" ")[0] for w in (self.s3, self.past, self.ing))
        self.inf = fr
        self.pres = pres.split()
        assert len(self.pres) == 6, spec
        self.pp, self.aux, self.imp = pp, aux, imp
        self.objs = objs.split()

    def en(self, form):
        word = {"base": self.base, "s3": self.s3, "past": self.past, "ing": self.ing}[form]
        return word + (" " + self.particle if self.particle else "")


# English base,3sg,past,ing | French infinitive | present je tu il nous vous ils | participle |
# auxiliary | tu imperative | objects it takes (noun tags; "person"; "-" for none)
VERB_TABLE = """
see,sees,saw,seeing|voir|vois vois voit voyons voyez voient|vu|avoir|-|see person
eat,eats,ate,eating|manger|mange manges mange mangeons mangez mangent|mangé|avoir|mange|eat
drink,drinks,drank,drinking|boire|bois bois boit buvons buvez boivent|bu|avoir|bois|drink
buy,buys,bought,buying|acheter|achète achètes achète achetons achetez achètent|acheté|avoir|achète|buy
like,likes,liked,liking|aimer|aime aimes aime aimons aimez aiment|aimé|avoir|-|like person
want,wants,wanted,wanting|vouloir|veux veux veut voulons voulez veulent|voulu|avoir|-|want
take,takes,took,taking|prendre|prends prends prend prenons prenez prennent|pris|avoir|prends|want lose
*look for,looks for,looked for,looking for|chercher|cherche cherches cherche cherchons cherchez cherchent|cherché|avoir|cherche|look person
find,finds,found,finding|trouver|trouve trouves trouve trouvons trouvez trouvent|trouvé|avoir|-|find
read,reads,read,reading|lire|lis lis lit lisons lisez lisent|lu|avoir|lis|read
write,writes,wrote,writing|écrire|écris écris écrit écrivons écrivez écrivent|écrit|avoir|écris|write
sell,sells,sold,selling|vendre|vends vends vend vendons vendez vendent|vendu|avoir|vends|sell
wash,washes,washed,washing|laver|lave laves lave lavons lavez lavent|lavé|avoir|lave|wash
open,opens,opened,opening|ouvrir|ouvre ouvres ouvre ouvrons ouvrez ouvrent|ouvert|avoir|ouvre|open
close,closes,closed,closing|fermer|ferme fermes ferme fermons fermez ferment|fermé|avoir|ferme|close
*wait for,waits for,waited for,waiting for|attendre|attends attends attend attendons attendez attendent|attendu|avoir|attends|person
watch,watches,watched,watching|regarder|regarde regardes regarde regardons regardez regardent|regardé|avoir|regarde|watch
lose,loses,lost,losing|perdre|perds perds perd perdons perdez perdent|perdu|avoir|-|lose
forget,forgets,forgot,forgetting|oublier|oublie oublies oublie oublions oubliez oublient|oublié|avoir|-|forget
make,makes,made,making|faire|fais fais fait faisons faites font|fait|avoir|fais|make
bring,brings,brought,bringing|apporter|apporte apportes apporte apportons apportez apportent|apporté|avoir|apporte|bring
call,calls,called,calling|appeler|appelle appelles appelle appelons appelez appellent|appelé|avoir|appelle|person
help,helps,helped,helping|aider|aide aides aide aidons aidez aident|aidé|avoir|aide|person
know,knows,knew,knowing|connaître|connais connais connaît connaissons connaissez connaissent|connu|avoir|-|person
clean,cleans,cleaned,cleaning|nettoyer|nettoie nettoies nettoie nettoyons nettoyez nettoient|nettoyé|avoir|nettoie|clean
"""
# Verbs with an indirect object (French à + person, pronoun lui/leur).
IND_VERB_TABLE = """
*talk to,talks to,talked to,talking to|parler|parle parles parle parlons parlez parlent|parlé|avoir|parle|-
phone,phones,phoned,phoning|téléphoner|téléphone téléphones téléphone téléphonons téléphonez téléphonent|téléphoné|avoir|téléphone|-
answer,answers,answered,answering|répondre|réponds réponds répond répondons répondez répondent|répondu|avoir|réponds|-
write to,writes to,wrote to,writing to|écrire|écris écris écrit écrivons écrivez écrivent|écrit|avoir|écris|-
"""
# Verbs giving something to someone: give X to Y = donner X à Y; give him X = lui donner X.
GIVE_TABLE = """
give,gives,gave,giving|donner|donne donnes donne donnons donnez donnent|donné|avoir|donne|bring
show,shows,showed,showing|montrer|montre montres montre montrons montrez montrent|montré|avoir|montre|bring buy see
"""
# Intransitive verbs that sit well with a place ("in the garden").
INTRANS_TABLE = """
sleep,sleeps,slept,sleeping|dormir|dors dors dort dormons dormez dorment|dormi|avoir|dors|-
work,works,worked,working|travailler|travaille travailles travaille travaillons travaillez travaillent|travaillé|avoir|travaille|-
play,plays,played,playing|jouer|joue joues joue jouons jouez jouent|joué|avoir|joue|-
eat,eats,ate,eating|manger|mange manges mange mangeons mangez mangent|mangé|avoir|mange|-
read,reads,read,reading|lire|lis lis lit lisons lisez lisent|lu|avoir|lis|-
sing,sings,sang,singing|chanter|chante chantes chante chantons chantez chantent|chanté|avoir|chante|-
stay,stays,stayed,staying|rester|reste restes reste restons restez restent|resté|être|reste|-
"""
# Verbs of motion with a destination, auxiliary être.
MOTION_TABLE = """
go,goes,went,going|aller|vais vas va allons allez vont|allé|être|va|-
come,comes,came,coming|venir|viens viens vient venons venez viennent|venu|être|viens|-
arrive,arrives,arrived,arriving|arriver|arrive arrives arrive arrivons arrivez arrivent|arrivé|être|-|-
"""
# Verbs that take a clause: think that, know that, say that.
SAY_TABLE = """
think,thinks,thought,thinking|penser|pense penses pense pensons pensez pensent|pensé|avoir|-|-
know,knows,knew,knowing|savoir|sais sais sait savons savez savent|su|avoir|-|-
say,says,said,saying|dire|dis dis dit disons dites disent|dit|avoir|-|-
"""
ALLER = Verb(MOTION_TABLE.strip().splitlines()[0])
AVOIR = Verb("have,has,had,having|avoir|ai as a avons avez ont|eu|avoir|-|-")
ETRE = ["suis", "es", "est", "sommes", "êtes", "sont"]
IMPARFAIT_AVOIR = ["avais", "avais", "avait", "avions", "aviez", "avaient"]
IMPARFAIT_ETRE = ["étais", "étais", "était", "étions", "étiez", "étaient"]

# Places: key | English "to" form | English "at/in" form | French (same for both)
PLACE_TABLE = """
school|to school|at school|à l'école
home|home|at home|à la maison
station|to the station|at the station|à la gare
market|to the market|at the market|au marché
park|to the park|in the park|au parc
beach|to the beach|at the beach|à la plage
cinema|to the cinema|at the cinema|au cinéma
restaurant|to the restaurant|at the restaurant|au restaurant
town|to town|in town|en ville
library|to the library|at the library|à la bibliothèque
office|to the office|at the office|au bureau
kitchen|-|in the kitchen|dans la cuisine
garden|-|in the garden|dans le jardin
living|-|in the living room|dans le salon
street|-|in the street|dans la rue
"""
# Where a thing, a food or an animal is: English | French | what can be there
SPOT_TABLE = """
on the table|sur la table|thing food
under the table|sous la table|thing animal
on the chair|sur la chaise|thing animal
under the bed|sous le lit|thing animal
in the bag|dans le sac|small food
in the box|dans la boîte|small food animal
in the car|dans la voiture|thing animal
in the kitchen|dans la cuisine|thing food animal
in the garden|dans le jardin|animal
in the living room|dans le salon|thing animal
near the door|près de la porte|thing animal
near the window|près de la fenêtre|thing animal
"""
# Time phrases by tense: English | French
TIMES = {
    "past": [("yesterday", "hier"), ("last week", "la semaine dernière"), ("this morning", "ce matin"),
             ("last night", "hier soir"), ("last Sunday", "dimanche dernier")],
    "pres": [("every day", "tous les jours"), ("every morning", "tous les matins"),
             ("on Sundays", "le dimanche"), ("in the evening", "le soir")],
    "fut": [("tomorrow", "demain"), ("next week", "la semaine prochaine"), ("this evening", "ce soir"),
            ("next Sunday", "dimanche prochain")],
}

# Short fixed expressions, written by hand.
FIXED = """
Hello!|Bonjour !
Hi!|Salut !
Good morning.|Bonjour.
Good evening.|Bonsoir.
Good night.|Bonne nuit.
Goodbye.|Au revoir.
See you tomorrow.|À demain.
See you soon.|À bientôt.
Thank you.|Merci.
Thanks a lot.|Merci beaucoup.
You're welcome.|De rien.
Please.|S'il te plaît.
Excuse me.|Excuse-moi.
Sorry.|Désolé.
Yes.|Oui.
No.|Non.
Of course.|Bien sûr.
Maybe.|Peut-être.
Okay.|D'accord.
Come here.|Viens ici.
Come in.|Entre.
Sit down.|Assieds-toi.
Stand up.|Lève-toi.
Wait.|Attends.
Wait here.|Attends ici.
Look!|Regarde !
Listen.|Écoute.
Be quiet.|Tais-toi.
Hurry up.|Dépêche-toi.
Help me.|Aide-moi.
Help!|Au secours !
Stop!|Arrête !
Go away.|Va-t'en.
Be careful.|Fais attention.
Try again.|Essaie encore.
Follow me.|Suis-moi.
Call me.|Appelle-moi.
Let's go.|Allons-y.
Let's eat.|Mangeons.
I know.|Je sais.
I see.|Je vois.
I agree.|Je suis d'accord.
I'm coming.|J'arrive.
I'm hungry.|J'ai faim.
I'm here.|Je suis ici.
I'm home.|Je suis à la maison.
I won.|J'ai gagné.
I forgot.|J'ai oublié.
I don't know.|Je ne sais pas.
I understand.|Je comprends.
I don't understand.|Je ne comprends pas.
It's late.|Il est tard.
It's raining.|Il pleut.
It's cold.|Il fait froid.
It's my turn.|C'est mon tour.
That's right.|C'est exact.
That's true.|C'est vrai.
It's nothing.|Ce n'est rien.
It's too late.|C'est trop tard.
Who is it?|Qui est-ce ?
What is it?|Qu'est-ce que c'est ?
Who are you?|Qui es-tu ?
Really?|Vraiment ?
Why?|Pourquoi ?
Why not?|Pourquoi pas ?
Where?|Où ?
When?|Quand ?
How are you?|Comment vas-tu ?
What time is it?|Quelle heure est-il ?
Where is the station?|Où est la gare ?
Where are you?|Où es-tu ?
Are you hungry?|As-tu faim ?
Are you sure?|Tu es sûr ?
Are you ready?|Es-tu prêt ?
Do you understand?|Tu comprends ?
Can you help me?|Peux-tu m'aider ?
What do you want?|Qu'est-ce que tu veux ?
Happy birthday!|Joyeux anniversaire !
Good luck!|Bonne chance !
Have a nice day.|Bonne journée.
Enjoy your meal.|Bon appétit.
Welcome.|Bienvenue.
Nice to meet you.|Enchanté.
My name is Tom.|Je m'appelle Tom.
I love you.|Je t'aime.
I miss you.|Tu me manques.
I'm tired.|Je suis fatigué.
I'm sorry.|Je suis désolé.
Nobody knows.|Personne ne sait.
Everybody knows.|Tout le monde le sait.
The water is cold.|L'eau est froide.
The train is late.|Le train est en retard.
When does the train leave?|Quand part le train ?
How much is this dress?|Combien coûte cette robe ?
It is very hot today.|Il fait très chaud aujourd'hui.
What are you doing?|Qu'est-ce que tu fais ?
I see the red car.|Je vois la voiture rouge.
I saw her.|Je l'ai vue.
Yesterday, my sister didn't eat the green apples in the kitchen.|Hier, ma sœur n'a pas mangé les pommes vertes dans la cuisine.
I bought a red car and my brother sold it.|J'ai acheté une voiture rouge et mon frère l'a vendue.
Do you like chocolate?|Est-ce que tu aimes le chocolat ?
"""


def parse(table):
    return [line.split("|") for line in table.strip().splitlines()]


class Noun:
    """A noun with its English and French forms, gender and tags."""

    def __init__(self, en, en_pl, fr, fr_pl, gender, tags, mass=False, person=False):
        self.en, self.en_pl, self.fr, self.fr_pl = en, en_pl, fr, fr_pl
        self.gender, self.tags, self.mass, self.person = gender, set(tags), mass, person


NOUNS = [Noun(en, en_pl, fr, fr_pl, g, tags.split()) for en, en_pl, fr, fr_pl, g, tags in parse(NOUN_TABLE)]
NOUNS += [Noun(en, en, fr, fr, g, tags.split(), mass=True) for en, fr, g, tags in parse(MASS_TABLE)]
PEOPLE = [Noun(en, en_pl, fr, fr_pl, g, ["person"], person=True) for en, en_pl, fr, fr_pl, g in parse(PERSON_TABLE)]
ADJS = [dict(en=en, forms=(ms, fs, mp, fp), pre=(pos == "pre"), mv=mv or ms, fits=set(fits.split()))
        for en, ms, fs, mp, fp, pos, mv, fits in parse(ADJ_TABLE)]
PREDS = [dict(en=en, forms=(ms, fs, mp, fp)) for en, ms, fs, mp, fp in parse(PRED_TABLE)]
PREDICATIVE_FORMS = {en: (ms, fs, mp, fp) for en, ms, fs, mp, fp in parse(PREDICATIVE_TABLE)}
VERBS = [Verb(line) for line in VERB_TABLE.strip().splitlines()]
IND_VERBS = [Verb(line) for line in IND_VERB_TABLE.strip().splitlines()]
GIVE_VERBS = [Verb(line) for line in GIVE_TABLE.strip().splitlines()]
INTRANS = [Verb(line) for line in INTRANS_TABLE.strip().splitlines()]
MOTION = [Verb(line) for line in MOTION_TABLE.strip().splitlines()]
SAY_VERBS = [Verb(line) for line in SAY_TABLE.strip().splitlines()]
PLACES = [dict(key=k, to=to, at=at, fr=fr) for k, to, at, fr in parse(PLACE_TABLE)]
SPOTS = parse(SPOT_TABLE)
SMALL = ("book", "letter", "key", "phone", "pen", "photo", "newspaper", "cup", "glass", "apple", "orange",
         "banana", "egg", "tomato", "sandwich", "carrot")


def spot_for(rng, noun):
    """A place where this noun can sit: 'on the table' for a cup, 'in the garden' for a dog."""
    kinds = {"animal"} if "animal" in noun.tags else ({"food"} if "food" in noun.tags else {"thing"})
    if noun.en in SMALL:
        kinds.add("small")
    spots = [(en, fr) for en, fr, holds in SPOTS if kinds & set(holds.split())
             and noun.en not in en and noun.fr not in fr]
    if noun.en in ("horse", "cow"):
        spots = [(en, fr) for en, fr, holds in SPOTS if "garden" in en]
    return rng.choice(spots)


def starts_with_vowel(word):
    return word[:1].lower() in VOWELS


def agree(forms, gender, plural):
    """Pick the form (m sg, f sg, m pl, f pl) that agrees with gender and number."""
    return forms[(2 if plural else 0) + (1 if gender == "f" else 0)]


def agree_pp(pp, gender, plural):
    """Past participle agreement: vu, vue, vus, vues; pris, prise, pris, prises."""
    word = pp + ("e" if gender == "f" else "")
    return word + ("s" if plural and not word.endswith("s") else "")


# ---------------------------------------------------------------------------------------------------
# Noun phrases and subjects
# ---------------------------------------------------------------------------------------------------
class NP:
    """A noun phrase in both languages, with the French gender and number it imposes."""

    def __init__(self, en, fr, gender, plural, person=2, pronoun=False, noun=None):
        self.en, self.fr, self.gender, self.plural = en, fr, gender, plural
        self.person, self.pronoun, self.noun = person, pronoun, noun

    @property
    def third_sg(self):
        return self.person == 2


POSSESSIVES = {  # English: (m sg, f sg, pl)
    "my": ("mon", "ma", "mes"), "your": ("ton", "ta", "tes"), "his": ("son", "sa", "ses"),
    "her": ("son", "sa", "ses"), "our": ("notre", "notre", "nos"), "their": ("leur", "leur", "leurs"),
}


def noun_phrase(noun, plural=False, det="the", adj=None, negated=False):
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
    return NP(en_det + en_adj + en_noun, fr_det + pre + fr_noun + post, g, plural, noun=noun)


PRONOUNS = [  # English, French, person (0..5), gender, plural
    ("I", "je", 0, "m", False), ("you", "tu", 1, "m", False), ("he", "il", 2, "m", False),
    ("she", "elle", 2, "f", False), ("we", "nous", 3, "m", True), ("they", "ils", 5, "m", True),
]


def pronoun_subject(rng, allow=None):
    choices = [p for p in PRONOUNS if allow is None or p[0] in allow]
    en, fr, person, g, pl = rng.choice(choices)
    return NP(en, fr, g, pl, person=person, pronoun=True)


PERSON_ADJS = {"boy": ("little",), "girl": ("little",), "brother": ("little",), "sister": ("little",),
               "man": ("old", "young"), "woman": ("old", "young"), "friend": ("old",), "neighbour": ("old", "young"),
               "teacher": ("young",), "doctor": ("young",)}
PLURAL_PEOPLE = ("friend", "brother", "sister", "child", "boy", "girl", "neighbour")


FAMILY = ("mother", "father", "sister", "brother", "grandmother", "grandfather", "friend", "uncle", "aunt")


def person_subject(rng, plural=None, as_object=False):
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
        fitting = [a for a in ADJS if a["en"] in PERSON_ADJS.get(noun.en, ())]
        adj = rng.choice(fitting) if fitting else None
    np_ = noun_phrase(noun, plural, det, adj)
    np_.person = 5 if plural else 2
    return np_


def subject(rng, p_pronoun=0.55):
    return pronoun_subject(rng) if rng.random() < p_pronoun else person_subject(rng)


def subject_pronoun_for(np_):
    """The pronoun that takes up a subject: 'my sister' -> she / elle."""
    if np_.pronoun:
        return np_
    if np_.plural:
        return NP("they", "elles" if np_.gender == "f" else "ils", np_.gender, True, person=5, pronoun=True)
    if np_.gender == "f":
        return NP("she", "elle", "f", False, person=2, pronoun=True)
    return NP("he", "il", "m", False, person=2, pronoun=True)


# Adjectives that suit each food and drink (others get theirs from their tags).
FOOD_ADJS = {
    "apple": "red green yellow small big fresh good", "orange": "small big fresh good delicious",
    "banana": "yellow green small big good", "egg": "white small big fresh", "tomato": "red green small big fresh",
    "cake": "big small good delicious", "sandwich": "big good delicious fresh", "carrot": "small big fresh",
    "bread": "fresh good", "cheese": "fresh good delicious", "soup": "hot cold good delicious",
    "meat": "fresh good", "rice": "good white", "chocolate": "good delicious", "fish": "fresh good",
    "water": "cold hot", "milk": "cold hot fresh", "coffee": "hot cold good", "tea": "hot cold good",
    "juice": "fresh cold good",
}
SPECIFIC = {"col", "pricey", "breakable", "wash", "container"}
# English adjectives with more than one row in ADJ_TABLE: a food takes the row that fits food (gros).
SHARED_ADJS = {en for en, n in collections.Counter(a["en"] for a in ADJS).items() if n > 1}


def adjectives_for(noun):
    """The adjectives that make sense with a noun (colours for things that have one, 'hot' for soup...)."""
    if noun.en in FOOD_ADJS:
        names = FOOD_ADJS[noun.en].split()
        return [a for a in ADJS if a["en"] in names and (a["en"] not in SHARED_ADJS or a["fits"] & noun.tags)]
    if "animal" in noun.tags:
        return [a for a in ADJS if "animal" in a["fits"] or a["en"] in ("black", "white", "grey")]
    fitting = [a for a in ADJS if a["fits"] & noun.tags & SPECIFIC]
    if "noadj" not in noun.tags:
        fitting += [a for a in ADJS if a["fits"] & {"thing"} and a["pre"]]
    return fitting


def object_np(rng, tag, negated=False, allow_mass=True, det=None, plural=None, p_adj=0.45):
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
    return noun_phrase(noun, plural, det, adj, negated=negated)


# ---------------------------------------------------------------------------------------------------
# Verb phrases
# ---------------------------------------------------------------------------------------------------
EN_BE = {0: "am", 1: "are", 2: "is", 3: "are", 4: "are", 5: "are"}
EN_BE_NOT = {0: "am not", 1: "aren't", 2: "isn't", 3: "aren't", 4: "aren't", 5: "aren't"}


def en_verb(subj, verb, tense, neg=None, habitual=False):
    """English verb group after the subject: 'doesn't eat', 'ate', 'am going to eat', 'is looking for'.

    neg in None, 'not', 'never', 'anymore' (the word 'anymore' goes at the end: returned separately).
    A progressive verb (look for, wait for, talk to) takes the simple present with 'never' or when the
    sentence says how often (habitual=True: 'every day', 'on Sundays'): 'she never waits for him'.
    """
    p = subj.person
    tail = " anymore" if neg == "anymore" else ""
    if tense == "fut":
        be = EN_BE_NOT[p] if neg in ("not", "anymore") else EN_BE[p] + (" never" if neg == "never" else "")
        return f"{be} going to {verb.en('base')}", tail
    if tense == "past":
        if neg in ("not", "anymore"):
            return f"didn't {verb.en('base')}", tail
        return ("never " if neg == "never" else "") + verb.en("past"), tail
    if verb.prog and not habitual and neg != "never":
        be = EN_BE_NOT[p] if neg in ("not", "anymore") else EN_BE[p]
        return f"{be} {verb.en('ing')}", tail
    if neg in ("not", "anymore"):
        return ("doesn't " if subj.third_sg else "don't ") + verb.en("base"), tail
    return ("never " if neg == "never" else "") + verb.en("s3" if subj.third_sg else "base"), tail


FR_NEG = {"not": "pas", "never": "jamais", "anymore": "plus"}


def fr_verb(subj, verb, tense, neg=None, pron="", pron_agr=None, adverb=""):
    """French verb group after the subject, with clitic pronoun and negation in place.

    pron is a preverbal object pronoun (le, la, les, lui, leur); pron_agr=(gender, plural) makes the
    participle agree with a preceding direct object (je l'ai vue). adverb (bien) goes right after the
    conjugated verb: je l'aime bien, je l'ai bien aimé.
    """
    p = subj.person
    ne = "ne " if neg else ""
    pas = " " + FR_NEG[neg] if neg else ""
    cl = pron + " " if pron else ""
    adv = " " + adverb if adverb else ""
    if tense == "fut":
        return f"{ne}{ALLER.pres[p]}{pas}{adv} {cl}{verb.inf}"
    if tense == "past":
        if verb.aux == "être":
            pp = agree_pp(verb.pp, subj.gender, subj.plural)
            aux = ETRE[p]
        else:
            pp = agree_pp(verb.pp, *pron_agr) if pron_agr else verb.pp
            aux = AVOIR.pres[p]
        return f"{ne}{cl}{aux}{pas}{adv} {pp}"
    return f"{ne}{cl}{verb.pres[p]}{pas}{adv}"


# With a person as object, French "aimer" alone means "love": "like" someone is "aimer bien" (je l'aime
# bien, il aime bien mon frère). The negative needs no adverb: je ne l'aime pas.
PERSON_OBJECT_ADVERBS = {"like": "bien"}


def person_object_adverb(verb, neg):
    """The adverb the French verb takes with a person as object: 'bien' for like, unless negated."""
    return "" if neg else PERSON_OBJECT_ADVERBS.get(verb.base, "")


# Tenses that read naturally for each verb ("I lose my keys every day" does not); others take all three.
TENSES_FOR = {"like": ("pres",), "want": ("pres",), "know": ("pres",), "lose": ("past",), "forget": ("past",),
              "find": ("past", "fut")}


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


# ---------------------------------------------------------------------------------------------------
# Final touches: elision, contraction, capitals, punctuation
# ---------------------------------------------------------------------------------------------------
ELIDE = {"je": "j'", "me": "m'", "te": "t'", "le": "l'", "la": "l'", "ne": "n'", "de": "d'", "que": "qu'",
         "se": "s'"}


def finish_fr(text, end="."):
    words = text.split()
    out = []
    i = 0
    while i < len(words):
        w = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else ""
        low = w.lower()
        if low == "à" and nxt == "le" and not starts_with_vowel(words[i + 2]):
            out.append("au")
            i += 2
            continue
        if low == "à" and nxt == "les":
            out.append("aux")
            i += 2
            continue
        if low == "de" and nxt == "le" and not starts_with_vowel(words[i + 2]):
            out.append("du")
            i += 2
            continue
        if low == "de" and nxt == "les":
            out.append("des")
            i += 2
            continue
        if low in ELIDE and nxt and starts_with_vowel(nxt):
            words[i + 1] = ELIDE[low] + nxt
            if w[0].isupper():
                words[i + 1] = words[i + 1][0].upper() + words[i + 1][1:]
            i += 1
            continue
        if low == "si" and nxt in ("il", "ils"):
            words[i + 1] = "s'" + nxt
            i += 1
            continue
        out.append(w)
        i += 1
    s = " ".join(out)
    s = re.sub(r" ,", ",", s)
    s = s[0].upper() + s[1:]
    return s + (" " + end if end in "?!" else end)


def finish_en(text, end="."):
    s = " ".join(text.split())
    s = re.sub(r" ,", ",", s)
    return s[0].upper() + s[1:] + end


# ---------------------------------------------------------------------------------------------------
# Templates: each takes (rng, long) and returns a finished (English, French) pair; `long` asks for extras
# ---------------------------------------------------------------------------------------------------
def objects_for(verb):
    return [t for t in verb.objs if t != "person"]


def like_object(rng, tag):
    """What one likes: in general (apples / les pommes, milk / le lait) or a definite thing (the red car)."""
    if rng.random() < 0.6:
        noun = rng.choice([n for n in NOUNS if {"food", "drink", "animal"} & n.tags])
        plural = not noun.mass
        obj = noun_phrase(noun, plural, "the")
        obj.en = noun.en_pl if plural else noun.en  # English says "I like apples", French "j'aime les pommes"
        return obj
    return object_np(rng, tag, det=rng.choice(["the", "the", "my", "your", "this"]))


def t_svo(rng, long=False):
    """S V O, with tense, negation, optional time phrase and place."""
    verb = rng.choice(VERBS)
    tags = objects_for(verb)
    if not tags:
        verb = VERBS[0]
        tags = objects_for(verb)
    tense = pick_tense(rng, verb)
    neg = random_neg(rng, tense, verb=verb)
    subj = subject(rng)
    tense = unambiguous(verb, tense, subj, neg)
    tag = rng.choice(tags)
    if verb.base == "like":
        obj = like_object(rng, tag)
    else:
        obj = object_np(rng, tag, negated=bool(neg))
    en_v, en_tail = en_verb(subj, verb, tense, neg)
    en = f"{subj.en} {en_v} {obj.en}{en_tail}"
    en_habitual = f"{subj.en} {en_verb(subj, verb, tense, neg, habitual=True)[0]} {obj.en}{en_tail}"
    fr = f"{subj.fr} {fr_verb(subj, verb, tense, neg)} {obj.fr}"
    en, fr = add_extras(rng, en, fr, tense, long, allow_place=True, verb=verb, neg=neg, en_habitual=en_habitual)
    return finish_en(en), finish_fr(fr)


# Where each verb can happen (place keys); verbs not listed get no place.
PLACES_FOR = {
    "buy": "market town", "sell": "market town", "eat": "home kitchen restaurant garden park school",
    "drink": "home kitchen restaurant garden park", "read": "library home living garden park school office",
    "write": "library home living school office", "see": "market town park street station school beach",
    "watch": "living home cinema park", "find": "garden kitchen living street park school",
    "lose": "park street town station school beach", "look": "garden kitchen living street park station",
    "make": "kitchen home", "wait": "station street park school",
    "wash": "kitchen garden", "call": "home office", "help": "kitchen garden school",
    "sleep": "home living garden", "work": "office home garden kitchen school library town",
    "play": "garden park living street school beach", "sing": "living kitchen garden school street",
    "stay": "home school office library",
}


def add_extras(rng, en, fr, tense, long, allow_place=True, verb=None, neg=None, en_habitual=None):
    """Optionally add a place and/or a time phrase (more often for long sentences).

    en_habitual is the English sentence with its verb in the simple present, used instead of en when a
    present-tense time phrase says how often ("she talks to her on Sundays", not "is talking").
    """
    if neg == "anymore" or (verb is not None and verb.base in ("like", "want", "know")):
        return en, fr  # "I don't see him anymore" ends the sentence; "I like her on Sundays" is odd
    keys = PLACES_FOR.get(verb.base, "").split() if verb is not None else []
    if allow_place and keys and rng.random() < (0.6 if long else 0.15):
        place = rng.choice([p for p in PLACES if p["key"] in keys])
        en += " " + place["at"]
        fr += " " + place["fr"]
        if en_habitual is not None:
            en_habitual += " " + place["at"]
    if neg == "never" or (neg and tense == "pres"):  # not "he never ate it yesterday", "he doesn't ... every day"
        return en, fr
    if rng.random() < (0.7 if long else 0.15):
        t_en, t_fr = rng.choice(TIMES[tense])
        if tense == "pres" and en_habitual is not None:
            en = en_habitual
        if rng.random() < 0.5:
            en = f"{t_en}, {en}"
            fr = f"{t_fr}, {fr}"
        else:
            en = f"{en} {t_en}"
            fr = f"{fr} {t_fr}"
    return en, fr


def t_pronoun_obj(rng, long=False):
    """I see her / Je la vois; I saw her / Je l'ai vue; We are going to call them / Nous allons les appeler."""
    verb = rng.choice([v for v in VERBS if "person" in v.objs])
    tense = pick_tense(rng, verb, ("pres", "past", "fut"))
    neg = random_neg(rng, tense, 0.4, verb=verb)
    subj = subject(rng, 0.6)
    target = rng.choice([("him", "le", "m", False), ("her", "la", "f", False), ("them", "les", "m", True)])
    if subj.en in ("he", "she", "they") and target[0] in ("him", "her", "them") and rng.random() < 0.5:
        subj = person_subject(rng)
    en_v, en_tail = en_verb(subj, verb, tense, neg)
    en = f"{subj.en} {en_v} {target[0]}{en_tail}"
    adverb = person_object_adverb(verb, neg)
    fr = f"{subj.fr} {fr_verb(subj, verb, tense, neg, pron=target[1], pron_agr=target[2:], adverb=adverb)}"
    return finish_en(en), finish_fr(fr)


def t_person_obj(rng, long=False):
    """I am waiting for my brother / J'attends mon frère."""
    verb = rng.choice([v for v in VERBS if "person" in v.objs])
    tense = pick_tense(rng, verb, ("pres", "past", "fut"))
    neg = random_neg(rng, tense, verb=verb)
    subj = subject(rng, 0.7)
    obj = person_subject(rng, as_object=True)
    while obj.noun is subj.noun:
        obj = person_subject(rng, as_object=True)
    en_v, en_tail = en_verb(subj, verb, tense, neg)
    en = f"{subj.en} {en_v} {obj.en}{en_tail}"
    en_habitual = f"{subj.en} {en_verb(subj, verb, tense, neg, habitual=True)[0]} {obj.en}{en_tail}"
    fr = f"{subj.fr} {fr_verb(subj, verb, tense, neg, adverb=person_object_adverb(verb, neg))} {obj.fr}"
    en, fr = add_extras(rng, en, fr, tense, long, allow_place=True, verb=verb, neg=neg, en_habitual=en_habitual)
    return finish_en(en), finish_fr(fr)


def t_indirect(rng, long=False):
    """I phone her / Je lui téléphone; She talks to her mother / Elle parle à sa mère."""
    verb = rng.choice(IND_VERBS)
    tense = rng.choice(["pres", "past", "fut"])
    neg = random_neg(rng, tense, verb=verb)
    subj = subject(rng, 0.6)
    en_v, en_tail = en_verb(subj, verb, tense, neg)
    habitual_v = en_verb(subj, verb, tense, neg, habitual=True)[0]
    if rng.random() < 0.5:
        target = rng.choice([("him", "lui"), ("her", "lui"), ("them", "leur")])
        en_obj = target[0]
        fr = f"{subj.fr} {fr_verb(subj, verb, tense, neg, pron=target[1])}"
    else:
        obj = person_subject(rng, as_object=True)
        en_obj = obj.en
        fr = f"{subj.fr} {fr_verb(subj, verb, tense, neg)} à {obj.fr}"
    en = f"{subj.en} {en_v} {en_obj}{en_tail}"
    en_habitual = f"{subj.en} {habitual_v} {en_obj}{en_tail}"
    en, fr = add_extras(rng, en, fr, tense, long, allow_place=False, neg=neg, en_habitual=en_habitual)
    return finish_en(en), finish_fr(fr)


def t_give(rng, long=False):
    """I give the book to my sister / Je donne le livre à ma sœur; I gave him the book / Je lui ai donné le livre."""
    verb = rng.choice(GIVE_VERBS)
    tense = rng.choice(["pres", "past", "fut"])
    neg = random_neg(rng, tense, 0.25)
    subj = subject(rng, 0.6)
    obj = object_np(rng, rng.choice(verb.objs), negated=False, allow_mass=False,
                    det=rng.choice(["the", "the", "my", "a", "this"]))
    if neg:
        obj = object_np(rng, rng.choice(verb.objs), allow_mass=False, det=rng.choice(["the", "my", "this"]))
    en_v, en_tail = en_verb(subj, verb, tense, neg)
    if rng.random() < 0.5:
        target = rng.choice([("him", "lui"), ("her", "lui"), ("them", "leur")])
        en = f"{subj.en} {en_v} {target[0]} {obj.en}{en_tail}"
        fr = f"{subj.fr} {fr_verb(subj, verb, tense, neg, pron=target[1])} {obj.fr}"
    else:
        person = person_subject(rng, as_object=True)
        en = f"{subj.en} {en_v} {obj.en} to {person.en}{en_tail}"
        fr = f"{subj.fr} {fr_verb(subj, verb, tense, neg)} {obj.fr} à {person.fr}"
    en, fr = add_extras(rng, en, fr, tense, long, allow_place=False, neg=neg)
    return finish_en(en), finish_fr(fr)


def t_motion(rng, long=False):
    """My sister went to school / Ma sœur est allée à l'école."""
    verb = rng.choice(MOTION)
    tense = rng.choice(["pres", "past", "past", "fut"])
    neg = random_neg(rng, tense, 0.3)
    subj = subject(rng)
    place = rng.choice([p for p in PLACES if p["to"] != "-"])
    en_v, en_tail = en_verb(subj, verb, tense, neg)
    dest = place["to"]
    if verb.base == "arrive":  # arrive home, at the park, at school, in town
        dest = "home" if place["key"] == "home" else (
            "at" + place["to"][2:] if place["to"].startswith("to the ") else place["at"])
    en = f"{subj.en} {en_v} {dest}{en_tail}"
    fr = f"{subj.fr} {fr_verb(subj, verb, tense, neg)} {place['fr']}"
    if tense == "fut" and verb.base == "go":  # "am going to go" is clumsy
        en = en.replace("going to go ", "going ")
        fr = fr.replace(" aller ", " ")
    en, fr = add_extras(rng, en, fr, tense, long, allow_place=False, neg=neg)
    return finish_en(en), finish_fr(fr)


def t_intrans(rng, long=False):
    """The children play in the garden / Les enfants jouent dans le jardin."""
    verb = rng.choice(INTRANS)
    tense = rng.choice(["pres", "past", "fut"])
    neg = random_neg(rng, tense, 0.25)
    subj = subject(rng)
    tense = unambiguous(verb, tense, subj, neg)
    place = rng.choice([p for p in PLACES if p["key"] in PLACES_FOR[verb.base].split()])
    en_v, en_tail = en_verb(subj, verb, tense, neg)
    en = f"{subj.en} {en_v} {place['at']}{en_tail}"
    fr = f"{subj.fr} {fr_verb(subj, verb, tense, neg)} {place['fr']}"
    en, fr = add_extras(rng, en, fr, tense, long, allow_place=False, neg=neg)
    return finish_en(en), finish_fr(fr)


def t_be_adj(rng, long=False):
    """The car is red / La voiture est rouge; My sisters are tired / Mes sœurs sont fatiguées."""
    neg = rng.random() < 0.3
    if rng.random() < 0.5:
        subj = subject(rng, 0.5)
        pred = rng.choice(PREDS)
        adj_fr = agree(pred["forms"], subj.gender, subj.plural)
        adj_en = pred["en"]
    else:
        noun = rng.choice([n for n in NOUNS if {"thing", "food", "drink", "animal"} & n.tags
                           and adjectives_for(n)])
        plural = (not noun.mass) and rng.random() < 0.35
        subj = noun_phrase(noun, plural, rng.choice(["the", "my", "your", "this", "our"]))
        subj.person = 5 if plural else 2
        fits = [a for a in adjectives_for(noun) if a["en"] not in ("young",)]
        adj = rng.choice(fits)
        adj_fr = agree(PREDICATIVE_FORMS.get(adj["en"], adj["forms"]), subj.gender, subj.plural)
        adj_en = adj["en"]
    p = subj.person
    be_en = (EN_BE_NOT[p] if neg else EN_BE[p])
    fr_be = (f"ne {ETRE[p]} pas" if neg else ETRE[p])
    return finish_en(f"{subj.en} {be_en} {adj_en}"), finish_fr(f"{subj.fr} {fr_be} {adj_fr}")


def t_avoir_state(rng, long=False):
    """I am hungry / J'ai faim."""
    subj = subject(rng, 0.6)
    en_adj, fr_noun = rng.choice(AVOIR_STATES)
    neg = rng.random() < 0.3
    p = subj.person
    en = f"{subj.en} {EN_BE_NOT[p] if neg else EN_BE[p]} {en_adj}"
    fr = f"{subj.fr} {'ne ' if neg else ''}{AVOIR.pres[p]}{' pas' if neg else ''} {fr_noun}"
    if long:
        t_en, t_fr = rng.choice([("today", "aujourd'hui"), ("this morning", "ce matin"),
                                 ("this evening", "ce soir")])
        en += " " + t_en
        fr += " " + t_fr
    return finish_en(en), finish_fr(fr)


def t_where(rng, long=False):
    """The cat is under the table / Le chat est sous la table; Where is the cat? / Où est le chat ?"""
    noun = rng.choice([n for n in NOUNS if ("thing" in n.tags or "animal" in n.tags) and not n.mass
                       and not {"building", "furniture", "vehicle"} & n.tags])
    plural = rng.random() < 0.35
    subj = noun_phrase(noun, plural, rng.choice(["the", "my", "your", "our"]))
    subj.person = 5 if plural else 2
    if rng.random() < 0.4:
        return (finish_en(f"where {EN_BE[subj.person]} {subj.en}", "?"),
                finish_fr(f"où {ETRE[subj.person]} {subj.fr}", "?"))
    spot_en, spot_fr = spot_for(rng, noun)
    neg = rng.random() < 0.25
    p = subj.person
    en = f"{subj.en} {EN_BE_NOT[p] if neg else EN_BE[p]} {spot_en}"
    fr = f"{subj.fr} {'ne ' if neg else ''}{ETRE[p]}{' pas' if neg else ''} {spot_fr}"
    return finish_en(en), finish_fr(fr)


def t_there_is(rng, long=False):
    """There is a cat in the garden / Il y a un chat dans le jardin; There are no apples / Il n'y a pas de pommes."""
    noun = rng.choice([n for n in NOUNS if ("thing" in n.tags or "animal" in n.tags or "food" in n.tags)
                       and not {"building", "furniture", "vehicle"} & n.tags])
    neg = rng.random() < 0.3
    plural = (not noun.mass) and rng.random() < 0.4
    obj = noun_phrase(noun, plural, "some" if noun.mass or plural else "a", negated=neg)
    spot_en, spot_fr = spot_for(rng, noun)
    if neg:
        en_obj = ("any " + obj.en) if (plural or noun.mass) else obj.en
        en = f"there {'aren' if plural else 'isn'}'t {en_obj} {spot_en}"
        fr = f"il n'y a pas {obj.fr} {spot_fr}"
    else:
        en = f"there {'are' if plural else 'is'} {('some ' if noun.mass else '') + obj.en} {spot_en}"
        fr = f"il y a {obj.fr} {spot_fr}"
    return finish_en(en), finish_fr(fr)


def t_imperative(rng, long=False):
    """Open the door / Ouvre la porte; Don't eat the cake / Ne mange pas le gâteau."""
    verb = rng.choice([v for v in VERBS if v.imp != "-" and objects_for(v)])
    tag = rng.choice(objects_for(verb))
    neg = rng.random() < 0.35
    det = rng.choice(["the", "the", "your", "this"])
    if not neg and rng.random() < 0.25 and verb.base in ("eat", "drink", "buy", "make", "bring", "write"):
        det = "a"  # a/some: Mange une pomme, Bois de l'eau
    obj = object_np(rng, tag, det=det, p_adj=0.3)
    if neg:
        en = f"don't {verb.en('base')} {obj.en}"
        fr = f"ne {verb.imp} pas {obj.fr}"
    else:
        en = f"{verb.en('base')} {obj.en}"
        fr = f"{verb.imp} {obj.fr}"
    end = "!" if rng.random() < 0.2 else "."
    return finish_en(en, end), finish_fr(fr, end)


def asked_subject(rng):
    """Who a question is about: often 'you', never 'I'."""
    if rng.random() < 0.35:
        return pronoun_subject(rng, ["you"])
    subj = subject(rng, 0.5)
    return pronoun_subject(rng, ["you", "he", "she", "we", "they"]) if subj.en == "I" else subj


def t_question(rng, long=False):
    """Do you like chocolate? / Est-ce que tu aimes le chocolat ?; Did you see the car? / As-tu vu la voiture ?"""
    kind = rng.random()
    verb = rng.choice([v for v in VERBS if objects_for(v)])
    tense = pick_tense(rng, verb, ("pres", "past", "fut"))
    subj = asked_subject(rng)
    tag = rng.choice(objects_for(verb))
    obj = like_object(rng, tag) if verb.base == "like" else object_np(rng, tag)
    p = subj.person
    if kind < 0.3 and subj.pronoun is False:
        # Who ate the cake? / Qui a mangé le gâteau ?
        who = NP("who", "qui", "m", False, person=2, pronoun=True)
        if tense == "pres" and verb.base not in ("want", "like"):
            tense = pick_tense(rng, verb, ("past", "fut"))
        en_v, _ = en_verb(who, verb, tense)
        en = f"who {en_v} {obj.en}"
        fr = f"qui {fr_verb(who, verb, tense)} {obj.fr}"
        return finish_en(en, "?"), finish_fr(fr, "?")
    if kind < 0.45:
        # What are you eating? / Qu'est-ce que tu manges ?
        if tense == "pres" and not verb.prog and verb.base not in ("want", "like", "know", "eat", "drink", "read",
                                                                    "watch", "make"):
            tense = "past"
        if tense == "pres":
            if verb.base in ("want", "like", "know"):
                aux = "does" if subj.third_sg else "do"
                en = f"what {aux} {subj.en} {verb.en('base')}"
            else:
                en = f"what {EN_BE[p]} {subj.en} {verb.en('ing')}"
        elif tense == "past":
            en = f"what did {subj.en} {verb.en('base')}"
        else:
            en = f"what {EN_BE[p]} {subj.en} going to {verb.en('base')}"
        if verb.base in ("like", "know"):
            return t_question(rng, long)
        fr = f"qu'est-ce que {subj.fr} {fr_verb(subj, verb, tense)}"
        return finish_en(en, "?"), finish_fr(fr, "?")
    # yes/no question; a long one ends with a time phrase, and "every morning" asks about a habit:
    # "Do you look for your keys every morning?", not "Are you looking for ..."
    with_time = long and verb.base not in ("want", "like", "know")
    if tense == "past":
        en = f"did {subj.en} {verb.en('base')} {obj.en}"
    elif tense == "fut":
        en = f"{EN_BE[p]} {subj.en} going to {verb.en('base')} {obj.en}"
    elif verb.prog and not with_time:
        en = f"{EN_BE[p]} {subj.en} {verb.en('ing')} {obj.en}"
    else:
        en = f"{'does' if subj.third_sg else 'do'} {subj.en} {verb.en('base')} {obj.en}"
    if subj.fr == "tu" and rng.random() < 0.6:
        # inversion: As-tu vu la voiture ? / Aimes-tu le chocolat ? / Vas-tu acheter ... ?
        if tense == "past":
            fr = f"{AVOIR.pres[1]}-tu {verb.pp} {obj.fr}"
        elif tense == "fut":
            fr = f"{ALLER.pres[1]}-tu {verb.inf} {obj.fr}"
        else:
            fr = f"{verb.pres[1]}-tu {obj.fr}"
    else:
        fr = f"est-ce que {subj.fr} {fr_verb(subj, verb, tense)} {obj.fr}"
    if long:
        keys = PLACES_FOR.get(verb.base, "").split()
        place = rng.choice([p for p in PLACES if p["key"] in keys]) if keys else None
        if place:
            en += " " + place["at"]
            fr += " " + place["fr"]
        if with_time:
            t_en, t_fr = rng.choice(TIMES[tense])
            en += " " + t_en
            fr += " " + t_fr
    return finish_en(en, "?"), finish_fr(fr, "?")


def t_question_be(rng, long=False):
    """Are you tired? / Es-tu fatigué ?; Is your sister sick? / Est-ce que ta sœur est malade ?"""
    subj = asked_subject(rng)
    p = subj.person
    if rng.random() < 0.35:
        en_adj, fr_noun = rng.choice(AVOIR_STATES)
        en = f"{EN_BE[p]} {subj.en} {en_adj}"
        fr = (f"{AVOIR.pres[1]}-tu {fr_noun}" if subj.fr == "tu" and rng.random() < 0.6
              else f"est-ce que {subj.fr} {AVOIR.pres[p]} {fr_noun}")
    elif rng.random() < 0.4:
        # Why are you sad? / Pourquoi es-tu triste ?
        pred = rng.choice(PREDS)
        adj = agree(pred["forms"], subj.gender, subj.plural)
        en = f"why {EN_BE[p]} {subj.en} {pred['en']}"
        fr = (f"pourquoi {ETRE[1]}-tu {adj}" if subj.fr == "tu"
              else f"pourquoi est-ce que {subj.fr} {ETRE[p]} {adj}")
    else:
        pred = rng.choice(PREDS)
        adj = agree(pred["forms"], subj.gender, subj.plural)
        en = f"{EN_BE[p]} {subj.en} {pred['en']}"
        fr = (f"{ETRE[1]}-tu {adj}" if subj.fr == "tu" and rng.random() < 0.6
              else f"est-ce que {subj.fr} {ETRE[p]} {adj}")
    return finish_en(en, "?"), finish_fr(fr, "?")


def t_where_going(rng, long=False):
    """Where are you going? / Où vas-tu ?; Where did your brother go? / Où est-ce que ton frère est allé ?"""
    subj = subject(rng, 0.5)
    if subj.en == "I":
        subj = pronoun_subject(rng, ["you", "he", "she", "we", "they"])
    p = subj.person
    tense = rng.choice(["pres", "past"])
    if tense == "pres":
        en = f"where {EN_BE[p]} {subj.en} going"
        fr = f"où {ALLER.pres[1]}-tu" if subj.fr == "tu" else f"où est-ce que {subj.fr} {ALLER.pres[p]}"
    else:
        en = f"where did {subj.en} go"
        fr = f"où est-ce que {subj.fr} {fr_verb(subj, ALLER, 'past')}"
    if rng.random() < 0.5:
        t_en, t_fr = rng.choice(TIMES["past" if tense == "past" else "fut"][:3] if tense == "past"
                                else [("this evening", "ce soir"), ("tomorrow", "demain")])
        en += " " + t_en
        fr += " " + t_fr
    return finish_en(en, "?"), finish_fr(fr, "?")


# Pairs of verbs that follow each other naturally on the same object: (first, second, object tag).
CHAINS = [("buy", "sell", "sell"), ("find", "take", "find"), ("lose", "find", "lose"),
          ("look for", "find", "look"), ("buy", "eat", "eat"), ("make", "eat", "make"),
          ("write", "read", "write"), ("buy", "read", "read"), ("see", "buy", "buy"),
          ("buy", "like", "like"), ("open", "close", "open"), ("buy", "wash", "wash"),
          ("find", "bring", "bring"), ("see", "like", "like"), ("buy", "bring", "bring"),
          ("wash", "take", "wash")]


def verb_by_base(base, table=None):
    table = VERBS if table is None else table
    return next(v for v in table if v.base + (" " + v.particle if v.particle else "") == base)


def t_chain(rng, long=False):
    """I bought a red car and my brother sold it / J'ai acheté une voiture rouge et mon frère l'a vendue."""
    first, second, tag = rng.choice(CHAINS)
    v1, v2 = verb_by_base(first), verb_by_base(second)
    nouns_ok = [n for n in NOUNS if not n.mass and all(t in n.tags for t in {tag} | set(
        t for t in v1.objs if t in n.tags)) and any(t in n.tags for t in objects_for(v1))
        and any(t in n.tags for t in objects_for(v2))]
    noun = rng.choice(nouns_ok)
    plural = rng.random() < 0.4
    det = rng.choice(["the", "the", "a", "this"] + (["my", "your"] if first in ("lose", "open", "wash") else []))
    adj = None
    if rng.random() < 0.5 and first not in ("write", "make"):
        fits = adjectives_for(noun)
        if fits:
            adj = rng.choice(fits)
    obj = noun_phrase(noun, plural, det, adj)
    s1 = subject(rng, 0.6)
    s2 = subject(rng, 0.5)
    if s2.en == s1.en:
        s2 = person_subject(rng)
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
    e1, _ = en_verb(s1, v1, tense)
    e2, _ = en_verb(s2, v2, tense, neg2)
    en = f"{s1.en} {e1} {obj.en} {'but' if contrast else 'and'} {s2.en} {e2} {en_pron}"
    fr = (f"{s1.fr} {fr_verb(s1, v1, tense)} {obj.fr} {'mais' if contrast else 'et'} "
          f"{s2.fr} {fr_verb(s2, v2, tense, neg2, pron=pron, pron_agr=(noun.gender, plural))}")
    return finish_en(en), finish_fr(fr)


# Main clause + reason: (how to build the main clause, reasons that fit)
def t_because(rng, long=False):
    """The children eat bread because they are hungry / Les enfants mangent du pain parce qu'ils ont faim."""
    subj = subject(rng, 0.5)
    tense = rng.choice(["pres", "past"])
    choice = rng.randrange(4)
    if choice == 0:
        verb = verb_by_base("eat")
        obj = object_np(rng, "eat", det=rng.choice(["some", "a", "the"]))
        main_en = f"{subj.en} {en_verb(subj, verb, tense)[0]} {obj.en}"
        main_fr = f"{subj.fr} {fr_verb(subj, verb, tense)} {obj.fr}"
        reason = ("hungry", "faim", "avoir")
    elif choice == 1:
        verb = verb_by_base("drink")
        obj = object_np(rng, "drink", det="some")
        main_en = f"{subj.en} {en_verb(subj, verb, tense)[0]} {obj.en}"
        main_fr = f"{subj.fr} {fr_verb(subj, verb, tense)} {obj.fr}"
        reason = ("thirsty", "soif", "avoir")
    elif choice == 2:
        verb = verb_by_base("stay", INTRANS)
        main_en = f"{subj.en} {en_verb(subj, verb, tense)[0]} at home"
        main_fr = f"{subj.fr} {fr_verb(subj, verb, tense)} à la maison"
        reason = rng.choice([("sick", "malade", "être"), ("tired", "fatigué", "être"), ("cold", "froid", "avoir")])
    else:
        verb = verb_by_base("sleep", INTRANS)
        main_en = f"{subj.en} {en_verb(subj, verb, tense)[0]}"
        main_fr = f"{subj.fr} {fr_verb(subj, verb, tense)}"
        if rng.random() < 0.5:
            place = rng.choice([p for p in PLACES if p["key"] in ("home", "living", "garden")])
            main_en += " " + place["at"]
            main_fr += " " + place["fr"]
        reason = ("tired", "fatigué", "être")
    pro = subject_pronoun_for(subj)
    p = pro.person
    en_adj, fr_word, aux = reason
    past = tense == "past"
    be_en = ("was" if p in (0, 2) else "were") if past else EN_BE[p]
    if aux == "avoir":  # past: imparfait, "parce qu'il avait faim"
        fr_reason = (IMPARFAIT_AVOIR[p] if past else AVOIR.pres[p]) + " " + fr_word
    else:
        adj = agree((fr_word, fr_word + "e", fr_word + "s", fr_word + "es") if fr_word != "malade"
                    else ("malade", "malade", "malades", "malades"), pro.gender, pro.plural)
        fr_reason = (IMPARFAIT_ETRE[p] if past else ETRE[p]) + " " + adj
    en = f"{main_en} because {pro.en} {be_en} {en_adj}"
    fr = f"{main_fr} parce que {pro.fr} {fr_reason}"
    return finish_en(en), finish_fr(fr)


# Weather: (English, French, indoor weather?) and what people do then.
WEATHER = [("it rains", "il pleut", True), ("it snows", "il neige", True), ("it is cold", "il fait froid", True),
           ("it is hot", "il fait chaud", False), ("it is nice", "il fait beau", False)]
INDOORS, OUTDOORS = "home living kitchen library cinema office", "garden park beach street"


def t_weather(rng, long=False):
    """When it rains, the children play in the living room / Quand il pleut, les enfants jouent dans le salon."""
    w_en, w_fr, indoor = rng.choice(WEATHER)
    conj_en, conj_fr, tense = rng.choice([("when", "quand", "pres"), ("if", "si", "fut")])
    subj = subject(rng, 0.5)
    keys = (INDOORS if indoor else OUTDOORS).split()
    kind = rng.random()
    if kind < 0.45:
        verb = rng.choice([v for v in INTRANS if set(PLACES_FOR[v.base].split()) & set(keys)])
        place = rng.choice([p for p in PLACES if p["key"] in keys and p["key"] in PLACES_FOR[verb.base].split()])
        en_v, _ = en_verb(subj, verb, tense)
        main_en = f"{subj.en} {en_v} {place['at']}"
        main_fr = f"{subj.fr} {fr_verb(subj, verb, tense)} {place['fr']}"
    elif kind < 0.7:
        place = rng.choice([p for p in PLACES if p["key"] in keys and p["to"] != "-"])
        en_v = f"{EN_BE[subj.person]} going" if tense == "fut" else en_verb(subj, ALLER, "pres")[0]
        main_en = f"{subj.en} {en_v} {place['to']}"
        main_fr = f"{subj.fr} {fr_verb(subj, ALLER, 'pres')} {place['fr']}"
    else:
        verb = verb_by_base("drink")
        drink = rng.choice([n for n in NOUNS if "drink" in n.tags])
        temp = [a for a in ADJS if a["en"] == ("hot" if indoor else "cold")]
        adj = temp[0] if "cold" in FOOD_ADJS[drink.en] and "hot" in FOOD_ADJS[drink.en] else None
        obj = noun_phrase(drink, False, "some", adj)
        en_v, _ = en_verb(subj, verb, tense)
        main_en = f"{subj.en} {en_v} {obj.en}"
        main_fr = f"{subj.fr} {fr_verb(subj, verb, tense)} {obj.fr}"
    return finish_en(f"{conj_en} {w_en}, {main_en}"), finish_fr(f"{conj_fr} {w_fr}, {main_fr}")


def t_say_that(rng, long=False):
    """My mother thinks that the cat is in the garden / Ma mère pense que le chat est dans le jardin."""
    verb = rng.choice(SAY_VERBS)
    s1 = subject(rng, 0.5)
    en_v = verb.en("s3" if s1.third_sg else "base")
    fr_v = verb.pres[s1.person]
    if rng.random() < 0.5:
        noun = rng.choice([n for n in NOUNS if ("thing" in n.tags or "animal" in n.tags) and not n.mass
                           and not {"building", "furniture", "vehicle"} & n.tags])
        plural = rng.random() < 0.3
        s2 = noun_phrase(noun, plural, rng.choice(["the", "my", "your", "our"]))
        s2.person = 5 if plural else 2
        spot_en, spot_fr = spot_for(rng, noun)
        clause_en = f"{s2.en} {EN_BE[s2.person]} {spot_en}"
        clause_fr = f"{s2.fr} {ETRE[s2.person]} {spot_fr}"
    else:
        s2 = subject(rng, 0.6)
        if s2.en == s1.en or (s1.en in ("I", "we") and s2.en in ("I", "we")):
            s2 = person_subject(rng)
        v2 = rng.choice([v for v in VERBS if objects_for(v) and v.base in ("like", "want", "eat", "drink", "read")])
        tag = rng.choice(objects_for(v2))
        obj = object_np(rng, tag, det="the" if v2.base == "like" else None)
        neg = rng.random() < 0.3
        clause_en = f"{s2.en} {en_verb(s2, v2, 'pres', 'not' if neg else None)[0]} {obj.en}"
        clause_fr = f"{s2.fr} {fr_verb(s2, v2, 'pres', 'not' if neg else None)} {obj.fr}"
        if neg and v2.base != "like":
            obj = object_np(rng, tag, det="the")
            clause_en = f"{s2.en} {en_verb(s2, v2, 'pres', 'not')[0]} {obj.en}"
            clause_fr = f"{s2.fr} {fr_verb(s2, v2, 'pres', 'not')} {obj.fr}"
    en = f"{s1.en} {en_v} that {clause_en}"
    fr = f"{s1.fr} {fr_v} que {clause_fr}"
    return finish_en(en), finish_fr(fr)


def t_want_to(rng, long=False):
    """My brother wants to buy a new bike / Mon frère veut acheter un nouveau vélo."""
    want = verb_by_base("want")
    verb = rng.choice([v for v in VERBS if v.base in ("eat", "drink", "buy", "read", "watch", "make", "write",
                                                      "sell", "wash", "clean", "bring", "see", "take")])
    subj = subject(rng, 0.5)
    neg = "not" if rng.random() < 0.3 else None
    tag = rng.choice(objects_for(verb))
    obj = object_np(rng, tag, negated=bool(neg))
    en_v, _ = en_verb(subj, want, "pres", neg)
    en = f"{subj.en} {en_v} to {verb.en('base')} {obj.en}"
    fr = f"{subj.fr} {fr_verb(subj, want, 'pres', neg)} {verb.inf} {obj.fr}"
    keys = PLACES_FOR.get(verb.base, "").split()
    if keys and rng.random() < 0.3:
        place = rng.choice([p for p in PLACES if p["key"] in keys])
        en += " " + place["at"]
        fr += " " + place["fr"]
    return finish_en(en), finish_fr(fr)


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
    rng = random.Random(seed)
    pairs = {}
    for line in FIXED.strip().splitlines():
        en, fr = line.split("|")
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
        en, fr = func(rng, long)
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


def write(path=OUT, seed=SEED):
    """Generate the corpus and write it to path, UTF-8, one `English<TAB>French` pair a line."""
    items = generate(seed)
    text = "".join(f"{en}\t{fr}\n" for en, fr in items)
    pathlib.Path(path).write_bytes(text.encode("utf-8"))
    return items


# The same tokens as the course loader (helpers.data.tokenize): lowercase, punctuation split off,
# apostrophes and hyphens kept inside words ("j'ai", "assieds-toi").
PUNCTUATION = ".,!?;:«»\"()"
TOKEN_RE = re.compile(r"[^\s" + re.escape(PUNCTUATION) + r"]+|[" + re.escape(PUNCTUATION) + r"]")


def tokens(sentence):
    """Lowercase tokens with punctuation split off: "J'ai faim." -> ["j'ai", "faim", "."]."""
    return TOKEN_RE.findall(sentence.lower())


def statistics(items):
    """The corpus statistics as Markdown (kept in data/README.md between the stats markers)."""
    train, test = items[:NUM_TRAIN], items[NUM_TRAIN:]

    def vocab(pairs, side):
        return {t for pair in pairs for t in tokens(pair[side])}

    def unseen(side):
        known = vocab(train, side)
        return [t for pair in test for t in tokens(pair[side]) if t not in known]

    n_words = [len(en.split()) for en, _ in items]
    hist_all = collections.Counter(n_words)
    hist_test = collections.Counter(n_words[NUM_TRAIN:])
    en_unseen, fr_unseen = unseen(0), unseen(1)
    en_test_tokens = sum(len(tokens(en)) for en, _ in test)
    fr_test_tokens = sum(len(tokens(fr)) for _, fr in test)
    lines = [
        f"| | all | train (first {NUM_TRAIN} lines) | test (the rest) |",
        "|---|---:|---:|---:|",
        f"| pairs | {len(items)} | {len(train)} | {len(test)} |",
        f"| English vocabulary (types) | {len(vocab(items, 0))} | {len(vocab(train, 0))} | {len(vocab(test, 0))} |",
        f"| French vocabulary (types) | {len(vocab(items, 1))} | {len(vocab(train, 1))} | {len(vocab(test, 1))} |",
        f"| sentences of 8–12 English words | {sum(n >= 8 for n in n_words)} | "
        f"{sum(n >= 8 for n in n_words[:NUM_TRAIN])} | {sum(n >= 8 for n in n_words[NUM_TRAIN:])} |",
        f"| mean English / French words | {mean_words(items, 0):.2f} / {mean_words(items, 1):.2f} | "
        f"{mean_words(train, 0):.2f} / {mean_words(train, 1):.2f} | "
        f"{mean_words(test, 0):.2f} / {mean_words(test, 1):.2f} |",
        "",
        f"- Test tokens never seen in training: English {len(en_unseen)} of {en_test_tokens} "
        f"({len(set(en_unseen))} types), French {len(fr_unseen)} of {fr_test_tokens} ({len(set(fr_unseen))} types).",
        f"- Word types used fewer than 3 times in training: English {rare_in_train(train, 0)} of "
        f"{len(vocab(train, 0))}, French {rare_in_train(train, 1)} of {len(vocab(train, 1))}.",
        "",
        "English sentence length (words), all pairs and test pairs:",
        "",
        "```text",
        "words   all  test",
    ]
    for n in range(1, MAX_EN_WORDS + 1):
        lines.append(f"{n:5d} {hist_all[n]:5d} {hist_test[n]:5d}  {'#' * round(hist_all[n] / 10)}")
    lines.append("```")
    return "\n".join(lines) + "\n"


def rare_in_train(train, side, below=3):
    counts = collections.Counter(t for pair in train for t in tokens(pair[side]))
    return sum(n < below for n in counts.values())


def mean_words(pairs, side):
    return sum(len(pair[side].split()) for pair in pairs) / len(pairs)


LEXICON = OUT.parent / "eng-fra.lexicon.tsv"


def lexicon_lines():
    """The nouns and adjectives of the tables, one per line: class, English forms, French forms, place."""
    lines = ["# word class\tEnglish forms\tFrench forms\tplace of the French adjective (adjectives only)"]
    for noun in NOUNS + PEOPLE:
        english = " ".join(dict.fromkeys([noun.en, noun.en_pl]))
        french = " ".join(dict.fromkeys([noun.fr, noun.fr_pl]))
        lines.append(f"noun\t{english}\t{french}\t")
    for adj in ADJS:
        french = " ".join(dict.fromkeys(adj["forms"] + (adj["mv"],)))
        lines.append(f"adjective\t{adj['en']}\t{french}\t{'before' if adj['pre'] else 'after'}")
    return lines


def write_lexicon(path=LEXICON):
    """Write the lexicon file that lets the notebooks find nouns and adjectives in sentences."""
    pathlib.Path(path).write_bytes(("\n".join(lexicon_lines()) + "\n").encode("utf-8"))


README = OUT.parent / "README.md"
STATS_BEGIN, STATS_END = "<!-- statistics: written by make_corpus.py -->\n", "<!-- end of statistics -->\n"


def update_readme(items, readme=README):
    """Replace the statistics block of data/README.md with the current figures."""
    text = readme.read_text(encoding="utf-8")
    head, rest = text.split(STATS_BEGIN, 1)
    _, tail = rest.split(STATS_END, 1)
    readme.write_text(head + STATS_BEGIN + statistics(items) + STATS_END + tail, encoding="utf-8")


def main(path=OUT, readme=README, lexicon=LEXICON):
    """Write the corpus to path and the lexicon file; refresh the statistics in readme (None: leave it alone)."""
    items = write(path)
    write_lexicon(lexicon)
    if readme is not None:
        update_readme(items, readme)
    return items


# A harder variant for benchmarks, never written into the repository: more pairs (so more of the
# lexicon's words and forms), another seed, mostly long sentences, up to 16 English words.
HARDER = dict(seed=7, num_pairs=9000, quota={"short": 100, "medium": 3400, "long": 5500}, max_words=(16, 18))


def write_harder(path):
    """Write the harder variant (HARDER) to path, in the corpus's layout; refuse a path inside data/."""
    path = pathlib.Path(path).resolve()
    if OUT.parent in path.parents:
        raise SystemExit(f"error: --harder writes outside the repository's data folder, got {path}")
    items = generate(**HARDER)
    path.write_bytes("".join(f"{en}\t{fr}\n" for en, fr in items).encode("utf-8"))
    return items


if __name__ == "__main__":
    import sys

    if sys.argv[1:2] == ["--harder"] and len(sys.argv) == 3:
        harder = write_harder(sys.argv[2])
        print(f"wrote {len(harder)} pairs to {sys.argv[2]} (a harder variant, for benchmarks)")
        print(statistics(harder))
        sys.exit(0)
    if sys.argv[1:]:
        raise SystemExit("error: usage: make_corpus.py [--harder PATH]")
    pairs = main()
    print(f"wrote {len(pairs)} pairs to {OUT.name} (first {NUM_TRAIN} for training)")
    print(statistics(pairs))
