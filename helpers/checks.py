"""Argument checks shared by every module.

Used by all of ``helpers`` (first in ``notebooks/03_attention_scores.ipynb``, through
``helpers.attention``). Each check names the parameter, what was expected and what was given. A misuse
raises ``TypeError`` (wrong kind of value) or ``ValueError`` (right kind, wrong shape or range) from
here, before any computation, instead of an error from deep inside PyTorch.
"""

import math
import numbers

import torch

__all__ = ["check_int", "check_number", "check_tensor", "check_index_tensor", "check_lengths",
           "check_token_list", "check_token_lists"]


def check_int(name, value, minimum=None, maximum=None, allow_none=False):
    """``value`` is an int (not a bool) within [minimum, maximum]; return it."""
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int{' or None' if allow_none else ''}, "
                        f"got {type(value).__name__} {value!r}")
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        bounds = (f">= {minimum}" if maximum is None else f"<= {maximum}" if minimum is None
                  else f"in [{minimum}, {maximum}]")
        raise ValueError(f"{name} must be an int {bounds}, got {value!r}")
    return int(value)


def check_number(name, value, low=None, high=None, low_open=False, high_open=False):
    """``value`` is a finite real number within the given (open or closed) bounds; return it as a float."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__} {value!r}")
    value = float(value)
    too_low = low is not None and (value <= low if low_open else value < low)
    too_high = high is not None and (value >= high if high_open else value > high)
    if not math.isfinite(value) or too_low or too_high:
        left = "(-inf" if low is None else f"{'(' if low_open else '['}{low}"
        right = "inf)" if high is None else f"{high}{')' if high_open else ']'}"
        raise ValueError(f"{name} must be a finite number in {left}, {right}, got {value!r}")
    return value


def check_tensor(name, x, ndim=None, floating=True):
    """``x`` is a tensor with ``ndim`` dimensions and a floating-point (``floating=False``: integer) dtype.

    Shapes:
        x: any tensor with ndim dimensions (any number when ndim is None)
    """
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"{name} must be a torch.Tensor, got {type(x).__name__}")
    if ndim is not None and x.dim() != ndim:
        raise ValueError(f"{name} must be {ndim}-D ({ndim} dimensions), got shape {tuple(x.shape)}")
    if floating and not x.is_floating_point():
        raise TypeError(f"{name} must be a floating-point tensor, got dtype {x.dtype}")
    if not floating and (x.is_floating_point() or x.is_complex() or x.dtype == torch.bool):
        raise TypeError(f"{name} must hold integers (e.g. torch.long), got dtype {x.dtype}")
    return x


def check_index_tensor(name, x, ndim, size):
    """``x`` is an integer tensor of ``ndim`` dimensions whose entries are indices in [0, size).

    Shapes:
        x: ndim dimensions, integer dtype
    """
    check_tensor(name, x, ndim, floating=False)
    if x.numel() and (int(x.min()) < 0 or int(x.max()) >= size):
        raise ValueError(f"{name} must hold indices in [0, {size - 1}] (a vocabulary of {size} tokens), "
                         f"got values from {int(x.min())} to {int(x.max())}")
    return x


def check_lengths(name, lengths, batch_size, max_len, minimum=0, limit="the number of steps"):
    """``lengths`` holds one integer length in [minimum, max_len] per sequence of the batch.

    Shapes:
        lengths: (batch_size,), integer dtype
    """
    if not isinstance(lengths, torch.Tensor):
        raise TypeError(f"{name} must be a torch.Tensor of integers, got {type(lengths).__name__}")
    check_tensor(name, lengths, floating=False)
    if tuple(lengths.shape) != (batch_size,):
        raise ValueError(f"{name} of shape (batch_size,) = ({batch_size},) expected, "
                         f"got {tuple(lengths.shape)}")
    if lengths.numel() and int(lengths.min()) < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got a minimum of {int(lengths.min())}")
    if lengths.numel() and int(lengths.max()) > max_len:
        raise ValueError(f"{name} must be <= {limit} ({max_len}), "
                         f"got a maximum of {int(lengths.max())}")
    return lengths


def check_token_list(name, tokens):
    """``tokens`` is a list (or tuple) of str tokens, not a sentence string; return it as a list."""
    if isinstance(tokens, str):
        raise TypeError(f"{name} must be a list of tokens, got the str {tokens[:40]!r}: "
                        "split it first with helpers.data.tokenize")
    if not isinstance(tokens, (list, tuple)):
        raise TypeError(f"{name} must be a list of str tokens, got {type(tokens).__name__}")
    for token in tokens:
        if not isinstance(token, str):
            raise TypeError(f"{name} must be a list of str tokens, got an item of type "
                            f"{type(token).__name__} ({token!r})")
    return list(tokens)


def check_token_lists(name, sentences):
    """``sentences`` holds token lists (one per sentence), not a str or str items; return them as a list."""
    if isinstance(sentences, (str, bytes, dict)) or not hasattr(sentences, "__iter__"):
        raise TypeError(f"{name} must be a list of token lists, e.g. [tokenize(s) for s in sentences], "
                        f"got {type(sentences).__name__}")
    sentences = list(sentences)
    for i, sentence in enumerate(sentences):
        if isinstance(sentence, str):
            raise TypeError(f"{name} must be a list of token lists, but item {i} is the str "
                            f"{sentence[:40]!r}: use [tokenize(s) for s in sentences]")
        check_token_list(f"{name}[{i}]", sentence)
    return sentences
