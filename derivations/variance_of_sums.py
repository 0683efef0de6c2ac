"""Sums of random variables (S0): variances add when uncorrelated; MGFs multiply when independent."""

from __future__ import annotations

import math
from statistics import NormalDist

from sympy import Add, evaluate, exp, symbols
from sympy.stats import DiscreteUniform, E, FiniteRV, covariance

from checker import Tolerance, chain, claim, holds, numeric, source, step

S0 = "000_7dedaa2d1369b3c5.txt"
N = 3  # the variance identity, written out for three variables
m = symbols(f"m1:{N + 1}", real=True)  # means E Z_i
s = symbols(f"s1:{N + 1}", real=True)  # second moments E Z_i²
PAIRS = [(a, b) for a in range(N) for b in range(a + 1, N)]
t = symbols("t", real=True)
p, q = symbols("p q", positive=True)  # probabilities of the two-point laws
a1, a2, b1, b2 = symbols("a1 a2 b1 b2", real=True)  # their values
U = FiniteRV("U", {a1: p, a2: 1 - p})
V = FiniteRV("V", {b1: q, b2: 1 - q})  # independent of U (distinct random symbols)
X = DiscreteUniform("X", [-1, 0, 1])  # X and X² are uncorrelated but dependent
N_SAMPLES = 200_000  # Monte Carlo size, fixed in advance
Z_999 = NormalDist().inv_cdf(1 - 0.001 / 2)  # two-sided 99.9 % normal quantile

# Monte Carlo laws: Z1 ~ N(0, 2²), Z2 ~ Exp(1), Z3 ~ Bernoulli(0.3), independent.
SD1, RATE, P3 = 2.0, 1.0, 0.3
MEANS = (0.0, 1 / RATE, P3)
VARS = (SD1**2, 1 / RATE**2, P3 * (1 - P3))
KAPPA4 = 0.0 + 6 / RATE**4 + P3 * (1 - P3) * (1 - 6 * P3 * (1 - P3))  # fourth cumulants add


def mgf(tt: float) -> float:
    """E e^{tS} for S = Z1 + Z2 + Z3 as the product of the three MGFs (t < RATE)."""
    return math.exp(SD1**2 * tt**2 / 2) * RATE / (RATE - tt) * (1 - P3 + P3 * math.exp(tt))


def var(y: object) -> object:
    """Var Y = E(Y − E Y)², left unevaluated."""
    return E((y - E(y, evaluate=False)) ** 2, evaluate=False)


