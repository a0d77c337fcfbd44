"""YAML syntax errors in plain words, for people who write kits, not parsers.

PyYAML says what its parser expected (`expected <block end>, but found '<block mapping start>'`), often a
line or two after the mistake. Here the text around the error is read again, line by line and token by
token, to find the mistake a person makes (an indentation off by a space, a tab, a quote left open, a
colon inside a text, a list item without its dash) and to say where it is and how to fix it. Whatever
is not recognised is still said without the parser's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

JARGON = ("<block end>", "block mapping", "block collection", "scalar", "while parsing", "while scanning", "token")


@dataclass(frozen=True)
class Explained:
    line: int  # 1-based
    col: int  # 1-based
    message: str
    context: str  # the line quoted (and the one it is compared with), a caret under the mistake


def _indent(s: str) -> int:
    return len(s) - len(s.lstrip(" "))


def _is_content(s: str) -> bool:
    t = s.strip()
    return bool(t) and not t.startswith("#")


def _key_col(s: str) -> int:
    """Where the key (or value) of a line starts, after its indentation and any "- " of list items."""
    i = _indent(s)
    while s[i : i + 2] == "- " or s[i:].rstrip() == "-":
        i += 2
        while s[i : i + 1] == " ":
            i += 1
    return i


def _key(s: str) -> str:
    """The key of a `key: value` line ("id:"), or the start of the line's text."""
    rest = s[_key_col(s) :]
    m = re.match(r"([^\s:#][^:#]*?):(\s|$)", rest)
    if m:
        return m.group(1) + ":"
    return rest.strip()[:20]


def _starts_item(s: str) -> bool:
    t = s.lstrip(" ")
    return t.startswith("- ") or t.rstrip() == "-"


def _spaces(n: int) -> str:
    return "1 space" if n == 1 else f"{n} spaces"


class _Lines:
    def __init__(self, text: str):
        self.lines = text.split("\n")

    def get(self, i: int) -> str:
        return self.lines[i] if 0 <= i < len(self.lines) else ""

    def prev(self, i: int) -> int | None:
        """The content line before line i (0-based), skipping blank lines and comments."""
        j = i - 1
        while j >= 0 and not _is_content(self.lines[j]):
            j -= 1
        return j if j >= 0 else None

    def next(self, i: int) -> int | None:
        j = i + 1
        while j < len(self.lines) and not _is_content(self.lines[j]):
            j += 1
        return j if j < len(self.lines) else None

    def levels(self, i: int) -> list[tuple[int, int, bool]]:
        """The indentations open at line i: (column, line, is a list item's dash), nearest first."""
        out: list[tuple[int, int, bool]] = []
        limit: int | None = None
        j = self.prev(i)
        while j is not None and (limit is None or limit > 0):
            s = self.lines[j]
            ind, key = _indent(s), _key_col(s)
            if limit is None or ind < limit:
                if all(c != key for c, _, _ in out):
                    out.append((key, j, False))
                col = ind
                while col < key and s[col : col + 1] == "-":  # each dash of "- - item" is a level too
                    out.append((col, j, True))
                    col += 2
                limit = ind
            j = self.prev(j)
        return out

    def excerpt(self, line: int, col: int, before: int | None = None) -> str:
        """The line quoted with a caret under column col (both 0-based), after line `before` if given."""
        width = len(str(line + 1))
        out = []
        if before is not None and before != line:
            out.append(f"{before + 1:>{width}} | {self.get(before).replace(chr(9), '→')}")
            if before < line - 1:
                out.append(f"{'':>{width}} | …")
        text = self.get(line).replace("\t", "→")
        out.append(f"{line + 1:>{width}} | {text}")
        out.append(f"{'':>{width}} | {' ' * col}^")
        return "\n".join(out)


def _tokens(text: str) -> list:
    out = []
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            out.append(token)
    except yaml.YAMLError:
        pass
    return out


def _quote_fix(key: str, value: str) -> str:
    value = value.strip()
    if '"' in value:
        return f"{key} '{value}'" if "'" not in value else f"{key} « {value} »"
    return f'{key} "{value}"'


