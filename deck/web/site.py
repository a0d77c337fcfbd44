"""`deck export html`: the kit as a static site, for remote and hybrid workshops.

Every file is in the output directory, side by side (no network, no CDN, no script): `index.html`, a page
per deck (`deck-<deck>.html`), per card (`card-<deck>-<card>.html`), per board (`board-<board>.html`) and
the resources (`resources.html`), one stylesheet, and the images. A card's faces are the very PNGs
`deck export png` writes (`deck.export.faces` and `rasterise`, same names, same pixels), each beside its
text as HTML. A board is drawn by the same layout as its printed page, rendered to a PNG of
`BOARD_PX` pixels on its long side: a background for Miro, Mural or Klaxoon, the cards' images beside it.

The site is written like a build (`Staging`: all or nothing, never over a file deck did not write) and
is deterministic: the same kit always gives the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from importlib import resources as package_files
from pathlib import Path
from typing import Any

from deck.errors import DeckError, Diagnostics
from deck.web.words import words

BOARD_PX = 3840  # long side of a board's image: 4K, what online whiteboards take as a sharp background
CARD_DPI = 150  # the card images: deck export png's default resolution
STYLESHEET = "site.css"


@dataclass
class SiteResult:
    files: list[str] = field(default_factory=list)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    pages: int = 0


@dataclass
class _Card:
    deck: Any  # DeckSpec
    spec: Any  # CardSpec
    front: str  # image names
    back: str
    size_px: tuple[int, int]
    resources: tuple[str, ...]  # ids of the resources the card's item names

    @property
    def page(self) -> str:
        return card_page(self.deck.id, self.spec.id)

    @property
    def title(self) -> str:
        f = self.spec.front
        return f.title or f.label


@dataclass
class _Board:
    id: str
    name: str
    image: str
    size_px: tuple[int, int]
    cards: list = field(default_factory=list)


def deck_page(deck_id: str) -> str:
    return f"deck-{deck_id}.html"


def card_page(deck_id: str, card_id: str) -> str:
    return f"card-{deck_id}-{card_id}.html"


def board_page(board_id: str) -> str:
    return f"board-{board_id}.html"


def export_html(kit_dir: Path, out_dir: Path, strict: bool = False) -> SiteResult:
    """Write the site of the kit into out_dir. Raises DeckError (out_dir untouched) on errors."""
    from deck.build.pipeline import resolve
    from deck.build.staging import Staging
    from deck.export import faces, pixels, rasterise
    from deck.files import sha256

    res, diag = resolve(kit_dir)
    if res is None or diag.failed(strict):
        raise DeckError(diag)
    result = SiteResult(diagnostics=diag)
    kit = res.kit
    items = _items(kit)
    decks: dict[str, list[_Card]] = {}
    deck_specs: dict[str, Any] = {}
    pages = []
    by_name: dict[str, _Card] = {}
    for f in faces(res, None, diag):
        pages.append((f.name, f.size, f.prims))
        deck_specs[f.deck.id] = f.deck
        if f.side == "front":
            source = items.get((f.deck.cards, f.card.id))
            card = _Card(
                f.deck,
                f.card,
                f.name,
                "",
                (pixels(f.size[0], CARD_DPI), pixels(f.size[1], CARD_DPI)),
                tuple(getattr(source, "resources", ()) or ()),
            )
            decks.setdefault(f.deck.id, []).append(card)
        else:
            card = decks[f.deck.id][-1]
            card.back = f.name
        by_name[f.name] = card
    boards = _boards(res, decks, diag)
    if diag.failed(strict):
        raise DeckError(diag)
    W = words(kit.header.language)
    with Staging(out_dir) as staging:
        for name, image in rasterise(pages, CARD_DPI, f"{kit.header.title} — HTML"):
            image.save(staging.path(name), format="PNG", dpi=(CARD_DPI, CARD_DPI))
        for b in boards:
            dpi = BOARD_PX / (max(b.size_pt) / 72)
            ((_, image),) = rasterise([(b, b.size_pt, b.prims)], dpi, f"{kit.header.title} — {b.name}")
            image.save(staging.path(b.image), format="PNG", dpi=(round(dpi), round(dpi)))
            b.size_px = image.size
        site = _Site(kit, W, decks, deck_specs, boards)
        for name, text in site.pages():
            staging.path(name).write_text(text, encoding="utf-8", newline="\n")
            result.pages += 1
        css = package_files.files("deck.web").joinpath(f"static/{STYLESHEET}").read_bytes()
        staging.path(STYLESHEET).write_bytes(css)
        result.files = list(staging.files)
        staging.write_json("manifest.json", _manifest(kit, staging, sha256))
        staging.commit()
    return result


def _manifest(kit, staging, sha256) -> dict:
    from deck import __version__

    kinds = {".html": "html", ".png": "png", ".css": "css"}
    return {
        "kit": {"id": kit.id, "title": kit.header.title, "version": kit.header.version},
        "tool": f"deck {__version__}",
        "outputs": [
            {"path": n, "kind": kinds.get(Path(n).suffix, "file"), "sha256": sha256(staging.dir / n)}
            for n in staging.files
        ],
    }


def _items(kit) -> dict:
    """(card source, card id) -> the kit item the card comes from (for the resources it names)."""
    out: dict = {}
    for source in ("actors", "events", "objects", "modalities", "scenarios", "fiches", "resources", "cards"):
        for item in getattr(kit, source):
            out[(source, item.id)] = item
    for sc in kit.scenarios:
        for st in sc.stages:
            out[("stages", st.id)] = st
    if kit.method:
        for p in kit.method.phases:
            out[("phases", p.id)] = p
        for m in kit.method.materials:
            out[("materials", m.id)] = m
    return out


@dataclass
class _BoardDrawing(_Board):
    size_pt: tuple = (0.0, 0.0)
    prims: list = field(default_factory=list)


def _boards(res, decks: dict[str, list[_Card]], diag: Diagnostics) -> list[_BoardDrawing]:
    """The boards `deck build` prints (A2), each with the cards that go on it."""
    from deck.build.options import Options
    from deck.build.pipeline import DEFAULT_CARD
    from deck.layout.boards import BoardStyle, map_board, materials_resource, method_board, scenario_board
    from deck.layout.geometry import Place

    kit, L = res.kit, res.words["labels"]
    w, h = Options().board_size
    st = BoardStyle(w, h, res.theme, res.fonts, kit.header.language, L, f"{kit.header.title} {kit.header.version}")
    cards = [c for cs in decks.values() for c in cs]

    def slot(sc):
        for c in cards:
            if c.deck.cards == "stages" and c.deck.scenario in (None, sc.id):
                return c.deck.size or DEFAULT_CARD
        return DEFAULT_CARD

    made = []
    for sc in kit.scenarios:
        ids = {
            "scenarios": {sc.id},
            "stages": {s.id for s in sc.stages} | {f"{sc.id}-start", f"{sc.id}-arrival"},
            "actors": {a.id for a in kit.actors if (sc.id in a.scenarios if a.scenarios else a.id in sc.actors)},
            "events": {e.id for e in kit.events if e.scenario == sc.id},
            "modalities": {m.id for m in kit.modalities if m.scenario == sc.id} | set(sc.modalities),
            "objects": {o.id for o in kit.objects if sc.id in o.scenarios} | set(sc.objects),
        }
        made.append((scenario_board(sc, kit, st, slot(sc), materials_resource(kit, sc.resources)), sc.loc, ids))
    if kit.method and (kit.method.materials or kit.method.phases):
        ids = {"phases": {p.id for p in kit.method.phases}, "materials": {m.id for m in kit.method.materials}}
        made.append((method_board(kit, st, materials_resource(kit)), kit.method.loc, ids))
    if kit.objects or kit.object_themes:
        first = kit.object_themes[0].loc if kit.object_themes else kit.objects[0].loc
        made.append((map_board(kit, st), first, {"objects": {o.id for o in kit.objects}}))
    out = []
    for g, loc, ids in made:
        for p in g.problems:
            (diag.error if p.severity == "error" else diag.warning)(loc, f"{p.where}: {p.message}")
        mine = [c for c in cards if c.spec.id in ids.get(c.deck.cards, ())]
        b = _BoardDrawing(g.id, g.name, f"board-{g.id}.png", (0, 0), mine, g.size, [Place(g.prims, 0, 0, 0)])
        out.append(b)
    return out


# -- the pages ---------------------------------------------------------------------------------------------------
def _e(text) -> str:
    return escape(str(text), quote=True)


class _Site:
    def __init__(self, kit, W: dict, decks: dict[str, list[_Card]], deck_specs: dict, boards: list):
        self.kit = kit
        self.W = W
        self.decks = decks
        self.deck_specs = deck_specs
        self.boards = boards
        self.resources = kit.index("resources")

    def pages(self):
        yield "index.html", self.index()
        for deck_id, cards in self.decks.items():
            yield deck_page(deck_id), self.deck(self.deck_specs[deck_id], cards)
            for i, card in enumerate(cards):
                before = cards[i - 1] if i > 0 else None
                after = cards[i + 1] if i + 1 < len(cards) else None
                yield card.page, self.card(card, before, after)
        for b in self.boards:
            yield board_page(b.id), self.board(b)
        yield "resources.html", self.resource_list()

    # -- frame ----------------------------------------------------------------------------------------------------
    def frame(self, title: str, body: str, crumbs: list[tuple[str, str]]) -> str:
        from deck import __version__

        kit, W = self.kit, self.W
        nav = " ".join(
            f'<li><a href="{href}"{" aria-current=page" if i == len(crumbs) - 1 else ""}>{_e(label)}</a></li>'
            for i, (href, label) in enumerate(crumbs)
        )
        head_title = title if title == kit.header.title else f"{title} — {kit.header.title}"
        made = W["made_by"].format(version=__version__, kit=kit.header.title, kit_version=kit.header.version)
        return (
            "<!DOCTYPE html>\n"
            f'<html lang="{_e(kit.header.language)}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_e(head_title)}</title>\n"
            f'<link rel="stylesheet" href="{STYLESHEET}">\n</head>\n<body>\n'
            f'<a class="skip" href="#main">{_e(W["skip"])}</a>\n'
            f'<header><nav aria-label="{_e(W["home"])}"><ol class="crumbs">{nav}</ol></nav></header>\n'
            f'<main id="main" tabindex="-1">\n{body}</main>\n'
            f"<footer><p>{_e(made)}</p></footer>\n</body>\n</html>\n"
        )

    def home(self) -> tuple[str, str]:
        return "index.html", self.kit.header.title

    # -- index ----------------------------------------------------------------------------------------------------
    def index(self) -> str:
        h, W = self.kit.header, self.W
        parts = [f"<h1>{_e(h.title)}</h1>\n"]
        if h.subtitle:
            parts.append(f'<p class="subtitle">{_e(h.subtitle)}</p>\n')
        if h.description:
            parts.append(_paras(h.description))
        parts.append(f'<h2>{_e(W["decks"])}</h2>\n<ul class="tiles">\n')
        for deck_id, cards in self.decks.items():
            deck = self.deck_specs[deck_id]
            first = cards[0]
            parts.append(
                f'<li><a href="{deck_page(deck_id)}"><img src="{first.front}" alt="" width="{first.size_px[0]}" '
                f'height="{first.size_px[1]}" loading="lazy"><span>{_e(deck.title)}</span> '
                f'<span class="count">{_e(self.count(len(cards)))}</span></a></li>\n'
            )
        parts.append("</ul>\n")
        if self.boards:
            parts.append(f'<h2>{_e(W["boards"])}</h2>\n<ul class="links">\n')
            for b in self.boards:
                parts.append(f'<li><a href="{board_page(b.id)}">{_e(b.name)}</a></li>\n')
            parts.append("</ul>\n")
        if self.kit.resources:
            parts.append(
                f'<h2>{_e(W["resources"])}</h2>\n<p><a href="resources.html">{_e(W["resources_intro"])}</a></p>\n'
            )
        if h.credits:
            parts.append(f"<h2>{_e(W['credits'])}</h2>\n<ul>\n")
            parts.extend(f"<li>{_e(c)}</li>\n" for c in h.credits)
            parts.append("</ul>\n")
        if h.licence:
            parts.append(f"<h2>{_e(W['licence'])}</h2>\n{_paras(h.licence)}")
        return self.frame(h.title, "".join(parts), [self.home()])

    def count(self, n: int) -> str:
        return self.W["card_n"] if n == 1 else self.W["cards_n"].format(n=n)

    # -- a deck ---------------------------------------------------------------------------------------------------
    def deck(self, deck, cards: list[_Card]) -> str:
        parts = [f"<h1>{_e(deck.title)}</h1>\n<p>{_e(self.count(len(cards)))}</p>\n", self.grid(cards)]
        return self.frame(deck.title, "".join(parts), [self.home(), (deck_page(deck.id), deck.title)])

    def grid(self, cards: list[_Card], files: bool = False) -> str:
        rows = ['<ul class="tiles">\n']
        for c in cards:
            rows.append(
                f'<li><a href="{c.page}"><img src="{c.front}" alt="" width="{c.size_px[0]}" height="{c.size_px[1]}" '
                f'loading="lazy"><span>{_e(c.title)}</span></a>'
            )
            if files:
                rows.append(
                    f' <span class="files"><a href="{c.front}">{_e(self.W["front"])}</a> · '
                    f'<a href="{c.back}">{_e(self.W["back"])}</a></span>'
                )
            rows.append("</li>\n")
        rows.append("</ul>\n")
        return "".join(rows)

    # -- a card ---------------------------------------------------------------------------------------------------
    def card(self, card: _Card, before: _Card | None, after: _Card | None) -> str:
        W, spec, deck = self.W, card.spec, card.deck
        title = card.title
        parts = [
            f"<h1>{_e(title)}</h1>\n",
            f'<p class="deck"><a href="{deck_page(deck.id)}">{_e(W["in_deck"].format(deck=deck.title))}</a></p>\n',
        ]
        for side, face, image, alt in (
            ("front", spec.front, card.front, W["front_of"]),
            ("back", spec.back, card.back, W["back_of"]),
        ):
            parts.append(
                f'<section class="face" aria-labelledby="{side}">\n<h2 id="{side}">{_e(W[side])}</h2>\n'
                f'<div class="face-row">\n<img src="{image}" alt="{_e(alt.format(title=title))}" '
                f'width="{card.size_px[0]}" height="{card.size_px[1]}">\n'
                f'<div class="face-text">\n{_face_html(face)}</div>\n</div>\n</section>\n'
            )
        known = [self.resources[r] for r in card.resources if r in self.resources]
        if known:
            parts.append(f'<section aria-labelledby="res">\n<h2 id="res">{_e(W["card_resources"])}</h2>\n<ul>\n')
            for r in known:
                parts.append(f'<li><a href="resources.html#{_e(r.id)}">{_e(r.title)}</a></li>\n')
            parts.append("</ul>\n</section>\n")
        pager = []
        if before is not None:
            pager.append(f'<a rel="prev" href="{before.page}">← {_e(W["previous"])} : {_e(before.title)}</a>')
        if after is not None:
            pager.append(f'<a rel="next" href="{after.page}">{_e(W["next"])} : {_e(after.title)} →</a>')
        if pager:
            parts.append(f'<nav class="pager" aria-label="{_e(deck.title)}">{" ".join(pager)}</nav>\n')
        crumbs = [self.home(), (deck_page(deck.id), deck.title), (card.page, title)]
        return self.frame(title, "".join(parts), crumbs)

    # -- a board --------------------------------------------------------------------------------------------------
    def board(self, b: _Board) -> str:
        W = self.W
        w, h = b.size_px
        parts = [
            f"<h1>{_e(b.name)}</h1>\n<p>{_e(W['board_help'])}</p>\n",
            f'<figure class="board"><a href="{b.image}"><img src="{b.image}" '
            f'alt="{_e(W["board_image"].format(name=b.name))}" width="{w}" height="{h}"></a>\n'
            f'<figcaption><a href="{b.image}">{_e(W["board_full"].format(w=w, h=h))}</a></figcaption></figure>\n',
        ]
        if b.cards:
            parts.append(f"<h2>{_e(W['board_cards'])}</h2>\n{self.grid(b.cards, files=True)}")
        return self.frame(b.name, "".join(parts), [self.home(), (board_page(b.id), b.name)])

    # -- the resources --------------------------------------------------------------------------------------------
    def resource_list(self) -> str:
        W = self.W
        parts = [f'<h1>{_e(W["resources"])}</h1>\n<p>{_e(W["resources_intro"])}</p>\n<ul class="resources">\n']
        for r in self.kit.resources:
            parts.append(f'<li id="{_e(r.id)}">')
            if r.url:
                parts.append(f'<a href="{_e(r.url)}">{_e(r.title)}</a>')
            else:
                parts.append(f"<span>{_e(r.title)}</span>")
            if r.publisher:
                parts.append(f' <span class="publisher">— {_e(r.publisher)}</span>')
            if r.url:
                parts.append(f'<br><span class="url">{_e(r.url)}</span>')
            if r.note:
                parts.append(f'<br><span class="note">{_e(r.note)}</span>')
            parts.append("</li>\n")
        parts.append("</ul>\n")
        return self.frame(W["resources"], "".join(parts), [self.home(), ("resources.html", W["resources"])])


def _paras(text: str) -> str:
    return "".join(f"<p>{_e(p.strip())}</p>\n" for p in str(text).split("\n\n") if p.strip())


def _face_html(face) -> str:
    """A face's words as HTML, in their order on the card: label, number, title, mark, blocks, QR code."""
    out = [f'<p class="label">{_e(face.label)}' + (f" · {_e(face.number)}" if face.number else "") + "</p>\n"]
    if face.title:
        out.append(f"<h3>{_e(face.title)}</h3>\n")
    if face.mark:
        out.append(f'<p class="mark">{_e(face.mark)}</p>\n')
    lists = {"bullet": "ul", "number": "ol"}
    open_list = None
    for block in face.blocks:
        tag = lists.get(block.style)
        if tag != open_list:
            if open_list:
                out.append(f"</{open_list}>\n")
            if tag:
                out.append(f'<{tag} class="{"boxes" if block.marker == "☐" else "plain"}">\n')
            open_list = tag
        if tag:
            out.append(f"<li>{_e(block.text)}</li>\n")
        elif block.style == "heading":
            out.append(f"<h4>{_e(block.text)}</h4>\n")
        elif block.style == "italic":
            out.append(f"<p><em>{_e(block.text)}</em></p>\n")
        elif block.style == "small":
            out.append(f'<p class="small">{_e(block.text)}</p>\n')
        else:
            out.append(f"<p>{_e(block.text)}</p>\n")
    if open_list:
        out.append(f"</{open_list}>\n")
    if face.qr:
        title = f" — {_e(face.qr.title)}" if face.qr.title else ""
        out.append(f'<p class="qr"><a href="{_e(face.qr.url)}">{_e(face.qr.caption)}</a>{title}</p>\n')
    return "".join(out)
