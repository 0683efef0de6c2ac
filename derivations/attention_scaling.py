"""Why scores are divided by √d_k (S3): Var(q·k) = d_k, Var(q·k/√d_k) = 1, and saturated softmax has no gradient."""

from __future__ import annotations

import math

from sympy import Derivative, Integer, Matrix, Pow, Rational, Sum, diag, evaluate, exp, symbols
from sympy.stats import Expectation, FiniteRV

from checker import Tolerance, chain, claim, holds, numeric, source, step

S3 = "003_ead9378479e42bc0.txt"
HALF = Rational(1, 2)
d = symbols("d_k", positive=True, integer=True)
i = symbols("i", positive=True, integer=True)
t, delta = symbols("t delta", positive=True)
z = Matrix(symbols("z0:3", real=True))
N_MC = 4000  # query/key pairs per Monte Carlo draw, fixed in advance
D_MC = 64


def two_point(name: str, x: object) -> object:
    """A skewed zero-mean, unit-variance entry: x w.p. 1/(1+x²), −1/x w.p. x²/(1+x²)."""
    return FiniteRV(name, {x: 1 / (1 + x**2), -1 / x: x**2 / (1 + x**2)})


# Concrete laws: the probe cannot sample a parameter hidden inside a random symbol's distribution.
q1, k1, q2, k2 = (two_point(name, Integer(x)) for name, x in (("q1", 2), ("k1", 3), ("q2", 2), ("k2", 3)))
ONE_TERM_VARIANCE = Expectation(q1**2 * k1**2) - Expectation(q1 * k1) ** 2  # Var(q_i k_i)


def softmax(v: Matrix) -> Matrix:
    den = sum(exp(x) for x in v)
    return v.applyfunc(lambda x: exp(x) / den)


