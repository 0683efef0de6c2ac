"""S2's criterion that the distance between two time steps is the same in sentences of any length."""

from __future__ import annotations

from sympy import Matrix, Sum, cos, eye, sin, symbols

from checker import Tolerance, chain, claim, holds, numeric, source, step

S2 = "002_08268fa87384fa98.txt"
t = symbols("t", real=True)  # a position
k = symbols("k", real=True)  # the offset between the two positions
w = symbols("omega", positive=True)  # the frequency of one (sin, cos) pair
a, b = symbols("a b", real=True)  # the two angles of one pair
i = symbols("i", integer=True, nonnegative=True)
d = symbols("d", integer=True, positive=True, even=True)
LENGTHS = (20, 300)  # two sentence lengths
OFFSETS = (1, 7, 19)
DIM = 64


def pair(x: object) -> Matrix:
    return Matrix([sin(w * x), cos(w * x)])


def tolerance(ctx, length: int) -> Tolerance:
    """Entries within eps(3·pos + 2) move ‖a − b‖² by ≤ 4√2·d·eps(3L + 2); the closed form's angles carry
    3·eps·k each; cdist and the squaring add a few roundings of size 2d."""
    atol = ctx.eps * DIM * (6 * (3 * length + 2) + 3 * max(OFFSETS) + 16)
    return Tolerance(ctx.eps, atol, f"entries within eps(3·pos + 2), pos < {length}, d = {DIM}")


def build(scale: int = 2) -> object:
    """``scale``: the coefficient of Σ cos(ω_i k) in the closed form (2 in the truth)."""
    M = Matrix([[cos(w * k), sin(w * k)], [-sin(w * k), cos(w * k)]])  # PE(t + k) = M(k)·PE(t), sinusoidal-offset
    omega_i = 10000 ** (-2 * i / d)
    diff = pair(t + k) - pair(t)

    @numeric()
    def distances_across_lengths(ctx) -> None:
        """the tutorial's PositionalEncoding, two sentence lengths: torch.cdist² of rows t, t+k is d − 2Σcos(ω_i k)"""
        import torch.nn as nn

        from derivations import _sinusoidal as S

        torch = ctx.torch

        class PositionalEncoding(nn.Module):
            """The PyTorch tutorial's module (batch-first): one fixed table, sliced to the sentence's length."""

            def __init__(self, d_model: int, layout: str, max_len: int = 512) -> None:
                super().__init__()
                self.register_buffer("pe", S.table(torch.arange(max_len, device=ctx.device), d_model, layout, ctx.dtype))

            def forward(self, x):
                return x + self.pe[: x.size(1)]

        for layout in S.LAYOUTS:
            module = PositionalEncoding(DIM, layout)
            omegas = S.frequencies(DIM, layout, ctx.device, ctx.dtype)
            squared = {}
            for L in LENGTHS:
                out = module(torch.zeros(1, L, DIM, device=ctx.device, dtype=ctx.dtype))[0]
                squared[L] = torch.cdist(out, out, compute_mode="donot_use_mm_for_euclid_dist") ** 2
                got = torch.cat([torch.diagonal(squared[L], offset=off) for off in OFFSETS])  # rows (t, t + k)
                closed = torch.cat([(DIM - scale * torch.cos(omegas * off).sum()).expand(L - off) for off in OFFSETS])
                ctx.close(f"{layout} L={L}: ‖PE(t+k) − PE(t)‖² = d − 2Σcos(ω_i k), all t, k ∈ {OFFSETS}",
                          got, closed, tolerance(ctx, L))
            short, long_ = LENGTHS
            in_short = torch.cat([torch.diagonal(squared[short], offset=off) for off in OFFSETS])
            in_long = torch.cat([torch.diagonal(squared[long_], offset=off)[: short - off] for off in OFFSETS])
            ctx.close(f"{layout}: the same distances at L={short} and at L={long_}", in_short, in_long,
                      tolerance(ctx, long_))

    @numeric(dtypes=("float64",))
    def normalized_positions_differ(ctx) -> None:
        """contrast: with positions t/(L−1) in [0, 1] the same step k has a distance that depends on L"""
        torch = ctx.torch
        short, long_ = LENGTHS
        steps = [torch.linspace(0, 1, L, device=ctx.device, dtype=ctx.dtype)[1] for L in (short, long_)]
        ctx.close("normalized positions: step 1 has the same length at L=20 and L=300", steps[0], steps[1],
                  Tolerance(0.0, 4 * ctx.eps, "4 roundings"), expect=False)

    return claim(
        "sinusoidal-distance-consistency",
        title="$‖\\operatorname{PE}(t+k) − \\operatorname{PE}(t)‖² = d − 2\\sum _i \\cos (ω_i k)$: the same for every t and every sentence length",
        source=source(S2, "任意两个时间步长之间的距离在不同长度的句子中应该是一致的"),
        statement=(
            "For the sinusoidal encoding with frequencies $ω_i$, $0 ≤ i < d/2$, and any real t, k: "
            "$‖\\operatorname{PE}(t+k) − \\operatorname{PE}(t)‖² = \\sum _i (2 − 2\\cos (ω_i k)) = d − 2\\sum _i \\cos (ω_i k)$. It depends on the offset k only: not on t, "
            "and not on the sentence length L (a sentence of length L uses rows $0..L−1$ of one fixed table, with no "
            "normalization by L). Each pair's difference is $(M(k) − I)·\\operatorname{PE}(t)$ with M the offset rotation, and "
            "$(M − I)ᵀ(M − I) = (2 − 2\\cos ωk)·I$."
        ),
        assumptions=("t, k real", "ω > 0", "d a positive even integer", "ω_i = 10000^(−2i/d) in the sum"),
        domain={d: (2, 8)},  # the sum's probe evaluates d/2 cosines at 50 digits; small d keeps it cheap
        uses=("sinusoidal-definition", "sinusoidal-offset"),
        proof=[
            chain(
                "one (sin, cos) pair at angles $a = ω(t + k)$, $b = ωt$",
                (sin(a) - sin(b)) ** 2 + (cos(a) - cos(b)) ** 2,
                step(2 - scale * cos(a - b), by="$\\sin ² + \\cos ² = 1$ twice; cos a cos b + sin a sin $b = \\cos (a − b)$"),
            ),
            holds("at $a = ω(t + k)$, $b = ωt$ the position cancels", w * (t + k) - w * t, "=", w * k, by="$a − b = ωk$"),
            holds("the difference is $(M(k) − I)·\\operatorname{PE}(t)$", diff, "=", (M - eye(2)) * pair(t), by="angle addition"),
            holds(
                "$(M − I)ᵀ(M − I)$ is a multiple of I, free of t", (M - eye(2)).T * (M - eye(2)), "=",
                (2 - scale * cos(w * k)) * eye(2), by="$\\cos ² + \\sin ² = 1$",
            ),
            chain(
                "sum over the $d/2$ pairs",
                Sum(2 - 2 * cos(omega_i * k), (i, 0, d / 2 - 1)),
                step(Sum(2, (i, 0, d / 2 - 1)) + Sum(-2 * cos(omega_i * k), (i, 0, d / 2 - 1)), by="the sum splits termwise"),
                step(d + Sum(-2 * cos(omega_i * k), (i, 0, d / 2 - 1)), by="$d/2$ terms equal to 2: $d − 2\\sum _i \\cos (ω_i k)$"),
            ),
        ],
        numeric=[distances_across_lengths, normalized_positions_differ],
        perturbations={"d − Σcos(ω_i k) (coefficient 2 dropped)": lambda: build(scale=1)},
    )


sinusoidal_distance_consistency = build()
