"""Exceptions that own their exit codes."""

from __future__ import annotations


class DeriveError(Exception):
    """Base error; ``exit_code`` is what the CLI exits with."""

    exit_code = 2


class InvalidClaim(DeriveError):
    """A claim declaration is malformed (bad field, dangling ``uses``, duplicate id)."""

    exit_code = 2


class UnknownClaim(DeriveError):
    """An id on the command line names no claim."""

    exit_code = 2


class UsageError(DeriveError):
    """The command line asks for something impossible (e.g. CUDA without a GPU)."""

    exit_code = 2


class NoClaims(DeriveError):
    """Nothing was found to check."""

    exit_code = 3


class ExportError(DeriveError):
    """An export could not be written or compiled."""

    exit_code = 2


INTERRUPTED = 130  # 128 + SIGINT, the shell's convention


class Interrupted(DeriveError):
    """The run was stopped (Ctrl-C or SIGTERM) before it finished; no verdict is a pass."""

    exit_code = INTERRUPTED

    def __init__(self, message: str = "interrupted") -> None:
        super().__init__(message)
