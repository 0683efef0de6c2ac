"""How wide and tall a piece of LaTeX math will be, estimated in Python (no TeX needed).

The estimate is in ems of the text font and errs on the wide side: the layout breaks or names an
expression when its estimate exceeds the line, so an overestimate costs a line, an underestimate an
overfull box. The constants were calibrated against pdflatex (Computer Modern, display style).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r"\\[A-Za-z]+\*?|\\.|[{}^_&]|\s+|.", re.S)

_SCALE = {0: 1.0, 1: 1.0, 2: 0.77, 3: 0.6}  # display, text, script, scriptscript
_CHAR = {".": 0.3, ",": 0.45, ";": 0.45, ":": 0.3, "!": 0.3, "'": 0.35, "|": 0.3, "(": 0.42, ")": 0.42,
         "[": 0.32, "]": 0.32, "/": 0.55, "=": 1.35, "<": 1.35, ">": 1.35, "+": 1.25, "-": 1.25, "*": 0.55}
_BIN = {r"\cdot": 0.85, r"\times": 1.25, r"\pm": 1.25, r"\mp": 1.25, r"\circ": 0.95, r"\odot": 1.25,
        r"\otimes": 1.25, r"\oplus": 1.25, r"\wedge": 1.1, r"\vee": 1.1, r"\setminus": 1.1, r"\div": 1.25}
_REL = {r"\le", r"\leq", r"\ge", r"\geq", r"\ne", r"\neq", r"\approx", r"\equiv", r"\in", r"\to", r"\sim",
        r"\mapsto", r"\Rightarrow", r"\Leftrightarrow", r"\propto", r"\ll", r"\gg", r"\subset", r"\notin",
        r"\simeq", r"\cong", r"\rightarrow", r"\leftarrow", r"\mid", r"\coloneqq"}
_SPACE = {r"\,": 0.17, r"\:": 0.22, r"\;": 0.28, r"\!": -0.17, r"\ ": 0.33, r"\quad": 1.0, r"\qquad": 2.0,
          r"\thinspace": 0.17, r"\medspace": 0.22, r"\thickspace": 0.28, "~": 0.33}
_FUNC = {"sin", "cos", "tan", "cot", "sec", "csc", "log", "ln", "exp", "max", "min", "det", "arg", "sinh",
         "cosh", "tanh", "lim", "sup", "inf", "deg", "dim", "gcd", "Pr", "ker", "hom", "asin", "acos", "atan",
         "arcsin", "arccos", "arctan", "sign", "Var", "Re", "Im"}
_BIGOP = {r"\sum": 1.5, r"\prod": 1.35, r"\int": 1.0, r"\oint": 1.0, r"\bigcup": 1.3, r"\bigcap": 1.3,
          r"\coprod": 1.35, r"\iint": 1.6, r"\iiint": 2.2}
_WRAP = {r"\mathbf", r"\mathrm", r"\mathit", r"\mathsf", r"\mathtt", r"\boldsymbol", r"\mathbb", r"\mathcal",
         r"\mathfrak", r"\mathscr", r"\hat", r"\bar", r"\tilde", r"\vec", r"\dot", r"\ddot", r"\overline",
         r"\underline", r"\widehat", r"\widetilde", r"\check", r"\breve", r"\acute", r"\grave", r"\bm",
         r"\displaystyle", r"\textstyle", r"\mathring", r"\overrightarrow"}
_TEXTLIKE = {r"\text", r"\textrm", r"\textit", r"\textbf", r"\mbox", r"\operatorname", r"\texttt", r"\textsf"}
_IGNORE = {r"\left", r"\right", r"\middle", r"\limits", r"\nolimits", r"\big", r"\Big", r"\bigg", r"\Bigg",
           r"\bigl", r"\bigr", r"\Bigl", r"\Bigr", r"\biggl", r"\biggr", r"\mathclose", r"\mathopen",
           r"\mathrel", r"\mathbin", r"\mathord", r"\mathop", r"\mathpunct", r"\mathinner", r"\scriptstyle",
           r"\scriptscriptstyle"}
_MATRIX_SEP = {"matrix": 0.95, "pmatrix": 0.95, "bmatrix": 0.95, "vmatrix": 0.95, "Bmatrix": 0.95,
               "smallmatrix": 0.3, "cases": 1.0, "array": 0.95, "aligned": 0.2, "split": 0.2}


@dataclass(frozen=True)
class Box:
    """Estimated extent: ``width`` in ems, ``height`` (above and below the baseline together) in ems."""

    width: float
    height: float


def _char_width(ch: str) -> float:
    if ch in _CHAR:
        return _CHAR[ch]
    if ch.isdigit():
        return 0.52
    if ch in "mwMW":
        return 0.95
    if ch.isupper():
        return 0.8
    if ch.isalpha():
        return 0.6
    if ch.isspace():
        return 0.0
    return 0.8  # anything else: a symbol


class _Parser:
    """A small recursive reader of math-mode LaTeX that adds up widths (not a TeX implementation)."""

    def __init__(self, tex: str) -> None:
        self.toks = [t for t in _TOKEN.findall(tex) if not t.isspace()]
        self.i = 0

    def peek(self) -> str | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> str:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def group_raw(self) -> str:
        """The raw text of the next ``{...}`` group (or the next token)."""
        if self.peek() != "{":
            return self.take() if self.peek() is not None else ""
        self.take()
        depth, out = 1, []
        while self.peek() is not None:
            tok = self.take()
            depth += tok == "{"
            depth -= tok == "}"
            if depth == 0:
                break
            out.append(tok)
        return "".join(out)

    def arg(self, style: int) -> Box:
        """The next argument: a braced group or a single token."""
        if self.peek() == "{":
            self.take()
            box = self.seq(style, stop="}")
            if self.peek() == "}":
                self.take()
            return box
        if self.peek() is None:
            return Box(0.0, 0.0)
        return self.atom(style)

    def seq(self, style: int, stop: str | None = None, stops: tuple[str, ...] = ()) -> Box:
        width, height = 0.0, 1.0
        while (tok := self.peek()) is not None and tok != stop and tok not in stops:
            if tok in ("^", "_"):
                width, height = self._scripts(width, height, style, limits=False)
                continue
            if tok in _BIGOP:
                self.take()
                op = _BIGOP[tok] * _SCALE[style]
                if self.peek() in ("^", "_") and style == 0 and tok not in (r"\int", r"\oint", r"\iint", r"\iiint"):
                    w, h = self._scripts(0.0, 1.8, style, limits=True)
                    width, height = width + max(op, w) + 0.2, max(height, h)
                else:
                    width, height = width + op + 0.2, max(height, 1.8 if style == 0 else 1.2)
                continue
            box = self.atom(style)
            width, height = width + box.width, max(height, box.height)
        return Box(width, height)

    def _scripts(self, base_w: float, base_h: float, style: int, limits: bool) -> tuple[float, float]:
        inner = min(style + 2 if style < 2 else 3, 3) if style < 2 else 3
        sup = sub = Box(0.0, 0.0)
        while self.peek() in ("^", "_"):
            which = self.take()
            box = self.arg(inner)
            if which == "^":
                sup = box
            else:
                sub = box
        if limits:
            return max(base_w, sup.width, sub.width), base_h + 0.8 * (sup.height + sub.height)
        return base_w + max(sup.width, sub.width) + 0.1, base_h + 0.45 * (sup.height + sub.height)

    def atom(self, style: int) -> Box:
        s = _SCALE[style]
        tok = self.take()
        if tok == "{":
            box = self.seq(style, stop="}")
            if self.peek() == "}":
                self.take()
            return box
        if tok == "}":
            return Box(0.0, 0.0)
        if not tok.startswith("\\"):
            w = _char_width(tok)
            if tok in "=<>+-" and style >= 2:
                w = 0.78  # no spacing around operators in scripts
            return Box(w * s, 1.0 * s)
        return self._command(tok, style)

    def _command(self, tok: str, style: int) -> Box:
        s = _SCALE[style]
        if tok in ("\\frac", "\\dfrac", "\\tfrac", "\\binom"):
            inner = {0: 1, 1: 2, 2: 3, 3: 3}[style] if tok != "\\dfrac" else 1
            num, den = self.arg(inner), self.arg(inner)
            return Box(max(num.width, den.width) + 0.4 * s, num.height + den.height + 0.2)
        if tok == "\\sqrt":
            if self.peek() == "[":
                while self.peek() not in (None, "]"):
                    self.take()
                if self.peek() == "]":
                    self.take()
            box = self.arg(style)
            return Box(box.width + 1.0 * s, box.height + 0.3)
        if tok == "\\begin":
            return self._environment(self.group_raw(), style)
        if tok in _TEXTLIKE:
            raw = self.group_raw()
            return Box((0.52 * len(raw) + (0.35 if tok == "\\operatorname" else 0.0)) * s, s)
        if tok in _WRAP:
            if tok in (r"\displaystyle", r"\textstyle"):
                return Box(0.0, 0.0)
            return self.arg(style)
        if tok == "\\left":
            return self._delimited(style)
        if tok in ("\\bmod", "\\pmod", "\\mod"):
            return Box(2.6 * s, s)
        if tok in _IGNORE:
            return Box(0.0, 0.0)
        if tok in _SPACE:
            return Box(_SPACE[tok] * s, 0.0)
        if tok in _BIN:
            return Box((_BIN[tok] if style < 2 else 0.78) * s, s)
        if tok in _REL:
            return Box((1.35 if style < 2 else 0.85) * s, s)
        name = tok[1:]
        if name in _FUNC:
            return Box((0.52 * len(name) + 0.2) * s, s)
        if name in ("ldots", "cdots", "dots", "vdots", "ddots"):
            return Box(1.3 * s, s)
        if name in ("hspace", "phantom", "hphantom", "vphantom", "label", "tag", "tag*", "color", "textcolor"):
            raw = self.group_raw()
            return Box(0.52 * len(raw) * s if name in ("phantom", "hphantom") else 0.0, 0.0)
        if len(name) == 1 and not name.isalpha():  # \{ \} \| \% \& \# \$ \_
            return Box(0.55 * s, s)
        return Box(0.75 * s, s)  # a symbol (\alpha, \infty, \partial, …)

    def _delimited(self, style: int) -> Box:
        """``\\left( … \\right)``: the delimiters grow with what they enclose."""
        s = _SCALE[style]
        if self.peek() is not None:
            self.take()  # the opening delimiter
        inner = self.seq(style, stops=("\\right",))
        if self.peek() == "\\right":
            self.take()
            if self.peek() is not None:
                self.take()
        delim = (0.42 + min(0.1 * max(inner.height - 1.2, 0.0), 0.5)) * s
        return Box(inner.width + 2 * delim, inner.height + 0.2 * s)

    def _environment(self, name: str, style: int) -> Box:
        inner = 3 if name == "smallmatrix" else style if style >= 1 else 1
        if name == "array" and self.peek() == "{":
            self.group_raw()  # the column specification
        rows: list[list[Box]] = [[]]
        while self.peek() is not None:
            tok = self.peek()
            if tok == "\\end":
                self.take()
                self.group_raw()
                break
            if tok == "&":
                self.take()
                continue
            if tok == "\\\\":
                self.take()
                rows.append([])
                continue
            rows[-1].append(self.seq(inner if name != "smallmatrix" else 2, stops=("&", "\\\\", "\\end")))
        rows = [r for r in rows if r]
        if not rows:
            return Box(0.0, 0.0)
        cols = max(len(r) for r in rows)
        widths = [max((r[c].width for r in rows if c < len(r)), default=0.0) for c in range(cols)]
        sep = _MATRIX_SEP.get(name, 0.95)
        width = sum(widths) + sep * (cols - 1) + (0.3 if name != "smallmatrix" else 0.0)
        if name in ("pmatrix", "bmatrix", "vmatrix", "Bmatrix", "cases"):
            width += 1.0
        row_gap = 0.3 if name != "smallmatrix" else 0.1
        height = sum(max(b.height for b in r) for r in rows) + row_gap * (len(rows) - 1)
        return Box(width, height * (0.75 if name == "smallmatrix" else 1.0))


def measure(tex: str, inline: bool = False) -> Box:
    """The estimated extent of display-style (or, with ``inline``, text-style) math ``tex``."""
    parser = _Parser(tex)
    box = Box(0.0, 0.0)
    while parser.peek() is not None:  # a stray closing brace does not end the estimate
        part = parser.seq(1 if inline else 0, stop="}")
        box = Box(box.width + part.width, max(box.height, part.height))
        if parser.peek() == "}":
            parser.take()
    return box


def width(tex: str) -> float:
    """The estimated width of display math ``tex``, in ems."""
    return measure(tex).width


def text_width(s: str) -> float:
    """The estimated width of plain text ``s`` in ems (roman, upright)."""
    return 0.5 * len(s)
