"""Learnable positional encoding (S1): the additive Jacobian, the gradient, and one SGD step."""

from __future__ import annotations

from sympy import Abs, Matrix, evaluate, exp, eye, log, ones, sqrt, symbols, zeros

from checker import chain, claim, holds, numeric, refutes, rounding_tolerance, source, step
from derivations._calculus import jacobian

S1 = "001_1898b6ed4bef37f3.txt"
D = 3
e = Matrix(symbols(f"e0:{D}", real=True))
p = Matrix(symbols(f"p0:{D}", real=True))
q = Matrix(symbols(f"q0:{D}", real=True))  # the encoding of another position i != j
h = e + p
W = Matrix(2, D, symbols(f"w0:{2 * D}", real=True))
alpha = symbols("alpha", positive=True)
g, p1 = symbols("g p", real=True)
beta1, beta2, epsilon = symbols("beta1 beta2 epsilon", positive=True)


def loss(hv: Matrix) -> object:
    """−log softmax(W h)_0: a concrete loss downstream of h (class 0 is the target)."""
    z = W * hv
    return -log(exp(z[0]) / (exp(z[0]) + exp(z[1])))


def grad(f: object, wrt: Matrix) -> Matrix:
    return Matrix([f.diff(v) for v in wrt])


# --- additive-pe-jacobian -------------------------------------------------------------------


def build_jacobian(source_reading: Matrix | None = None) -> object:
    reading = ones(D, D) if source_reading is None else source_reading

    @numeric()
    def jacobian_in_torch(ctx) -> None:
        """torch.autograd.functional.jacobian of e + p in p is the identity, not all ones"""
        torch = ctx.torch
        emb, pe = ctx.randn(5), ctx.randn(5, gen=ctx.generator(1))
        jac = torch.autograd.functional.jacobian(lambda x: emb + x, pe)
        tol = rounding_tolerance(ctx.dtype, 1)
        ctx.close("∂h/∂p = I_5", jac, torch.eye(5, device=ctx.device, dtype=ctx.dtype), tol)
        ctx.close("∂h/∂p = 1 entrywise (source)", jac, torch.ones(5, 5, device=ctx.device, dtype=ctx.dtype), tol,
                  expect=False)

    return claim(
        "additive-pe-jacobian",
        title="$h_j = e_j + p_j$ has Jacobian $I_d$ in $p_j$: the identity matrix, not the scalar 1",
        source=source(S1, r"所以\frac{\partial h_j}{\partial p_j}=1"),
        statement="$h_j = e_j + p_j$ in $\\mathbb{R}^d ⇒ ∂h_j/∂p_j = I_d$ and $∂h_i/∂p_j = 0$ for $i ≠ j$.",
        assumptions=(f"e_j, p_j real vectors (written out for d = {D})",),
        refutes=refutes(
            h.jacobian(p), "=", reading,
            by="the source's 1, read entrywise for a vector $h_j$",
            correction="$∂h_j/∂p_j$ is the identity matrix $I_d$ (ones on the diagonal, zeros elsewhere).",
        ),
        expect="refuted",
        proof=[
            chain("$∂h_j/∂p_j$", jacobian(h, p), step(eye(D), by="$∂(e_k + p_k)/∂p_l = δ_{kl}$")),
            holds("$∂h_i/∂p_j$, $i ≠ j$", jacobian(e + q, p), "=", zeros(D, D), by="$h_i = e_i + q_i$ has no $p_j$"),
        ],
        numeric=[jacobian_in_torch],
        perturbations={"source read as I_d (no longer false)": lambda: build_jacobian(eye(D))},
    )


# --- learnable-pe-gradient ------------------------------------------------------------------


