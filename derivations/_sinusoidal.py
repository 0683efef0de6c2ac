"""The sinusoidal table as practitioners build it, in both layouts found in real code.

* ``interleaved`` (Vaswani et al., the PyTorch tutorial, the Annotated Transformer):
  ``pe[:, 0::2] = sin(pos * w)``, ``pe[:, 1::2] = cos(pos * w)``, ``w_i = n^(-2i/d)``.
* ``concatenated`` (tensor2tensor, fairseq, Marian): ``[sin(pos * w), cos(pos * w)]`` with
  ``w_i = n^(-i/(d/2 - 1))``.

torch is imported inside the functions: importing this module stays cheap.
"""

from __future__ import annotations

import math
from typing import Any

LAYOUTS = ("interleaved", "concatenated")


def frequencies(d: int, layout: str, device: Any, dtype: Any, n: float = 10000.0) -> Any:
    """Angular frequencies ``w_0 > w_1 > ...`` (d/2 of them), computed as the code does."""
    import torch

    if layout == "interleaved":
        return torch.exp(torch.arange(0, d, 2, device=device, dtype=dtype) * (-math.log(n) / d))
    half = d // 2
    return torch.exp(torch.arange(half, device=device, dtype=dtype) * (-math.log(n) / max(half - 1, 1)))


def table(positions: Any, d: int, layout: str, dtype: Any, n: float = 10000.0) -> Any:
    """PE rows for the given positions (a 1-D tensor), shape ``(len(positions), d)``."""
    import torch

    w = frequencies(d, layout, positions.device, dtype, n)
    angle = positions.to(dtype)[:, None] * w[None, :]
    if layout == "interleaved":
        pe = torch.zeros(len(positions), d, device=positions.device, dtype=dtype)
        pe[:, 0::2] = torch.sin(angle)
        pe[:, 1::2] = torch.cos(angle)
        return pe
    return torch.cat([torch.sin(angle), torch.cos(angle)], dim=1)


def offset_matrix(phi: float, d: int, layout: str, device: Any, dtype: Any, sign: int = 1, n: float = 10000.0) -> Any:
    """``blockdiag_k M_k(phi)`` placed on (2k, 2k+1) or on (k, k + d/2) according to the layout."""
    import torch

    w = frequencies(d, layout, device, dtype, n)
    c, s = torch.cos(w * phi), sign * torch.sin(w * phi)
    if layout == "interleaved":
        blocks = [torch.stack([torch.stack([c[k], s[k]]), torch.stack([-s[k], c[k]])]) for k in range(d // 2)]
        return torch.block_diag(*blocks)
    half = d // 2
    m = torch.zeros(d, d, device=device, dtype=dtype)
    k = torch.arange(half, device=device)
    m[k, k] = c
    m[k, k + half] = s
    m[k + half, k] = -s
    m[k + half, k + half] = c
    return m
