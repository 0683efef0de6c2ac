"""Canonical digests of values for cache keys: exact, process-independent, or ``Uncacheable``.

Every atom is keyed by its exact value (a Float by its ``_mpf_`` and precision, a Symbol by its
class, name and assumptions), every class or function outside the libraries by its code, and
anything whose behaviour cannot be pinned down raises ``Uncacheable``: such a step is recomputed.
"""

from __future__ import annotations

import collections
import dataclasses
import dis
import enum
import functools
import hashlib
import inspect
import site
import sys
import sysconfig
import types
from collections.abc import Iterable
from pathlib import Path, PurePath
from typing import Any

import sympy
from sympy.core.function import UndefinedFunction


class Uncacheable(Exception):
    """A value whose effect on a verdict the key cannot capture."""


# _hashable_content (what sympy compares) is walked too, unless it is only args or fields keyed below
_KNOWN_HASHABLE = tuple(
    c._hashable_content for c in (sympy.Basic, sympy.Expr, sympy.Float, sympy.Rational, sympy.Symbol, sympy.Dummy)
)
_NUMERIC_LIBS = frozenset({"sympy", "mpmath", "flint", "gmpy2"})  # their objects' reprs are exact
_GLOBAL_OPS = frozenset({"LOAD_GLOBAL", "LOAD_NAME", "STORE_GLOBAL", "DELETE_GLOBAL", "STORE_NAME", "DELETE_NAME"})
# bookkeeping that a class statement derives from its body (whose source and methods are keyed);
# a value here that cannot be keyed is marked opaque, not fatal
_MACHINERY = frozenset({
    "__dataclass_fields__", "__dataclass_params__", "__annotations__", "__orig_bases__", "__parameters__", "_abc_impl",
})
_DESCRIPTORS = (types.MethodDescriptorType, types.WrapperDescriptorType, types.ClassMethodDescriptorType)
_TUPLEGETTER = type(collections.namedtuple("_T", "a").a)
_SKIPPED_DESCRIPTORS = (types.GetSetDescriptorType, types.MemberDescriptorType)


# --- where code comes from -------------------------------------------------------------------


@functools.cache
def _site_dirs() -> tuple[str, ...]:
    dirs = {sysconfig.get_paths()[k] for k in ("purelib", "platlib")}
    dirs.update(site.getsitepackages() if hasattr(site, "getsitepackages") else ())
    dirs.add(site.getusersitepackages())
    return tuple(str(Path(d).resolve()) + "/" for d in dirs if d)


@functools.cache
def _distributions() -> dict[str, list[str]]:
    from importlib.metadata import packages_distributions

    return dict(packages_distributions())


@functools.cache
def _installed(root: str, file: str) -> str | None:
    """``root==version`` when ``file`` lies in site-packages, else ``None``."""
    if not str(Path(file).resolve()).startswith(_site_dirs()):
        return None
    from importlib.metadata import version

    for dist in _distributions().get(root, ()):
        try:
            return f"{root}=={version(dist)}"
        except Exception:  # noqa: BLE001 - broken metadata: key by the file itself
            break
    return f"{root}@{_file_digest(file)[:16]}"


def library(module: str) -> str | None:
    """``root==version`` for a module of the standard library, site-packages or ``checker``; else ``None``.

    Library code is keyed by name and version; everything else (claim modules, user helpers) by
    its source and code.
    """
    root = module.partition(".")[0]
    if root in sys.stdlib_module_names or root in sys.builtin_module_names:
        return f"{root}=={sys.version_info[:3]}"
    if root == "checker":
        return "checker"  # its source is hashed into every key (cache.ENGINE)
    file = getattr(sys.modules.get(root), "__file__", None)
    return _installed(root, file) if file else None


def _found_at(obj: Any, module: str, qualname: str) -> bool:
    """``obj`` is what ``module.qualname`` names in the imported module (not a namesake elsewhere)."""
    target: Any = sys.modules.get(module)
    for part in qualname.split("."):
        target = getattr(target, part, None)
    return target is obj


def _library_of(obj: Any) -> str | None:
    """The library token of a module-level class or function of a library; ``None`` for user code."""
    module, qualname = getattr(obj, "__module__", None), getattr(obj, "__qualname__", None)
    if not isinstance(module, str) or not isinstance(qualname, str) or not _found_at(obj, module, qualname):
        return None
    return library(module)


