"""LayerNorm normalizes each sample by its own statistics; BatchNorm in training mode mixes the batch (S3)."""

from __future__ import annotations

from sympy import Derivative, Matrix, Rational, sqrt, symbols, zeros

from checker import Tolerance, chain, claim, holds, numeric, source, step
from derivations._calculus import jacobian

S3 = "003_ead9378479e42bc0.txt"
D = 3  # features, written out
B = 3  # samples in the symbolic batch
X = Matrix(B, D, symbols(f"x0:{B * D}", real=True))
eps = symbols("epsilon", positive=True)
u, w = symbols("u w", real=True)  # one feature of sample 0 and sample 1 (batch of two)
r_mean, r_var = symbols("m_run", real=True), symbols("v_run", positive=True)


def mean(values: list) -> object:
    return sum(values) / len(values)


def normalize(values: list, epsilon: object) -> list:
    """(v − mean) / sqrt(biased variance + ε), the formula of nn.LayerNorm and nn.BatchNorm1d."""
    mu = mean(values)
    var = mean([(v - mu) ** 2 for v in values])
    return [(v - mu) / sqrt(var + epsilon) for v in values]


def layer_norm(batch: Matrix, axis: str = "features") -> Matrix:
    """Normalize every row over its features (LayerNorm), or every column over the batch (BatchNorm's axis)."""
    if axis == "features":
        return Matrix([normalize(list(batch.row(b)), eps) for b in range(batch.rows)])
    return Matrix([normalize(list(batch.col(j)), eps) for j in range(batch.cols)]).T


def others(b: int) -> Matrix:
    """The entries of every sample except b, as a column."""
    return Matrix([X[c, j] for c in range(B) if c != b for j in range(D)])


