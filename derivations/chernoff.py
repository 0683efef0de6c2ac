"""The Chernoff tail bound for a Gaussian, optimized over t (S0), and where it stops holding."""

from __future__ import annotations

import math

from sympy import Derivative, Subs, evaluate, exp, symbols
from sympy.stats import E, Normal, P, variance

from checker import chain, claim, holds, numeric, refutes, source, step

S0 = "000_7dedaa2d1369b3c5.txt"
t, sigma, eps = symbols("t sigma epsilon", positive=True)
X = Normal("X", 0, sigma)  # X − EX for a Gaussian with variance σ²
Z = Normal("Z", 0, 1)
N_SAMPLES = 400_000  # fixed in advance; Clopper–Pearson at 99.9 %
GRID_EPS = (0.5, 1.0, 2.0)  # ε/σ ≤ 4 keeps the bound ≥ 3e-4, resolvable with this n
GRID_SIGMA = (0.5, 1.0, 2.0)


def exponent(tt: object) -> object:
    return -tt * eps + sigma**2 * tt**2 / 2


def build(denominator: int = 2) -> object:
    bound = exp(-(eps**2) / (denominator * sigma**2))
    with evaluate(False):
        at_optimum = exponent(eps / sigma**2)

    @numeric()
    def gaussian_tail(ctx) -> None:
        """Monte Carlo tail of N(0, σ²) in torch lies below exp(−ε²/2σ²) (Clopper–Pearson upper limit)"""
        torch = ctx.torch
        for k, s in enumerate(GRID_SIGMA):
            x = s * torch.randn(N_SAMPLES, generator=ctx.generator(k), device=ctx.device, dtype=ctx.dtype)
            for e_ in GRID_EPS:
                hits = int((x >= e_).sum())
                ctx.bound(f"σ={s} ε={e_}", hits, N_SAMPLES, math.exp(-(e_**2) / (denominator * s**2)), side="below")

    @numeric()
    def variance_is_not_enough(ctx) -> None:
        """X = Z² − 1 (variance 2) breaks the bound at ε = 6"""
        torch = ctx.torch
        z = torch.randn(N_SAMPLES, generator=ctx.generator(99), device=ctx.device, dtype=ctx.dtype)
        hits = int((z**2 - 1 >= 6).sum())
        ctx.bound("Z²−1, σ²=Var=2, ε=6", hits, N_SAMPLES, math.exp(-36 / (denominator * 2)), side="below", expect=False)

    return claim(
        "chernoff-gaussian-tail",
        title="Optimizing the Chernoff bound over t gives $\\exp (−ε²/2σ²)$ for sub-Gaussian X, not for any variance $σ²$",
        source=source(S0, "找到使上界最小的"),
        statement=(
            "For $X − EX ~ N(0, σ²)$ (more generally $σ²-sub-Gaussian$), minimizing $e^{−tε}·E e^{t(X−EX)} =$ "
            "$\\exp (−tε + σ²t²/2)$ over $t > 0$ gives t* $= ε/σ²$ and $P(X − EX ≥ ε) ≤ \\exp (−ε²/2σ²)$. "
            "With $σ²$ merely the variance the bound is false."
        ),
        assumptions=("σ > 0", "ε > 0", "t > 0", "X − EX ~ N(0, σ²)"),
        refutes=refutes(
            P(Z**2 - 1 >= eps, evaluate=False), "<=", exp(-(eps**2) / (denominator * 2)),
            by="the bound with $σ² = \\operatorname{Var}(Z² − 1) = 2$, at $ε = 6$",
            witness={eps: 6},
            correction="the bound needs $X − EX$ to be $σ²-sub-Gaussian (E e^{tY} ≤ e^{σ²t²/2})$; a variance is not enough.",
        ),
        expect="refuted",
        uses=("chernoff-bound",),
        proof=[
            chain(
                "Chernoff bound for the Gaussian",
                exp(-t * eps) * E(exp(t * X), evaluate=False),
                step(exp(-t * eps) * exp(sigma**2 * t**2 / 2), by="Gaussian MGF (sympy.stats)"),
                step(exp(exponent(t)), by="exponents add"),
            ),
            holds(
                "stationary point t* $= ε/σ²$", Subs(Derivative(exponent(t), t), t, eps / sigma**2), "=", 0,
                by="$d/dt = −ε + σ²t$ vanishes at $ε/σ²$",
            ),
            holds("minimum: second derivative", Derivative(exponent(t), (t, 2)), ">", 0, by="$d²/dt² = σ² > 0$"),
            chain(
                "the optimized bound",
                exp(at_optimum),
                step(bound, by="substitute t* $= ε/σ²$"),
            ),
            holds("$\\operatorname{Var}(Z² − 1) = 2$", variance(Z**2 - 1, evaluate=False), "=", 2, by="$E Z⁴ − (E Z²)² = 3 − 1$"),
        ],
        numeric=[gaussian_tail, variance_is_not_enough],
        perturbations={"exp(−ε²/σ²) instead of exp(−ε²/2σ²)": lambda: build(denominator=1)},
    )


chernoff_gaussian_tail = build()
