"""helpers.seq2seq, helpers.decoders and helpers.decoding: shapes, masking and padding invariance, the
Bahdanau and Luong steps against hand-written references, greedy translation, beam search against an
exhaustive search, and save/load (files of the earlier format included)."""

import itertools
from pathlib import Path

import pytest
import torch
from torch.testing import assert_close

from helpers.data import Vocab
from helpers.decoders import SCORINGS, BahdanauDecoder, LuongDecoder, Seq2SeqDecoder
from helpers.decoding import beam_search, greedy_decode, translate, translate_batch
from helpers.seq2seq import Seq2Seq, Seq2SeqEncoder, load_seq2seq, make_seq2seq, save_seq2seq

CONFIGS = [(1, 5, 8), (2, 7, 16)]  # num_layers, embed_size, num_hiddens
DECODER_NAMES = ["bahdanau", "luong", "plain"]


pytestmark = pytest.mark.usefixtures("one_thread")


def _batch(gen, batch_size, num_steps, vocab_size, min_len=1):
    valid_lens = torch.randint(min_len, num_steps + 1, (batch_size,), generator=gen)
    valid_lens[0] = num_steps                                          # one full-length row
    tokens = torch.randint(4, vocab_size, (batch_size, num_steps), generator=gen)
    tokens[torch.arange(num_steps)[None, :] >= valid_lens[:, None]] = 0
    return tokens, valid_lens


def _pad_more(tokens, extra):
    return torch.cat([tokens, torch.zeros(tokens.shape[0], extra, dtype=tokens.dtype)], dim=1)


@pytest.mark.parametrize("num_layers, embed_size, num_hiddens", CONFIGS)
@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("bidirectional", [False, True])
def test_encoder_shapes_and_padding_invariance(num_layers, embed_size, num_hiddens, seed, bidirectional):
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    encoder = Seq2SeqEncoder(20, embed_size, num_hiddens, num_layers, bidirectional=bidirectional).eval()
    src, valid_lens = _batch(gen, 4, 6, 20)
    outputs, state = encoder(src, valid_lens)
    assert outputs.shape == (4, 6, num_hiddens) and state.shape == (num_layers, 4, num_hiddens)
    more_outputs, more_state = encoder(_pad_more(src, 3), valid_lens)
    assert_close(more_outputs[:, :6], outputs)
    assert (more_outputs[:, 6:] == 0).all()
    assert_close(more_state, state)
    # reference: each sentence alone, unpadded, through the same GRU
    for row in range(4):
        alone_out, alone_state = encoder(src[row:row + 1, :valid_lens[row]])
        assert_close(outputs[row, :valid_lens[row]], alone_out[0])
        assert_close(state[:, row], alone_state[:, 0])