def build(cross_moment_zero: bool = False) -> object:
    """``cross_moment_zero``: take E[Z_i Z_j] = 0 for uncorrelated Z_i, Z_j (confusing it with Cov = 0)."""
    cross = {(a, b): 0 if cross_moment_zero else m[a] * m[b] for a, b in PAIRS}  # E[Z_a Z_b], a ≠ b
    sigma = symbols(f"c1:{len(PAIRS) + 1}", real=True)  # E[Z_a Z_b] in general
    with evaluate(False):  # E(ΣZ)² − (EΣZ)², expanded by linearity only
        general = Add(*s, *(2 * c for c in sigma), -Add(*m) ** 2)
        uncorrelated = Add(*s, *(2 * cross[ab] for ab in PAIRS), -Add(*m) ** 2)
        variances = Add(*(s[a] - m[a] ** 2 for a in range(N)))
        regrouped = Add(variances, *(2 * (c - m[a] * m[b]) for c, (a, b) in zip(sigma, PAIRS, strict=True)))

    @numeric()
    def sums_in_torch(ctx) -> None:
        """torch draws: Var(Z1+Z2+Z3) = ΣVar, E e^{tS} = Π MGF; X, X² uncorrelated: variances add, MGFs do not"""
        torch = ctx.torch
        n = N_SAMPLES
        z1 = SD1 * torch.randn(n, generator=ctx.generator(0), device=ctx.device, dtype=ctx.dtype)
        z2 = torch.empty(n, device=ctx.device, dtype=ctx.dtype).exponential_(RATE, generator=ctx.generator(1))
        z3 = torch.bernoulli(torch.full((n,), P3, device=ctx.device, dtype=ctx.dtype), generator=ctx.generator(2))
        total = z1 + z2 + z3
        var_sum = sum(VARS)
        predicted = var_sum + sum(2 * ((0.0 if cross_moment_zero else MEANS[a] * MEANS[b]) - MEANS[a] * MEANS[b])
                                  for a, b in PAIRS)
        # Error model: the sample variance has sd sqrt((κ4 + 2σ⁴)/n) (CLT); rounding is far below it.
        sd = math.sqrt((KAPPA4 + 2 * var_sum**2) / n)
        ctx.close("independent: Var(Z1+Z2+Z3) = Σ Var Z_i", total.var(), torch.tensor(predicted, dtype=ctx.dtype),
                  Tolerance(0.0, Z_999 * sd, f"CLT 99.9 %: {Z_999:.2f}·sqrt((κ4 + 2σ⁴)/n), n={n}"))
        tt = 0.25
        sd = math.sqrt((mgf(2 * tt) - mgf(tt) ** 2) / n)
        ctx.close(f"independent: E e^(tS) = Π E e^(tZ_i), t={tt}", torch.exp(tt * total).mean(),
                  torch.tensor(mgf(tt), dtype=ctx.dtype),
                  Tolerance(0.0, Z_999 * sd, f"CLT 99.9 %: sd of e^(tS) = sqrt(M(2t) − M(t)²), n={n}"))
        x = torch.randint(-1, 2, (n,), generator=ctx.generator(3), device=ctx.device).to(ctx.dtype)
        y = x * x
        # X + X² is 2·Bernoulli(1/3): variance 8/9, fourth central moment 32/27.
        sd = math.sqrt((32 / 27 - (8 / 9) ** 2) / n)
        ctx.close("X, X² uncorrelated: Var(X + X²) = Var X + Var X² = 8/9", (x + y).var(),
                  torch.tensor(8 / 9, dtype=ctx.dtype), Tolerance(0.0, Z_999 * sd, f"CLT 99.9 %, n={n}"))
        product = (math.exp(-1) + 1 + math.e) / 3 * (1 + 2 * math.e) / 3
        sd = math.sqrt(((2 + math.e**4) / 3 - ((2 + math.e**2) / 3) ** 2) / n)
        ctx.close("X, X² dependent: E e^(X+X²) = E e^X · E e^(X²)", torch.exp(x + y).mean(),
                  torch.tensor(product, dtype=ctx.dtype), Tolerance(0.0, Z_999 * sd, f"CLT 99.9 %, n={n}"),
                  expect=False)

    return claim(
        "variance-of-sums",
        title="Variances add for uncorrelated summands; moment generating functions multiply for independent ones",
        source=source(S0, "根据独立随机变量和的期望与方差性质"),
        statement=(
            "For $Z_1$, …, $Z_n$ with finite variances, Var $\\sum Z_i = \\sum$ Var $Z_i + 2 \\sum _{i<j} \\operatorname{Cov}(Z_i, Z_j)$, so "
            "Var $\\sum Z_i = \\sum$ Var $Z_i$ when the $Z_i$ are pairwise uncorrelated (independence is not needed). "
            "For independent $Z_i$ with finite MGFs, $E e^{t\\sum Z_i} = Π E e^{tZ_i}$; this needs more than "
            "uncorrelatedness (X uniform on ${−1, 0, 1}$ and $X²$ are uncorrelated, yet the MGF of $X + X²$ does not factor)."
        ),
        assumptions=(
            f"variance identity written out for n = {N}; E Z_i = m_i, E Z_i² = s_i, E Z_iZ_j = c_ij",
            "MGF identity for two independent two-point laws (values a_k, b_k real; probabilities p, q in (0, 1)); "
            "n variables by induction, general laws by Fubini",
        ),
        domain={p: (0, 1), q: (0, 1)},
        proof=[
            chain(
                f"Var Σ Z_i, any correlations, n = {N}",
                general,
                step(regrouped, by="regroup: $\\sum (E Z_i² − m_i²) + 2 \\sum _{i<j} (E Z_i Z_j − m_i m_j)$"),
            ),
            chain(
                "pairwise uncorrelated: $E Z_i Z_j = m_i m_j$",
                uncorrelated,
                step(variances, by="every covariance term vanishes: Var $\\sum Z_i = \\sum (s_i − m_i²) = \\sum$ Var $Z_i$"),
            ),
            holds("X and $X²$ are uncorrelated", covariance(X, X**2, evaluate=False), "=", 0, by="$E X³ − E X·E X² = 0$"),
            holds("so their variances add", var(X + X**2), "=", var(X) + var(X**2), by="$8/9 = 2/3 + 2/9$"),
            holds("but X and $X²$ are dependent: the MGF does not factor $(t = 1)$", E(exp(X + X**2), evaluate=False), ">",
                  E(exp(X), evaluate=False) * E(exp(X**2), evaluate=False), by="$(2 + e²)/3 > (e⁻¹ + 1 + e)(1 + 2e)/9$"),
            chain(
                "independent: $E e^{t(U+V)}$",
                E(exp(t * (U + V)), evaluate=False),
                step((p * exp(t * a1) + (1 - p) * exp(t * a2)) * (q * exp(t * b1) + (1 - q) * exp(t * b2)),
                     by="the joint law is $P(U=a)P(V=b)$ and $e^{t(a+b)} = e^{ta}e^{tb}$: the double sum factors"),
                step(E(exp(t * U), evaluate=False) * E(exp(t * V), evaluate=False), by="each factor is a two-point MGF"),
            ),
        ],
        numeric=[sums_in_torch],
        perturbations={"E[Z_iZ_j] = 0 for uncorrelated Z_i, Z_j": lambda: build(cross_moment_zero=True)},
    )


variance_of_sums = build()
