"""helpers.transformer: multi-head attention and the encoder and decoder layers against PyTorch's own with
the same weights, positional encoding by hand, order blindness without it, and the Transformer translator
through the course's training, decoding and save/load."""

import math

import pytest
import torch
from torch import nn
from torch.testing import assert_close

from helpers.attention import DotProductAttention
from helpers.data import Vocab
from helpers.decoding import beam_search, greedy_decode, translate
from helpers.seq2seq import Seq2Seq, load_seq2seq, make_seq2seq, save_seq2seq
from helpers.training import train_seq2seq
from helpers.transformer import (
    DecoderBlock,
    EncoderBlock,
    MultiHeadAttention,
    PositionalEncoding,
    causal_valid_lens,
)

pytestmark = pytest.mark.usefixtures("one_thread")


def _copy_into_torch(mha, torch_mha):
    """Give torch.nn.MultiheadAttention the weights of our MultiHeadAttention."""
    with torch.no_grad():
        torch_mha.in_proj_weight.copy_(torch.cat([mha.W_q.weight, mha.W_k.weight, mha.W_v.weight]))
        torch_mha.in_proj_bias.copy_(torch.cat([mha.W_q.bias, mha.W_k.bias, mha.W_v.bias]))
        torch_mha.out_proj.weight.copy_(mha.W_o.weight)
        torch_mha.out_proj.bias.copy_(mha.W_o.bias)


def _padding_mask(valid_lens, num_keys):
    return torch.arange(num_keys)[None, :] >= valid_lens[:, None]          # True on the padding


@pytest.mark.parametrize("num_heads", [1, 2, 4])
@pytest.mark.parametrize("masked", [False, True])
def test_multi_head_attention_equals_pytorchs(num_heads, masked):
    torch.manual_seed(num_heads)
    mha = MultiHeadAttention(8, num_heads).double().eval()
    torch_mha = nn.MultiheadAttention(8, num_heads, batch_first=True).double().eval()
    _copy_into_torch(mha, torch_mha)
    queries, keys = torch.randn(3, 4, 8, dtype=torch.float64), torch.randn(3, 6, 8, dtype=torch.float64)
    values = torch.randn(3, 6, 8, dtype=torch.float64)
    valid_lens = torch.tensor([6, 2, 4]) if masked else None
    output, weights = mha(queries, keys, values, valid_lens)
    mask = _padding_mask(valid_lens, 6) if masked else None
    expected, expected_weights = torch_mha(queries, keys, values, key_padding_mask=mask,
                                           average_attn_weights=False)
    assert weights.shape == (3, num_heads, 4, 6)
    assert_close(output, expected)
    assert_close(weights, expected_weights)


def test_one_head_is_scaled_dot_product_attention_of_the_projections():
    torch.manual_seed(0)
    mha = MultiHeadAttention(6, 1, bias=False).double()
    x = torch.randn(2, 5, 6, dtype=torch.float64)
    output, weights = mha(x, x, x)
    context, expected = DotProductAttention()(mha.W_q(x), mha.W_k(x), mha.W_v(x))
    assert_close(weights[:, 0], expected)
    assert_close(output, mha.W_o(context))


def test_positional_encoding_hand_computed():
    table = PositionalEncoding(4, max_len=3).table
    for i in range(3):
        expected = [math.sin(i), math.cos(i), math.sin(i / 10000 ** 0.5), math.cos(i / 10000 ** 0.5)]
        assert_close(table[i], torch.tensor(expected, dtype=torch.float32))
    x = torch.zeros(1, 2, 4)
    assert_close(PositionalEncoding(4, max_len=3)(x, start=1)[0], table[1:3])


def test_self_attention_without_positions_cannot_tell_word_order():
    """Permute the input: the output is permuted the same way (permutation equivariance)."""
    torch.manual_seed(1)
    block = EncoderBlock(8, 2, 16).double().eval()
    x = torch.randn(2, 5, 8, dtype=torch.float64)
    order = torch.tensor([3, 0, 4, 1, 2])
    out, _ = block(x)
    permuted, _ = block(x[:, order])
    assert_close(permuted, out[:, order])
    with_positions = PositionalEncoding(8).double()
    out, _ = block(with_positions(x))
    permuted, _ = block(with_positions(x[:, order]))
    assert not torch.allclose(permuted, out[:, order])


def _copy_ffn_and_norms(ours, theirs, norms):
    with torch.no_grad():
        theirs.linear1.weight.copy_(ours.ffn[0].weight)
        theirs.linear1.bias.copy_(ours.ffn[0].bias)
        theirs.linear2.weight.copy_(ours.ffn[3].weight)
        theirs.linear2.bias.copy_(ours.ffn[3].bias)
        for mine, name in norms:
            getattr(theirs, name).load_state_dict(mine.state_dict())


