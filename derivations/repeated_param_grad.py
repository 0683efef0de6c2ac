"""A positional table repeated across a batch (S1's code) collects the sum of the per-sequence gradients."""

from __future__ import annotations

from sympy import Matrix, exp, eye, log, symbols

from checker import chain, claim, numeric, refutes, rounding_tolerance, source, step
from derivations._calculus import jacobian

S1 = "001_1898b6ed4bef37f3.txt"
D = 2  # embedding width, written out
p = Matrix(symbols(f"p0:{D}", real=True))  # the shared row P_j
W = Matrix(D, D, symbols(f"w0:{D * D}", real=True))


def embeddings(batch: int) -> list[Matrix]:
    """e_{b,j}: the token embedding at position j in sequence b."""
    return [Matrix(symbols(f"e{b}_0:{D}", real=True)) for b in range(batch)]


def seq_loss(h: Matrix, target: int) -> object:
    """−log softmax(W h)_target: a concrete loss downstream of h_{b,j}."""
    z = W * h
    return -log(exp(z[target]) / sum(exp(x) for x in z))


def grad(f: object, wrt: Matrix) -> Matrix:
    return Matrix([f.diff(v) for v in wrt])


def build(batch: int = 2) -> object:
    es = embeddings(batch)
    hs = [e + p for e in es]  # h_{b,j} = e_{b,j} + P_j: the same P_j in every sequence (the .repeat)
    total = sum(seq_loss(h, b % D) for b, h in enumerate(hs))  # L = Σ_b ℓ_b(h_{b,j})
    # ∇_{h_{b,j}} L = ∇_{e_{b,j}} L, because h_{b,j} = e_{b,j} + P_j and e_{b,j} enters L only through h_{b,j}.
    per_seq = [grad(total, e) for e in es]
    # W = I, e_{0,j} = (1, 0), everything else 0: a point where the sequences' gradients differ.
    witness = {s: 0 for e in es for s in e} | {s: 0 for s in p} | {W[i, k]: int(i == k) for i in range(D) for k in range(D)}
    witness[es[0][0]] = 1

    @numeric()
    def repeated_table_in_torch(ctx) -> None:
        """autograd through the seed's .repeat(batch_size, 1, 1): P.grad = Σ_b ∂L/∂h_b, not one sequence's"""
        torch = ctx.torch
        from derivations._learnable import seed_model_class, tiny_lm

        n_seq = 3 if batch > 1 else 1  # sequences in the torch batch
        torch.manual_seed(ctx.seed)
        max_len, vocab, dim = 5, 11, 6
        seed_model = seed_model_class()(vocab, dim, max_len).to(device=ctx.device, dtype=ctx.dtype)
        head = torch.nn.Linear(dim, vocab).to(device=ctx.device, dtype=ctx.dtype)
        gen = ctx.generator(1)
        tokens = torch.randint(0, vocab, (n_seq, max_len), generator=gen, device=ctx.device)
        targets = torch.randint(0, vocab, (n_seq, max_len), generator=gen, device=ctx.device)
        cases = (("seed code as written, seq_len = max_seq_len", (seed_model, head, tokens, targets)),
                 ("sliced fix, seq_len < max_seq_len", tiny_lm(ctx, batch=n_seq)))
        for label, (model, out, x, y) in cases:
            hidden = model(x)
            hidden.retain_grad()
            logits = out(torch.tanh(hidden))
            torch.nn.functional.cross_entropy(logits.flatten(0, 1), y.flatten()).backward()
            got = model.positional_encoding.grad[: x.shape[1]]
            # Error model: the batch sum adds n_seq − 1 roundings to gradients of size ≤ Σ_b |∂L/∂h_b|.
            scale = float(hidden.grad.abs().sum(0).max())
            tol = rounding_tolerance(ctx.dtype, n_seq + 1, scale=scale)
            ctx.close(f"{label}: ∇_P L = Σ_b ∇_(h_b) L, B = {n_seq}", got, hidden.grad.sum(0), tol)
            ctx.close(f"{label}: ∇_P L = ∇_(h_0) L (one sequence's share)", got, hidden.grad[0], tol,
                      expect=n_seq == 1)

    return claim(
        "repeated-param-grad",
        title="A positional table repeated across the batch gets the sum over the batch of the gradients at h",
        source=source(S1, ".unsqueeze(0).repeat(batch_size, 1, 1)"),
        statement=(
            "With P repeated across a batch of B sequences (the seed's $.unsqueeze(0).repeat(batch_{\\text{size}}, 1, 1)$), "
            "$h_{b,j} = e_{b,j} + P_j$ for every b, and for any loss L of the $h_{b,j}$: "
            "$∇_{P_j} L = \\sum _b (∂h_{b,j}/∂P_j)ᵀ ∇_{h_{b,j}} L = \\sum _b ∇_{h_{b,j}} L$. "
            "The document's chain rule has a single $h_j$: that is the $B = 1$ case, and for $B > 1$ it gives one "
            "sequence's share, leaving out the sum over the batch."
        ),
        assumptions=(
            f"B = {batch} sequences, width d = {D} (written out)",
            "L = Σ_b ℓ_b(h_{b,j}), ℓ_b = −log softmax(W h)_{c_b}, W real, c_b = b mod d (concrete downstream losses)",
        ),
        refutes=refutes(
            grad(total, p), "=", per_seq[0],
            by="the document's per-sequence formula, $∂L/∂p_j = ∂L/∂h_j·∂h_j/∂p_j$ with one $h_j$, applied to a batch",
            witness=witness,
            correction="$∇_{P_j} L = \\sum _b ∇_{h_{b,j}} L$: the .repeat copies $P_j$ into every sequence, and autograd sums "
            "the copies' gradients.",
        ),
        expect="refuted",
        uses=("learnable-pe-gradient",),
        proof=[
            chain(
                "chain rule through every copy of $P_j$",
                grad(total, p),
                step(sum((jacobian(h, p).T * g for h, g in zip(hs, per_seq, strict=True)), Matrix.zeros(D, 1)),
                     by="$P_j$ enters L through $h_{1,j}$, …, $h_{B,j}$; the chain rule adds their contributions"),
                step(sum((eye(D) * g for g in per_seq), Matrix.zeros(D, 1)), by="$∂h_{b,j}/∂P_j = I$ (additive-pe-jacobian)"),
            ),
        ],
        numeric=[repeated_table_in_torch],
        perturbations={"a batch of one sequence (the document's formula then holds)": lambda: build(batch=1)},
    )


repeated_param_grad = build()
