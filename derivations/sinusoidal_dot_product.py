"""PE(t)·PE(t+k) = Σ_i cos(ω_i k): free of t and even in k, but not decreasing in |k| (S2)."""

from __future__ import annotations

from sympy import IndexedBase, Sum, cos, evaluate, sin, symbols

from checker import Tolerance, chain, claim, holds, numeric, refutes, source, step

S2 = "002_08268fa87384fa98.txt"
t, k, h = symbols("t k_real h", real=True)  # k_real: the offset in the proof, any real number
w = symbols("omega", positive=True)
i = symbols("i", integer=True, nonnegative=True)
d = symbols("d", integer=True, positive=True, even=True)
offset = symbols("k", integer=True, nonnegative=True)  # the source's offset between two positions
W = IndexedBase("w", positive=True)  # general frequencies ω_i > 0 (the source's 10000^(−2i/d) among them)
FIRST_INCREASE, FIRST_NEGATIVE = 43, 3284  # for d = 512, interleaved (Vaswani) layout
WITNESS_D, WITNESS_K = 128, 11  # the symbolic witness: f(12) > f(11) for d = 128 (64 terms keep it fast)


def pair(a: object, b: object, om: object = w) -> object:
    """The (sin, cos) pair of frequency ω at positions a and b, dotted."""
    return sin(om * a) * sin(om * b) + cos(om * a) * cos(om * b)


def f_source(x: object) -> Sum:
    """f(x) = Σ_{i<d/2} cos(x · 10000^(−2i/d)) for a general even d."""
    return Sum(cos(x * 10000 ** (-2 * i / d)), (i, 0, d / 2 - 1))


def over_pairs(summand: object) -> Sum:
    """Σ over the d/2 (sin, cos) pairs, 0 ≤ i < d/2, of any even d."""
    return Sum(summand, (i, 0, d / 2 - 1))


