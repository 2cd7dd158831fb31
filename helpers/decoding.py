"""Decoding (解码): greedy search (贪心搜索) and beam search (束搜索) of a ``Seq2Seq``, and translation.

Introduced in ``notebooks/04_attention_seq2seq.ipynb``. Both searches encode the source once, then call
the decoder's public ``step`` one token at a time, with the decoder state that ``init_state`` built
(the attention keys are prepared once per sentence). Beam search keeps the ``beam_size`` best partial
translations, scored with length normalisation. ``translate`` and ``translate_batch`` turn sentences
into tokens and back; with ``allow_unk=False`` they never write ``<unk>`` (real data, where many words
are rare).
"""

import math
from dataclasses import dataclass

import torch

from .checks import check_index_tensor, check_int, check_lengths, check_number, check_token_list
from .data import Vocab, encode, pad_batch, tokenize
from .device import cpu_threads
from .seq2seq import Seq2Seq, check_model, check_vocabs

__all__ = ["greedy_decode", "beam_search", "translate", "translate_batch", "Translation"]


@torch.no_grad()
def greedy_decode(model: Seq2Seq, src: torch.Tensor, src_valid_lens: torch.Tensor, bos_index: int,
                  eos_index: int, max_len: int = 20, ban_index: int | None = None
                  ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor | None]:
    """Greedy decoding (贪心搜索) of a padded batch: each step feeds back the most likely token.

    A sequence stops at ``<eos>`` or after ``max_len`` tokens; positions after its ``<eos>`` hold
    ``eos_index`` and weight rows of 0. ``ban_index``, if given, is a token never produced (``<unk>``:
    the next most likely word is taken instead).

    Shapes:
        src: (batch_size, num_src_steps); src_valid_lens: (batch_size,)
        returns: tokens (batch_size, num_steps <= max_len), lengths (batch_size,) counting the <eos>,
                 weights (batch_size, num_steps, num_src_steps) or None
    """
    check_model(model)
    _check_decode_inputs(model, src, src_valid_lens, bos_index, eos_index, max_len, ban_index)
    was_training = model.training
    model.eval()
    try:
        enc_outputs, enc_state = model.encoder(src, src_valid_lens)
        state = model.decoder.init_state(enc_outputs, enc_state, src_valid_lens)
        batch_size = src.shape[0]
        token = torch.full((batch_size,), bos_index, dtype=torch.long, device=src.device)  # (B,)
        finished = torch.zeros(batch_size, dtype=torch.bool, device=src.device)
        lengths = torch.full((batch_size,), max_len, dtype=torch.long, device=src.device)
        all_tokens, all_weights = [], []
        for t in range(max_len):
            logits, state, weights = model.decoder.step(token, state)   # (B, V), (B, T_src) or None
            logits = _ban(logits, ban_index)
            if weights is not None:
                all_weights.append(weights.masked_fill(finished[:, None], 0.0))
            token = logits.argmax(dim=-1).masked_fill(finished, eos_index)  # (B,)
            all_tokens.append(token)
            newly_done = (token == eos_index) & ~finished
            lengths[newly_done] = t + 1
            finished |= newly_done
            if bool(finished.all()):
                break
        tokens = torch.stack(all_tokens, 1)                              # (B, steps)
        weights = torch.stack(all_weights, 1) if all_weights else None  # (B, steps, T_src)
        return tokens, lengths, weights
    finally:
        model.train(was_training)


