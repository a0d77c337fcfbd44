"""Problems found in a kit or in a build: located, collected, never printed here."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Loc:
    """Where something stands in a source file (1-based line and column); in a workbook, `sheet` names the tab
    and (line, col) are the cell's row and column: `contenu.xlsx:Acteurs!C7`."""

    path: str
    line: int = 0
    col: int = 0
    sheet: str = ""

    def __str__(self) -> str:
        if self.sheet:
            tab = f"'{self.sheet}'" if re.search(r"[^\w.]", self.sheet) else self.sheet
            return f"{self.path}:{tab}!{column_letters(self.col)}{self.line}" if self.line else f"{self.path}:{tab}"
        if self.line:
            return f"{self.path}:{self.line}:{self.col}"
        return self.path

    def short(self) -> str:
        """As a message names another place: `file:line`, or the whole cell reference."""
        return str(self) if self.sheet else f"{self.path}:{self.line}"


def column_letters(col: int) -> str:
    """1 -> A, 27 -> AA: a column as spreadsheets name it."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters or "A"


@dataclass(frozen=True)
class Diagnostic:
    severity: str  # "error" or "warning"
    loc: Loc
    message: str
    context: str = ""  # lines printed under the message: the source line quoted, a caret under the mistake
    key: str | None = field(default=None, compare=False)  # said once per run (see Diagnostics.once)

    def __str__(self) -> str:
        return f"{self.loc}: {self.severity}: {self.message}"


@dataclass
class Diagnostics:
    """A collector: stages append problems; the CLI decides what to print and the exit code."""

    items: list[Diagnostic] = field(default_factory=list)
    reported: set = field(default_factory=set)  # keys of problems said once for the whole run (see once)

    def once(self, key: str | None) -> bool:
        """True the first time a key is given (a text whose missing characters are reported), then False."""
        if key is None:
            return True
        if key in self.reported:
            return False
        self.reported.add(key)
        return True

    def error(self, loc: Loc, message: str, context: str = "", key: str | None = None) -> None:
        if self.once(key):
            self.items.append(Diagnostic("error", loc, message, context, key))

    def warning(self, loc: Loc, message: str, context: str = "", key: str | None = None) -> None:
        if self.once(key):
            self.items.append(Diagnostic("warning", loc, message, context, key))

    def add(self, item: Diagnostic) -> None:
        """An item found elsewhere (a helper process): kept unless its key was said already."""
        if self.once(item.key):
            self.items.append(item)

    def extend(self, other: Diagnostics) -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))

    def sorted(self) -> list[Diagnostic]:
        unique = list(dict.fromkeys(self.items))  # the first of equal diagnostics, in order
        return sorted(unique, key=lambda d: (d.loc.path, d.loc.sheet, d.loc.line, d.loc.col))


class DeckError(Exception):
    """A problem that stops the work: carries the diagnostics that explain it. `written`: what the output
    holds after it, when that is not "nothing written" (a put-back that failed: the CLI says this instead)."""

    written: str | None = None

    def __init__(self, diagnostics: Diagnostics | list[Diagnostic] | str, loc: Loc | None = None):
        if isinstance(diagnostics, str):
            d = Diagnostics()
            d.error(loc or Loc("deck"), diagnostics)
            diagnostics = d
        elif isinstance(diagnostics, list):
            d = Diagnostics()
            d.items.extend(diagnostics)
            diagnostics = d
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(x) for x in diagnostics.items))


def did_you_mean(word: str, choices) -> str:
    """' (did you mean "x"?)' when a close choice exists, else ''."""
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop
        return str(path)
