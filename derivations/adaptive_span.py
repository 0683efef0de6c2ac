"""Adaptive attention span (S3): a smaller span saves compute and memory, not parameters."""

from __future__ import annotations

from sympy import Add, Derivative, Sum, symbols

from checker import chain, claim, holds, numeric, refutes, source, step

S3 = "003_ead9378479e42bc0.txt"
d, h = symbols("d h", integer=True, positive=True)  # model width, heads
S, S_small, S_large = symbols("S S_small S_large", integer=True, positive=True)  # attention spans
m = symbols("m", integer=True, nonnegative=True)  # n = S + m: the sequence is at least one span long
i = symbols("i", integer=True, positive=True)
z = symbols("z", real=True)  # the learned span of a head (adaptive span's parameter)
SPANS = (1, 4, 16, 64)
LENGTHS = (64, 96)


def attention_params(width: object, heads: object, span: object, per_offset: int) -> object:
    """nn.MultiheadAttention (W_q, W_k, W_v, W_o with biases), one learned span z per head, and
    ``per_offset`` learned scalars per head and offset inside the span (0 in span-masked attention)."""
    terms = [3 * width**2, 3 * width, width**2, width, heads]  # in_proj weight, bias; out_proj weight, bias; z
    if per_offset:
        terms.append(per_offset * heads * span)
    return Add(*terms, evaluate=False)


def build(per_offset: int = 0) -> object:
    count = attention_params(d, h, S, per_offset)  # unevaluated: the four projections and z stay visible
    n = S + m

    @numeric()
    def parameters_do_not_depend_on_span(ctx) -> None:
        """span-masked nn.MultiheadAttention + adaptive span: the same parameters for every span and length"""
        torch = ctx.torch
        width, heads, batch = 32, 4, 2

        class SpanMaskedAttention(torch.nn.Module):
            """Self-attention where query i sees keys i−S+1..i; z: adaptive span's learned span per head."""

            def __init__(self, span: int) -> None:
                super().__init__()
                self.span = span
                self.attn = torch.nn.MultiheadAttention(width, heads, batch_first=True)
                self.z = torch.nn.Parameter(torch.full((heads, 1, 1), float(span)))  # AdaptiveMask's current_val
                if per_offset:  # the perturbation: a learned table per head and offset inside the span
                    self.offset_bias = torch.nn.Parameter(torch.zeros(heads, per_offset * span))

            def mask(self, length: int):
                pos = torch.arange(length, device=self.z.device)
                dist = pos[:, None] - pos[None, :]
                return (dist < 0) | (dist >= self.span)  # True = not attended

            def forward(self, x):
                return self.attn(x, x, x, attn_mask=self.mask(x.shape[1]), need_weights=True,
                                 average_attn_weights=False)

        counts = {}
        for k, span in enumerate(SPANS):
            torch.manual_seed(ctx.seed)
            module = SpanMaskedAttention(span).to(device=ctx.device, dtype=ctx.dtype)
            counts[span] = sum(p.numel() for p in module.parameters())
            attended, expected = [], []
            for length in LENGTHS:
                x = ctx.randn(batch, length, width, gen=ctx.generator(k))
                with torch.no_grad():
                    _, weights = module(x)  # (batch, heads, n, n), exactly 0 where masked
                attended.append(int((weights > 0).sum()))
                expected.append(batch * heads * (length * span - span * (span - 1) // 2))
            ctx.exact(f"S={span}, n={LENGTHS}: non-zero attention weights = B·h·(nS − S(S−1)/2)", attended, expected)
        formula = 4 * width**2 + 4 * width + heads
        ctx.exact("parameter count 4d² + 4d + h for every span", set(counts.values()), {formula},
                  detail=f"counts by span: {counts}; 4d² + 4d + h = {formula}")
        mha = torch.nn.MultiheadAttention(width, heads)
        ctx.exact("nn.MultiheadAttention alone: 4d² + 4d", sum(p.numel() for p in mha.parameters()),
                  4 * width**2 + 4 * width)

    return claim(
        "adaptive-span-params",
        title="A smaller attention span saves compute and memory, not parameters",
        source=source(S3, "缩小注意力窗口的大小来减少参数的数量"),
        statement=(
            "The source: shrinking the attention window reduces the number of parameters, i.e. for spans "
            "$S_{\\text{small}} < S_{\\text{large}}$ the count at $S_{\\text{small}}$ is at least one lower. False for span-masked attention: "
            "`nn.MultiheadAttention` has $4d² + 4d$ parameters ($W_q$, $W_k$, $W_v$, $W_o$ and biases) and adaptive span "
            "adds one learned span z per head, $4d² + 4d + h$ in all, free of the span S, of z and of the sequence "
            "length n. What shrinks is the work: a causal window of S keys attends $nS − S(S−1)/2$ (query, key) "
            "pairs instead of $n(n+1)/2$, so score memory and $QKᵀ$ FLOPs fall from $O(n²)$ to $O(nS)$. Side condition: "
            "a model with a learned table per offset inside the window (e.g. the key position embeddings of the "
            "adaptive-span code, sized by the maximum span) does have span-dependent parameters; the configured "
            "maximum sets them, not the learned span z."
        ),
        assumptions=("d, h positive integers", "spans S_small < S_large positive integers",
                     "sequence length n = S + m ≥ S, causal window of S keys (the query itself included)"),
        domain={S_large: (S_small + 1, S_small + 4096)},
        refutes=refutes(
            attention_params(d, h, S_small, per_offset), "<=", attention_params(d, h, S_large, per_offset) - 1,
            by="the source: a smaller span has fewer parameters",
            witness={d: 32, h: 4, S_small: 4, S_large: 16},
            correction="the parameter count $4d² + 4d + h$ is free of the span; the saving is compute and memory, $O(nS)$ vs $O(n²)$.",
        ),
        expect="refuted",
        proof=[
            chain(
                "parameters of span-masked multi-head attention with adaptive span",
                count,
                step(4 * d**2 + 4 * d + h, by="$3d² + 3d$ (`in_proj`) $+ d² + d$ (`out_proj`) $+ h$ (one z per head)"),
            ),
            holds("free of the span, the learned span and the sequence length",
                  Derivative(count, S) + Derivative(count, z) + Derivative(count, m), "=", 0,
                  by="no weight's shape involves S, z or n"),
            holds("the first S queries see 1, 2, …, S keys", Sum(i, (i, 1, S)), "=", S * (S + 1) / 2,
                  by="arithmetic series"),
            holds("the last m queries see S keys each", Sum(S, (i, S + 1, n)), "=", m * S, by="m equal terms"),
            chain(
                "attended (query, key) pairs, causal window of S keys",
                S * (S + 1) / 2 + m * S,
                step(n * S - S * (S - 1) / 2, by="$n = S + m$"),
                step(n * (n + 1) / 2, rel="<=", by="the full causal count exceeds it by $m(m + 1)/2 ≥ 0$"),
            ),
        ],
        numeric=[parameters_do_not_depend_on_span],
        perturbations={
            "a learned table per offset in the window (span-dependent parameters)": lambda: build(per_offset=1),
        },
    )


adaptive_span_params = build()
