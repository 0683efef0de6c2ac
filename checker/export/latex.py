"""LaTeX export: a standalone amsmath document, one ``align*`` per chain, a status per step."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

import sympy

from checker.errors import ExportError
from checker.files import atomic_write
from checker.model import Claim, ClaimResult, StepResult, Verdict
from checker.status import TRIVIAL_TEXT, status_text

_UNICODE = {
    "α": r"\alpha", "β": r"\beta", "γ": r"\gamma", "δ": r"\delta", "ε": r"\varepsilon", "θ": r"\theta",
    "λ": r"\lambda", "μ": r"\mu", "π": r"\pi", "σ": r"\sigma", "τ": r"\tau", "φ": r"\varphi", "ω": r"\omega",
    "Σ": r"\Sigma", "Δ": r"\Delta", "∂": r"\partial", "∇": r"\nabla", "≤": r"\le", "≥": r"\ge", "≠": r"\ne",
    "≈": r"\approx", "→": r"\to", "⇒": r"\Rightarrow", "∈": r"\in", "×": r"\times", "·": r"\cdot",
    "−": "-", "√": r"\surd", "²": "^2", "³": "^3", "ᵀ": "^T", "∞": r"\infty", "±": r"\pm", "…": r"\ldots",
    "ŷ": r"\hat y", "‖": r"\|", "∫": r"\int", "ℤ": r"\mathbb{Z}", "⊤": r"\top", "∝": r"\propto",
    "¹": "^1", "⁴": "^4", "⁻": "^-", "₀": "_0", "₁": "_1", "₂": "_2", "½": r"\tfrac12", "÷": r"\div",
    "Θ": r"\Theta", "Π": r"\Pi", "ℓ": r"\ell", "↦": r"\mapsto", "⇔": r"\Leftrightarrow", "∓": r"\mp",
    "≪": r"\ll", "⊙": r"\odot", "⌊": r"\lfloor", "⌋": r"\rfloor", "⟨": r"\langle", "⟩": r"\rangle",
    "ℝ": r"\mathbb{R}", "ℕ": r"\mathbb{N}", "∑": r"\sum", "∀": r"\forall", "≡": r"\equiv", "∼": r"\sim",
    "ξ": r"\xi", "ρ": r"\rho", "η": r"\eta", "κ": r"\kappa", "ν": r"\nu", "ψ": r"\psi", "Ω": r"\Omega",
}
_TEXT = {"–": "--", "—": "---", "“": "``", "”": "''", "‘": "`", "’": "'", "\u0302": ""}
_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
            "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_MARK = {Verdict.PROVED: r"\checkmark", Verdict.REFUTED: r"\times", Verdict.UNDECIDED: "?", Verdict.ERROR: "!",
         Verdict.RECORDED: "-"}


def text(s: str) -> str:
    """Plain text for pdflatex: specials escaped, math symbols as commands, other non-ASCII named."""
    out = []
    for ch in s:
        if ch in _SPECIAL:
            out.append(_SPECIAL[ch])
        elif ch in _UNICODE:
            out.append(f"\\ensuremath{{{_UNICODE[ch]}}}")
        elif ch in _TEXT:
            out.append(_TEXT[ch])
        elif ord(ch) < 128:
            out.append(ch)
        else:
            out.append(f"[U+{ord(ch):04X}]")
    return "".join(out)


def _has_cjk() -> bool:
    if shutil.which("kpsewhich") is None:
        return False
    found = subprocess.run(["kpsewhich", "CJKutf8.sty"], capture_output=True, text=True, check=False)
    return bool(found.stdout.strip())


def _line_of(file: str, q: str) -> int | None:
    from checker.registry import source_text

    try:
        rows = source_text(file).splitlines()  # a built-in seed's name
    except OSError:
        return None
    return next((i + 1 for i, row in enumerate(rows) if q in row), None)


def quote(file: str, q: str, cjk: bool) -> str:
    """The quoted sentence (CJK fonts installed) or where to find it (pdflatex alone has no Chinese)."""
    where = f"\\texttt{{{text(file)}}}" + (f", line {n}" if (n := _line_of(file, q)) else "")
    if cjk:
        return f"{where}: ``\\begin{{CJK}}{{UTF8}}{{gbsn}}{q}\\end{{CJK}}''"
    ascii_part = "".join(ch for ch in q if ord(ch) < 128 or ch in _UNICODE).strip()
    shown = f" (its formula: {text(ascii_part)})" if len(ascii_part) > 8 else ""
    return f"{where}{shown}; the Chinese sentence is shown by \\texttt{{derive show}} (install texlive-lang-chinese to typeset it here)"


def math(e: object) -> str:
    return sympy.latex(e, order="none") if isinstance(e, sympy.Basic) else sympy.latex(sympy.sympify(e))


_REL = {"=": "=", "<=": r"\le", "<": "<", ">=": r"\ge", ">": ">", "!=": r"\ne"}


def claim_section(claim: Claim, result: ClaimResult | None, cjk: bool) -> str:
    """One claim: title, status, quote, statement, then every chain as an ``align*``."""
    status = status_text(result.status) if result else "not checked"
    lines = [
        f"\\section{{{text(claim.title)}}}\\label{{claim:{claim.id}}}",
        f"\\textbf{{Id}}: \\texttt{{{text(claim.id)}}} \\quad \\textbf{{Status}}: {status}"
        + (f" (declared {claim.expect.value})" if result else ""),
        "",
    ]
    if claim.uses:
        lines += [r"\textbf{Uses}: " + ", ".join(f"\\ref{{claim:{u}}} (\\texttt{{{text(u)}}})" for u in claim.uses), ""]
    lines += [
        r"\begin{quote}",
        f"\\textit{{Source}} {quote(claim.source.file, claim.source.quote, cjk)}",
        r"\end{quote}",
        f"\\textbf{{Statement.}} {text(claim.statement)}",
        "",
    ]
    if claim.assumptions:
        lines += [r"\textbf{Assumptions.} " + "; ".join(text(a) for a in claim.assumptions) + ".", ""]
    steps = {(s.chain, s.index, s.role): s for s in (result.steps if result else ())}
    if claim.refutes is not None:
        r = claim.refutes
        s = steps.get(("source statement", 0, "source"))
        lines += [r"\subsection*{The source's statement}", r"\begin{align*}"]
        lines += [f"  {math(r.lhs)} &{_REL[r.rel]} {math(r.rhs)} && \\text{{{text(r.by)}}}\\quad {_mark(s)}"]
        lines += [r"\end{align*}"]
        if s is not None and s.counterexample is not None:
            lines += [f"Counterexample ({s.counterexample.digits} digits): {text(s.counterexample.describe())}.", ""]
        lines += [f"\\textbf{{Correction.}} {text(r.correction)}", ""]
    if claim.erratum:
        lines += [f"\\textbf{{Erratum.}} {text(claim.erratum)}", ""]
    for c in claim.proof:
        lines += [f"\\subsection*{{{text(c.title)}}}", r"\begin{align*}"]
        rows = []
        for i, st in enumerate(c.steps):
            left = math(c.start) if i == 0 else ""
            mark = _mark(steps.get((c.title, i, "proof")))
            rows.append(f"  {left} &{_REL[st.rel]} {math(st.expr)} && \\text{{{text(st.by)}}}\\quad {mark}")
        lines += [" \\\\\n".join(rows), r"\end{align*}"]
    if result and result.numeric:
        ok = sum(n.ok for n in result.numeric)
        lines += [f"\\textbf{{Numeric confirmation.}} {ok} of {len(result.numeric)} comparisons against PyTorch as expected "
                  f"(devices: {text(', '.join(sorted({n.device for n in result.numeric})))}; seed {result.numeric[0].seed}).", ""]
    return "\n".join(lines)


def _mark(s: StepResult | None) -> str:
    if s is None:
        return ""
    flag = f"; \\text{{{text(TRIVIAL_TEXT)}}}" if s.trivial else ""
    how = ""
    if s.verdict is Verdict.PROVED and (s.method or s.certified):
        label = f"certified: {s.method}" if s.certified else f"{s.method}: {s.strategy}"
        how = f"; \\text{{\\footnotesize {text(label)}}}"
    return f"({_MARK[s.verdict]}\\ \\text{{{s.verdict.value}}}{how}{flag})"


def document(claims: Sequence[Claim], results: dict[str, ClaimResult]) -> str:
    cjk = _has_cjk()
    body = "\n\n".join(claim_section(c, results.get(c.id), cjk) for c in claims)
    head = [
        r"\documentclass[11pt]{article}",
        r"\usepackage[utf8]{inputenc}",
        r"\usepackage[T1]{fontenc}",
        r"\usepackage{amsmath,amssymb}",
        r"\usepackage[margin=2cm]{geometry}",
        r"\usepackage{CJKutf8}" if cjk else "% CJKutf8 not installed: Chinese quotes are shown as code points",
        r"\allowdisplaybreaks",
        r"\title{Checked derivations}",
        r"\author{derive}",
        r"\begin{document}",
        r"\maketitle",
    ]
    return "\n".join(head) + "\n\n" + body + "\n\n\\end{document}\n"


def compile_pdf(tex: Path) -> Path:
    """Compile with latexmk (or pdflatex); the PDF lands next to ``tex``."""
    tool = shutil.which("latexmk") or shutil.which("pdflatex")
    if tool is None:
        raise ExportError(
            "TeX is not installed, so no PDF was made (the .tex file was written); "
            "install it with: apt-get install texlive-latex-base texlive-latex-recommended latexmk"
        )
    with tempfile.TemporaryDirectory() as work:
        src = Path(work) / tex.name
        shutil.copyfile(tex, src)
        if Path(tool).name == "latexmk":
            cmd = [tool, "-pdf", "-interaction=nonstopmode", "-halt-on-error", "-quiet", src.name]
        else:
            cmd = [tool, "-interaction=nonstopmode", "-halt-on-error", src.name]
        done = subprocess.run(cmd, cwd=work, capture_output=True, text=True, timeout=300, check=False)
        pdf = src.with_suffix(".pdf")
        if done.returncode != 0 or not pdf.exists():
            errors = [ln for ln in (done.stdout + done.stderr).splitlines() if ln.startswith("!")]
            raise ExportError(f"pdflatex failed on {tex}: {errors[0] if errors else 'see the log'}")
        target = tex.with_suffix(".pdf")
        atomic_write(target, pdf.read_bytes())
    return target


__all__ = ["compile_pdf", "document", "text"]
