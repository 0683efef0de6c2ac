"""S2's frequencies and wavelengths: ω_k = 10000^(−2k/d) falls along the dimension; λ_k = 2π/ω_k tops out below 10000·2π."""

from __future__ import annotations

import math

from sympy import Derivative, evaluate, log, pi, symbols

from checker import Tolerance, chain, claim, holds, numeric, refutes, rounding_tolerance, source, step

S2 = "002_08268fa87384fa98.txt"
BASE = 10000
k = symbols("k", integer=True, nonnegative=True)  # pair index, 0 ≤ k < d/2
kappa = symbols("kappa", nonnegative=True)  # the same index, read as a continuous variable
d = symbols("d", integer=True, positive=True, even=True)
c = symbols("c", integer=True, positive=True)  # concatenated layout: d/2 = c + 1 frequencies
DIMS = (4, 8, 128, 512)


def omega(kk: object, sign: int = -1) -> object:
    """Angular frequency of pair kk in the interleaved layout (Vaswani et al.): 10000^(−2k/d)."""
    return BASE ** (sign * 2 * kk / d)


def wavelength(kk: object, evaluated: bool = True) -> object:
    """2π/ω_kk; ``evaluated=False`` keeps the quotient as written (SymPy would fold it to 2π·10000^(2k/d))."""
    with evaluate(evaluated):
        return 2 * pi / omega(kk)


def phase_advance(ctx, pe, half: int, layout: str):
    """Per pair, the angle by which the (sin, cos) pair turns from one position to the next, averaged over t."""
    torch = ctx.torch
    if layout == "interleaved":
        s, co = pe[:, 0::2], pe[:, 1::2]
    else:
        s, co = pe[:, :half], pe[:, half:]
    # (s', c') = R(ω)(s, c) with R a rotation by ω: ω = atan2(s'c − c's, c'c + s's).
    turn = torch.atan2(s[1:] * co[:-1] - co[1:] * s[:-1], co[1:] * co[:-1] + s[1:] * s[:-1])
    return turn.mean(dim=0)


def own_pairs(ctx, t, shifts, dim: int):
    """Row t, pair q of the torch table at the positions t + shifts[q] (one table call for every q)."""
    from derivations import _sinusoidal as S

    torch = ctx.torch
    half = dim // 2
    pos = (t[:, None] + shifts[None, :].to(ctx.dtype)).flatten()
    tab = S.table(pos, dim, "interleaved", ctx.dtype).view(len(t), half, dim)
    q = torch.arange(half, device=ctx.device)
    return torch.stack([tab[:, q, 2 * q], tab[:, q, 2 * q + 1]], dim=-1).flatten(1)


# --- sinusoidal-frequency-decreasing ------------------------------------------------------------