@pytest.mark.parametrize("num_layers, embed_size, num_hiddens", CONFIGS)
def test_bidirectional_encoder_joins_forward_and_backward_states(num_layers, embed_size, num_hiddens):
    """Outputs are [forward ; backward]; the final state of the top layer is the forward output at the
    last real word next to the backward output at the first word (the backward GRU ends there)."""
    torch.manual_seed(5)
    gen = torch.Generator().manual_seed(5)
    encoder = Seq2SeqEncoder(20, embed_size, num_hiddens, num_layers, bidirectional=True).eval()
    src, valid_lens = _batch(gen, 4, 6, 20)
    outputs, state = encoder(src, valid_lens)
    half = num_hiddens // 2
    last = outputs[torch.arange(4), valid_lens - 1]                        # (B, H)
    assert_close(state[-1, :, :half], last[:, :half])
    assert_close(state[-1, :, half:], outputs[:, 0, half:])
    if num_layers == 1:  # reference: a one-way GRU with the backward weights, run over the reversed words
        backward = torch.nn.GRU(embed_size, half, batch_first=True)
        backward.load_state_dict({name: getattr(encoder.rnn, name + "_reverse")
                                  for name in ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"]})
        for row in range(4):
            n = int(valid_lens[row])
            reversed_out, _ = backward(encoder.embedding(src[row:row + 1, :n].flip(1)))  # (1, n, H/2)
            assert_close(outputs[row, :n, half:], reversed_out[0].flip(0))
    with pytest.raises(ValueError, match="even"):
        Seq2SeqEncoder(20, embed_size, 7, num_layers, bidirectional=True)


@pytest.mark.parametrize("decoder", DECODER_NAMES)
@pytest.mark.parametrize("bidirectional", [True, False])
def test_the_encoder_is_bidirectional_unless_told_whatever_the_decoder(decoder, bidirectional):
    assert Seq2Seq(20, 30, decoder, 5, 8).encoder.rnn.bidirectional
    model = Seq2Seq(20, 30, decoder, 5, 8, bidirectional=bidirectional)
    assert model.encoder.rnn.bidirectional == bidirectional == model.config["bidirectional"]
    assert model.config["num_attention_hiddens"] == 8                     # None: as wide as num_hiddens


@pytest.mark.parametrize("num_layers, embed_size, num_hiddens", CONFIGS)
@pytest.mark.parametrize("decoder", DECODER_NAMES)
def test_model_shapes_and_padding_invariance(num_layers, embed_size, num_hiddens, decoder):
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(1)
    model = Seq2Seq(20, 30, decoder, embed_size, num_hiddens, num_layers, dropout=0.3).eval()
    src, src_valid_lens = _batch(gen, 5, 7, 20)
    dec_inputs, _ = _batch(gen, 5, 4, 30, min_len=4)
    logits, weights = model(src, src_valid_lens, dec_inputs)
    assert logits.shape == (5, 4, 30)
    more_logits, more_weights = model(_pad_more(src, 4), src_valid_lens, _pad_more(dec_inputs, 2))
    assert_close(more_logits[:, :4], logits)
    if decoder == "plain":
        assert weights is None and more_weights is None
        return
    assert weights.shape == (5, 4, 7)
    # padding is never attended: weights past each valid length are exactly 0, the rest sums to 1
    mask = torch.arange(7)[None, None, :] < src_valid_lens[:, None, None]
    assert (weights[~mask.expand_as(weights)] == 0).all()
    assert_close(weights.sum(-1), torch.ones(5, 4))
    assert_close(more_weights[:, :4, :7], weights)
    assert (more_weights[:, :, 7:] == 0).all()


@pytest.mark.parametrize("num_layers", [1, 2])
def test_bahdanau_step_matches_hand_written_reference(num_layers):
    """query = previous top-layer hidden state; keys = values = encoder outputs; context ++ embedding."""
    torch.manual_seed(3)
    decoder = BahdanauDecoder(12, 5, 8, num_layers).double().eval()
    enc_outputs = torch.randn(3, 6, 8, dtype=torch.float64)
    hidden = torch.randn(num_layers, 3, 8, dtype=torch.float64)
    enc_valid_lens = torch.tensor([6, 2, 4])
    inputs = torch.tensor([[1, 5], [1, 7], [1, 4]])
    logits, state, weights = decoder(inputs, decoder.init_state(enc_outputs, hidden, enc_valid_lens))
    att, h = decoder.attention, hidden
    for t in range(2):
        for b in range(3):
            n = int(enc_valid_lens[b])
            q = h[-1, b]                                                    # previous top layer
            scores = torch.stack([att.w_v(torch.tanh(att.W_q(q) + att.W_k(k)))[0]
                                  for k in enc_outputs[b, :n]])
            alpha = torch.softmax(scores, 0)                                # (n,)
            assert_close(weights[b, t, :n], alpha)
            assert (weights[b, t, n:] == 0).all()
        context = torch.einsum("bk,bkh->bh", weights[:, t], enc_outputs)     # (B, H)
        x = torch.cat([context, decoder.embedding(inputs[:, t])], dim=-1)  # (B, H + E)
        h = torch.stack([x := cell(x, h[layer]) for layer, cell in enumerate(decoder.cells)])  # (L, B, H)
        assert_close(logits[:, t], decoder.dense(h[-1]))
    assert_close(state.hidden, h)


@pytest.mark.parametrize("feed_context", [False, True])
def test_luong_step_matches_hand_written_reference(feed_context):
    """s_t = GRU(e(y) [; c_{t-1}], s_{t-1}); query = s_t; output layer reads tanh(W_c [c_t; s_t])."""
    torch.manual_seed(8)
    decoder = LuongDecoder(12, 5, 8, num_layers=2, feed_context=feed_context).double().eval()
    enc_outputs = torch.randn(3, 6, 8, dtype=torch.float64)
    hidden = torch.randn(2, 3, 8, dtype=torch.float64)
    enc_valid_lens = torch.tensor([6, 2, 4])
    inputs = torch.tensor([[1, 5, 3], [1, 7, 2], [1, 4, 4]])
    logits, state, weights = decoder(inputs, decoder.init_state(enc_outputs, hidden, enc_valid_lens))
    h, context = hidden, torch.zeros(3, 8, dtype=torch.float64)          # c_0 = 0
    for t in range(3):
        x = decoder.embedding(inputs[:, t])                                 # (B, E)
        x = torch.cat([x, context], dim=-1) if feed_context else x
        _, h = decoder.rnn(x[:, None], h)                                   # (L, B, H): s_t
        context, alpha = decoder.attention(h[-1][:, None], enc_outputs, enc_outputs, enc_valid_lens)
        context = context[:, 0]                                             # (B, H)
        assert_close(weights[:, t], alpha[:, 0])
        out = torch.tanh(decoder.combine(torch.cat([context, h[-1]], dim=-1)))
        assert_close(logits[:, t], decoder.dense(out))
    assert_close(state.hidden, h)
    assert decoder.rnn.input_size == 5 + 8 * feed_context


def test_plain_decoder_uses_final_encoder_state_as_context():
    torch.manual_seed(4)
    decoder = Seq2SeqDecoder(10, 4, 6, num_layers=2).eval()
    enc_state = torch.randn(2, 3, 6)
    inputs = torch.randint(0, 10, (3, 5))
    logits, _, weights = decoder(inputs, decoder.init_state(None, enc_state))
    assert weights is None and logits.shape == (3, 5, 10)
    state, stepped = decoder.init_state(None, enc_state), []
    for t in range(5):                                                      # one step at a time
        step_logits, state, _ = decoder(inputs[:, t:t + 1], state)
        stepped.append(step_logits[:, 0])
    assert_close(torch.stack(stepped, 1), logits)


def _same(a, b):
    assert a.tokens == b.tokens and a.source_tokens == b.source_tokens
    if a.weights is None:
        assert b.weights is None
    else:
        assert_close(a.weights, b.weights)
    return True


def _vocabs():
    src = Vocab([["i", "see", "the", "red", "car", "."]])
    tgt = Vocab([["je", "vois", "la", "voiture", "rouge", ".", "!"]])
    return src, tgt


@pytest.mark.parametrize("decoder", DECODER_NAMES)
def test_translate_returns_tokens_and_weights(decoder):
    src_vocab, tgt_vocab = _vocabs()
    model = make_seq2seq(src_vocab, tgt_vocab, decoder, embed_size=4, num_hiddens=8, seed=0)
    out = translate(model, "I see the blue car!", src_vocab, tgt_vocab, max_len=6)
    assert out.source_tokens == ["i", "see", "the", "blue", "car", "!", "<eos>"]   # unknown words kept
    assert len(out.tokens) <= 6 and "<eos>" not in out.tokens
    assert all(t in tgt_vocab for t in out.tokens)
    if decoder != "plain":
        assert out.weights.shape == (len(out.tokens), 7)
        assert_close(out.weights.sum(-1), torch.ones(len(out.tokens)))
    else:
        assert out.weights is None
    assert _same(translate(model, ["i", "see", "the", "blue", "car", "!"], src_vocab, tgt_vocab, 6), out)


def test_translate_stops_at_eos_and_at_max_len():
    src_vocab, tgt_vocab = _vocabs()
    model = make_seq2seq(src_vocab, tgt_vocab, "bahdanau", embed_size=4, num_hiddens=8, seed=0)
    with torch.no_grad():                      # force <eos> after "je": its bias dominates once "je" is fed
        model.decoder.dense.bias.zero_()
        model.decoder.dense.bias[tgt_vocab["je"]] = 100.0
    assert translate(model, "i see", src_vocab, tgt_vocab, max_len=4).tokens == ["je"] * 4
    with torch.no_grad():
        model.decoder.dense.bias[tgt_vocab.eos] = 200.0
    out = translate(model, "i see", src_vocab, tgt_vocab, max_len=4)
    assert out.tokens == [] and out.weights.shape == (0, 3)


@pytest.mark.parametrize("beam_size", [1, 3])
def test_translate_without_unk_takes_the_next_best_word(beam_size):
    src_vocab, tgt_vocab = _vocabs()
    model = make_seq2seq(src_vocab, tgt_vocab, "bahdanau", embed_size=4, num_hiddens=8, seed=0)
    with torch.no_grad():                      # <unk> first, then <eos>, then everything else
        model.decoder.dense.bias.zero_()
        model.decoder.dense.bias[tgt_vocab.unk] = 300.0
        model.decoder.dense.bias[tgt_vocab.eos] = 200.0
    kept = translate(model, "i see", src_vocab, tgt_vocab, max_len=3, beam_size=beam_size)
    assert kept.tokens == ["<unk>"] * 3
    banned = translate_batch(model, ["i see", "i"], src_vocab, tgt_vocab, max_len=3, beam_size=beam_size,
                             allow_unk=False)
    assert [out.tokens for out in banned] == [[], []]
    with pytest.raises(TypeError, match="allow_unk must be True or False, got str"):
        translate_batch(model, ["i"], src_vocab, tgt_vocab, allow_unk="no")
    src, lens = torch.tensor([[4, 2]]), torch.tensor([2])
    with pytest.raises(ValueError, match="ban_index must not be eos_index"):
        greedy_decode(model, src, lens, tgt_vocab.bos, tgt_vocab.eos, ban_index=tgt_vocab.eos)
    with pytest.raises(ValueError, match="ban_index must be an int"):
        beam_search(model, src, lens, tgt_vocab.bos, tgt_vocab.eos, ban_index=len(tgt_vocab))


def test_translate_errors():
    src_vocab, tgt_vocab = _vocabs()
    model = make_seq2seq(src_vocab, tgt_vocab, "bahdanau", embed_size=4, num_hiddens=8)
    with pytest.raises(ValueError, match="empty sentence"):
        translate(model, "  ", src_vocab, tgt_vocab)
    with pytest.raises(TypeError, match="str or a list"):
        translate(model, 42, src_vocab, tgt_vocab)
    with pytest.raises(ValueError, match="tgt_vocab has"):
        translate(model, "i see", src_vocab, src_vocab)
    with pytest.raises(ValueError, match="max_len"):
        translate(model, "i see", src_vocab, tgt_vocab, max_len=0)


@pytest.mark.parametrize("decoder", DECODER_NAMES)
def test_batched_greedy_decoding_matches_one_by_one(decoder):
    src_vocab, tgt_vocab = _vocabs()
    model = make_seq2seq(src_vocab, tgt_vocab, decoder, embed_size=6, num_hiddens=10, seed=2)
    sentences = ["i see", "the red car .", "i", "car car see the red the i ."]
    together = translate_batch(model, sentences, src_vocab, tgt_vocab, max_len=8)
    for sentence, out in zip(sentences, together, strict=True):
        alone = translate(model, sentence, src_vocab, tgt_vocab, max_len=8)
        assert alone.tokens == out.tokens
        if decoder != "plain":
            assert_close(alone.weights, out.weights)


def test_greedy_decode_shapes():
    src_vocab, tgt_vocab = _vocabs()
    model = make_seq2seq(src_vocab, tgt_vocab, "bahdanau", embed_size=6, num_hiddens=10, seed=2)
    src = torch.tensor([[4, 5, 2, 0], [6, 7, 8, 2]])
    tokens, lengths, weights = greedy_decode(model, src, torch.tensor([3, 4]), 1, 2, max_len=5)
    assert tokens.shape[0] == 2 and tokens.shape[1] <= 5 and lengths.shape == (2,)
    assert weights.shape == (2, tokens.shape[1], 4) and (weights[0, :, 3] == 0).all()


# Every attention decoder with every score, context fed or not, and each output layer it allows.
VARIANTS = [dict(decoder=decoder, scoring=scoring, feed_context=feed, output=output)
            for decoder in ("bahdanau", "luong") for scoring in SCORINGS
            for feed, output in [(True, "state"), (True, "combine"), (False, "combine")]]
DECODER_CLASSES = {"bahdanau": BahdanauDecoder, "luong": LuongDecoder}


def _decoder(variant, *sizes, num_layers=2):
    options = {key: value for key, value in variant.items() if key != "decoder"}
    return DECODER_CLASSES[variant["decoder"]](*sizes, num_layers=num_layers, **options)


@pytest.mark.parametrize("variant", VARIANTS)
def test_forward_matches_step_by_step(variant):
    """Teacher forcing prepares the keys once and applies the output layer once: same as stepping."""
    torch.manual_seed(5)
    decoder = _decoder(variant, 11, 5, 8).double().eval()
    enc_outputs = torch.randn(3, 6, 8, dtype=torch.float64)
    hidden = torch.randn(2, 3, 8, dtype=torch.float64)
    state = decoder.init_state(enc_outputs, hidden, torch.tensor([6, 2, 4]))
    inputs = torch.randint(0, 11, (3, 4))
    logits, final, weights = decoder(inputs, state)
    stepped_logits, stepped_weights = [], []
    for t in range(4):
        step_logits, state, step_weights = decoder.step(inputs[:, t], state)
        stepped_logits.append(step_logits)
        stepped_weights.append(step_weights)
    assert_close(logits, torch.stack(stepped_logits, 1))
    assert_close(weights, torch.stack(stepped_weights, 1))
    assert_close(final.hidden, state.hidden)


def _sequence_log_prob(model, src, src_valid_len, tokens, bos_index):
    """log P(tokens | src) by teacher forcing, the reference score of one hypothesis."""
    dec_inputs = torch.tensor([[bos_index, *tokens[:-1]]])                   # (1, n)
    with torch.no_grad():
        logits, _ = model(src[None], src_valid_len[None], dec_inputs)        # (1, n, V)
    log_probs = torch.log_softmax(logits[0].double(), dim=-1)                # (n, V)
    return float(sum(log_probs[t, w] for t, w in enumerate(tokens)))


def _exhaustive_best(model, src, src_valid_len, vocab_size, bos, eos, max_len, alpha):
    """Every output up to max_len tokens that ends at its first <eos>, or has none and max_len tokens."""
    best, best_score = None, -float("inf")
    for n in range(1, max_len + 1):
        for tokens in itertools.product(range(vocab_size), repeat=n):
            if eos in tokens[:-1] or (tokens[-1] != eos and n < max_len):
                continue
            score = _sequence_log_prob(model, src, src_valid_len, tokens, bos) / n ** alpha
            if score > best_score:
                best, best_score = tokens, score
    return best, best_score


@pytest.mark.parametrize("decoder", DECODER_NAMES)
@pytest.mark.parametrize("alpha, eos_bias", [(0.75, 0.0), (0.0, 0.0), (1.0, 1.5), (0.0, 1.5)])
def test_beam_search_with_a_wide_beam_is_exhaustive_search(decoder, alpha, eos_bias):
    """With a beam wider than every set of prefixes nothing is pruned: the exhaustive search's best."""
    torch.manual_seed(6)
    vocab_size, bos, eos, max_len = 6, 1, 2, 3
    model = Seq2Seq(7, vocab_size, decoder, embed_size=4, num_hiddens=8).eval()
    with torch.no_grad():
        model.decoder.dense.bias[eos] += eos_bias                           # some outputs end early
    src, src_valid_lens = torch.tensor([[4, 5, 2, 0], [5, 6, 4, 2], [4, 2, 0, 0]]), torch.tensor([3, 4, 2])
    tokens, lengths, weights = beam_search(model, src, src_valid_lens, bos, eos, beam_size=vocab_size ** 2,
                                           max_len=max_len, alpha=alpha)
    for i in range(3):
        best, best_score = _exhaustive_best(model, src[i], src_valid_lens[i], vocab_size, bos, eos, max_len,
                                            alpha)
        found = tuple(tokens[i, :lengths[i]].tolist())
        score = _sequence_log_prob(model, src[i], src_valid_lens[i], found, bos) / len(found) ** alpha
        assert found == best and score == pytest.approx(best_score, abs=1e-5), (found, best)
        if decoder != "plain":                                   # the weights of the chosen hypothesis
            with torch.no_grad():
                _, expected = model(src[i:i + 1], src_valid_lens[i:i + 1], torch.tensor([[bos, *found[:-1]]]))
            assert_close(weights[i, :len(found)], expected[0])


@pytest.mark.parametrize("variant", [dict(decoder="plain")] + VARIANTS)
def test_beam_of_one_is_greedy_decoding(variant):
    src_vocab, tgt_vocab = _vocabs()
    model = make_seq2seq(src_vocab, tgt_vocab, embed_size=6, num_hiddens=10, seed=2, **variant)
    src, src_valid_lens = torch.tensor([[4, 5, 2, 0], [6, 7, 8, 2]]), torch.tensor([3, 4])
    greedy = greedy_decode(model, src, src_valid_lens, tgt_vocab.bos, tgt_vocab.eos, max_len=6)
    beam = beam_search(model, src, src_valid_lens, tgt_vocab.bos, tgt_vocab.eos, beam_size=1, max_len=6)
    assert torch.equal(greedy[0], beam[0]) and torch.equal(greedy[1], beam[1])
    if model.has_attention:
        assert_close(greedy[2], beam[2])


@pytest.mark.parametrize("decoder", DECODER_NAMES)
def test_beam_search_batched_matches_one_by_one_and_never_scores_below_its_beam(decoder):
    src_vocab, tgt_vocab = _vocabs()
    model = make_seq2seq(src_vocab, tgt_vocab, decoder, embed_size=6, num_hiddens=10, seed=3)
    sentences = ["i see", "the red car .", "i", "car car see the red the i ."]
    together = translate_batch(model, sentences, src_vocab, tgt_vocab, max_len=6, beam_size=3)
    for sentence, out in zip(sentences, together, strict=True):
        assert _same(translate(model, sentence, src_vocab, tgt_vocab, max_len=6, beam_size=3), out)
        if decoder != "plain":
            assert out.weights.shape == (len(out.tokens), len(out.source_tokens))
            assert_close(out.weights.sum(-1), torch.ones(len(out.tokens)))


def test_translate_batch_uses_the_given_threads_and_restores_the_setting(monkeypatch):
    src_vocab, tgt_vocab = _vocabs()
    model = make_seq2seq(src_vocab, tgt_vocab, "bahdanau", embed_size=4, num_hiddens=8, seed=0)
    seen, decode = [], greedy_decode
    monkeypatch.setattr("helpers.decoding.greedy_decode",
                        lambda *args: seen.append(torch.get_num_threads()) or decode(*args))
    torch.set_num_threads(2)                         # the one_thread fixture restores the setting after
    before = torch.get_num_threads()
    translate_batch(model, ["i see"], src_vocab, tgt_vocab)
    translate_batch(model, ["i see"], src_vocab, tgt_vocab, num_threads=None)
    assert seen == [1, before] and torch.get_num_threads() == before


def test_beam_search_stops_at_eos():
    src_vocab, tgt_vocab = _vocabs()
    model = make_seq2seq(src_vocab, tgt_vocab, "bahdanau", embed_size=4, num_hiddens=8, seed=0)
    with torch.no_grad():
        model.decoder.dense.bias.zero_()
        model.decoder.dense.bias[tgt_vocab.eos] = 200.0
    out = translate(model, "i see", src_vocab, tgt_vocab, max_len=4, beam_size=4)
    assert out.tokens == [] and out.weights.shape == (0, 3)


def test_make_seq2seq_is_seeded_and_leaves_global_rng_alone():
    src_vocab, tgt_vocab = _vocabs()
    torch.manual_seed(123)
    before = torch.random.get_rng_state()
    a = make_seq2seq(src_vocab, tgt_vocab, seed=7, num_hiddens=8)
    b = make_seq2seq(src_vocab, tgt_vocab, seed=7, num_hiddens=8)
    assert torch.equal(torch.random.get_rng_state(), before)
    assert all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters(), strict=True))
    with pytest.raises(ValueError, match="num_hiddens"):
        Seq2Seq(5, 5, num_hiddens=0)
    with pytest.raises(ValueError, match="dropout"):
        Seq2Seq(5, 5, dropout=1.5)


