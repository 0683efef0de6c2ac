"""The sinusoidal encoding as S4 defines it: sine at even dimensions, cosine at odd ones, entries in [−1, 1]."""

from __future__ import annotations

from sympy import Rational, cos, evaluate, exp, log, pi, sin, symbols

from checker import Tolerance, chain, claim, holds, numeric, source, step

S4 = "004_76828b8980462f8f.txt"
k = symbols("k", integer=True, nonnegative=True)  # position in the sequence
i = symbols("i", integer=True, nonnegative=True)  # pair index, 0 ≤ i < d/2
d = symbols("d", integer=True, positive=True, even=True)
n = symbols("n", positive=True)  # the base, 10000 in the document
x = symbols("x", real=True)  # an angle
N_BASE = 10000


def angle(kk: object, ii: object, dd: object = d, base: object = n) -> object:
    return kk / base ** (Rational(2) * ii / dd)


def build(even_phase: object = 0, odd_phase: object = pi / 2) -> object:
    """``even_phase``/``odd_phase``: the phase added at even/odd dimensions (0 and π/2 in the encoding)."""

    def by_parity(parity: int) -> object:
        """P(k, 2i + r) = sin(k / n^(2i/d) + phase_r), r ∈ {0, 1}: one formula for both parities of the dimension."""
        phase = odd_phase if parity else even_phase
        with evaluate(False):  # keep the phase visible, even a zero one
            return sin(angle(k, i) + phase)

    theta = angle(k, i)

    @numeric()
    def tutorial_table(ctx) -> None:
        """the practitioners' table (exp/log frequencies, pe[:, 0::2] = sin, pe[:, 1::2] = cos) is S4's P(k, j)"""
        from derivations import _sinusoidal as S

        torch = ctx.torch
        L = 512
        pos = torch.arange(L, device=ctx.device)
        for dim in (4, 64, 256):
            code = S.table(pos, dim, "interleaved", ctx.dtype)
            # S4's formula, column by column: k / n^(2i/d) with i = j // 2 through torch.pow, the phase by parity.
            j = torch.arange(dim, device=ctx.device)
            base = torch.tensor(float(N_BASE), device=ctx.device, dtype=ctx.dtype)
            doc_angle = pos.to(ctx.dtype)[:, None] / torch.pow(base, (2 * (j // 2)).to(ctx.dtype) / dim)[None, :]
            phases = torch.tensor([float(even_phase), float(odd_phase)], device=ctx.device, dtype=ctx.dtype)
            phase = phases[j % 2]
            doc = torch.sin(doc_angle + phase)
            # Error model: each angle carries ~3 eps·pos (frequency from exp or pow, then the product),
            # adding the phase rounds once more (eps·pos); sin/cos add eps each.
            tol = Tolerance(ctx.eps, ctx.eps * (8 * L + 8), f"angle error 4·eps·pos per side, pos < {L}")
            ctx.close(f"d={dim}: code table = P(k, j)", code, doc, tol)

    @numeric()
    def entries_bounded(ctx) -> None:
        """every entry of the torch table lies in [−1, 1] and each (sin, cos) pair lies on the unit circle"""
        from derivations import _sinusoidal as S

        torch = ctx.torch
        pos = torch.arange(0, 100_000, 397, device=ctx.device)  # far past any training length
        pe = S.table(pos, 512, "interleaved", ctx.dtype)
        ctx.exact("max |P(k, j)| ≤ 1", bool((pe.abs() <= 1).all()), True, detail=f"max {float(pe.abs().max()):.17g}")
        pair_norm = pe[:, 0::2] ** 2 + pe[:, 1::2] ** 2
        tol = Tolerance(0.0, 6 * ctx.eps, "sin, cos, two squares and a sum: 6 roundings of size ≤ 1")
        ctx.close("P(k,2i)² + P(k,2i+1)² = 1", pair_norm, torch.ones_like(pair_norm), tol)
        row_norm = (pe**2).sum(dim=1)
        tol = Tolerance(0.0, 4 * ctx.eps * 512, "a sum of d squares, each within 2 eps, plus d roundings")
        ctx.close("‖P(k)‖² = d/2", row_norm, torch.full_like(row_norm, 256.0), tol)

    return claim(
        "sinusoidal-definition",
        title="S4's sinusoidal encoding: sine at even dimensions, cosine at odd ones, every entry in $[−1, 1]$",
        source=source(S4, "偶数位置对应于正弦函数,奇数位置对应于余弦函数"),
        statement=(
            "For a position $k ≥ 0$ and an even dimension d, $P(k, 2i) = \\sin (k/n^{2i/d})$ and $P(k, 2i+1) = \\cos (k/n^{2i/d})$, "
            "$0 ≤ i < d/2$, $n = 10000$: the '$even/odd$ positions' of the source are the embedding dimensions j, not "
            "the sequence positions k. Equivalently $P(k, 2i + r) = \\sin (k/n^{2i/d} + r·π/2)$, r ∈ {0, 1}. The angle equals "
            "$k·\\exp (−2i·\\ln n/d)$, the form code computes; every entry lies in $[−1, 1]$, each (sin, cos) pair has norm 1, "
            "and $‖P(k)‖² = d/2$ for every k."
        ),
        assumptions=("k a nonnegative integer", "d a positive even integer", "0 ≤ i < d/2 an integer", "n > 0"),
        domain={d: (2, 16), i: (0, d / 2 - 1), k: (0, 40)},  # small integer ranges keep the probe's sampling cheap
        proof=[
            holds("even dimension $j = 2i (r = 0)$", by_parity(0), "=", sin(theta), by="no phase: the sine"),
            holds("odd dimension $j = 2i + 1 (r = 1)$", by_parity(1), "=", cos(theta), by="$\\sin (x + π/2) =$ cos x"),
            holds(
                "the frequency as code computes it (the PyTorch tutorial's `div_term`): equal logarithms",
                log(n ** (-2 * i / d)), "=", log(exp(2 * i * (-log(n) / d))),
                by="log $n^x = x·\\log n$ for $n > 0$; log exp $y = y$; exp is one-to-one",
            ),
            chain(
                "sine entries are bounded ($θ = k/n^{(2i/d)}$ is real)",
                sin(x) ** 2,
                step(sin(x) ** 2 + cos(x) ** 2, by="$\\cos ² ≥ 0$", rel="<="),
                step(1, by="$\\sin ² + \\cos ² = 1$: each (sin, cos) pair has norm 1, so $‖P(k)‖² = d/2$"),
            ),
            holds("cosine entries are bounded", cos(x) ** 2, "<=", sin(x) ** 2 + cos(x) ** 2, by="$\\sin ² ≥ 0$"),
        ],
        numeric=[tutorial_table, entries_bounded],
        perturbations={"sine at odd dimensions, cosine at even ones": lambda: build(even_phase=pi / 2, odd_phase=0)},
    )


sinusoidal_definition = build()
