"""Self-attention costs Θ(n²d) time (S3); the n×n score matrix need not be stored: O(n) memory suffices."""

from __future__ import annotations

from sympy import Derivative, Integer, Sum, exp, symbols

from checker import Tolerance, chain, claim, holds, numeric, refutes, source, step

S3 = "003_ead9378479e42bc0.txt"
n, d, blk = symbols("n d b", positive=True, integer=True)
i, j = symbols("i j", positive=True, integer=True)
s1, s2, s3, s4, v1, v2, v3, v4 = symbols("s1 s2 s3 s4 v1 v2 v3 v4", real=True)  # one query row, two key blocks
m1, m2, m = symbols("m1 m2 m", real=True)  # running maxima (any reference values)
WITNESS = {n: Integer(4096), d: Integer(64), blk: Integer(64)}


def build(tiled: bool = True) -> object:
    tile = blk if tiled else n  # keys per block; b = n materializes the whole n×n score matrix
    # per head: Q, K, V (3nd) + output accumulator (nd) + running max and sum (2n) + a score tile and its exp (2·n·tile)
    memory = 3 * n * d + n * d + 2 * n + 2 * n * tile
    l1, l2 = exp(s1 - m1) + exp(s2 - m1), exp(s3 - m2) + exp(s4 - m2)
    acc1, acc2 = exp(s1 - m1) * v1 + exp(s2 - m1) * v2, exp(s3 - m2) * v3 + exp(s4 - m2) * v4

    @numeric()
    def kernels_storage(ctx) -> None:
        """SDPA's math kernel builds an n×n weight matrix per head; the CPU flash kernel keeps n log-sum-exps"""
        from derivations._attention import attention_tolerance

        torch = ctx.torch
        aten = torch.ops.aten
        heads, dim = 2, 16
        for length in (64, 256):
            q, k, v = (ctx.randn(1, heads, length, dim, gen=ctx.generator(g)) for g in range(3))
            reference = torch.nn.functional.scaled_dot_product_attention(q, k, v)
            tol = attention_tolerance(ctx, q, k, v, dim**-0.5)
            out, weights = aten._scaled_dot_product_attention_math(q, k, v)
            ctx.close(f"n={length}: math kernel = SDPA", out, reference, tol)
            ctx.exact(f"n={length}: math kernel's weight matrix has n² entries per head", weights[0, 0].numel(), length**2)
            if ctx.device == "cpu":  # the CPU flash kernel (CUDA kernels have other signatures)
                out, logsumexp = aten._scaled_dot_product_flash_attention_for_cpu(q, k, v)
                ctx.close(f"n={length}: CPU flash kernel = SDPA", out, reference, tol)
                ctx.exact(f"n={length}: flash kernel keeps n numbers per head (the log-sum-exp), not n²",
                          logsumexp[0, 0].numel(), length)

    @numeric()
    def linear_memory_attention(ctx) -> None:
        """exact attention over key blocks (running max and sum) equals SDPA and never holds an n×n tile"""
        from derivations._attention import attention_tolerance, online_attention

        torch = ctx.torch
        dim, block = 16, 32  # the memory-efficient recurrence, written out in torch
        for length in (128, 256):
            q, k, v = (ctx.randn(2, length, dim, gen=ctx.generator(10 + g)) for g in range(3))
            from torch.nn.attention import SDPBackend, sdpa_kernel

            # The math backend is the reference formula; in two pytest-xdist runs the default CPU dispatch
            # differed from it by ~6e-10 in float64 (not reproduced standalone), so pin the backend here.
            with sdpa_kernel(SDPBackend.MATH):
                reference = torch.nn.functional.scaled_dot_product_attention(q, k, v)
            out, largest_tile = online_attention(torch, q, k, v, block if tiled else length)
            # each of the n/b blocks rescales the accumulator once more: add 4·(n/b) eps relative
            base = attention_tolerance(ctx, q, k, v, dim**-0.5)
            rescale = 4 * (length // block) * ctx.eps
            tol = Tolerance(base.rtol + rescale, base.atol + rescale * float(v.abs().max()),
                            base.model + f" + rescaling 4·(n/b)·eps, n/b={length // block}")
            ctx.close(f"n={length}: blockwise attention = SDPA", out, reference, tol)
            ctx.exact(f"n={length}: largest score tile < n² = {length**2}", largest_tile < length**2, True,
                      detail=f"largest score tile: {largest_tile} entries (n·b = {length}·{block})")

    return claim(
        "attention-quadratic",
        title="Self-attention takes $Θ(n²d)$ time, but exact attention needs only $O(n)$ memory",
        source=source(S3, "自注意力机制拥有O(n^2)的时间和空间复杂性"),
        statement=(
            "The score matrix $QKᵀ$ has $n²$ entries and costs $n²(2d−1) ≤ 2n²d$ FLOPs ($2n²d$ counting a multiply-add "
            "as 2); with AV the forward pass costs $4n²d$: time is $Θ(n²d)$. Memory is not: processing the keys in "
            "blocks of b with a running max and sum (FlashAttention, memory-efficient SDPA) gives the exact "
            "output with $n(4d + 2 + 2b)$ numbers per head, linear in n. The source's '$O(n²)$ space', read as "
            "'attention must hold the $n×n$ scores', is false; as a Big-O upper bound it is true but not tight."
        ),
        assumptions=("one head, d_k = d_v = d", "n, d, b positive integers", "memory counted in stored numbers"),
        refutes=refutes(
            memory, ">=", n**2,
            by="the source's memory claim: exact attention must store the $n×n$ score matrix",
            witness=WITNESS,
            correction="exact attention needs $n(4d + 2 + 2b) = O(n)$ memory with key blocks of size b; only time is $Θ(n²d)$",
        ),
        expect="refuted",
        proof=[
            chain("score entries", Sum(Sum(1, (j, 1, n)), (i, 1, n)), step(n**2, by="one entry per (query, key) pair")),
            chain(
                "FLOPs of $QKᵀ$",
                Sum(Sum(2 * d - 1, (j, 1, n)), (i, 1, n)),
                step(n**2 * (2 * d - 1), by="each entry: d multiplications and $d − 1$ additions"),
                step(2 * n**2 * d, rel="<=", by="$2d − 1 ≤ 2d$ (= 2d when a multiply-add counts as 2)"),
            ),
            chain(
                "online softmax: two key blocks give the exact normalizer",
                l1 * exp(m1 - m) + l2 * exp(m2 - m),
                step(exp(s1 - m) + exp(s2 - m) + exp(s3 - m) + exp(s4 - m),
                     by="rescale each block's sum by $e^{m_k − m}$; holds for any reference maxima $m_1$, $m_2$, m"),
            ),
            chain(
                "online softmax: and the exact weighted sum",
                (acc1 * exp(m1 - m) + acc2 * exp(m2 - m)) / (l1 * exp(m1 - m) + l2 * exp(m2 - m)),
                step((exp(s1) * v1 + exp(s2) * v2 + exp(s3) * v3 + exp(s4) * v4)
                     / (exp(s1) + exp(s2) + exp(s3) + exp(s4)),
                     by="the same rescaling in numerator and denominator: $\\operatorname{softmax}(s)·v$ over all keys"),
            ),
            chain(
                "memory of the blockwise computation, per head",
                3 * n * d + n * d + 2 * n + 2 * n * blk,
                step(n * (4 * d + 2 + 2 * blk), by="Q, K, V, output: 4nd; max and sum: 2n; a score tile and its exp: 2nb"),
            ),
            holds("linear in n", Derivative(n * (4 * d + 2 + 2 * blk), (n, 2)), "=", 0, by="no $n²$ term"),
        ],
        uses=("attention-formula",),
        numeric=[kernels_storage, linear_memory_attention],
        figure=__import__("derivations._figures_attention", fromlist=["attention_memory"]).attention_memory,
        perturbations={"blocks of b = n (the n×n matrix is stored again)": lambda: build(tiled=False)},
    )


attention_quadratic = build()
