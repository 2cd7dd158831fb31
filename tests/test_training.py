"""helpers.training and helpers.evaluation: the masked loss against PyTorch's cross-entropy, a tiny
overfit, reproducibility, BLEU over a set and the teacher-forced attention."""

import pytest
import torch
import torch.nn.functional as F
from torch.testing import assert_close

from helpers.attention import sequence_mask
from helpers.data import Vocab, tokenize
from helpers.decoding import translate
from helpers.device import get_device
from helpers.evaluation import attention_links, evaluate_bleu, teacher_forced_attention
from helpers.seq2seq import make_seq2seq
from helpers.training import decoder_inputs, masked_cross_entropy, train_seq2seq

pytestmark = pytest.mark.usefixtures("one_thread")


def test_sequence_mask_and_decoder_inputs():
    assert sequence_mask(torch.tensor([1, 3, 0]), 3).tolist() == [[True, False, False], [True, True, True],
                                                                  [False, False, False]]
    tgt = torch.tensor([[5, 6, 2], [7, 2, 0]])
    assert decoder_inputs(tgt, bos_index=1).tolist() == [[1, 5, 6], [1, 7, 2]]


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("shape", [(1, 1, 3), (4, 6, 10), (7, 3, 5)])
def test_masked_loss_matches_pytorch_ignore_index(seed, shape):
    batch_size, num_steps, vocab_size = shape
    gen = torch.Generator().manual_seed(seed)
    logits = torch.randn(batch_size, num_steps, vocab_size, generator=gen, dtype=torch.float64)
    targets = torch.randint(0, vocab_size, (batch_size, num_steps), generator=gen)
    valid_lens = torch.randint(1, num_steps + 1, (batch_size,), generator=gen)
    loss = masked_cross_entropy(logits, targets, valid_lens)
    ignored = targets.masked_fill(~sequence_mask(valid_lens, num_steps), -100)     # PyTorch's reference
    assert_close(loss, F.cross_entropy(logits.reshape(-1, vocab_size), ignored.reshape(-1)))
    # brute force: the mean over real tokens, each token counted once (no second division by steps)
    terms = [-torch.log_softmax(logits[b, t], -1)[targets[b, t]]
             for b in range(batch_size) for t in range(int(valid_lens[b]))]
    assert_close(loss, torch.stack(terms).mean())


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("epsilon", [0.1, 0.3])
def test_label_smoothed_loss_matches_pytorch_and_hand_formula(seed, epsilon):
    gen = torch.Generator().manual_seed(seed)
    logits = torch.randn(3, 5, 7, generator=gen, dtype=torch.float64)
    targets = torch.randint(0, 7, (3, 5), generator=gen)
    valid_lens = torch.tensor([5, 2, 3])
    loss = masked_cross_entropy(logits, targets, valid_lens, label_smoothing=epsilon)
    ignored = targets.masked_fill(~sequence_mask(valid_lens, 5), -100)              # PyTorch's reference
    assert_close(loss, F.cross_entropy(logits.reshape(-1, 7), ignored.reshape(-1), label_smoothing=epsilon))
    # by hand: (1 - eps) on the reference word, eps spread evenly over the 7 words, real tokens only
    terms = []
    for b in range(3):
        for t in range(int(valid_lens[b])):
            log_p = torch.log_softmax(logits[b, t], -1)
            terms.append(-(1 - epsilon) * log_p[targets[b, t]] - epsilon * log_p.mean())
    assert_close(loss, torch.stack(terms).mean())


def test_label_smoothing_training_reports_the_plain_loss():
    src_vocab, tgt_vocab = Vocab([["a", "b"]]), Vocab([["x", "y"]])
    pairs = [(["a"], ["x"]), (["b"], ["y"])] * 4
    histories = []
    for epsilon in [0.0, 0.2]:
        model = make_seq2seq(src_vocab, tgt_vocab, embed_size=4, num_hiddens=8, seed=0)
        histories.append(train_seq2seq(model, pairs, src_vocab, tgt_vocab, num_epochs=1, seed=0,
                                       progress=False, label_smoothing=epsilon))
    assert histories[0] == histories[1]   # one batch, scored before any update: the plain loss in both