@pytest.mark.parametrize("decoder", DECODER_NAMES)
def test_save_load_round_trip(tmp_path, decoder):
    src_vocab, tgt_vocab = _vocabs()
    model = make_seq2seq(src_vocab, tgt_vocab, decoder, embed_size=4, num_hiddens=8, num_layers=2,
                         dropout=0.1, seed=5)
    path = tmp_path / "model.pt"
    save_seq2seq(path, model, src_vocab, tgt_vocab)
    saved = torch.load(path, weights_only=True)                            # plain tensors and lists only
    assert saved["config"]["decoder"] == decoder
    loaded, src2, tgt2 = load_seq2seq(path)
    assert not loaded.training and loaded.config == model.config
    assert src2.idx_to_token == src_vocab.idx_to_token and tgt2.idx_to_token == tgt_vocab.idx_to_token
    assert _same(translate(loaded, "i see the car", src2, tgt2),
                 translate(model, "i see the car", src_vocab, tgt_vocab))


# Files saved in the earlier format (attention=True/False, query_state="previous"/"current"), committed
# with the teacher-forced logits and weights the models gave when they were saved.
OLD_FILES = {"plain": "plain", "bahdanau": "bahdanau", "luong_dot": "luong",
             "bahdanau_multiplicative_uni": "bahdanau"}
