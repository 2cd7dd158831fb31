"""Self-checks of notebook 05 (课堂互动 9.1): right answers pass, mistakes get their hint, no answer shown."""

import math
import re

import numpy as np
import pytest
import shared
import torch

from helpers.attention import masked_softmax
from helpers.data import Vocab
from helpers.exercises import class_interaction as ci
from helpers.kernel_regression import nadaraya_watson
from helpers.metrics import clipped_matches, sentence_bleu
from helpers.seq2seq import make_seq2seq


@pytest.fixture(autouse=True)
def fresh_predictions():
    """Each test starts with no recorded prediction and leaves none behind."""
    ci.forget_predictions()
    yield
    ci.forget_predictions()


def verdicts(capsys):
    """The English verdict lines; each is followed by its Chinese line, which names the same task."""
    english, chinese = shared.verdicts(capsys, name="任务")
    assert [e.split()[2] for e in english] == [c.split()[1][0] for c in chinese]   # Task n / 任务 n
    return english, chinese


def test_pooling_pictures(capsys):
    right = {"average pooling": "uniform", "Gaussian, h = 1": "wide band", "Gaussian, h = 0.1": "narrow band"}
    assert ci.check_pooling_pictures(right)
    assert ci.check_pooling_pictures({k: v.upper().replace(" ", "-") for k, v in right.items()})
    swapped = dict(right, **{"Gaussian, h = 1": "narrow band", "Gaussian, h = 0.1": "wide band"})
    ci.forget_predictions()
    assert not ci.check_pooling_pictures(swapped)
    assert not ci.check_pooling_pictures({k: "?" for k in right})
    assert not ci.check_pooling_pictures(["uniform"])
    out, zh = verdicts(capsys)
    assert out[0].startswith("✓") and out[1].startswith("✓")
    assert "Gaussian, h = 1, Gaussian, h = 0.1" in out[2] and "one of" in out[3] and "a dict" in out[4]
    assert "wide band" not in out[2]
    assert zh[0] == "  任务 1（预测热图）：正确。"
    assert "Gaussian, h = 1、Gaussian, h = 0.1" in zh[2] and "查询" in zh[2] and "注意力权重" in zh[2]
    assert "中的一个作答" in zh[3] and "字典" in zh[4]
    assert not any(picture in zh[2] for picture in ci.PICTURES)   # the pictures are never matched for them


@pytest.mark.parametrize("check, first, second", [
    (ci.check_pooling_pictures,
     dict(zip(ci.POOLINGS, ["uniform", "narrow band", "wide band"], strict=True)),
     dict(zip(ci.POOLINGS, ["uniform", "wide band", "narrow band"], strict=True))),
    (ci.check_reverse_prediction, "diagonal", "anti-diagonal"),
    (ci.check_reverse_prediction, "uniform", "anti-diagonal"),
    (ci.check_diagnosis, "b", "c"),
    (ci.check_diagnosis, "e", "c"),
])
def test_a_prediction_counts_once(capsys, check, first, second):
    # a class that tries the answers one after the other gets no ✓ for the right one
    assert not check(first) and not check(second) and not check(first)
    out, zh = verdicts(capsys)
    assert "counts once" in out[1] and "not right" in out[1]
    assert repr(first).lower() in out[1].lower()
    assert "预测只算一次" in zh[1] and "不对的" in zh[1]
    assert out[2] == out[0]                        # the first answer again: the same verdict
    ci.forget_predictions()
    assert check(second)                           # a fresh start judges the answer given
    ci.forget_predictions()
    assert check(second) and not check(first)
    out, zh = verdicts(capsys)
    assert "counts once" in out[2] and "it was right" in out[2] and "对的" in zh[2]


def test_placeholders_are_not_recorded_as_predictions(capsys):
    assert not ci.check_reverse_prediction("?") and not ci.check_diagnosis("?")
    assert not ci.check_pooling_pictures({k: "?" for k in ci.POOLINGS})
    assert ci.check_reverse_prediction("anti-diagonal") and ci.check_diagnosis("c")
    capsys.readouterr()


def test_pooling_pictures_match_the_weights():
    # the reference: how many keys get a noticeable weight from one query, per pooling
    x_train = torch.sort(torch.rand(50, generator=torch.Generator().manual_seed(0)) * 5).values
    x_test = torch.arange(50) / 10
    wide = nadaraya_watson(x_test, x_train, x_train, bandwidth=1.0)[1]
    narrow = nadaraya_watson(x_test, x_train, x_train, bandwidth=0.1)[1]
    counts = [int((w > 0.01).sum(dim=1).float().mean()) for w in (torch.full((50, 50), 1 / 50), wide, narrow)]
    assert counts[0] == 50 > counts[1] > counts[2]


