"""Author text (titles, statements, justifications, corrections) for LaTeX and Markdown.

Authors write math between dollars: ``the query matrix $W^Q$``, and code between backticks. What is between ``$…$`` is passed on as
math; everything else is text, escaped so that it prints as written (``%``, ``&``, ``_``, ``^``, …), with
Unicode math symbols (σ, ≤, ², …) mapped to LaTeX. ``\\$`` is a literal dollar. Math that could break
or take over the document (unbalanced braces, ``\\input``, ``\\def``, …) is printed as text instead.
"""

from __future__ import annotations

import re

from checker.export.symbols import MATH, TEXT, unicode_math

_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
            "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
            "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}"}
_FORBIDDEN = re.compile(
    r"\\(input|include|def|edef|gdef|xdef|let|write|immediate|openout|openin|read|catcode|newcommand|"
    r"renewcommand|providecommand|usepackage|documentclass|begin|end|csname|makeatletter|special|"
    r"directlua|loop|expandafter|newenvironment|input@path|jobname|tag|label|verb)(?![A-Za-z])"
)
_GROUP = r"(\{(?:[^{}]|\{[^{}]*\})*\}|\\[A-Za-z]+|[^{\\])"
_DOUBLE = re.compile(f"_{_GROUP}_|\\^{_GROUP}\\^")  # x_i_j
_MD_SPECIAL = set("\\*_[]<>|$#")


def _code_tex(c: str) -> str:
    return "\\texttt{" + "".join(text(ch) + (r"\allowbreak{}" if ch in "._(,/[" else "") for ch in c) + "}"


def _text_tex(s: str) -> str:
    """Text with `code` spans in typewriter type (breakable), the rest escaped."""
    parts = s.split("`")
    if len(parts) % 2 == 0:  # an unmatched backtick: all text
        return text(s)
    return "".join(_code_tex(p) if i % 2 else text(p) for i, p in enumerate(parts))


def segments(s: str) -> list[tuple[bool, str]]:
    """``s`` split into ``(is_math, text)`` parts; an unmatched ``$`` is text."""
    out: list[tuple[bool, str]] = []
    buf: list[str] = []
    i = 0
    while i < len(s):
        ch = s[i]
        if ch == "\\" and i + 1 < len(s) and s[i + 1] == "$":
            buf.append("$")
            i += 2
            continue
        if ch == "$":
            end = _closing(s, i + 1)
            if end is not None and end > i + 1:
                if buf:
                    out.append((False, "".join(buf)))
                    buf = []
                out.append((True, s[i + 1:end]))
                i = end + 1
                continue
        buf.append(ch)
        i += 1
    if buf:
        out.append((False, "".join(buf)))
    return out


def _closing(s: str, start: int) -> int | None:
    i = start
    while i < len(s):
        if s[i] == "\\":
            i += 2
            continue
        if s[i] == "$":
            return i
        i += 1
    return None


def safe_math(m: str) -> bool:
    """Whether ``m`` can be passed to LaTeX as math: balanced braces, no commands that take over TeX."""
    depth = 0
    i = 0
    while i < len(m):
        if m[i] == "\\":
            i += 2
            continue
        depth += m[i] == "{"
        depth -= m[i] == "}"
        if depth < 0:
            return False
        i += 1
    return depth == 0 and not _FORBIDDEN.search(m) and not _DOUBLE.search(m) and "\\\\" not in m and "&" not in m.replace("\\&", "")


def text(s: str) -> str:
    """Plain text for pdflatex: specials escaped, math symbols as commands, other non-ASCII named."""
    out = []
    for ch in s:
        if ch in _SPECIAL:
            out.append(_SPECIAL[ch])
        elif ch in MATH:
            out.append(f"\\ensuremath{{{MATH[ch]}}}")
        elif ch in TEXT:
            out.append(TEXT[ch])
        elif ord(ch) < 128:
            out.append(ch)
        else:
            out.append(f"[U+{ord(ch):04X}]")
    return "".join(out)


def tex(s: str) -> str:
    """Author text for LaTeX: ``$…$`` as math, the rest escaped."""
    return "".join(f"${unicode_math(part)}$" if is_math and safe_math(part) else _text_tex(f"${part}$" if is_math else part)
                   for is_math, part in segments(s))


def markdown(s: str) -> str:
    """Author text for Markdown with KaTeX or MathJax: ``$…$`` as math, the rest escaped for Markdown."""
    out = []
    for is_math, part in segments(s):
        if is_math and safe_math(part):
            out.append(f"${unicode_math(part)}$")
        else:
            body = f"${part}$" if is_math else part
            pieces = body.split("`")
            if len(pieces) % 2 == 0:
                pieces = [body.replace("`", "\\`")]
            out.append("".join(f"`{p}`" if i % 2 else "".join(f"\\{ch}" if ch in _MD_SPECIAL else ch for ch in p)
                               for i, p in enumerate(pieces)))
    return "".join(out)


_FROM_COMMAND = {cmd.lstrip("\\"): ch for ch, cmd in MATH.items() if cmd.startswith("\\") and cmd[1:].isalpha()}
_WRAPPED = re.compile(r"\\(?:operatorname|mathrm|mathit|mathbf|text|textrm|mathsf|mathcal)\{([^{}]*)\}")
_FRAC = re.compile(r"\\[dt]?frac\{([^{}]*)\}\{([^{}]*)\}")
_SQRT = re.compile(r"\\sqrt\{([^{}]*)\}")
_COMMAND = re.compile(r"\\([A-Za-z]+)\s?")
_SPACING = re.compile(r"\\[,;:! ]")


def _readable(tex: str) -> str:
    """Math-mode LaTeX as terminal text: commands as their Unicode or their names, simple braces dropped."""
    tex = _SPACING.sub(" ", tex)
    for _ in range(3):  # nested \frac{\sqrt{…}}{…}
        tex = _WRAPPED.sub(r"\1", tex)
        tex = _SQRT.sub(r"√(\1)", tex)
        tex = _FRAC.sub(r"(\1)/(\2)", tex)
    tex = _COMMAND.sub(lambda m: _FROM_COMMAND.get(m.group(1), m.group(1) + (" " if m.group(0)[-1:].isspace() else "")), tex)
    return re.sub(r"(?<![_^])\{([^{}]*)\}", r"\1", tex)


def plain(s: str) -> str:
    """Author text for a terminal or a file name: the dollars out, the math's LaTeX commands made readable."""
    return "".join(_readable(part) if is_math else part for is_math, part in segments(s))
