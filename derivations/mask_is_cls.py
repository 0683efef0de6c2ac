"""An erratum in S3: the document glosses [MASK] as "(即[CLS])", i.e. "[MASK] is [CLS]"."""

from __future__ import annotations

from checker import claim, source

S3 = "003_ead9378479e42bc0.txt"

# Not mathematics: a fact about BERT's vocabulary. Nothing to derive and nothing to compute, so the
# module records the erratum only (no proof, no numeric check).
mask_is_cls = claim(
    "mask-is-cls",
    title="[MASK] is not [CLS]: they are two distinct special tokens of BERT",
    source=source(S3, "替换成[MASK]标记(即[CLS])"),
    statement=(
        "The source glosses the MLM replacement token [MASK] as [CLS]. False: BERT's vocabulary has both as "
        "separate special tokens (bert-base-uncased: [CLS] = 101, [MASK] = 103). [CLS] is prepended to every "
        "input and its final hidden state feeds the NSP / sequence classifier; [MASK] replaces 80 % of the tokens "
        "selected for the MLM loss."
    ),
    erratum=(
        "[MASK] and [CLS] are distinct special tokens with different ids and roles; the gloss '(即[CLS])' is wrong. "
        "A vocabulary fact, not a mathematical statement, so nothing is derived or computed."
    ),
    expect="refuted",
)