DATA = Path(__file__).resolve().parent / "data"


@pytest.mark.parametrize("name, decoder", OLD_FILES.items())
def test_files_of_the_earlier_format_load_as_the_same_model(name, decoder):
    model, src_vocab, tgt_vocab = load_seq2seq(DATA / f"seq2seq_v1_{name}.pt")
    assert model.config["decoder"] == decoder
    expected = torch.load(DATA / "seq2seq_v1_outputs.pt", weights_only=True)
    with torch.no_grad():
        logits, weights = model(expected["src"], expected["src_valid_lens"], expected["dec_inputs"])
    assert_close(logits, expected[name]["logits"])
    if decoder == "plain":
        assert weights is None and expected[name]["weights"] is None
    else:
        assert_close(weights, expected[name]["weights"])


def test_load_file_saved_before_the_bidirectional_option(tmp_path):
    saved = torch.load(DATA / "seq2seq_v1_bahdanau_multiplicative_uni.pt", weights_only=True)
    del saved["config"]["bidirectional"]                                   # the oldest layout
    torch.save(saved, tmp_path / "old.pt")
    loaded, _, _ = load_seq2seq(tmp_path / "old.pt")
    assert not loaded.encoder.rnn.bidirectional and loaded.config["scoring"] == "multiplicative"


