"""Scaled dot-product attention (S3): softmax(QKᵀ/√d_k)V is what F.scaled_dot_product_attention computes."""

from __future__ import annotations

import math

from sympy import Matrix, Rational, exp, sqrt, symbols

from checker import chain, claim, holds, numeric, source, step

S3 = "003_ead9378479e42bc0.txt"
N_Q, N_K, D_K, D_V = 2, 2, 3, 2  # written out for 2 queries, 2 keys, d_k = 3, d_v = 2
Q = Matrix(N_Q, D_K, symbols(f"q0:{N_Q * D_K}", real=True))
K = Matrix(N_K, D_K, symbols(f"k0:{N_K * D_K}", real=True))
V = Matrix(N_K, D_V, symbols(f"v0:{N_K * D_V}", real=True))
HALF = Rational(1, 2)
S = Matrix(N_Q, N_K, symbols(f"s0:{N_Q * N_K}", real=True))  # any score matrix
shift = symbols(f"c0:{N_Q}", real=True)  # any per-row constant; the kernels use the row max


def row_softmax(scores: Matrix, offsets: tuple = (0,) * N_Q) -> Matrix:
    """softmax of each row, written with exp(s_ij − c_i) / Σ_l exp(s_il − c_i)."""
    out = Matrix.zeros(*scores.shape)
    for i in range(scores.rows):
        den = sum(exp(scores[i, col] - offsets[i]) for col in range(scores.cols))
        for j in range(scores.cols):
            out[i, j] = exp(scores[i, j] - offsets[i]) / den
    return out


def build(power: Rational = HALF) -> object:
    scale = Rational(D_K) ** -power  # the formula's 1/√d_k when power = 1/2
    # SDPA's reference implementation: attn_weight = q @ k.transpose(-2, -1) * scale_factor, with
    # scale_factor = 1/√E (E = q.size(-1)); the kernels then subtract each row's maximum before exp.
    sdpa_scores = Matrix(N_Q, N_K, lambda i, j: sum(Q[i, t] * K[j, t] for t in range(D_K)) / sqrt(D_K))

    @numeric()
    def sdpa_matches_formula(ctx) -> None:
        """F.scaled_dot_product_attention (default scale) equals softmax(QKᵀ/√d_k)V written out in torch"""
        from derivations._attention import attention_tolerance

        torch = ctx.torch
        F = torch.nn.functional
        gen = ctx.generator(0)
        for d_k in (8, 64):
            q = torch.randn(2, 3, 5, d_k, generator=gen, device=ctx.device, dtype=ctx.dtype)
            k = torch.randn(2, 3, 7, d_k, generator=gen, device=ctx.device, dtype=ctx.dtype)
            v = torch.randn(2, 3, 7, 4, generator=gen, device=ctx.device, dtype=ctx.dtype)
            got = F.scaled_dot_product_attention(q, k, v)
            formula_scale = d_k ** -float(power)
            written = torch.softmax(q @ k.transpose(-2, -1) * formula_scale, dim=-1) @ v
            tol = attention_tolerance(ctx, q, k, v, 1 / math.sqrt(d_k))
            ctx.close(f"SDPA = softmax(QKᵀ·d_k^-{power})V, d_k={d_k}", got, written, tol)
            unscaled = torch.softmax(q @ k.transpose(-2, -1), dim=-1) @ v
            ctx.close(f"SDPA = softmax(QKᵀ)V (no scale), d_k={d_k}", got, unscaled, attention_tolerance(ctx, q, k, v, 1.0),
                      expect=False)
            explicit = F.scaled_dot_product_attention(q, k, v, scale=1 / math.sqrt(d_k))
            ctx.close(f"default scale = explicit scale=1/√d_k, d_k={d_k}", got, explicit, tol)

    return claim(
        "attention-formula",
        title="$\\operatorname{softmax}(QKᵀ/\\sqrt{d_k})V$ is what `F.scaled_dot_product_attention` computes (default scale)",
        source=source(S3, "softmax(QKᵀ/√d_k)"),
        statement=(
            "For $Q ∈ \\mathbb{R}^{n×d_k}$, $K ∈ \\mathbb{R}^{m×d_k}$, $V ∈ \\mathbb{R}^{m×d_v}$: Attn(Q,K,V) $= \\operatorname{softmax}(QKᵀ/\\sqrt{d_k})V$ with softmax over "
            "each row; row i is $\\sum _j \\exp (q_i·k_j/\\sqrt{d_k} − c_i) v_j / \\sum _l \\exp (q_i·k_l/\\sqrt{d_k} − c_i)$ for any per-row $c_i$ "
            "(the kernels take $c_i = \\max _j$). `F.scaled_dot_product_attention` with its default scale $1/\\sqrt{E}$ "
            "$(E = q.size(-1) = d_k)$ computes exactly this."
        ),
        assumptions=("Q, K, V real", f"written out for n = {N_Q}, m = {N_K}, d_k = {D_K}, d_v = {D_V}",
                     "no mask, no dropout"),
        proof=[
            chain("the scaled scores", Q * K.T * scale,
                  step(sdpa_scores, by="$(QKᵀ)_{ij} = q_i·k_j$; SDPA's default `scale_factor` is $1/\\sqrt{E}$ with $E = d_k$")),
            holds("softmax ignores a per-row shift", row_softmax(S), "=", row_softmax(S, shift),
                  by="$\\exp (s_{ij} − c_i) = \\exp (s_{ij})·\\exp (−c_i)$, and $\\exp (−c_i)$ cancels in each row"),
        ],
        uses=("softmax-simplex",),
        numeric=[sdpa_matches_formula],
        perturbations={"scale 1/d_k instead of 1/√d_k": lambda: build(power=Rational(1))},
    )


attention_formula = build()