def test_encoder_block_equals_pytorchs_encoder_layer():
    torch.manual_seed(2)
    block = EncoderBlock(8, 2, 16).double().eval()
    layer = nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, batch_first=True).double()
    _copy_into_torch(block.attention, layer.self_attn)
    _copy_ffn_and_norms(block, layer, [(block.norm1, "norm1"), (block.norm2, "norm2")])
    x, valid_lens = torch.randn(3, 5, 8, dtype=torch.float64), torch.tensor([5, 3, 1])
    ours, _ = block(x, valid_lens)
    theirs = layer(x, src_key_padding_mask=_padding_mask(valid_lens, 5))
    for b, n in enumerate(valid_lens.tolist()):                            # the real positions
        assert_close(ours[b, :n], theirs[b, :n])


def test_decoder_block_equals_pytorchs_decoder_layer_with_the_causal_mask():
    torch.manual_seed(3)
    block = DecoderBlock(8, 2, 16).double().eval()
    layer = nn.TransformerDecoderLayer(8, 2, 16, dropout=0.0, batch_first=True).double().eval()
    _copy_into_torch(block.self_attention, layer.self_attn)
    _copy_into_torch(block.cross_attention, layer.multihead_attn)
    _copy_ffn_and_norms(block, layer, [(block.norm1, "norm1"), (block.norm2, "norm2"),
                                       (block.norm3, "norm3")])
    x, memory = torch.randn(3, 4, 8, dtype=torch.float64), torch.randn(3, 6, 8, dtype=torch.float64)
    memory_lens = torch.tensor([6, 2, 4])
    ours, _ = block(x, x, memory, causal_valid_lens(3, 4), memory_lens)
    causal = nn.Transformer.generate_square_subsequent_mask(4, dtype=torch.float64)
    theirs = layer(x, memory, tgt_mask=causal, memory_key_padding_mask=_padding_mask(memory_lens, 6))
    assert_close(ours, theirs)


def test_causal_valid_lens_let_each_position_see_itself_and_the_past():
    assert causal_valid_lens(2, 3).tolist() == [[1, 2, 3], [1, 2, 3]]


def _vocabs():
    return (Vocab([["i", "see", "the", "red", "car", "."]]),
            Vocab([["je", "vois", "la", "voiture", "rouge", ".", "!"]]))


def _tiny_transformer(seed=0, **kwargs):
    src_vocab, tgt_vocab = _vocabs()
    model = make_seq2seq(src_vocab, tgt_vocab, "transformer", num_hiddens=8, num_layers=2, num_heads=2,
                         seed=seed, **kwargs)
    return model.eval(), src_vocab, tgt_vocab


def test_decoder_forward_equals_step_by_step_with_the_cache():
    model, _, _ = _tiny_transformer(1)
    model.double()
    src, src_lens = torch.tensor([[4, 5, 6, 2], [7, 2, 0, 0]]), torch.tensor([4, 2])
    inputs = torch.tensor([[1, 5, 6, 4, 7], [1, 8, 4, 2, 2]])
    with torch.no_grad():
        enc_outputs, enc_state = model.encoder(src, src_lens)
        state = model.decoder.init_state(enc_outputs, enc_state, src_lens)
        logits, final, weights = model.decoder(inputs, state)
        stepped_logits, stepped_weights = [], []
        for t in range(5):
            step_logits, state, step_weights = model.decoder.step(inputs[:, t], state)
            stepped_logits.append(step_logits)
            stepped_weights.append(step_weights)
    assert_close(torch.stack(stepped_logits, 1), logits)
    assert_close(torch.stack(stepped_weights, 1), weights)
    assert_close(state.hidden, final.hidden)
    assert (weights[1, :, 2:] == 0).all() and weights.shape == (2, 5, 4)


def test_padding_changes_nothing_and_future_words_are_not_seen():
    model, _, _ = _tiny_transformer(2)
    src, src_lens = torch.tensor([[4, 5, 2]]), torch.tensor([3])
    dec = torch.tensor([[1, 5, 6, 4]])
    with torch.no_grad():
        logits, _ = model(src, src_lens, dec)
        padded, _ = model(torch.tensor([[4, 5, 2, 0, 0]]), src_lens, dec)
        changed_future, _ = model(src, src_lens, torch.tensor([[1, 5, 9, 9]]))
    assert_close(padded, logits)
    assert_close(changed_future[:, :2], logits[:, :2])                     # positions 1, 2 never see 3, 4