def test_nw_by_hand_against_nadaraya_watson(capsys):
    keys, values = torch.tensor(ci.NW_KEYS), torch.tensor(ci.NW_VALUES)
    f, weights = nadaraya_watson(torch.tensor([ci.NW_QUERY]), keys, values)   # the package's Gaussian
    rounded = [round(w, 3) for w in weights[0].tolist()]
    assert ci.check_nw_by_hand(rounded, round(float(f[0]), 3))
    assert not ci.check_nw_by_hand(rounded, 5.0)
    assert not ci.check_nw_by_hand([0.0, 0.0, 0.0], 0.0)
    laplace = torch.exp(-(ci.NW_QUERY - keys).abs())
    assert not ci.check_nw_by_hand((laplace / laplace.sum()).tolist(), 3.0)
    no_half = torch.exp(-(ci.NW_QUERY - keys) ** 2)
    assert not ci.check_nw_by_hand((no_half / no_half.sum()).tolist(), 3.0)
    assert not ci.check_nw_by_hand([0.5, 0.5], 4.0)
    assert not ci.check_nw_by_hand("a lot", 1)
    out, zh = verdicts(capsys)
    assert out[0].startswith("✓") and "weighted sum" in out[1] and "sum to 0.000" in out[2]
    assert "squared distance" in out[3] and "exp(−u²/2)" in out[4] and "3 numbers" in out[5]
    assert "three numbers" in out[6]
    assert zh[0] == "  任务 2（手算 Nadaraya–Watson）：正确。"
    assert "加权和" in zh[1] and "之和为 0.000" in zh[2] and "距离的平方" in zh[3]
    assert "exp(−u²/2)" in zh[4] and "你给了 2 个" in zh[5] and "三个数" in zh[6]
    for lines in (out[1:], zh[1:]):   # neither the weights nor f(2) is ever given away
        assert not any(f"{w:.3f}" in " ".join(lines) for w in rounded + [round(float(f[0]), 3)])


def test_bleu_clipped_against_metrics(capsys):
    prediction, reference = ci.BLEU_PREDICTION.split(), ci.BLEU_REFERENCE.split()
    assert clipped_matches(prediction, reference, 1) == 3 and clipped_matches(prediction, reference, 2) == 1
    expected = sentence_bleu(prediction, reference, max_n=2)
    assert math.isclose(expected, math.sqrt(3 / 5 * 1 / 4))
    assert ci.check_bleu_clipped(round(expected, 3))
    assert not ci.check_bleu_clipped(0.5)                       # unclipped p1 = 5/5
    assert not ci.check_bleu_clipped((3 / 5 + 1 / 4) / 2)
    assert not ci.check_bleu_clipped("?")
    assert not ci.check_bleu_clipped(math.sqrt(3 / 5) * (1 / 4) ** 0.25)   # Dive into Deep Learning's
    assert not ci.check_bleu_clipped(0.1)
    out, zh = verdicts(capsys)
    assert out[0].startswith("✓") and "at most as often" in out[1] and "geometric mean" in out[2]
    assert "a number" in out[3] and "Dive into Deep Learning" in out[4] and "0.1000 is not it" in out[5]
    assert f"{expected:.3f}" not in " ".join(out[1:])
    assert zh[0] == "  任务 3（含重复词的 BLEU）：正确。"
    assert "参考译文中出现的次数" in zh[1] and "几何平均" in zh[2] and "'?'" in zh[3]
    assert "《动手学深度学习》" in zh[4] and "0.1000 不对" in zh[5] and "简短惩罚" in zh[5]
    assert f"{expected:.3f}" not in " ".join(zh[1:]) and f"{expected:.4f}" not in " ".join(zh[1:])


def buggy_masked_softmax(scores, valid_lens):   # the starter of Task 4
    if valid_lens.dim() == 1:
        valid_lens = valid_lens[:, None].expand(scores.shape[:2])
    mask = torch.arange(scores.shape[-1]) < valid_lens[..., None]
    weights = torch.softmax(scores.masked_fill(~mask, 0.0), dim=-1)
    return weights * mask


def zero_fill(scores, valid_lens):              # the starter without its last multiplication
    return torch.softmax(scores.masked_fill(~real_keys(scores, valid_lens), 0.0), dim=-1)


