"""NSP (S3): B follows A with probability 1/2, so a chance-level classifier has cross-entropy ln 2."""

from __future__ import annotations

import math

from sympy import Derivative, Rational, Subs, evaluate, exp, log, symbols

from checker import Tolerance, chain, claim, holds, numeric, rounding_tolerance, source, step

S3 = "003_ead9378479e42bc0.txt"
P_IS_NEXT = Rational(1, 2)
N_PAIRS = 100_000  # fixed in advance; Clopper–Pearson at 99.9 % resolves ±0.0052 around 1/2
z = symbols("z", real=True)  # the common logit of a classifier that cannot tell the classes apart
q = symbols("q", positive=True)  # a constant predicted P(IsNext), 0 < q < 1
t = symbols("t", positive=True)  # the odds (1 − q)/q: q = 1/(1 + t) covers (0, 1) exactly


def expected_loss(qq: object) -> object:
    """E[CE] of always predicting P(IsNext) = q when P(IsNext) = 1/2."""
    return -P_IS_NEXT * log(qq) - (1 - P_IS_NEXT) * log(1 - qq)


def curvature(qq: object) -> object:
    """The second derivative of the expected loss, 1/(2q²) + 1/(2(1 − q)²)."""
    return 1 / (2 * qq**2) + 1 / (2 * (1 - qq) ** 2)


def build(chance_loss: object = None) -> object:
    chance_loss = log(2) if chance_loss is None else chance_loss
    with evaluate(False):  # keep the softmax and the halves visible
        softmax_ce = -log(exp(z) / (exp(z) + exp(z)))
        minus_log_half = -log(P_IS_NEXT)
        at_half = expected_loss(P_IS_NEXT)

    @numeric()
    def nsp_pairs_are_balanced(ctx) -> None:
        """BERT's NSP sampling (torch.bernoulli(1/2)): the IsNext frequency, Clopper–Pearson at 99.9 %"""
        torch = ctx.torch
        probs = torch.full((N_PAIRS,), 0.5, device=ctx.device, dtype=ctx.dtype)
        is_next = torch.bernoulli(probs, generator=ctx.generator(1)).long()  # 1 = IsNext, 0 = NotNext (random B)
        ctx.bound("P(IsNext)", int(is_next.sum()), N_PAIRS, float(P_IS_NEXT), side="equal")

    @numeric()
    def chance_classifier_loss(ctx) -> None:
        """F.cross_entropy of equal logits is ln 2 for every label; autograd: it is the best constant guess"""
        torch = ctx.torch
        F = torch.nn.functional
        n = 4096
        labels = torch.arange(n, device=ctx.device) % 2  # exactly balanced ...
        labels = labels[torch.randperm(n, generator=ctx.generator(2), device=ctx.device)]  # ... in random order
        common = ctx.randn(n, 1, gen=ctx.generator(3))  # any logit, the same for both classes
        logits = common.repeat(1, 2)
        # Error model: logsumexp of two equal logits, then a mean of n such terms: a few roundings on ln 2.
        tol = rounding_tolerance(ctx.dtype, 4, scale=1.0)
        target = torch.tensor(float(chance_loss.evalf()), device=ctx.device, dtype=ctx.dtype)
        ctx.close(f"CE(equal logits) = {chance_loss}", F.cross_entropy(logits, labels), target, tol)
        ctx.close(f"per-example CE = {chance_loss} for either label", F.cross_entropy(logits, labels, reduction="none"),
                  target.expand(n), tol)
        bias = torch.zeros(2, device=ctx.device, dtype=ctx.dtype, requires_grad=True)  # a label-blind classifier
        F.cross_entropy(bias.expand(n, 2), labels).backward()
        ctx.close("∂CE/∂(constant logits) = softmax − class frequencies = 0 at equal logits", bias.grad,
                  torch.zeros(2, device=ctx.device, dtype=ctx.dtype),
                  Tolerance(0.0, 4 * ctx.eps, "mean of n values ±1/2: a few roundings"))
        worse = ctx.randn(8, 2, gen=ctx.generator(4))  # other constant guesses do worse
        losses = torch.stack([F.cross_entropy(w.expand(n, 2), labels) for w in worse])
        ctx.exact("every other constant guess has CE ≥ ln 2", bool((losses >= math.log(2) - tol.atol).all()), True)

    return claim(
        "nsp-balanced",
        title="NSP labels are balanced, $P(IsNext) = 1/2$; a chance-level classifier has cross-entropy ln 2",
        source=source(S3, "有50%的概率B是A的下一句"),
        statement=(
            "B is the actual next sentence with probability $1/2$ and a random sentence otherwise, so $P(IsNext) = 1/2$. "
            "A classifier that gives both classes the same logit z predicts $1/2$ and has cross-entropy "
            "$−\\log (e^z/(e^z + e^z)) =$ ln $2 ≈ 0.693$ nats for either label. Among label-blind predictors "
            "$P(IsNext) = q$, the expected loss $−½$ ln $q − ½ \\ln (1 − q)$ is minimal at $q = 1/2$, with value ln 2 "
            "(the entropy of the label): ln 2 is the chance level a trained NSP head must beat."
        ),
        assumptions=("P(IsNext) = 1/2 exactly (a random B that happens to be the true next sentence is ignored)",
                     "cross-entropy in nats (natural log), as F.cross_entropy", "0 < q < 1"),
        domain={q: (Rational(1, 100), Rational(99, 100))},
        uses=("cross-entropy-gradient",),
        proof=[
            chain(
                "equal logits",
                softmax_ce,
                step(minus_log_half, by="$e^z/(2e^z) = 1/2$"),
                step(chance_loss, by="$−\\ln (1/2) =$ ln 2"),
            ),
            holds("stationary at $q = 1/2$", Subs(Derivative(expected_loss(q), q), q, P_IS_NEXT), "=", 0,
                  by="$d/dq = −1/(2q) + 1/(2(1 − q))$ vanishes at $q = 1/2$"),
            chain(
                "the second derivative",
                Derivative(expected_loss(q), (q, 2)),
                step(curvature(q), by="differentiate twice"),
            ),
            holds("it is positive on (0, 1): write $q = 1/(1 + t)$, $t > 0$", curvature(1 / (1 + t)), ">", 0,
                  by="both terms are positive, so $q = 1/2$ is the minimum"),
            holds("the minimum value is the chance loss", at_half, "=", chance_loss,
                  by="$−½$ ln $½ − ½$ ln $½ =$ ln 2"),
        ],
        numeric=[nsp_pairs_are_balanced, chance_classifier_loss],
        perturbations={"chance loss 1 (bits, not nats)": lambda: build(chance_loss=Rational(1))},
    )


nsp_balanced = build()
