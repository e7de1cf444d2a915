"""Errors for bad input: each names the file and line a maintainer must fix."""

from __future__ import annotations


class BinderyError(Exception):
    """An error in the user's input, reported as one line without a traceback."""


class DumpError(BinderyError):
    """A problem at a given line (and column, where one is known) of a given
    file: ``file:line:column: what``, as compilers and editors write it."""

    def __init__(self, path: str, line: int, message: str, column: int | None = None) -> None:
        super().__init__(f"{path}:{line}:{'' if column is None else f'{column}:'} {message}")
        self.path = path
        self.line = line
        self.message = message
        self.column = column

    def __reduce__(self) -> tuple[type[DumpError], tuple[str, int, str, int | None]]:
        # as made (raised in a worker process, it is pickled back to the caller)
        return (type(self), (self.path, self.line, self.message, self.column))