def test_load_errors(tmp_path):
    src_vocab, tgt_vocab = _vocabs()
    model = make_seq2seq(src_vocab, tgt_vocab, "bahdanau", embed_size=4, num_hiddens=8)
    with pytest.raises(FileNotFoundError, match="missing.pt"):
        load_seq2seq(tmp_path / "missing.pt")
    corrupt = tmp_path / "corrupt.pt"
    corrupt.write_bytes(b"this is not a model")
    with pytest.raises(ValueError, match="not a readable saved Seq2Seq model"):
        load_seq2seq(corrupt)
    truncated = tmp_path / "truncated.pt"
    save_seq2seq(truncated, model, src_vocab, tgt_vocab)
    truncated.write_bytes(truncated.read_bytes()[:200])
    with pytest.raises(ValueError, match="not a readable"):
        load_seq2seq(truncated)
    other = tmp_path / "weights_only.pt"
    torch.save(model.state_dict(), other)                                  # weights without the rest
    with pytest.raises(ValueError, match="expected format"):
        load_seq2seq(other)
    mismatched = tmp_path / "mismatched.pt"
    save_seq2seq(mismatched, model, src_vocab, tgt_vocab)
    saved = torch.load(mismatched, weights_only=True)
    saved["config"]["num_hiddens"] = 16
    torch.save(saved, mismatched)
    with pytest.raises(ValueError, match="do not fit"):
        load_seq2seq(mismatched)
    with pytest.raises(ValueError, match="src_vocab has"):
        save_seq2seq(tmp_path / "x.pt", model, tgt_vocab, tgt_vocab)


