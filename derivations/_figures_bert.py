"""BERT's MLM corruption: the declared rates against a torch.bernoulli run of the Hugging Face masking code."""

from __future__ import annotations

from typing import Any


def mask_rates(n_tokens: int = 64 * 2048) -> Any:
    """Of all tokens: 12 % [MASK], 1.5 % random, 1.5 % unchanged (15 % selected, the loss positions)."""
    import matplotlib.pyplot as plt
    import torch

    from checker.numerical import clopper_pearson
    from derivations.mlm_mask_rates import MASK_ID, VOCAB, mask_tokens

    gen = torch.Generator().manual_seed(1234)
    tokens = torch.randint(0, VOCAB, (n_tokens,), generator=gen)
    tokens[tokens == MASK_ID] = MASK_ID + 1
    _, labels, selected, replaced, randomized = mask_tokens(torch, tokens, gen, torch.float64)
    kept = selected & ~replaced & ~randomized
    names = ["[MASK]", "random token", "unchanged", "loss positions\n(label ≠ −100)"]
    declared = [0.12, 0.015, 0.015, 0.15]
    hits = [int(replaced.sum()), int(randomized.sum()), int(kept.sum()), int((labels != -100).sum())]
    measured = [h / n_tokens for h in hits]
    band = [clopper_pearson(h, n_tokens) for h in hits]
    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    x = range(len(names))
    ax.bar([i - 0.2 for i in x], declared, width=0.4, color="C0", label="declared (0.15 × 0.8, × 0.1, × 0.1)")
    below = [m - lo for m, (lo, _) in zip(measured, band, strict=True)]
    above = [hi - m for m, (_, hi) in zip(measured, band, strict=True)]
    ax.bar([i + 0.2 for i in x], measured, width=0.4, color="C1", yerr=[below, above], capsize=3, label=f"measured: torch.bernoulli, {n_tokens} tokens, seed 1234 (99.9 % band)")
    for i, (dv, mv) in enumerate(zip(declared, measured, strict=True)):
        ax.text(i - 0.2, dv, f"{dv:.3f}", ha="center", va="bottom", fontsize=8)
        ax.text(i + 0.2, mv, f"{mv:.4f}", ha="center", va="bottom", fontsize=8)
    ax.set_xticks(list(x), names)
    ax.set_xlabel("what happens to a token")
    ax.set_ylabel("fraction of all tokens")
    ax.set_title("MLM corruption: 12 % [MASK], 1.5 % random, 1.5 % unchanged of all tokens")
    ax.legend(fontsize=8)
    return fig