@functools.cache
def _file_digest(file: str) -> str:
    return hashlib.sha256(Path(file).read_bytes()).hexdigest()


def _source(cls: type) -> str:
    """The class's source text, or "" when inspect cannot find it (its code is hashed regardless)."""
    try:
        return inspect.getsource(cls)
    except (OSError, TypeError):
        return ""


@functools.cache
def _global_names(code: types.CodeType) -> tuple[str, ...]:
    """Names a code object (and the code nested in it) reads or writes as globals."""
    names = {i.argval for i in dis.get_instructions(code) if i.opname in _GLOBAL_OPS}
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names.update(_global_names(const))
    return tuple(sorted(names))


# --- the walker ------------------------------------------------------------------------------


class _Walker:
    """Appends one token per node; ``seen`` numbers shared objects, ``dummies`` relabels Dummy symbols."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.seen: dict[int, int] = {}
        self.keep: list[Any] = []  # keeps ids in ``seen`` from being reused
        self.dummies: dict[sympy.Dummy, int] = {}

    def _once(self, value: Any) -> bool:
        """True the first time ``value`` is met; later meetings emit a back-reference."""
        ref = self.seen.get(id(value))
        if ref is not None:
            self.out.append(f"ref#{ref}")
            return False
        self.seen[id(value)] = len(self.seen)
        self.keep.append(value)
        return True

    def walk(self, v: Any) -> None:
        if isinstance(v, sympy.MatrixBase):
            self._class(type(v))
            self.out.append(f"M{v.shape}")
            for entry in v:
                self.walk(entry)
        elif isinstance(v, sympy.Basic):
            self._basic(v)
        elif v is None or isinstance(v, bool):
            self.out.append(repr(v))
        elif isinstance(v, enum.Enum):
            self._class(type(v))
            self.out.append(f"enum:{v.name}")
        elif isinstance(v, int):
            self.out.append(f"int:{int(v)!r}")
        elif isinstance(v, float):
            self.out.append(f"float:{float(v).hex()}")
        elif isinstance(v, complex):
            self.out.append(f"complex:{v.real.hex()},{v.imag.hex()}")
        elif isinstance(v, str | bytes):
            self.out.append(f"{type(v).__name__}:{v!r}")
        elif isinstance(v, tuple | list | dict | set | frozenset):
            self._container(v)
        elif isinstance(v, type):
            self._class(v)
        else:
            self._other(v)

    def _container(self, v: Any) -> None:
        if isinstance(v, list | dict | set) and not self._once(v):
            return
        if type(v) not in (tuple, list, dict, set, frozenset):
            self._class(type(v))  # a subclass may behave differently
        if isinstance(v, dict):
            self.out.append("{")
            for k, item in sorted(v.items(), key=lambda kv: sort_key(kv[0])):  # set-built dicts vary in order
                self.walk(k)
                self.walk(item)
            self.out.append("}")
        else:
            items = sorted(v, key=sort_key) if isinstance(v, set | frozenset) else v
            self.out.append(f"{type(v).__name__[:1]}(")
            for item in items:
                self.walk(item)
            self.out.append(")")

    def _basic(self, v: sympy.Basic) -> None:
        cls = type(v)
        self._class(cls)
        if isinstance(v, sympy.Float):
            self.out.append(f"F{v._mpf_},{v._prec}")
        elif isinstance(v, sympy.Rational):
            self.out.append(f"Q{v.p}/{v.q}")
        elif isinstance(v, sympy.Symbol):
            facts = sorted(v.assumptions0.items())
            self.out.append(f"S{v.name!r},{facts}")
            if isinstance(v, sympy.Dummy):  # the index is random per process: number them in order met
                self.out.append(f"D#{self.dummies.setdefault(v, len(self.dummies))}")
        elif v.is_Atom:
            self.out.append(f"A{v!r}")
        if v.args:
            self.out.append("(")
            for arg in v.args:
                self.walk(arg)
            self.out.append(")")
        if cls._hashable_content not in _KNOWN_HASHABLE:
            self.out.append("h(")  # e.g. Indexed's assumptions, Poly's domain, Wild's exclude
            self.walk(v._hashable_content())
            self.out.append(")")
        if _library_class(cls) is None:
            self._state(v)

    def _state(self, v: Any) -> None:
        """Instance attributes of a user-defined class (its ``__dict__`` and slots)."""
        state = dict(getattr(v, "__dict__", {}))
        for c in type(v).__mro__:
            if _library_class(c) is None:
                for name in c.__dict__.get("__slots__", ()):
                    if hasattr(v, name):
                        state[f"slot:{name}"] = getattr(v, name)
        if state:
            self.out.append("state")
            self.walk(state)

    def _class(self, cls: type) -> None:
        lib = _library_class(cls)
        if lib is not None:
            self.out.append(lib)
            return
        if not self._once(cls):
            return
        if isinstance(cls, UndefinedFunction):  # Function('f'): no body, only a name and assumptions
            self.out.append(f"undef:{cls.__name__!r}")
            self.walk(cls._kwargs)
        else:
            self.out.append(f"class:{cls.__module__}.{cls.__qualname__}")
            self.out.append(f"src:{_source(cls)!r}")
            self._namespace(cls)
        self.out.append("bases(")
        for base in cls.__bases__:
            self._class(base)
        self.out.append(")")
        self._class(type(cls))  # the metaclass

    def _namespace(self, cls: type) -> None:
        """The class body as it runs: every method's code and every class attribute."""
        self.out.append("{")
        for name, value in sorted(vars(cls).items()):
            if name in ("__dict__", "__weakref__") or isinstance(value, _SKIPPED_DESCRIPTORS):
                continue
            self.out.append(f"attr:{name}")
            if name in _MACHINERY:
                self._attempt(value)
            else:
                self.walk(value)
        self.out.append("}")

    def _attempt(self, value: Any) -> None:
        """Walk ``value``, or mark it opaque (undoing what was emitted and numbered) if it cannot be keyed."""
        out, seen, dummies = len(self.out), len(self.seen), len(self.dummies)
        try:
            self.walk(value)
        except Uncacheable:
            del self.out[out:], self.keep[seen:]
            for d in (self.seen, self.dummies):  # ordinals are handed out in insertion order
                while len(d) > (seen if d is self.seen else dummies):
                    d.popitem()
            self.out.append("opaque")

    def _function(self, fn: types.FunctionType) -> None:
        lib = _library_of(fn)
        if lib is not None:
            self.out.append(f"fn:{lib}:{fn.__module__}.{fn.__qualname__}")
            return
        if not self._once(fn):
            return
        code = fn.__code__
        self.out.append("fn(")
        self._code(code)
        self.walk(fn.__defaults__)
        self.walk(fn.__kwdefaults__)
        for name, cell in zip(code.co_freevars, fn.__closure__ or (), strict=True):
            self.out.append(f"cell:{name}")
            try:
                self.walk(cell.cell_contents)
            except ValueError:
                self.out.append("<empty>")
        for name in _global_names(code):
            if name in fn.__globals__:
                self.out.append(f"global:{name}")
                self.walk(fn.__globals__[name])
        self.out.append(")")

    def _code(self, code: types.CodeType) -> None:
        self.out.append(
            f"code:{code.co_name},{code.co_argcount},{code.co_posonlyargcount},{code.co_kwonlyargcount},"
            f"{code.co_flags},{code.co_code.hex()},{getattr(code, 'co_exceptiontable', b'').hex()},"
            f"{code.co_names},{code.co_varnames},{code.co_freevars},{code.co_cellvars}"
        )
        self.out.append("consts(")
        for const in code.co_consts:
            if isinstance(const, types.CodeType):
                self._code(const)
            else:
                self.walk(const)
        self.out.append(")")

    def _module(self, mod: types.ModuleType) -> None:
        lib = library(mod.__name__) if sys.modules.get(mod.__name__) is mod else None
        if lib is not None:
            self.out.append(f"module:{lib}:{mod.__name__}")
            return
        file = getattr(mod, "__file__", None)
        if not file or not Path(file).is_file():
            raise Uncacheable(f"module {mod.__name__} has no source file")
        self.out.append(f"module:{mod.__name__}:{_file_digest(file)}")

    def _builtin(self, v: Any) -> None:
        """A function written in C: by its owner (module, class or bound object), or its library."""
        owner = getattr(v, "__self__", None)
        if owner is None:
            lib = library(getattr(v, "__module__", None) or "")
            if lib is None:
                raise Uncacheable(f"cannot tell where builtin {v.__qualname__} comes from")
            self.out.append(f"builtin:{lib}:{v.__module__}.{v.__qualname__}")
        else:
            self.out.append(f"builtin:{v.__qualname__}")
            self.walk(owner)

    def _other(self, v: Any) -> None:
        if isinstance(v, types.FunctionType):
            self._function(v)
        elif isinstance(v, staticmethod | classmethod):
            self.out.append(type(v).__name__)
            self.walk(v.__func__)
        elif isinstance(v, property):
            self.out.append("property")
            self._container((v.fget, v.fset, v.fdel))
        elif isinstance(v, types.MethodType):
            self.out.append("method")
            self._container((v.__func__, v.__self__))
        elif isinstance(v, functools.partial):
            self.out.append("partial")
            self._container((v.func, v.args, v.keywords))
        elif isinstance(v, types.ModuleType):
            self._module(v)
        elif isinstance(v, types.BuiltinFunctionType | types.MethodWrapperType):
            self._builtin(v)
        elif type(v) is _TUPLEGETTER:
            self.out.append(f"field:{v!r}")  # a namedtuple's field: its index
        elif isinstance(v, _DESCRIPTORS):
            self.out.append(f"descriptor:{v.__qualname__}")
            self._class(v.__objclass__)
        elif isinstance(v, types.CodeType):
            self._code(v)
        elif isinstance(v, PurePath):
            self._class(type(v))
            self.out.append(f"path:{str(v)!r}")
        elif isinstance(v, range | slice):
            self.out.append(repr(v))
        elif v is Ellipsis:
            self.out.append("...")
        elif dataclasses.is_dataclass(v) and type(v).__dataclass_params__.frozen:
            self._class(type(v))
            self._container(tuple(getattr(v, f.name) for f in dataclasses.fields(v)))
        elif hasattr(v, "_mpf_") or hasattr(v, "_mpc_"):  # mpmath numbers: exact tuples
            self.out.append(f"mp:{getattr(v, '_mpf_', None)},{getattr(v, '_mpc_', None)}")
        elif (type(v).__module__ or "").partition(".")[0] in _NUMERIC_LIBS:
            self._class(type(v))
            self.out.append(f"repr:{v!r}")  # e.g. a polynomial's representation and domain
        else:
            raise Uncacheable(f"cannot key a {type(v).__module__}.{type(v).__qualname__}")


