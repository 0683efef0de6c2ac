"""The "anti-overfitting bound" of randomized PE (S0) controls Δ − EΔ, not the overfitting gap Δ."""

from __future__ import annotations

import math

from sympy import Rational, evaluate, exp, symbols
from sympy.stats import E, Normal, P

from checker import chain, claim, holds, numeric, refutes, source, step

S0 = "000_7dedaa2d1369b3c5.txt"
delta = symbols("delta", real=True)  # E Δ: the part of the gap that does not depend on the PE draw
sigma, eps, t = symbols("sigma epsilon t", positive=True)
Z = Normal("Z", 0, 1)
Delta = delta + sigma * Z  # the gap over PE draws: its mean plus a PE-driven N(0, σ²) fluctuation
WITNESS = {delta: Rational(1), sigma: Rational(1, 2), eps: Rational(1)}
LAMBDAS = (0.0, 0.01)  # how much the model reads the PE: not at all, and barely
EPS = 1.0
K_DRAWS = 200  # PE draws per model, fixed in advance (Clopper–Pearson at 99.9 %)
VOCAB, WIDTH, SEQ, CLASSES, N_EXAMPLES, MARGIN = 64, 32, 6, 4, 16, 10.0


def build(centred: bool = False) -> object:
    """``centred``: state the source's bound for Δ − EΔ (what the argument supports) instead of Δ."""
    gap = Delta - delta if centred else Delta
    with evaluate(False):  # the exponent before and after substituting t* = (ε − δ)/σ²
        at_optimum = exp(-((eps - delta) / sigma**2) * (eps - delta) + sigma**2 * ((eps - delta) / sigma**2) ** 2 / 2)

    @numeric()
    def overfit_model_in_torch(ctx) -> None:
        """a memorizing classifier that ignores (or barely reads) the random PE: Δ ≥ ε for every PE draw"""
        torch = ctx.torch
        F = torch.nn.functional
        torch.manual_seed(ctx.seed)
        emb = torch.nn.Embedding(VOCAB, WIDTH).to(device=ctx.device, dtype=ctx.dtype)
        gen = ctx.generator(1)
        x_train, x_test = (torch.randint(0, VOCAB, (N_EXAMPLES, SEQ), generator=gen, device=ctx.device) for _ in "ab")
        y_train, y_test = (torch.randint(0, CLASSES, (N_EXAMPLES,), generator=gen, device=ctx.device) for _ in "ab")
        pe_gen = ctx.generator(2)

        def random_pe(*batch: int) -> object:  # the seed's randomized_position_encoding, in torch
            return torch.randn(*batch, SEQ, WIDTH, generator=pe_gen, device=ctx.device, dtype=ctx.dtype)

        with torch.no_grad():
            for lam in LAMBDAS:
                def features(x: object, pe: object, lam: float = lam) -> object:
                    return (emb(x) + lam * pe[..., None, :, :]).mean(-2)  # mean-pooled e + λ·p

                # Memorize: the minimum-norm linear head that puts margin MARGIN on every training label.
                targets = MARGIN * (F.one_hot(y_train, CLASSES).to(ctx.dtype) - 1 / CLASSES)
                head = torch.linalg.pinv(features(x_train, random_pe())) @ targets

                def loss(x: object, y: object, pe: object, head: object = head) -> object:
                    logits = features(x, pe) @ head  # (K, N, C)
                    per_example = F.cross_entropy(logits.flatten(0, 1), y.repeat(K_DRAWS), reduction="none")
                    return per_example.view(K_DRAWS, N_EXAMPLES).mean(1)

                gaps = loss(x_test, y_test, random_pe(K_DRAWS)) - loss(x_train, y_train, random_pe(K_DRAWS))
                if centred:
                    gaps = gaps - gaps.mean()
                constant = bool((gaps == gaps[0]).all())
                var = 0.0 if constant else float(gaps.var())
                bound = 0.0 if var == 0.0 else math.exp(-(EPS**2) / (2 * var))  # exp(−ε²/2σ²), σ² → 0 gives 0
                if lam == 0.0:
                    ctx.exact("λ = 0: Δ is the same for every PE draw (Var_PE Δ = 0)", constant, True)
                ctx.bound(f"λ = {lam:g}: P(Δ ≥ ε) ≤ exp(−ε²/2σ²), ε = {EPS:g}, σ² = Var_PE Δ = {var:.2g} (source)",
                          int((gaps >= EPS).sum()), K_DRAWS, bound, side="below", expect=False)

    return claim(
        "randpe-antioverfit-bound",
        title="The randomized-PE 'anti-overfitting bound' bounds $Δ − EΔ$, not the overfitting gap $Δ$",
        source=source(S0, "我们证明了随机位置编码的抗过拟合概率边界"),
        statement=(
            "The source concludes $P(Δ ≥ ε) ≤ \\exp (−ε²/2σ²)$ for the gap $Δ = L_{\\text{test}} − L_{\\text{train}}$, with $σ²$ the variance "
            "the random PE induces. Its Chernoff argument only controls the fluctuation $Δ − EΔ$ over PE draws; the "
            "expected gap $EΔ$ is untouched. Counterexample: $Δ = δ + σZ$ (Z ~ N(0, 1)) has $P(Δ ≥ δ) = 1/2$ for every "
            "$σ$, while $\\exp (−δ²/2σ²) → 0$ as $σ → 0$; a model that ignores the PE has $σ = 0$ and any gap $δ$. What holds "
            "($Δ − EΔ σ²-sub-Gaussian$) is $P(Δ − EΔ ≥ ε) ≤ \\exp (−ε²/2σ²)$, i.e. $P(Δ ≥ ε) ≤ \\exp (−(ε − EΔ)²/2σ²)$ for "
            "$ε > EΔ$, which says nothing when $ε ≤ EΔ$."
        ),
        assumptions=("Δ = δ + σZ, Z ~ N(0, 1): the gap over PE draws", "σ > 0, ε > 0, δ real", "t > 0"),
        refutes=refutes(
            P(gap >= eps, evaluate=False), "<=", exp(-(eps**2) / (2 * sigma**2)),
            by="the source's bound, read for the gap $Δ$ itself" if not centred else "the bound for $Δ − EΔ$",
            witness=WITNESS,
            correction="$P(Δ − EΔ ≥ ε) ≤ \\exp (−ε²/2σ²)$ (chernoff-gaussian-tail); the gap's mean $EΔ$ is not bounded.",
        ),
        expect="refuted",
        uses=("chernoff-gaussian-tail",),
        proof=[
            holds("$E Δ = δ$", E(Delta, evaluate=False), "=", delta, by="$E Z = 0$"),
            holds("Var $Δ = σ²$, whatever $δ$", E((Delta - E(Delta, evaluate=False)) ** 2, evaluate=False), "=", sigma**2,
                  by="$Δ − EΔ = σZ$"),
            holds("$P(Δ ≥ EΔ) = 1/2$ for every $σ$", P(Delta >= delta, evaluate=False), "=", Rational(1, 2),
                  by="Z is symmetric"),
            chain(
                "Chernoff for $Δ$ itself: the exponent",
                -t * eps + t * delta + sigma**2 * t**2 / 2,
                step(-t * (eps - delta) + sigma**2 * t**2 / 2,
                     by="log of $e^{−tε} E e^{tΔ} = e^{−tε} e^{tδ} e^{σ²t²/2}$ (Gaussian MGF, chernoff-gaussian-tail)"),
            ),
            chain(
                "at t* $= (ε − δ)/σ²$ (positive only when $ε > δ = EΔ$)",
                at_optimum,
                step(exp(-((eps - delta) ** 2) / (2 * sigma**2)), by="substitute t*: $\\exp (−(ε − δ)²/2σ²)$"),
            ),
        ],
        numeric=[overfit_model_in_torch],
        perturbations={"the bound stated for Δ − EΔ (what the argument supports)": lambda: build(centred=True)},
    )


randpe_antioverfit_bound = build()
