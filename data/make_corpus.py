"""Write the course's English→French corpus, data/eng-fra.txt, from a small grammar.

The corpus is made here, by rule: explicit lexicon tables (nouns with gender and plural, adjectives with
their four forms and their place, verbs with full present tense, participle and auxiliary) feed sentence
templates (statements, negation, object pronouns, passé composé, futur proche, questions, subordinate
and coordinated clauses), plus a hand-written list of short fixed expressions. Everything random goes
through one seeded `random.Random`, so `python data/make_corpus.py` always writes the same bytes.

Layout: one pair per line, `English<TAB>French`, like the public Tatoeba export. The pairs are written in
a seeded shuffled order; the first NUM_TRAIN lines are the training set, the rest the test set.

It also writes data/eng-fra.lexicon.tsv (the nouns and adjectives of the tables) and data/eng-fra.align, the
gold word alignment of each pair on the same line number: Pharaoh links on the course's tokens, "i-j" sure
and "i?j" possible. The alignment is known, not guessed: every word is built with labels naming its source
concept (the noun, the verb, the negation, the question...), kept through elision and contraction, and
words that share a label are linked; the fixed pairs carry hand-written links. data/README.md gives the
conventions. Standard library only.
"""

import collections
import itertools
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

# Word alignments of the places, spots, time phrases and weather above (Pharaoh links on the words of
# English|French: i-j sure, i?j possible). A place "PREP the NOUN" is word for word with "PREP ART NOUN"
# (in the kitchen / dans la cuisine) and with "au NOUN" the preposition is sure, the article possible
# (to the park / au parc: to-au, the?au); those two shapes are not listed. A French article with no
# English one goes loosely with its noun (home?la, week?la), "tous les" with "every" (every?les).
PHRASE_LINKS = {
    "to school|à l'école": "0-0 1-1", "at school|à l'école": "0-0 1-1",
    "home|à la maison": "0?0 0?1 0-2", "at home|à la maison": "0-0 1?1 1-2",
    "to town|en ville": "0-0 1-1", "in town|en ville": "0-0 1-1",
    "in the living room|dans le salon": "0-0 1-1 2?2 3-2",
    "near the door|près de la porte": "0-0 0?1 1-2 2-3", "near the window|près de la fenêtre": "0-0 0?1 1-2 2-3",
    "yesterday|hier": "0-0", "today|aujourd'hui": "0-0", "tomorrow|demain": "0-0",
    "last week|la semaine dernière": "0-2 1?0 1-1", "next week|la semaine prochaine": "0-2 1?0 1-1",
    "this morning|ce matin": "0-0 1-1", "this evening|ce soir": "0-0 1-1", "last night|hier soir": "0?0 1-1",
    "last Sunday|dimanche dernier": "0-1 1-0", "next Sunday|dimanche prochain": "0-1 1-0",
    "every day|tous les jours": "0-0 0?1 1-2", "every morning|tous les matins": "0-0 0?1 1-2",
    "on Sundays|le dimanche": "0?0 1-1", "in the evening|le soir": "0?0 1-0 2-1",
    "it rains|il pleut": "0-0 1-1", "it snows|il neige": "0-0 1-1", "it is cold|il fait froid": "0-0 1?1 2-2",
    "it is hot|il fait chaud": "0-0 1?1 2-2", "it is nice|il fait beau": "0-0 1?1 2-2",
}


def aligned(en, fr):
    """A place, spot, time phrase or weather phrase, labelled by PHRASE_LINKS or its shape."""
    links = PHRASE_LINKS.get(f"{en}|{fr}")
    e, f = en.split(), fr.split()
    if links is None and len(e) == 3 and e[1] == "the" and len(f) == 3:
        links = "0-0 1-1 2-2"
    if links is None and len(e) == 3 and e[1] == "the" and len(f) == 2 and f[0] in ("au", "aux"):
        links = "0-0 1?0 2-1"
    if links is None:
        raise KeyError(f"no alignment for {en}|{fr}")
    return phrase(en, fr, links)


def commas():
    """A comma for each side, aligned (the space before it goes when the sentence is finished)."""
    label = new_id()
    return tag(",", label), tag(",", label)


def drop_words(text, drop, after=None):
    """Remove the words `drop` (a run of plain words) from labelled text, where they follow `after` if given."""
    items = text.split()
    plain = [untag(w) for w in items]
    for i in range(len(items)):
        if plain[i:i + len(drop)] == list(drop) and (after is None or i > 0 and plain[i - 1] == after):
            return " ".join(items[:i] + items[i + len(drop):])
    return text


