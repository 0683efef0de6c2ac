"""LaTeX export: checked derivations as a paper (or an ``\\input``-able appendix) that fits its lines.

Each claim is a numbered ``claim`` (amsthm) with its statement, the quoted source, the chains in
``align*`` laid out by ``chains.display`` (long expressions broken, wide parts named and defined below),
each step's justification at the right, its verification as a lettered mark with a legend, and the
numeric evidence as a small table. Quotes are always in the .tex; Chinese runs are typeset at compile
time when CJKutf8 is there (``quotes.ZH_MACRO``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import sympy

from checker.export import prose
from checker.export.chains import Display, Line, Link, display, note_width
from checker.export.compile import compile_pdf
from checker.export.layout import Namer
from checker.export.quotes import ZH_MACRO, quote_tex, tt
from checker.export.texmath import tex, text
from checker.model import Claim, ClaimResult, Source, Step, StepResult, Verdict
from checker.status import RECORDED_TEXT, TRIVIAL_TEXT

DOCUMENT_WIDTH = 37.0  # ems of math per line: A4, 2.5 cm margins, 11 pt (41.6 em), less a tenth
APPENDIX_WIDTH = 28.0  # an unknown paper: any one-column \linewidth of 345 pt or more, 10-12 pt
TABLE_ROWS = 24  # rows of one numeric table (a table does not break across pages)

PREAMBLE = r"""\documentclass[11pt,a4paper]{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage{lmodern}
\usepackage{amsmath,amssymb,amsthm}
\usepackage[margin=2.5cm]{geometry}
\usepackage{graphicx}
\usepackage{array}
\usepackage{booktabs}
\IfFileExists{CJKutf8.sty}{\usepackage{CJKutf8}}{}
\allowdisplaybreaks
\emergencystretch=3em
"""

# what the body needs, defined only where the document (or the paper it goes into) has not
SETUP = r"""\makeatletter
\@ifundefined{claim}{\@ifundefined{theoremstyle}{\newtheorem{claim}{Claim}}%
{\theoremstyle{definition}\newtheorem{claim}{Claim}\theoremstyle{plain}}}{}
\@ifundefined{proof}{\newenvironment{proof}[1][Proof]{\par\noindent\textit{#1.}\ }{\hfill$\square$\par}}{}
\makeatother
""" + ZH_MACRO


@dataclass(frozen=True)
class Paper:
    """How the document is made: title, author, a standalone document or an appendix, figures by claim id."""

    title: str = "Checked derivations"
    author: str = ""
    appendix: bool = False
    figures: Mapping[str, str] = field(default_factory=dict)  # claim id -> graphics file next to the .tex

    @property
    def width(self) -> float:
        return APPENDIX_WIDTH if self.appendix else DOCUMENT_WIDTH


def _note(line: Line, budget: float) -> str:
    mark = f"\\textsuperscript{{{line.mark}}}" if line.mark else ""
    body = f"\\small {tex(line.note)}{mark}"
    if note_width(line.note, line.mark) > 0.8 * budget:
        body = f"\\parbox[t]{{0.75\\linewidth}}{{\\raggedleft {body}}}"
    return f"\\tag*{{{body}}}"


def _align(d: Display, budget: float) -> list[str]:
    rows = []
    for line in d.lines:
        row = f"  {line.left} &{line.right}"
        if line.note or line.mark:
            row += f" \\\\\n  &{_note(line, budget)}" if line.alone else f" {_note(line, budget)}"
        rows.append(row)
    out = [r"\begin{align*}", " \\\\\n".join(rows), r"\end{align*}"]
    if d.where:
        defs = []
        for w in d.where:
            defs += [f"  {w.name} &= {w.rows[0]}"] + [rf"  &\quad {r}" for r in w.rows[1:]]
        out += [r"where", r"\begin{align*}", " \\\\\n".join(defs), r"\end{align*}"]
    return out


_MARK = {Verdict.PROVED: r"\checkmark", Verdict.REFUTED: r"\times", Verdict.UNDECIDED: "?", Verdict.ERROR: "!",
         Verdict.RECORDED: "-"}


def _mark(s: StepResult | None) -> str:
    """A step's verdict and method in one line (kept in the .tex as a comment after its chain)."""
    if s is None:
        return ""
    flag = f"; \\text{{{text(TRIVIAL_TEXT)}}}" if s.trivial else ""
    how = ""
    if s.verdict is Verdict.PROVED and (s.method or s.certified):
        label = f"certified: {s.method}" if s.certified else f"{s.method}: {s.strategy}"
        how = f"; \\text{{\\footnotesize {text(label)}}}"
    return f"({_MARK[s.verdict]}\\ \\text{{{s.verdict.value}}}{how}{flag})"


def _steps(result: ClaimResult | None) -> dict[tuple[str, int, str], StepResult]:
    return {(s.chain, s.index, s.role): s for s in (result.steps if result else ())}


def _where(src: Source) -> str:
    """The file as the author cited it, or the URL."""
    return src.path if "://" in src.path else src.file


def _citation(src: Source, line_of: Mapping[str, int | None]) -> str:
    name = quote_tex(src.title) if src.title else tt(_where(src))
    where = [tt(_where(src))] if src.title else []
    if (n := line_of.get(src.quote)) is not None:
        where.append(f"line {n}")
    role = "" if src.role == "states" else f" (the source {text(src.role)} it)"
    return f"\\emph{{{name}}}" + (f" ({', '.join(where)})" if where else "") + f"{role}: ``{quote_tex(src.quote)}''"


def _line_numbers(claim: Claim) -> dict[str, int | None]:
    from checker.registry import source_text

    out: dict[str, int | None] = {}
    for src in claim.sources or (claim.source,):
        try:
            rows = source_text(src).splitlines()
        except OSError:
            try:
                rows = source_text(src.file).splitlines()  # a built-in seed's name
            except OSError:
                rows = []
        out[src.quote] = next((i + 1 for i, row in enumerate(rows) if src.quote in row), None)
    return out


def _cell(s: str) -> str:
    """Table text, breakable after / = , ( (tolerances and check names have long unspaced runs)."""
    return "".join(text(ch) + (r"\allowbreak{}" if ch in "/=,(" else "") for ch in s)


def _numeric(result: ClaimResult) -> list[str]:
    rows = prose.numeric_rows(result.numeric)
    seeds = sorted({r.seed for r in rows})
    out = [r"\par\smallskip\noindent\textit{Numerical evidence.} Each formula was also evaluated with PyTorch "
           f"(seed {', '.join(map(str, seeds))}) and compared within the stated tolerance:", r"\par\smallskip"]
    head = (r"{\footnotesize\setlength{\tabcolsep}{3pt}\noindent"
            r"\begin{tabular}{@{}>{\raggedright\arraybackslash}p{0.3\linewidth}ll>{\raggedright\arraybackslash}p{0.11\linewidth}r>{\raggedright\arraybackslash}p{0.2\linewidth}r@{}}"
            "\n\\toprule\nCheck & Device & dtype & Result & Max.\\ error & Tolerance & Seed \\\\\n\\midrule")
    for start in range(0, len(rows), TABLE_ROWS):
        body = [f"{{}}{_cell(r.check)} & {text(r.device)} & {text(r.dtype)} & {text(r.result)} & "
                f"{'$' + r.max_error + '$' if r.max_error else '---'} & "
                f"{_cell(r.tolerance)} & {r.seed} \\\\" for r in rows[start:start + TABLE_ROWS]]
        out += [head, *body, "\\bottomrule\n\\end{tabular}}", r"\par\smallskip"]
    return out


def _legend(legend: prose.Legend) -> list[str]:
    if not legend.marks:
        return []
    items = "; ".join(f"\\textsuperscript{{{m.letter}}}\\,{tex(m.label)}" for m in legend.marks.values())
    return [f"\\par{{\\footnotesize\\noindent\\textit{{How each step was verified:}} {items}.\\par}}"]


def _terms(st: Step) -> str:
    """Author text (math between dollars) for a step's hypotheses, limit and tolerance."""
    parts = [f"given {', '.join(f'${sympy.latex(h)}$' for h in st.given)}"] if st.given else []
    if st.along is not None:
        parts.append(f"as ${sympy.latex(st.along[0])} \\to {sympy.latex(st.along[1])}$")
    if st.approx is not None:
        a = st.approx
        tol = " + ".join(t for t in (sympy.latex(a.abs_tol) if a.abs_tol else "",
                                     f"{sympy.latex(a.rel_tol)}\\,|\\text{{rhs}}|" if a.rel_tol else "") if t)
        over = ", ".join(f"${sympy.latex(k)} \\in [{sympy.latex(lo)}, {sympy.latex(hi)}]$" for k, (lo, hi) in a.over.items())
        parts.append(f"error at most ${tol}$" + (f" for {over}" if over else ""))
    return "".join(f"; {p}" for p in parts)


def _refutation(claim: Claim, result: ClaimResult | None, namer: Namer, budget: float) -> list[str]:
    r = claim.refutes
    assert r is not None
    step = _steps(result).get(("source statement", 0, "source"))
    d = display(r.lhs, [Link(r.rel, r.rhs, "")], budget, namer)
    out = [f"\\par\\noindent The source's statement is false. As the source makes it ({tex(r.by)}):", *_align(d, budget)]
    if step is not None and step.counterexample is not None:
        out.append(f"\\noindent Counterexample: {tex(prose.counterexample(step.counterexample))}.")
    out += ["", f"\\noindent\\textit{{Correction.}} {tex(r.correction)}", ""]
    return out


def claim_section(claim: Claim, result: ClaimResult | None, paper: Paper | None = None, present: frozenset[str] = frozenset()) -> str:
    """One claim: statement, source, what is wrong (if anything), derivation, numeric evidence, figure."""
    paper = paper or Paper()
    budget, namer, legend = paper.width, Namer(), prose.Legend()
    lines = [f"\\begin{{claim}}[{{{tex(claim.title)}}}]\\label{{claim:{claim.id}}}", tex(claim.statement), r"\end{claim}"]
    numbers = _line_numbers(claim)
    cites = [_citation(s, numbers) for s in (claim.sources or (claim.source,))]
    lines += ["\\noindent\\textit{Source.} " + "; ".join(cites) + ".", ""]
    if claim.assumptions:
        lines += ["\\noindent\\textit{Assumptions.} " + "; ".join(tex(a) for a in claim.assumptions) + ".", ""]
    if claim.given:
        lines += ["\\noindent\\textit{Hypotheses.} " + "; ".join(f"${sympy.latex(h)}$" for h in claim.given) + ".", ""]
    if claim.uses:
        refs = ", ".join(f"Claim~\\ref{{claim:{u}}}" if u in present else tt(u) for u in claim.uses)
        lines += [f"\\noindent\\textit{{Uses}} {refs}.", ""]
    if (why := prose.failure(result)) and result is not None:
        lines += [f"\\noindent\\textbf{{{tex(why)}}}", ""]
    if claim.refutes is not None:
        lines += _refutation(claim, result, namer, budget)
    if claim.erratum:
        lines += [f"\\noindent\\textit{{Erratum.}} {tex(claim.erratum)}", ""]
        if result is not None and result.status is Verdict.RECORDED:
            lines += [f"\\noindent This is not a mathematical statement: it is {text(RECORDED_TEXT)}.", ""]
    steps = _steps(result)
    if claim.proof:
        title = "Derivation of the correction" if claim.refutes is not None else "Derivation"
        lines.append(f"\\begin{{proof}}[{title}]")
        for c in claim.proof:
            links = [Link(st.rel, st.expr, st.by + _terms(st), legend.mark(steps.get((c.title, i, "proof"))))
                     for i, st in enumerate(c.steps)]
            lines += [f"\\par\\noindent\\emph{{{tex(c.title)}.}}", *_align(display(c.start, links, budget, namer), budget)]
            lines += [f"% step {i + 1}: {_mark(steps.get((c.title, i, 'proof')))}" for i in range(len(c.steps))]
        lines += _legend(legend) + [r"\end{proof}"]
    if result is not None and result.numeric:
        lines += _numeric(result)
    if claim.id in paper.figures:
        lines += [r"\begin{figure}[htbp]\centering",
                  f"\\includegraphics[width=0.9\\linewidth]{{{paper.figures[claim.id]}}}",
                  f"\\caption{{{tex(claim.title)}}}\\label{{fig:{claim.id}}}", r"\end{figure}"]
    return "\n".join(lines)


def _grouped(claims: Sequence[Claim]) -> list[tuple[str, list[Claim]]]:
    groups: dict[str, list[Claim]] = {}
    for c in claims:
        groups.setdefault(c.source.title or c.source.file, []).append(c)
    return list(groups.items())


INTRO = (r"Every step of the derivations below was checked by computer algebra with \texttt{derive} (SymPy), "
         r"and each formula was evaluated numerically with PyTorch. A letter after a step's justification "
         r"says how that step was verified; the letters are explained below each derivation.")


def body(claims: Sequence[Claim], results: Mapping[str, ClaimResult], paper: Paper) -> str:
    heading = "subsection" if paper.appendix else "section"
    parts = [SETUP, r"\begingroup\sloppy", INTRO, ""]
    for source, group in _grouped(claims):
        parts.append(f"\\{heading}{{{quote_tex(source)}}}")
        parts += [claim_section(c, results.get(c.id), paper, frozenset(x.id for x in claims)) + "\n" for c in group]
    return "\n".join(parts + [r"\endgroup"])


def document(claims: Sequence[Claim], results: Mapping[str, ClaimResult], paper: Paper | None = None) -> str:
    """A standalone document, or with ``paper.appendix`` a fragment to ``\\input`` (no preamble)."""
    paper = paper or Paper()
    if paper.appendix:
        head = ("% Checked derivations, written by derive: \\input this file in the body of a paper.\n"
                "% The paper's preamble needs amsmath, amssymb, amsthm, graphicx, array and booktabs;\n"
                "% add \\usepackage{CJKutf8} there to typeset Chinese quotes (without it they are marked).\n")
        return head + body(claims, results, paper) + "\n"
    head = PREAMBLE + f"\\title{{{tex(paper.title)}}}\n\\author{{{tex(paper.author)}}}\n\\date{{}}\n"
    return head + "\\begin{document}\n\\maketitle\n\n" + body(claims, results, paper) + "\n\\end{document}\n"


__all__ = ["Paper", "compile_pdf", "document", "text"]
