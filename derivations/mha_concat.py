"""Multi-head attention (S3): the heads are concatenated AND projected by W^O; 4d²+4d parameters for any h."""

from __future__ import annotations

from sympy import Derivative, Matrix, exp, eye, symbols

from checker import chain, claim, holds, numeric, refutes, rounding_tolerance, source, step

S3 = "003_ead9378479e42bc0.txt"
N_TOK, D_MODEL, HEADS = 2, 2, 2  # written out for 2 tokens, d = 2, h = 2 (head size 1)
X = Matrix(N_TOK, D_MODEL, symbols(f"x0:{N_TOK * D_MODEL}", real=True))
W_Q = Matrix(D_MODEL, D_MODEL, symbols(f"wq0:{D_MODEL**2}", real=True))
W_K = Matrix(D_MODEL, D_MODEL, symbols(f"wk0:{D_MODEL**2}", real=True))
W_V = Matrix(D_MODEL, D_MODEL, symbols(f"wv0:{D_MODEL**2}", real=True))
W_O = Matrix(D_MODEL, D_MODEL, symbols(f"wo0:{D_MODEL**2}", real=True))
H1 = Matrix(N_TOK, 1, symbols(f"h1_0:{N_TOK}", real=True))  # any head outputs, for the block identity
H2 = Matrix(N_TOK, 1, symbols(f"h2_0:{N_TOK}", real=True))
d, h = symbols("d h", positive=True, integer=True)

SWAP = Matrix([[0, 1], [1, 0]])


def head(col: int) -> Matrix:
    """softmax(Q_h K_hᵀ/√1) V_h with Q_h = X W^Q[:, h] (head size 1)."""
    q, k, v = X * W_Q[:, col], X * W_K[:, col], X * W_V[:, col]
    scores = q * k.T
    out = Matrix.zeros(N_TOK, 1)
    for r in range(N_TOK):
        den = sum(exp(scores[r, c]) for c in range(N_TOK))
        out[r, 0] = sum(exp(scores[r, c]) * v[c, 0] for c in range(N_TOK)) / den
    return out


