"""Positions scaled to [0, 1] (S2): the step between neighbours is 1/(L−1), so it depends on the length L."""

from __future__ import annotations

from sympy import evaluate, symbols

from checker import chain, claim, holds, numeric, rounding_tolerance, source, step

S2 = "002_08268fa87384fa98.txt"
L, t = symbols("L t", integer=True, nonnegative=True)
gaps = symbols("m", integer=True, positive=True)  # m = L − 1 ≥ 1 gaps between L ≥ 2 words
delta = symbols("delta", positive=True)
LENGTHS = (5, 11, 51, 512)
WINDOW = 0.37  # a width whose multiples δ·(L−1) stay ≥ 0.3 away from integers for LENGTHS


def position(x: object, gaps_of_length: object) -> object:
    return x / gaps_of_length


def build(gap_offset: int = 1) -> object:
    """``gap_offset`` = 1: L words have L − 1 gaps (the perturbation forgets it)."""

    @numeric()
    def normalized_in_torch(ctx) -> None:
        """torch.linspace(0, 1, L) and arange(L)/(L−1): steps 1/(L−1), different for each L"""
        torch = ctx.torch
        steps = {}
        for length in LENGTHS:
            pos = torch.stack([
                torch.linspace(0, 1, length, device=ctx.device, dtype=ctx.dtype),
                torch.arange(length, device=ctx.device, dtype=ctx.dtype) / (length - 1),
            ])
            diff = torch.diff(pos, dim=1)
            expected = torch.full_like(diff, 1 / (length - gap_offset))
            # positions in [0, 1] each within ~1.5 eps (step rounded, then scaled); a difference adds one rounding
            ctx.close(f"L={length}: linspace and arange/(L−1) steps = 1/(L−1)", diff, expected,
                      rounding_tolerance(ctx.dtype, 3))
            steps[length] = float(diff.mean())
            inside = [int(c) for c in (pos <= WINDOW).sum(dim=1)]
            ctx.exact(f"L={length}: positions in [0, {WINDOW}] = ⌊δ(L−1)⌋ + 1 (both)", inside,
                      [int(WINDOW * (length - 1)) + 1] * 2)
        short, long = LENGTHS[0], LENGTHS[-1]
        ctx.close(f"the step for L={short} equals the step for L={long}", torch.tensor(steps[short]),
                  torch.tensor(steps[long]), rounding_tolerance(ctx.dtype, 3), expect=False)

    with evaluate(False):
        last = position(L - 1, L - 1)
        window_steps = delta / position(1, L - 1)
    return claim(
        "normalized-position-step",
        title="Positions $t/(L−1)$ in [0, 1] have step $1/(L−1)$: the same delta means different things for different L",
        source=source(S2, "时间步长 delta 在不同的句子中没有一致的含义"),
        statement=(
            "Assign word t of an L-word sentence $(L ≥ 2)$ the position $t/(L−1) ∈$ [0, 1] (0 first, 1 last). "
            "Neighbours differ by $1/(L−1)$, which strictly decreases with L, so a fixed delta $δ$ covers $δ(L−1)$ "
            "steps ($⌊δ(L−1)⌋ + 1$ words in $[0, δ]$): its meaning depends on the sentence length."
        ),
        assumptions=("L ≥ 2 words, 0 ≤ t ≤ L − 2 integers", "m = L − 1 ≥ 1", "δ > 0"),
        domain={L: (2, 10**6), t: (0, L - 2), gaps: (1, 10**6)},
        proof=[
            chain(
                "step between neighbours",
                position(t + 1, L - 1) - position(t, L - 1),
                step(1 / (L - gap_offset), by="$(t + 1 − t)/(L − 1)$"),
            ),
            holds("the last word sits at 1", last, "=", 1, by="$(L − 1)/(L − 1)$"),
            chain(
                "one more word, a smaller step $(m = L − 1)$",
                1 / gaps - 1 / (gaps + 1),
                step(1 / (gaps * (gaps + 1)), by="common denominator"),
                step(0, rel=">", by="$m ≥ 1$"),
            ),
            holds("a window of width $δ$ covers $δ(L−1)$ steps", window_steps, "=", delta * (L - 1),
                  by="divide the width by the step"),
        ],
        numeric=[normalized_in_torch],
        perturbations={"step 1/L (L gaps instead of L − 1)": lambda: build(gap_offset=0)},
    )


normalized_position_step = build()
