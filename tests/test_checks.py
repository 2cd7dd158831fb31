"""helpers.checks, table by table: every check accepts what it should and names the parameter, what was
expected and what was given when it refuses. The callers' own tests keep one case each, to show they
call the check; the variations of a case live here once."""

import math

import numpy as np
import pytest
import torch

from helpers.checks import (
    check_index_tensor,
    check_int,
    check_lengths,
    check_number,
    check_tensor,
    check_token_list,
    check_token_lists,
)
from helpers.device import check_device, cpu_threads

ACCEPTED = [
    (lambda: check_int("n", 3), 3),
    (lambda: check_int("n", np.int64(3), minimum=0), 3),
    (lambda: check_int("n", None, allow_none=True), None),
    (lambda: check_int("n", 5, 5, 5), 5),
    (lambda: check_number("x", 1), 1.0),
    (lambda: check_number("x", np.float32(0.5), 0.0, 1.0), 0.5),
    (lambda: check_number("x", 0.0, 0.0, 1.0), 0.0),
    (lambda: check_token_list("tokens", ("a", "b")), ["a", "b"]),
    (lambda: check_token_lists("sentences", (t for t in [["a"], ["b", "c"]])), [["a"], ["b", "c"]]),
]


@pytest.mark.parametrize("call, expected", ACCEPTED)
def test_checks_return_what_they_accept(call, expected):
    result = call()
    assert result == expected and type(result) is type(expected)