def explain(text: str, error: yaml.YAMLError) -> Explained:
    """The mistake behind a PyYAML error, in plain words, where it is."""
    lines = _Lines(text)
    pm = getattr(error, "problem_mark", None)
    cm = getattr(error, "context_mark", None)
    problem = getattr(error, "problem", None) or ""
    context = getattr(error, "context", None) or ""
    mark = pm or cm
    if mark is None:
        return Explained(1, 1, "YAML cannot read this file: check its quotes and indentation", "")
    line, col = mark.line, mark.column

    def said(at_line: int, at_col: int, message: str, before: int | None = None) -> Explained:
        return Explained(at_line + 1, at_col + 1, message, lines.excerpt(at_line, at_col, before))

    # a tab in the indentation, wherever the parser stumbled
    for i in range(0, min(line, len(lines.lines) - 1) + 1):
        s = lines.get(i)
        lead = s[: len(s) - len(s.lstrip(" \t"))]
        if "\t" in lead and _is_content(s):
            return said(
                i,
                lead.index("\t"),
                "a tab indents this line: YAML indents with spaces only; replace the tab with spaces",
            )
    if "'\\t'" in problem:
        return said(line, col, "a tab here: YAML indents with spaces only; replace the tab with spaces")

    tokens = _tokens(text)
    before = [t for t in tokens if (t.end_mark.line, t.end_mark.column) <= (line, col)]
    scalars = [t for t in before if isinstance(t, yaml.ScalarToken)]
    last = before[-1] if before else None

    # a quote opened and never closed
    if "quoted scalar" in context and cm is not None:
        return said(
            cm.line,
            cm.column,
            f"this quote ({lines.get(cm.line)[cm.column]}) is never closed: the text runs on to the end of the "
            "file; close it at the end of the text",
        )
    if scalars and scalars[-1].style in ('"', "'"):
        q = scalars[-1]
        opening = q.start_mark
        if q.end_mark.line > opening.line and q.end_mark.line == line:
            mark_char = lines.get(opening.line)[opening.column]
            return said(
                opening.line,
                opening.column,
                f"this quote ({mark_char}) is not closed on its line: the text runs on to line {line + 1}, "
                f"where the next {mark_char} ends it; close it at the end of the text",
            )
        if q.end_mark.line == line and "found '<scalar>'" in problem:
            s = lines.get(line)
            whole = s[opening.column :].strip()
            if q.style == "'":
                message = (
                    "this text in single quotes has an apostrophe inside, which ends it: "
                    f'put the text in double quotes instead: "{whole[1:-1]}"'
                )
            else:
                message = (
                    "this text in double quotes has a \" inside, which ends it: use « » or ' inside, "
                    "or put the text in single quotes"
                )
            return said(line, opening.column, message)
    if (
        isinstance(last, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken))
        and last.end_mark.line == line
        and "found '<scalar>'" in problem
    ):
        s = lines.get(line)
        start = _key_col(s) + len(_key(s)) + 1
        while s[start : start + 1] == " ":
            start += 1
        return said(
            line,
            start,
            f'a text that starts with "{s[start : start + 1]}" is read as a list: put the whole text in quotes: '
            + _quote_fix(_key(s), s[start:]),
        )

    # a text that starts with a character YAML keeps for itself
    if "alias" in context or "anchor" in context or "found character '" in problem:
        at = cm if cm is not None and ("alias" in context or "anchor" in context) else mark
        s = lines.get(at.line)
        ch = s[at.column : at.column + 1]
        return said(
            at.line,
            at.column,
            f'a text that starts with "{ch}" must be in quotes: ' + _quote_fix(_key(s), s[at.column :]),
        )

    # a ':' followed by a space inside a text without quotes
    if "mapping values are not allowed" in problem:
        s = lines.get(line)
        first = re.match(r"\s*(- )*[^\s:#][^:#]*?:\s", s)
        if first and first.end() <= col:
            key = _key(s)
            value = s[first.end() :]
            return said(
                line,
                col,
                '": " inside a text without quotes: YAML reads it as a new key; put the whole text in quotes: '
                + _quote_fix(key, value),
            )
        found = _indentation(lines, line)
        if found:
            return said(line, _indent(s), found[0], found[1])
        return said(
            line, col, '": " inside a text without quotes: YAML reads it as a new key; put the whole text in quotes'
        )

    # a line that is neither `key: value` nor `- item`
    if "could not find expected ':'" in problem and cm is not None:
        s = lines.get(cm.line)
        ind = _indent(s)
        p, n = lines.prev(cm.line), lines.next(cm.line)
        neighbours = [
            x for x in (p, n) if x is not None and _starts_item(lines.get(x)) and _indent(lines.get(x)) == ind
        ]
        if neighbours and not _starts_item(s):
            return said(
                cm.line,
                cm.column,
                f'this line is not a list item like line {neighbours[0] + 1}: start it with "- "',
                neighbours[0] if neighbours[0] < cm.line else None,
            )
        if re.match(r"\s*(- )*[^\s:#\"'][^\s:]*:\S", s):
            at = s.index(":", _key_col(s))
            return said(cm.line, at, f'a space is missing after "{s[_key_col(s) : at + 1]}": write "key: value"')
        found = _indentation(lines, cm.line)
        if found:
            return said(cm.line, ind, found[0], found[1])
        return said(
            cm.line,
            cm.column,
            'this line is neither "key: value" nor a list item "- …": is a ":" missing after its key, or '
            "is it the rest of the text above (then put that text in quotes)?",
        )

    # indentation
    s = lines.get(line)
    found = _indentation(lines, line)
    if found:
        return said(line, _indent(s), found[0], found[1])
    dashless = _dashless_item(lines, line)
    if dashless is not None:
        i, j = dashless
        return said(i, _indent(lines.get(i)), f'this line is not a list item like line {j + 1}: start it with "- "', j)
    if problem.startswith("expected") and "found '-'" in problem:
        return said(
            line,
            col,
            'a list item "- " where the lines around are "key: value": a list goes under its own "key:" line',
        )
    return said(
        line,
        col,
        "YAML cannot read this line: check its quotes, and its indentation against the line above",
    )


