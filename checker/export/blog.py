"""Markdown export for blogs: the LaTeX export's content with ``$$…$$`` display and ``$…$`` inline math.

Only commands KaTeX and MathJax both know: ``aligned`` (no ``align*``, no ``dmath``), ``\\text``,
``\\mathcal``; a step's justification is a third column of the ``aligned`` block. Figures are relative
image links (``--figures`` draws them as PNG next to the .md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from checker.export import prose
from checker.export.chains import Display, Link, display
from checker.export.latex import Paper, _grouped, _line_numbers, _steps, _where
from checker.export.layout import Namer
from checker.export.texmath import markdown as md
from checker.export.texmath import segments
from checker.model import Claim, ClaimResult, Source, Verdict
from checker.status import RECORDED_TEXT

WIDTH = 30.0  # ems of math per line in a blog's column (about 700 px of KaTeX at 1.21 times the text)
_TEXT_ESCAPE = {"\\": r"\backslash ", "{": r"\{", "}": r"\}", "$": r"\$", "%": r"\%", "&": r"\&", "#": r"\#",
                "_": r"\_", "^": r"\hat{}", "~": r"\sim "}


def note_math(s: str) -> str:
    """Author text as math: its text parts in ``\\text{}``, its ``$…$`` parts as they are."""
    out = []
    for is_math, part in segments(s):
        if is_math:
            out.append(f"{{{part}}}")
        elif part:
            body = "".join(f"}}{_TEXT_ESCAPE[ch]}\\text{{" if ch in _TEXT_ESCAPE else ch for ch in part)
            out.append(f"\\text{{{body}}}")
    return "".join(out).replace(r"\text{}", "")


def _aligned(d: Display) -> list[str]:
    rows = []
    for line in d.lines:
        row = f"{line.left} &{line.right}"
        note = note_math(line.note) + (f"^{{\\text{{{line.mark}}}}}" if line.mark else "")
        if note:
            row += f" \\\\\n& && {note}" if line.alone else f" && {note}"
        rows.append(row)
    out = ["$$", r"\begin{aligned}", " \\\\\n".join(rows), r"\end{aligned}", "$$", ""]
    if d.where:
        defs = []
        for w in d.where:
            defs += [f"{w.name} &= {w.rows[0]}"] + [rf"&\quad {r}" for r in w.rows[1:]]
        out += ["where", "", "$$", r"\begin{aligned}", " \\\\\n".join(defs), r"\end{aligned}", "$$", ""]
    return out


def _citation(src: Source, numbers: Mapping[str, int | None]) -> str:
    name = f"*{md(src.title)}*" if src.title else f"`{_where(src)}`"
    where = [f"`{_where(src)}`"] if src.title else []
    if (n := numbers.get(src.quote)) is not None:
        where.append(f"line {n}")
    role = "" if src.role == "states" else f" (the source {md(src.role)} it)"
    return name + (f" ({', '.join(where)})" if where else "") + role


def _numeric(result: ClaimResult) -> list[str]:
    rows = prose.numeric_rows(result.numeric)
    seeds = ", ".join(map(str, sorted({r.seed for r in rows})))
    out = [f"**Numerical evidence.** Each formula was also evaluated with PyTorch (seed {seeds}) and compared "
           "within the stated tolerance:", "", "| Check | Device | dtype | Result | Max. error | Tolerance | Seed |",
           "| --- | --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        err = f"${r.max_error}$" if r.max_error else "—"
        out.append(f"| {md(r.check)} | {r.device} | {r.dtype} | {r.result} | {err} | {md(r.tolerance)} | {r.seed} |")
    return out + [""]


def claim_section(claim: Claim, number: int, result: ClaimResult | None, paper: Paper, known: Mapping[str, int]) -> str:
    """One claim, as ``latex.claim_section`` has it."""
    namer, legend = Namer(), prose.Legend()
    out = [f'<a id="claim-{claim.id}"></a>', "", f"### Claim {number}. {md(claim.title)}", "", md(claim.statement), ""]
    numbers = _line_numbers(claim)
    for src in claim.sources or (claim.source,):
        out += [f"> {md(src.quote)}", ">", f"> — {_citation(src, numbers)}", ""]
    if claim.assumptions:
        out += ["**Assumptions.** " + "; ".join(md(a) for a in claim.assumptions) + ".", ""]
    if claim.uses:
        out += ["**Uses** " + ", ".join(f"[Claim {known[u]}](#claim-{u})" if u in known else f"`{u}`" for u in claim.uses) + ".", ""]
    if (why := prose.failure(result)) and result is not None:
        out += [f"**{md(why)}**", ""]
    steps = _steps(result)
    if (r := claim.refutes) is not None:
        out += [f"The source's statement is false. As the source makes it ({md(r.by)}):", ""]
        out += _aligned(display(r.lhs, [Link(r.rel, r.rhs, "")], WIDTH, namer))
        step = steps.get(("source statement", 0, "source"))
        if step is not None and step.counterexample is not None:
            out += [f"Counterexample: {md(prose.counterexample(step.counterexample))}.", ""]
        out += [f"**Correction.** {md(r.correction)}", ""]
    if claim.erratum:
        out += [f"**Erratum.** {md(claim.erratum)}", ""]
        if result is not None and result.status is Verdict.RECORDED:
            out += [f"This is not a mathematical statement: it is {RECORDED_TEXT}.", ""]
    if claim.proof:
        out += ["**Derivation of the correction.**" if r is not None else "**Derivation.**", ""]
        for c in claim.proof:
            links = [Link(st.rel, st.expr, st.by, legend.mark(steps.get((c.title, i, "proof")))) for i, st in enumerate(c.steps)]
            out += [f"*{md(c.title)}.*", "", *_aligned(display(c.start, links, WIDTH, namer))]
        if legend.marks:
            items = "; ".join(f"<sup>{m.letter}</sup> {md(m.label)}" for m in legend.marks.values())
            out += [f"<small>*How each step was verified:* {items}.</small>", ""]
    if result is not None and result.numeric:
        out += _numeric(result)
    if claim.id in paper.figures:
        out += [f"![{md(claim.title)}]({paper.figures[claim.id]})", ""]
    return "\n".join(out)


def document(claims: Sequence[Claim], results: Mapping[str, ClaimResult], paper: Paper | None = None) -> str:
    """The whole post: title, author, then the claims grouped by the document they come from."""
    paper = paper or Paper()
    out = [f"# {md(paper.title)}", ""]
    if paper.author:
        out += [f"*{md(paper.author)}*", ""]
    out += ["Every step of the derivations below was checked by computer algebra with `derive` (SymPy), and each "
            "formula was evaluated numerically with PyTorch. A letter after a step's justification says how that "
            "step was verified; the letters are explained below each derivation.", ""]
    groups = _grouped(claims)
    known = {c.id: i + 1 for i, c in enumerate(c for _, group in groups for c in group)}
    for source, group in groups:
        out += [f"## {md(source)}", ""]
        out += [claim_section(c, known[c.id], results.get(c.id), paper, known) for c in group]
    return "\n".join(out).rstrip() + "\n"
