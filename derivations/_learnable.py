"""The seed's ``ModelWithLearnablePositionalEncoding`` (S1), as written, and its sliced fix."""

from __future__ import annotations

from typing import Any


def seed_model_class() -> Any:
    """The class exactly as the document writes it (only line breaks restored)."""
    import torch
    import torch.nn as nn

    class ModelWithLearnablePositionalEncoding(nn.Module):
        def __init__(self, vocab_size, embed_dim, max_seq_len):
            super(ModelWithLearnablePositionalEncoding, self).__init__()  # noqa: UP008
            self.embedding = nn.Embedding(vocab_size, embed_dim)
            self.positional_encoding = nn.Parameter(torch.randn(max_seq_len, embed_dim))

        def forward(self, x):
            batch_size, seq_len = x.size()
            embeddings = self.embedding(x)
            position_embeddings = self.positional_encoding.unsqueeze(0).repeat(batch_size, 1, 1)
            output = embeddings + position_embeddings
            return output

    return ModelWithLearnablePositionalEncoding


def sliced_model_class() -> Any:
    """The fix: slice the table to ``seq_len`` before adding it."""
    base = seed_model_class()

    class SlicedLearnablePositionalEncoding(base):
        def forward(self, x):
            batch_size, seq_len = x.size()
            embeddings = self.embedding(x)
            return embeddings + self.positional_encoding[:seq_len].unsqueeze(0).repeat(batch_size, 1, 1)

    return SlicedLearnablePositionalEncoding


def tiny_lm(ctx: Any, vocab: int = 11, dim: int = 6, max_len: int = 9, batch: int = 1, seq_len: int = 5) -> tuple:
    """(model, head, tokens, targets) on ctx's device and dtype, drawn from ctx's seeded generator."""
    torch = ctx.torch
    torch.manual_seed(ctx.seed)  # nn.Embedding / nn.Parameter initialise from the global generator
    model = sliced_model_class()(vocab, dim, max_len).to(device=ctx.device, dtype=ctx.dtype)
    head = torch.nn.Linear(dim, vocab).to(device=ctx.device, dtype=ctx.dtype)
    gen = ctx.generator(1)
    tokens = torch.randint(0, vocab, (batch, seq_len), generator=gen, device=ctx.device)
    targets = torch.randint(0, vocab, (batch, seq_len), generator=gen, device=ctx.device)
    return model, head, tokens, targets