@torch.no_grad()
def beam_search(model: Seq2Seq, src: torch.Tensor, src_valid_lens: torch.Tensor, bos_index: int,
                eos_index: int, beam_size: int = 4, max_len: int = 20, alpha: float = 0.75,
                ban_index: int | None = None) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor | None]:
    """Beam search (束搜索) of a padded batch: keep the ``beam_size`` best partial translations per sentence.

    A hypothesis y of length L (its ``<eos>`` included) scores ``log P(y | x) / L**alpha`` (length
    normalisation; ``alpha=0`` gives the plain log-probability). At every step each hypothesis is extended
    by every word and the ``beam_size`` best scores are kept; a hypothesis that has produced ``<eos>``
    stays in the beam with its score, unchanged. The search stops when every hypothesis has ended, or
    after ``max_len`` tokens; the best one is returned, with its attention weights. ``beam_size=1`` is
    greedy decoding. Outputs are laid out as ``greedy_decode``'s; ``ban_index`` is a token never produced.

    Shapes:
        src: (batch_size, num_src_steps); src_valid_lens: (batch_size,)
        returns: tokens (batch_size, num_steps <= max_len), lengths (batch_size,) counting the <eos>,
                 weights (batch_size, num_steps, num_src_steps) or None
    """
    check_model(model)
    check_int("beam_size", beam_size, minimum=1)
    check_number("alpha", alpha, low=0.0)
    _check_decode_inputs(model, src, src_valid_lens, bos_index, eos_index, max_len, ban_index)
    was_training = model.training
    model.eval()
    try:
        batch_size, k, device = src.shape[0], beam_size, src.device
        rows = torch.arange(batch_size, device=device).repeat_interleave(k)          # (B k,)
        enc_outputs, enc_state = model.encoder(src, src_valid_lens)   # (B, T_src, H), (L, B, H)
        state = model.decoder.init_state(enc_outputs, enc_state, src_valid_lens)
        state = state.select(rows)                                     # every sentence k times
        log_probs = torch.full((batch_size, k), -math.inf, device=device)  # (B, k) log P of each hypothesis
        log_probs[:, 0] = 0.0                                          # one live hypothesis at the start
        lengths = torch.zeros(batch_size, k, dtype=torch.long, device=device)        # tokens so far
        finished = torch.zeros(batch_size, k, dtype=torch.bool, device=device)
        token = torch.full((batch_size * k,), bos_index, dtype=torch.long, device=device)
        tokens = torch.zeros(batch_size, k, 0, dtype=torch.long, device=device)      # (B, k, t)
        weights = torch.zeros(batch_size, k, 0, src.shape[1], device=device)        # (B, k, t, T_src)
        for _ in range(max_len):
            logits, state, step_weights = model.decoder.step(token, state)  # (B k, V), (B k, T_src)
            logits = _ban(logits.float(), ban_index)                   # (B k, V)
            step_log_probs = torch.log_softmax(logits, dim=-1).view(batch_size, k, -1)  # (B, k, V)
            vocab_size = step_log_probs.shape[-1]
            # an ended hypothesis has one continuation, <eos> again, at no cost and no extra length
            ended = torch.full_like(step_log_probs[0, 0], -math.inf)
            ended[eos_index] = 0.0
            step_log_probs = torch.where(finished[..., None], ended, step_log_probs)
            new_log_probs = log_probs[..., None] + step_log_probs       # (B, k, V)
            new_lengths = lengths + (~finished).long()                 # (B, k)
            scores = new_log_probs / new_lengths[..., None].float() ** alpha      # (B, k, V)
            best = scores.view(batch_size, -1).topk(k, dim=-1).indices  # (B, k) over k V candidates
            beam, word = best // vocab_size, best % vocab_size          # (B, k) each
            log_probs = new_log_probs.view(batch_size, -1).gather(1, best)
            lengths = new_lengths.gather(1, beam)
            was_finished = finished.gather(1, beam)
            finished = was_finished | (word == eos_index) | torch.isinf(log_probs)
            tokens = torch.cat([tokens.gather(1, beam[..., None].expand(-1, -1, tokens.shape[2])),
                                word[..., None]], dim=2)               # (B, k, t + 1)
            if step_weights is not None:
                step_weights = step_weights.view(batch_size, k, -1).gather(
                    1, beam[..., None].expand(-1, -1, src.shape[1]))  # (B, k, T_src)
                step_weights = step_weights.masked_fill(was_finished[..., None], 0.0)
                kept = weights.gather(1, beam[..., None, None].expand(-1, -1, *weights.shape[2:]))
                weights = torch.cat([kept, step_weights[:, :, None]], dim=2)  # (B, k, t + 1, T_src)
            flat = (torch.arange(batch_size, device=device)[:, None] * k + beam).reshape(-1)  # (B k,)
            state = state.select(flat)
            token = word.reshape(-1)
            if bool(finished.all()):
                break
        final = log_probs / lengths.clamp(min=1).float() ** alpha      # (B, k)
        choice = final.argmax(dim=-1)                                  # (B,)
        batch = torch.arange(batch_size, device=device)
        lengths = lengths[batch, choice]                               # (B,) with the <eos>, if any
        return (tokens[batch, choice], lengths,
                weights[batch, choice] if model.has_attention else None)
    finally:
        model.train(was_training)


