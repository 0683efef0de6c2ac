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


def find_pyproject(start: Path) -> Path | None:
    for d in (start, *start.parents):
        candidate = d / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def configured_paths(start: Path | None = None) -> list[Path]:
    """Directories listed in ``[tool.derive] paths``, relative to their pyproject.toml."""
    pyproject = find_pyproject((start or Path.cwd()).resolve())
    if pyproject is None:
        return []
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"{pyproject}: cannot read it as TOML ({exc})") from None
    section = data.get("tool", {}).get("derive")
    if section is None:
        return []
    if not isinstance(section, dict):
        raise UsageError(f"{pyproject}: [tool.derive] must be a table (got {section!r})")
    unknown = sorted(set(section) - KNOWN_KEYS)
    if unknown:
        raise UsageError(f"{pyproject}: unknown key(s) in [tool.derive]: {', '.join(unknown)} (known: paths)")
    paths = section.get("paths", [])
    if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
        raise UsageError(f"{pyproject}: [tool.derive] paths must be a list of strings (got {paths!r})")
    out = []
    for p in paths:
        d = (pyproject.parent / p).resolve()
        if not d.is_dir():
            raise UsageError(f"{pyproject}: [tool.derive] paths entry {p!r} is not a directory")
        out.append(d)
    return out
