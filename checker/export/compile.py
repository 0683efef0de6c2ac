"""Compile an exported .tex to PDF; on failure the log stays next to it (``FILE.log``) and is named."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from checker.errors import ExportError
from checker.files import atomic_write

INSTALL = "apt-get install texlive-latex-base texlive-latex-recommended texlive-latex-extra latexmk"
_OVERFULL = re.compile(r"Overfull \\hbox \(([\d.]+)pt too wide\)")


@dataclass(frozen=True)
class Compiled:
    """The PDF, the compiler's log, and how many lines stick out by more than a point."""

    pdf: Path
    log: str

    @property
    def overfull(self) -> list[float]:
        return overfull(self.log)


def overfull(log: str, over: float = 1.0) -> list[float]:
    """The widths (pt) by which lines of the log's document stick out, those over ``over`` only."""
    return [w for w in (float(m) for m in _OVERFULL.findall(log)) if w > over]


def _first_error(log: str) -> str:
    lines = log.splitlines()
    for i, ln in enumerate(lines):
        if ln.startswith("!"):
            where = next((m.group(0) for m in (re.match(r"l\.\d+", x) for x in lines[i + 1:i + 8]) if m), "")
            return ln + (f" ({where})" if where else "")
    return "see the log"


def compile_tex(tex: Path, timeout: float = 300.0) -> Compiled:
    """Compile ``tex`` where it lies (figures beside it are found); aux files go to a temporary folder."""
    tool = shutil.which("latexmk") or shutil.which("pdflatex")
    if tool is None:
        raise ExportError(f"TeX is not installed, so no PDF was made (the .tex file was written); install it with: {INSTALL}")
    tex = tex.resolve()
    with tempfile.TemporaryDirectory() as work:
        if Path(tool).name == "latexmk":
            cmd = [tool, "-pdf", "-interaction=nonstopmode", "-halt-on-error", "-quiet", f"-outdir={work}", tex.name]
        else:
            cmd = [tool, "-interaction=nonstopmode", "-halt-on-error", f"-output-directory={work}", tex.name]
        try:
            done = subprocess.run(cmd, cwd=tex.parent, capture_output=True, text=True, timeout=timeout, check=False)
            failed = done.returncode != 0
        except subprocess.TimeoutExpired:
            failed = True
        log_file = Path(work) / tex.with_suffix(".log").name
        log = log_file.read_text(errors="replace") if log_file.exists() else ""
        pdf = Path(work) / tex.with_suffix(".pdf").name
        if failed or not pdf.exists():
            kept = tex.with_suffix(".log")
            atomic_write(kept, log or "(the compiler wrote no log)\n")
            raise ExportError(f"pdflatex failed on {tex.name}: {_first_error(log)}; the log is {kept}")
        target = tex.with_suffix(".pdf")
        atomic_write(target, pdf.read_bytes())
    return Compiled(target, log)


def compile_pdf(tex: Path) -> Path:
    """Compile with latexmk (or pdflatex); the PDF lands next to ``tex``."""
    return compile_tex(tex).pdf