def _indentation(lines: _Lines, i: int) -> tuple[str, int] | None:
    """What is wrong with the indentation of line i, and the line it is compared with; None if it is right."""
    s = lines.get(i)
    p = lines.prev(i)
    if p is None or not _is_content(s):
        return None
    ind, above = _indent(s), lines.get(p)
    key_col = _key_col(above)
    value = above[key_col:].split(":", 1)[1].strip() if ":" in above[key_col:] else ""
    opens_block = not value or value.startswith(("|", ">", "#", "&"))
    if ind > key_col and not opens_block:
        return (
            f'this line is indented more than the one above: indent it by {_spaces(key_col)}, as "{_key(above)}" '
            f"on line {p + 1}",
            p,
        )
    levels = lines.levels(i)
    keys = [(c, j) for c, j, dash in levels if not dash]
    dashes = [(c, j) for c, j, dash in levels if dash]
    if ind < key_col and all(c != ind for c, _, _ in levels):
        nearest = min(keys, key=lambda cj: (abs(cj[0] - ind), -cj[0]))
        more = "less" if nearest[0] > ind else "more"
        return (
            f"this line is indented {more} than the one above: indent it by {_spaces(nearest[0])}, as "
            f'"{_key(lines.get(nearest[1]))}" on line {nearest[1] + 1}',
            nearest[1],
        )
    if not _starts_item(s) and any(c == ind for c, _ in dashes) and all(c != ind for c, _ in keys):
        j = next(j for c, j in dashes if c == ind)
        inner = _key_col(lines.get(j))
        message = (
            f'this line starts where the "- " of line {j + 1} does, but has no "- ": '
            f'indent it by {_spaces(inner)}, as "{_key(lines.get(j))}" on line {j + 1}, or start a new item with "- "'
        )
        if _key(s) == "id:":
            message = (
                f'this line starts where the "- " of line {j + 1} does, but has no "- ": '
                f'start a new item with "- id:", or indent it by {_spaces(inner)}, as "{_key(lines.get(j))}" '
                f"on line {j + 1}"
            )
        return message, j
    return None


def _dashless_item(lines: _Lines, i: int) -> tuple[int, int] | None:
    """(a line near line i that is a bare text among list items, the item beside it), or None."""
    for k in (i, lines.prev(i)):
        if k is None:
            continue
        s = lines.get(k)
        if _starts_item(s) or re.match(r"\s*[^\s:#\"'][^:#]*:(\s|$)", s):
            continue
        for j in (lines.prev(k), lines.next(k)):
            if (
                j is not None
                and _starts_item(lines.get(j))
                and _indent(s) in (_indent(lines.get(j)), _key_col(lines.get(j)))
            ):
                return k, j
    return None


def plain(message: str) -> bool:
    """True when a message is free of the parser's words."""
    return not any(word in message for word in JARGON)
