"""Self-checks for the exercises of ``notebooks/04_attention_seq2seq.ipynb``: verdict and hint, no answer."""

import math

import torch

from ..attention import sequence_mask
from ..training import masked_cross_entropy
from . import read_function, read_number, report, report_not_a_tensor, report_raised

__all__ = ["check_uniform_context", "check_masked_loss", "check_bleu_by_hand"]


def check_uniform_context(uniform_context):
    """Exercise 1: ``uniform_context(enc_outputs, valid_lens)``: every real position weighs the same.

    Shapes:
        enc_outputs: (batch_size, num_steps, num_hiddens); valid_lens: (batch_size,)
        returns: (batch_size, 1, num_hiddens)
    """
    name, name_zh = "Exercise 1 (a context without attention)", "练习 1（不用注意力的上下文）"
    if read_function(name, name_zh, uniform_context) is None:
        return False
    for seed in range(3):
        gen = torch.Generator().manual_seed(seed)
        enc_outputs = torch.randn(3, 5, 4, generator=gen)                       # (B, T, H)
        enc_outputs[1, 2:] = 0.0                                               # padding: the encoder's 0s
        valid_lens = torch.tensor([5, 2, 4])
        try:
            got = uniform_context(enc_outputs.clone(), valid_lens.clone())
        except Exception as error:  # a student's code: report, don't crash the notebook
            return report_raised(name, name_zh, error)
        if not isinstance(got, torch.Tensor):
            return report_not_a_tensor(name, name_zh, got)
        if tuple(got.shape) != (3, 1, 4):
            return report(name, False, "one context per sequence, shaped like an attention output "
                                       "(batch_size, "
                                       f"1, num_hiddens) = (3, 1, 4); yours has shape {tuple(got.shape)}.",
                          exercise_zh=name_zh,
                          hint_zh="每个序列一个上下文，形状与注意力输出相同：(batch_size, 1, num_hiddens) = "
                                  f"(3, 1, 4)；你的形状是 {tuple(got.shape)}。")
        mask = sequence_mask(valid_lens, 5)[:, :, None]                        # (B, T, 1)
        expected = (enc_outputs * mask).sum(1, keepdim=True) / valid_lens[:, None, None]  # (B, 1, H)
        if torch.allclose(got, expected, atol=1e-5):
            continue
        if torch.allclose(got, enc_outputs.mean(1, keepdim=True), atol=1e-5):
            return report(name, False, "the padding positions get weight too: only the first valid_lens[i] "
                                       "positions of sequence i are real.",
                          exercise_zh=name_zh,
                          hint_zh="填充位置也得到了权重：序列 i 只有前 valid_lens[i] 个位置是真实的。")
        if torch.allclose(got, (enc_outputs * mask).sum(1, keepdim=True), atol=1e-5):
            return report(name, False, "that is a sum: attention weights add up to 1.",
                          exercise_zh=name_zh, hint_zh="这是求和：注意力权重之和为 1。")
        return report(name, False, "each real position of a sequence should get the same weight, the "
                                   "padding none; compare with masked_softmax of equal scores.",
                      exercise_zh=name_zh,
                      hint_zh="一个序列的每个真实位置应得到相同的权重，填充位置不得到权重；"
                              "与分数全部相等时的 masked_softmax 比较一下。")
    return report(name, True, exercise_zh=name_zh)


