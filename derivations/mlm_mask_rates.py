"""BERT's MLM corruption (S3): 15 % selected; of those 80 % [MASK], 10 % random, 10 % unchanged; loss on the 15 %."""

from __future__ import annotations

from typing import Any

from sympy import Rational, evaluate, symbols

from checker import Tolerance, chain, claim, holds, numeric, source, step

S3 = "003_ead9378479e42bc0.txt"
P_SELECT, P_MASK, P_RANDOM_OF_REST = Rational(15, 100), Rational(8, 10), Rational(1, 2)
V = symbols("V", integer=True, positive=True)  # vocabulary size the random token is drawn from
N_TOKENS = 64 * 2048  # fixed in advance; Clopper–Pearson at 99.9 % resolves ±0.001 around 0.015
VOCAB, MASK_ID = 1000, 103


def mask_tokens(torch: Any, inputs: Any, gen: Any, dtype: Any, p_select: float = 0.15) -> tuple:
    """BERT / Hugging Face ``DataCollatorForLanguageModeling.torch_mask_tokens``, with a seeded generator.

    Returns (corrupted inputs, labels with -100 where no loss is taken, selected, replaced, randomized).
    """
    labels = inputs.clone()
    probability_matrix = torch.full(labels.shape, p_select, dtype=dtype, device=inputs.device)
    masked_indices = torch.bernoulli(probability_matrix, generator=gen).bool()
    labels[~masked_indices] = -100  # the loss is computed on the selected tokens only
    full = torch.full(labels.shape, 0.8, dtype=dtype, device=inputs.device)
    indices_replaced = torch.bernoulli(full, generator=gen).bool() & masked_indices
    inputs = inputs.clone()
    inputs[indices_replaced] = MASK_ID
    half = torch.full(labels.shape, 0.5, dtype=dtype, device=inputs.device)
    indices_random = torch.bernoulli(half, generator=gen).bool() & masked_indices & ~indices_replaced
    random_words = torch.randint(VOCAB, labels.shape, generator=gen, device=inputs.device)
    inputs[indices_random] = random_words[indices_random]
    return inputs, labels, masked_indices, indices_replaced, indices_random


MASK_RATE = Rational(3, 25)


