"""Randomized PE with N(0, I_d) rows (S0): E‖p‖² = d, E⟨p_s, p_t⟩ = 0, Var⟨p_s, p_t⟩ = d."""

from __future__ import annotations

from statistics import NormalDist

from sympy import Sum, symbols
from sympy.stats import E, Normal

from checker import Tolerance, claim, holds, numeric, source

S0 = "000_7dedaa2d1369b3c5.txt"
i = symbols("i", integer=True, positive=True)  # coordinate index
d = symbols("d", integer=True, positive=True)  # encoding width
Zs, Zt = Normal("Zs", 0, 1), Normal("Zt", 0, 1)  # coordinate i of rows s ≠ t (independent)
N_ROWS = 4000  # rows drawn per width, fixed in advance: 2000 disjoint pairs (s, t)
WIDTHS = (16, 512)
Z_999 = NormalDist().inv_cdf(1 - 0.001 / 2)  # two-sided 99.9 % normal quantile


def build(second_moment: int = 1) -> object:
    """``second_moment``: the value claimed for E p_i² (1 is right for N(0, 1))."""

    @numeric()
    def gaussian_table_in_torch(ctx) -> None:
        """torch.randn(max_len, d_model) rows: mean ‖p‖² ≈ d, mean ⟨p_s,p_t⟩ ≈ 0, mean ⟨p_s,p_t⟩² ≈ d (CLT)"""
        torch = ctx.torch
        for k, width in enumerate(WIDTHS):
            # The seed's randomized_position_encoding(max_len, d_model), in torch, from a seeded generator.
            table = torch.randn(N_ROWS, width, generator=ctx.generator(k), device=ctx.device, dtype=ctx.dtype)
            norms = (table * table).sum(1)
            inner = (table[0::2] * table[1::2]).sum(1)  # disjoint pairs: independent samples
            pairs = inner.numel()
            # Error model: CLT at 99.9 % on a mean of i.i.d. terms; summation rounding (≤ d·eps relative)
            # is far below it. Var‖p‖² = 2d, Var⟨p_s,p_t⟩ = d, Var⟨p_s,p_t⟩² = 2d² + 6d.
            for name, sample, target, var, count in (
                ("mean ‖p‖² = d", norms, second_moment * width, 2 * width, N_ROWS),
                ("mean ⟨p_s,p_t⟩ = 0", inner, 0.0, width, pairs),
                ("mean ⟨p_s,p_t⟩² = d", inner * inner, second_moment**2 * width, 2 * width**2 + 6 * width, pairs),
            ):
                half_width = Z_999 * (var / count) ** 0.5
                tol = Tolerance(0.0, half_width, f"CLT 99.9 %: {Z_999:.2f}·sqrt({var}/{count})")
                ctx.close(f"d={width}: {name}", sample.mean(), torch.tensor(float(target), dtype=ctx.dtype), tol,
                          detail=f"{count} samples")

    return claim(
        "randpe-gaussian-norm",
        title="Gaussian random PE: $E‖p‖² = d$ and distinct rows are orthogonal on average, not exactly",
        source=source(S0, "每个维度上的元素都服从均值为0,方差为1的正态分布"),
        statement=(
            "Rows $p_s$ of a randomized PE table with i.i.d. $N(0, 1)$ entries ($p_s ~ N(0, I_d)$, rows independent) "
            "satisfy $E‖p_s‖² = d$ and $E⟨p_s$, $p_t⟩ = 0$ for $s ≠ t$. They are only approximately orthogonal: "
            "$\\operatorname{Var}⟨p_s$, $p_t⟩ = d$, so $⟨p_s$, $p_t⟩$ is of size $\\sqrt{d}$ against $‖p‖² ≈ d$ (cosine of order $1/\\sqrt{d}$)."
        ),
        assumptions=("entries p_{s,i} i.i.d. N(0, 1)", "s ≠ t", "d a positive integer"),
        proof=[
            holds("one coordinate: $E p_i = 0$", E(Zs, evaluate=False), "=", 0, by="$N(0, 1)$ has mean 0 (sympy.stats)"),
            holds("one coordinate: $E p_i²$", E(Zs**2, evaluate=False), "=", second_moment,
                  by="$E p_i² =$ Var $p_i + (E p_i)² = 1 + 0$ (sympy.stats)"),
            holds("$E‖p‖² = \\sum _i E p_i²$", Sum(E(Zs**2, evaluate=False), (i, 1, d)), "=", second_moment * d,
                  by="linearity of E; d equal terms"),
            holds("$E⟨p_s$, $p_t⟩ = \\sum _i E p_{s,i} · E p_{t,i}$",
                  Sum(E(Zs, evaluate=False) * E(Zt, evaluate=False), (i, 1, d)), "=", 0,
                  by="linearity; rows independent, so $E[p_{s,i} p_{t,i}]$ factors; zero means"),
            holds("$\\operatorname{Var}⟨p_s$, $p_t⟩ = E⟨p_s$, $p_t⟩² = \\sum _i E p_{s,i}² · E p_{t,i}²$",
                  Sum(E(Zs**2, evaluate=False) * E(Zt**2, evaluate=False), (i, 1, d)), "=", second_moment**2 * d,
                  by="$E⟨p_s,p_t⟩ = 0$; cross terms $i ≠ i$' vanish (independent, zero means); the squares factor"),
        ],
        numeric=[gaussian_table_in_torch],
        perturbations={"E p_i² = 2 (a wrong second moment)": lambda: build(second_moment=2)},
    )


randpe_gaussian_norm = build()