@dataclass
class Translation:
    """A translation: output tokens, their attention weights and the source tokens the model read.

    Shapes:
        tokens: list of num_out str (without ``<eos>``)
        weights: (num_out, num_src + 1), or None without attention
        source_tokens: list of num_src + 1 str, the sentence's tokens and ``<eos>``
                       (words missing from the vocabulary were read as ``<unk>``)
    """

    tokens: list[str]
    weights: torch.Tensor | None
    source_tokens: list[str]


def translate(model: Seq2Seq, sentence: str | list[str], src_vocab: Vocab, tgt_vocab: Vocab,
              max_len: int = 20, beam_size: int = 1, alpha: float = 0.75,
              allow_unk: bool = True) -> "Translation":
    """Translate one sentence (a string or a token list); stops at ``<eos>`` or ``max_len`` tokens.

    Greedy with ``beam_size=1`` (the default), beam search (束搜索) with a larger one.
    ``allow_unk=False`` never writes ``<unk>``: the most likely real word takes its place.

    Shapes:
        returns: Translation(tokens: list of num_out str, weights: (num_out, num_src + 1) or None,
                             source_tokens: list of num_src + 1 str ending in "<eos>")
    """
    if not isinstance(sentence, (str, list, tuple)):
        raise TypeError(f"sentence must be a str or a list of tokens, got {type(sentence).__name__}")
    _source_tokens(sentence)
    return translate_batch(model, [sentence], src_vocab, tgt_vocab, max_len, beam_size=beam_size,
                           alpha=alpha, allow_unk=allow_unk)[0]


def translate_batch(model: Seq2Seq, sentences: list, src_vocab: Vocab, tgt_vocab: Vocab,
                    max_len: int = 20, batch_size: int = 256, beam_size: int = 1, alpha: float = 0.75,
                    num_threads: int | None = 1, allow_unk: bool = True) -> list["Translation"]:
    """Translate many sentences (strings or token lists) batch by batch, greedily or by beam search.

    ``beam_size=1`` is greedy decoding; a larger one uses ``beam_search`` with length normalisation
    ``alpha``. On the CPU it uses ``num_threads`` threads, as ``train_seq2seq`` does, and restores the
    previous setting afterwards (``None`` keeps it). ``allow_unk=False`` never writes ``<unk>``.
    Returns one ``Translation`` per sentence, like ``translate``.
    """
    if isinstance(sentences, str):
        raise TypeError("sentences must be a list of sentences, got one str: use translate for one sentence")
    if not isinstance(sentences, (list, tuple)):
        raise TypeError(f"sentences must be a list of str or of token lists, got {type(sentences).__name__}")
    check_vocabs(model, src_vocab, tgt_vocab)
    check_int("max_len", max_len, minimum=1)
    check_int("batch_size", batch_size, minimum=1)
    check_int("beam_size", beam_size, minimum=1)
    check_number("alpha", alpha, low=0.0)
    check_int("num_threads", num_threads, minimum=1, allow_none=True)
    if not isinstance(allow_unk, bool):
        raise TypeError(f"allow_unk must be True or False, got {type(allow_unk).__name__} {allow_unk!r}")
    ban_index = None if allow_unk else tgt_vocab.unk
    device = _model_device(model)
    token_lists = [_source_tokens(s, i) for i, s in enumerate(sentences)]
    results = []
    with cpu_threads(num_threads, device):
        for start in range(0, len(token_lists), batch_size):
            results += _translate_chunk(model, token_lists[start:start + batch_size], src_vocab, tgt_vocab,
                                        max_len, beam_size, alpha, device, ban_index)
    return results