def test_masked_loss_ignores_padding_and_rejects_empty():
    gen = torch.Generator().manual_seed(3)
    logits = torch.randn(2, 5, 4, generator=gen)
    targets = torch.randint(0, 4, (2, 5), generator=gen)
    valid_lens = torch.tensor([2, 4])
    loss = masked_cross_entropy(logits, targets, valid_lens)
    noisy_logits, noisy_targets = logits.clone(), targets.clone()
    noisy_logits[0, 2:] = 50 * torch.randn(3, 4, generator=gen)
    noisy_targets[1, 4] = 3 - noisy_targets[1, 4]
    assert_close(masked_cross_entropy(noisy_logits, noisy_targets, valid_lens), loss)
    logits.requires_grad_(True)
    masked_cross_entropy(logits, targets, valid_lens).backward()
    assert (logits.grad[0, 2:] == 0).all() and (logits.grad[1, 4:] == 0).all()
    with pytest.raises(ValueError, match="at least one real target token"):
        masked_cross_entropy(logits, targets, torch.tensor([0, 0]))
    with pytest.raises(ValueError, match="logits must be 3-D"):
        masked_cross_entropy(logits[0], targets, valid_lens)


PAIRS = [("I see the red car.", "Je vois la voiture rouge."),
         ("You like the small dog.", "Tu aimes le petit chien."),
         ("We want the big house.", "Nous voulons la grande maison."),
         ("He is angry.", "Il est en colère."),
         ("The cat sleeps in the garden.", "Le chat dort dans le jardin."),
         ("Go.", "Va !")]


def _tiny():
    pairs = [(tokenize(en), tokenize(fr)) for en, fr in PAIRS]
    return pairs, Vocab([s for s, _ in pairs]), Vocab([t for _, t in pairs])


@pytest.mark.parametrize("decoder", ["bahdanau", "luong", "plain"])
def test_tiny_overfit_to_exact_match(decoder):
    pairs, src_vocab, tgt_vocab = _tiny()
    model = make_seq2seq(src_vocab, tgt_vocab, decoder, embed_size=16, num_hiddens=32, dropout=0.0, seed=0)
    history = train_seq2seq(model, pairs, src_vocab, tgt_vocab, num_epochs=40, batch_size=6, lr=2e-2,
                            seed=0, progress=False, label_smoothing=0.0)   # smoothing keeps the loss up
    assert len(history) == 40 and history[-1] < 0.05 < history[0]
    for src, tgt in pairs:
        assert translate(model, src, src_vocab, tgt_vocab).tokens == tgt
    assert evaluate_bleu(model, pairs, src_vocab, tgt_vocab) == pytest.approx(1.0)


def test_training_is_reproducible_and_leaves_global_rng_alone():
    pairs, src_vocab, tgt_vocab = _tiny()

    def run(seed):
        model = make_seq2seq(src_vocab, tgt_vocab, embed_size=8, num_hiddens=16, dropout=0.3, seed=1)
        return train_seq2seq(model, pairs, src_vocab, tgt_vocab, num_epochs=3, batch_size=2, seed=seed,
                             progress=False)

    torch.manual_seed(99)
    before = torch.random.get_rng_state()
    first = run(0)
    assert torch.equal(torch.random.get_rng_state(), before)
    assert run(0) == first                   # bit-identical loss history
    assert run(1) != first                   # the seed drives batches and dropout
    run_model = make_seq2seq(src_vocab, tgt_vocab, num_hiddens=8)
    with pytest.raises(ValueError, match="num_epochs"):
        train_seq2seq(run_model, pairs, src_vocab, tgt_vocab, num_epochs=0)
    with pytest.raises(ValueError, match="num_threads"):
        train_seq2seq(run_model, pairs, src_vocab, tgt_vocab, num_threads=0)


def test_weight_average_is_the_moving_average_of_each_step_s_weights():
    pairs, src_vocab, tgt_vocab = _tiny()
    beta = 0.7

    def weights_after(num_epochs, weight_average=0.0):
        model = make_seq2seq(src_vocab, tgt_vocab, embed_size=8, num_hiddens=16, seed=3)
        history = train_seq2seq(model, pairs, src_vocab, tgt_vocab, num_epochs=num_epochs,
                                batch_size=len(pairs), seed=0, progress=False,   # one step per epoch
                                weight_average=weight_average)
        return [p.detach().clone() for p in model.parameters()], history

    w0 = [p.detach().clone() for p in make_seq2seq(src_vocab, tgt_vocab, embed_size=8, num_hiddens=16,
                                                   seed=3).parameters()]
    (w1, _), (w2, plain_history) = weights_after(1), weights_after(2)
    averaged, history = weights_after(2, beta)
    assert history == plain_history            # the losses are those of the weights being trained
    for a, p0, p1, p2 in zip(averaged, w0, w1, w2, strict=True):   # w̄ = β (β w0 + (1-β) w1) + (1-β) w2
        assert_close(a, beta * (beta * p0 + (1 - beta) * p1) + (1 - beta) * p2)
    assert not all(torch.equal(a, p2) for a, p2 in zip(averaged, w2, strict=True))


