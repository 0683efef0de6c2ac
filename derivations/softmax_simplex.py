"""Softmax weights are positive and sum to 1 (S3): exactly, and what float arithmetic does to "positive"."""

from __future__ import annotations

import math

from sympy import Add, evaluate, exp, symbols

from checker import Tolerance, chain, claim, holds, numeric, source, step

S3 = "003_ead9378479e42bc0.txt"
N = 4  # written out for 4 logits
z = symbols(f"z0:{N}", real=True)


def build(extra: int = 0) -> object:
    denominator = sum(exp(zi) for zi in z) + extra
    weights = [exp(zi) / denominator for zi in z]
    numerator = sum(exp(zi) for zi in z)
    with evaluate(False):
        total = Add(*weights)
        common = numerator / denominator  # else SymPy cancels it to 1 on construction

    @numeric()
    def torch_softmax_on_the_simplex(ctx) -> None:
        """torch.softmax equals exp(z_i)/Σ_j exp(z_j); its entries are positive and sum to 1"""
        torch = ctx.torch
        logits = 3 * ctx.randn(64, 10)
        s = torch.softmax(logits, dim=-1)
        definition = torch.exp(logits) / (torch.exp(logits).sum(dim=-1, keepdim=True) + extra)
        # exp and the division: a few eps relative each; the sum of 10 terms: 10 eps.
        ctx.close("softmax = exp(z_i)/Σ exp(z_j)", s, definition, Tolerance(8 * ctx.eps, 8 * ctx.eps, "exp, max-shift, sum of 10, divide: ≤ 8 eps"))
        ctx.close("Σ_i softmax_i = 1", s.sum(dim=-1), torch.ones(64, dtype=ctx.dtype, device=ctx.device),
                  Tolerance(0.0, 12 * ctx.eps, "10 roundings in the sum + 2 from the weights"))
        ctx.exact("every softmax_i > 0 (logits spread ~3)", bool((s > 0).all()), True)

    @numeric()
    def underflow_gives_exact_zeros(ctx) -> None:
        """a logit gap past −log(smallest subnormal) makes torch.softmax return an exact 0"""
        torch = ctx.torch
        finfo = torch.finfo(ctx.dtype)
        underflow_gap = -math.log(finfo.tiny * finfo.eps)  # 103.3 in float32, 744.4 in float64
        for gap, positive in ((underflow_gap - 5.0, True), (underflow_gap + 1.0, False)):
            s = torch.softmax(torch.tensor([0.0, -gap], device=ctx.device, dtype=ctx.dtype), dim=-1)
            ctx.exact(f"softmax([0, −{gap:.1f}])₁ > 0", bool(s[1] > 0), True, expect=positive,
                      detail=f"{ctx.dtype_name}: softmax₁ = {float(s[1]):.3g}, exact value e^-{gap:.1f}")
            ctx.exact(f"Σ softmax = 1 at gap {gap:.1f}", float(s.sum()), 1.0)
        # the max-shift inside torch.softmax also keeps large logits finite (the naive formula overflows)
        big = torch.tensor([1000.0, 0.0], device=ctx.device, dtype=ctx.dtype)
        ctx.exact("torch.softmax([1000, 0]) is finite", bool(torch.softmax(big, dim=-1).isfinite().all()), True)
        naive = torch.exp(big) / torch.exp(big).sum()
        ctx.exact("exp(z)/Σexp(z) at [1000, 0] is finite", bool(naive.isfinite().all()), True, expect=False)

    return claim(
        "softmax-simplex",
        title="Softmax weights are positive and sum to 1 (in exact arithmetic; float underflow gives exact zeros)",
        source=source(S3, "得到的分数都是正值且和为1"),
        statement=(
            "For real logits $z_1..z_n$, $\\operatorname{softmax}_i = \\exp (z_i)/\\sum _j \\exp (z_j)$ satisfies $\\operatorname{softmax}_i > 0$ and $\\sum _i \\operatorname{softmax}_i = 1$. "
            "In floating point the sum stays 1 to rounding, but positivity does not: a logit gap beyond "
            "$−\\log (smallest subnormal)$ ($≈103$ in float32, $≈744$ in float64) gives an exact 0."
        ),
        assumptions=("z_i real", f"written out for n = {N}"),
        proof=[
            *[holds(f"softmax_{i} > 0", weights[i], ">", 0, by="exp > 0, a sum of positives is positive") for i in range(N)],
            chain(
                "the weights sum to 1",
                total,
                step(common, by="common denominator $\\sum _j \\exp (z_j)$"),
                step(1, by="numerator = denominator"),
            ),
        ],
        numeric=[torch_softmax_on_the_simplex, underflow_gives_exact_zeros],
        perturbations={"extra +1 in the denominator": lambda: build(extra=1)},
    )


softmax_simplex = build()
