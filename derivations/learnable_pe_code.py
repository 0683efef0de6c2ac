"""The seed's ModelWithLearnablePositionalEncoding (S1) only runs at seq_len = max_seq_len; slicing fixes it."""

from __future__ import annotations

from sympy import Integer, Matrix, Min, evaluate, symbols

from checker import chain, claim, holds, numeric, refutes, rounding_tolerance, source, step

S1 = "001_1898b6ed4bef37f3.txt"
B, d = symbols("B d", positive=True, integer=True)  # batch size, embedding width
n = symbols("n", positive=True, integer=True)  # seq_len
k = symbols("k", nonnegative=True, integer=True)  # max_seq_len − seq_len ≥ 0
L = n + k  # max_seq_len ≥ seq_len
VOCAB, WIDTH, MAX_LEN, BATCH = 11, 6, 9, 2


def sliced_rows(stop: object, length: object) -> object:
    """len(range(length)[:stop]) for 0 ≤ stop: Python keeps min(stop, length) rows."""
    return Min(stop, length)


def build(code: str = "seed", shorter_by: int = 4) -> object:
    """``code``: which forward the source statement is about ("seed" as written, or "sliced")."""
    with evaluate(False):  # keep min(seq_len, max_seq_len) visible
        table_rows = L if code == "seed" else sliced_rows(n, L)
        fixed_rows = sliced_rows(n, L)

    @numeric()
    def seed_code_in_torch(ctx) -> None:
        """the seed's forward raises for seq_len ≠ max_seq_len (and broadcasts at seq_len = 1); the sliced one works"""
        torch = ctx.torch
        from derivations._learnable import seed_model_class, sliced_model_class

        torch.manual_seed(ctx.seed)
        model_class = seed_model_class() if code == "seed" else sliced_model_class()
        model = model_class(VOCAB, WIDTH, MAX_LEN).to(device=ctx.device, dtype=ctx.dtype)
        fixed = sliced_model_class()(VOCAB, WIDTH, MAX_LEN).to(device=ctx.device, dtype=ctx.dtype)
        fixed.load_state_dict(model.state_dict())
        gen = ctx.generator(1)

        def tokens(seq_len: int) -> object:
            return torch.randint(0, VOCAB, (BATCH, seq_len), generator=gen, device=ctx.device)

        with torch.no_grad():  # forward passes only
            seq_len = MAX_LEN - shorter_by
            x = tokens(seq_len)
            ctx.raises(f"document's forward raises, seq_len = {seq_len}, max_seq_len = {MAX_LEN}", lambda: model(x),
                       RuntimeError)
            full = tokens(MAX_LEN)
            ctx.exact("document's forward, seq_len = max_seq_len: output shape", tuple(model(full).shape),
                      (BATCH, MAX_LEN, WIDTH))
            one = tokens(1)
            if code == "seed":  # a length-1 batch broadcasts silently against the whole table
                ctx.exact("document's forward, seq_len = 1: no error, but max_seq_len rows come out",
                          tuple(model(one).shape), (BATCH, MAX_LEN, WIDTH))
            for m in range(1, MAX_LEN + 1):
                xm = tokens(m)
                out = fixed(xm)
                ctx.exact(f"sliced forward, seq_len = {m}: output shape", tuple(out.shape), (BATCH, m, WIDTH))
                expected = fixed.embedding(xm) + fixed.positional_encoding[:m]
                ctx.close(f"sliced forward, seq_len = {m}: e + P[:seq_len]", out, expected,
                          rounding_tolerance(ctx.dtype, 1, scale=float(expected.abs().max())))

    return claim(
        "learnable-pe-code-seq-len",
        title="The document's learnable-PE forward fails unless `seq_len` = `max_seq_len`; slicing $P[:\\mathit{seq\\_len}]$ fixes it",
        source=source(S1, "output = embeddings + position_embeddings"),
        statement=(
            "The document's forward adds embeddings of shape $(B, \\mathit{seq\\_len}, d)$ to the whole table repeated to "
            "$(B, \\mathit{max\\_seq\\_len}, d)$. Elementwise addition needs equal shapes (up to broadcasting a size-1 axis), so "
            "the claim that it works for every `seq_len` ≤ `max_seq_len` is false: for 1 < `seq_len` < `max_seq_len` it "
            "raises a size-mismatch RuntimeError, and for `seq_len` = 1 < `max_seq_len` it silently broadcasts to "
            "$(B, \\mathit{max\\_seq\\_len}, d)$. Slicing the table to $P[:\\mathit{seq\\_len}]$ ($\\min (\\mathit{seq\\_len}, \\mathit{max\\_seq\\_len}) =$ `seq_len` rows) gives "
            "$(B, \\mathit{seq\\_len}, d)$ and $e + P[:\\mathit{seq\\_len}]$ for every 1 ≤ `seq_len` ≤ `max_seq_len`."
        ),
        assumptions=("B, d, seq_len = n positive integers", "max_seq_len = n + k, k ≥ 0 an integer"),
        refutes=refutes(
            Matrix([B, n, d]), "=", Matrix([B, table_rows, d]),
            by="the shapes the document's addition needs to agree: embeddings vs the repeated table",
            witness={B: Integer(BATCH), n: Integer(MAX_LEN - shorter_by), k: Integer(shorter_by), d: Integer(WIDTH)},
            correction="slice the table first: `self.positional_encoding[:seq_len].unsqueeze(0).repeat(batch_size, 1, 1)`.",
        ),
        expect="refuted",
        proof=[
            holds("a slice [:n] of $n + k$ rows keeps n of them", fixed_rows, "=", n, by="$\\min (n, n + k) = n$ since $k ≥ 0$"),
            chain(
                "shapes in the sliced forward",
                Matrix([B, fixed_rows, d]),
                step(Matrix([B, n, d]), by="the slice keeps `seq_len` rows; .repeat(B, 1, 1) adds the batch axis"),
            ),
        ],
        numeric=[seed_code_in_torch],
        perturbations={
            "the sliced forward in place of the document's": lambda: build(code="sliced"),
            "seq_len = max_seq_len (the one length the document's code handles)": lambda: build(shorter_by=0),
        },
    )


learnable_pe_code_seq_len = build()