def build_gradient(scale: int = 1) -> object:
    @numeric()
    def gradient_in_torch(ctx) -> None:
        """autograd: the PE parameter's gradient equals the gradient at h = e + p"""
        torch = ctx.torch
        from derivations._learnable import tiny_lm

        model, head, tokens, targets = tiny_lm(ctx, batch=1)
        hidden = model(tokens)
        hidden.retain_grad()
        logits = head(torch.tanh(hidden))
        torch.nn.functional.cross_entropy(logits.flatten(0, 1), targets.flatten()).backward()
        seq_len = tokens.shape[1]
        expected = scale * hidden.grad[0]
        got = model.positional_encoding.grad[:seq_len]
        ctx.close("∇_p L = ∇_h L (one sequence)", got, expected, rounding_tolerance(ctx.dtype, 2))

    return claim(
        "learnable-pe-gradient",
        title="For one sequence, the gradient in the positional encoding equals the gradient in h",
        source=source(S1, r"\frac{\partial L}{\partial p_j}=\frac{\partial L}{\partial \hat{y}}"),
        statement="$h_j = e_j + p_j$, $L = ℓ(h_j) ⇒ ∇_{p_j} L = (∂h_j/∂p_j)ᵀ ∇_{h_j} L = ∇_{h_j} L$.",
        assumptions=(f"ℓ = −log softmax(W h)_0 with W real 2×{D}, a concrete downstream loss",),
        uses=("additive-pe-jacobian",),
        proof=[
            chain(
                "chain rule",
                grad(loss(h), p),
                step(jacobian(h, p).T * grad(loss(h), e), by="chain rule through $h = e + p$"),
                step(scale * grad(loss(h), e), by="$∂h/∂p = I$"),
            ),
        ],
        numeric=[gradient_in_torch],
        perturbations={"gradient doubled": lambda: build_gradient(scale=2)},
    )


# --- sgd-update -----------------------------------------------------------------------------


def build_sgd(sign: int = -1) -> object:
    @numeric()
    def sgd_in_torch(ctx) -> None:
        """torch.optim.SGD(lr=α).step() moves the PE to p − α∇L; Adam's first step does not"""
        torch = ctx.torch
        from derivations._learnable import tiny_lm

        lr = 0.1
        for name, make in (("SGD", torch.optim.SGD), ("Adam", torch.optim.Adam)):
            model, head, tokens, targets = tiny_lm(ctx, batch=2)
            param = model.positional_encoding
            before = param.detach().clone()
            opt = make(list(model.parameters()) + list(head.parameters()), lr=lr)
            torch.nn.functional.cross_entropy(head(model(tokens)).flatten(0, 1), targets.flatten()).backward()
            g_p = param.grad.detach().clone()
            opt.step()
            expected = before + sign * lr * g_p
            tol = rounding_tolerance(ctx.dtype, 2)
            if name == "SGD":
                ctx.close("SGD: p_new = p − α∇L", param.detach(), expected, tol)
            else:
                used = g_p.abs() > 0
                ctx.close("Adam: p_new = p − α∇L (source's formula)", param.detach()[used], expected[used], tol,
                          expect=False)
                adam = before - lr * g_p / (g_p.abs() + 1e-8)
                ctx.close("Adam: p_new = p − α g/(|g|+ε) on the first step", param.detach(), adam,
                          rounding_tolerance(ctx.dtype, 8))

    with evaluate(False):  # keep the algorithm's terms visible on the first line
        sgd_first = p1 - alpha * (g + 0 * p1)
        adam_first = p1 - alpha * ((1 - beta1) * g / (1 - beta1)) / (sqrt((1 - beta2) * g**2 / (1 - beta2)) + epsilon)
    return claim(
        "sgd-update",
        title="One step of plain SGD moves a parameter to $p − α∇L$ (Adam's first step does not)",
        source=source(S1, r"p_j^{new}=p_j - \alpha\frac{\partial L}{\partial p_j}"),
        statement=(
            "One step of $torch.optim.SGD(lr=α, momentum=0, weight_{\\text{decay}}=0)$ gives $p − α·∇L$ exactly. "
            "The document also names Adam, whose first step is $p − α·g/(|g|+ε) ≈ p − α·\\operatorname{sign}(g)$."
        ),
        assumptions=("α > 0", "momentum μ and weight decay λ are 0", "g = ∂L/∂p real"),
        uses=("learnable-pe-gradient",),
        proof=[
            chain(
                "`torch.optim.SGD`, first step",
                sgd_first,
                step(p1 + sign * alpha * g, by="`weight_decay` $λ = 0$; the momentum buffer starts at g, so $μ$ has no effect"),
            ),
            chain(
                "`torch.optim.Adam`, first step",
                adam_first,
                step(p1 - alpha * g / (Abs(g) + epsilon), by="bias corrections cancel $(1 − β)$: m̂ = g, v̂ $= g²$"),
            ),
        ],
        numeric=[sgd_in_torch],
        perturbations={"+α instead of −α": lambda: build_sgd(sign=1)},
    )


additive_pe_jacobian = build_jacobian()
learnable_pe_gradient = build_gradient()
sgd_update = build_sgd()