# Misuse: a model with vocabularies it was not built for, lists of sentences, bad decoding inputs,
# settings out of range, a checkpoint loaded onto a missing device.

def _tiny_model(decoder="bahdanau"):
    src_vocab, tgt_vocab = _vocabs()
    return make_seq2seq(src_vocab, tgt_vocab, decoder, embed_size=4, num_hiddens=8), src_vocab, tgt_vocab


def test_misuse_translate_with_other_vocabularies_names_both_sizes():
    model, src_vocab, tgt_vocab = _tiny_model()
    bigger = Vocab([["i", "see", "the", "red", "car", ".", "a", "new", "word"]])
    with pytest.raises(ValueError, match=rf"src_vocab has {len(bigger)} tokens but the model was built for "
                                         rf"a src_vocab_size of {len(src_vocab)}"):
        translate(model, "i see", bigger, tgt_vocab)
    with pytest.raises(ValueError, match=rf"src_vocab has {len(tgt_vocab)} tokens .* {len(src_vocab)}"):
        translate_batch(model, ["i see"], tgt_vocab, src_vocab)                  # reverse=True data


@pytest.mark.parametrize("sentence", [["I see the car.", "The red car."], ["i see", "red car"]])
def test_misuse_translate_a_list_of_sentences(sentence):
    model, src_vocab, tgt_vocab = _tiny_model()
    with pytest.raises(TypeError, match="got a list of sentences.*use translate_batch"):
        translate(model, sentence, src_vocab, tgt_vocab)


