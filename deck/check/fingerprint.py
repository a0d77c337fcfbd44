"""What a PDF page is made of, as a digest: the same digest, the same page for pdfium to render.

`page_digests(data)` reads a PDF as deck writes it (one revision, a classic cross-reference table, no
encryption) and gives, for each page, a sha256 of every object the page reaches: its dictionary, its
content streams, fonts, images and forms, and what it inherits from the page tree (the tree's `/Kids` and
`/Count` left out, so that a page added to a deck does not change the others). Object numbers are replaced
by their order of discovery, so that objects renumbered by a change earlier in the file do not count as a
change. Every byte of every object reached is covered (an object runs to the next object of the file),
however its streams are encoded.

Anything else (an incremental update, a cross-reference stream, object streams, encryption, a catalog with
more than the usual entries, a table that does not point at its objects) gives None: the caller then
fingerprints the pages by the whole file's sha256, which re-checks all of them whenever a byte changes.
"""

from __future__ import annotations

import hashlib
import re

_OBJ = re.compile(rb"\s*(\d+)\s+(\d+)\s+obj\b")
_REF = re.compile(rb"(\d+)\s+(\d+)\s+R\b")
_KIDS = re.compile(rb"/Kids\s*\[[^\]]*\]")
_COUNT = re.compile(rb"/Count\s+\d+")
_PARENT = re.compile(rb"/Parent\s+\d+\s+\d+\s+R\b")
_NAME = re.compile(rb"/([A-Za-z0-9_.#-]+)")
_TYPE = re.compile(rb"/Type\s*/(Pages|Page)\b")
# the entries of a catalog that change nothing on a rendered page (anything else: whole-file fingerprints)
_CATALOG_NAMES = frozenset(
    b"Type Catalog Pages PageMode UseNone UseOutlines UseThumbs FullScreen PageLayout SinglePage OneColumn "
    b"TwoColumnLeft TwoColumnRight TwoPageLeft TwoPageRight Outlines ViewerPreferences Lang Metadata MarkInfo "
    b"Marked PageLabels true false".split()
)


class _Unsupported(Exception):
    pass


def page_digests(data: bytes) -> list[str] | None:
    """One hex digest per page, in page order; None when the file is not one this reader fully understands."""
    try:
        return _Pdf(data).digests()
    except (_Unsupported, ValueError, IndexError, KeyError, RecursionError):
        return None


