"""User configuration: ``[tool.derive]`` in the nearest ``pyproject.toml``."""

from __future__ import annotations

import sys
from pathlib import Path

from checker.errors import UsageError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

KNOWN_KEYS = {"paths"}


def _show(value: object) -> str:
    """A short one-line repr of a user's value for an error message."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def find_pyproject(start: Path) -> Path | None:
    for d in (start, *start.parents):
        candidate = d / "pyproject.toml"
        try:
            if candidate.is_file():
                return candidate
        except OSError:  # an unsearchable directory on the way up holds no config we can read
            continue
    return None


def _load(pyproject: Path) -> dict[str, object]:
    """The parsed file; unreadable, non-UTF-8 or invalid TOML is a one-line usage error."""
    try:
        text = pyproject.read_bytes().decode("utf-8")
    except OSError as exc:
        raise UsageError(f"{pyproject}: cannot read it ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise UsageError(f"{pyproject}: cannot read it as TOML (not UTF-8: byte {exc.object[exc.start]:#04x} at offset {exc.start})") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        reason = " ".join(str(exc).split())
        raise UsageError(f"{pyproject}: cannot read it as TOML ({reason})") from None


def _section(pyproject: Path, data: dict[str, object]) -> dict[str, object] | None:
    """``[tool.derive]``, or None when absent; ``tool`` or ``tool.derive`` that is not a table is an error."""
    tool = data.get("tool")
    if tool is None:
        return None
    if not isinstance(tool, dict):
        raise UsageError(f"{pyproject}: [tool] must be a table (got {_show(tool)})")
    section = tool.get("derive")
    if section is None:
        return None
    if not isinstance(section, dict):
        raise UsageError(f"{pyproject}: [tool.derive] must be a table (got {_show(section)})")
    return section


def configured_paths(start: Path | None = None) -> list[Path]:
    """Directories listed in ``[tool.derive] paths``, relative to their pyproject.toml."""
    pyproject = find_pyproject((start or Path.cwd()).resolve())
    if pyproject is None:
        return []
    section = _section(pyproject, _load(pyproject))
    if section is None:
        return []
    unknown = sorted(set(section) - KNOWN_KEYS)
    if unknown:
        raise UsageError(f"{pyproject}: unknown key(s) in [tool.derive]: {', '.join(map(_show, unknown))} (known: paths)")
    paths = section.get("paths", [])
    if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
        raise UsageError(f"{pyproject}: [tool.derive] paths must be a list of strings (got {_show(paths)})")
    out = []
    for p in paths:
        try:
            d = (pyproject.parent / p).resolve()
            ok = d.is_dir()
        except (OSError, ValueError):  # a NUL byte, a symlink loop
            ok = False
        if not ok:
            raise UsageError(f"{pyproject}: [tool.derive] paths entry {_show(p)} is not a directory")
        out.append(d)
    return out
