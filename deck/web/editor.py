"""`deck edit`: the kit in a local editor, in the browser, with a preview drawn by the real pipeline.

The server is the standard library's `ThreadingHTTPServer`: one user, on 127.0.0.1 only, on a free port;
nothing to install, nothing that listens beyond this machine. Every request must carry the random token
of the URL `deck edit` prints (in the query, or the `X-Deck-Token` header the page sends), come from the
page's own origin (`Host`, `Origin`, `Sec-Fetch-Site`) and name only files of the kit: anything else gets
403. The request log is kept, not printed.

What the editor does, over the kit's own YAML:

- the forms come from the kit's JSON Schema (`deck.kit.schema.kit_schema`, what `deck schema` prints);
- each change is checked as the user types by loading the kit as `deck validate` does, in a mirror of the
  kit (a temporary copy, deck's own), and reported with the command line's messages, located in the
  user's files; the card is drawn again (`deck.export.faces`, `rasterise`: the faces `deck export png`
  writes) and sent back as PNG;
- saving writes the one file the card comes from (`roundtrip`: comments, order and quotes kept), only if
  the kit is then valid, and only if nobody changed the file since it was read;
- a bundled kit is never written: the editor offers to start an overlay (`deck new DIR --from KIT`), then
  edits it, writing each change of a bundled card into the overlay's own file as the fields that differ.
"""

from __future__ import annotations

import base64
import hmac
import io
import json
import secrets
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources as package_files
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from deck.errors import DeckError, Diagnostics, display_path
from deck.web.roundtrip import Doc, find_node, get, plain, replace_text, set_fields

PREVIEW_DPI = 110  # the card beside the form: sharp on a screen, drawn in a few tens of milliseconds
STATIC = {
    "editor.js": "text/javascript; charset=utf-8",
    "editor.css": "text/css; charset=utf-8",
}
MAX_BODY = 1 << 20


class Refused(Exception):
    """A request the editor does not serve: its HTTP status and why."""

    def __init__(self, status: int, why: str):
        super().__init__(why)
        self.status = status


def is_bundled(kit_dir: Path) -> bool:
    from deck.kit.find import data_dir

    root = data_dir("content").resolve()
    try:
        kit_dir.resolve().relative_to(root)
    except ValueError:
        return False
    return True


def _line(d, strict: bool = False) -> str:
    """A problem as the command line prints it (`deck.cli._report`)."""
    return f"{d.loc}: {'error' if d.severity == 'error' else 'warning'}: {d.message}"


def _multiline() -> dict[str, list[str]]:
    """Per schema definition, the fields that take paragraphs (a textarea rather than a line)."""
    from deck.kit.model import COLLECTIONS, KitHeader, Nested, NestedList, Text, format_fields

    out: dict[str, list[str]] = {}
    todo = [cls for cls, _ in COLLECTIONS.values()] + [KitHeader]
    while todo:
        cls = todo.pop()
        if cls.__name__ in out:
            continue
        out[cls.__name__] = []
        for f in format_fields(cls):
            if isinstance(f.kind, Text):
                out[cls.__name__].append(f.name)
            if isinstance(f.kind, (Nested, NestedList)):
                todo.append(f.kind.cls)
    return out


def _class_at(path: list) -> str | None:
    """The model class (schema definition) of the mapping at `path` of a content file or kit.yaml."""
    from deck.kit.model import COLLECTIONS, KitHeader, Nested, NestedList, format_fields

    if not path:
        return None
    keys = [p for p in path if isinstance(p, str)]
    first = COLLECTIONS.get(keys[0])
    cls = first[0] if first else KitHeader
    for key in keys[1:] if first else keys:
        kinds = {f.name: f.kind for f in format_fields(cls)}
        kind = kinds.get(key)
        if not isinstance(kind, (Nested, NestedList)):
            return None
        cls = kind.cls
    return cls.__name__


@dataclass
class _Layer:
    root: Path
    files: dict[str, Path] = field(default_factory=dict)  # shown path (as in a Loc) -> file