def fixed_starter(scores, valid_lens, fill=-1e6):   # the starter with its one line fixed
    mask = real_keys(scores, valid_lens)
    return torch.softmax(scores.masked_fill(~mask, fill), dim=-1) * mask


def minus_infinity_in_starter(scores, valid_lens):  # -inf: NaN * 0 stays NaN in the empty rows
    return fixed_starter(scores, valid_lens, float("-inf"))


def large_negative_fill(scores, valid_lens):    # fixes the padding, not the rows of valid length 0
    if valid_lens.dim() == 1:
        valid_lens = valid_lens[:, None].expand(scores.shape[:2])
    mask = torch.arange(scores.shape[-1]) < valid_lens[..., None]
    return torch.softmax(scores.masked_fill(~mask, -1e6), dim=-1)


def real_keys(scores, valid_lens):
    lens = valid_lens[:, None].expand(scores.shape[:2]) if valid_lens.dim() == 1 else valid_lens
    return torch.arange(scores.shape[-1]) < lens[..., None]          # (B, n_q, n_k)


def minus_infinity_fill(scores, valid_lens):
    return torch.softmax(scores.masked_fill(~real_keys(scores, valid_lens), float("-inf")), dim=-1)


def mask_after_softmax(scores, valid_lens):
    return torch.softmax(scores, dim=-1) * real_keys(scores, valid_lens)


# the starter's fix, written out: what the hints must never print
THE_FIX = ("masked_fill(~mask, -1e6)", "-1e6", "float('-inf')", "torch.where")


@pytest.mark.parametrize("fn, passed, words, words_zh", [
    (masked_softmax, True, "correct", "正确"),
    (fixed_starter, True, "correct", "正确"),
    (lambda scores, lens: fixed_starter(scores, lens, -1e9), True, "correct", "正确"),
    (lambda scores, lens: fixed_starter(scores, lens, torch.finfo(scores.dtype).min), True,
     "correct", "正确"),
    (buggy_masked_softmax, False, "denominator", "不能进入分母"),
    (minus_infinity_in_starter, False, "NaN", "出现了 NaN"),
    (zero_fill, False, "exp(0) = 1", "分数为 0 并不等于“没有”，exp(0) = 1"),
    (large_negative_fill, False, "valid length 0 should be all zeros", "有效长度为 0 的一行应当全为零"),
    (minus_infinity_fill, False, "NaN", "出现了 NaN"),
    (mask_after_softmax, False, "denominator", "不能进入分母"),
    (lambda scores, lens: scores[0], False, "shape", "形状与分数相同：(2, 3, 5)"),
    (lambda scores, lens: 1 / 0, False, "ZeroDivisionError", "你的函数抛出了 ZeroDivisionError"),
])
def test_masked_softmax_fix(capsys, fn, passed, words, words_zh):
    assert ci.check_masked_softmax_fix(fn) is passed
    (out,), (zh,) = verdicts(capsys)
    assert words in out and zh.startswith("  任务 4（让填充漏过去的掩蔽softmax）：") and words_zh in zh
    assert not any(fix in out or fix in zh for fix in THE_FIX)