def test_on_epoch_end_sees_each_epoch_in_eval_mode_and_changes_nothing():
    pairs, src_vocab, tgt_vocab = _tiny()

    def run(watch):
        model = make_seq2seq(src_vocab, tgt_vocab, embed_size=8, num_hiddens=16, dropout=0.3, seed=1)
        seen = []

        def callback(epoch, loss):
            seen.append((epoch, loss, model.training, torch.is_grad_enabled()))

        history = train_seq2seq(model, pairs, src_vocab, tgt_vocab, num_epochs=3, batch_size=2, seed=0,
                                progress=False, on_epoch_end=callback if watch else None)
        return model, history, seen

    plain, plain_history, _ = run(False)
    watched, history, seen = run(True)
    assert history == plain_history            # the callback does not change the run
    assert seen == [(epoch, loss, False, False) for epoch, loss in zip([1, 2, 3], history, strict=True)]
    assert all(torch.equal(a, b) for a, b in zip(plain.parameters(), watched.parameters(), strict=True))


def test_misuse_on_epoch_end_must_be_callable():
    pairs, src_vocab, tgt_vocab = _tiny()
    model = make_seq2seq(src_vocab, tgt_vocab, num_hiddens=8)
    with pytest.raises(TypeError,
                       match=r"on_epoch_end must be a function of \(epoch, loss\) or None, got int"):
        train_seq2seq(model, pairs, src_vocab, tgt_vocab, num_epochs=1, progress=False, on_epoch_end=3)


def test_training_thread_count_is_restored():
    pairs, src_vocab, tgt_vocab = _tiny()
    model = make_seq2seq(src_vocab, tgt_vocab, num_hiddens=8)
    torch.set_num_threads(2)
    history = train_seq2seq(model, pairs, src_vocab, tgt_vocab, num_epochs=1, device="cpu", progress=False)
    assert torch.get_num_threads() == 2 and len(history) == 1 and not model.training


def test_get_device():
    expected = "cuda" if torch.cuda.is_available() else "cpu"
    assert get_device().type == expected


# Misuse: settings out of range, strings where token lists belong, vocabularies the model was not
# built for, and loss inputs of the wrong shape, dtype or range.

@pytest.mark.parametrize("kwargs, error, words", [
    (dict(grad_clip=0), ValueError, r"grad_clip must be a finite number in \(0.0, inf\), got 0.0"),
    (dict(lr=float("nan")), ValueError, r"lr must be a finite number in \(0.0, inf\), got nan"),
    (dict(batch_size=0), ValueError, r"batch_size must be an int >= 1, got 0"),
    (dict(weight_decay=-1e-4), ValueError, r"weight_decay must be a finite number in \[0.0, inf\)"),
    (dict(num_epochs=0), ValueError, r"num_epochs must be an int >= 1, got 0"),
    (dict(weight_average=1.0), ValueError,
     r"weight_average must be a finite number in \[0.0, 1.0\), got 1.0"),
    (dict(weight_average=-0.1), ValueError, r"weight_average must be a finite number in \[0.0, 1.0\)"),
    (dict(num_threads=0), ValueError, r"num_threads must be an int >= 1"),
    (dict(seed=0.5), TypeError, r"seed must be an int, got float"),
    (dict(device="gpu"), ValueError, r"device must be 'cpu', 'cuda', 'cuda:N' or a torch.device, got 'gpu'"),
])
def test_misuse_training_settings_named_before_training(kwargs, error, words):
    pairs, src_vocab, tgt_vocab = _tiny()
    model = make_seq2seq(src_vocab, tgt_vocab, num_hiddens=8)
    before = [p.detach().clone() for p in model.parameters()]
    with pytest.raises(error, match=words):
        train_seq2seq(model, pairs, src_vocab, tgt_vocab, num_epochs=kwargs.pop("num_epochs", 1),
                      progress=False, **kwargs)
    unchanged = zip(before, model.parameters(), strict=True)
    assert all(torch.equal(a, b) for a, b in unchanged)                        # nothing was trained