class Editor:
    """The state of one editing session: the kit, its mirror, the last text read of each file."""

    def __init__(self, kit_dir: Path, dpi: float = PREVIEW_DPI):
        self.dpi = dpi
        self.lock = threading.Lock()
        self.read: dict[Path, str] = {}  # file -> its text when last read: saving refuses if it changed since
        self.mirror: Path | None = None
        self.open(kit_dir)

    # -- the kit and its mirror ---------------------------------------------------------------------------------
    def open(self, kit_dir: Path) -> None:
        self.kit_dir = kit_dir.resolve()
        self.bundled = is_bundled(self.kit_dir)
        self.close()
        self.mirror = Path(tempfile.mkdtemp(prefix="deck-edit-")) / "kit"
        shutil.copytree(self.kit_dir, self.mirror, ignore=shutil.ignore_patterns(".*"))
        self._absolute_extends()
        self.read.clear()

    def close(self) -> None:
        if self.mirror is not None:
            shutil.rmtree(self.mirror.parent, ignore_errors=True)
            self.mirror = None

    def _absolute_extends(self) -> None:
        """The mirror's kit.yaml extends what the kit's extends (a path relative to the kit, made absolute)."""
        assert self.mirror is not None
        doc = Doc((self.kit_dir / "kit.yaml").read_text(encoding="utf-8"))
        parent = doc.data.get("extends") if isinstance(doc.data, dict) else None
        if isinstance(parent, str) and (self.kit_dir / parent / "kit.yaml").is_file():
            doc.data["extends"] = str((self.kit_dir / parent).resolve())
            (self.mirror / "kit.yaml").write_text(doc.dump(), encoding="utf-8")

    def own_files(self) -> list[Path]:
        """The YAML files of the kit itself (the one opened): the only ones saving may write."""
        return sorted(p for p in self.kit_dir.glob("*.yaml") if p.is_file() and not p.is_symlink())

    def _file(self, name: str) -> Path:
        """A file of the opened kit named by a request: refused unless it is one of the kit's YAML files."""
        candidate = (self.kit_dir / name).resolve()
        if candidate.parent != self.kit_dir or candidate not in self.own_files():
            raise Refused(403, f"{name}: not a file of the kit")
        return candidate

    def layers(self) -> list[_Layer]:
        """The opened kit and the kits it extends, top first, with the shown paths of their YAML files."""
        from ruamel.yaml.error import YAMLError

        from deck.kit.load import resolve_kit

        out = []
        root: Path | None = self.kit_dir
        seen: set[Path] = set()
        while root is not None and root not in seen:
            seen.add(root)
            layer = _Layer(root, {display_path(p): p for p in sorted(root.glob("*.yaml"))})
            out.append(layer)
            try:
                data = Doc((root / "kit.yaml").read_text(encoding="utf-8")).data
                parent = data.get("extends") if isinstance(data, dict) else None
                root = None
                if isinstance(parent, str):
                    local = layer.root / parent
                    root = (local if (local / "kit.yaml").is_file() else resolve_kit(parent)).resolve()
            except (OSError, DeckError, ValueError, YAMLError):  # a kit that does not load: the loader says why
                root = None
        return out

    # -- checking and drawing -------------------------------------------------------------------------------------
    def _shown(self, text: str) -> str:
        """A message about the mirror, about the user's files instead."""
        assert self.mirror is not None
        return text.replace(str(self.mirror), display_path(self.kit_dir))

    def check(self, changes: dict[str, str] | None = None, card: tuple[str, str] | None = None) -> dict:
        """Load the kit with `changes` (file name -> text) as `deck validate` does; draw `card`'s faces."""
        from deck.build.pipeline import resolve
        from deck.export import faces, rasterise

        assert self.mirror is not None
        written = []
        try:
            for name, text in (changes or {}).items():
                (self.mirror / name).write_text(text, encoding="utf-8")
                written.append(name)
            res, diag = resolve(self.mirror)
            images: dict[str, str] = {}
            if res is not None and card is not None and not diag.errors:
                drawn = Diagnostics()
                pages = [(f.side, f.size, f.prims) for f in faces(res, None, drawn, only=card)]
                diag.extend(drawn)
                for side, image in rasterise(pages, self.dpi, "deck edit"):
                    buf = io.BytesIO()
                    image.save(buf, format="PNG")
                    images[side] = "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
        except DeckError as e:
            res, diag, images = None, e.diagnostics, {}
        finally:
            for name in written:  # the mirror is the saved kit again
                shutil.copyfile(self.kit_dir / name, self.mirror / name)
            if "kit.yaml" in written:
                self._absolute_extends()
        problems = [self._shown(_line(d)) for d in diag.sorted()]
        return {"ok": not diag.errors, "problems": problems, "images": images, "resolved": res}

    # -- what the page asks -------------------------------------------------------------------------------------
    def info(self) -> dict:
        from deck.layout.faces import Views

        with self.lock:
            result = self.check()
        res = result.pop("resolved")
        decks = []
        if res is not None:
            from deck.build.pipeline import _decks

            views = Views(res.kit, res.words)
            for deck in _decks(res.kit):
                cards, seen = [], set()
                for c in views.cards(deck):
                    if c.id not in seen:
                        seen.add(c.id)
                        cards.append({"id": c.id, "title": c.front.title or c.front.label})
                decks.append({"id": deck.id, "title": deck.title, "cards": cards})
        title = res.kit.header.title if res is not None else self.kit_dir.name
        return {
            "kit": {"title": title, "dir": display_path(self.kit_dir), "bundled": self.bundled},
            "decks": decks,
            "problems": result["problems"],
        }

    def schema(self) -> dict:
        from deck.kit.schema import kit_schema

        return {"schema": kit_schema(), "multiline": _multiline()}

    def _card_loc(self, deck_id: str, card_id: str):
        from deck.build.pipeline import _decks, resolve
        from deck.layout.faces import Views

        res, _ = resolve(self.kit_dir)
        if res is None:
            raise Refused(409, "the kit has errors: fix them in its files, then reload")
        for deck in _decks(res.kit):
            if deck.id == deck_id:
                for c in Views(res.kit, res.words).cards(deck):
                    if c.id == card_id:
                        return c.loc
        raise Refused(404, f"no card {card_id} in deck {deck_id}")

    def locate(self, deck_id: str, card_id: str) -> dict:
        """Where the card is written: file, path in it, schema definition, value; and, for a card of a kit
        this one extends, where its changes go in this kit's own files."""
        loc = self._card_loc(deck_id, card_id)
        for n, layer in enumerate(self.layers()):
            path = layer.files.get(loc.path)
            if path is None:
                continue
            text = path.read_text(encoding="utf-8")
            doc = Doc(text)
            where = find_node(doc.data, loc.line, loc.col)
            if where is None:
                break
            value = plain(get(doc.data, where))
            place = {"file": path.name, "path": where, "def": _class_at(where), "value": value, "own": n == 0}
            if n == 0:
                self.read[path] = text
            else:
                chain = _id_chain(doc.data, where)
                place["chain"] = chain
                over = self._overlay_entry(chain)
                if over is not None:
                    _merge_into(value, plain(get(over[1].data, over[2])))
            return place
        raise Refused(404, f"card {card_id}: its item was not found in the kit's files")

    # -- changes ------------------------------------------------------------------------------------------------
    def _changed_text(self, req: dict) -> tuple[Path, str]:
        """The file a change goes to, and its text with the change."""
        value, fields = req.get("value"), req.get("fields")
        if not isinstance(value, dict) or not isinstance(fields, list):
            raise Refused(400, "expected value (a mapping) and fields (a list)")
        if req.get("own"):
            path = self._file(str(req.get("file")))
            doc = Doc(path.read_text(encoding="utf-8"))
            try:
                node = get(doc.data, list(req.get("path") or []))
            except (KeyError, IndexError, TypeError):
                raise Refused(409, "the item is no longer where it was: reload") from None
            set_fields(node, value, [str(f) for f in fields])
            return path, doc.dump()
        if self.bundled:
            raise Refused(403, "a bundled kit is never edited in place: start an overlay")
        return self._overlay_change(req, value, [str(f) for f in fields])

    def preview(self, req: dict) -> dict:
        with self.lock:
            path, text = self._changed_text(req)
            result = self.check({path.name: text}, (str(req.get("deck")), str(req.get("card"))))
            result.pop("resolved")
            return result

    def save(self, req: dict) -> dict:
        with self.lock:
            if self.bundled:
                raise Refused(403, "a bundled kit is never edited in place: start an overlay")
            path, text = self._changed_text(req)
            result = self.check({path.name: text}, (str(req.get("deck")), str(req.get("card"))))
            result.pop("resolved")
            if not result["ok"]:
                return {**result, "saved": None}
            before = self.read.get(path)
            if before is None:  # never a file the user did not open through a card
                raise Refused(409, f"{path.name} was not opened: choose the card again")
            now = path.read_text(encoding="utf-8") if path.exists() else ""
            if now != before:
                raise Refused(409, f"{path.name} changed on disk since it was opened: reload before saving")
            replace_text(path, text)
            self.read[path] = text
            shutil.copyfile(path, self.mirror / path.name)  # type: ignore[operator]
            return {**result, "saved": path.name}

    def start_overlay(self, req: dict) -> dict:
        """A new kit that extends this bundled one (`deck new DIR --from KIT`), opened in its place."""
        from deck.kit.load import load_kit
        from deck.kit.scaffold import plan_new, write_new

        with self.lock:
            target_text = str(req.get("dir") or "").strip()
            if not target_text:
                raise Refused(400, "expected the directory of the new kit")
            target = Path(target_text).expanduser()
            if not target.is_absolute():
                target = Path.cwd() / target
            base, diag = load_kit(self.kit_dir)
            if base is None:
                raise Refused(409, "; ".join(_line(d) for d in diag.sorted()))
            try:
                write_new(target, plan_new(target, base, extends=base.id if self.bundled else str(self.kit_dir)))
            except DeckError as e:
                raise Refused(409, "; ".join(_line(d) for d in e.diagnostics.sorted())) from None
            self.open(target)
            return {"opened": display_path(target)}

    # -- an overlay's changes to the items of the kits it extends -----------------------------------------------
    def _overlay_entry(self, chain: list[tuple[str, str]]):
        """(file, doc, path) of this kit's entry for the item `chain` names, or None."""
        for path in self.own_files():
            if path.name == "kit.yaml":
                continue
            doc = Doc(path.read_text(encoding="utf-8"))
            where = _follow(doc.data, chain)
            if where is not None:
                return path, doc, where
        return None

    def _overlay_change(self, req: dict, value: dict, fields: list[str]) -> tuple[Path, str]:
        chain = [(str(k), str(i)) for k, i in req.get("chain") or []]
        if not chain:
            raise Refused(400, "expected the item's chain of ids")
        base = self.locate(str(req.get("deck")), str(req.get("card")))
        base_value = base["value"]
        if base.get("own"):
            raise Refused(409, "the item is in this kit's own files: reload")
        # what differs from the extended kit; a field emptied cannot be removed by an overlay: it stays
        differ = {
            f: value[f] for f in fields if value.get(f) not in (None, "", []) and value.get(f) != base_value.get(f)
        }
        found = self._overlay_entry(chain)
        if found is None:
            files = [p for p in self.own_files() if p.name != "kit.yaml"]
            if not files:
                raise Refused(409, "the overlay has no content file to write its changes in")
            path = next((p for p in files if p.name == "changes.yaml"), files[0])
            doc = Doc(path.read_text(encoding="utf-8"))
            node = _make(doc.data, chain)
        else:
            path, doc, where = found
            node = get(doc.data, where)
        self.read.setdefault(path, path.read_text(encoding="utf-8"))
        set_fields(node, differ, [f for f in fields if f != "id"])
        return path, doc.dump()