def test_scorer_choice(capsys):
    right = {"a": "additive", "b": "dot product", "c": "dot product"}
    gib = 32 * 2048 * 2048 * 64 * 4 / 2 ** 30
    assert gib == 32.0
    assert ci.check_scorer_choice(right, gib)
    assert ci.check_scorer_choice({k: v.replace(" ", "-") for k, v in right.items()}, 32)
    assert not ci.check_scorer_choice(dict(right, a="dot product"), gib)
    assert not ci.check_scorer_choice(dict(right, b="additive"), gib)
    assert not ci.check_scorer_choice(right, gib / 4)
    assert not ci.check_scorer_choice(right, gib * 2 ** 30 / 1e9)
    assert not ci.check_scorer_choice(right, gib / 64)
    assert not ci.check_scorer_choice(right, 1.0)
    assert not ci.check_scorer_choice({"a": "?", "b": "?", "c": "?"}, 0.0)
    assert not ci.check_scorer_choice(dict(right, c="additive"), gib)
    assert not ci.check_scorer_choice(right, "lots")
    assert not ci.check_scorer_choice(["additive"], gib)
    out, zh = verdicts(capsys)
    assert out[0].startswith("✓") and out[1].startswith("✓")
    assert "scenario a" in out[2] and "different sizes" in out[2] and "2 GiB budget" in out[3]
    assert "4 bytes" in out[4] and "2^30" in out[5] and "h features" in out[6] and "GiB" in out[7]
    assert "scenario a, b, c" in out[8] and "scenario c" in out[9]
    assert "'lots'" in out[10] and "a dict" in out[11]
    assert "32.0" not in " ".join(out[2:]) and "32 GiB" not in " ".join(out[2:])
    assert zh[0] == "  任务 5（加性还是缩放点积？）：正确。"
    assert "情形 a" in zh[2] and "长度不同" in zh[2] and "2 GiB 的预算" in zh[3]
    assert "4 个字节" in zh[4] and "2^30" in zh[5] and "h 个特征" in zh[6] and "GiB" in zh[7]
    assert "情形 a、b、c" in zh[8] and "情形 c" in zh[9] and "'lots'" in zh[10] and "字典" in zh[11]
    assert "32.0" not in " ".join(zh[2:]) and "32 GiB" not in " ".join(zh[2:])
    for line in out[2:4] + out[9:10] + zh[2:4] + zh[9:10]:           # the hint of a scenario, not its score
        assert "'additive'" not in line and "'dot product'" not in line
        assert "加性注意力" not in line and "点积注意力" not in line


def test_reverse_prediction(capsys):
    assert ci.check_reverse_prediction("anti-diagonal") and ci.check_reverse_prediction("Anti diagonal")
    assert ci.check_reverse_prediction(" ANTI_DIAGONAL ")
    ci.forget_predictions()
    assert not ci.check_reverse_prediction("diagonal")
    assert not ci.check_reverse_prediction("?")
    out, zh = verdicts(capsys)
    assert "first output digit" in out[3] and "one of" in out[4]
    assert zh[0] == "  任务 6（预测倒序模型的热图）：正确。"
    assert "第一个输出数字" in zh[3] and "中的一个作答" in zh[4]
    assert "anti" not in out[3] and "反对角" not in zh[3]               # the shape is never named


def correct_step(decoder, token, state):
    return decoder.step(token, state)


def constant_query_step(decoder, token, state):   # the starter of Task 7
    memory, hidden = state.memory, state.hidden
    context, weights = decoder.attention(memory[:, -1:, :], memory, memory, state.valid_lens)
    x = torch.cat([context[:, 0], decoder.embedding(token)], dim=-1)
    new_hidden = decoder.cells[0](x, hidden[0])
    return decoder.dense(new_hidden), state._replace(hidden=new_hidden[None]), weights[:, 0]


def embedding_query_step(decoder, token, state):   # a query of the wrong size
    memory = state.memory
    decoder.attention(decoder.embedding(token)[:, None, :], memory, memory, state.valid_lens)


def new_state_query_step(decoder, token, state):   # attends with the state after a GRU update
    memory, hidden = state.memory, state.hidden
    guess = decoder.cells[0](torch.cat([memory.mean(1), decoder.embedding(token)], dim=-1), hidden[0])
    context, weights = decoder.attention(guess[:, None, :], memory, memory, state.valid_lens)
    x = torch.cat([context[:, 0], decoder.embedding(token)], dim=-1)
    new_hidden = decoder.cells[0](x, hidden[0])
    return decoder.dense(new_hidden), state._replace(hidden=new_hidden[None]), weights[:, 0]


def no_output_layer_step(decoder, token, state):
    logits, state, weights = decoder.step(token, state)
    return logits * 2, state, weights


def wrong_shape_step(decoder, token, state):
    logits, state, weights = decoder.step(token, state)
    return logits, state, weights[:, None, :]


@pytest.mark.parametrize("step, passed, words, words_zh", [
    (correct_step, True, "✓", "正确"),
    (constant_query_step, False, "same at every step", "在每一步都一样"),
    (embedding_query_step, False, "raised", "你的这一步抛出了"),
    (wrong_shape_step, False, "shape (2, 5)", "形状应为 (2, 5)"),
    (new_state_query_step, False, "before it produces", "在生成这一步的词之前"),
    (no_output_layer_step, False, "rest of the step", "其余部分"),
])
def test_decoder_step(capsys, step, passed, words, words_zh):
    assert ci.check_decoder_step(step) is passed
    (out,), (zh,) = verdicts(capsys)
    assert words in out and zh.startswith("  任务 7（解码器的查询）：") and words_zh in zh
    for line in (out, zh):   # the fix, the previous hidden state as the query, is never written out
        assert "hidden[-1]" not in line and "hidden[0]" not in line and "上一步的隐状态" not in line


