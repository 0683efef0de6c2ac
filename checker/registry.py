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
from checker.model import Claim, Source
from checker.refs import ClaimRef, ModuleRef

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


def _builtin_modules() -> Iterable[ModuleRef]:
    pkg = importlib.import_module(BUILTIN_PACKAGE)
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            yield ModuleRef("builtin", f"{BUILTIN_PACKAGE}.{info.name}", str(Path(pkg.__path__[0]) / f"{info.name}.py"))


def _import_file(path: Path) -> ModuleType:
    digest = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:10]
    name = f"derive_user_{path.stem}_{digest}"
    if name in sys.modules:
        return sys.modules[name]
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


def _entry_point_modules() -> Iterable[ModuleRef]:
    """Modules that installed packages register under ``derive.claims``."""
    from importlib.metadata import entry_points

    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        yield ModuleRef("entry-point", ep.value.split(":", 1)[0], f"entry point {ep.name} = {ep.value}")


def module_refs(paths: Iterable[Path] = (), builtin: bool = True, plugins: bool = True) -> list[ModuleRef]:
    """Every claim module to import, in a stable order (nothing is imported but the package index)."""
    refs: list[ModuleRef] = []
    if builtin:
        refs += list(_builtin_modules())
    if plugins:
        refs += list(_entry_point_modules())
    seen_dirs: set[Path] = set()
    for d in paths:
        if Path(d).resolve() in seen_dirs:
            continue
        seen_dirs.add(Path(d).resolve())
        refs += [ModuleRef("file", str(f), str(f)) for f in sorted(Path(d).glob("*.py")) if not f.name.startswith("_")]
    return refs


def import_module(ref: ModuleRef) -> ModuleType:
    """Import one claim module (runs its code: call this in a child process)."""
    return _import_file(Path(ref.name)) if ref.kind == "file" else importlib.import_module(ref.name)


def _claims_of(ref: ModuleRef) -> list[Claim]:
    claims = claims_in(import_module(ref))
    if ref.kind == "file" and not claims:
        raise InvalidClaim("the file declares no claim")
    return claims


def load(paths: Iterable[Path] = (), builtin: bool = True, plugins: bool = True) -> Catalog:
    """Import every derivation module in this process; a module that fails is recorded, not fatal.

    This runs user code here: the CLI and the scheduler use ``load_index`` instead.
    """
    found: list[Claim] = []
    broken: list[BrokenModule] = []
    for ref in module_refs(paths, builtin, plugins):
        try:
            found += _claims_of(ref)
        except Exception as exc:  # a broken file must not stop the others
            broken.append(BrokenModule(ref.name, ref.where, _short_error(exc)))
    return validate(found, broken)


@dataclass(frozen=True)
class Index:
    """The claims as the parent process knows them: metadata only, gathered in children."""

    refs: dict[str, ClaimRef] = field(default_factory=dict)
    broken: tuple[BrokenModule, ...] = ()

    def select(self, ids: Iterable[str]) -> list[ClaimRef]:
        """The named claims, or ``UnknownClaim`` with the nearest id."""
        out = []
        for i in ids:
            if i not in self.refs:
                near = difflib.get_close_matches(i, list(self.refs), n=1, cutoff=0.4)
                hint = f" Did you mean '{near[0]}'?" if near else ""
                broken = f" ({len(self.broken)} claim file(s) failed to import: see above)" if self.broken else ""
                raise UnknownClaim(f"unknown claim '{i}'.{hint}{broken}")
            out.append(self.refs[i])
        return out


from checker.limits import IMPORT_TIMEOUT  # noqa: E402 - re-exported


def load_index(
    paths: Iterable[Path] = (),
    builtin: bool = True,
    plugins: bool = True,
    timeout: float = IMPORT_TIMEOUT,
    memory_mb: int | None = None,
) -> Index:
    """Import every claim module in a child process (time and memory limits per module).

    A module that raises, exits, dies, hangs or runs out of memory is recorded as broken with the
    phase and the reason; every other module is still indexed.
    """
    from checker import index_cache, isolation

    modules = module_refs(paths, builtin, plugins)
    known = index_cache.read()
    hashes = {m.where: index_cache.module_hash(m) for m in modules}
    fresh = {m.where: known[m.where][1] for m in modules if hashes[m.where] is not None and known.get(m.where, ("",))[0] == hashes[m.where]}
    stale = [m for m in modules if m.where not in fresh]
    jobs = [lambda ref=ref: _indexed(ref) for ref in stale]
    imported: dict[str, list[ClaimRef]] = {}
    broken: list[BrokenModule] = []
    for i, out in isolation.run_isolated(jobs, timeout, memory_mb) if jobs else ():
        ref = stale[i]
        if isinstance(out, isolation.TimedOut):
            broken.append(BrokenModule(ref.name, ref.where, f"import did not finish within {timeout:g}s"))
        elif isinstance(out, isolation.Crashed):
            broken.append(BrokenModule(ref.name, ref.where, f"import failed: {out.reason.removeprefix('ImportFailed: ')}"))
        else:
            imported[ref.where] = out
    cacheable = {w: (h, imported[w]) for w, h in hashes.items() if h is not None and w in imported}
    if cacheable:
        index_cache.write(cacheable)
    refs = [r for m in modules for r in fresh.get(m.where, imported.get(m.where, []))]
    catalog = validate(refs, broken)
    return Index(dict(catalog.claims), catalog.broken)  # type: ignore[arg-type]


class ImportFailed(Exception):
    """A claim module raised at import: the message names the line of the module where it happened."""


def _indexed(ref: ModuleRef) -> list[ClaimRef]:
    """The claims of one module as refs (runs in the loader child)."""
    from checker.isolation import last_line
    from checker.refs import ref_of

    try:
        return [ref_of(c, ref) for c in _claims_of(ref)]
    except BaseException as exc:  # noqa: BLE001 - SystemExit included: reported, with the line
        if isinstance(exc, SyntaxError) or ref.kind != "file":
            raise
        lines = [f.lineno for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename) == Path(ref.where)]
        where = f"line {lines[-1]}: " if lines else ""
        raise ImportFailed(f"{where}{last_line(exc)}") from None


def resolve(ref: ClaimRef) -> Claim:
    """The claim behind ``ref``, imported in this (child) process."""
    for c in claims_in(import_module(ref.module)):
        if c.id == ref.id:
            return c
    raise InvalidClaim(f"claim '{ref.id}' is no longer declared in {ref.module.where}")


def validate(claims: Iterable[Claim] | Iterable[ClaimRef], broken: Iterable[BrokenModule] = ()) -> Catalog:
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


def source_text(src: str | Source) -> str:
    """The text of a cited document (a ``Source`` with its resolved path, or a built-in seed's name);
    ``OSError`` when it is not a readable file (a URL, or a file that is not there)."""
    from checker.sources import text_of

    if isinstance(src, Source):
        text = text_of(src)
        if text is None:
            raise FileNotFoundError(src.path or src.file)
        return text
    return (SOURCES_DIR / src).read_text(encoding="utf-8")
