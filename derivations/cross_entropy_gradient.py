"""Cross-entropy over a softmax (S1): L = −log ŷ_c and ∂L/∂z = ŷ − y, divided by N under mean reduction."""

from __future__ import annotations

from sympy import Matrix, Rational, evaluate, exp, log, symbols

from checker import chain, claim, holds, numeric, rounding_tolerance, source, step

S1 = "001_1898b6ed4bef37f3.txt"
C = 3  # classes, written out
z = Matrix(symbols(f"z0:{C}", real=True))  # logits of one sample
w = Matrix(symbols(f"w0:{C}", real=True))  # logits of a second sample (mean reduction)
y0, y1 = symbols("y0 y1", positive=True)
N_BATCH = 2  # the mean-reduction chain, written out for N = 2


def softmax(v: Matrix) -> Matrix:
    total = sum(exp(x) for x in v)
    return Matrix([exp(x) / total for x in v])


def cross_entropy(v: Matrix, target: Matrix) -> object:
    """L = −Σ_i y_i log ŷ_i (the source's formula)."""
    yhat = softmax(v)
    return -sum(target[i] * log(yhat[i]) for i in range(len(v)))


def grad(f: object, wrt: Matrix) -> Matrix:
    return Matrix([f.diff(x) for x in wrt])


def one_hot(c: int) -> Matrix:
    return Matrix([1 if i == c else 0 for i in range(C)])


def build(sign: int = 1, divide_by_n: bool = True) -> object:
    """``sign`` = −1 gives y − ŷ; ``divide_by_n`` = False drops the 1/N of mean reduction."""
    yhat = softmax(z)
    soft = Matrix([y0, y1, 1 - y0 - y1])  # any probability vector (one-hot is a special case)
    with evaluate(False):  # keep the one-hot sum and Σ y_i visible as written
        one_hot_sum = -(1 * log(yhat[0]) + 0 * log(yhat[1]) + 0 * log(yhat[2]))
        chain_rule = Matrix([-soft[k] + yhat[k] * (y0 + y1 + (1 - y0 - y1)) for k in range(C)])
    mean_loss = (cross_entropy(z, one_hot(0)) + cross_entropy(w, one_hot(1))) / N_BATCH

    @numeric()
    def autograd_of_cross_entropy(ctx) -> None:
        """F.cross_entropy + backward: ∂L/∂z = (softmax(z) − y)/N (mean), ŷ − y (sum), soft labels too"""
        torch = ctx.torch
        F = torch.nn.functional
        n, c = 6, 10
        logits = 2 * ctx.randn(n, c)
        gen = ctx.generator(1)
        target = torch.randint(0, c, (n,), generator=gen, device=ctx.device)
        y_hot = F.one_hot(target, c).to(ctx.dtype)
        y_soft = torch.softmax(torch.randn(n, c, generator=gen, device=ctx.device, dtype=ctx.dtype), dim=1)
        # Error model: softmax = exp (1 ulp) / a sum of c terms (c ulps); log_softmax's backward adds
        # |z| + log c ulps of absolute error in the exponent. Values are ≤ 1 in size.
        ops = c + 4 + int(logits.abs().max().ceil())
        tol = rounding_tolerance(ctx.dtype, ops)
        for label, y, tgt in (("one-hot", y_hot, target), ("soft labels", y_soft, y_soft)):
            for reduction, divisor in (("mean", n), ("sum", 1)):
                z_ = logits.clone().requires_grad_(True)
                F.cross_entropy(z_, tgt, reduction=reduction).backward()
                expected = sign * (torch.softmax(logits, dim=1) - y) / (divisor if divide_by_n else 1)
                ctx.close(f"{label}, reduction={reduction}: ∂L/∂z = (ŷ − y)/{'N' if divisor > 1 else '1'}",
                          z_.grad, expected, tol)
        loss = F.cross_entropy(logits, target, reduction="none")
        picked = -torch.log(torch.softmax(logits, dim=1)).gather(1, target[:, None])[:, 0]
        ctx.close("loss = −log ŷ_c per sample", loss, picked, rounding_tolerance(ctx.dtype, ops, scale=float(loss.max())))

    return claim(
        "cross-entropy-gradient",
        title="Softmax cross-entropy: $L = −\\log ŷ_c$ and $∂L/∂z = ŷ − y$ ($÷N$ under mean reduction)",
        source=source(S1, r"L = -\sum_{i = 1}^{C}y_i\log(\hat{y}_i)"),
        statement=(
            "$ŷ =$ softmax(z), $L = −\\sum _i y_i$ log $ŷ_i$. For a one-hot $y = e_c$, $L = −\\log ŷ_c = −z_c +$ log $\\sum _k e^{z_k}$. "
            "For every probability vector y ($\\sum y_i = 1$, one-hot included), $∂L/∂z = ŷ − y$. "
            "Under mean reduction over N samples, $∂L/∂z_n = (ŷ_n − y_n)/N$; under sum reduction, $ŷ_n − y_n$. "
            "This is what `torch.nn.functional.cross_entropy's` autograd computes."
        ),
        assumptions=(
            f"z real logits (written out for C = {C} classes)",
            "y a probability vector: y_i ≥ 0, Σ y_i = 1",
            f"mean reduction written out for N = {N_BATCH} samples",
        ),
        domain={y0: (0, 1), y1: (0, 1 - y0)},
        proof=[
            chain(
                "one-hot label, $c = 0$",
                one_hot_sum,
                step(-log(yhat[0]), by="$y = e_0$: only the c-th term survives"),
                step(-z[0] + log(sum(exp(x) for x in z)), by="log of a quotient: log $e^{z_c} −$ log $\\sum e^{z_k}$"),
            ),
            chain(
                "gradient for any probability vector y",
                grad(cross_entropy(z, soft), z),
                step(chain_rule, by="$∂(−\\log ŷ_i)/∂z_k = ŷ_k − δ_{ik}$, summed against $y_i$"),
                step(sign * (yhat - soft), by="$\\sum _i y_i = 1$"),
            ),
            holds("one-hot: $∂L/∂z = ŷ − e_c$", grad(cross_entropy(z, one_hot(0)), z), "=", sign * (yhat - one_hot(0)),
                  by="the soft-label formula at $y = e_0$"),
            chain(
                f"mean reduction, N = {N_BATCH}",
                grad(mean_loss, z),
                step(sign * (yhat - one_hot(0)) * (Rational(1, N_BATCH) if divide_by_n else 1),
                     by="only the first sample's term depends on z; the mean divides it by N"),
            ),
        ],
        numeric=[autograd_of_cross_entropy],
        perturbations={
            "y − ŷ instead of ŷ − y": lambda: build(sign=-1),
            "mean reduction without the 1/N": lambda: build(divide_by_n=False),
        },
    )


cross_entropy_gradient = build()