def test_decode_with_the_models_step_is_greedy_decoding():
    vocab = Vocab([list("0123456789")])
    model = make_seq2seq(vocab, vocab, embed_size=8, num_hiddens=12, num_attention_hiddens=6, seed=3)
    source = list("31415")
    tokens, weights = ci.decode_with(correct_step, model, source, vocab)
    src = torch.tensor([vocab[source + ["<eos>"]]])
    from helpers.decoding import greedy_decode

    expected, _, expected_weights = greedy_decode(model, src, torch.tensor([6]), vocab.bos, vocab.eos,
                                                  max_len=len(source))
    assert tokens[:expected.shape[1]] == vocab.to_tokens(expected[0])
    torch.testing.assert_close(weights[:expected.shape[1]], expected_weights[0])
    assert weights.shape == (len(source), len(source) + 1)


def test_diagnosis(capsys):
    assert ci.check_diagnosis("c") and ci.check_diagnosis(" C ")
    for wrong in "abde":
        ci.forget_predictions()
        assert not ci.check_diagnosis(wrong)
    assert not ci.check_diagnosis("?")
    out, zh = verdicts(capsys)
    assert "no padding" in out[2] and "compare two rows" in out[3] and "backwards" in out[4]
    assert "Task 6's test strings" in out[5] and "one letter" in out[6]
    assert zh[0] == zh[1] == "  任务 8（读一张热图）：正确。"
    assert "没有填充列" in zh[2] and "比较热图中的两行" in zh[3] and "倒着读" in zh[4]
    assert "任务 6" in zh[5] and "一个字母" in zh[6]
    for line in out[2:6] + zh[2:6]:   # no hint points at the right letter or its words
        assert not re.search("(?<![A-Za-z])c(?![A-Za-z])", line)
        assert "longer" not in line and "训练时见过" not in line


def test_situations_and_options_are_bilingual():
    assert set(ci.SCENARIOS_ZH) == set(ci.SCENARIOS) and set(ci.DIAGNOSES) == set("abcde")
    for label, text in ci.SCENARIOS.items():   # the figures a student needs are in both texts
        for figure in re.findall(r"\d+(?:,\d+)*", text):
            assert figure in ci.SCENARIOS_ZH[label], (label, figure)


@pytest.mark.parametrize("number", [
    lambda x: x, lambda x: str(x), lambda x: torch.tensor(x), lambda x: np.float64(x),
    lambda x: np.float32(x), lambda x: f" {x} ",
])
def test_numbers_in_every_form(capsys, number):
    weights, f_2 = ci._nw_reference()
    assert ci.check_nw_by_hand([number(round(w, 3)) for w in weights], number(round(f_2, 3)))
    rounded = torch.tensor([round(w, 3) for w in weights])
    assert ci.check_nw_by_hand(rounded, number(round(f_2, 3)))
    prediction, reference = ci.BLEU_PREDICTION.split(), ci.BLEU_REFERENCE.split()
    bleu2 = sentence_bleu(prediction, reference, max_n=2)
    assert ci.check_bleu_clipped(number(round(bleu2, 3)))
    right = {"a": "additive", "b": "dot product", "c": "dot product"}
    assert ci.check_scorer_choice(right, number(32.0))
    assert ci.check_scorer_choice(right, number(32))
    assert not ci.check_bleu_clipped(number(0.5))
    assert not ci.check_scorer_choice(right, number(8))
    capsys.readouterr()


@pytest.mark.parametrize("answer", ["lots", None, True, [32], float("nan"),
                                    torch.tensor([32.0, 1.0])])
def test_not_a_number_gets_a_verdict(capsys, answer):
    right = {"a": "additive", "b": "dot product", "c": "dot product"}
    assert not ci.check_scorer_choice(right, answer) and not ci.check_bleu_clipped(answer)
    assert not ci.check_nw_by_hand([answer, 0.5, 0.5], 3.0)
    assert not ci.check_nw_by_hand(answer, 3.0)
    out, zh = verdicts(capsys)
    assert all("number" in line for line in out) and all("数" in line for line in zh)


def test_a_decoder_step_that_is_no_function_gets_a_verdict(capsys):
    assert not ci.check_decoder_step("query = hidden")
    (out,), (zh,) = verdicts(capsys)
    assert "pass your function itself" in out and "函数本身" in zh