# Short fixed expressions, written by hand: English | French | word alignment (Pharaoh links on the tokens,
# i-j sure, i?j possible; see data/README.md).
FIXED = """
Hello!|Bonjour !|0-0 1-1
Hi!|Salut !|0-0 1-1
Good morning.|Bonjour.|0?0 1?0 2-1
Good evening.|Bonsoir.|0?0 1-0 2-1
Good night.|Bonne nuit.|0-0 1-1 2-2
Goodbye.|Au revoir.|0?0 0-1 1-2
See you tomorrow.|À demain.|0?0 1?0 2-1 3-2
See you soon.|À bientôt.|0?0 1?0 2-1 3-2
Thank you.|Merci.|0-0 1?0 2-1
Thanks a lot.|Merci beaucoup.|0-0 1?1 2-1 3-2
You're welcome.|De rien.|0?0 0?1 1?0 1?1 2-2
Please.|S'il te plaît.|0?0 0?1 0-2 1-3
Excuse me.|Excuse-moi.|0-0 1-0 2-1
Sorry.|Désolé.|0-0 1-1
Yes.|Oui.|0-0 1-1
No.|Non.|0-0 1-1
Of course.|Bien sûr.|0?0 0?1 1?0 1?1 2-2
Maybe.|Peut-être.|0-0 1-1
Okay.|D'accord.|0-0 1-1
Come here.|Viens ici.|0-0 1-1 2-2
Come in.|Entre.|0-0 1?0 2-1
Sit down.|Assieds-toi.|0-0 1?0 2-1
Stand up.|Lève-toi.|0-0 1?0 2-1
Wait.|Attends.|0-0 1-1
Wait here.|Attends ici.|0-0 1-1 2-2
Look!|Regarde !|0-0 1-1
Listen.|Écoute.|0-0 1-1
Be quiet.|Tais-toi.|0?0 1-0 2-1
Hurry up.|Dépêche-toi.|0-0 1?0 2-1
Help me.|Aide-moi.|0-0 1-0 2-1
Help!|Au secours !|0?0 0-1 1-2
Stop!|Arrête !|0-0 1-1
Go away.|Va-t'en.|0-0 1?0 2-1
Be careful.|Fais attention.|0?0 1-1 2-2
Try again.|Essaie encore.|0-0 1-1 2-2
Follow me.|Suis-moi.|0-0 1-0 2-1
Call me.|Appelle-moi.|0-0 1-0 2-1
Let's go.|Allons-y.|0?0 1-0 2-1
Let's eat.|Mangeons.|0?0 1-0 2-1
I know.|Je sais.|0-0 1-1 2-2
I see.|Je vois.|0-0 1-1 2-2
I agree.|Je suis d'accord.|0-0 1?1 1-2 2-3
I'm coming.|J'arrive.|0?0 1-0 2-1
I'm hungry.|J'ai faim.|0?0 1-1 2-2
I'm here.|Je suis ici.|0-0 0-1 1-2 2-3
I'm home.|Je suis à la maison.|0-0 0-1 1?2 1?3 1-4 2-5
I won.|J'ai gagné.|0?0 1?0 1-1 2-2
I forgot.|J'ai oublié.|0?0 1?0 1-1 2-2
I don't know.|Je ne sais pas.|0-0 1?1 1-3 2-2 3-4
I understand.|Je comprends.|0-0 1-1 2-2
I don't understand.|Je ne comprends pas.|0-0 1?1 1-3 2-2 3-4
It's late.|Il est tard.|0-0 0-1 1-2 2-3
It's raining.|Il pleut.|0-0 0?1 1-1 2-2
It's cold.|Il fait froid.|0-0 0?1 1-2 2-3
It's my turn.|C'est mon tour.|0-0 1-1 2-2 3-3
That's right.|C'est exact.|0-0 1-1 2-2
That's true.|C'est vrai.|0-0 1-1 2-2
It's nothing.|Ce n'est rien.|0-0 0-1 1?1 1-2 2-3
It's too late.|C'est trop tard.|0-0 1-1 2-2 3-3
Who is it?|Qui est-ce ?|0-0 1-1 2-1 3-2
What is it?|Qu'est-ce que c'est ?|0-0 0?1 1-2 2-2 3-3
Who are you?|Qui es-tu ?|0-0 1-1 2-1 3-2
Really?|Vraiment ?|0-0 1-1
Why?|Pourquoi ?|0-0 1-1
Why not?|Pourquoi pas ?|0-0 1-1 2-2
Where?|Où ?|0-0 1-1
When?|Quand ?|0-0 1-1
How are you?|Comment vas-tu ?|0-0 1?1 2-1 3-2
What time is it?|Quelle heure est-il ?|0-0 1-1 2-2 3-2 4-3
Where is the station?|Où est la gare ?|0-0 1-1 2-2 3-3 4-4
Where are you?|Où es-tu ?|0-0 1-1 2-1 3-2
Are you hungry?|As-tu faim ?|0?0 1-0 2-1 3-2
Are you sure?|Tu es sûr ?|0-1 1-0 2-2 3-3
Are you ready?|Es-tu prêt ?|0-0 1-0 2-1 3-2
Do you understand?|Tu comprends ?|1-0 2-1 3-2
Can you help me?|Peux-tu m'aider ?|0-0 1-0 2-1 3?1 4-2
What do you want?|Qu'est-ce que tu veux ?|0-0 0?1 1?0 1?1 2-2 3-3 4-4
Happy birthday!|Joyeux anniversaire !|0-0 1-1 2-2
Good luck!|Bonne chance !|0-0 1-1 2-2
Have a nice day.|Bonne journée.|2-0 3-1 4-2
Enjoy your meal.|Bon appétit.|0?0 0?1 1?0 1?1 2?0 2?1 3-2
Welcome.|Bienvenue.|0-0 1-1
Nice to meet you.|Enchanté.|0?0 1?0 2?0 3?0 4-1
My name is Tom.|Je m'appelle Tom.|0?0 0?1 1?1 2?1 3-2 4-3
I love you.|Je t'aime.|0-0 1-1 2?1 3-2
I miss you.|Tu me manques.|0?1 1-2 2?0 3-3
I'm tired.|Je suis fatigué.|0-0 0-1 1-2 2-3
I'm sorry.|Je suis désolé.|0-0 0-1 1-2 2-3
Nobody knows.|Personne ne sait.|0-0 0?1 1-2 2-3
Everybody knows.|Tout le monde le sait.|0?0 0?1 0?2 1-4 2-5
The water is cold.|L'eau est froide.|0?0 1-0 2-1 3-2 4-3
The train is late.|Le train est en retard.|0-0 1-1 2-2 3?3 3-4 4-5
When does the train leave?|Quand part le train ?|0-0 1?1 2-2 3-3 4-1 5-4
How much is this dress?|Combien coûte cette robe ?|0?0 1-0 2?1 3-2 4-3 5-4
It is very hot today.|Il fait très chaud aujourd'hui.|0-0 1?1 2-2 3-3 4-4 5-5
What are you doing?|Qu'est-ce que tu fais ?|0-0 0?1 1?0 1?1 1?3 2-2 3-3 4-4
I see the red car.|Je vois la voiture rouge.|0-0 1-1 2-2 3-4 4-3 5-5
I saw her.|Je l'ai vue.|0-0 1?1 1-2 2?1 3-3
Yesterday, my sister didn't eat the green apples in the kitchen.|Hier, ma sœur n'a pas mangé les pommes vertes dans la cuisine.|0-0 1-1 2-2 3-3 4?4 4-5 5-6 6-7 7-9 8-8 9-10 10-11 11-12 12-13
I bought a red car and my brother sold it.|J'ai acheté une voiture rouge et mon frère l'a vendue.|0?0 1?0 1-1 2-2 3-4 4-3 5-5 6-6 7-7 8?8 8-9 9?8 10-10
Do you like chocolate?|Est-ce que tu aimes le chocolat ?|0?0 0?1 1-2 2-3 3-5 4-6
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
# Word alignment: every word is built with labels that name its source concept
# ---------------------------------------------------------------------------------------------------
# While a sentence is built, each word may carry labels after an invisible separator: "voiture\ue0007".
# An English and a French word that share a label are aligned: a sure link when both carry the label
# plainly, a possible link when either carries it as "7?". finish_en / finish_fr strip the labels (the
# text is what it always was) and keep them, token by token, on the string they return.
SEP = "\ue000"
_ids = itertools.count(1)


def new_id():
    """A fresh label, unique in the run."""
    return str(next(_ids))


def loose(label):
    """The possible-only version of a label."""
    return label if label.endswith("?") else label + "?"


def tag(text, *labels):
    """Give every word of text these labels (none: the words stay unaligned)."""
    labels = [label for label in labels if label]
    if not labels:
        return text
    return " ".join(word + "".join(SEP + label for label in labels) for word in text.split())


def untag(text):
    """The plain text of a labelled string."""
    return " ".join(word.split(SEP)[0] for word in text.split())


def split_tagged(word):
    """'voiture\ue0007' -> ('voiture', ('7',))."""
    plain, *labels = word.split(SEP)
    return plain, tuple(labels)


def fuse(first, second, elided=True, joiner=""):
    """One word made of two labelled words: an elided first part (l'ai) keeps its labels as possible ones."""
    a, la = split_tagged(first)
    b, lb = split_tagged(second)
    la = tuple(loose(label) for label in la) if elided else la
    return a + joiner + b + "".join(SEP + label for label in la + lb)


def phrase(en, fr, links):
    """Label two short phrases (words a template writes itself, a place, a time) by hand-written links
    ('0-0 1?1 1-2', Pharaoh format on their words: because / parce que is '0-0 0?1')."""
    en_words, fr_words = en.split(), fr.split()
    en_labels, fr_labels = [[] for _ in en_words], [[] for _ in fr_words]
    for link in links.split():
        sep = "?" if "?" in link else "-"
        i, j = (int(n) for n in link.split(sep))
        label = new_id()
        en_labels[i].append(label if sep == "-" else loose(label))
        fr_labels[j].append(label)
    return (" ".join(tag(w, *ls) for w, ls in zip(en_words, en_labels, strict=True)),
            " ".join(tag(w, *ls) for w, ls in zip(fr_words, fr_labels, strict=True)))


class Sentence(str):
    """A finished sentence (a plain str) that remembers the labels of its tokens in `labelled`."""

    labelled = ()


def labelled_tokens(items, end):
    """(token, labels) for labelled words, then the final punctuation, which is labelled 'end' on both sides."""
    out = []
    for word, labels in items:
        toks = tokens(word)
        out += [(t, labels if len(toks) == 1 or t not in PUNCTUATION else ()) for t in toks]
    return out + [(t, ("end",)) for t in tokens(end)]


def links(en, fr):
    """The word alignment of two finished Sentences: sorted 'i-j' (sure) and 'i?j' (possible) links."""
    out = []
    for i, (_, en_labels) in enumerate(en.labelled):
        en_sure = {label for label in en_labels if not label.endswith("?")}
        en_any = {label.rstrip("?") for label in en_labels}
        for j, (_, fr_labels) in enumerate(fr.labelled):
            fr_sure = {label for label in fr_labels if not label.endswith("?")}
            shared = en_any & {label.rstrip("?") for label in fr_labels}
            if shared & en_sure & fr_sure:
                out.append(f"{i}-{j}")
            elif shared:
                out.append(f"{i}?{j}")
    return " ".join(out)


# ---------------------------------------------------------------------------------------------------
# Noun phrases and subjects
# ---------------------------------------------------------------------------------------------------
class NP:
    """A noun phrase in both languages, with the French gender and number it imposes.

    ea and fa are en and fr with alignment labels (default: all words share one label, as for a pronoun);
    det_id labels the determiner, for an English "some" or "any" that a template puts in front.
    """

    def __init__(self, en, fr, gender, plural, person=2, pronoun=False, noun=None, ea=None, fa=None, det_id=""):
        self.en, self.fr, self.gender, self.plural = en, fr, gender, plural
        self.person, self.pronoun, self.noun = person, pronoun, noun
        if ea is None:
            label = new_id()
            ea, fa = tag(en, label), tag(fr, label)
        self.ea, self.fa, self.det_id = ea, fa, det_id

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
    det_id, adj_id, noun_id = new_id(), new_id(), new_id()
    ea = " ".join(w for w in (tag(en_det, det_id), tag(en_adj, adj_id), tag(en_noun, noun_id)) if w)
    fr_words = [tag(w, det_id) for w in fr_det.split()]
    body = [tag(w, adj_id) for w in pre.split()] + [tag(fr_noun, noun_id)] + [tag(w, adj_id) for w in post.split()]
    if fr_det.endswith("'"):  # l'eau, de l'eau, d'œufs, l'ancien: the article fuses with the next word
        body[0] = fuse(fr_words.pop(), body[0])
    return NP(en_det + en_adj + en_noun, fr_det + pre + fr_noun + post, g, plural, noun=noun,
              ea=ea, fa=" ".join(fr_words + body), det_id=det_id)


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
    """The pronoun that takes up a subject: 'my sister' -> she / elle (a new word: its own alignment)."""
    if np_.pronoun:
        return NP(np_.en, np_.fr, np_.gender, np_.plural, person=np_.person, pronoun=True)
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
DONT, AREN_T, ISN_T, N_Y = "don't", "aren't", "isn't", "n'y"
EN_BE_NOT = {0: "am not", 1: "aren't", 2: "isn't", 3: "aren't", 4: "aren't", 5: "aren't"}


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
        be = en_be(p, neg in ("not", "anymore"), loose(k.fut), k.neg) + (" " + tag("never", k.neg) if never else "")
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


class VerbLabels:
    """The labels of one verb group: the verb, its auxiliary, futur proche, negation, 'anymore'."""

    def __init__(self, key):
        self.verb, self.aux, self.fut, self.neg, self.more, self.particle = (
            f"{key}.{part}" for part in ("v", "aux", "fut", "neg", "more", "particle"))


def verb_labels(verb):
    """Labels for a verb group, the same in en_verb and fr_verb (one sentence never has a verb twice)."""
    return VerbLabels("v:" + verb.inf + ":" + verb.base)


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


FR_NEG = {"not": "pas", "never": "jamais", "anymore": "plus"}


def fr_verb(subj, verb, tense, neg=None, pron="", pron_agr=None, adverb=""):
    """French verb group after the subject, with clitic pronoun and negation in place.

    pron is a preverbal object pronoun (le, la, les, lui, leur); pron_agr=(gender, plural) makes the
    participle agree with a preceding direct object (je l'ai vue). adverb (bien) goes right after the
    conjugated verb: je l'aime bien, je l'ai bien aimé.
    """
    p = subj.person
    k = verb_labels(verb)
    ne = tag("ne", loose(k.neg)) + " " if neg else ""  # ne is possible; pas, jamais, plus sure
    pas = " " + (tag("plus", k.more, loose(k.neg)) if neg == "anymore" else tag(FR_NEG[neg], k.neg)) if neg else ""
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
        contracted = {("à", "le"): "au", ("à", "les"): "aux", ("de", "le"): "du", ("de", "les"): "des"}.get((low, nxt))
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


# ---------------------------------------------------------------------------------------------------
# Templates: each takes (rng, long) and returns a finished (English, French) pair; `long` asks for extras
# ---------------------------------------------------------------------------------------------------
def objects_for(verb):
    return [t for t in verb.objs if t != "person"]


def like_object(rng, otag):
    """What one likes: in general (apples / les pommes, milk / le lait) or a definite thing (the red car)."""
    if rng.random() < 0.6:
        noun = rng.choice([n for n in NOUNS if {"food", "drink", "animal"} & n.tags])
        plural = not noun.mass
        obj = noun_phrase(noun, plural, "the")
        obj.en = noun.en_pl if plural else noun.en  # English says "I like apples", French "j'aime les pommes"
        obj.ea = obj.ea.split(" ", 1)[1]  # les stays unaligned
        return obj
    return object_np(rng, otag, det=rng.choice(["the", "the", "my", "your", "this"]))


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
    otag = rng.choice(tags)
    if verb.base == "like":
        obj = like_object(rng, otag)
    else:
        obj = object_np(rng, otag, negated=bool(neg))
    en_v, en_tail = en_verb(subj, verb, tense, neg)
    en = f"{subj.ea} {en_v} {obj.ea}{en_tail}"
    en_habitual = f"{subj.ea} {en_verb(subj, verb, tense, neg, habitual=True)[0]} {obj.ea}{en_tail}"
    fr = f"{subj.fa} {fr_verb(subj, verb, tense, neg)} {obj.fa}"
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
        p_en, p_fr = aligned(place["at"], place["fr"])
        en += " " + p_en
        fr += " " + p_fr
        if en_habitual is not None:
            en_habitual += " " + p_en
    if neg == "never" or (neg and tense == "pres"):  # not "he never ate it yesterday", "he doesn't ... every day"
        return en, fr
    if rng.random() < (0.7 if long else 0.15):
        t_en, t_fr = aligned(*rng.choice(TIMES[tense]))
        if tense == "pres" and en_habitual is not None:
            en = en_habitual
        if rng.random() < 0.5:
            c_en, c_fr = commas()
            en = f"{t_en} {c_en} {en}"
            fr = f"{t_fr} {c_fr} {fr}"
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
    obj_en, obj_fr = phrase(target[0], target[1], "0-0")
    en = f"{subj.ea} {en_v} {obj_en}{en_tail}"
    adverb = person_object_adverb(verb, neg)
    fr = f"{subj.fa} {fr_verb(subj, verb, tense, neg, pron=obj_fr, pron_agr=target[2:], adverb=adverb)}"
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
    en = f"{subj.ea} {en_v} {obj.ea}{en_tail}"
    en_habitual = f"{subj.ea} {en_verb(subj, verb, tense, neg, habitual=True)[0]} {obj.ea}{en_tail}"
    fr = f"{subj.fa} {fr_verb(subj, verb, tense, neg, adverb=person_object_adverb(verb, neg))} {obj.fa}"
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
        en_obj, fr_obj = phrase(*target, "0-0")
        fr = f"{subj.fa} {fr_verb(subj, verb, tense, neg, pron=fr_obj)}"
    else:
        obj = person_subject(rng, as_object=True)
        en_obj = obj.ea
        fr = f"{subj.fa} {fr_verb(subj, verb, tense, neg)} {tag('à', verb_labels(verb).particle)} {obj.fa}"
    en = f"{subj.ea} {en_v} {en_obj}{en_tail}"
    en_habitual = f"{subj.ea} {habitual_v} {en_obj}{en_tail}"
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
        to_en, to_fr = phrase(*target, "0-0")
        en = f"{subj.ea} {en_v} {to_en} {obj.ea}{en_tail}"
        fr = f"{subj.fa} {fr_verb(subj, verb, tense, neg, pron=to_fr)} {obj.fa}"
    else:
        person = person_subject(rng, as_object=True)
        to_en, to_fr = phrase("to", "à", "0-0")
        en = f"{subj.ea} {en_v} {obj.ea} {to_en} {person.ea}{en_tail}"
        fr = f"{subj.fa} {fr_verb(subj, verb, tense, neg)} {obj.fa} {to_fr} {person.fa}"
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
    dest_en, dest_fr = aligned(dest, place["fr"])
    en = f"{subj.ea} {en_v} {dest_en}{en_tail}"
    fr = f"{subj.fa} {fr_verb(subj, verb, tense, neg)} {dest_fr}"
    if tense == "fut" and verb.base == "go":  # "am going to go" is clumsy
        en = drop_words(en, ("to", "go"), after="going")
        fr = drop_words(fr, ("aller",))
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
    at_en, at_fr = aligned(place["at"], place["fr"])
    en = f"{subj.ea} {en_v} {at_en}{en_tail}"
    fr = f"{subj.fa} {fr_verb(subj, verb, tense, neg)} {at_fr}"
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
    be = new_id()
    be_en, fr_be = be_and_neg(p, neg, be, be, ETRE[p])
    adj_en, adj_fr = phrase(adj_en, adj_fr, head_last(adj_fr))
    return finish_en(f"{subj.ea} {be_en} {adj_en}"), finish_fr(f"{subj.fa} {fr_be} {adj_fr}")


def head_last(fr):
    """Links of one English word to a French phrase whose last word is its head: late / en retard."""
    n = len(fr.split())
    return " ".join([f"0?{j}" for j in range(n - 1)] + [f"0-{n - 1}"])


def be_and_neg(p, neg, be_en_label, be_fr_label, fr_verb_form):
    """English am / isn't / am not and French (ne) VERB (pas), labelled: the negation ne?, pas sure."""
    no = new_id()
    en = en_be(p, neg, be_en_label, no)
    fr = tag(fr_verb_form, be_fr_label)
    if neg:
        fr = f"{tag('ne', loose(no))} {fr} {tag('pas', no)}"
    return en, fr


def t_avoir_state(rng, long=False):
    """I am hungry / J'ai faim."""
    subj = subject(rng, 0.6)
    en_adj, fr_noun = rng.choice(AVOIR_STATES)
    neg = rng.random() < 0.3
    p = subj.person
    have = new_id()  # I am hungry / j'ai faim: am?ai possible, hungry-faim sure
    be_en, have_fr = be_and_neg(p, neg, loose(have), have, AVOIR.pres[p])
    adj_en, noun_fr = phrase(en_adj, fr_noun, "0-0")
    en = f"{subj.ea} {be_en} {adj_en}"
    fr = f"{subj.fa} {have_fr} {noun_fr}"
    if long:
        t_en, t_fr = aligned(*rng.choice([("today", "aujourd'hui"), ("this morning", "ce matin"),
                                          ("this evening", "ce soir")]))
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
        where_en, where_fr = phrase(f"where {EN_BE[subj.person]}", f"où {ETRE[subj.person]}", "0-0 1-1")
        return (finish_en(f"{where_en} {subj.ea}", "?"),
                finish_fr(f"{where_fr} {subj.fa}", "?"))
    spot_en, spot_fr = aligned(*spot_for(rng, noun))
    neg = rng.random() < 0.25
    p = subj.person
    be = new_id()
    be_en, be_fr = be_and_neg(p, neg, be, be, ETRE[p])
    en = f"{subj.ea} {be_en} {spot_en}"
    fr = f"{subj.fa} {be_fr} {spot_fr}"
    return finish_en(en), finish_fr(fr)


def t_there_is(rng, long=False):
    """There is a cat in the garden / Il y a un chat dans le jardin; There are no apples / Il n'y a pas de pommes."""
    noun = rng.choice([n for n in NOUNS if ("thing" in n.tags or "animal" in n.tags or "food" in n.tags)
                       and not {"building", "furniture", "vehicle"} & n.tags])
    neg = rng.random() < 0.3
    plural = (not noun.mass) and rng.random() < 0.4
    obj = noun_phrase(noun, plural, "some" if noun.mass or plural else "a", negated=neg)
    spot_en, spot_fr = aligned(*spot_for(rng, noun))
    there, no = new_id(), new_id()  # there is / il y a: all to all possible
    if neg:
        en_obj = (tag("any", obj.det_id) + " " + obj.ea) if (plural or noun.mass) else obj.ea
        en = f"{tag('there', loose(there))} {tag(AREN_T if plural else ISN_T, loose(there), no)} {en_obj} {spot_en}"
        fr = f"{tag('il', there)} {tag(N_Y, there, loose(no))} {tag('a', there)} {tag('pas', no)} {obj.fa} {spot_fr}"
    else:
        some = tag("some", obj.det_id) + " " if noun.mass else ""
        en = f"{tag('there ' + ('are' if plural else 'is'), loose(there))} {some + obj.ea} {spot_en}"
        fr = f"{tag('il y a', there)} {obj.fa} {spot_fr}"
    return finish_en(en), finish_fr(fr)


def t_imperative(rng, long=False):
    """Open the door / Ouvre la porte; Don't eat the cake / Ne mange pas le gâteau."""
    verb = rng.choice([v for v in VERBS if v.imp != "-" and objects_for(v)])
    otag = rng.choice(objects_for(verb))
    neg = rng.random() < 0.35
    det = rng.choice(["the", "the", "your", "this"])
    if not neg and rng.random() < 0.25 and verb.base in ("eat", "drink", "buy", "make", "bring", "write"):
        det = "a"  # a/some: Mange une pomme, Bois de l'eau
    obj = object_np(rng, otag, det=det, p_adj=0.3)
    k = verb_labels(verb)
    if neg:
        en = f"{tag(DONT, k.neg)} {en_form(verb, 'base', k)} {obj.ea}"
        fr = f"{tag('ne', loose(k.neg))} {tag(verb.imp, k.verb)} {tag('pas', k.neg)} {obj.fa}"
    else:
        en = f"{en_form(verb, 'base', k)} {obj.ea}"
        fr = f"{tag(verb.imp, k.verb)} {obj.fa}"
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
    otag = rng.choice(objects_for(verb))
    obj = like_object(rng, otag) if verb.base == "like" else object_np(rng, otag)
    p = subj.person
    if kind < 0.3 and subj.pronoun is False:
        # Who ate the cake? / Qui a mangé le gâteau ?
        who = NP("who", "qui", "m", False, person=2, pronoun=True)
        if tense == "pres" and verb.base not in ("want", "like"):
            tense = pick_tense(rng, verb, ("past", "fut"))
        en_v, _ = en_verb(who, verb, tense)
        en = f"{who.ea} {en_v} {obj.ea}"
        fr = f"{who.fa} {fr_verb(who, verb, tense)} {obj.fa}"
        return finish_en(en, "?"), finish_fr(fr, "?")
    # The English auxiliary in front (do, did, are) goes loosely with the French question marker (est-ce
    # que, qu'est-ce que, the inverted verb): the labels q (question) and k (the verb group).
    k, q = verb_labels(verb), new_id()
    if kind < 0.45:
        # What are you eating? / Qu'est-ce que tu manges ?
        if tense == "pres" and not verb.prog and verb.base not in ("want", "like", "know", "eat", "drink", "read",
                                                                    "watch", "make"):
            tense = "past"
        what = new_id()
        if tense == "pres":
            if verb.base in ("want", "like", "know"):
                aux = tag("does" if subj.third_sg else "do", loose(q))
                en = f"{tag('what', what)} {aux} {subj.ea} {en_form(verb, 'base', k)}"
            else:
                en = f"{tag('what', what)} {tag(EN_BE[p], loose(k.verb), loose(q))} {subj.ea} {en_form(verb, 'ing', k)}"
        elif tense == "past":
            en = f"{tag('what', what)} {tag('did', loose(q), loose(k.aux))} {subj.ea} {en_form(verb, 'base', k)}"
        else:
            en = (f"{tag('what', what)} {tag(EN_BE[p], loose(k.fut), loose(q))} {subj.ea} {tag('going', k.fut)} "
                  f"{tag('to', loose(k.verb))} {en_form(verb, 'base', k)}")
        if verb.base in ("like", "know"):
            return t_question(rng, long)
        fr = f"{tag(QU_EST_CE, what, q)} {tag('que', loose(what), q)} {subj.fa} {fr_verb(subj, verb, tense)}"
        return finish_en(en, "?"), finish_fr(fr, "?")
    # yes/no question; a long one ends with a time phrase, and "every morning" asks about a habit:
    # "Do you look for your keys every morning?", not "Are you looking for ..."
    with_time = long and verb.base not in ("want", "like", "know")
    if tense == "past":
        en = f"{tag('did', loose(q), loose(k.aux))} {subj.ea} {en_form(verb, 'base', k)} {obj.ea}"
    elif tense == "fut":
        en = (f"{tag(EN_BE[p], loose(k.fut), loose(q))} {subj.ea} {tag('going', k.fut)} {tag('to', loose(k.verb))} "
              f"{en_form(verb, 'base', k)} {obj.ea}")
    elif verb.prog and not with_time:
        en = f"{tag(EN_BE[p], loose(k.verb), loose(q))} {subj.ea} {en_form(verb, 'ing', k)} {obj.ea}"
    else:
        en = f"{tag('does' if subj.third_sg else 'do', loose(q))} {subj.ea} {en_form(verb, 'base', k)} {obj.ea}"
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
            p_en, p_fr = aligned(place["at"], place["fr"])
            en += " " + p_en
            fr += " " + p_fr
        if with_time:
            t_en, t_fr = aligned(*rng.choice(TIMES[tense]))
            en += " " + t_en
            fr += " " + t_fr
    return finish_en(en, "?"), finish_fr(fr, "?")


QU_EST_CE = "qu'est-ce"


def inverted(verb_word, subj):
    """The French verb with the subject pronoun after it (as-tu): one token with the labels of both."""
    return fuse(verb_word, subj.fa, elided=False, joiner="-")


def t_question_be(rng, long=False):
    """Are you tired? / Es-tu fatigué ?; Is your sister sick? / Est-ce que ta sœur est malade ?"""
    subj = asked_subject(rng)
    p = subj.person
    be, q = new_id(), new_id()
    if rng.random() < 0.35:
        en_adj, fr_noun = phrase(*rng.choice(AVOIR_STATES), "0-0")
        en = f"{tag(EN_BE[p], loose(be), loose(q))} {subj.ea} {en_adj}"
        fr = (f"{inverted(tag(AVOIR.pres[1], be, q), subj)} {fr_noun}" if subj.fr == "tu" and rng.random() < 0.6
              else f"{tag('est-ce que', q)} {subj.fa} {tag(AVOIR.pres[p], be)} {fr_noun}")
    elif rng.random() < 0.4:
        # Why are you sad? / Pourquoi es-tu triste ?
        pred = rng.choice(PREDS)
        adj = agree(pred["forms"], subj.gender, subj.plural)
        why_en, why_fr = phrase("why", "pourquoi", "0-0")
        adj_en, adj = phrase(pred["en"], adj, head_last(adj))
        en = f"{why_en} {tag(EN_BE[p], be, loose(q))} {subj.ea} {adj_en}"
        fr = (f"{why_fr} {inverted(tag(ETRE[1], be, q), subj)} {adj}" if subj.fr == "tu"
              else f"{why_fr} {tag('est-ce que', q)} {subj.fa} {tag(ETRE[p], be)} {adj}")
    else:
        pred = rng.choice(PREDS)
        adj = agree(pred["forms"], subj.gender, subj.plural)
        adj_en, adj = phrase(pred["en"], adj, head_last(adj))
        en = f"{tag(EN_BE[p], be, loose(q))} {subj.ea} {adj_en}"
        fr = (f"{inverted(tag(ETRE[1], be, q), subj)} {adj}" if subj.fr == "tu" and rng.random() < 0.6
              else f"{tag('est-ce que', q)} {subj.fa} {tag(ETRE[p], be)} {adj}")
    return finish_en(en, "?"), finish_fr(fr, "?")


def t_where_going(rng, long=False):
    """Where are you going? / Où vas-tu ?; Where did your brother go? / Où est-ce que ton frère est allé ?"""
    subj = subject(rng, 0.5)
    if subj.en == "I":
        subj = pronoun_subject(rng, ["you", "he", "she", "we", "they"])
    p = subj.person
    tense = rng.choice(["pres", "past"])
    k, q = verb_labels(ALLER), new_id()
    where_en, where_fr = phrase("where", "où", "0-0")
    if tense == "pres":  # are going / vas: going-vas sure, are?vas possible
        en = f"{where_en} {tag(EN_BE[p], loose(k.verb), loose(q))} {subj.ea} {tag('going', k.verb)}"
        fr = (f"{where_fr} {inverted(tag(ALLER.pres[1], k.verb, q), subj)}" if subj.fr == "tu"
              else f"{where_fr} {tag('est-ce que', q)} {subj.fa} {tag(ALLER.pres[p], k.verb)}")
    else:
        en = f"{where_en} {tag('did', loose(q), loose(k.aux))} {subj.ea} {tag('go', k.verb)}"
        fr = f"{where_fr} {tag('est-ce que', q)} {subj.fa} {fr_verb(subj, ALLER, 'past')}"
    if rng.random() < 0.5:
        t_en, t_fr = aligned(*rng.choice(TIMES["past" if tense == "past" else "fut"][:3] if tense == "past"
                                         else [("this evening", "ce soir"), ("tomorrow", "demain")]))
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
    first, second, otag = rng.choice(CHAINS)
    v1, v2 = verb_by_base(first), verb_by_base(second)
    nouns_ok = [n for n in NOUNS if not n.mass and all(t in n.tags for t in {otag} | set(
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
    en_pron, pron = phrase(en_pron, pron, "0-0")
    e1, _ = en_verb(s1, v1, tense)
    e2, _ = en_verb(s2, v2, tense, neg2)
    and_en, and_fr = phrase("but", "mais", "0-0") if contrast else phrase("and", "et", "0-0")
    en = f"{s1.ea} {e1} {obj.ea} {and_en} {s2.ea} {e2} {en_pron}"
    fr = (f"{s1.fa} {fr_verb(s1, v1, tense)} {obj.fa} {and_fr} "
          f"{s2.fa} {fr_verb(s2, v2, tense, neg2, pron=pron, pron_agr=(noun.gender, plural))}")
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
        main_en = f"{subj.ea} {en_verb(subj, verb, tense)[0]} {obj.ea}"
        main_fr = f"{subj.fa} {fr_verb(subj, verb, tense)} {obj.fa}"
        reason = ("hungry", "faim", "avoir")
    elif choice == 1:
        verb = verb_by_base("drink")
        obj = object_np(rng, "drink", det="some")
        main_en = f"{subj.ea} {en_verb(subj, verb, tense)[0]} {obj.ea}"
        main_fr = f"{subj.fa} {fr_verb(subj, verb, tense)} {obj.fa}"
        reason = ("thirsty", "soif", "avoir")
    elif choice == 2:
        verb = verb_by_base("stay", INTRANS)
        home_en, home_fr = aligned("at home", "à la maison")
        main_en = f"{subj.ea} {en_verb(subj, verb, tense)[0]} {home_en}"
        main_fr = f"{subj.fa} {fr_verb(subj, verb, tense)} {home_fr}"
        reason = rng.choice([("sick", "malade", "être"), ("tired", "fatigué", "être"), ("cold", "froid", "avoir")])
    else:
        verb = verb_by_base("sleep", INTRANS)
        main_en = f"{subj.ea} {en_verb(subj, verb, tense)[0]}"
        main_fr = f"{subj.fa} {fr_verb(subj, verb, tense)}"
        if rng.random() < 0.5:
            place = rng.choice([p for p in PLACES if p["key"] in ("home", "living", "garden")])
            p_en, p_fr = aligned(place["at"], place["fr"])
            main_en += " " + p_en
            main_fr += " " + p_fr
        reason = ("tired", "fatigué", "être")
    pro = subject_pronoun_for(subj)
    p = pro.person
    en_adj, fr_word, aux = reason
    past = tense == "past"
    be = new_id()  # was hungry / avait faim: was?avait possible; was tired / était fatigué: was-était sure
    be_en = tag(("was" if p in (0, 2) else "were") if past else EN_BE[p], loose(be) if aux == "avoir" else be)
    if aux == "avoir":  # past: imparfait, "parce qu'il avait faim"
        fr_reason = tag(IMPARFAIT_AVOIR[p] if past else AVOIR.pres[p], be) + " " + fr_word
    else:
        adj = agree((fr_word, fr_word + "e", fr_word + "s", fr_word + "es") if fr_word != "malade"
                    else ("malade", "malade", "malades", "malades"), pro.gender, pro.plural)
        fr_reason = tag(IMPARFAIT_ETRE[p] if past else ETRE[p], be) + " " + adj
    adj_label = new_id()  # hungry-faim, tired-fatigué: sure
    en_adj = tag(en_adj, adj_label)
    head, last = fr_reason.rsplit(" ", 1)
    fr_reason = f"{head} {tag(last, adj_label)}"
    because_en, because_fr = phrase("because", "parce que", "0-0 0?1")
    en = f"{main_en} {because_en} {pro.ea} {be_en} {en_adj}"
    fr = f"{main_fr} {because_fr} {pro.fa} {fr_reason}"
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
        p_en, p_fr = aligned(place["at"], place["fr"])
        main_en = f"{subj.ea} {en_v} {p_en}"
        main_fr = f"{subj.fa} {fr_verb(subj, verb, tense)} {p_fr}"
    elif kind < 0.7:
        place = rng.choice([p for p in PLACES if p["key"] in keys and p["to"] != "-"])
        go = verb_labels(ALLER).verb  # are going / vont: going-vont sure, are?vont possible
        en_v = (f"{tag(EN_BE[subj.person], loose(go))} {tag('going', go)}" if tense == "fut"
                else en_verb(subj, ALLER, "pres")[0])
        p_en, p_fr = aligned(place["to"], place["fr"])
        main_en = f"{subj.ea} {en_v} {p_en}"
        main_fr = f"{subj.fa} {fr_verb(subj, ALLER, 'pres')} {p_fr}"
    else:
        verb = verb_by_base("drink")
        drink = rng.choice([n for n in NOUNS if "drink" in n.tags])
        temp = [a for a in ADJS if a["en"] == ("hot" if indoor else "cold")]
        adj = temp[0] if "cold" in FOOD_ADJS[drink.en] and "hot" in FOOD_ADJS[drink.en] else None
        obj = noun_phrase(drink, False, "some", adj)
        en_v, _ = en_verb(subj, verb, tense)
        main_en = f"{subj.ea} {en_v} {obj.ea}"
        main_fr = f"{subj.fa} {fr_verb(subj, verb, tense)} {obj.fa}"
    conj_en, conj_fr = phrase(conj_en, conj_fr, "0-0")
    w_en, w_fr = aligned(w_en, w_fr)
    c_en, c_fr = commas()
    return (finish_en(f"{conj_en} {w_en} {c_en} {main_en}"),
            finish_fr(f"{conj_fr} {w_fr} {c_fr} {main_fr}"))


def t_say_that(rng, long=False):
    """My mother thinks that the cat is in the garden / Ma mère pense que le chat est dans le jardin."""
    verb = rng.choice(SAY_VERBS)
    s1 = subject(rng, 0.5)
    en_v = en_form(verb, "s3" if s1.third_sg else "base", verb_labels(verb))
    fr_v = tag(verb.pres[s1.person], verb_labels(verb).verb)
    if rng.random() < 0.5:
        noun = rng.choice([n for n in NOUNS if ("thing" in n.tags or "animal" in n.tags) and not n.mass
                           and not {"building", "furniture", "vehicle"} & n.tags])
        plural = rng.random() < 0.3
        s2 = noun_phrase(noun, plural, rng.choice(["the", "my", "your", "our"]))
        s2.person = 5 if plural else 2
        spot_en, spot_fr = aligned(*spot_for(rng, noun))
        be_en, be_fr = phrase(EN_BE[s2.person], ETRE[s2.person], "0-0")
        clause_en = f"{s2.ea} {be_en} {spot_en}"
        clause_fr = f"{s2.fa} {be_fr} {spot_fr}"
    else:
        s2 = subject(rng, 0.6)
        if s2.en == s1.en or (s1.en in ("I", "we") and s2.en in ("I", "we")):
            s2 = person_subject(rng)
        v2 = rng.choice([v for v in VERBS if objects_for(v) and v.base in ("like", "want", "eat", "drink", "read")])
        otag = rng.choice(objects_for(v2))
        obj = object_np(rng, otag, det="the" if v2.base == "like" else None)
        neg = rng.random() < 0.3
        clause_en = f"{s2.ea} {en_verb(s2, v2, 'pres', 'not' if neg else None)[0]} {obj.ea}"
        clause_fr = f"{s2.fa} {fr_verb(s2, v2, 'pres', 'not' if neg else None)} {obj.fa}"
        if neg and v2.base != "like":
            obj = object_np(rng, otag, det="the")
            clause_en = f"{s2.ea} {en_verb(s2, v2, 'pres', 'not')[0]} {obj.ea}"
            clause_fr = f"{s2.fa} {fr_verb(s2, v2, 'pres', 'not')} {obj.fa}"
    that_en, that_fr = phrase("that", "que", "0-0")
    en = f"{s1.ea} {en_v} {that_en} {clause_en}"
    fr = f"{s1.fa} {fr_v} {that_fr} {clause_fr}"
    return finish_en(en), finish_fr(fr)


def t_want_to(rng, long=False):
    """My brother wants to buy a new bike / Mon frère veut acheter un nouveau vélo."""
    want = verb_by_base("want")
    verb = rng.choice([v for v in VERBS if v.base in ("eat", "drink", "buy", "read", "watch", "make", "write",
                                                      "sell", "wash", "clean", "bring", "see", "take")])
    subj = subject(rng, 0.5)
    neg = "not" if rng.random() < 0.3 else None
    otag = rng.choice(objects_for(verb))
    obj = object_np(rng, otag, negated=bool(neg))
    en_v, _ = en_verb(subj, want, "pres", neg)
    k = verb_labels(verb)  # wants to buy / veut acheter: to?acheter possible
    en = f"{subj.ea} {en_v} {tag('to', loose(k.verb))} {en_form(verb, 'base', k)} {obj.ea}"
    fr = f"{subj.fa} {fr_verb(subj, want, 'pres', neg)} {tag(verb.inf, k.verb)} {obj.fa}"
    keys = PLACES_FOR.get(verb.base, "").split()
    if keys and rng.random() < 0.3:
        place = rng.choice([p for p in PLACES if p["key"] in keys])
        p_en, p_fr = aligned(place["at"], place["fr"])
        en += " " + p_en
        fr += " " + p_fr
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
    for en, fr, _ in parse(FIXED):
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


FIXED_LINKS = {en: links for en, _, links in parse(FIXED)}


def alignment(en, fr):
    """The word alignment of a pair: from the labels its words were built with, or by hand for FIXED pairs."""
    if isinstance(en, Sentence):
        return links(en, fr)
    found = [re.fullmatch(r"(\d+)([-?])(\d+)", link).groups() for link in FIXED_LINKS[en].split()]
    return " ".join(f"{i}{kind}{j}" for i, kind, j in sorted(found, key=lambda g: (int(g[0]), int(g[2]))))


def write_alignments(items, path):
    """Write one line of Pharaoh links per pair (i-j sure, i?j possible), on the same line as in the corpus."""
    text = "".join(alignment(en, fr) + "\n" for en, fr in items)
    pathlib.Path(path).write_bytes(text.encode("utf-8"))


def main(path=OUT, readme=README, lexicon=LEXICON, align=None):
    """Write the corpus to path, its word alignments and the lexicon file; refresh the statistics in readme
    (None: leave it alone). The alignments go next to the corpus (eng-fra.align) unless align names a file."""
    items = write(path)
    write_alignments(items, pathlib.Path(path).with_suffix(".align") if align is None else align)
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
