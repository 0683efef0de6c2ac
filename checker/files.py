"""Writing output files: atomically for regular files, straight through for devices, pipes and descriptors.

``atomic_write`` never turns ``/dev/null``, ``/dev/stdout``, a named pipe or a symlink into a regular
file, and ``check_writable`` tells the CLI before a run whether ``atomic_write`` could succeed.
"""

from __future__ import annotations

import os
import re
import socket
import stat
import sys
import tempfile

from checker.errors import UsageError

# a path that names one of our open descriptors: /dev/stdout, /dev/fd/N, /proc/self/fd/N
_FD_PATH = re.compile(r"/(?:dev/fd|proc/(?:self|(?P<pid>\d+))/fd)/(?P<fd>\d+)")
_STD_PATH = {"/dev/stdout": 1, "/dev/stderr": 2}
_MAX_LINKS = 40


def _show(path: str) -> str:
    """The path as typed, or its repr when it holds a newline or other unprintable character."""
    return path if path.isprintable() else repr(path)


def _fail(path: str, reason: str) -> UsageError:
    return UsageError(f"cannot write {_show(path)}: {reason}")


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _umask() -> int:
    """The process umask, read from /proc where possible (setting it to read it races with threads)."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _descriptor(path: str) -> int | None:
    """The descriptor number ``path`` names (following symlinks, e.g. /dev/stdout -> /proc/self/fd/1), or None."""
    p = os.path.abspath(path)
    for _ in range(_MAX_LINKS):
        if p in _STD_PATH:
            return _STD_PATH[p]
        m = _FD_PATH.fullmatch(p)
        if m and (m["pid"] is None or int(m["pid"]) == os.getpid()):
            return int(m["fd"])
        if not os.path.islink(p):
            return None
        p = os.path.normpath(os.path.join(os.path.dirname(p), os.readlink(p)))
    return None


def _writable_descriptor(path: str, fd: int) -> None:
    try:
        flags = _fcntl_flags(fd)
    except OSError as exc:
        raise _fail(path, _reason(exc)) from None
    if flags is not None and (flags & os.O_ACCMODE) not in (os.O_WRONLY, os.O_RDWR):
        raise _fail(path, f"descriptor {fd} is not open for writing")


def _fcntl_flags(fd: int) -> int | None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        os.fstat(fd)
        return None
    return fcntl.fcntl(fd, fcntl.F_GETFL)


def _write_all(fd: int, raw: bytes) -> None:
    view = memoryview(raw)
    while view:
        view = view[os.write(fd, view) :]


def _write_descriptor(fd: int, raw: bytes) -> None:
    """Write to an inherited descriptor at its own offset (no truncation), after Python's own buffers."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):
            pass
    _write_all(fd, raw)


def _write_through(path: str, mode: int, raw: bytes) -> None:
    """A device, FIFO or socket: write into it; never create, truncate or replace anything."""
    if stat.S_ISSOCK(mode):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.connect(path)
            s.sendall(raw)
        return
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOCTTY", 0))
    try:
        _write_all(fd, raw)
    finally:
        os.close(fd)


def _fsync_dir(directory: str) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _replace(target: str, raw: bytes, mode: int) -> None:
    """Temporary file beside ``target``, fsync, chmod, ``os.replace``; the temporary never survives a failure."""
    directory, name = os.path.split(target)
    fd, tmp = tempfile.mkstemp(dir=directory or ".", prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
            f.flush()
            os.fsync(f.fileno())
            os.fchmod(f.fileno(), mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(directory or ".")


def _stat(path: str) -> os.stat_result | None:
    """``os.stat`` following symlinks; None when nothing (or a dangling symlink) is there."""
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None


def atomic_write(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write ``data`` to ``path``; any failure is a one-line ``UsageError("cannot write PATH: reason")``.

    - a regular or new file: written whole or not at all (temporary file + fsync + ``os.replace``); an
      existing file keeps its mode, a new one gets ``0o666 & ~umask``;
    - a symlink: its target is replaced as above, the symlink stays;
    - /dev/stdout, /dev/fd/N, /proc/self/fd/N: written to that open descriptor at its current offset;
    - a character/block device, FIFO or socket: written through, never replaced.

    ``str`` data is UTF-8; a lone surrogate becomes a visible ``\\udXXX`` rather than an error.
    """
    shown = os.fspath(path)
    raw = data.encode("utf-8", "backslashreplace") if isinstance(data, str) else bytes(data)
    try:
        fd = _descriptor(shown)
        if fd is not None:
            _writable_descriptor(shown, fd)
            _write_descriptor(fd, raw)
            return
        st = _stat(shown)
        if st is not None and stat.S_ISDIR(st.st_mode):
            raise _fail(shown, "it is a directory")
        if st is not None and not stat.S_ISREG(st.st_mode):
            _write_through(shown, st.st_mode, raw)
            return
        mode = stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask()
        _replace(os.path.realpath(shown), raw, mode)
    except OSError as exc:
        raise _fail(shown, _reason(exc)) from None
    except ValueError as exc:  # e.g. an embedded NUL in the path
        raise _fail(shown, str(exc)) from None


def check_writable(path: str | os.PathLike[str]) -> None:
    """Raise a one-line ``UsageError`` unless ``atomic_write(path, ...)`` can succeed; writes nothing.

    A regular file must be writable and so must its (symlink-resolved) directory, for the temporary
    file; a new file needs an existing, writable directory; a device, FIFO or socket must be writable;
    a descriptor path (/dev/stdout) must be open for writing; a directory is refused.
    """
    shown = os.fspath(path)
    try:
        fd = _descriptor(shown)
        if fd is not None:
            _writable_descriptor(shown, fd)
            return
        st = _stat(shown)
        if st is not None and stat.S_ISDIR(st.st_mode):
            raise _fail(shown, "it is a directory")
        if st is not None and not stat.S_ISREG(st.st_mode):
            if not os.access(shown, os.W_OK):
                raise _fail(shown, "permission denied")
            return
        if st is not None and not os.access(shown, os.W_OK):
            raise _fail(shown, "permission denied")
        directory = os.path.dirname(os.path.realpath(shown)) or "."
        if not os.path.isdir(directory):
            raise _fail(shown, f"directory {_show(directory)} does not exist")
        if not os.access(directory, os.W_OK | os.X_OK):
            raise _fail(shown, f"directory {_show(directory)} is not writable")
    except OSError as exc:
        raise _fail(shown, _reason(exc)) from None
    except ValueError as exc:
        raise _fail(shown, str(exc)) from None
