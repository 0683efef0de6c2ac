"""Quoted sentences in LaTeX: Latin text always typeset, Chinese runs typeset wherever CJKutf8 is there.

The .tex holds every quote. Each run of Chinese characters is ``\\derivezh{原文}{U+539F U+6587}``; the
macro (``ZH_MACRO``) typesets the run with CJKutf8's ``gbsn`` font when that package is loaded, and
otherwise prints a marked note with the code points, so the document compiles on any TeX Live.
Characters outside the font's ranges are always printed as code points (the ``gbsnu1d`` failure).
"""

from __future__ import annotations

from checker.export.symbols import MATH, TEXT, is_cjk
from checker.export.texmath import text

# the subfonts of gbsn (fonts/tfm/arphic/gbsnu/gbsnuXX.tfm): high byte of the code point
_GBSN = {0x30, 0x31, 0x32, *range(0x4E, 0x9D), 0x9E, 0x9F, 0xFE, 0xFF}

# defined in the preamble of a document, or at the top of an appendix (\providecommand: a paper may override)
ZH_MACRO = r"""\makeatletter
\providecommand{\derivezh}[2]{\ifdefined\CJK\begin{CJK}{UTF8}{gbsn}#1\end{CJK}%
\else[\textit{Chinese, not typeset here}: {\footnotesize\ttfamily #2}]\fi}
\makeatother"""


_BREAK_AFTER = set("=+,/)}]")  # a formula quoted as code has no spaces: let it break after these


def tt(s: str) -> str:
    """A file name or URL in typewriter type, breakable after / _ . -."""
    return "\\texttt{" + "".join(text(ch) + (r"\allowbreak{}" if ch in "/_.-" else "") for ch in s) + "}"


def _typesettable(ch: str) -> bool:
    return is_cjk(ch) and (ord(ch) >> 8) in _GBSN


def _codes(run: str) -> str:
    return " ".join(f"U+{ord(c):04X}" for c in run)


def quote_tex(q: str) -> str:
    """A quote (or a source's title) for LaTeX: Latin text escaped, Chinese runs in ``\\derivezh``."""
    out: list[str] = []
    run: list[str] = []
    for ch in q + "\0":
        if ch != "\0" and _typesettable(ch):
            run.append(ch)
            continue
        if run:
            out.append(f"\\derivezh{{{''.join(run)}}}{{{_codes(''.join(run))}}}")
            run = []
        if ch == "\0":
            break
        if ord(ch) < 128 or ch in MATH or ch in TEXT:
            out.append(text(ch) + (r"\allowbreak{}" if ch in _BREAK_AFTER else ""))
        else:
            out.append(f"\\texttt{{[U+{ord(ch):04X}]}}")
    return "".join(out)


def has_chinese(q: str) -> bool:
    return any(is_cjk(ch) for ch in q)