def test_the_transformer_trains_decodes_and_saves_like_every_model(tmp_path):
    model, src_vocab, tgt_vocab = _tiny_transformer(3, dropout=0.1)
    pairs = [(["i", "see", "the", "car"], ["je", "vois", "la", "voiture"]),
             (["the", "red", "car"], ["la", "voiture", "rouge"])] * 4
    history = train_seq2seq(model, pairs, src_vocab, tgt_vocab, num_epochs=40, batch_size=4, lr=0.01,
                            progress=False)
    assert history[-1] < 0.3 * history[0]
    assert translate(model, "the red car", src_vocab, tgt_vocab).tokens == ["la", "voiture", "rouge"]
    src, lens = torch.tensor([[6, 7, 8, 2], [4, 5, 6, 8]]), torch.tensor([4, 4])
    greedy = greedy_decode(model, src, lens, tgt_vocab.bos, tgt_vocab.eos, max_len=6)
    beam = beam_search(model, src, lens, tgt_vocab.bos, tgt_vocab.eos, beam_size=1, max_len=6)
    assert torch.equal(greedy[0], beam[0]) and torch.equal(greedy[1], beam[1])
    assert_close(greedy[2], beam[2])
    save_seq2seq(tmp_path / "t.pt", model, src_vocab, tgt_vocab)
    loaded, src2, tgt2 = load_seq2seq(tmp_path / "t.pt")
    assert loaded.config == model.config and loaded.config["num_heads"] == 2
    assert translate(loaded, "i see the car", src2, tgt2).tokens == \
        translate(model, "i see the car", src_vocab, tgt_vocab).tokens


@pytest.mark.parametrize("call, error, words", [
    (lambda: MultiHeadAttention(10, 4), ValueError, r"num_hiddens must split evenly into num_heads heads: 10 "
                                                    r"is not a multiple of num_heads=4"),
    (lambda: MultiHeadAttention(8, 0), ValueError, r"num_heads must be an int >= 1, got 0"),
    (lambda: MultiHeadAttention(8, 2)(torch.ones(1, 2, 6), torch.ones(1, 3, 8), torch.ones(1, 3, 8)),
     ValueError, r"queries must have size 8 \(num_hiddens\) in the last axis, got shape \(1, 2, 6\)"),
    (lambda: MultiHeadAttention(8, 2)(torch.ones(1, 2, 8), torch.ones(1, 3, 8), torch.ones(1, 3, 8),
                                      torch.tensor([[1, 2, 3]])),
     ValueError, r"valid_lens of shape \(batch_size, num_queries\)"),
    (lambda: PositionalEncoding(8, max_len=4)(torch.ones(1, 5, 8)), ValueError,
     r"positions up to 5 need a positional table of at least 5 rows, but max_len is 4"),
    (lambda: Seq2Seq(5, 5, "transformer", num_hiddens=8, max_len=0), ValueError,
     r"max_len must be an int >= 1"),
])
def test_misuse_transformer_named(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_misuse_translating_past_the_positional_table_says_so():
    model, src_vocab, tgt_vocab = _tiny_transformer(4, max_len=5)
    with pytest.raises(ValueError, match="max_len is 5"):
        translate(model, "i see the red car . i see", src_vocab, tgt_vocab)


def test_teacher_forced_heads_are_every_layers_cross_attention():
    from helpers.evaluation import teacher_forced_attention

    model, src_vocab, tgt_vocab = _tiny_transformer(5)
    pairs = [(["i", "see", "the", "car"], ["je", "vois", "la", "voiture"]), (["the", "car"], ["la"])]
    heads = teacher_forced_attention(model, pairs, src_vocab, tgt_vocab, all_heads=True)
    mean = teacher_forced_attention(model, pairs, src_vocab, tgt_vocab)
    assert [h.shape for h in heads] == [(2, 2, 5, 5), (2, 2, 2, 3)]
    for h, m in zip(heads, mean, strict=True):
        assert_close(h[-1].mean(0), m)                                     # last layer, heads averaged
        assert_close(h.sum(-1), torch.ones(h.shape[:-1]))
    bahdanau = make_seq2seq(src_vocab, tgt_vocab, num_hiddens=8, embed_size=4)
    with pytest.raises(ValueError, match="all_heads=True reads a Transformer's heads"):
        teacher_forced_attention(bahdanau, pairs, src_vocab, tgt_vocab, all_heads=True)


@pytest.mark.parametrize("make", [lambda: MultiHeadAttention(8, 2), lambda: EncoderBlock(8, 2, 16),
                                  lambda: DecoderBlock(8, 4, 12)])
def test_torch_layer_like_holds_the_same_weights(make):
    from helpers.transformer import torch_layer_like

    torch.manual_seed(9)
    block = make().double().eval()
    layer = torch_layer_like(block)
    x, memory = torch.randn(2, 3, 8, dtype=torch.float64), torch.randn(2, 5, 8, dtype=torch.float64)
    if isinstance(block, MultiHeadAttention):
        assert_close(layer(x, memory, memory)[0], block(x, memory, memory)[0])
    elif isinstance(block, EncoderBlock):
        assert_close(layer(x), block(x)[0])
    else:
        causal = nn.Transformer.generate_square_subsequent_mask(3, dtype=torch.float64)
        assert_close(layer(x, memory, tgt_mask=causal), block(x, x, memory, causal_valid_lens(2, 3))[0])
    with pytest.raises(TypeError, match="block must be a MultiHeadAttention, EncoderBlock or DecoderBlock"):
        torch_layer_like(nn.Linear(2, 2))