def test_misuse_training_on_a_missing_gpu(monkeypatch):
    pairs, src_vocab, tgt_vocab = _tiny()
    model = make_seq2seq(src_vocab, tgt_vocab, num_hiddens=8)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(ValueError, match="device 'cuda' is not available"):
        train_seq2seq(model, pairs, src_vocab, tgt_vocab, num_epochs=1, device="cuda", progress=False)


def test_misuse_training_with_other_vocabularies_names_both_sizes():
    pairs, src_vocab, tgt_vocab = _tiny()
    model = make_seq2seq(src_vocab, tgt_vocab, num_hiddens=8)
    more = Vocab([s for s, _ in pairs] + [["a", "new", "word"]])  # the data cell re-run with more pairs
    with pytest.raises(ValueError, match=rf"src_vocab has {len(more)} tokens but the model was built for a "
                                         rf"src_vocab_size of {len(src_vocab)}"):
        train_seq2seq(model, pairs, more, tgt_vocab, num_epochs=1, progress=False)
    reversed_pairs = [(t, s) for s, t in pairs]                           # reverse=True
    with pytest.raises(ValueError, match=rf"src_vocab has {len(tgt_vocab)} tokens .* {len(src_vocab)}"):
        train_seq2seq(model, reversed_pairs, tgt_vocab, src_vocab, num_epochs=1, progress=False)


@pytest.mark.parametrize("pairs, words", [
    ([("I see the red car.", "Je vois la voiture rouge.")], r"pairs\[0\] holds the source as the str"),
    ("I see the red car.", r"pairs must be a list of \(source_tokens, target_tokens\), got str"),
])
def test_misuse_training_on_strings(pairs, words):
    _, src_vocab, tgt_vocab = _tiny()
    model = make_seq2seq(src_vocab, tgt_vocab, num_hiddens=8)
    with pytest.raises(TypeError, match=words):
        train_seq2seq(model, pairs, src_vocab, tgt_vocab, num_epochs=1, progress=False)


def _loss_inputs():
    gen = torch.Generator().manual_seed(0)
    return (torch.randn(2, 4, 5, generator=gen), torch.randint(0, 5, (2, 4), generator=gen),
            torch.tensor([4, 2]))


@pytest.mark.parametrize("change, error, words", [
    (lambda lg, tg, vl: (lg, tg.float(), vl), TypeError, r"targets must hold integers.*torch.float32"),
    (lambda lg, tg, vl: (lg.long(), tg, vl), TypeError, r"logits must be a floating-point tensor"),
    (lambda lg, tg, vl: (lg, tg[:, :3], vl), ValueError, r"logits \(batch_size, num_steps, vocab_size\) and "
                                                        r"targets \(batch_size, num_steps\) expected"),
    (lambda lg, tg, vl: (lg, tg + 5, vl), ValueError, r"targets \(at the real tokens\) must hold indices in "
                                                     r"\[0, 4\]"),
    (lambda lg, tg, vl: (lg, tg - 5, vl), ValueError, r"targets \(at the real tokens\) must hold indices"),
    (lambda lg, tg, vl: (lg, tg, torch.tensor([4, 5])), ValueError, r"valid_lens must be <= the number of "
                                                                    r"steps \(4\), got a maximum of 5"),
    (lambda lg, tg, vl: (lg, tg, torch.tensor([4, -1])), ValueError, r"valid_lens must be >= 0"),
    (lambda lg, tg, vl: (lg, tg, torch.tensor([4.0, 2.0])), TypeError, r"valid_lens must hold integers"),
    (lambda lg, tg, vl: (lg, tg, torch.tensor([4])), ValueError,
     r"valid_lens of shape \(batch_size,\) = \(2,\)"),
    (lambda lg, tg, vl: (lg, tg, [4, 2]), TypeError,
     r"valid_lens must be a torch.Tensor of integers, got list"),
])
def test_misuse_masked_cross_entropy_inputs_named(change, error, words):
    with pytest.raises(error, match=words):
        masked_cross_entropy(*change(*_loss_inputs()))


