"""Discovery: the built-in ``derivations`` package and user directories; ids and ``uses`` validated."""

from __future__ import annotations

import difflib
import hashlib
import importlib
import importlib.util
import pkgutil
import sys
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import ModuleType

from checker.errors import InvalidClaim, NoClaims, UnknownClaim
from checker.model import Claim

BUILTIN_PACKAGE = "derivations"
SOURCES_DIR = Path(__file__).resolve().parent.parent / BUILTIN_PACKAGE / "sources"


@dataclass(frozen=True)
class BrokenModule:
    """A derivation file that failed to import."""

    name: str
    file: str
    reason: str


@dataclass(frozen=True)
class Catalog:
    claims: dict[str, Claim] = field(default_factory=dict)
    broken: tuple[BrokenModule, ...] = ()

    def select(self, ids: Iterable[str]) -> list[Claim]:
        """The named claims, or ``UnknownClaim`` with the nearest id."""
        out = []
        for i in ids:
            if i not in self.claims:
                near = difflib.get_close_matches(i, list(self.claims), n=1, cutoff=0.4)
                hint = f" Did you mean '{near[0]}'?" if near else ""
                raise UnknownClaim(f"unknown claim '{i}'.{hint}")
            out.append(self.claims[i])
        return out


def claims_in(module: ModuleType) -> list[Claim]:
    """Module-level ``Claim`` objects, in definition order."""
    origin = getattr(module, "__file__", "") or module.__name__
    return [replace(v, origin=origin) for v in vars(module).values() if isinstance(v, Claim)]


def _short_error(exc: BaseException) -> str:
    return traceback.format_exception_only(type(exc), exc)[-1].strip()


def _builtin_modules() -> Iterable[tuple[str, str]]:
    pkg = importlib.import_module(BUILTIN_PACKAGE)
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            yield f"{BUILTIN_PACKAGE}.{info.name}", str(Path(pkg.__path__[0]) / f"{info.name}.py")


def _import_file(path: Path) -> ModuleType:
    digest = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:10]
    name = f"derive_user_{path.stem}_{digest}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module


ENTRY_POINT_GROUP = "derive.claims"


def _entry_point_modules() -> Iterable[tuple[str, str]]:
    """Modules that installed packages register under ``derive.claims``."""
    from importlib.metadata import entry_points

    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        yield ep.value.split(":", 1)[0], f"entry point {ep.name} = {ep.value}"


def load(paths: Iterable[Path] = (), builtin: bool = True, plugins: bool = True) -> Catalog:
    """Import every derivation module; a module that fails to import is recorded, not fatal."""
    found: list[Claim] = []
    broken: list[BrokenModule] = []
    sources: list[tuple[str, str, bool]] = []
    if builtin:
        sources += [(name, file, False) for name, file in _builtin_modules()]
    if plugins:
        sources += [(name, where, False) for name, where in _entry_point_modules()]
    seen_dirs: set[Path] = set()
    for d in paths:
        if Path(d).resolve() in seen_dirs:
            continue
        seen_dirs.add(Path(d).resolve())
        sources += [(str(f), str(f), True) for f in sorted(Path(d).glob("*.py")) if not f.name.startswith("_")]
    for name, file, is_file in sources:
        try:
            module = _import_file(Path(file)) if is_file else importlib.import_module(name)
        except Exception as exc:  # a broken file must not stop the others
            broken.append(BrokenModule(name, file, _short_error(exc)))
            continue
        claims = claims_in(module)
        if is_file and not claims:
            broken.append(BrokenModule(name, file, "the file declares no claim"))
        found += claims
    return validate(found, broken)


def validate(claims: Iterable[Claim], broken: Iterable[BrokenModule] = ()) -> Catalog:
    """Unique ids and resolvable ``uses``."""
    by_id: dict[str, Claim] = {}
    for c in claims:
        if c.id in by_id:
            raise InvalidClaim(f"claim id '{c.id}' is declared twice: in {by_id[c.id].origin} and in {c.origin}")
        by_id[c.id] = c
    for c in by_id.values():
        for u in c.uses:
            if u not in by_id:
                raise InvalidClaim(f"claim '{c.id}' uses '{u}', which is not a known claim (in {c.origin})")
    return Catalog(by_id, tuple(broken))


def require_some(catalog: Catalog) -> None:
    if not catalog.claims and not catalog.broken:
        raise NoClaims("no claims found")


def source_text(file: str) -> str:
    """The shipped seed document ``file``."""
    return (SOURCES_DIR / file).read_text(encoding="utf-8")