def test_misuse_translate_batch_inputs_named():
    model, src_vocab, tgt_vocab = _tiny_model()
    with pytest.raises(TypeError, match="sentences must be a list of sentences, got one str: use translate"):
        translate_batch(model, "i see", src_vocab, tgt_vocab)
    with pytest.raises(TypeError,
                       match=r"sentences\[1\] must be a list of str tokens, got an item of type int"):
        translate_batch(model, ["i see", [1, 2]], src_vocab, tgt_vocab)
    with pytest.raises(ValueError, match=r"sentences\[0\] must hold at least one word"):
        translate_batch(model, [" "], src_vocab, tgt_vocab)
    with pytest.raises(ValueError, match="batch_size must be an int >= 1, got 0"):
        translate_batch(model, ["i see"], src_vocab, tgt_vocab, batch_size=0)
    with pytest.raises(TypeError, match="max_len must be an int, got float"):
        translate_batch(model, ["i see"], src_vocab, tgt_vocab, max_len=5.0)
    with pytest.raises(TypeError, match=r"model must be a helpers.seq2seq.Seq2Seq \(e.g. from "
                                        r"make_seq2seq\), got Seq2SeqEncoder"):
        translate(model.encoder, "i see", src_vocab, tgt_vocab)


@pytest.mark.parametrize("change, error, words", [
    (dict(src=torch.ones(2, 3)), TypeError, r"src must hold integers.*got dtype torch.float32"),
    (dict(src=torch.full((2, 3), 99)), ValueError, r"src must hold indices in \[0, 9\].*got values from 99"),
    (dict(src=torch.ones(3, dtype=torch.long)), ValueError, r"src must be 2-D"),
    (dict(src_valid_lens=torch.tensor([3, 0])), ValueError,
     r"src_valid_lens must be >= 1, got a minimum of 0"),
    (dict(src_valid_lens=torch.tensor([3, 4])), ValueError,
     r"src_valid_lens must be <= the number of steps \(3\)"),
    (dict(src_valid_lens=torch.tensor([3])), ValueError, r"src_valid_lens of shape \(batch_size,\) = \(2,\)"),
    (dict(src_valid_lens=torch.tensor([3.0, 2.0])), TypeError, r"src_valid_lens must hold integers"),
    (dict(bos_index=50), ValueError, r"bos_index must be an int in \[0, 10\], got 50"),
    (dict(eos_index=-1), ValueError, r"eos_index must be an int in \[0, 10\], got -1"),
    (dict(max_len=0), ValueError, r"max_len must be an int >= 1, got 0"),
])
@pytest.mark.parametrize("decode", [greedy_decode, beam_search])
def test_misuse_greedy_decode_inputs_named(change, error, words, decode):
    model, src_vocab, tgt_vocab = _tiny_model()
    args = dict(src=torch.ones(2, 3, dtype=torch.long), src_valid_lens=torch.tensor([3, 2]),
                bos_index=tgt_vocab.bos, eos_index=tgt_vocab.eos, max_len=4)
    args.update(change)
    with pytest.raises(error, match=words):
        decode(model, **args)


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(beam_size=0), ValueError, r"beam_size must be an int >= 1, got 0"),
    (dict(alpha=-0.5), ValueError, r"alpha must be a finite number in \[0.0, inf\), got -0.5"),
])
def test_misuse_beam_settings_named(kwargs, error, words):
    model, src_vocab, tgt_vocab = _tiny_model()
    with pytest.raises(error, match=words):
        translate(model, "i see", src_vocab, tgt_vocab, **kwargs)


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(dropout=1.0), ValueError, r"dropout must be a finite number in \[0.0, 1.0\), got 1.0"),
    (dict(num_hiddens=0), ValueError, r"num_hiddens must be an int >= 1, got 0"),
    (dict(embed_size=8.0), TypeError, r"embed_size must be an int, got float"),
    (dict(num_attention_hiddens=-4), ValueError, r"num_attention_hiddens must be an int >= 1"),
    (dict(bidirectional="yes"), TypeError, r"bidirectional must be True or False, got str"),
    (dict(feed_context=1), TypeError, r"feed_context must be True or False, got 1"),
    (dict(seed=None), TypeError, r"seed must be an int, got NoneType"),
])
def test_misuse_model_settings_named(kwargs, error, words):
    src_vocab, tgt_vocab = _vocabs()
    with pytest.raises(error, match=words):
        make_seq2seq(src_vocab, tgt_vocab, **{"embed_size": 4, "num_hiddens": 8, **kwargs})


