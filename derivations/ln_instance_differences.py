"""LayerNorm erases some differences between samples (LN(2a+3) = LN(a)); BatchNorm keeps samples apart (S3)."""

from __future__ import annotations

from sympy import Add, Matrix, evaluate, ones, sqrt, symbols

from checker import Tolerance, chain, claim, holds, numeric, refutes, source, step

S3 = "003_ead9378479e42bc0.txt"
D = 3  # features, written out
a = Matrix(symbols(f"a0:{D}", real=True))
lam = symbols("lambda", positive=True)
beta, c_const = symbols("beta c", real=True)
s = symbols("s", positive=True)  # s = a_j + 3 for a feature with a_j > −3
t, mu, x_b, x_c, m_batch = symbols("t mu x_b x_c m", real=True)  # an entry, a mean; two samples' feature, its batch mean
sigma, sigma_batch = symbols("sigma sigma_B", positive=True)


def mean(values: list) -> object:
    return Add(*values) / len(values)


def variance(values: list) -> object:
    mu = mean(values)
    return mean([(v - mu) ** 2 for v in values])


def normalize(values: list) -> list:
    """(v − mean)/σ with the biased σ and ε = 0: the exact normalization (0/0 when σ = 0)."""
    mu, sigma = mean(values), sqrt(variance(values))
    return [(v - mu) / sigma for v in values]


def layer_norm(vec: Matrix) -> Matrix:
    """LayerNorm of one sample: statistics over its own features."""
    return Matrix(normalize(list(vec)))


def batch_norm_pair(first: Matrix, second: Matrix) -> tuple[Matrix, Matrix]:
    """BatchNorm (training) of the batch {first, second}: each feature over the two samples."""
    cols = [normalize([first[j], second[j]]) for j in range(len(first))]
    return Matrix([col[0] for col in cols]), Matrix([col[1] for col in cols])


def sq_norm(v: Matrix) -> object:
    return (v.T * v)[0, 0]


