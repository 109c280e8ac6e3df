"""The one exception type for input the build cannot accept."""

from __future__ import annotations


class InputError(Exception):
    """A fatal problem with one input file, located as precisely as the input allows."""

    def __init__(self, source: str, message: str, *, line: int = 0, offset: int | None = None):
        self.source = source
        self.line = line
        self.offset = offset
        self.message = message
        super().__init__(str(self))

    def __reduce__(self) -> tuple:
        """Pickle with every field (the default would call ``__init__`` with the text alone):
        a parse result kept in the build cache may be an error."""
        return (self.__class__, (self.source, self.message), dict(self.__dict__))

    def __str__(self) -> str:
        where = self.source
        if self.line:
            where += f":{self.line}"
        elif self.offset is not None:
            where += f" (byte {self.offset})"
        return f"{where}: {self.message}"