def test_misuse_padding_never_turns_the_loss_into_nan():
    logits, targets, valid_lens = _loss_inputs()
    reference = masked_cross_entropy(logits, targets, valid_lens)
    logits[1, 2:] = float("nan")                  # garbage at the padding of row 1
    targets[1, 2:] = -100                         # and an out-of-range index there
    assert_close(masked_cross_entropy(logits, targets, valid_lens), reference)


def test_evaluate_translations_and_bleu_by_length_match_their_parts():
    from helpers.data import num_words
    from helpers.decoding import translate_batch
    from helpers.evaluation import bleu_by_length, evaluate_translations
    from helpers.metrics import corpus_bleu

    pairs, src_vocab, tgt_vocab = _tiny()
    model = make_seq2seq(src_vocab, tgt_vocab, "bahdanau", embed_size=8, num_hiddens=8, seed=0)
    result = evaluate_translations(model, pairs, src_vocab, tgt_vocab, max_n=2)
    outputs = translate_batch(model, [s for s, _ in pairs], src_vocab, tgt_vocab)
    predictions = [out.tokens for out in outputs]
    assert [out.tokens for out in result.outputs] == predictions
    assert result.bleu == corpus_bleu(predictions, [t for _, t in pairs], 2)
    exact = sum(p == t for p, (_, t) in zip(predictions, pairs, strict=True))
    assert result.exact_match == exact / len(pairs)
    bins = [(1, 3), (4, 6), (20, 30)]
    scores = bleu_by_length(predictions, pairs, bins)
    for (lo, hi), score in zip(bins[:2], scores[:2], strict=True):
        rows = [i for i, (s, _) in enumerate(pairs) if lo <= num_words(s) <= hi]
        assert score == corpus_bleu([predictions[i] for i in rows], [pairs[i][1] for i in rows])
    assert scores[2] != scores[2]                 # NaN: no sentence of 20-30 words


def test_teacher_forced_attention_is_the_models_weights_on_the_reference():
    pairs, src_vocab, tgt_vocab = _tiny()
    model = make_seq2seq(src_vocab, tgt_vocab, "bahdanau", embed_size=8, num_hiddens=16, seed=4)
    weights = teacher_forced_attention(model, pairs, src_vocab, tgt_vocab, batch_size=4)
    assert len(weights) == len(pairs)
    for (src, tgt), w in zip(pairs, weights, strict=True):
        assert w.shape == (len(tgt) + 1, len(src) + 1)
        src_ids = torch.tensor([src_vocab[src + ["<eos>"]]])
        dec_in = torch.tensor([[tgt_vocab.bos] + tgt_vocab[tgt]])        # <bos> and the reference
        with torch.no_grad():
            _, expected = model(src_ids, torch.tensor([len(src) + 1]), dec_in)
        assert_close(w, expected[0])                                         # one pair alone, unpadded
        assert_close(w.sum(-1), torch.ones(len(tgt) + 1))


def test_misuse_teacher_forced_attention_without_attention():
    pairs, src_vocab, tgt_vocab = _tiny()
    model = make_seq2seq(src_vocab, tgt_vocab, "plain", embed_size=8, num_hiddens=16)
    with pytest.raises(ValueError, match="model has no attention"):
        teacher_forced_attention(model, pairs, src_vocab, tgt_vocab)


def test_attention_links_are_the_argmax_of_each_reference_word_without_eos():
    pairs, src_vocab, tgt_vocab = _tiny()
    model = make_seq2seq(src_vocab, tgt_vocab, "bahdanau", embed_size=8, num_hiddens=16, seed=4)
    links = attention_links(model, pairs, src_vocab, tgt_vocab)
    weights = teacher_forced_attention(model, pairs, src_vocab, tgt_vocab)
    for (src, tgt), found, w in zip(pairs, links, weights, strict=True):
        expected = {(int(w[j, :len(src)].argmax()), j) for j in range(len(tgt))}   # brute force, row by row
        assert found == expected
    low = attention_links(model, pairs, src_vocab, tgt_vocab, method="threshold", threshold=1e-9)
    assert all(found == {(i, j) for i in range(len(src)) for j in range(len(tgt))}
               for (src, tgt), found in zip(pairs, low, strict=True))         # every real pair passes
