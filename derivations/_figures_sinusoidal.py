"""Figures of the refuted sinusoidal-encoding claims, drawn from the same torch tables the checks use.

matplotlib and torch are imported inside the functions: importing this module stays cheap.
"""

from __future__ import annotations

import math
from typing import Any

BASE = 10000


def _dots(S: Any, torch: Any, k_count: int, d: int) -> Any:
    """f(k) = PE(0)·PE(k) for k < k_count, interleaved table in float64."""
    table = S.table(torch.arange(k_count), d, "interleaved", torch.float64)
    return table @ table[0]


def dot_product_rises() -> Any:
    """f(k) = PE(t)·PE(t+k) is not monotone: the first rises for d = 128 (k = 11) and d = 512 (k = 43)."""
    import matplotlib.pyplot as plt
    import torch

    from derivations import _sinusoidal as S

    fig, (near, far) = plt.subplots(1, 2, figsize=(11, 4.2), gridspec_kw={"width_ratios": [1, 1.4]})
    for d, color in ((128, "C0"), (512, "C2")):
        f = _dots(S, torch, 60, d)
        rise = int(torch.nonzero(f[1:] > f[:-1])[0])
        scaled = (f / (d / 2)).numpy()
        near.plot(range(len(scaled)), scaled, ".-", color=color, lw=0.8, ms=3, label=f"d = {d}: f(k)/(d/2)")
        near.plot([rise, rise + 1], scaled[rise : rise + 2], "-", color="C3", lw=2.5)
        near.annotate(f"f({rise + 1}) > f({rise})", xy=(rise + 1, scaled[rise + 1]),
                      xytext=(rise + 6, scaled[rise + 1] + 0.08), arrowprops={"arrowstyle": "->", "color": "C3"}, color="C3")
    near.set_xlabel("offset k")
    near.set_ylabel("f(k) / f(0)")
    near.set_title("f(k) = PE(t)·PE(t+k) rises again: not monotone")
    near.legend(fontsize=8)
    d, k_max = 512, 4000
    f = _dots(S, torch, k_max + 1, d)
    first_negative = int(torch.nonzero(f < 0)[0])
    far.plot(f.numpy(), lw=0.6, color="C2")
    far.axhline(0, color="grey", lw=0.5)
    far.plot([first_negative], [float(f[first_negative])], "o", color="C3",
             label=f"first negative value: k = {first_negative}")
    far.set_xlabel("offset k")
    far.set_ylabel("f(k)")
    far.set_title(f"d = {d}: a downward trend with ripples")
    far.legend(fontsize=8)
    fig.tight_layout()
    return fig


def position_range(length: int = 8, d: int = 16) -> Any:
    """The encoding of a length-L sequence has L rows, k = 0..L − 1; the source's 0 ≤ k < L/2 drops half of them."""
    import matplotlib.pyplot as plt
    import torch

    from derivations import _sinusoidal as S

    pe = S.table(torch.arange(length), d, "interleaved", torch.float64).numpy()
    fig, ax = plt.subplots(figsize=(7.5, 4))
    im = ax.imshow(pe, cmap="RdBu", vmin=-1, vmax=1, aspect="auto")
    half = length / 2
    ax.axhline(half - 0.5, color="black", lw=2)
    ax.text(d - 0.6, half - 0.9, "source's range 0 ≤ k < L/2 ends here", ha="right", va="bottom", fontsize=9,
            bbox={"fc": "white", "ec": "none", "alpha": 0.8})
    ax.text(d - 0.6, length - 0.7, f"rows k = {math.ceil(half)}..{length - 1}: real positions it leaves out",
            ha="right", va="bottom", color="C3", fontsize=9, bbox={"fc": "white", "ec": "none", "alpha": 0.8})
    ax.set_yticks(range(length))
    ax.set_xlabel("embedding dimension")
    ax.set_ylabel("position k")
    ax.set_title(f"A length-{length} sequence has positions 0 ≤ k < L = {length}, not 0 ≤ k < L/2")
    fig.colorbar(im, ax=ax, label="P(k, i)")
    return fig


def wavelength_range(dims: tuple[int, ...] = (4, 8, 16, 64, 512)) -> Any:
    """λ_i = 2π·10000^(2i/d) for i < d/2: the longest, 2π·10000^(1−2/d), stays below 10000·2π for every d."""
    import matplotlib.pyplot as plt
    import torch

    from derivations import _sinusoidal as S

    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    for j, d in enumerate(dims):
        lam = (2 * math.pi / S.frequencies(d, "interleaved", "cpu", torch.float64)).numpy()
        x = [2 * i / d for i in range(d // 2)]
        ax.semilogy(x, lam, ".-" if d <= 16 else "-", color=f"C{j}", lw=1, label=f"d = {d}: longest {lam[-1]:.4g}")
        ax.plot([x[-1]], [lam[-1]], "o", color=f"C{j}")
    ax.axhline(2 * math.pi * BASE, color="C3", ls="--", label=f"source's top 10000·2π = {2 * math.pi * BASE:.4g}")
    ax.axhline(2 * math.pi, color="grey", lw=0.6)
    ax.set_xlim(-0.03, 1.03)
    ax.set_xlabel("2i/d (pair index i scaled to [0, 1))")
    ax.set_ylabel("wavelength λ_i (log scale)")
    ax.set_title("Wavelengths run from 2π up to 2π·10000^(1−2/d), short of 10000·2π")
    ax.legend(fontsize=8, loc="upper left")
    return fig
