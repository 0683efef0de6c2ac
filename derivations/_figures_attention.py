"""Figures of the refuted attention claims: who a token attends to, and what exact attention must store."""

from __future__ import annotations

from typing import Any


def self_token_weights() -> Any:
    """x₁ = (1, 0), x₂ = (a, 0), W^Q = W^K = I: token 1's weight on itself falls below ½ once a > 1."""
    import matplotlib.pyplot as plt
    import torch

    from derivations._attention import weights

    a = torch.linspace(-1.5, 3.5, 201, dtype=torch.float64)
    x = torch.zeros(len(a), 2, 2, dtype=torch.float64)
    x[:, 0, 0] = 1.0
    x[:, 1, 0] = a
    w = weights(torch, x, x)[:, 0, :]  # row of token 1, computed by SDPA
    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    ax.plot(a.numpy(), w[:, 0].numpy(), color="C0", label="a₁₁: token 1 → itself")
    ax.plot(a.numpy(), w[:, 1].numpy(), color="C3", label="a₁₂: token 1 → token 2")
    ax.axvspan(1.0, float(a[-1]), color="C3", alpha=0.07)
    at = int(torch.argmin((a - 2).abs()))
    ax.plot([2, 2], [float(w[at, 0]), float(w[at, 1])], "o", color="black")
    note = f"x₂ = (2, 0): a₁₁ = {float(w[at, 0]):.3f} < a₁₂ = {float(w[at, 1]):.3f}"
    ax.annotate(note, xy=(2, float(w[at, 1])), xytext=(-1.3, 0.85), arrowprops={"arrowstyle": "->"})
    ax.axvline(1.0, color="grey", lw=0.6)
    ax.set_ylim(0, 1)
    ax.set_xlabel("a, with x₁ = (1, 0) and x₂ = (a, 0)")
    ax.set_ylabel("softmax weight in row 1")
    ax.set_title("A token need not attend most to itself: x₁·x₂ > x₁·x₁ once a > 1")
    ax.legend(fontsize=9, loc="center left")
    return fig


def attention_memory(d: int = 64, block: int = 64) -> Any:
    """Memory per head: the n×n score matrix against n(4d + 2 + 2b) for attention over key blocks of size b."""
    import matplotlib.pyplot as plt

    ns = [2**k for k in range(6, 18)]
    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    ax.loglog(ns, [n * n for n in ns], "o-", color="C3", label="n² scores (the source: must be stored)")
    ax.loglog(ns, [n * (4 * d + 2 + 2 * block) for n in ns], "o-", color="C0",
              label=f"n(4d + 2 + 2b): Q, K, V, output, max, sum, one tile (d = {d}, b = {block})")
    n0 = 4096
    ax.annotate(f"n = {n0}: {n0 * (4 * d + 2 + 2 * block):,} < {n0 * n0:,}", xy=(n0, n0 * (4 * d + 2 + 2 * block)),
                xytext=(90, 2e8), arrowprops={"arrowstyle": "->"})
    ax.set_xlabel("sequence length n")
    ax.set_ylabel("numbers held per head (log scale)")
    ax.set_title("Exact attention needs O(n) memory, not the n×n score matrix")
    ax.legend(fontsize=8, loc="upper left")
    return fig
