"""The Chernoff bound (S0) holds for every real X with a finite MGF; "non-negative" is Markov's hypothesis."""

from __future__ import annotations

import math

from sympy import Derivative, Rational, exp, symbols
from sympy.stats import E, FiniteRV, P

from checker import chain, claim, holds, numeric, refutes, source, step

S0 = "000_7dedaa2d1369b3c5.txt"
t = symbols("t", positive=True)
a, c = symbols("a c", positive=True)  # thresholds
x = symbols("x", real=True)  # a value of X (any sign)
y, w = symbols("y w", nonnegative=True)  # a value of Y ≥ 0; the excess y − c on {y ≥ c}
N_SAMPLES = 200_000  # Monte Carlo size, fixed in advance; Clopper–Pearson at 99.9 %
TWO_POINT_T = (0.05, 0.1, 0.2)  # t small enough that the bound 1/2 + e^{−11t}/2 is resolvable from 1/2
GAUSS_MEAN, GAUSS_A = -1.0, (0.0, 1.0, 2.0)
EXP_SHIFT, EXP_A, EXP_T = 2.0, 1.0, (0.25, 0.5, 0.75)


def two_point(low: int) -> object:
    """X = low or 1 with probability 1/2 each."""
    return FiniteRV("X", {low: Rational(1, 2), 1: Rational(1, 2)})


def build(low: int = -10) -> object:
    """``low``: the lower value of the two-point X; any negative value breaks Markov, 0 does not."""
    X = two_point(low)

    @numeric()
    def tails_in_torch(ctx) -> None:
        """Monte Carlo in torch: Markov fails for X ∈ {−10, 1}; Chernoff holds there and for shifted N and Exp"""
        torch = ctx.torch
        n = N_SAMPLES
        coin = torch.bernoulli(torch.full((n,), 0.5, device=ctx.device, dtype=ctx.dtype), generator=ctx.generator(0))
        sample = low + (1 - low) * coin  # X ∈ {low, 1}
        hits = int((sample >= 1).sum())
        mean = (low + 1) / 2
        ctx.bound(f"X ∈ {{{low}, 1}}: P(X ≥ 1) ≤ E X / 1 = {mean:g} (Markov, no sign hypothesis)", hits, n, mean,
                  side="below", expect=False)
        for tt in TWO_POINT_T:
            bound = math.exp(-tt) * (math.exp(tt * low) + math.exp(tt)) / 2
            ctx.bound(f"X ∈ {{{low}, 1}}: P(X ≥ 1) ≤ e^(−t)·E e^(tX), t={tt}", hits, n, bound, side="below")
        gauss = GAUSS_MEAN + torch.randn(n, generator=ctx.generator(1), device=ctx.device, dtype=ctx.dtype)
        for thr in GAUSS_A:
            tt = thr - GAUSS_MEAN  # the optimal t for a unit-variance Gaussian
            bound = math.exp(-tt * thr + GAUSS_MEAN * tt + tt**2 / 2)
            ctx.bound(f"X ~ N({GAUSS_MEAN:g}, 1): P(X ≥ {thr:g}) ≤ e^(−ta)·E e^(tX), t={tt:g}",
                      int((gauss >= thr).sum()), n, bound, side="below")
        expo = torch.empty(n, device=ctx.device, dtype=ctx.dtype).exponential_(1.0, generator=ctx.generator(2)) - EXP_SHIFT
        hits = int((expo >= EXP_A).sum())
        for tt in EXP_T:
            bound = math.exp(-tt * EXP_A) * math.exp(-EXP_SHIFT * tt) / (1 - tt)
            ctx.bound(f"X = Exp(1) − {EXP_SHIFT:g}: P(X ≥ {EXP_A:g}) ≤ e^(−ta)·E e^(tX), t={tt}", hits, n, bound,
                      side="below")

    return claim(
        "chernoff-bound",
        title="Chernoff's bound $P(X ≥ a) ≤ e^{−ta} E e^{tX}$ needs no sign on X; Markov's inequality does",
        source=source(S0, "对于非负随机变量"),
        statement=(
            "For every real random variable X, every a, and every $t > 0$ with $E e^{tX} < ∞$: "
            "$P(X ≥ a) ≤ e^{−ta} E e^{tX}$. The proof applies Markov's inequality $P(Y ≥ c) ≤ E Y / c$ "
            "$(Y ≥ 0, c > 0)$ to $Y = e^{tX}$, which is non-negative whatever the sign of X, with $c = e^{ta}$. "
            "The source's hypothesis 'non-negative' belongs to Markov's inequality applied to X itself, "
            "which fails without it: $X ∈ {−10, 1}$ with probability $1/2$ each has $P(X ≥ 1) = 1/2 > E X = −9/2$."
        ),
        assumptions=("t > 0", "E e^{tX} finite", "Markov: Y ≥ 0, c > 0", "X real, of any sign"),
        refutes=refutes(
            P(X >= a, evaluate=False), "<=", E(X, evaluate=False) / a,
            by="Markov's bound $P(X ≥ a) ≤ E X / a$, the inequality whose hypothesis is 'non-negative', "
            f"for a real X ∈ {{{low}, 1}}",
            witness={a: 1},
            correction="Markov's inequality needs $X ≥ 0$; the Chernoff bound does not, since it applies Markov "
            "to $e^{tX} ≥ 0$: $P(X ≥ a) ≤ e^{−ta} E e^{tX}$ for every real X with a finite MGF.",
        ),
        expect="refuted",
        proof=[
            holds("Markov, pointwise, on ${Y ≥ c}$: $Y ≥ c·1$", c + w, ">=", c, by="$Y = c + w$ with $w ≥ 0$"),
            holds("Markov, pointwise, on ${Y < c}$: $Y ≥ c·0$", y, ">=", 0,
                  by="$Y ≥ 0$, the hypothesis; taking E: $E Y ≥ c·P(Y ≥ c)$"),
            holds("$Y = e^{tX}$ is non-negative for every real X", exp(t * x), ">", 0, by="exp is positive"),
            holds("$x ↦ e^{tx}$ is increasing for $t > 0$, so ${X ≥ a} = {e^{tX} ≥ e^{ta}}$",
                  Derivative(exp(t * x), x), ">", 0, by="$d/dx e^{tx} = t e^{tx} > 0$"),
            chain(
                "Chernoff for the X that breaks Markov",
                P(X >= 1, evaluate=False),
                step(Rational(1, 2), by="$P(X = 1) = 1/2$"),
                step(Rational(1, 2) + exp(t * (low - 1)) / 2, rel="<=", by=f"add e^{{{low - 1}t}}/2 > 0"),
                step(exp(-t) * E(exp(t * X), evaluate=False), by=f"e^{{−t}}(e^{{{low}t}} + e^t)/2 (sympy.stats)"),
            ),
        ],
        numeric=[tails_in_torch],
        perturbations={"X ∈ {0, 1} (non-negative: Markov holds)": lambda: build(low=0)},
    )


chernoff_bound = build()