def split_heads(t: object, heads: int) -> object:
    """(batch, n, d) -> (batch, heads, n, d/h), the layout nn.MultiheadAttention uses."""
    return t.unflatten(-1, (heads, t.shape[-1] // heads)).transpose(1, 2)


def build(witness_w_o: Matrix = SWAP, out_identity: bool = False) -> object:
    concat = Matrix.hstack(*[head(c) for c in range(HEADS)])
    witness = {s: 0 for s in X.free_symbols | W_Q.free_symbols | W_K.free_symbols | W_V.free_symbols}
    for m in (X, W_Q, W_K, W_V):
        for r in range(D_MODEL):
            witness[m[r, r]] = 1  # X = W^Q = W^K = W^V = I
    witness.update({W_O[r, c]: witness_w_o[r, c] for r in range(D_MODEL) for c in range(D_MODEL)})
    param_count = h * 3 * (d * (d / h) + d / h) + d**2 + d  # h heads of W^Q_j, W^K_j, W^V_j (+ bias), then W^O

    @numeric()
    def multihead_in_torch(ctx) -> None:
        """nn.MultiheadAttention equals Concat(SDPA per head)·W^O + b^O; concatenation alone does not"""
        torch = ctx.torch
        F = torch.nn.functional
        dim, n = 8, 5
        x = ctx.randn(2, n, dim)
        for heads in (1, 2, 4):
            torch.manual_seed(ctx.seed)
            mha = torch.nn.MultiheadAttention(dim, heads, batch_first=True).to(device=ctx.device, dtype=ctx.dtype)
            with torch.no_grad():
                torch.nn.init.normal_(mha.in_proj_bias)  # nonzero biases (the default initialises them to 0)
                torch.nn.init.normal_(mha.out_proj.bias)
                if out_identity:
                    mha.out_proj.weight.copy_(torch.eye(dim))
                    mha.out_proj.bias.zero_()
            got = mha(x, x, x, need_weights=False)[0].detach()  # training mode, autograd on: the Python path
            with torch.no_grad():
                fast = mha.eval()(x, x, x, need_weights=False)[0]  # eval + no_grad: the fused fast path
                w_q, w_k, w_v = mha.in_proj_weight.chunk(3)
                b_q, b_k, b_v = mha.in_proj_bias.chunk(3)
                q, k, v = (split_heads(x @ w.T + b, heads) for w, b in ((w_q, b_q), (w_k, b_k), (w_v, b_v)))
                concat_heads = F.scaled_dot_product_attention(q, k, v).transpose(1, 2).flatten(-2)  # Concat(head_j)
                expected = concat_heads @ mha.out_proj.weight.T + mha.out_proj.bias
            # in_proj and out_proj: d-term dot products; attention: d/h-term scores and n-term sums
            tol = rounding_tolerance(ctx.dtype, 2 * dim + dim // heads + 2 * n, scale=float(expected.abs().max()))
            ctx.close(f"h={heads}: MHA = Concat(heads)·W^O + b^O", got, expected, tol)
            ctx.close(f"h={heads}: fused eval path = Concat(heads)·W^O + b^O", fast, expected, tol)
            ctx.close(f"h={heads}: MHA = Concat(heads) (no W^O)", got, concat_heads, tol, expect=False)
        for heads in (1, 2, 4, 8):
            mha = torch.nn.MultiheadAttention(dim, heads)
            ctx.exact(f"h={heads}: parameter count = 4d² + 4d = {4 * dim**2 + 4 * dim}",
                      sum(p.numel() for p in mha.parameters()), 4 * dim**2 + 4 * dim)

    return claim(
        "mha-concat",
        title="Multi-head attention concatenates the heads and then projects with $W^O$; $4d²+4d$ parameters for any h",
        source=source(S3, "最终将结果拼接起来"),
        statement=(
            "MHA(X) $= \\operatorname{Concat}(\\operatorname{head}_1, …, \\operatorname{head}_h)·W^O (+ b^O)$, $\\operatorname{head}_j = \\operatorname{Attn}(XW^Q_j, XW^K_j, XW^V_j)$; this is what "
            "`nn.MultiheadAttention` computes. $\\operatorname{Concat}(...)·W^O = \\sum _j \\operatorname{head}_j·W^O_j$ mixes the heads, so the source's "
            "'concatenate the results' alone (no $W^O$) is not the output. With $W^Q_j$, $W^K_j$, $W^V_j ∈ \\mathbb{R}^{d×d/h}$ and "
            "biases, the parameter count is $3h(d·d/h + d/h) + d² + d = 4d² + 4d$, independent of h."
        ),
        assumptions=(f"symbolic part written out for n = {N_TOK} tokens, d = {D_MODEL}, h = {HEADS}", "h divides d",
                     "no mask, no dropout"),
        refutes=refutes(
            concat * W_O, "=", concat,
            by="the source's output: the concatenated heads, with no output projection",
            witness=witness,
            correction="MHA(X) $= \\operatorname{Concat}(\\operatorname{head}_1, …, \\operatorname{head}_h)·W^O$: the concatenation is followed by the learned $W^O$",
        ),
        expect="refuted",
        proof=[
            chain(
                "$\\operatorname{Concat}·W^O$ is a sum over heads",
                Matrix.hstack(H1, H2) * W_O,
                step(H1 * W_O[0:1, :] + H2 * W_O[1:2, :], by="block product: $W^O$ split into one row block per head"),
            ),
            chain(
                "parameter count",
                param_count,
                step(4 * d**2 + 4 * d, by="$h·3(d·d/h + d/h) = 3d² + 3d$: the head size $d/h$ cancels the number of heads"),
            ),
            holds("independent of the number of heads", Derivative(param_count, h), "=", 0,
                  by="$∂(4d² + 4d)/∂h = 0$"),
        ],
        uses=("attention-formula",),
        numeric=[multihead_in_torch],
        perturbations={"W^O = I (concatenation alone would match)": lambda: build(eye(D_MODEL), out_identity=True)},
    )


mha_concat = build()