def _id_chain(data, where: list) -> list[tuple[str, str]]:
    """[(collection or key, id), …] naming the item at `where` (e.g. scenarios s1, stages s1-e2)."""
    chain, node = [], data
    for i, step in enumerate(where):
        node = node[step]
        if isinstance(step, int) and isinstance(node, dict):
            chain.append((str(where[i - 1]), str(node.get("id"))))
    return chain


def _follow(data, chain: list[tuple[str, str]]) -> list | None:
    path: list = []
    node = data
    for key, ident in chain:
        items = node.get(key) if isinstance(node, dict) else None
        if not isinstance(items, list):
            return None
        index = next((i for i, x in enumerate(items) if isinstance(x, dict) and str(x.get("id")) == ident), None)
        if index is None:
            return None
        path += [key, index]
        node = items[index]
    return path


def _make(data, chain: list[tuple[str, str]]):
    """The entry for `chain` in `data`, made: `{key: [{id: …}]}` at each step."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    node = data
    for key, ident in chain:
        items = node.get(key)
        if not isinstance(items, list):
            items = node[key] = CommentedSeq()
        found = next((x for x in items if isinstance(x, dict) and str(x.get("id")) == ident), None)
        if found is None:
            found = CommentedMap([("id", ident)])
            items.append(found)
        node = found
    return node


def _merge_into(base: dict, over: dict) -> None:
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge_into(base[key], value)
        elif not isinstance(value, list) or not all(isinstance(x, dict) for x in value):
            base[key] = value


# -- the server ---------------------------------------------------------------------------------------------------
class EditorServer(ThreadingHTTPServer):
    """The editor's HTTP server on 127.0.0.1: `url` carries the token; `log` keeps what it served."""

    daemon_threads = True

    def __init__(self, editor: Editor, port: int = 0):
        super().__init__(("127.0.0.1", port), _Handler)
        self.editor = editor
        self.token = secrets.token_urlsafe(24)
        self.log: list[str] = []

    @property
    def port(self) -> int:
        return self.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/?token={self.token}"

    def server_close(self) -> None:
        super().server_close()
        self.editor.close()