class _Pdf:
    def __init__(self, data: bytes):
        self.data = data
        if data.count(b"startxref") != 1 or data.count(b"%%EOF") != 1:
            raise _Unsupported("incremental updates")
        at = data.rindex(b"startxref")
        m = re.fullmatch(rb"startxref\s+(\d+)\s+%%EOF\s*", data[at:])
        if not m:
            raise _Unsupported("end of file")
        xref = int(m.group(1))
        if data[xref : xref + 4] != b"xref":
            raise _Unsupported("cross-reference stream")
        trailer_at = data.index(b"trailer", xref)
        trailer = data[trailer_at:at]
        if any(k in trailer for k in (b"/Prev", b"/Encrypt", b"/XRefStm")):
            raise _Unsupported("trailer")
        offsets = self._table(data[xref + 4 : trailer_at])
        order = sorted(offsets.items(), key=lambda kv: kv[1])
        self.body: dict = {}
        for k, (num, off) in enumerate(order):
            end = order[k + 1][1] if k + 1 < len(order) else xref
            m = _OBJ.match(data, off)
            if not m or int(m.group(1)) != num[0] or int(m.group(2)) != num[1] or end <= m.end():
                raise _Unsupported("a table that does not point at its objects")
            self.body[num] = data[m.end() : end]
        root = _REF.search(trailer[trailer.index(b"/Root") :])
        if root is None:
            raise _Unsupported("no catalog")
        self.root = (int(root.group(1)), int(root.group(2)))

    @staticmethod
    def _table(table: bytes) -> dict:
        tokens = table.split()
        out: dict = {}
        i = 0
        while i < len(tokens):
            start, count = int(tokens[i]), int(tokens[i + 1])
            i += 2
            for k in range(count):
                off, gen, kind = int(tokens[i]), int(tokens[i + 1]), tokens[i + 2]
                i += 3
                if kind == b"n":
                    out[(start + k, gen)] = off
                elif kind != b"f":
                    raise _Unsupported("cross-reference entry")
        if len(set(out.values())) != len(out):
            raise _Unsupported("two objects at one offset")
        return out

    def digests(self) -> list[str]:
        catalog = self.body[self.root]
        if not set(_NAME.findall(catalog)) <= _CATALOG_NAMES:
            raise _Unsupported("catalog entries that may change a page")
        pages_ref = _REF.search(catalog[catalog.index(b"/Pages") :])
        if pages_ref is None:
            raise _Unsupported("no page tree")
        self.tree: set = set()
        leaves: list = []  # (page ref, its ancestors)
        self._walk((int(pages_ref.group(1)), int(pages_ref.group(2))), (), leaves, 0)
        head = _canonical(_split(catalog), {}, [])
        self.splits: dict = {}
        return [self._digest(page, ancestors, head) for page, ancestors in leaves]

    def _walk(self, ref: tuple, ancestors: tuple, leaves: list, depth: int) -> None:
        if ref in self.tree or depth > 64:
            raise _Unsupported("page tree loop")
        self.tree.add(ref)
        node = self.body[ref]
        kind = _TYPE.search(node)
        if kind is None:
            raise _Unsupported("page tree node without a type")
        if kind.group(1) == b"Page":
            leaves.append((ref, ancestors))
            return
        kids = _KIDS.search(node)
        for kid in _REF.finditer(kids.group(0) if kids else b""):
            self._walk((int(kid.group(1)), int(kid.group(2))), ancestors + (ref,), leaves, depth + 1)

    def _digest(self, page: tuple, ancestors: tuple, head: bytes) -> str:
        h = hashlib.sha256(head)
        names: dict = {}
        queue: list = []
        for node in ancestors:  # what the page inherits: the tree's nodes without their kids
            own = _PARENT.sub(b"", _COUNT.sub(b"", _KIDS.sub(b"", self.body[node])))
            h.update(b"\0node\0" + _canonical(_split(own), names, queue))
        h.update(b"\0page\0" + _canonical(_split(_PARENT.sub(b"/Parent", self.body[page])), names, queue))
        done = 0
        while done < len(queue):  # every object the page reaches, each once, in order of discovery
            ref = queue[done]
            done += 1
            if ref in self.tree:  # another page (a link's target) or the tree: not what this page shows
                h.update(b"\0tree\0")
                continue
            if ref not in self.body:
                h.update(b"\0obj\0null")
                continue
            split = self.splits.get(ref)
            if split is None:  # fonts and forms are reached by many pages: read once
                split = self.splits[ref] = _split(self.body[ref])
            h.update(b"\0obj\0" + _canonical(split, names, queue))
        return h.hexdigest()


def _split(body: bytes) -> tuple:
    """(a digest of the bytes between references, the references in order): what an object says, whatever
    the numbers of the objects it points to. References are looked for before the object's first `stream`
    keyword only (a stream's data holds none; hashed as they are, its bytes are most of a file's): a word
    `stream` inside a string of the dictionary leaves the references after it numbered as they are, which
    changes the digest when they are renumbered (the page is checked again), never hides a change."""
    at = body.find(b"stream")
    data = b""
    if at >= 0:
        body, data = body[:at], body[at:]
    parts = _REF.split(body)
    h = hashlib.sha256(b"%d:" % len(data) + data)
    refs = []
    for k in range(0, len(parts), 3):
        literal = parts[k]
        h.update(b"%d:" % len(literal) + literal)
        if k + 1 < len(parts):
            refs.append((int(parts[k + 1]), int(parts[k + 2])))
    return h.digest(), tuple(refs)


def _canonical(split: tuple, names: dict, queue: list) -> bytes:
    """An object as its split, each reference replaced by its order of discovery in the page."""
    digest, refs = split
    out = [digest]
    for ref in refs:
        index = names.get(ref)
        if index is None:
            index = names[ref] = len(names)
            queue.append(ref)
        out.append(b"R%d;" % index)
    return b"".join(out)
