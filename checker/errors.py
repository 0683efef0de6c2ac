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


class ClaimCodeError(DeriveError):
    """User code failed while a command rendered or drew a claim (in a child process)."""

    exit_code = 1


class Interrupted(DeriveError):
    """The run was stopped by SIGINT (exit 130) or SIGTERM (exit 143)."""

    exit_code = 130

    def __init__(self, signum: int = 2) -> None:
        super().__init__("interrupted")
        self.exit_code = 128 + signum
