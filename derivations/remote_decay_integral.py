"""Su's remote-decay integral (S2): θ_t = t gives sin k/k, but θ_t = 10000^(−t) crosses zero too."""

from __future__ import annotations

import math

from sympy import Ci, Derivative, Integral, cos, evaluate, log, pi, sin, symbols, sympify

from checker import Tolerance, chain, claim, holds, numeric, refutes, source, step

S2 = "002_08268fa87384fa98.txt"
k = symbols("k", positive=True)
t = symbols("t", positive=True)
BASE = 10000
CROSS_BEFORE, CROSS_AFTER = 6166, 6167  # I(6166) > 0 > I(6167)


def cos_t(x: object) -> object:
    return cos(x * t)


def cos_exp(x: object) -> object:
    return cos(x * BASE ** (-t))


def integral_closed(x: object) -> object:
    """I(x) = ∫₀¹ cos(x·10000^(−t)) dt = (Ci(x) − Ci(x/10000)) / ln 10000."""
    x = sympify(x)
    return (Ci(x) - Ci(x / BASE)) / log(BASE)


# --- the torch side: Euler–Maclaurin for the table's Σ_i cos(k θ_i) --------------------------------------------
A = math.log(BASE)  # θ_t = e^(−A t)


def _ci(x: float) -> float:
    from scipy.special import sici

    return float(sici(x)[1])


def _derivatives(phi: float) -> tuple[float, float, float]:
    """g, g', g''' of g(t) = cos φ with φ = k e^(−At) (so dφ/dt = −Aφ), as functions of φ."""
    s, c = math.sin(phi), math.cos(phi)
    return c, A * phi * s, A**3 * (phi * s + 3 * phi**2 * c - phi**3 * s)


def euler_maclaurin(kk: float, d: int) -> tuple[float, float]:
    """(prediction, remainder bound) for Σ_{i<d/2} cos(kk·θ_{2i/d}), θ_t = 10000^(−t), step h = 2/d.

    Σ_{i<n} g(ih) = n·I + (g(0) − g(1))/2 + (h/12)(g'(1) − g'(0)) − (h³/720)(g'''(1) − g'''(0)) + R,
    |R| ≤ (h³/720)·∫₀¹|g⁗| ≤ (h³/720)·A³(k + 7k²/2 + 2k³ + k⁴/4)   (|g⁗| ≤ A⁴ Σ_j S(4,j) φ^j).
    """
    n, h = d // 2, 2.0 / d
    g0, dg0, d3g0 = _derivatives(kk)
    g1, dg1, d3g1 = _derivatives(kk / BASE)
    integral = (_ci(kk) - _ci(kk / BASE)) / A
    value = n * integral + (g0 - g1) / 2 + h / 12 * (dg1 - dg0) - h**3 / 720 * (d3g1 - d3g0)
    bound = h**3 / 720 * A**3 * (kk + 3.5 * kk**2 + 2 * kk**3 + kk**4 / 4)
    return value, bound


def table_sums(ks: list[int], d: int, ctx) -> tuple[object, object]:
    """(PE(k)·PE(0) from the practitioners' table, rounding bound) for the listed k."""
    from derivations import _sinusoidal as S
    from derivations import _sinusoidal_shape as H

    torch = ctx.torch
    positions = torch.tensor([0, *ks], device=ctx.device)
    table = S.table(positions, d, "interleaved", ctx.dtype)
    error = H.entry_error(positions, d, "interleaved", ctx.eps)
    sums = table[1:] @ table[0]
    bound = H.dot_error(error[1:].sum(dim=1), error[0].sum(), error[0].amax(), d, ctx.eps)
    return sums.double(), bound