def build(witness_k: int = WITNESS_K, read_as_bounded: bool = False) -> object:
    @numeric()
    def rows_in_torch(ctx) -> None:
        """practitioners' table, d = 512: PE(t)·PE(t+k) is free of t, f(−k) = f(k), and f is not monotone"""
        from derivations import _sinusoidal as S
        from derivations import _sinusoidal_shape as H

        torch = ctx.torch
        K, bases = 1024, (1, 100, 2000)
        ks = torch.arange(K + 1, device=ctx.device)
        for layout in S.LAYOUTS:
            rows = H.Rows(-K, bases[-1] + K, 512, layout, ctx.dtype, ctx.eps, ctx.device)
            f, err = rows.dots(0, ks)
            shifted = [rows.dots(b, ks) for b in bases]
            tol = Tolerance(0.0, float(max((e + err).max() for _, e in shifted)),
                            f"table rounding model (entries + γ_d·d/2), positions ≤ {bases[-1] + K}")
            ctx.close(f"{layout}: PE(t)·PE(t+k) = PE(0)·PE(k), t ∈ {bases}, k ≤ {K}",
                      torch.stack([v for v, _ in shifted]), f.expand(len(bases), -1), tol)
            back, err_back = rows.dots(0, -ks)
            tol = Tolerance(0.0, float((err + err_back).max()), f"table rounding model, |positions| ≤ {K}")
            ctx.close(f"{layout}: f(−k) = f(k), k ≤ {K}", back, f, tol)
            # The source: f decreases as |k| grows. A rise larger than both rounding bounds refutes it.
            rise = f[1:].double() - f[:-1].double() - err[1:] - err[:-1]
            ctx.exact(
                f"{layout}: f(k+1) ≤ f(k) for all k < {K} (source: decays)", bool((rise <= 0).all()), True,
                expect=False, detail=f"largest certain rise {float(rise.max()):.3g} at k={int(rise.argmax())}",
            )

    @numeric()
    def general_d_free_of_t(ctx) -> None:
        """random ω_i, d ∈ {2, 4, 8, 16}: PE(t)·PE(t+k) from interleaved rows equals Σ cos(ω_i k) at 5 positions t"""
        torch = ctx.torch
        gen = ctx.generator(7)
        ts = torch.tensor([-3.0, 0.0, 0.5, 2.0, 9.0], device=ctx.device, dtype=ctx.dtype)[:, None, None]
        ks = torch.tensor([0.0, 1.0, 4.5], device=ctx.device, dtype=ctx.dtype)[None, :, None]
        for dim in (2, 4, 8, 16):
            om = torch.rand(dim // 2, generator=gen, dtype=torch.float64).to(ctx.device, ctx.dtype) + 0.01
            rows = [torch.stack([torch.sin(a), torch.cos(a)], -1).flatten(-2) for a in (ts * om, (ts + ks) * om)]
            dots = (rows[0] * rows[1]).sum(-1)  # [position t, offset k]
            want = torch.cos(ks * om).sum(-1).expand_as(dots)
            tol = Tolerance(0.0, float(ctx.eps * dim * 64), f"d = {dim}: angles ≤ 14 carry 14·eps each, 2 per pair")
            ctx.close(f"d={dim}: PE(t)·PE(t+k) = Σcos(ω_i k), t ∈ (−3, 0, 0.5, 2, 9), k ∈ (0, 1, 4.5)", dots, want, tol)

    @numeric(dtypes=("float64",))  # float32: the worst-case bound (≈0.017 per value at k = 43) exceeds the 0.0117 rise
    def first_rise_and_sign(ctx) -> None:
        """interleaved table: f first rises at k = 11 (d = 128) and k = 43 (d = 512); first negative at k = 3284"""
        from derivations import _sinusoidal_shape as H

        torch = ctx.torch
        for dim, rise_at, neg_at in ((128, WITNESS_K, 1707), (512, FIRST_INCREASE, FIRST_NEGATIVE)):
            ks = torch.arange(neg_at + 2, device=ctx.device)
            f, err = H.Rows(0, neg_at + 1, dim, "interleaved", ctx.dtype, ctx.eps, ctx.device).dots(0, ks)
            step_up = f[1:] - f[:-1]
            first_rise = int((step_up > 0).nonzero()[0])
            first_neg = int((f < 0).nonzero()[0])
            ctx.exact(f"d={dim}: first k with f(k+1) > f(k)", first_rise, rise_at,
                      detail=f"f({rise_at + 1}) − f({rise_at}) = {float(step_up[rise_at]):.6f}")
            ctx.exact(f"d={dim}: first k with f(k) < 0", first_neg, neg_at,
                      detail=f"f({neg_at - 1}) = {float(f[neg_at - 1]):.6f}, f({neg_at}) = {float(f[neg_at]):.6f}")
            # every sign used above must exceed the rounding bound of the values it compares
            margin = torch.cat([
                step_up[: rise_at + 1].abs() - err[: rise_at + 1] - err[1 : rise_at + 2],
                f[: neg_at + 1].abs() - err[: neg_at + 1],
            ])
            ctx.exact(f"d={dim}: every sign decided exceeds the rounding bound", bool((margin > 0).all()), True,
                      detail=f"smallest margin {float(margin.min()):.3g}, largest bound {float(err.max()):.2g}")

    witness = {d: WITNESS_D, offset: witness_k}
    with evaluate(False):
        cos_even = cos(-w * k)
    if read_as_bounded:  # the perturbation: f(k) ≤ f(0) = d/2, which is true
        src = refutes(f_source(offset), "<=", d / 2, by="f never exceeds $f(0) = d/2$", witness=witness, correction="-")
    else:
        src = refutes(
            f_source(offset + 1), "<=", f_source(offset),
            by="the source: the dot product decays as the offset k grows ($f(k+1) ≤ f(k)$ for $k ≥ 0$)",
            witness=witness,
            correction=(
                "f is even and maximal at $k = 0 (f(k) ≤ f(0) = d/2)$ and trends downward, but it is not monotone: "
                "$f(12) > f(11)$ for $d = 128$; for $d = 512$, $f(44) > f(43)$ (the first rise), and f first goes "
                "negative at $k = 3284$."
            ),
        )

    return claim(
        "sinusoidal-dot-product",
        title="$\\operatorname{PE}(t)·\\operatorname{PE}(t+k) = \\sum \\cos (ω_i k)$ is free of t and even in k, but does not decrease monotonically in |k|",
        source=source(S2, "相邻时间步长之间的距离是对称的,并且会随时间很好地衰减"),
        statement=(
            "For the sinusoidal encoding with pairs $(\\sin ω_i t, \\cos ω_i t)$, $0 ≤ i < d/2$, "
            "$f(k) = \\operatorname{PE}(t)·\\operatorname{PE}(t+k) = \\sum _i \\cos (ω_i k)$ for all real t, k: f is independent of t, even in k, "
            "and $f(k) ≤ f(0) = d/2$. The source's 'decays with the offset' read as $f(k+1) ≤ f(k)$ for $k ≥ 0$ "
            "is false: with $ω_i = 10000^{(−2i/d)}$, $f(12) > f(11)$ for $d = 128$, and for $d = 512 f(44) > f(43)$ "
            "(the first rise) and f first goes negative at $k = 3284$; the decay is a trend, not monotone."
        ),
        assumptions=("t, k real; ω > 0 (one pair; f sums d/2 of them); the general chain: any even d, any ω_i > 0", "d even, ω_i = 10000^(−2i/d)",
                     "the source's statement: integer k ≥ 0, even d ≤ 128 (the witness: d = 128)"),
        domain={d: (2, 128), offset: (0, 5000)},
        refutes=src,
        expect="refuted",
        proof=[
            chain(
                "one sin–cos pair",
                pair(t, t + k),
                step(cos(w * k) * (sin(w * t) ** 2 + cos(w * t) ** 2), by="angle addition for sin $ω(t+k)$, cos $ω(t+k)$"),
                step(cos(w * k), by="$\\sin ² + \\cos ² = 1$"),
            ),
            chain(
                "every even d: $\\operatorname{PE}(t)·\\operatorname{PE}(t+k) = \\sum_{i<d/2} \\cos (ω_i k)$, free of t",
                over_pairs(pair(t, t + k, W[i])),
                step(over_pairs(cos(W[i] * k) * (sin(W[i] * t) ** 2 + cos(W[i] * t) ** 2)),
                     by="angle addition in each pair (termwise)"),
                step(over_pairs(cos(W[i] * k)), by="$\\sin ² + \\cos ² = 1$ in each pair (termwise)"),
            ),
            holds("even in k", cos_even, "=", cos(w * k), by="cos is even: $f(−k) = f(k)$ pair by pair"),
            holds("$f(0) = d/2$", f_source(0), "=", d / 2, by="cos $0 = 1$ in each of the $d/2$ pairs"),
            chain(
                "each pair is at most its value at $k = 0 (k = 2h)$",
                1 - cos(2 * w * h),
                step(2 * sin(w * h) ** 2, by="double angle"),
                step(0, rel=">=", by="a square"),
            ),
        ],
        numeric=[rows_in_torch, general_d_free_of_t, first_rise_and_sign],
        figure=__import__("derivations._figures_sinusoidal", fromlist=["dot_product_rises"]).dot_product_rises,
        perturbations={
            "witness moved to k = 10, inside the decreasing stretch": lambda: build(witness_k=10),
            "source read as f(k) ≤ f(0) (true: nothing left to refute)": lambda: build(read_as_bounded=True),
        },
    )


sinusoidal_dot_product = build()