class _Handler(BaseHTTPRequestHandler):
    server: EditorServer

    def log_message(self, format: str, *args: Any) -> None:  # kept, never printed
        self.server.log.append(format % args)

    # -- the guard ----------------------------------------------------------------------------------------------
    def _guard(self) -> tuple[str, dict]:
        srv = self.server
        hosts = {f"127.0.0.1:{srv.port}", f"localhost:{srv.port}"}
        if self.headers.get("Host") not in hosts:
            raise Refused(403, "wrong Host: the editor answers on 127.0.0.1 only")
        origin = self.headers.get("Origin")
        if origin is not None and origin.removeprefix("http://") not in hosts:
            raise Refused(403, "request from another origin")
        if self.headers.get("Sec-Fetch-Site") == "cross-site":
            raise Refused(403, "request from another site")
        parts = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        token = self.headers.get("X-Deck-Token") or query.get("token") or ""
        if not hmac.compare_digest(token.encode(), srv.token.encode()):
            raise Refused(403, "missing or wrong token: open the address deck edit printed")
        return parts.path, query

    def _send(self, status: int, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header(
            "Content-Security-Policy",
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            "form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
        )
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, data) -> None:
        self._send(status, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

    def _handle(self, method: str) -> None:
        try:
            path, query = self._guard()
            ed = self.server.editor
            if method == "GET" and path == "/":
                page = _static("editor.html").decode("utf-8").replace("{{token}}", self.server.token)
                return self._send(200, page.encode("utf-8"), "text/html; charset=utf-8")
            if method == "GET" and path.startswith("/static/"):
                name = path.removeprefix("/static/")
                if name not in STATIC:
                    raise Refused(404, "no such file")
                return self._send(200, _static(name), STATIC[name])
            if method == "GET" and path == "/api/info":
                return self._json(200, ed.info())
            if method == "GET" and path == "/api/schema":
                return self._json(200, ed.schema())
            if method == "GET" and path == "/api/card":
                place = ed.locate(query.get("deck", ""), query.get("card", ""))
                with ed.lock:
                    shown = ed.check(card=(query.get("deck", ""), query.get("card", "")))
                shown.pop("resolved")
                return self._json(200, {**place, **shown, "editable": not ed.bundled})
            if method == "GET" and path == "/api/file":  # a file of the kit, as text
                return self._json(200, {"text": ed._file(query.get("name", "")).read_text(encoding="utf-8")})
            if method == "POST" and path in ("/api/preview", "/api/save", "/api/overlay"):
                req = self._body()
                act = {"/api/preview": ed.preview, "/api/save": ed.save, "/api/overlay": ed.start_overlay}[path]
                return self._json(200, act(req))
            raise Refused(404, "no such page")
        except Refused as e:
            self._json(e.status, {"error": str(e)})

    def _body(self) -> dict:
        if not (self.headers.get("Content-Type") or "").startswith("application/json"):
            raise Refused(415, "expected JSON")
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise Refused(413, "request too large")
        try:
            data = json.loads(self.rfile.read(length) or b"{}")
        except ValueError:
            raise Refused(400, "expected JSON") from None
        if not isinstance(data, dict):
            raise Refused(400, "expected a JSON object")
        return data

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        self._handle("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._handle("POST")


def _static(name: str) -> bytes:
    return package_files.files("deck.web").joinpath(f"static/{name}").read_bytes()


def serve(kit_dir: Path, port: int = 0) -> EditorServer:
    """The server of an editor on `kit_dir`, bound (not yet serving: call serve_forever)."""
    return EditorServer(Editor(kit_dir), port)
