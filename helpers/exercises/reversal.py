"""Tasks 6–8 of ``notebooks/05_class_interaction.ipynb`` (课堂互动 9.1): the model that reverses digits.

Task 6 predicts its heatmap, Task 7 fixes a decoder step with the wrong query, Task 8 reads the heatmap
of a string twice the training length. ``decode_with`` runs the trained model with the class's own
decoder step. ``helpers.exercises.class_interaction`` re-exports all of them, with the other tasks.
"""

import torch

from ..decoders import BahdanauDecoder
from . import first_answer_counts, read_function, report, words

__all__ = ["HEATMAP_SHAPES", "DIAGNOSES", "check_reverse_prediction", "check_decoder_step",
           "check_diagnosis", "decode_with"]

# Task 6: the shape of the heatmap of a model that reverses strings of digits.
HEATMAP_SHAPES = ("diagonal", "anti-diagonal", "uniform", "one column")

# Task 8: what went wrong in the heatmap of the long string.
DIAGNOSES = {
    "a": "the padding got weight: the valid lengths were not passed",
    "b": "every row is the same: the query does not change from step to step",
    "c": "the string is longer than any the model was trained on: the rows lose their place",
    "d": "nothing went wrong: the output is right",
    "e": "the model was trained too briefly: it cannot reverse even short strings",
}
_DIAGNOSIS_HINTS = {
    "a": "this heatmap shows one string, with no padding columns at all.",
    "b": "compare two rows of the heatmap: are they the same?",
    "d": "compare the output with the input read backwards.",
    "e": "how many of Task 6's test strings, of 3 to 6 digits, did it reverse exactly?",
}
_DIAGNOSIS_HINTS_ZH = {
    "a": "这张热图只显示一个字符串，根本没有填充列。",
    "b": "比较热图中的两行：它们一样吗？",
    "d": "把输出和倒着读的输入比较一下。",
    "e": "任务 6 中由 3 到 6 个数字组成的测试字符串，它完全倒对了多少？",
}


def check_reverse_prediction(shape):
    """Task 6: the shape of the heatmap (rows: output digits, columns: input digits) of a reversing model."""
    name, name_zh = "Task 6 (predict the reversal heatmap)", "任务 6（预测倒序模型的热图）"
    shapes = {words(s): s for s in HEATMAP_SHAPES}
    answer = shapes.get(words(shape))
    if answer is None:
        return report(name, False, f"answer with one of {list(HEATMAP_SHAPES)}.",
                      exercise_zh=name_zh, hint_zh=f"请用 {list(HEATMAP_SHAPES)} 中的一个作答。")

    def judge(answer):
        return (answer == "anti-diagonal", "which input digit does the first output digit "
                "copy, and which one the last? Now train the model and look.",
                "第一个输出数字照抄的是哪一个输入数字？最后一个输出数字呢？现在训练模型，看一看。")

    return first_answer_counts("task 6", answer, judge, name, name_zh)


