"""Where computation runs: the device (CPU or CUDA) and the number of CPU threads.

Used by ``helpers.training``, ``helpers.decoding`` and ``helpers.cost`` (notebooks 03 and 04); the device
is shown in ``notebooks/00_getting_started.ipynb``. ``cpu_threads`` is the one place that sets
PyTorch's thread count for a piece of work and puts the previous setting back afterwards.
"""

from contextlib import contextmanager

import torch

from .checks import check_int

__all__ = ["get_device", "check_device", "cpu_threads"]


def get_device() -> torch.device:
    """``cuda`` when a GPU is present, ``cpu`` otherwise."""
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def check_device(device) -> torch.device:
    """``device`` as a ``torch.device`` that exists on this machine (``None``: ``get_device()``)."""
    if device is None:
        return get_device()
    try:
        device = torch.device(device)
    except (RuntimeError, TypeError):
        raise ValueError(f"device must be 'cpu', 'cuda', 'cuda:N' or a torch.device, "
                         f"got {device!r}") from None
    if device.type == "cuda" and not torch.cuda.is_available():
        raise ValueError(f"device {str(device)!r} is not available: this machine has no CUDA GPU "
                         "(torch.cuda.is_available() is False); use device='cpu'")
    if device.type == "cuda" and device.index is not None and device.index >= torch.cuda.device_count():
        raise ValueError(f"device {str(device)!r} is not available: this machine has "
                         f"{torch.cuda.device_count()} CUDA device(s)")
    if device.type == "mps" and not torch.backends.mps.is_available():
        raise ValueError("device 'mps' is not available on this machine; use device='cpu'")
    return device


@contextmanager
def cpu_threads(num_threads, device="cpu"):
    """Run the ``with`` block on ``num_threads`` CPU threads, then restore the previous setting.

    ``num_threads=None`` keeps the current setting; so does a device other than the CPU.
    """
    check_int("num_threads", num_threads, minimum=1, allow_none=True)
    previous = torch.get_num_threads()
    if num_threads is not None and torch.device(device).type == "cpu":
        torch.set_num_threads(num_threads)
    try:
        yield
    finally:
        torch.set_num_threads(previous)
