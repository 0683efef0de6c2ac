"""'The word at this position gets the highest softmax score' (S3) is false in general self-attention."""

from __future__ import annotations

from sympy import Integer, Rational, exp, sqrt, symbols

from checker import chain, claim, holds, numeric, refutes, source, step

S3 = "003_ead9378479e42bc0.txt"
x11, x12, x21, x22 = symbols("x11 x12 x21 x22", real=True)  # x₁ = (x11, x12), x₂ = (x21, x22)
u1, u2, w1, w2 = symbols("u1 u2 w1 w2", real=True)  # u = W x_i, w = W x_j (shared W^Q = W^K = W)
s_self, s_other = symbols("s_self s_other", real=True)  # two scores of one row


def build(second_token: tuple = (2, 0)) -> object:
    # W^Q = W^K = I, d_k = 2: the scores of token 1 are x₁·x₁/√2 and x₁·x₂/√2.
    s11 = (x11 * x11 + x12 * x12) / sqrt(2)
    s12 = (x11 * x21 + x12 * x22) / sqrt(2)
    weight_self = exp(s11) / (exp(s11) + exp(s12))
    weight_other = exp(s12) / (exp(s11) + exp(s12))
    witness = {x11: Integer(1), x12: Integer(0), x21: Rational(second_token[0]), x22: Rational(second_token[1])}

    @numeric()
    def sdpa_counterexample(ctx) -> None:
        """F.scaled_dot_product_attention with W^Q = W^K = I on x₁=(1,0), x₂=(2,0): token 1 attends most to token 2"""
        from derivations._attention import weights

        torch = ctx.torch
        x = torch.tensor([[1.0, 0.0], [float(second_token[0]), float(second_token[1])]], device=ctx.device, dtype=ctx.dtype)
        a = weights(torch, x, x)  # q = x W^Q, k = x W^K with W^Q = W^K = I
        ctx.exact("row 1: argmax_j a_1j is j = 1 (source)", int(a[0].argmax()), 0, expect=False,
                  detail=f"a_1 = {[round(float(v), 4) for v in a[0]]}")

    @numeric()
    def corrected_statement(ctx) -> None:
        """with W^Q = W^K and equal-norm projections the diagonal wins; nn.MultiheadAttention in general does not"""
        from derivations._attention import weights

        torch = ctx.torch
        n, dim = 16, 8
        x = ctx.randn(n, dim)
        proj = torch.nn.functional.normalize(x @ ctx.randn(dim, dim, gen=ctx.generator(1)), dim=-1)  # ‖W x_i‖ = 1
        a = weights(torch, proj, proj)
        ctx.exact("W^Q = W^K, ‖Wx_i‖ equal: argmax of every row is the diagonal", a.argmax(dim=-1).tolist(), list(range(n)))
        torch.manual_seed(ctx.seed)
        mha = torch.nn.MultiheadAttention(dim, 1, batch_first=True).to(device=ctx.device, dtype=ctx.dtype)
        _, attn = mha(x[None], x[None], x[None], need_weights=True)
        self_wins = int((attn[0].argmax(dim=-1) == torch.arange(n, device=ctx.device)).sum())
        ctx.exact("nn.MultiheadAttention (independent W^Q, W^K): every row's argmax is the diagonal", self_wins, n,
                  expect=False, detail=f"the diagonal wins in {self_wins} of {n} rows")

    return claim(
        "self-token-max-score",
        title="A token need not give itself the highest attention weight",
        source=source(S3, "显然,已经在这个位置上的单词将获得最高的softmax分数"),
        statement=(
            "The source says the word at the current position always gets the highest softmax score. False: with "
            "$W^Q = W^K = I$, $x₁ =$ (1, 0), $x₂ =$ (2, 0), token 1 scores $x₁·x₂ = 2 > x₁·x₁ = 1$. Corrected: with "
            "$W^Q = W^K = W$ and $u_i = W x_i$, $s_{ii} − s_{ij} = ½‖u_i − u_j‖² + ½(‖u_i‖² − ‖u_j‖²)$ (times $1/\\sqrt{d_k}$), "
            "so the diagonal wins when $W^Q = W^K$ and the projected norms are equal; neither holds in general."
        ),
        assumptions=("self-attention, scores q_i·k_j/√d_k, d_k = 2 in the counterexample",
                     "the corrected statement: W^Q = W^K, written out for d_k = 2"),
        refutes=refutes(
            weight_self, ">=", weight_other,
            by="softmax weight of token 1 on itself ≥ its weight on token 2, for every $x₁$, $x₂ (W^Q = W^K = I)$",
            witness=witness,
            correction="true only under extra conditions, e.g. $W^Q = W^K$ and $‖W^Q x_i‖$ equal for all i",
        ),
        expect="refuted",
        proof=[
            chain(
                "self-score minus cross-score, $W^Q = W^K$",
                (u1**2 + u2**2) - (u1 * w1 + u2 * w2),
                step(((u1 - w1) ** 2 + (u2 - w2) ** 2) / 2 + (u1**2 + u2**2 - w1**2 - w2**2) / 2,
                     by="$u·u − u·w = ½‖u − w‖² + ½(‖u‖² − ‖w‖²)$"),
            ),
            holds("equal norms ⇒ the diagonal wins", ((u1 - w1) ** 2 + (u2 - w2) ** 2) / 2, ">=", 0,
                  by="a sum of squares; the norm term vanishes when $‖u‖ = ‖w‖$"),
            holds("softmax keeps the order of the scores",
                  exp(s_self) / (exp(s_self) + exp(s_other)) - exp(s_other) / (exp(s_self) + exp(s_other)), "=",
                  (exp(s_self) - exp(s_other)) / (exp(s_self) + exp(s_other)),
                  by="common denominator; the sign is that of $s_{\\text{self}} − s_{\\text{other}}$ since exp is increasing"),
        ],
        uses=("attention-formula",),
        numeric=[sdpa_counterexample, corrected_statement],
        figure=__import__("derivations._figures_attention", fromlist=["self_token_weights"]).self_token_weights,
        perturbations={"x₂ = (1/2, 0): no longer a counterexample": lambda: build(second_token=(Rational(1, 2), 0))},
    )


self_token_max_score = build()