def build(mask_rate: Rational = MASK_RATE) -> object:
    with evaluate(False):  # keep the products visible
        mask_product = P_SELECT * P_MASK
        random_product = P_SELECT * (1 - P_MASK) * P_RANDOM_OF_REST
        kept_product = P_SELECT * (1 - P_MASK) * (1 - P_RANDOM_OF_REST)
        shown_original = P_SELECT * (1 - P_MASK) * (1 - P_RANDOM_OF_REST) + P_SELECT * (1 - P_MASK) * P_RANDOM_OF_REST / V

    @numeric()
    def masking_rates(ctx) -> None:
        """torch.bernoulli masking as in BERT / Hugging Face: the overall rates, Clopper–Pearson at 99.9 %"""
        torch = ctx.torch
        gen = ctx.generator(1)
        tokens = torch.randint(0, VOCAB, (N_TOKENS,), generator=gen, device=ctx.device)
        tokens[tokens == MASK_ID] = MASK_ID + 1  # no [MASK] in the clean text
        inputs, labels, selected, replaced, randomized = mask_tokens(torch, tokens, gen, ctx.dtype)
        n = N_TOKENS
        kept = selected & ~replaced & ~randomized
        ctx.bound("[MASK] rate", int(replaced.sum()), n, float(mask_rate), side="equal")
        ctx.bound("random-token rate", int(randomized.sum()), n, float(random_product.doit()), side="equal")
        ctx.bound("selected-and-unchanged rate", int(kept.sum()), n, float(kept_product.doit()), side="equal")
        ctx.bound("loss positions (label ≠ −100)", int((labels != -100).sum()), n, float(P_SELECT), side="equal")
        shown = int((selected & (inputs == tokens)).sum())
        ctx.bound("selected and shown as the original token", shown, n,
                  float(shown_original.doit().subs(V, VOCAB)), side="equal")
        ctx.exact("labels keep the original token where selected", bool((labels[selected] == tokens[selected]).all()),
                  True)

    @numeric()
    def loss_on_selected_only(ctx) -> None:
        """F.cross_entropy(ignore_index=−100) averages over the selected tokens; other logits get zero gradient"""
        torch = ctx.torch
        F = torch.nn.functional
        seq = 512
        gen = ctx.generator(2)
        tokens = torch.randint(0, VOCAB, (seq,), generator=gen, device=ctx.device)
        _, labels, selected, _, _ = mask_tokens(torch, tokens, gen, ctx.dtype)
        logits = ctx.randn(seq, VOCAB, gen=ctx.generator(3)).requires_grad_()
        loss = F.cross_entropy(logits, labels)  # ignore_index = −100 by default
        per_token = F.cross_entropy(logits.detach(), tokens, reduction="none")
        k = int(selected.sum())
        # Error model: a mean of k terms of size ≈ log V ≈ 7 plus the logit range, a few roundings each.
        tol = Tolerance(8 * k * ctx.eps, 8 * k * ctx.eps * 10, f"sum of k={k} cross-entropies ≈ 8")
        ctx.close("loss = mean CE over the selected tokens", loss.detach(), per_token[selected].mean(), tol)
        scrambled = logits.detach().clone()
        scrambled[~selected] = 50 * ctx.randn(int((~selected).sum()), VOCAB, gen=ctx.generator(4))
        ctx.close("loss unchanged when the unselected logits are scrambled", F.cross_entropy(scrambled, labels),
                  loss.detach(), tol)
        first = int(selected.nonzero()[0])
        scrambled[first] = 50 * ctx.randn(VOCAB, gen=ctx.generator(5))
        ctx.close("loss changes when one selected token's logits are scrambled", F.cross_entropy(scrambled, labels),
                  loss.detach(), tol, expect=False)
        loss.backward()
        ctx.exact("rows of ∂loss/∂logits that are non-zero = selected tokens",
                  bool(torch.equal(logits.grad.abs().sum(dim=1) > 0, selected)), True)

    return claim(
        "mlm-mask-rates",
        title="MLM corruption: 12 % of all tokens become [MASK], 1.5 % random, 1.5 % kept; the loss sees the 15 % only",
        source=source(S3, "80%的选中token被替换成[MASK]标记"),
        statement=(
            "Each token is selected with probability 0.15; a selected token becomes [MASK] with probability 0.8, a "
            "random token with 0.1 (Hugging Face: 0.5 of the remaining 0.2), and stays unchanged with 0.1. Over all "
            "tokens: $P([MASK]) = 0.12$, $P(random) = 0.015$, $P(selected, unchanged) = 0.015$, summing to 0.15; the MLM "
            "loss is the cross-entropy averaged over the selected tokens only (labels $−100$ elsewhere). A random "
            "token drawn from V tokens equals the original with probability $1/V$, so a selected token is shown "
            "unchanged with probability $0.015 + 0.015/V$."
        ),
        assumptions=("independent draws per token (torch.bernoulli)", "V ≥ 1 tokens for the random replacement",
                     "no special tokens excluded from selection"),
        proof=[
            chain("[MASK] rate", mask_product, step(mask_rate, by="$P(selected)·P([MASK] | selected)$")),
            chain("random-token rate", random_product, step(Rational(3, 200), by="$0.15 · 0.2 · 0.5$")),
            chain("selected-and-unchanged rate", kept_product, step(Rational(3, 200), by="$0.15 · 0.2 · 0.5$")),
            holds("the three add up to the selection rate", mask_product + random_product + kept_product, "=",
                  P_SELECT, by="$0.8 + 0.1 + 0.1 = 1$"),
            chain(
                "a selected token shown as itself",
                shown_original,
                step(Rational(3, 200) * (1 + 1 / V), by="kept, or replaced by a random token that happens to be itself"),
            ),
        ],
        numeric=[masking_rates, loss_on_selected_only],
        figure=__import__("derivations._figures_bert", fromlist=["mask_rates"]).mask_rates,
        perturbations={"[MASK] rate 0.15 (every selected token masked)": lambda: build(mask_rate=Rational(3, 20))},
    )


mlm_mask_rates = build()