def build(scale: int = 2, shift: int = 3) -> object:
    partner = scale * a + shift * ones(D, 1)  # the second sample of the source-statement check
    bn_first, bn_second = batch_norm_pair(a, partner)
    ln_gap = sq_norm(layer_norm(partner) - layer_norm(a))
    with evaluate(False):  # keep the mean and σ of λa + β visible: λμ + β and √(λ²σ²)
        positive_map = ((lam * t + beta) - (lam * mu + beta)) / sqrt(lam**2 * sigma**2)
        negative_map = ((-lam * t + beta) - (-lam * mu + beta)) / sqrt((-lam) ** 2 * sigma**2)
        constant_variance = variance([c_const] * D)
        pair_feature = Matrix(normalize([s - 3, 2 * (s - 3) + 3]))
    bn_gap = sq_norm(bn_second - bn_first)

    @numeric()
    def layernorm_merges_batchnorm_separates(ctx) -> None:
        """nn.LayerNorm maps a and λa+β to the same output; nn.BatchNorm1d (training) keeps them 2 apart per feature"""
        torch = ctx.torch
        d, batch = 16, 8
        torch.manual_seed(ctx.seed)
        ln = torch.nn.LayerNorm(d).to(device=ctx.device, dtype=ctx.dtype)  # default ε = 1e-5
        bn = torch.nn.BatchNorm1d(d).to(device=ctx.device, dtype=ctx.dtype)  # training mode
        x = ctx.randn(batch, d, gen=ctx.generator(1))
        x[1] = scale * x[0] + shift  # the pair a, λa+β inside a batch
        with torch.no_grad():
            out = ln(x)
            # Error model: LN_ε(v) = z·σ/√(σ² + ε) with z the exact normalization, so each row is within
            # |z|·ε/(2σ²) of z; plus reductions over d features (≤ 4·d·eps relative on |z| ≤ √(d−1)).
            sigma2 = x[0].var(unbiased=False)
            z_max = float((d - 1) ** 0.5)
            atol = z_max * (ln.eps / (2 * float(sigma2)) + 8 * d * ctx.eps)
            tol = Tolerance(0.0, atol, f"ε/(2σ²)·|z| with σ² = {float(sigma2):.2f}, + 8·d·eps·|z|")
            ctx.close(f"LN(a) = LN({scale}a + {shift})", out[1], out[0], tol)
            far = bn(x)
            gap_bn = far[1] - far[0]
            ctx.close(f"BN(a) = BN({scale}a + {shift}) (batch of {batch})", far[1], far[0], tol, expect=False)
            # BatchNorm is an injective affine map per feature: BN(x_b) − BN(x_c) = (x_b − x_c)/√(v + ε)
            v = x.var(dim=0, unbiased=False)
            ctx.close("BN(x_1) − BN(x_0) = (x_1 − x_0)/√(v + ε)", gap_bn, (x[1] - x[0]) / torch.sqrt(v + bn.eps),
                      Tolerance(16 * batch * ctx.eps, 16 * batch * ctx.eps, f"reductions over B={batch}"))
            pair = bn(x[:2])  # the batch {a, 2a+3} alone: every feature becomes ∓1
            sign = torch.sign(x[1] - x[0])
            half_gap = (x[1] - x[0]).abs() / 2
            ctx.close(f"batch {{a, {scale}a + {shift}}}: BN = ∓1 per feature", pair, torch.stack([-sign, sign]),
                      Tolerance(8 * ctx.eps, float((bn.eps / (2 * half_gap**2)).max()) + 8 * ctx.eps,
                                "ε/(2·(Δ/2)²) from BatchNorm's ε, + roundings"))

    @numeric()
    def side_conditions(ctx) -> None:
        """the side conditions in torch: a negative scale flips LN's sign; a constant row is 0/0 without ε"""
        torch = ctx.torch
        d = 16
        ln = torch.nn.LayerNorm(d, elementwise_affine=False).to(device=ctx.device, dtype=ctx.dtype)
        exact_ln = torch.nn.LayerNorm(d, eps=0.0, elementwise_affine=False).to(device=ctx.device, dtype=ctx.dtype)
        a_vec = ctx.randn(d, gen=ctx.generator(2))
        tol = Tolerance(8 * d * ctx.eps, 8 * d * ctx.eps * d**0.5, f"reductions over d={d}, |z| ≤ √d")
        with torch.no_grad():
            ctx.close("ε = 0: LN(−2a + 3) = −LN(a)", exact_ln(-2 * a_vec + 3), -exact_ln(a_vec), tol)
            constant = torch.full((d,), 3.0, device=ctx.device, dtype=ctx.dtype)
            ctx.exact("ε = 0: LN(3·1) is NaN (0/0)", bool(exact_ln(constant).isnan().all()), True)
            ctx.exact("ε = 1e-5: LN(3·1) = 0", bool((ln(constant) == 0).all()), True)

    return claim(
        "ln-preserves-instance-differences",
        title="LayerNorm does not preserve the differences between samples: $\\operatorname{LN}(λa + β) =$ LN(a); BatchNorm keeps them",
        source=source(S3, "LN:保持样本间差异"),
        statement=(
            "The source: LN keeps the differences between samples and BN weakens them, i.e. LN retains at least "
            "as much of the difference between two samples as BN: $‖\\operatorname{LN}(a') − \\operatorname{LN}(a)‖² ≥ ‖\\operatorname{BN}(a') − \\operatorname{BN}(a)‖²$. False: "
            "with $ε = 0$, $\\operatorname{LN}(λa + β·1) =$ LN(a) for every $λ > 0$ and $β$ (and $= −\\operatorname{LN}(a)$ for $λ < 0$), defined when a is not "
            "constant (a constant a gives $0/0$); so a and $2a + 3$ become identical. BatchNorm in training mode is an "
            "injective affine map per feature, $\\operatorname{BN}(x_b) − \\operatorname{BN}(x_c) = (x_b − x_c)/σ_{\\text{batch}}$, so distinct samples of a "
            "batch stay distinct: in the batch ${a, 2a + 3}$ every feature with $a_j ≠ −3$ becomes $∓1$."
        ),
        assumptions=(f"a real, not constant (σ > 0); written out for d = {D}", "λ > 0, β real",
                     "ε = 0 in the algebra; torch's ε = 1e-5 enters the numeric tolerance as ε/(2σ²)"),
        refutes=refutes(
            ln_gap, ">=", bn_gap,
            by=f"the source: LN keeps at least as much difference as BN, for a' = {scale}a + {shift}",
            witness={a[0]: 0, a[1]: 1, a[2]: 2},
            correction=(
                "LN is invariant under positive affine maps of a sample, so it merges a and $λa + β (λ > 0)$; "
                "BN keeps distinct samples of a batch distinct."
            ),
        ),
        expect="refuted",
        uses=("layernorm-batch-independence",),
        proof=[
            holds("mean of $λa + β·1$", mean(list(lam * a + beta * ones(D, 1))), "=", lam * mean(list(a)) + beta,
                  by="the mean is linear"),
            holds("variance of $λa + β·1$", variance(list(lam * a + beta * ones(D, 1))), "=", lam**2 * variance(list(a)),
                  by="the shift cancels in the deviations, the scale comes out squared"),
            chain(
                "LN is invariant under positive affine maps (any d, entry t of a)",
                positive_map,
                step((t - mu) / sigma, by="$√(λ²σ²) = λσ$ for $λ > 0$, and $λ$ cancels"),
            ),
            chain(
                "side condition: a negative scale flips the sign",
                negative_map,
                step(-(t - mu) / sigma, by="$√(λ²σ²) = |−λ|σ$"),
            ),
            holds("side condition: a constant sample has $σ² = 0$ (LN is $0/0$)", constant_variance, "=", 0,
                  by="every entry equals the mean"),
            chain(
                "BN keeps the samples of a batch apart (one feature)",
                (x_b - m_batch) / sigma_batch - (x_c - m_batch) / sigma_batch,
                step((x_b - x_c) / sigma_batch, by="the same batch mean and $σ$ for every sample of the feature"),
            ),
            holds(
                "BN of the batch ${a, 2a + 3}$, a feature with $a_j = s − 3 > −3$",
                pair_feature, "=", Matrix([-1, 1]),
                by="mean $(3s − 6)/2$, deviations $∓s/2$, $σ = s/2$",
            ),
        ],
        numeric=[layernorm_merges_batchnorm_separates, side_conditions],
        perturbations={
            "a' = −a + 3 (negative scale): the source's comparison holds": lambda: build(scale=-1, shift=3),
        },
    )


ln_preserves_instance_differences = build()
