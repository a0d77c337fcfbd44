"""The print shop's job sheet (`--print-shop`): for every file, what a shop asks on the phone — trim
size, bleed, pages, colour space, duplex, copies. Plain text, written beside the files."""

from __future__ import annotations

from deck import __version__
from deck.impose import names
from deck.style import cmyk
from deck.units import MM

KINDS = {
    "cards": "cards, one card per page: front, then its back",
    "reprint": "reprint of changed cards, one card per page: front, then its back",
    "board": "board, one page",
    "board-tiles": "the board cut in tiles for an office printer (not for the print shop)",
    "sheet": "sheet",
    "guide": "facilitator's guide",
}


def _mm(v: float) -> str:
    return f"{v / MM:.1f}".removesuffix(".0")


def job_sheet(res, outputs, options) -> str:
    kit = res.kit
    sizes = {}
    from deck.build.pipeline import DEFAULT_CARD, _decks  # (the decks' sizes, as the build chose them)

    for deck in _decks(kit):
        size = options.card or deck.size or DEFAULT_CARD
        for n in names.deck_files(
            kit.id, deck.id, print_shop=True, duplex=options.duplex, backs_word=res.words["labels"]["backs_file"]
        ) + names.reprint_files(
            kit.id, deck.id, print_shop=True, duplex=options.duplex, backs_word=res.words["labels"]["backs_file"]
        ):
            sizes[n] = (deck, size)
    if options.cmyk:
        colour = f"CMYK, PDF/X-4, output intent {cmyk.CONDITION} ({cmyk.CONDITION_INFO}), profile embedded"
    else:
        colour = "RGB (sRGB), no output intent: ask for --cmyk if the shop wants PDF/X"
    bleed = _mm(options.bleed)
    lines = [
        f"Print-shop job sheet: {kit.header.title} {kit.header.version} (deck {__version__})",
        f"Colour: {colour}",
        "Fonts: all embedded. Every page has its TrimBox (the finished size) and BleedBox.",
        "",
    ]
    for o in outputs:
        if not o.path.endswith(".pdf"):
            continue
        lines.append(o.path)
        lines.append(f"  what:      {KINDS.get(o.kind, o.kind)}")
        if o.path in sizes:
            deck, (w, h) = sizes[o.path]
            lines.append(f'  deck:      "{deck.title}", {o.cards} card(s)')
            lines.append(f"  trim size: {_mm(w)} × {_mm(h)} mm (the cut card)")
            lines.append(
                f"  bleed:     {bleed} mm on every side (page {o.paper})"
                + (", crop marks outside it" if options.crop_marks else ", no crop marks")
            )
            lines.append(f"  pages:     {o.pages} ({o.pages // 2} card(s), front and back)")
            lines.append("  duplex:    yes: each odd page is a front, the next page its back, both upright")
            lines.append("  copies:    1 of the file (a card printed twice is in it twice)")
        else:
            lines.append(f"  trim size: {o.paper} (the page)")
            lines.append("  bleed:     none")
            lines.append(f"  pages:     {o.pages}")
            lines.append("  duplex:    no (single-sided)")
            lines.append("  copies:    1")
        lines.append("")
    return "\n".join(lines)
