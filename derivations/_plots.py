"""Figures for `derive plot ID`: each builds a matplotlib figure from the same torch code the checks use."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any


def pe_heatmap() -> Any:
    """The seed's figure: the interleaved table for d = 128, L = 50."""
    import matplotlib.pyplot as plt
    import torch

    from derivations import _sinusoidal as S

    pe = S.table(torch.arange(50), 128, "interleaved", torch.float64)
    fig, ax = plt.subplots(figsize=(8, 4))
    im = ax.pcolormesh(pe.numpy(), cmap="RdBu", vmin=-1, vmax=1)
    ax.set_xlabel("embedding dimension")
    ax.set_ylabel("position k")
    ax.set_title("Sinusoidal positional encoding, d = 128, L = 50")
    fig.colorbar(im, ax=ax)
    return fig


def dot_product_curve(d: int = 512, k_max: int = 4000) -> Any:
    """f(k) = PE(t)·PE(t+k) for the practitioners' table, first rise and first negative value marked."""
    import matplotlib.pyplot as plt
    import torch

    from derivations import _sinusoidal as S

    table = S.table(torch.arange(k_max + 1), d, "interleaved", torch.float64)
    f = table @ table[0]
    rise = int(torch.nonzero(f[1:] > f[:-1])[0]) + 1
    neg = torch.nonzero(f < 0)
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.plot(f.numpy(), lw=0.8)
    ax.axhline(0, color="grey", lw=0.5)
    ax.plot([rise], [float(f[rise])], "o", color="C1", label=f"first rise: f({rise}) > f({rise - 1})")
    if len(neg):
        k0 = int(neg[0])
        ax.plot([k0], [float(f[k0])], "o", color="C3", label=f"first negative: k = {k0}")
    ax.set_xlabel("offset k")
    ax.set_ylabel("PE(t)·PE(t+k)")
    ax.set_title(f"Dot product of sinusoidal encodings, d = {d}")
    ax.legend()
    return fig


def chernoff_tail() -> Any:
    """Monte Carlo tail of N(0,1) with its Clopper–Pearson band against exp(−ε²/2)."""
    import matplotlib.pyplot as plt
    import torch

    from checker.numerical import clopper_pearson

    n = 400_000
    x = torch.randn(n, generator=torch.Generator().manual_seed(1234), dtype=torch.float64)
    eps = [0.25 * i for i in range(1, 17)]
    hits = [int((x >= e).sum()) for e in eps]
    band = [clopper_pearson(h, n) for h in hits]
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.semilogy(eps, [math.exp(-e * e / 2) for e in eps], label="Chernoff bound exp(−ε²/2)")
    ax.semilogy(eps, [max(h / n, 1e-7) for h in hits], ".", label=f"Monte Carlo tail (n = {n}, seed 1234)")
    ax.fill_between(eps, [max(lo, 1e-7) for lo, _ in band], [hi for _, hi in band], alpha=0.3,
                    label="99.9 % Clopper–Pearson band")
    ax.set_xlabel("ε (σ = 1)")
    ax.set_ylabel("P(X ≥ ε)")
    ax.legend()
    return fig


def float32_error() -> Any:
    """Greatest float32 error of the sinusoidal table against float64, by position, with the linear model."""
    import matplotlib.pyplot as plt
    import torch

    from derivations import _sinusoidal as S

    pos = torch.arange(20000)
    err = (S.table(pos, 128, "interleaved", torch.float32).double() - S.table(pos, 128, "interleaved", torch.float64))
    err = err.abs().amax(dim=1)
    eps = torch.finfo(torch.float32).eps
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.loglog(pos[1:].numpy(), err[1:].numpy(), ".", ms=1, label="float32 table error (d = 128)")
    ax.loglog(pos[1:].numpy(), (eps * (3 * pos[1:] + 2)).numpy(), label="error model 3·eps·pos + 2·eps")
    ax.axhline(1e-5, color="grey", lw=0.5, label="1e-5")
    ax.set_xlabel("position")
    ax.set_ylabel("greatest |error|")
    ax.legend()
    return fig


PLOTS: dict[str, Callable[[], Any]] = {
    "sinusoidal-definition": pe_heatmap,
    "sinusoidal-dot-product": dot_product_curve,
    "chernoff-gaussian-tail": chernoff_tail,
    "sinusoidal-offset": float32_error,
}
