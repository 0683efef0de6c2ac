"""S4's range of positions, 0 ≤ k < L/2, is wrong: a length-L sequence has positions 0 ≤ k < L (0, ..., L − 1)."""

from __future__ import annotations

import math
from collections.abc import Callable

from sympy import Rational, Sum, symbols

from checker import Tolerance, claim, holds, numeric, refutes, source

S4 = "004_76828b8980462f8f.txt"
L = symbols("L", integer=True, positive=True)  # sequence length
k = symbols("k", integer=True, nonnegative=True)  # a position of the sequence
j = symbols("j", integer=True, nonnegative=True)  # summation index
m = symbols("m", integer=True, nonnegative=True)  # L = m + 2 ≥ 2
h = symbols("h", integer=True, positive=True)  # L = 2h, an even length
EXAMPLE_L, EXAMPLE_D = 4, 4  # the document's example: sequence length 4 ("上面的例子序列长度为4")


def source_bound(length: object) -> object:
    """The document's upper limit for k."""
    return length / 2


def build(upper: Callable[[object], object] = source_bound) -> object:
    @numeric()
    def example_needs_all_rows(ctx) -> None:
        """the PyTorch tutorial's module encodes a length-4 sequence with rows k = 0..3; a table of L/2 rows fails"""
        import torch.nn as nn

        from derivations import _sinusoidal as S

        torch = ctx.torch

        class PositionalEncoding(nn.Module):
            """The PyTorch tutorial's module (batch-first): a fixed table, sliced to the input's length."""

            def __init__(self, d_model: int, max_len: int) -> None:
                super().__init__()
                pe = S.table(torch.arange(max_len, device=ctx.device), d_model, "interleaved", ctx.dtype)
                self.register_buffer("pe", pe)

            def forward(self, x):
                return x + self.pe[: x.size(1)]

        x = torch.zeros(1, EXAMPLE_L, EXAMPLE_D, device=ctx.device, dtype=ctx.dtype)
        out = PositionalEncoding(EXAMPLE_D, max_len=512)(x)[0]
        positions = torch.arange(EXAMPLE_L, device=ctx.device)
        rows = S.table(positions, EXAMPLE_D, "interleaved", ctx.dtype)
        ctx.close("row r of the output is P(k = r, ·), r = 0..3", out, rows, Tolerance(0.0, 0.0, "the same table rows"))
        limit = float(upper(EXAMPLE_L))
        ctx.exact("positions of the example at or above the limit", int((positions >= limit).sum()),
                  EXAMPLE_L - EXAMPLE_L // 2, detail=f"positions {positions.tolist()}, limit {limit:g}")
        # The rows at k ≥ L/2 carry new information: each lies away from every row below L/2.
        gap = torch.cdist(rows[positions >= limit], rows[positions < limit]).min() if (positions >= limit).any() else 0
        ctx.exact("rows k ≥ L/2 differ from rows k < L/2", bool(gap > 0.5), True, detail=f"min distance {float(gap):.3f}")
        short = PositionalEncoding(EXAMPLE_D, max_len=math.ceil(limit))  # positions 0 ≤ k < limit only
        ctx.raises("a table of positions 0 ≤ k < L/2 cannot encode the example", lambda: short(x), RuntimeError)

    return claim(
        "pe-position-range",
        title="Positions of a length-L sequence run over $0 ≤ k < L$, not $0 ≤ k < L/2$",
        source=source(S4, "k代表某个对象在序列中的位置 0≤k<L/2"),
        statement=(
            "A sequence of length L has the positions $k = 0$, 1, ..., $L − 1$, so $0 ≤ k < L (0 ≤ k ≤ L − 1)$; its encoding "
            "matrix has L rows. The document's range $0 ≤ k < L/2$ leaves out the positions $\\operatorname{ceil}(L/2)$, ..., $L − 1$, which "
            "exist for every $L ≥ 2$ (its own example, $L = 4$, has rows $k = 0$, 1, 2, 3). The halving belongs to the "
            "frequency index, $0 ≤ i < d/2$."
        ),
        assumptions=("L a positive integer", "positions are counted from 0"),
        domain={L: (1, 64), k: (0, L - 1)},
        refutes=refutes(
            k, "<", upper(L),
            by="the document's range, for every position k = 0..L − 1 of a length-L sequence",
            witness={L: EXAMPLE_L, k: EXAMPLE_L - 1},
            correction="$0 ≤ k < L$: the positions are 0, ..., $L − 1$ (the i of the formula, not k, stops at $d/2$).",
        ),
        expect="refuted",
        proof=[
            holds("a length-L sequence has L positions", Sum(1, (j, 0, L - 1)), "=", L, by="$k = 0$, ..., $L − 1$"),
            holds("the last position lies below L", L - 1, "<", L, by="$L − (L − 1) = 1 > 0$"),
            holds(
                "for $L = m + 2 ≥ 2$ the last position reaches $L/2$", (m + 2) - 1, ">=", Rational(1, 2) * (m + 2),
                by="$(m + 1) − (m + 2)/2 = m/2 ≥ 0$",
            ),
            holds(
                "the range $k < L/2$ of an even $L = 2h$ holds only h of the 2h positions",
                Sum(1, (j, 0, h - 1)), "<", 2 * h, by="$h < 2h$ for $h ≥ 1$",
            ),
        ],
        numeric=[example_needs_all_rows],
        figure=__import__("derivations._figures_sinusoidal", fromlist=["position_range"]).position_range,
        perturbations={"the range 'fixed' to 0 ≤ k < L": lambda: build(upper=lambda length: length)},
    )


pe_position_range = build()