REFUSED = [
    # check_int: bool and float are not ints; bounds named as the range they are
    (lambda: check_int("num_steps", True), TypeError, r"num_steps must be an int, got bool True"),
    (lambda: check_int("num_steps", 2.0), TypeError, r"num_steps must be an int, got float 2.0"),
    (lambda: check_int("num_steps", "2"), TypeError, r"num_steps must be an int, got str '2'"),
    (lambda: check_int("n", None), TypeError, r"n must be an int, got NoneType None"),
    (lambda: check_int("n", 1.5, allow_none=True), TypeError, r"n must be an int or None, got float"),
    (lambda: check_int("n", 0, minimum=1), ValueError, r"n must be an int >= 1, got 0"),
    (lambda: check_int("n", 9, maximum=8), ValueError, r"n must be an int <= 8, got 9"),
    (lambda: check_int("n", -1, 0, 8), ValueError, r"n must be an int in \[0, 8\], got -1"),
    # check_number: finite, in its open or closed bounds
    (lambda: check_number("lr", "0.1"), TypeError, r"lr must be a number, got str '0.1'"),
    (lambda: check_number("lr", False), TypeError, r"lr must be a number, got bool False"),
    (lambda: check_number("lr", math.nan), ValueError,
     r"lr must be a finite number in \(-inf, inf\), got nan"),
    (lambda: check_number("lr", math.inf, 0.0), ValueError, r"lr must be a finite number in \[0.0, inf\)"),
    (lambda: check_number("lr", 0.0, 0.0, low_open=True), ValueError, r"in \(0.0, inf\), got 0.0"),
    (lambda: check_number("p", 1.0, 0.0, 1.0, high_open=True), ValueError, r"p must be a finite number in "
                                                                            r"\[0.0, 1.0\), got 1.0"),
    (lambda: check_number("p", -0.5, 0.0, 1.0), ValueError, r"in \[0.0, 1.0\], got -0.5"),
    # check_tensor and check_index_tensor: type, number of dimensions, dtype, index range
    (lambda: check_tensor("scores", [[1.0]]), TypeError, r"scores must be a torch.Tensor, got list"),
    (lambda: check_tensor("scores", torch.ones(2, 3), 3), ValueError, r"scores must be 3-D \(3 dimensions\), "
                                                                     r"got shape \(2, 3\)"),
    (lambda: check_tensor("scores", torch.ones(2, dtype=torch.long)), TypeError,
     r"scores must be a floating-point tensor, got dtype torch.int64"),
    (lambda: check_tensor("src", torch.ones(2), floating=False), TypeError,
     r"src must hold integers \(e.g. torch.long\), got dtype torch.float32"),
    (lambda: check_tensor("src", torch.ones(2, dtype=torch.bool), floating=False), TypeError,
     r"src must hold integers"),
    (lambda: check_index_tensor("src", torch.tensor([[0, 10]]), 2, 10), ValueError,
     r"src must hold indices in \[0, 9\] \(a vocabulary of 10 tokens\), got values from 0 to 10"),
    (lambda: check_index_tensor("src", torch.tensor([[-1, 3]]), 2, 10), ValueError,
     r"got values from -1 to 3"),
    # check_lengths: one integer length per sequence, in range
    (lambda: check_lengths("lens", [3, 2], 2, 4), TypeError,
     r"lens must be a torch.Tensor of integers, got list"),
    (lambda: check_lengths("lens", torch.tensor([3.0, 2.0]), 2, 4), TypeError, r"lens must hold integers"),
    (lambda: check_lengths("lens", torch.tensor([3]), 2, 4), ValueError,
     r"lens of shape \(batch_size,\) = \(2,\) expected, got \(1,\)"),
    (lambda: check_lengths("lens", torch.tensor([3, 0]), 2, 4, minimum=1), ValueError,
     r"lens must be >= 1, got a minimum of 0"),
    (lambda: check_lengths("lens", torch.tensor([3, 5]), 2, 4), ValueError,
     r"lens must be <= the number of steps \(4\), got a maximum of 5"),
    (lambda: check_lengths("lens", torch.tensor([3, 5]), 2, 4, limit="the number of keys"), ValueError,
     r"lens must be <= the number of keys \(4\)"),
    # check_token_list and check_token_lists: lists of str tokens, never a sentence string
    (lambda: check_token_list("tokens", "i see"), TypeError,
     r"tokens must be a list of tokens, got the str 'i see': split it first with helpers.data.tokenize"),
    (lambda: check_token_list("tokens", 3), TypeError, r"tokens must be a list of str tokens, got int"),
    (lambda: check_token_list("tokens", ["a", 1]), TypeError, r"got an item of type int \(1\)"),
    (lambda: check_token_lists("sentences", "i see"), TypeError, r"sentences must be a list of token lists"),
    (lambda: check_token_lists("sentences", {"a": 1}), TypeError, r"got dict"),
    (lambda: check_token_lists("sentences", ["i see"]), TypeError, r"item 0 is the str 'i see': use "
                                                                   r"\[tokenize\(s\) for s in sentences\]"),
    (lambda: check_token_lists("sentences", [["a"], ["b", 2]]), TypeError,
     r"sentences\[1\] must be a list of str tokens, got an item of type int"),
    # the device and the number of threads (helpers.device)
    (lambda: check_device("gpu0"), ValueError, r"device must be 'cpu', 'cuda', 'cuda:N' or a torch.device, "
                                               r"got 'gpu0'"),
    (lambda: cpu_threads(0).__enter__(), ValueError, r"num_threads must be an int >= 1, got 0"),
    (lambda: cpu_threads(1.5).__enter__(), TypeError, r"num_threads must be an int or None, got float"),
]


@pytest.mark.parametrize("call, error, words", REFUSED)
def test_misuse_checks_name_the_parameter_the_expectation_and_the_value(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_cpu_threads_sets_and_restores_the_thread_count(one_thread):
    torch.set_num_threads(2)
    with cpu_threads(1):
        assert torch.get_num_threads() == 1
    assert torch.get_num_threads() == 2
    with cpu_threads(None):
        assert torch.get_num_threads() == 2
    with pytest.raises(RuntimeError, match="inside"), cpu_threads(1):
        raise RuntimeError("inside")
    assert torch.get_num_threads() == 2
