"""Add & Norm (S3): y = LN(x + Sublayer(x)) is nn.TransformerEncoderLayer(norm_first=False), the Post-LN layer."""

from __future__ import annotations

from sympy import Matrix, diag, eye, ones, sqrt, symbols

from checker import chain, claim, holds, numeric, rounding_tolerance, source, step

S3 = "003_ead9378479e42bc0.txt"
D = 3  # written out for d_model = 3
x = Matrix(symbols(f"x0:{D}", real=True))
f = Matrix(symbols(f"f0:{D}", real=True))  # Sublayer(x), any values
gamma = Matrix(symbols(f"gamma0:{D}", real=True))
beta = Matrix(symbols(f"beta0:{D}", real=True))
eps = symbols("epsilon", positive=True)
CENTER = eye(D) - ones(D, D) / D  # C = I − 11ᵀ/d


def layer_norm(v: Matrix, g: Matrix, b: Matrix, divisor_offset: int = 0) -> Matrix:
    """(v_i − mean)/sqrt(var + ε)·γ_i + β_i with var = Σ(v − mean)²/(d − divisor_offset)."""
    mean = sum(v) / D
    var = sum((vi - mean) ** 2 for vi in v) / (D - divisor_offset)
    return Matrix([g[i] * (v[i] - mean) / sqrt(var + eps) + b[i] for i in range(D)])


def build(divisor_offset: int = 0) -> object:
    z = x + f  # the residual sum
    y = layer_norm(z, gamma, beta, divisor_offset)
    centered = CENTER * z
    matrix_form = diag(*gamma) * centered / sqrt((z.T * CENTER * z)[0] / D + eps) + beta
    y_plain = layer_norm(z, ones(D, 1), Matrix.zeros(D, 1))  # γ = 1, β = 0
    var_z = (z.T * CENTER * z)[0] / D

    @numeric()
    def encoder_layer_is_post_ln(ctx) -> None:
        """nn.TransformerEncoderLayer(norm_first=False) equals LN(h + FFN(h)), h = LN(x + SA(x)), LN written out"""
        torch = ctx.torch
        F = torch.nn.functional
        dim, heads, hidden = 8, 2, 16
        torch.manual_seed(ctx.seed)
        layer = torch.nn.TransformerEncoderLayer(dim, heads, hidden, dropout=0.0, batch_first=True, norm_first=False)
        layer = layer.to(device=ctx.device, dtype=ctx.dtype).eval()
        with torch.no_grad():
            for norm in (layer.norm1, layer.norm2):  # non-trivial γ, β (they initialise to 1, 0)
                torch.nn.init.normal_(norm.weight)
                torch.nn.init.normal_(norm.bias)
        x_in = 2 * ctx.randn(2, 5, dim)

        def ln(v, norm):
            mean = v.mean(dim=-1, keepdim=True)
            var = ((v - mean) ** 2).sum(dim=-1, keepdim=True) / (dim - divisor_offset)
            return (v - mean) / torch.sqrt(var + norm.eps) * norm.weight + norm.bias

        with torch.no_grad():
            sa = layer.self_attn(x_in, x_in, x_in, need_weights=False)[0]
            h = ln(x_in + sa, layer.norm1)  # Add & Norm 1
            y_post = ln(h + layer.linear2(F.relu(layer.linear1(h))), layer.norm2)  # Add & Norm 2
            sa_pre = layer.self_attn(*(3 * [layer.norm1(x_in)]), need_weights=False)[0]
            h_pre = x_in + sa_pre
            y_pre = h_pre + layer.linear2(F.relu(layer.linear1(layer.norm2(h_pre))))  # Pre-LN: x + Sublayer(LN(x))
            fast = layer(x_in)  # eval + no_grad: the fused fast path
        slow = layer(x_in).detach()  # autograd on: the Python path
        # attention, FFN and the two LayerNorms: ~4d + 2·hidden + 2n roundings on values of size |y|; LN divides
        # by σ, so an absolute error δ in x + Sublayer(x) becomes δ/σ ≤ δ·(4/σ_min)·|γ|
        tol = rounding_tolerance(ctx.dtype, 4 * dim + 2 * hidden + 10, scale=4 * float(y_post.abs().max()))
        ctx.close("norm_first=False (Python path) = LN(x + Sublayer(x))", slow, y_post, tol)
        ctx.close("norm_first=False (fast path) = LN(x + Sublayer(x))", fast, y_post, tol)
        ctx.close("norm_first=False = x + Sublayer(LN(x)) (Pre-LN)", slow, y_pre, tol, expect=False)
        layer.norm_first = True
        with torch.no_grad():
            ctx.close("norm_first=True = x + Sublayer(LN(x)) (Pre-LN)", layer(x_in), y_pre, tol)

    return claim(
        "post-ln-residual",
        title="Add & Norm: $y = \\operatorname{LN}(x + Sublayer(x))$ is `nn.TransformerEncoderLayer` with $norm_{\\text{first}}=False$",
        source=source(S3, "层归一化:对应图中的Norm部分。作用于上述两个子层的输出"),
        statement=(
            "Each sublayer of the original (Post-LN) Transformer block outputs $y = \\operatorname{LN}(x + Sublayer(x))$ with "
            "$\\operatorname{LN}(z)_i = γ_i (z_i − μ)/√(σ² + ε) + β_i$, $μ$ the mean and $σ²$ the biased $(1/d)$ variance over the features; "
            "in matrix form LN(z) $= \\operatorname{diag}(γ)·Cz/√(zᵀCz/d + ε) + β$ with $C = I − 11ᵀ/d$. This is "
            "`nn.TransformerEncoderLayer(norm_first=False)` (dropout 0, eval mode); with $γ = 1$, $β = 0$ the output has "
            "mean 0 and mean square $σ²/(σ² + ε)$ whatever the size of x + Sublayer(x). Pre-LN, x + Sublayer(LN(x)), "
            "is a different function $(norm_{\\text{first}}=True)$."
        ),
        assumptions=(f"written out for d_model = {D}", "ε > 0", "Sublayer(x) any vector f", "dropout 0, eval mode"),
        proof=[
            chain(
                "LayerNorm of the residual sum, in matrix form",
                y,
                step(matrix_form, by="$z − μ1 =$ Cz and $\\sum (z_i − μ)² = ‖Cz‖² = zᵀCz$ (C symmetric, $C² = C$); biased variance /d"),
            ),
            holds("C is idempotent", CENTER * CENTER, "=", CENTER, by="$(I − P)² = I − 2P + P² = I − P$ for $P = 11ᵀ/d$, $P² = P$"),
            holds("$γ = 1$, $β = 0$: the output has mean 0", sum(y_plain) / D, "=", 0, by="$\\sum _i (z_i − μ) = 0$"),
            holds(
                "$γ = 1$, $β = 0$: mean square $σ²/(σ² + ε)$",
                sum(v**2 for v in y_plain) / D, "=", var_z / (var_z + eps),
                by="$\\sum (z_i − μ)²/d = σ²$, divided by $σ² + ε$",
            ),
        ],
        numeric=[encoder_layer_is_post_ln],
        perturbations={"unbiased variance 1/(d−1) in LN": lambda: build(divisor_offset=1)},
    )


post_ln_residual = build()
