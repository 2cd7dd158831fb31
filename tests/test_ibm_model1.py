"""helpers.ibm_model1: one EM iteration by hand, EM against plain loops over sentences and words, the
alignments it gives, determinism and misuse."""

import math
from collections import defaultdict

import pytest
import torch

from helpers.data import data_path, read_pairs, tokenize
from helpers.ibm_model1 import NULL, train_ibm_model1

# ---------------------------------------------------------------------------------------------------------
# IBM Model 1

TOY = [("the house".split(), "la maison".split()),
       ("the blue house".split(), "la maison bleue".split()),
       ("the flower".split(), "la fleur".split())]


def brute_force_em(pairs, t, null):
    """One EM iteration of IBM Model 1 with plain loops over sentences and words: t[(f, e)] -> new t."""
    counts = defaultdict(float)
    for src, tgt in pairs:
        sources = ([NULL] if null else []) + list(src)
        for f in tgt:
            total = sum(t[f, e] for e in sources)
            for e in sources:
                counts[f, e] += t[f, e] / total
    totals = defaultdict(float)
    for (_, e), c in counts.items():
        totals[e] += c
    return {(f, e): counts[f, e] / totals[e] if totals[e] else p for (f, e), p in t.items()}


def brute_force_log_likelihood(pairs, t, null):
    total = 0.0
    for src, tgt in pairs:
        sources = ([NULL] if null else []) + list(src)
        for f in tgt:
            total += math.log(sum(t.get((f, e), 0.0) for e in sources)) - math.log(len(sources))
    return total


def brute_force_train(pairs, num_iterations, null):
    src_words = sorted({e for src, _ in pairs for e in src}) + ([NULL] if null else [])
    tgt_words = sorted({f for _, tgt in pairs for f in tgt})
    t = {(f, e): 1 / len(tgt_words) for f in tgt_words for e in src_words}
    history = [brute_force_log_likelihood(pairs, t, null)]
    for _ in range(num_iterations):
        t = brute_force_em(pairs, t, null)
        history.append(brute_force_log_likelihood(pairs, t, null))
    return t, history


def model_table(model, t):
    """The model's t(f|e) at the keys of a brute-force dictionary, as two matching tensors."""
    keys = sorted(t)
    return (torch.tensor([model.prob(f, e) for f, e in keys], dtype=torch.float64),
            torch.tensor([t[k] for k in keys], dtype=torch.float64))


def test_one_em_iteration_hand_computed():
    # Uniform start t = 1/4 (4 French words), no NULL: each French word spreads evenly over its sentence.
    #   c(la, the) = 1/2 + 1/3 + 1/2 = 4/3, c(maison, the) = 1/2 + 1/3 = 5/6, c(bleue, the) = 1/3,
    #   c(fleur, the) = 1/2; total 3 -> t(la|the) = 4/9, t(maison|the) = 5/18, t(bleue|the) = 1/9,
    #   t(fleur|the) = 1/6. c(la, house) = c(maison, house) = 1/2 + 1/3 = 5/6, c(bleue, house) = 1/3;
    #   total 2 -> t(la|house) = t(maison|house) = 5/12, t(bleue|house) = 1/6, t(fleur|house) = 0.
    model = train_ibm_model1(TOY, num_iterations=1, null=False)
    expected = {("la", "the"): 4 / 9, ("maison", "the"): 5 / 18, ("bleue", "the"): 1 / 9,
                ("fleur", "the"): 1 / 6, ("la", "house"): 5 / 12, ("maison", "house"): 5 / 12,
                ("bleue", "house"): 1 / 6, ("fleur", "house"): 0.0}
    for (f, e), p in expected.items():
        assert model.prob(f, e) == pytest.approx(p)
    # uniform t: each of the 7 French words has probability 1/4 -> log-likelihood 7·log(1/4)
    assert model.log_likelihoods[0] == pytest.approx(7 * math.log(1 / 4))


@pytest.mark.parametrize("null", [True, False])
@pytest.mark.parametrize("num_iterations", [1, 3])
def test_em_matches_brute_force_on_toy_corpus(null, num_iterations):
    model = train_ibm_model1(TOY, num_iterations=num_iterations, null=null)
    t, history = brute_force_train(TOY, num_iterations, null)
    torch.testing.assert_close(*model_table(model, t))
    assert model.table.shape == (4, 4 + null)
    assert model.log_likelihoods == pytest.approx(history)


@pytest.mark.parametrize("null", [True, False])
def test_em_matches_brute_force_on_the_corpus(null):
    pairs = [(tokenize(en), tokenize(fr)) for en, fr in read_pairs(data_path("eng-fra.txt"), 150)]
    pairs.append((["the"], []))                                      # an empty target adds no count
    model = train_ibm_model1(pairs, num_iterations=2, null=null)
    t, history = brute_force_train(pairs, 2, null)
    torch.testing.assert_close(*model_table(model, t))
    assert model.log_likelihoods == pytest.approx(history)
    assert model.log_likelihood(pairs) == pytest.approx(history[-1])
    # every column of t(·|e) is a distribution over the French words
    torch.testing.assert_close(model.table.sum(dim=0), torch.ones(model.table.shape[1], dtype=torch.float64))


