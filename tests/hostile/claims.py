"""Hostile claim modules: each misbehaves in one phase (import, step, numeric)."""

from __future__ import annotations

CLAIM = '''
from sympy import symbols
from checker import chain, claim, numeric, source, step

x = symbols("x", real=True)

@numeric(dtypes=("float64",))
def check(ctx):
    """{name} check"""
    {body}
    ctx.exact("one", 1, 1)

c = claim("{name}", title="{name}", source=source("u.txt", "q"), statement="s",
          proof=[chain("c", (x + 1) ** 2, step(x**2 + 2 * x + 1, by="square"))], numeric=[check])
'''


def numeric_claim(name: str, body: str) -> str:
    """A true claim whose numeric check runs ``body`` first."""
    return CLAIM.format(name=name, body=body)


def import_claim(name: str, prelude: str) -> str:
    """A true claim whose module runs ``prelude`` at import."""
    return prelude + "\n" + CLAIM.format(name=name, body="pass")


HOSTILE = {
    "exit_import": import_claim("exit-import", "import sys\nsys.exit(0)"),
    "osexit_import": import_claim("osexit-import", "import os\nos._exit(0)"),
    "segv_import": import_claim("segv-import", "import ctypes\nctypes.string_at(0)"),
    "hang_import": import_claim("hang-import", "while True:\n    pass"),
    "kbd_import": import_claim("kbd-import", "raise KeyboardInterrupt"),
    "exit_numeric": numeric_claim("exit-numeric", "import sys; sys.exit(0)"),
    "osexit_numeric": numeric_claim("osexit-numeric", "import os; os._exit(0)"),
    "segv_numeric": numeric_claim("segv-numeric", "import ctypes; ctypes.string_at(0)"),
    "hang_numeric": numeric_claim("hang-numeric", "while True: pass"),
    "hog_numeric": numeric_claim("hog-numeric", "x = bytearray(2 * 1024**3); x[::4096] = b'1' * len(x[::4096])"),
    "base_numeric": numeric_claim("base-numeric", "raise BaseException('\\x1b[31mred\\x00\\x0c')"),
    "kbd_numeric": numeric_claim("kbd-numeric", "raise KeyboardInterrupt"),
    "good": numeric_claim("good-one", "pass"),
    "good_two": numeric_claim("good-two", "pass"),
}

# what each claim must become: (status, a fragment of its reason)
EXPECTED = {
    "exit-import": "SystemExit: 0",
    "osexit-import": "exited with code 0",
    "segv-import": "SIGSEGV",
    "hang-import": "did not finish within",
    "kbd-import": "KeyboardInterrupt",
    "exit-numeric": "SystemExit: 0",
    "osexit-numeric": "exited with code 0",
    "segv-numeric": "SIGSEGV",
    "hang-numeric": "did not finish within",
    "hog-numeric": "MemoryError",
    "base-numeric": "BaseException",
    "kbd-numeric": "KeyboardInterrupt",
}