def check_masked_loss(masked_loss):
    """Exercise 2: ``masked_loss(logits, targets, valid_lens)``, the mean cross-entropy over real tokens.

    Shapes:
        logits: (batch_size, num_steps, vocab_size); targets: (batch_size, num_steps)
        valid_lens: (batch_size,)
    """
    name, name_zh = "Exercise 2 (masked cross-entropy)", "练习 2（掩蔽交叉熵）"
    if read_function(name, name_zh, masked_loss) is None:
        return False
    for seed in range(3):
        gen = torch.Generator().manual_seed(seed)
        logits = torch.randn(4, 6, 7, generator=gen)
        targets = torch.randint(0, 7, (4, 6), generator=gen)
        valid_lens = torch.tensor([6, 1, 3, 4])
        try:
            value = masked_loss(logits.clone(), targets.clone(), valid_lens.clone())
        except Exception as error:
            return report_raised(name, name_zh, error)
        if (value := read_number(name, name_zh, value, returned=True)) is None:
            return False
        expected = float(masked_cross_entropy(logits, targets, valid_lens))
        if math.isclose(value, expected, rel_tol=1e-4):
            continue
        mask = sequence_mask(valid_lens, 6)                                      # (B, T)
        losses = torch.nn.functional.cross_entropy(logits.transpose(1, 2), targets, reduction="none")
        if math.isclose(value, float(losses.mean()), rel_tol=1e-4):
            return report(name, False, "the padding positions are counted: average over real tokens only.",
                          exercise_zh=name_zh, hint_zh="填充位置被算进去了：只对真实词元求平均。")
        if math.isclose(value, float((losses * mask).sum() / mask.numel()), rel_tol=1e-4):
            return report(name, False, "padding is masked, but you divide by every position, not by the "
                                       "number of real tokens.",
                          exercise_zh=name_zh,
                          hint_zh="填充已被掩蔽，但你除以的是所有位置的个数，而不是真实词元的个数。")
        if math.isclose(value, float((losses * mask).sum()), rel_tol=1e-4):
            return report(name, False, "that is the sum: divide by the number of real tokens.",
                          exercise_zh=name_zh, hint_zh="这是总和：要除以真实词元的个数。")
        if math.isclose(value, float(((losses * mask).sum(1) / valid_lens).mean()), rel_tol=1e-4):
            return report(name, False, "that averages per sentence first, so a short sentence's tokens weigh "
                                       "more: average over all real tokens of the batch at once.",
                          exercise_zh=name_zh,
                          hint_zh="这是先对每个句子求平均，短句的词元因此权重更大："
                                  "应对整个批量的所有真实词元一起求平均。")
        return report(name, False, f"got {value:.4f} on a random batch; compare with "
                                   "torch.nn.functional.cross_entropy on the real positions only.",
                      exercise_zh=name_zh,
                      hint_zh=f"在一个随机批量上得到 {value:.4f}；与只在真实位置上计算的 "
                              "torch.nn.functional.cross_entropy 比较一下。")
    return report(name, True, exercise_zh=name_zh)


def check_bleu_by_hand(bleu2):
    """Exercise 3: BLEU-2 of the prediction 'je vois la voiture .' against 'je vois la voiture rouge .'."""
    name, name_zh = "Exercise 3 (BLEU-2 by hand)", "练习 3（手算 BLEU-2）"
    if (value := read_number(name, name_zh, bleu2)) is None:
        return False
    p1, p2, brevity = 5 / 5, 3 / 4, math.exp(1 - 6 / 5)
    expected = brevity * math.sqrt(p1 * p2)
    if abs(value - expected) < 5e-4:
        return report(name, True, exercise_zh=name_zh)
    if abs(value - math.sqrt(p1 * p2)) < 5e-4:
        return report(name, False, "the precisions are right; the prediction is shorter than the reference, "
                                   "so something else applies.",
                      exercise_zh=name_zh, hint_zh="精确率算对了；预测比参考译文短，所以还要用上另一项。")
    if (abs(value - brevity * math.sqrt(p1 * 4 / 5)) < 5e-4
            or abs(value - brevity * math.sqrt(p1 * 3 / 5)) < 5e-4):
        return report(name, False, "check p2: divide the matching bigrams by the number of bigrams in "
                                   "the prediction, not in the reference.",
                      exercise_zh=name_zh,
                      hint_zh="检查 p2：匹配的二元语法个数要除以预测中二元语法的个数，而不是参考译文中的。")
    if abs(value - math.exp(min(0.0, 1 - 6 / 5)) * p1 ** (1 / 2) * p2 ** (1 / 4)) < 5e-4:
        return report(name, False, "that is Dive into Deep Learning's variant, which weights p_n by 1/2^n; "
                                   "standard BLEU-2 takes the geometric mean with equal weights 1/2.",
                      exercise_zh=name_zh,
                      hint_zh="这是《动手学深度学习》的变体，它给 p_n 的权重是 1/2^n；"
                              "标准的 BLEU-2 用等权 1/2 的几何平均。")
    if abs(value - brevity * (p1 + p2) / 2) < 5e-4:
        return report(name, False,
                      "BLEU combines the precisions with a geometric mean, not an arithmetic one.",
                      exercise_zh=name_zh, hint_zh="BLEU 用几何平均来组合各个精确率，而不是算术平均。")
    return report(name, False, f"{value:.4f} is not it: count the matching unigrams and bigrams, then apply "
                               "the brevity penalty exp(1 - r/c) when c < r. Give 3 decimals.",
                  exercise_zh=name_zh,
                  hint_zh=f"{value:.4f} 不对：数一数匹配的一元语法和二元语法，"
                          "然后在 c < r 时乘上简短惩罚 exp(1 - r/c)。保留 3 位小数。")