def build(power: Rational = HALF) -> object:
    s = softmax(z)
    jacobian = Matrix(3, 3, lambda r, c: Derivative(s[r], z[c]))
    with evaluate(False):
        scaled_variance = (d**-power) ** 2 * d  # Var(c·X) = c²·Var X with Var X = d_k
        root = Pow(64, HALF)
    s1_saturating = exp(t * delta) / (exp(t * delta) + 1)  # softmax((tδ, 0))₁: logits scaled by t

    @numeric()
    def monte_carlo_variance(ctx) -> None:
        """sampled q·k has variance ≈ d_k; divided by √d_k it has variance ≈ 1 (Gaussian and ±1 entries)"""
        torch = ctx.torch
        gen = ctx.generator(0)
        draws = {
            "Gaussian": lambda: torch.randn(2, N_MC, D_MC, generator=gen, device=ctx.device, dtype=ctx.dtype),
            "Rademacher": lambda: (2 * torch.randint(0, 2, (2, N_MC, D_MC), generator=gen, device=ctx.device) - 1).to(ctx.dtype),
        }
        # S = Σ_i q_i k_i: E(q_i k_i)⁴ = κ² (κ = E q⁴: 3 Gaussian, 1 Rademacher), so E S⁴ = dκ² + 3d(d − 1) and
        # Var(S²) = 2d² + d(κ² − 3); the sample variance has standard error √(Var(S²)/n). 5 standard errors.
        for name, kurt in (("Gaussian", 3.0), ("Rademacher", 1.0)):
            qk = draws[name]()
            scores = torch.linalg.vecdot(qk[0], qk[1])
            se = math.sqrt((2 * D_MC**2 + D_MC * (kurt**2 - 3)) / N_MC)
            ctx.close(f"{name}: Var(q·k) = d_k = {D_MC}", scores.var(), float(D_MC),
                      Tolerance(0.0, 5 * se, f"5 standard errors, n={N_MC}"))
            scaled = scores * D_MC**-float(power)
            ctx.close(f"{name}: Var(q·k·d_k^-{power}) = 1", scaled.var(), 1.0,
                      Tolerance(0.0, 5 * se / D_MC, f"5 standard errors, n={N_MC}"))

    @numeric()
    def saturating_softmax_jacobian(ctx) -> None:
        """autograd's softmax Jacobian is diag(s) − ssᵀ and shrinks like e^{−tδ} as the logits scale by t"""
        torch = ctx.torch
        logits = ctx.randn(8)
        gap = float(logits.max() - logits.topk(2).values[1])
        for scale in (1.0, 8.0, 64.0):
            x = logits * scale
            jac = torch.autograd.functional.jacobian(lambda v: torch.softmax(v, dim=-1), x)
            sm = torch.softmax(x, dim=-1)
            ctx.close(f"∂softmax/∂z = diag(s) − ssᵀ, logits×{scale:g}", jac, torch.diag(sm) - torch.outer(sm, sm),
                      Tolerance(4 * ctx.eps, 4 * ctx.eps, "2 roundings in each entry"))
            # every entry is at most (n − 1)·e^{−t·gap} once the top logit leads by t·gap
            bound = 7 * math.exp(-scale * gap) + 4 * ctx.eps
            ctx.exact(f"max |J| ≤ 7·e^(−{scale:g}·gap) + 4eps", float(jac.abs().max()) <= bound, True,
                      detail=f"max |J| = {float(jac.abs().max()):.3g}, gap = {gap:.3g}")

    return claim(
        "attention-scaling-variance",
        title="Dividing $q·k$ by $\\sqrt{d_k}$ keeps the score variance at 1; unscaled scores saturate the softmax",
        source=source(S3, "除以8(8是论文中使用的键向量的维数64的平方根"),
        statement=(
            "If q, $k ∈ \\mathbb{R}^{d_k}$ have independent entries with mean 0 and variance 1, then $\\operatorname{Var}(q·k) = d_k$ and "
            "$\\operatorname{Var}(q·k/\\sqrt{d_k}) = 1$; for $d_k = 64$, $\\sqrt{d_k} = 8$. The softmax Jacobian is diag(s) $− ssᵀ$; when the logits are "
            "scaled by t and the top one leads by $δ > 0$, its entries are $O(e^{−tδ})$, so large unscaled scores "
            "leave almost no gradient."
        ),
        assumptions=(
            "q_1..q_d, k_1..k_d independent, mean 0, variance 1",
            "one-term moments computed with sympy.stats for skewed two-point laws: q_i = 2 w.p. 1/5, −1/2 w.p. 4/5; "
            "k_i = 3 w.p. 1/10, −1/3 w.p. 9/10 (the steps themselves use only the four moments)",
            "softmax Jacobian written out for n = 3; saturation for n = 2 with logits (tδ, 0)",
        ),
        proof=[
            holds("the entries have mean 0", Matrix([Expectation(q1), Expectation(k1)]), "=", Matrix([0, 0]),
                  by="$x·1/(1+x²) − (1/x)·x²/(1+x²) = 0$"),
            holds("the entries have variance 1", Matrix([Expectation(q1**2), Expectation(k1**2)]), "=", Matrix([1, 1]),
                  by="$x²/(1+x²) + x⁻²·x²/(1+x²) = 1$"),
            chain(
                "one term: $\\operatorname{Var}(q_i k_i) = 1$",
                ONE_TERM_VARIANCE,
                step(Expectation(q1**2) * Expectation(k1**2) - (Expectation(q1) * Expectation(k1)) ** 2,
                     by="$q_i$ and $k_i$ independent: $E[q²k²] = E[q²]E[k²]$, E[qk] = E[q]E[k]"),
                step(1, by="$E q = E k = 0$, $E q² = E k² = 1$"),
            ),
            holds(
                "different terms are uncorrelated: $\\operatorname{Cov}(q_1k_1, q_2k_2) = 0$",
                Expectation(q1 * k1 * q2 * k2) - Expectation(q1 * k1) * Expectation(q2 * k2), "=", 0,
                by="four independent zero-mean factors",
            ),
            chain(
                "$\\operatorname{Var}(q·k) = \\sum _i \\operatorname{Var}(q_i k_i) = \\sum _i 1 = d_k$",
                Sum(1, (i, 1, d)),
                step(d, by="$\\operatorname{Var}(q·k) = \\sum _i \\operatorname{Var}(q_i k_i)$ since the terms are pairwise uncorrelated (variance-of-sums, "
                     "and the covariance above); each $\\operatorname{Var}(q_i k_i) = 1$ (the one-term lemma); $\\sum _{i=1}^{d_k} 1 = d_k$"),
            ),
            chain("$\\operatorname{Var}(q·k/\\sqrt{d_k}) = 1$", scaled_variance, step(1, by="Var(cX) $= c²\\operatorname{Var} X$ with $c = 1/\\sqrt{d_k}$, Var $X = d_k$")),
            holds("$\\sqrt{64} = 8$", root, "=", 8, by="$8² = 64$"),
            chain("the softmax Jacobian", jacobian, step(diag(*s) - s * s.T, by="quotient rule: $∂s_r/∂z_c = s_r(δ_{rc} − s_c)$")),
            chain(
                "saturation: logits $(tδ, 0)$",
                Derivative(s1_saturating, t) / delta,
                step(s1_saturating * (1 - s1_saturating), by="$∂s₁/∂z₁ = s₁(1 − s₁) = s₁s₂$"),
                step(1 / (exp(-t * delta) + 2 + exp(t * delta)), by="$s₁s₂ = e^{tδ}/(1 + e^{tδ})²$"),
                step(exp(-t * delta), rel="<=", by="$e^{−tδ} + 2 > 0$, so the denominator exceeds $e^{tδ}$; → 0 as $t → ∞$"),
            ),
        ],
        uses=("variance-of-sums",),
        numeric=[monte_carlo_variance, saturating_softmax_jacobian],
        perturbations={"divide by d_k instead of √d_k": lambda: build(power=Rational(1))},
    )


attention_scaling_variance = build()