def _tiny_decoder_case(seed):
    """A seeded one-layer Bahdanau decoder, encoder outputs with padding, and three input tokens."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        decoder = BahdanauDecoder(vocab_size=7, embed_size=4, num_hiddens=6).eval()
    gen = torch.Generator().manual_seed(seed)
    enc_outputs = torch.randn(2, 5, 6, generator=gen)                         # (B, T, H)
    valid_lens = torch.tensor([5, 3])
    enc_outputs[1, 3:] = 0.0                                                  # padding after valid_lens
    hidden = torch.randn(1, 2, 6, generator=gen)                              # (L, B, H)
    tokens = torch.randint(0, 7, (3, 2), generator=gen)                       # 3 steps of (B,)
    return decoder, decoder.init_state(enc_outputs, hidden, valid_lens), tokens


def _run_steps(step, decoder, state, tokens):
    """Logits and weights of each step, decoding ``tokens`` one after the other from ``state``."""
    all_logits, all_weights = [], []
    with torch.no_grad():
        for token in tokens:
            logits, state, weights = step(decoder, token, state)
            all_logits.append(logits)
            all_weights.append(weights)
    return all_logits, all_weights


def check_decoder_step(decoder_step):
    """Task 7: ``decoder_step(decoder, token, state)`` is one step of Bahdanau's decoder (one layer).

    Shapes:
        token: (batch_size,); state: a DecoderState with memory (B, T, H), hidden (1, B, H),
               valid_lens (B,)
        returns: logits (batch_size, vocab_size), state, weights (batch_size, T)
    """
    name, name_zh = "Task 7 (the decoder's query)", "任务 7（解码器的查询）"
    if read_function(name, name_zh, decoder_step) is None:
        return False
    for seed in (0, 1):
        decoder, state, tokens = _tiny_decoder_case(seed)
        logits, weights = _run_steps(lambda d, t, s: d.step(t, s), decoder, state, tokens)
        try:
            got_logits, got_weights = _run_steps(decoder_step, decoder, state, tokens)
        except Exception as error:  # the class's code: say how it failed, not what to write
            return report(name, False, f"your step raised {type(error).__name__}: {error}. The query "
                                       "must have the shape (batch_size, 1, num_hiddens).",
                          exercise_zh=name_zh,
                          hint_zh=f"你的这一步抛出了 {type(error).__name__}：{error}。"
                                  "查询的形状必须是 (batch_size, 1, num_hiddens)。")
        if any(tuple(g.shape) != tuple(w.shape) for g, w in zip(got_weights, weights, strict=True)):
            return report(name, False, f"the weights of one step should have shape {tuple(weights[0].shape)} "
                                       "(batch_size, source steps).",
                          exercise_zh=name_zh,
                          hint_zh=f"每一步的注意力权重形状应为 {tuple(weights[0].shape)}，"
                                  "即 (batch_size, 源序列的步数)。")
        if not all(torch.allclose(g, w, atol=1e-5) for g, w in zip(got_weights, weights, strict=True)):
            if all(torch.allclose(g, got_weights[0], atol=1e-6) for g in got_weights[1:]):
                return report(name, False, "your attention weights are the same at every step: the query "
                                           "must change as the decoder goes.",
                              exercise_zh=name_zh,
                              hint_zh="你的注意力权重在每一步都一样：查询必须随着解码器一步步推进而变化。")
            return report(name, False, "the weights differ from Bahdanau's: which state does the decoder "
                                       "have before it produces this step's word?",
                          exercise_zh=name_zh,
                          hint_zh="你的注意力权重与 Bahdanau 解码器的不一致："
                                  "在生成这一步的词之前，解码器的状态是哪一个？")
        if not all(torch.allclose(g, w, atol=1e-5) for g, w in zip(got_logits, logits, strict=True)):
            return report(name, False, "the attention is right; the rest of the step should stay as it was.",
                          exercise_zh=name_zh, hint_zh="注意力部分对了；这一步的其余部分应当保持原样。")
    return report(name, True, exercise_zh=name_zh)


def check_diagnosis(answer):
    """Task 8: the letter of ``DIAGNOSES`` that says what went wrong in the long string's heatmap."""
    name, name_zh = "Task 8 (read a heatmap)", "任务 8（读一张热图）"
    letter = str(answer).strip().lower()
    if letter not in DIAGNOSES:
        return report(name, False, f"answer with one letter of {sorted(DIAGNOSES)}.",
                      exercise_zh=name_zh, hint_zh=f"请用 {sorted(DIAGNOSES)} 中的一个字母作答。")

    def judge(answer):
        hint, hint_zh = _DIAGNOSIS_HINTS.get(answer, ""), _DIAGNOSIS_HINTS_ZH.get(answer, "")
        return answer == "c", hint, hint_zh

    return first_answer_counts("task 8", letter, judge, name, name_zh)


def decode_with(step, model, source, vocab):
    """Decode ``len(source)`` steps of one digit string greedily with a given decoder ``step`` (Task 7).

    ``step(decoder, token, state)`` is called like ``BahdanauDecoder.step``; the model's encoder
    gives the keys and values. Returns the output tokens and one row of attention weights per step.

    Shapes:
        source: list of T - 1 str (without <eos>)
        returns: tokens (list of len(source) str), weights (len(source), T)
    """
    src = torch.tensor([vocab[list(source) + ["<eos>"]]])                    # (1, T)
    token, tokens, rows = torch.tensor([vocab.bos]), [], []                  # (1,)
    with torch.no_grad():
        enc_outputs, enc_state = model.encoder(src)                           # (1, T, H), (1, 1, H)
        state = model.decoder.init_state(enc_outputs, enc_state, torch.tensor([src.shape[1]]))
        for _ in source:
            logits, state, weights = step(model.decoder, token, state)        # (1, V), state, (1, T)
            token = logits.argmax(dim=-1)                                     # (1,)
            tokens.append(vocab.to_tokens(int(token)))
            rows.append(weights[0])
    return tokens, torch.stack(rows)                                          # list, (steps, T)
