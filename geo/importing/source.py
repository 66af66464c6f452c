"""Where a finding is: the file being imported, and its rows (as Excel numbers them) or features.

The frames an import reads are indexed by those numbers (a CSV's first data row is
row 2; a GIS file's first feature is feature 1), so a problem carries the number as
data (:attr:`geo.storage.validate.Problem.row`) and its label is made here, never parsed back
out of a message.
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.storage.validate import Problem

__all__ = ["Source"]


@dataclass(frozen=True)
class Source:
    """The file an import reads.

    Attributes
    ----------
    name : str
        The file's name, as the user knows it.
    unit : {"row", "feature"}
        What its records are called.
    """

    name: str
    unit: str = "row"

    def at(self, row: int) -> str:
        """E.g. ``"villages.csv row 7"``."""
        return f"{self.name} {self.unit} {row}"

    def error(self, row: int, message: str, *, cause: str = "") -> Problem:
        """An error about one row or feature."""
        return Problem("error", self.at(row), message, cause, row)

    def warning(self, row: int, message: str, *, cause: str = "") -> Problem:
        """A warning about one row or feature."""
        return Problem("warning", self.at(row), message, cause, row)

    def file_error(self, message: str, *, where: str = "", cause: str = "") -> Problem:
        """An error about the whole file (``where`` adds e.g. "census code 123")."""
        return Problem("error", f"{self.name} {where}".strip(), message, cause)

    def file_warning(self, message: str, *, where: str = "", cause: str = "") -> Problem:
        """A warning about the whole file."""
        return Problem("warning", f"{self.name} {where}".strip(), message, cause)
