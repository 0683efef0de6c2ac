"""`derive new ID --path DIR`: a documented claim module that checks out as written."""

from __future__ import annotations

import re
from pathlib import Path

from checker.errors import UsageError
from checker.files import atomic_write

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*[a-z0-9]$")

TEMPLATE = '''"""{id}: replace this line with the claim in one sentence.

Scaffolded by `derive new`. Check it with:  derive check {id} --path {path}
"""

from __future__ import annotations

from sympy import symbols

from checker import chain, claim, numeric, rounding_tolerance, source, step

# Symbols carry their assumptions: the checker samples counterexamples inside them.
a, b = symbols("a b", real=True)


def build(cross_term: int = 2) -> object:
    """The claim; its parameters let a test perturb it (a wrong constant must be rejected)."""

    @numeric()
    def square_in_torch(ctx) -> None:
        """(a + b)² computed by torch equals the expanded form"""
        x, y = ctx.randn(64), ctx.randn(64, gen=ctx.generator(1))  # seeded draws on ctx.device, ctx.dtype
        tol = rounding_tolerance(ctx.dtype, ops=4, scale=float((x.abs() + y.abs()).max() ** 2))
        ctx.close("(a+b)^2 = a^2 + 2ab + b^2", (x + y) ** 2, x * x + cross_term * x * y + y * y, tol)

    return claim(
        "{id}",
        title="Replace with a one-line title",
        source=source("{id}.md", "replace with the sentence you quote"),
        statement="(a + b)² = a² + 2ab + b² for real a, b.",
        assumptions=("a, b real",),
        proof=[
            chain(
                "binomial square",
                (a + b) ** 2,
                step(a**2 + cross_term * a * b + b**2, by="expand the product"),
            ),
        ],
        numeric=[square_in_torch],
        perturbations={{"cross term 3ab instead of 2ab": lambda: build(cross_term=3)}},
    )


{var} = build()
'''


SOURCE_TEMPLATE = """# {id}

Replace this file with your post, notes or paper section (or cite it from the claim module instead).
The claim quotes one sentence of it, and derive checks that the quote is here:

For real a and b, we have: replace with the sentence you quote.
"""


def scaffold(claim_id: str, directory: Path, taken: dict[str, str]) -> Path:
    """Write ``directory/<id>.py``; refuses bad ids, ids already in use, and existing files."""
    if not _ID.match(claim_id):
        raise UsageError(f"claim id must be lower-case words joined by '-' (got {claim_id!r})")
    if claim_id in taken:
        raise UsageError(f"claim id '{claim_id}' is already declared in {taken[claim_id]}")
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"--path {directory} is not a directory")
    target = directory / f"{claim_id.replace('-', '_')}.py"
    post = directory / f"{claim_id}.md"
    for path in (target, post):
        if path.exists():
            raise UsageError(f"{path} already exists; not overwriting it")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create {directory}: {exc.strerror or exc}") from None
    var = claim_id.replace("-", "_")
    atomic_write(post, SOURCE_TEMPLATE.format(id=claim_id))
    atomic_write(target, TEMPLATE.format(id=claim_id, path=directory, var=var))
    return target
