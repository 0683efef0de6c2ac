"""Figures for `derive plot ID`: each builds a matplotlib figure from the same torch code the checks use."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
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
    """The refuted case: X = Z² − 1 (variance 2) against the bound exp(−ε²/4) that σ² = Var(X) would give.

    The exact tail P(Z² − 1 ≥ ε) = erfc(√((1 + ε)/2)) crosses the bound near ε = 3.76 and is 66 times
    above it at ε = 6 (the certified counterexample); the Monte Carlo of the numeric check and its
    Clopper–Pearson band lie on the exact curve. A Gaussian of the same variance stays below the bound.
    """
    import matplotlib.pyplot as plt
    import torch
    from scipy.special import erfc

    from checker.numerical import clopper_pearson

    n = 400_000
    z = torch.randn(n, generator=torch.Generator().manual_seed(1234), dtype=torch.float64)
    x = z**2 - 1
    eps = [0.25 * i for i in range(1, 33)]
    fine = [0.05 * i for i in range(2, 161)]
    hits = [int((x >= e).sum()) for e in eps]
    band = [clopper_pearson(h, n) for h in hits]
    bound = [math.exp(-e * e / 4) for e in fine]
    tail = [float(erfc(math.sqrt((1 + e) / 2))) for e in fine]
    fig, ax = plt.subplots(figsize=(7.5, 4.5))
    ax.semilogy(fine, bound, color="C0", label="bound exp(−ε²/2σ²) with σ² = Var(Z² − 1) = 2")
    ax.semilogy(fine, tail, color="C3", label="P(Z² − 1 ≥ ε) = erfc(√((1 + ε)/2))")
    ax.semilogy(eps, [max(h / n, 1e-7) for h in hits], ".", color="C3", label=f"Monte Carlo (n = {n}, seed 1234)")
    ax.fill_between(eps, [max(lo, 1e-7) for lo, _ in band], [hi for _, hi in band], color="C3", alpha=0.25,
                    label="99.9 % Clopper–Pearson band")
    ax.semilogy(fine, [float(erfc(e / 2)) / 2 for e in fine], "--", color="grey", lw=0.9,
                label="Gaussian N(0, 2): P(X ≥ ε), below the bound")
    cross = _crossing(lambda e: float(erfc(math.sqrt((1 + e) / 2))) - math.exp(-e * e / 4), 2.0, 5.0)
    ax.axvspan(cross, fine[-1], color="C3", alpha=0.06)
    at6 = float(erfc(math.sqrt(3.5)))
    ax.plot([6, 6], [at6, math.exp(-9)], "o", color="black", ms=4)
    ax.annotate(f"ε = 6 (the counterexample):\n{at6:.3g} > {math.exp(-9):.3g}", xy=(6, at6), xytext=(4.4, 0.15),
                arrowprops={"arrowstyle": "->"})
    ax.set_ylim(1e-7, 1.5)
    ax.set_xlabel("ε")
    ax.set_ylabel("tail probability (log scale)")
    ax.set_title(f"Variance is not enough: Z² − 1 breaks the Chernoff bound for ε > {cross:.2f}")
    ax.legend(fontsize=8, loc="lower left")
    return fig


def _crossing(f: Callable[[float], float], lo: float, hi: float) -> float:
    """The root of ``f`` in [lo, hi] by bisection (f changes sign there)."""
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if (f(mid) > 0) == (f(lo) > 0) else (lo, mid)
    return (lo + hi) / 2


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
    ax.set_ylabel("greatest |error| over the row")
    ax.set_title("float32 sinusoidal table against float64, d = 128")
    ax.legend()
    return fig


PLOTS: dict[str, Callable[[], Any]] = {
    "sinusoidal-definition": pe_heatmap,
    "sinusoidal-dot-product": dot_product_curve,
    "chernoff-gaussian-tail": chernoff_tail,
    "sinusoidal-offset": float32_error,
}


def figure_for(claim: Any) -> Callable[[], Any] | None:
    """The claim's own figure (``claim(figure=...)``), else the built-in one for a claim of this catalog."""
    if claim.figure is not None:
        return claim.figure
    builtin = Path(claim.origin or "").resolve().parent == Path(__file__).resolve().parent
    return PLOTS.get(claim.id) if builtin else None
