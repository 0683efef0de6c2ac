"""Dot products of rows of the practitioners' sinusoidal table, with a worst-case rounding model.

Error model for one entry of ``_sinusoidal.table`` at position ``p`` and frequency ``w_i = exp(-x_i)``:

* ``x_i`` is ``arange * c`` with ``c = -log(n)/d`` rounded: relative error ≤ 2·eps;
* ``exp`` turns that into a relative error ≤ 2·x_i·eps of ``w_i``, plus its own ≤ 2 ulp;
* the angle ``p·w_i`` adds one more rounding: angle error ≤ (2·x_i + 3)·eps·|p|·w_i;
* ``sin``/``cos`` add ≤ 2·eps (values in [−1, 1]).

A dot product of two rows then errs by at most the sum of the entry errors and their products (every exact entry has
size ≤ 1) plus the worst-case summation error γ_d · Σ|a_j b_j| ≤ γ_d · d/2 (Cauchy–Schwarz per pair).
torch is imported inside the functions: importing this module stays cheap.
"""

from __future__ import annotations

import math
from typing import Any

from derivations import _sinusoidal as S


def exponents(d: int, layout: str, device: Any, n: float = 10000.0) -> Any:
    """x_i ≥ 0 with w_i = exp(−x_i), as the table's code forms them (exact values, float64)."""
    import torch

    i = torch.arange(d // 2, device=device, dtype=torch.float64)
    if layout == "interleaved":
        return 2 * i * (math.log(n) / d)
    return i * (math.log(n) / max(d // 2 - 1, 1))


def entry_error(positions: Any, d: int, layout: str, eps: float) -> Any:
    """Bound on |computed − exact| of the sin and cos entries: shape (len(positions), d/2), float64."""
    x = exponents(d, layout, positions.device)
    p = positions.double().abs()[:, None]
    return (2 * x + 3) * eps * p * (-x).exp() + 2 * eps


def dot_error(sum_p: Any, sum_q: Any, max_q: Any, d: int, eps: float) -> Any:
    """Bound on the rounding error of table(p)·table(q) from Σ_i e_i(p), Σ_i e_i(q) and max_i e_i(q)."""
    entries = 2 * (sum_p + sum_q + max_q * sum_p)  # the sin and the cos entry of each pair
    gamma = d * eps / (1 - d * eps)
    return entries + gamma * (d / 2 + entries)


class Rows:
    """The table over a range of integer positions, with per-row sums and maxima of the entry error bounds."""

    def __init__(self, first: int, last: int, d: int, layout: str, dtype: Any, eps: float, device: Any) -> None:
        import torch

        self.first, self.d, self.eps = first, d, eps
        positions = torch.arange(first, last + 1, device=device)
        self.table = S.table(positions, d, layout, dtype)
        error = entry_error(positions, d, layout, eps)
        self.error_sum, self.error_max = error.sum(dim=1), error.amax(dim=1)

    def dots(self, base: int, offsets: Any) -> tuple[Any, Any]:
        """(table(base + k) · table(base), its error bound) for every k in ``offsets``."""
        rows = base + offsets - self.first
        anchor = base - self.first
        value = self.table[rows] @ self.table[anchor]
        bound = dot_error(self.error_sum[rows], self.error_sum[anchor], self.error_max[anchor], self.d, self.eps)
        return value, bound