def test_misuse_make_seq2seq_needs_vocabularies():
    with pytest.raises(TypeError, match="src_vocab must be a helpers.data.Vocab, got int"):
        make_seq2seq(10, 12)


def test_misuse_load_onto_a_missing_device_says_so(tmp_path, monkeypatch):
    model, src_vocab, tgt_vocab = _tiny_model()
    path = tmp_path / "model.pt"
    save_seq2seq(path, model, src_vocab, tgt_vocab)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(ValueError, match=r"device 'cuda' is not available: this machine has no CUDA GPU"):
        load_seq2seq(path, device="cuda")
    with pytest.raises(ValueError, match=r"device must be 'cpu', 'cuda'.*got 'gpu0'"):
        load_seq2seq(path, device="gpu0")
    loaded, _, _ = load_seq2seq(path, device="cpu")
    assert next(loaded.parameters()).device.type == "cpu"


@pytest.mark.parametrize("variant", VARIANTS)
def test_save_load_round_trip_keeps_the_decoder_and_its_options(tmp_path, variant):
    src_vocab, tgt_vocab = _vocabs()
    model = make_seq2seq(src_vocab, tgt_vocab, embed_size=4, num_hiddens=8, seed=5, **variant)
    save_seq2seq(tmp_path / "model.pt", model, src_vocab, tgt_vocab)
    loaded, src2, tgt2 = load_seq2seq(tmp_path / "model.pt")
    assert loaded.config == model.config and variant.items() <= loaded.config.items()
    assert _same(translate(loaded, "i see the car", src2, tgt2),
                 translate(model, "i see the car", src_vocab, tgt_vocab))


@pytest.mark.parametrize("kwargs, words", [
    (dict(scoring="cosine"), r"scoring must be one of 'additive', 'dot', 'multiplicative', got 'cosine'"),
    (dict(decoder="gru"), r"decoder must be one of 'bahdanau', 'luong', 'plain', 'transformer', got 'gru'"),
    (dict(decoder=True), r"decoder must be one of 'bahdanau', 'luong', 'plain', 'transformer', got True"),
    (dict(decoder="plain", scoring="dot"), r"scoring: not an option of decoder='plain' \(leave it None\), "
                                           r"got \{'scoring': 'dot'\}"),
    (dict(decoder="plain", feed_context=True), r"feed_context: not an option of decoder='plain'"),
    (dict(decoder="transformer", embed_size=None, bidirectional=False),
     r"bidirectional: not an option of decoder='transformer'"),
    (dict(decoder="transformer"), r"embed_size: not an option of decoder='transformer'"),
    (dict(num_heads=2), r"num_heads: not an option of decoder='bahdanau'"),
    (dict(decoder="transformer", embed_size=None, num_heads=3),
     r"num_hiddens must split evenly into num_heads heads: 8 is not a multiple of num_heads=3"),
    (dict(output="context"), r"output must be one of 'state', 'combine', got 'context'"),
    (dict(feed_context=False), r"the context would reach neither the GRU nor the output layer"),
    (dict(decoder="luong", output="state"), r"the context would reach neither"),
])
def test_misuse_decoder_variants_named(kwargs, words):
    src_vocab, tgt_vocab = _vocabs()
    with pytest.raises(ValueError, match=words):
        make_seq2seq(src_vocab, tgt_vocab, **{"embed_size": 4, "num_hiddens": 8, **kwargs})
