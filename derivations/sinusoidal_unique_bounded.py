"""S2's criteria for the sinusoidal encoding: one code per time step, bounded values, deterministic."""

from __future__ import annotations

import math

from sympy import Pow, Rational, cos, pi, sin, symbols

from checker import Tolerance, chain, claim, numeric, source, step

S2 = "002_08268fa87384fa98.txt"
s = symbols("s", integer=True, nonnegative=True)  # a time step
m = symbols("m", integer=True, nonzero=True)  # another time step is t = s + m, t ≠ s
x, a, b = symbols("x a b", real=True)
D = 8  # the distance, written out for d = 8
OMEGAS = [Rational(10000) ** Rational(-2 * q, D) for q in range(D // 2)]  # 1, 1/10, 1/100, 1/1000


def build(omega0: object = 1, amplitude: object = 1) -> object:
    """``omega0``: the first frequency (1 in the encoding); ``amplitude``: the bound claimed for every entry."""
    omegas = [omega0 * w for w in OMEGAS]

    half_angle = [4 * sin(w * m / 2) ** 2 for w in omegas]

    @numeric()
    def distinct_bounded_deterministic(ctx) -> None:
        """the torch table (d = 128): all rows distinct, every entry within the bound, identical on rebuild"""
        from derivations import _sinusoidal as S

        torch = ctx.torch
        L, dim = 1024, 128
        pos = torch.arange(L, device=ctx.device)
        pe = S.table(pos.to(ctx.dtype) * float(omega0), dim, "interleaved", ctx.dtype)
        dist = torch.cdist(pe, pe, compute_mode="donot_use_mm_for_euclid_dist")
        dist.fill_diagonal_(math.inf)
        # Each entry is within eps(3·pos + 2); a distance moves by at most 2·sqrt(d) times that, plus d roundings.
        err = 2 * math.sqrt(dim) * ctx.eps * (3 * L + 2) + dim * ctx.eps
        ctx.exact(f"min ‖P(t) − P(s)‖ over t ≠ s < {L} exceeds the rounding bound", bool(dist.min() > err), True,
                  detail=f"min distance {float(dist.min()):.3g}, rounding bound {err:.2g}")
        far = torch.arange(0, 1_000_000, 9973, device=ctx.device)  # far past any training length
        big = S.table(far.to(ctx.dtype) * float(omega0), dim, "interleaved", ctx.dtype)
        ctx.exact(f"every entry lies in [−{amplitude}, {amplitude}], positions < 10^6", bool((big.abs() <= float(amplitude)).all()),
                  True, detail=f"max |P| = {float(big.abs().max()):.17g}")
        torch.manual_seed(ctx.seed + 1)  # disturb the global generator: the table must not depend on it
        again = S.table(pos.to(ctx.dtype) * float(omega0), dim, "interleaved", ctx.dtype)
        ctx.exact("rebuilt table is bitwise identical", bool(torch.equal(pe, again)), True)

    @numeric(dtypes=("float64",))
    def first_pair_alone(ctx) -> None:
        """the ω = 1 pair alone (d = 2) already separates every pair of positions; the closest are 710 apart (355/113 ≈ π)"""
        from derivations import _sinusoidal as S

        torch = ctx.torch
        L = 2048
        pos = torch.arange(L, device=ctx.device)
        pe = S.table(pos.to(ctx.dtype) * float(omega0), 2, "interleaved", ctx.dtype)
        dist = torch.cdist(pe, pe, compute_mode="donot_use_mm_for_euclid_dist")
        dist.fill_diagonal_(math.inf)
        err = 2 * math.sqrt(2) * ctx.eps * (3 * L + 2) + 2 * ctx.eps
        closest = int(dist.argmin())
        offset = abs(closest // L - closest % L)
        ctx.exact(f"d=2: min ‖P(t) − P(s)‖ over t ≠ s < {L} exceeds the rounding bound", bool(dist.min() > err), True,
                  detail=f"min distance {float(dist.min()):.3g} at |t − s| = {offset}, rounding bound {err:.2g}")
        ctx.close("d=2: the closest pair is 2|sin(355)| apart", dist.min(), torch.tensor(2 * abs(math.sin(355.0)), dtype=ctx.dtype),
                  Tolerance(0.0, err, "the same rounding bound"))

    return claim(
        "sinusoidal-unique-bounded",
        title="The sinusoidal encoding gives distinct codes to distinct integer time steps, with entries in $[−1, 1]$",
        source=source(S2, "可以满足所有这些标准"),
        statement=(
            "For integers s and $t = s + m$ with $m ≠ 0$, $‖\\operatorname{PE}(t) − \\operatorname{PE}(s)‖² = \\sum _i 4 \\sin ²(ω_i m/2) ≥ 4 \\sin ²(m/2) > 0$ "
            "(the $ω_0 = 1$ pair; $\\sin (m/2) = 0$ would need $m/2 ∈ πℤ$, impossible as $π$ is irrational), so PE(t) ≠ PE(s); "
            "every entry lies in $[−1, 1]$ for every position, however long the sentence; PE is a fixed function of "
            "the position (deterministic, no parameters, no randomness)."
        ),
        assumptions=("s, t = s + m integers, m ≠ 0", "ω_0 = 1 (the first pair, i = 0)", f"the sum written out for d = {D}"),
        uses=("sinusoidal-definition",),
        proof=[
            chain(
                "one pair at angles $a = ω(s + m)$, $b = ωs$: distance through the half angle",
                (sin(a) - sin(b)) ** 2 + (cos(a) - cos(b)) ** 2,
                step(2 - 2 * cos(a - b), by="$\\sin ² + \\cos ² = 1$ and $\\cos (a − b) =$ cos a cos b + sin a sin b"),
                step(4 * sin((a - b) / 2) ** 2, by="1 − cos $2y = 2 \\sin ² y$; here $a − b = ωm$"),
            ),
            chain(
                f"all pairs, d = {D}: ‖PE(s+m) − PE(s)‖² = Σ_i 4 sin²(ω_i m/2) (the one-pair identity at a − b = ω_i m)",
                sum(half_angle[1:], half_angle[0]),
                step(half_angle[0], by="the other pairs' terms are squares, ≥ 0", rel=">="),
                step(0, by="$\\sin (m/2) ≠ 0$ for an integer $m ≠ 0$: $m/(2π)$ is not an integer, $π$ being irrational", rel=">"),
            ),
            chain(
                "entries are bounded",
                sin(x) ** 2,
                step(sin(x) ** 2 + cos(x) ** 2, by="$\\cos ² ≥ 0$", rel="<="),
                step(1, by="$\\sin ² + \\cos ² = 1$"),
                step(Pow(amplitude, 2, evaluate=False), by="the bound claimed for |P|", rel="<="),  # 1**2 would fold to 1
            ),
        ],
        numeric=[distinct_bounded_deterministic, first_pair_alone],
        perturbations={
            "entries claimed within [−1/2, 1/2]": lambda: build(amplitude=Rational(1, 2)),
            "ω_0 = 2π (a rational multiple of π): positions collide": lambda: build(omega0=2 * pi),
        },
    )


sinusoidal_unique_bounded = build()