@functools.cache
def _library_class_cached(cls: type) -> str | None:
    lib = _library_of(cls)
    return None if lib is None else f"{lib}:{cls.__module__}.{cls.__qualname__}"


def _library_class(cls: type) -> str | None:
    """``lib:module.qualname`` for a class of a library (keyed by version); ``None`` for user code."""
    if isinstance(cls, UndefinedFunction):  # defined by sympy's metaclass at run time, not in sympy
        return None
    try:
        return _library_class_cached(cls)
    except TypeError:  # an unhashable metaclass
        return None


def tokens(value: Any) -> list[str]:
    """The canonical token stream of ``value``; raises ``Uncacheable``."""
    w = _Walker()
    w.walk(value)
    return w.out


def sort_key(value: Any) -> str:
    """A deterministic order for dict keys and set members (hash order varies between processes)."""
    try:
        return "\x1f".join(tokens(value))
    except Uncacheable:
        return f"?{type(value).__qualname__}"  # walking the value itself will raise


def digest(parts: Iterable[Any]) -> str:
    """SHA-256 of the canonical tokens of ``parts`` walked together (one Dummy numbering); ``Uncacheable``."""
    w = _Walker()
    for part in parts:
        w.walk(part)
        w.out.append("|")
    h = hashlib.sha256()
    for t in w.out:  # length-prefixed: no two token streams hash the same bytes
        b = t.encode("utf-8", "surrogatepass")
        h.update(f"{len(b)}:".encode())
        h.update(b)
    return h.hexdigest()
