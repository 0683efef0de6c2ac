"""Shared torch helpers for the attention claims of S3 (torch is imported lazily by the callers' ctx).

* ``weights``: the softmax matrix, read out of ``F.scaled_dot_product_attention`` itself (V = I).
* ``online_attention``: exact attention over key blocks with a running max and sum (the
  FlashAttention / memory-efficient recurrence), recording the largest tensor it creates.
* ``attention_tolerance``: the rounding-error model for comparing two attention computations.
"""

from __future__ import annotations

import math
from typing import Any

from checker import Tolerance


def weights(torch: Any, q: Any, k: Any, scale: float | None = None) -> Any:
    """softmax(q kᵀ·scale) as SDPA computes it: SDPA(q, k, I) returns the weight matrix."""
    m = k.shape[-2]
    eye = torch.eye(m, device=q.device, dtype=q.dtype).expand(*k.shape[:-2], m, m)
    return torch.nn.functional.scaled_dot_product_attention(q, k, eye, scale=scale)


def online_attention(torch: Any, q: Any, k: Any, v: Any, block: int) -> tuple[Any, int]:
    """softmax(q kᵀ/√d) v over key blocks of ``block`` rows; returns (output, entries of the largest score tile).

    Per query row it keeps a running max ``m``, a running sum ``l`` and an accumulator ``acc`` of
    size d_v, so no tensor with n·n entries exists unless ``block`` is n.
    """
    d = q.shape[-1]
    n_keys = k.shape[-2]
    scale = 1.0 / math.sqrt(d)
    lead = q.shape[:-1]
    m = torch.full(lead + (1,), -math.inf, device=q.device, dtype=q.dtype)
    l_sum = torch.zeros(lead + (1,), device=q.device, dtype=q.dtype)
    acc = torch.zeros(lead + (v.shape[-1],), device=q.device, dtype=q.dtype)
    largest = 0
    for start in range(0, n_keys, block):
        s = (q @ k[..., start:start + block, :].transpose(-2, -1)) * scale  # a (n, block) tile of scores
        m_new = torch.maximum(m, s.amax(dim=-1, keepdim=True))
        p = torch.exp(s - m_new)
        correction = torch.exp(m - m_new)
        l_sum = l_sum * correction + p.sum(dim=-1, keepdim=True)
        acc = acc * correction + p @ v[..., start:start + block, :]
        m = m_new
        largest = max(largest, s.shape[-2] * s.shape[-1])
    return acc / l_sum, largest


def attention_tolerance(ctx: Any, q: Any, k: Any, v: Any, scale: float) -> Tolerance:
    """Two attention computations differ by at most the sum of these rounding bounds.

    scores: γ_d·max Σ_l |q_il||k_jl|·scale in each computation (γ_d ≈ d·eps/2); a score error δ
    changes a softmax weight by a relative 2δ; softmax itself adds (m + 2)·eps relative and the
    weighted sum γ_m·max|v|. Safety factor 2.
    """
    d, m = q.shape[-1], k.shape[-2]
    dot_mag = float((q.abs() @ k.abs().transpose(-2, -1)).amax()) * scale
    v_max = float(v.abs().amax())
    score_err = d * ctx.eps * dot_mag  # γ_d with unit roundoff eps/2, in each of the two computations
    bound = 2 * v_max * (2 * score_err + (m + 2) * ctx.eps)
    return Tolerance(4 * (d + m) * ctx.eps, bound, f"scores γ_d·Σ|q||k|·scale={dot_mag:.2g}, softmax (m+2)eps, AV γ_m·|v|")