def build(ln_axis: str = "features", eps_factor: int = 4) -> object:
    ln = layer_norm(X, ln_axis)
    bn_pair = normalize([u, w], eps)[0]  # BatchNorm1d (training) output of sample 0, batch of two
    closed = (u - w) / sqrt((u - w) ** 2 + eps_factor * eps)

    @numeric()
    def layernorm_is_per_sample(ctx) -> None:
        """nn.LayerNorm: sample b's output is the same alone, in the batch, and with other samples replaced"""
        torch = ctx.torch
        batch, seq, d = 8, 5, 16
        torch.manual_seed(ctx.seed)
        norm = torch.nn.LayerNorm(d).to(device=ctx.device, dtype=ctx.dtype)
        with torch.no_grad():  # a trained-looking affine part instead of the (1, 0) initialisation
            norm.weight.copy_(1 + ctx.randn(d, gen=ctx.generator(1)))
            norm.bias.copy_(ctx.randn(d, gen=ctx.generator(2)))

        def apply(x):
            if ln_axis == "features":
                return norm(x)
            # the perturbation: LayerNorm's formula taken over the batch axis (BatchNorm's axis)
            return torch.nn.functional.layer_norm(x.movedim(0, -1), (x.shape[0],)).movedim(-1, 0)

        x = ctx.randn(batch, seq, d, gen=ctx.generator(3))
        other = 100 * ctx.randn(batch, seq, d, gen=ctx.generator(4)) + 7
        other[0] = x[0]
        # Error model: the two runs differ only in reduction order over d features (≤ d·eps relative
        # on mean and variance), on outputs |γ·z + β| ≤ |γ|·√(d−1) + |β|.
        scale = float((norm.weight.abs() * (d - 1) ** 0.5 + norm.bias.abs()).max().detach())
        tol = Tolerance(4 * d * ctx.eps, 4 * d * ctx.eps * scale, f"reduction order over d={d}, |out| ≤ {scale:.1f}")
        with torch.no_grad():
            full = apply(x)
            ctx.close("LN(batch)[0] = LN(x_0 alone)", full[:1], apply(x[:1]), tol)
            ctx.close("LN(batch)[0] = LN(other batch containing x_0)[0]", full[0], apply(other)[0], tol)
            ctx.close("LN(batch)[b] = LN(x_b alone) for every b", full, torch.cat([apply(x[b:b + 1]) for b in range(batch)]),
                      tol)

    @numeric()
    def batchnorm_mixes_the_batch(ctx) -> None:
        """nn.BatchNorm1d in training mode: sample 0's output moves with the others; eval mode does not"""
        torch = ctx.torch
        batch, d, bn_eps = 8, 16, 0.25  # a large ε makes its 4ε term visible in the two-sample formula
        torch.manual_seed(ctx.seed)
        bn = torch.nn.BatchNorm1d(d, eps=bn_eps).to(device=ctx.device, dtype=ctx.dtype)
        x = ctx.randn(batch, d, gen=ctx.generator(5))
        other = 3 * ctx.randn(batch, d, gen=ctx.generator(6)) + 2
        other[0] = x[0]
        tol = Tolerance(4 * batch * ctx.eps, 4 * batch * ctx.eps * batch**0.5, f"reduction order over B={batch}")
        with torch.no_grad():
            bn.train()
            ctx.close("train: BN(batch)[0] = BN(other batch containing x_0)[0]", bn(x)[0], bn(other)[0], tol,
                      expect=False)
            pair = x[:2]
            got = bn(pair)[0]
            diff = pair[0] - pair[1]
            formula = diff / torch.sqrt(diff**2 + eps_factor * bn_eps)
            ctx.close(f"train, batch of two: BN = (u − w)/√((u − w)² + {eps_factor}ε)", got, formula,
                      Tolerance(8 * ctx.eps, 8 * ctx.eps, "a few roundings on values ≤ 1"))
            bn.eval()  # running statistics now, the same for every sample
            ctx.close("eval: BN(batch)[0] = BN(other batch containing x_0)[0]", bn(x)[0], bn(other)[0],
                      Tolerance(4 * ctx.eps, 4 * ctx.eps * 10, "elementwise: a few roundings"))

    return claim(
        "layernorm-batch-independence",
        title="LayerNorm's output for a sample depends on that sample only; BatchNorm in training mode depends on the batch",
        source=source(S3, "LN对每个样本独立计算统计值"),
        statement=(
            "$\\operatorname{LN}(x_b) = γ ⊙ (x_b − μ_b)/√(σ_b² + ε) + β$ with $μ_b$, $σ_b²$ the mean and biased variance of $x_b's$ own "
            "d features: $∂\\operatorname{LN}(X)_b/∂x_c = 0$ for $c ≠ b$, so $\\operatorname{LN}(X)_b = \\operatorname{LN}(x_b)$ whatever the batch. BatchNorm in "
            "training mode normalizes each feature by the batch mean and variance; for a batch of two its output "
            "for sample 0 is $(u − w)/√((u − w)² + 4ε)$, with $∂/∂w = −4ε/((u − w)² + 4ε)^{3/2} < 0$. In eval mode "
            "BatchNorm uses running statistics and is per-sample too."
        ),
        assumptions=(f"x real; ε > 0; written out for d = {D} features and a batch of {B}",
                     "BatchNorm: training mode, biased batch variance (as nn.BatchNorm1d normalizes)"),
        proof=[
            holds(
                "LN of sample b is free of every other sample", jacobian(ln.row(0), others(0)), "=", zeros(D, (B - 1) * D),
                by="$μ_b$ and $σ_b²$ are means over sample b's own features",
            ),
            holds(
                "LN of the last sample in the batch is LN of that sample alone",
                ln.row(B - 1), "=", Matrix([normalize(list(X.row(B - 1)), eps)]),
                by="the statistics of row b are taken over row b",
            ),
            chain(
                "BatchNorm (training), batch of two: output of sample 0",
                bn_pair,
                step((u - w) / 2 / sqrt((u - w) ** 2 / 4 + eps), by="batch mean $(u + w)/2$, biased variance $(u − w)²/4$"),
                step(closed, by="take $1/4$ out of the root"),
            ),
            chain(
                "it depends on the other sample",
                Derivative(closed, w),
                step(-4 * eps / ((u - w) ** 2 + 4 * eps) ** Rational(3, 2), by="quotient rule"),
                step(0, rel="<", by="$ε > 0$"),
            ),
            holds(
                "eval mode: running statistics make BatchNorm per-sample",
                jacobian(Matrix([(X[0, 0] - r_mean) / sqrt(r_var + eps)]), others(0)), "=", zeros(1, (B - 1) * D),
                by="$m_{\\text{run}}$ and $v_{\\text{run}}$ are buffers, not functions of the batch",
            ),
        ],
        numeric=[layernorm_is_per_sample, batchnorm_mixes_the_batch],
        perturbations={
            "LayerNorm's statistics taken over the batch axis": lambda: build(ln_axis="batch"),
            "two-sample BatchNorm with ε instead of 4ε": lambda: build(eps_factor=1),
        },
    )


layernorm_batch_independence = build()