def build_decreasing(sign: int = -1) -> object:
    def expected_omegas(dim: int, layout: str) -> list[float]:
        half = dim // 2
        if layout == "interleaved":
            return [BASE ** (sign * 2 * kk / dim) for kk in range(half)]
        return [BASE ** (sign * kk / max(half - 1, 1)) for kk in range(half)]

    @numeric()
    def code_frequencies(ctx) -> None:
        """the frequencies the code computes (torch.exp of arange · −ln 10000/d) fall strictly, by a fixed ratio"""
        from derivations import _sinusoidal as S

        torch = ctx.torch
        for layout in S.LAYOUTS:
            for dim in DIMS:
                w = S.frequencies(dim, layout, ctx.device, ctx.dtype)
                ctx.exact(f"{layout} d={dim}: ω_(k+1) < ω_k for every k", bool((w[1:] < w[:-1]).all()), True)
                want = expected_omegas(dim, layout)
                ratio = torch.tensor([want[q + 1] / want[q] for q in range(len(want) - 1)], device=ctx.device, dtype=ctx.dtype)
                # exp of an argument of size ≤ ln 10000 ≈ 9.2 carries ~10 eps; the ratio doubles it.
                tol = rounding_tolerance(ctx.dtype, 24)
                ctx.close(f"{layout} d={dim}: ω_(k+1)/ω_k", w[1:] / w[:-1], ratio, tol)

    @numeric()
    def measured_frequencies(ctx) -> None:
        """the turn per position of each (sin, cos) pair of the torch table is ω_k, and it falls along the dimension"""
        from derivations import _sinusoidal as S

        torch = ctx.torch
        L, dim = 64, 16
        pos = torch.arange(L, device=ctx.device)
        for layout in S.LAYOUTS:
            measured = phase_advance(ctx, S.table(pos, dim, layout, ctx.dtype), dim // 2, layout)
            want = torch.tensor(expected_omegas(dim, layout), device=ctx.device, dtype=ctx.dtype)
            # Entries carry ≤ eps(3·ω·t + 1); the turn from two rows carries twice that, atan2 one more eps.
            tol = Tolerance(ctx.eps, ctx.eps * (6 * L + 8), f"two rows, each within eps(3ωt + 1), t < {L}")
            ctx.close(f"{layout} d={dim}: measured turn per position = ω_k", measured, want, tol)
            ctx.exact(f"{layout} d={dim}: measured ω_k strictly decreasing", bool((measured[1:] < measured[:-1]).all()),
                      True, detail=f"measured ω = {[f'{v:.3g}' for v in measured.tolist()]}")

    return claim(
        "sinusoidal-frequency-decreasing",
        title="The frequencies $ω_k = 10000^{(−2k/d)}$ decrease strictly along the embedding dimension",
        source=source(S2, "频率沿着向量维度递减"),
        statement=(
            "For an even d and $0 ≤ k < d/2$, $ω_k = 10000^{−2k/d}$ satisfies $ω_{k+1}/ω_k = 10000^{−2/d} < 1$, so the "
            "frequencies fall strictly (geometrically) along the dimension, also as a function of a continuous k; "
            "the same holds for the concatenated layout (tensor2tensor), $ω_k = 10000^{−k/(d/2−1)}$."
        ),
        assumptions=("d a positive even integer", "0 ≤ k < d/2 an integer", "d/2 = c + 1 ≥ 2 for the concatenated layout"),
        domain={d: (2, 64), k: (0, d / 2 - 1)},
        uses=("sinusoidal-definition",),
        proof=[
            holds(
                "fixed ratio", omega(k + 1, sign) / omega(k, sign), "=", BASE ** (-2 / d),
                by="exponents subtract: $−2(k+1)/d + 2k/d = −2/d$",
            ),
            chain(
                "the log-frequency falls by a fixed positive step",
                log(omega(k, sign)) - log(omega(k + 1, sign)),
                step(2 * log(BASE) / d, by="log $10000^x = x·\\log 10000$"),
                step(0, by="log $10000 > 0$ and $d > 0$", rel=">"),
            ),
            holds(
                "continuous k: the derivative is negative", Derivative(omega(kappa, sign), kappa), "<", 0,
                by="$d/dk 10000^{(−2k/d)} = −(2 \\ln 10000/d)·10000^{(−2k/d)}$",
            ),
            chain(
                "concatenated layout, $ω_k = 10000^{(−k/c)}$ with $c = d/2 − 1$",
                log(BASE ** (sign * k / c)) - log(BASE ** (sign * (k + 1) / c)),
                step(log(BASE) / c, by="log $10000^x = x·\\log 10000$"),
                step(0, by="log $10000 > 0$ and $c > 0$", rel=">"),
            ),
        ],
        numeric=[code_frequencies, measured_frequencies],
        perturbations={"ω_k = 10000^(+2k/d) (exponent sign flipped)": lambda: build_decreasing(sign=1)},
    )


# --- sinusoidal-wavelength-range ----------------------------------------------------------------


def build_wavelength(source_top: object = 2 * pi * BASE) -> object:
    top = wavelength(d / 2 - 1)
    with evaluate(False):
        concat_top = 2 * pi / BASE ** (-c / c)

    def top_value(dim: int) -> float:
        return float(source_top.subs(d, dim)) if hasattr(source_top, "subs") else float(source_top)

    @numeric()
    def code_wavelengths(ctx) -> None:
        """2π/ω_k from the code's frequencies: 2π at k = 0, ratio 10000^(2/d), top 2π·10000^(1−2/d), not 10000·2π"""
        from derivations import _sinusoidal as S

        torch = ctx.torch
        tol = rounding_tolerance(ctx.dtype, 24)  # exp of an argument ≤ ln 10000 (~10 eps), then 2π/ω
        for dim in DIMS:
            lam = 2 * math.pi / S.frequencies(dim, "interleaved", ctx.device, ctx.dtype)
            ctx.close(f"d={dim}: λ_0 = 2π", lam[0], torch.tensor(2 * math.pi, dtype=ctx.dtype), tol)
            ctx.close(f"d={dim}: λ_(k+1)/λ_k = 10000^(2/d)", lam[1:] / lam[:-1],
                      torch.full_like(lam[1:], BASE ** (2 / dim)), tol)
            corrected = torch.tensor(2 * math.pi * BASE ** (1 - 2 / dim), dtype=ctx.dtype)
            ctx.close(f"d={dim}: max λ = 2π·10000^(1−2/d)", lam.max(), corrected, tol)
            ctx.close(f"d={dim}: max λ = 10000·2π (source)", lam.max(), torch.tensor(top_value(dim), dtype=ctx.dtype),
                      tol, expect=False)
            concat = 2 * math.pi / S.frequencies(dim, "concatenated", ctx.device, ctx.dtype)
            ctx.close(f"d={dim}: concatenated layout reaches 10000·2π", concat.max(),
                      torch.tensor(2 * math.pi * BASE, dtype=ctx.dtype), tol)

    @numeric()
    def table_periods(ctx) -> None:
        """each pair of the torch table repeats after λ_k and is negated after λ_k/2; 10000·2π is no wavelength of it"""
        from derivations import _sinusoidal as S

        torch = ctx.torch
        t = torch.arange(64, device=ctx.device, dtype=ctx.dtype)
        for dim in (8, 128):
            lam = 2 * math.pi / S.frequencies(dim, "interleaved", ctx.device, ctx.dtype)
            base = S.table(t, dim, "interleaved", ctx.dtype)
            # Positions reach ~2π·10000 ≈ 63000: each table carries ≤ eps(3·pos + 2); λ's own rounding moves the
            # angle by ~ω·eps·λ·4 = 8π·eps, inside the 16·eps margin.
            far = float(t.max()) + 2 * math.pi * BASE
            tol = Tolerance(0.0, ctx.eps * (6 * far + 16), f"two tables, each within eps(3·pos + 2), pos ≤ {far:.0f}")
            full, half = (own_pairs(ctx, t, lam * f, dim) for f in (1.0, 0.5))
            ctx.close(f"d={dim}: P(t + λ_k) = P(t), every pair", full, base, tol)
            ctx.close(f"d={dim}: P(t + λ_k/2) = −P(t), every pair", half, -base, tol)
            shifted = S.table(t + top_value(dim) / 2, dim, "interleaved", ctx.dtype)[:, -2:]
            ctx.close(f"d={dim}: top pair negated after (10000·2π)/2 (source's wavelength)", shifted, -base[:, -2:], tol,
                      expect=False)

    return claim(
        "sinusoidal-wavelength-range",
        title="The wavelengths $2π·10000^{(2k/d)}$ run from $2π$ to $2π·10000^{(1−2/d)}$, short of $10000·2π$",
        source=source(S2, "在波长上形成了从2π到10000⋅2π的几何级数"),
        statement=(
            "With $ω_k = 10000^{−2k/d}$, $0 ≤ k < d/2$, d even, the wavelengths $λ_k = 2π/ω_k = 2π·10000^{2k/d}$ form a "
            "geometric progression with ratio $10000^{2/d}$ starting at $λ_0 = 2π$; the largest is "
            "$λ_{d/2−1} = 2π·10000^{1−2/d}$, strictly below $10000·2π$ by the factor $10000^{2/d} (100$ at $d = 4$, 1.036 at "
            "$d = 512$); $10000·2π$ is only approached as $d → ∞$. It is reached exactly by the concatenated layout "
            "(tensor2tensor), $ω_k = 10000^{−k/(d/2−1)}$."
        ),
        assumptions=("d a positive even integer", "0 ≤ k < d/2 an integer", "d/2 = c + 1 ≥ 2 for the concatenated layout"),
        domain={d: (2, 64), k: (0, d / 2 - 1)},  # small integer ranges keep the probe cheap
        uses=("sinusoidal-definition", "sinusoidal-frequency-decreasing"),
        refutes=refutes(
            top, "=", source_top,
            by="the longest wavelength, $k = d/2 − 1$, is $10000·2π$",
            witness={d: 4},
            correction="the longest wavelength is $2π·10000^{1−2/d} < 10000·2π$; the range is $[2π, 10000·2π$), open at the top.",
        ),
        expect="refuted",
        proof=[
            holds("$λ_k = 2π/ω_k$", wavelength(k, evaluated=False), "=", 2 * pi * BASE ** (2 * k / d), by="$1/10000^{(−x)} = 10000^x$"),
            holds("geometric ratio", wavelength(k + 1) / wavelength(k), "=", BASE ** (2 / d), by="exponents subtract"),
            holds("the shortest, $k = 0$", wavelength(0, evaluated=False), "=", 2 * pi, by="$10000^0 = 1$"),
            holds("the longest, $k = d/2 − 1$", top, "=", 2 * pi * BASE ** (1 - 2 / d), by="$2(d/2 − 1)/d = 1 − 2/d$"),
            chain(
                "the longest stays below $10000·2π$",
                log(2 * pi * BASE) - log(2 * pi * BASE ** (1 - 2 / d)),
                step(2 * log(BASE) / d, by="log of a product; log $10000^x = x·\\log 10000$"),
                step(0, by="log $10000 > 0$ and $d > 0$", rel=">"),
            ),
            holds(
                "concatenated layout: the longest, $k = c$, is $10000·2π$", concat_top, "=", 2 * pi * BASE,
                by="$ω_c = 10000^{(−c/c)} = 1/10000$",
            ),
        ],
        numeric=[code_wavelengths, table_periods],
        figure=__import__("derivations._figures_sinusoidal", fromlist=["wavelength_range"]).wavelength_range,
        perturbations={
            "source's top 'fixed' to 2π·10000^(1−2/d)": lambda: build_wavelength(source_top=2 * pi * BASE ** (1 - 2 / d)),
        },
    )


sinusoidal_frequency_decreasing = build_decreasing()
sinusoidal_wavelength_range = build_wavelength()