def test_log_likelihood_does_not_decrease():
    pairs = [(tokenize(en), tokenize(fr)) for en, fr in read_pairs(data_path("eng-fra.txt"), 400)]
    for corpus in (TOY, pairs):
        for null in (True, False):
            model = train_ibm_model1(corpus, num_iterations=8, null=null)
            history = model.log_likelihoods
            assert len(history) == 9
            assert all(b >= a - 1e-9 for a, b in zip(history, history[1:], strict=False)), history
            assert history[-1] > history[0]
            assert model.log_likelihood(corpus) == pytest.approx(history[-1])


@pytest.mark.parametrize("null", [True, False])
def test_trained_model_aligns_the_toy_corpus(null):
    model = train_ibm_model1(TOY, num_iterations=10, null=null)
    assert model.align("the house".split(), "la maison".split()) == {(0, 0), (1, 1)}
    assert model.align("the blue house".split(), "la maison bleue".split()) == {(0, 0), (1, 2), (2, 1)}
    assert model.align("the flower".split(), "la fleur".split()) == {(0, 0), (1, 1)}
    assert model.align("the flower".split(), "la fleur".split()) == model.align_batch(TOY)[2]
    # EM has pulled "la" towards "the", which leaves "maison" to "house" and "fleur" to "flower"
    assert model.prob("la", "the") > 0.8
    assert model.prob("maison", "house") > 0.8 and model.prob("fleur", "flower") > 0.8


def test_align_batch_matches_brute_force():
    pairs = [(tokenize(en), tokenize(fr)) for en, fr in read_pairs(data_path("eng-fra.txt"), 300)]
    model = train_ibm_model1(pairs[:200], num_iterations=5)
    for (src, tgt), links in zip(pairs, model.align_batch(pairs), strict=True):   # 100 unseen pairs too
        expected = set()
        for j, f in enumerate(tgt):
            scores = [model.prob(f, e) for e in src]
            if scores and max(scores) > 0 and max(scores) >= model.prob(f, NULL):
                expected.add((scores.index(max(scores)), j))
        assert links == expected


def test_unknown_words_get_no_link():
    model = train_ibm_model1(TOY, num_iterations=5)
    assert model.prob("zèbre", "the") == 0.0 and model.prob("la", "zebra") == 0.0
    # "zèbre" was never seen: no link; "zebra" was never seen: nothing links to it
    assert model.align(["the", "zebra"], ["la", "zèbre"]) == {(0, 0)}
    assert model.align(["zebra"], ["la"]) == frozenset()
    assert model.align([], ["la"]) == frozenset() and model.align(["the"], []) == frozenset()
    assert model.log_likelihood([(["the"], ["zèbre"])]) == -math.inf


def test_training_is_deterministic():
    pairs = [(tokenize(en), tokenize(fr)) for en, fr in read_pairs(data_path("eng-fra.txt"), 300)]
    first, second = train_ibm_model1(pairs, 4), train_ibm_model1(list(pairs), 4)
    assert torch.equal(first.table, second.table)
    assert first.src_vocab == second.src_vocab and first.tgt_vocab == second.tgt_vocab
    assert first.log_likelihoods == second.log_likelihoods
    uniform = train_ibm_model1(pairs, 0)
    assert torch.all(uniform.table == 1 / len(uniform.tgt_vocab))
    assert repr(first).startswith("IBMModel1(src_vocab=")


@pytest.mark.parametrize("call, error, words", [
    (lambda: train_ibm_model1("la maison"), TypeError, r"pairs must be a list of \(source_tokens, "
                                                        r"target_tokens\), got str"),
    (lambda: train_ibm_model1([("the house", "la maison")]), TypeError,
     r"pairs\[0\] holds the source as the str 'the house'"),
    (lambda: train_ibm_model1([]), ValueError, r"pairs must hold at least one"),
    (lambda: train_ibm_model1([(["the"], [])]), ValueError,
     r"pairs must hold at least one target word, got only empty target sentences"),
    (lambda: train_ibm_model1(TOY, num_iterations=-1), ValueError, r"num_iterations must be an int >= 0, "
                                                                   r"got -1"),
    (lambda: train_ibm_model1(TOY, num_iterations=2.5), TypeError,
     r"num_iterations must be an int, got float"),
    (lambda: train_ibm_model1(TOY, null="yes"), TypeError, r"null must be True or False, got str 'yes'"),
    (lambda: train_ibm_model1(TOY, 1).align("the house", ["la"]), TypeError,
     r"src_tokens must be a list of tokens, got the str 'the house'"),
    (lambda: train_ibm_model1(TOY, 1).align(["the"], [1]), TypeError,
     r"tgt_tokens must be a list of str tokens, got an item of type int"),
    (lambda: train_ibm_model1(TOY, 1).align_batch([["the"], ["la"]]), TypeError,
     r"pairs\[0\] must be a \(source_tokens, target_tokens\) pair"),
    (lambda: train_ibm_model1(TOY, 1).prob("la", None), TypeError, r"e must be a str token, got NoneType"),
    (lambda: train_ibm_model1(TOY, 1, null=False).prob("la", NULL), ValueError,
     r"e is NULL, but this model was trained with null=False"),
])
def test_misuse_ibm_model1_named(call, error, words):
    with pytest.raises(error, match=words):
        call()