def _translate_chunk(model, chunk, src_vocab, tgt_vocab, max_len, beam_size, alpha, device, ban_index=None):
    """Translate one batch of token lists: pad, decode, cut each output at its <eos>."""
    results = []
    src, src_valid_lens = pad_batch([encode(t, src_vocab) for t in chunk], src_vocab.pad)
    src, src_valid_lens = src.to(device), src_valid_lens.to(device)
    if beam_size == 1:
        tokens, lengths, weights = greedy_decode(model, src, src_valid_lens, tgt_vocab.bos, tgt_vocab.eos,
                                                 max_len, ban_index)
    else:
        tokens, lengths, weights = beam_search(model, src, src_valid_lens, tgt_vocab.bos, tgt_vocab.eos,
                                               beam_size, max_len, alpha, ban_index)
    for row, source in enumerate(chunk):
        n = int(lengths[row])
        n_out = n - 1 if tokens[row, n - 1] == tgt_vocab.eos else n   # drop the final <eos>
        source_tokens = source + ["<eos>"]
        w = None if weights is None else weights[row, :n_out, :len(source_tokens)].cpu()
        results.append(Translation(tgt_vocab.to_tokens(tokens[row, :n_out].cpu()), w, source_tokens))
    return results


# Checks at the boundary: what the searches and translate are given.

def _check_decode_inputs(model, src, src_valid_lens, bos_index, eos_index, max_len, ban_index=None):
    """The checks greedy and beam decoding share: source batch, lengths, special indices, device."""
    check_int("max_len", max_len, minimum=1)
    check_index_tensor("src", src, 2, model.config["src_vocab_size"])
    check_lengths("src_valid_lens", src_valid_lens, src.shape[0], src.shape[1], minimum=1)
    check_int("bos_index", bos_index, 0, model.config["tgt_vocab_size"] - 1)
    check_int("eos_index", eos_index, 0, model.config["tgt_vocab_size"] - 1)
    check_int("ban_index", ban_index, 0, model.config["tgt_vocab_size"] - 1, allow_none=True)
    if ban_index is not None and ban_index == eos_index:
        raise ValueError(f"ban_index must not be eos_index ({eos_index}): a translation could never end")
    _check_same_device(model, src, src_valid_lens)


def _ban(logits, ban_index):
    """``logits`` with the column ``ban_index`` set to -inf (unchanged when it is None). (N, V) -> (N, V)."""
    if ban_index is None:
        return logits
    return logits.index_fill(-1, torch.tensor([ban_index], device=logits.device), -math.inf)


def _source_tokens(sentence, index=None):
    where = "sentence" if index is None else f"sentences[{index}]"
    if isinstance(sentence, str):
        tokens = tokenize(sentence)
    else:
        tokens = check_token_list(where, sentence)
        if index is None and any(len(tokenize(t)) != 1 for t in tokens):
            raise TypeError(f"sentence must be one str or one list of tokens, got a list of sentences "
                            f"({tokens[:2]!r}...): use translate_batch for several sentences")
    if not tokens:
        raise ValueError(f"cannot translate an empty sentence: {where} must hold at least one word, "
                         f"got {sentence!r}")
    return tokens


def _check_same_device(model, src, src_valid_lens):
    if src_valid_lens.device != src.device:
        raise ValueError(f"src and src_valid_lens must be on the same device, got {src.device} and "
                         f"{src_valid_lens.device}")
    if src.device != _model_device(model):
        raise ValueError(f"src is on {src.device} but the model is on {_model_device(model)}: "
                         f"move it with src.to({str(_model_device(model))!r})")


def _model_device(model):
    return next(model.parameters()).device