def build(witness_k: int = CROSS_AFTER) -> object:
    @numeric()
    def riemann_sum_in_torch(ctx) -> None:
        """practitioners' table, d = 4096: Σ_i cos(kθ_i) = (d/2)·I(k) + end terms, within the Euler–Maclaurin bound"""
        d, ks = 4096, [1, 3, 10, 30, 100]
        sums, rounding = table_sums(ks, d, ctx)
        for j, kk in enumerate(ks):
            value, remainder = euler_maclaurin(kk, d)
            tol = Tolerance(0.0, remainder + float(rounding[j]), "Euler–Maclaurin remainder + table rounding model")
            ctx.close(f"k={kk}: PE(0)·PE(k) vs (d/2)·I(k) + end corrections", sums[j], value, tol)

    @numeric(dtypes=("float64",))  # float32 angle rounding, ≈4e-4 on I's scale at k = 6167, dwarfs |I(6166)| ≈ 7e-7
    def crossing_in_torch(ctx) -> None:
        """d = 2^19 table: I(6166) > 0 > I(6167); at d = 512 the table's sum is already negative at k = 3284"""
        d = 2**19
        ks = [CROSS_BEFORE, CROSS_AFTER]
        sums, rounding = table_sums(ks, d, ctx)
        n = d // 2
        for j, kk in enumerate(ks):
            value, remainder = euler_maclaurin(kk, d)
            integral = (_ci(kk) - _ci(kk / BASE)) / A
            # I(k) recovered from the table: (sum − end corrections)/n, uncertain by (remainder + rounding)/n
            from_table = (float(sums[j]) - (value - n * integral)) / n
            slack = (remainder + float(rounding[j])) / n
            sign = 1 if kk <= CROSS_BEFORE else -1
            ctx.exact(
                f"k={kk}: sign of I(k) from the table is {'+' if sign > 0 else '−'}",
                sign * from_table > slack, True,
                detail=f"I ≈ {from_table:.4g} ± {slack:.2g} (closed form {integral:.6g})",
            )
        from scipy.special import sici

        grid = ctx.torch.arange(1, CROSS_BEFORE + 1, dtype=ctx.torch.float64).numpy()
        closed = (sici(grid)[1] - sici(grid / BASE)[1]) / A  # scipy's Ci, accurate to ~1e-16 here
        ctx.exact(f"closed form > 0 at every integer 1 ≤ k ≤ {CROSS_BEFORE} (scipy Ci)", bool((closed > 1e-12).all()),
                  True, detail=f"smallest {closed.min():.3g} at k={int(closed.argmin()) + 1}")
        small, _ = table_sums([3284], 512, ctx)
        ctx.exact(
            "d=512: table sum < 0 at k = 3284 while (d/2)·I(3284) > 0", (float(small[0]) < 0) and _ci(3284) > _ci(0.3284),
            True, detail=f"table {float(small[0]):.4f}, (d/2)·I = {256 * (_ci(3284) - _ci(0.3284)) / A:.3f}",
        )

    antiderivative = -Ci(k * BASE ** (-t)) / log(BASE)
    with evaluate(False):
        at_ends = antiderivative.subs(t, 1) - antiderivative.subs(t, 0)
    return claim(
        "remote-decay-integral",
        title="The remote-decay integral crosses zero for $θ_t = 10000^{(−t)}$ too $(k ≈ 6166)$, not only for $θ_t = t$",
        source=source(S2, "除了θt=t比较异常之外(与横轴有交点)"),
        statement=(
            "Su's continuum picture: $\\sum _{i<d/2} \\cos (kθ_i)$, $θ_i = θ_{2i/d}$, $≈ (d/2)·I(k)$, $I(k) = ∫₀¹ \\cos (kθ_t)$ dt. "
            "For $θ_t = t$, $I(k) =$ sin $k / k$, which crosses zero at $k = π$. For $θ_t = 10000^{(−t)}$ (the Transformer's), "
            "$I(k) = (Ci(k) − Ci(k/10⁴))/\\ln 10⁴$, which also crosses zero: $I(6167) < 0$ (50 digits), while $I(6166) > 0$ "
            "(certified from the table in float64), and $I > 0$ on $1 ≤ k ≤ 6166$ at integers. So $θ_t = t$ is not "
            "the only curve that meets the axis. By Euler–Maclaurin the sum is $(d/2)·I(k) + (\\cos k − \\cos (k/10⁴))/2$ "
            "$+ O(k/d)$: the picture holds for $k ≪ d$ only (for $d = 512$ the table's sum is negative at $k = 3284$, "
            "where $I > 0$)."
        ),
        assumptions=("k > 0", "θ_t = 10000^(−t) or θ_t = t on t ∈ [0, 1]"),
        domain={k: (1, 7000)},
        refutes=refutes(
            integral_closed(k), ">", 0,
            by="the source: apart from $θ_t = t$, the curves do not meet the horizontal axis ($I(k) > 0$ for all k)",
            witness={k: witness_k},
            correction="$I(k)$ for $θ_t = 10000^{(−t)}$ changes sign between $k = 6166$ and $k = 6167$ (first sign change "
                       "on the integers; $−Ci(k/10⁴)$ vanishes at $k/10⁴ ≈ 0.6165$).",
        ),
        expect="refuted",
        uses=("sinusoidal-dot-product",),
        proof=[
            chain("$θ_t = t$", Integral(cos_t(k), (t, 0, 1)), step(sin(k) / k, by="$∫₀¹$ cos(kt) dt")),
            holds("$θ_t = t$ meets the axis: $I(3π/2) < 0$", Integral(cos_t(3 * pi / 2), (t, 0, 1)), "<", 0,
                  by="$\\sin (3π/2)/(3π/2) = −2/(3π)$"),
            holds("$θ_t = 10000^{(−t)}$: an antiderivative", Derivative(antiderivative, t), "=", cos_exp(k),
                  by="Ci'(x) = cos $x / x$ and the chain rule $(dθ/dt = −θ \\ln 10⁴)$"),
            chain(
                "$θ_t = 10000^{(−t)}$: $∫₀¹$ by the fundamental theorem",
                at_ends,
                step(integral_closed(k), by="$F(1) − F(0)$ with the antiderivative F above"),
            ),
        ],
        numeric=[riemann_sum_in_torch, crossing_in_torch],
        figure=__import__("derivations._figures_decay", fromlist=["decay_zero_crossing"]).decay_zero_crossing,
        perturbations={"witness at k = 6166, before the crossing": lambda: build(witness_k=CROSS_BEFORE)},
    )


remote_decay_integral = build()
