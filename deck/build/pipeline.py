"""The build, stage by stage: load -> validate -> resolve theme -> lay out faces -> impose -> write."""

from __future__ import annotations

import contextlib
import dataclasses
import json
from pathlib import Path

from deck import __version__
from deck.build import reprint, workers
from deck.build.blame import overlay_cause
from deck.build.extras import Extras
from deck.build.fingerprint import FaceHasher, Fingerprints
from deck.build.jobsheet import job_sheet
from deck.build.options import BuildResult, Options, Output, Resolved
from deck.build.plan import PLAN_NAME, PlanRecorder
from deck.build.staging import Staging
from deck.build.tables import table_sets, write_packing_list
from deck.errors import DeckError, Diagnostics, Loc, display_path
from deck.files import sha256
from deck.impose import names
from deck.impose.grid import cut_marks, duplex_pages, fold_pages, frame_origin, grid_bounds, mirrored
from deck.impose.marks import crop_marks, fold_line, furniture, mark_segments
from deck.kit.load import read_kit
from deck.kit.model import Kit
from deck.kit.scenarios import only_scenario
from deck.kit.translate import Translated, base_language, translate
from deck.layout import qr
from deck.layout.card import CardStyle, FaceGeometry, layout_face
from deck.layout.faces import CardSpec, Views
from deck.layout.geometry import Place
from deck.layout.text import Fonts, glyph_message
from deck.layout.typography import hyphenator, typeset
from deck.style.fonts import bundled_files, font_name, missing_glyphs, register, shape, stack
from deck.style.theme import Theme, contrast_problems, load_locale, load_theme
from deck.units import MM, card_size, paper_label, paper_size

DEFAULT_CARD = card_size("poker")  # a deck that names no size

# With Options.jobs > 1, what the workers do, from how much work it pays (bench/run.py, bench/README.md):
PARALLEL_MIN = 500  # cards in all: fewer, the build stays serial (forks and cold caches cost more than they save)
QR_MIN = 400  # distinct URLs: computed by two workers before the decks (fewer: one by one where used)
EXTRAS_MIN = 12  # files of boards, tiles and sheets: from this many, a worker writes some beside the decks


def resolve(kit_dir: Path, language: str | None = None) -> tuple[Resolved | None, Diagnostics]:
    """The kit, its theme, fonts and words, and every problem found on the way; None when no kit or no
    theme could be read. A Resolved may come with errors: the caller decides (diag.failed()).

    Every stage goes as far as it can, whatever the stages before it found: the theme, its colours,
    logo and fonts are checked even when the content has errors (all the problems in one run). The
    Resolved of a kit with content errors (`complete` false) holds its valid items only: enough to lay
    its cards out and report what does not fit, never to write them.

    `language`: the kit in that language, from the catalogue its `translations:` names for it (every stale
    or missing translation reported), with the tool's words in it."""
    loaded = read_kit(kit_dir)
    diag = loaded.diag
    complete = loaded.complete  # the content alone: the theme's problems come after
    if loaded.root is None:
        return None, diag
    kit = loaded.kit
    root = Path(loaded.root)
    theme_loc = loaded.theme_loc or Loc(display_path(root / "kit.yaml"))
    theme = load_theme(loaded.theme if loaded.theme is not None else "default", theme_loc, root, diag)
    if theme is None:
        return None, diag
    used = {d.cards for d in kit.header.decks} if kit is not None else set()
    for problem, where in contrast_problems(theme, used):
        diag.error(where or theme_loc, f"theme: {problem}")
    raw_header = loaded.raw.get("kit")
    lang_loc = raw_header.value_locs.get("language", raw_header.loc) if raw_header is not None else theme_loc
    translation = None
    source_language = kit.header.text_language if kit is not None else None
    if kit is not None and language and not _same_language(language, source_language):
        translation = translate(kit, loaded.raw, language, diag, root)
        if translation is None:
            return None, diag
        kit = translation.kit
        words = load_locale(language, root, diag, Loc("--language"))
    else:
        labels = kit.header.labels if kit is not None else None
        words = load_locale(loaded.language or "en", root, diag, lang_loc, labels)
    fonts = Fonts(*(_font(style, theme, theme_loc, diag) for style in ("regular", "bold", "italic")))
    if kit is None:
        return None, diag
    editions: dict = {}  # a bilingual deck's `bilingual:` -> its second language's (kit, words)
    for d in kit.header.decks:
        other = d.bilingual
        if not other or other in editions:
            continue
        if _same_language(other, kit.header.text_language):
            if translation is None or loaded.kit is None:
                diag.warning(d.loc, f'deck "{d.id}": bilingual: {other} is the language the kit is printed in')
                continue
            # the kit printed in its bilingual decks' second language: their other side is the source's
            editions[other] = (
                loaded.kit,
                load_locale(source_language or "en", root, diag, d.loc, loaded.kit.header.labels),
            )
            continue
        if _same_language(other, source_language) and loaded.kit is not None:
            editions[other] = (loaded.kit, load_locale(other, root, diag, d.loc, loaded.kit.header.labels))
            continue
        second = translate(loaded.kit, loaded.raw, other, diag, root) if loaded.kit is not None else None
        if second is not None:
            editions[other] = (second.kit, load_locale(other, root, diag, d.loc))
    res = Resolved(
        kit,
        theme,
        fonts,
        words,
        complete=complete,
        layers=tuple(loaded.layers),
        editions=editions,
        translation=translation,
    )
    return res, diag


def _same_language(a: str | None, b: str | None) -> bool:
    """fr and fr, fr and fr-FR: one language; fr-CA and fr-FR, fr and en: two."""
    if not a or not b:
        return False
    a, b = a.lower().replace("_", "-"), b.lower().replace("_", "-")
    return a == b or (base_language(a) == base_language(b) and ("-" not in a or "-" not in b))


def _kit_wide_glyphs(kit: Kit, fonts: Fonts, diag: Diagnostics) -> None:
    """The texts every page repeats (the kit's title in footers, the decks' titles) are checked here, once,
    not on every card."""
    header = kit.header
    texts = [("kit title", header.title, header.loc), ("kit version", header.version, header.loc)]
    texts += [(f'title of deck "{d.id}"', d.title, d.loc) for d in header.decks]
    for what, text, loc in texts:
        missing = missing_glyphs(text or "", fonts.regular)
        if missing:
            diag.error(loc, glyph_message(what, missing))
            diag.once(typeset(text, header.text_language))  # not again where it is printed


def _font(style: str, theme: Theme, loc, diag: Diagnostics) -> str:
    """The font stack of a style: the theme's list, "bundled" standing for the bundled stack (added at the
    end when the list does not name it, so Latin, Greek, Cyrillic, Arabic, Hebrew and emoji always have a
    font)."""
    spec = theme.fonts.get(style) or ["bundled"]
    if isinstance(spec, str):
        spec = [spec]
    files: list[str] = []
    for item in spec:
        if item is None:  # a file reported by the theme's check
            continue
        if item == "bundled":
            files += bundled_files(style)
            continue
        try:
            register(item)
        except Exception as e:  # reportlab's TTFError, or whatever a file that is no font provokes
            diag.error(
                loc,
                f"theme: fonts.{style}: {Path(item).name} is not a usable TrueType font "
                f"({str(e)[:80]}): expected a .ttf file with TrueType outlines",
            )
            continue
        files.append(item)
    if "bundled" not in spec:
        files += bundled_files(style)
    return stack(files)


def lay_out_only(res: Resolved, options: Options, diag: Diagnostics) -> None:
    """Lay out every card face of the kit's valid items, writing nothing: their problems (text that does
    not fit, a QR code too small) go to diag. For a build that stops on other errors."""
    views = Views(res.kit, res.words, res.editions)
    bleed = options.bleed if options.print_shop else 0.0
    for deck in _decks(res.kit):
        try:  # each card once, whatever its copies
            common = views.common_back(deck)
            cards = [CardSpec(i, deck.id, front, back or common, loc) for i, loc, front, back in views.items(deck)]
        except Exception:  # an item it needs was left out for its own error, already reported
            continue
        cache = FaceCache(card_style(res, deck, options.card or deck.size or DEFAULT_CARD, bleed), diag, res)
        for card in cards:
            for side in ("front", "back"):
                cache.get(card.front if side == "front" else card.back, card, side)


def _decks(kit: Kit):
    if kit.header.decks:
        return kit.header.decks
    from deck.kit.model import DeckSpec

    present = [
        (c, n)
        for c, n in (
            ("actors", "actors"),
            ("events", "events"),
            ("objects", "objects"),
            ("modalities", "modalities"),
            ("scenarios", "scenarios"),
            ("fiches", "fiches"),
            ("resources", "resources"),
            ("cards", "cards"),
        )
        if getattr(kit, c)
    ]
    return tuple(DeckSpec(id=n, title=n, cards=c) for c, n in present)


def build(kit_dir: Path, out_dir: Path, options: Options | None = None, cache=None) -> BuildResult:
    """Build every output of the kit into out_dir. Raises DeckError (and leaves out_dir untouched) on errors.

    `cache` (a `deck.watch.DeckCache`) keeps a deck's files of the previous build when nothing it prints
    changed: its outputs come back with their sha256 and stay in place, untouched.
    """
    options = options or Options()
    try:
        paper_size(options.paper)
    except ValueError as e:
        raise DeckError(str(e)) from None
    old_cards = reprint.load_old(Path(options.changed_since)) if options.changed_since else None
    resolved, diag = resolve(kit_dir, options.language)
    if resolved is None or not resolved.complete or (diag.failed(options.strict) and not options.draft):
        if resolved is not None:
            lay_out_only(resolved, options, diag)  # what would not fit, in the same run as the other problems
        raise DeckError(diag)
    if options.scenario is not None:
        resolved = _one_scenario(resolved, options.scenario)
    kit = resolved.kit
    _kit_wide_glyphs(kit, resolved.fonts, diag)
    result = BuildResult(diagnostics=diag)
    views = Views(kit, resolved.words, resolved.editions)
    plans = []
    for deck in _decks(kit):
        cards = views.cards(deck)
        if not cards:
            continue
        if options.tables:
            cards = table_sets(cards, options.tables, resolved.words["labels"]["table_mark"])
        plans.append((deck, cards, options.card or deck.size or DEFAULT_CARD))
    plan = PlanRecorder(resolved.fonts.__dict__.values())
    prints = Fingerprints()
    big = sum(len(cards) for _, cards, _ in plans) >= PARALLEL_MIN
    jobs = options.jobs if big and workers.available() else 1
    if jobs > 1:
        _qr_codes([r.qr_url for r in kit.resources], jobs)
    _check_names(kit, plans, options, resolved.words["labels"])
    with (
        Staging(out_dir, force=options.force) as staging,
        _colour_output(resolved, options),
        _reuse(cache, resolved, options, staging),
    ):
        if staging.recovered:
            diag.warning(Loc(display_path(out_dir)), _RECOVERED[staging.recovered])
        extras = Extras(resolved, plans, options)
        # (a watch round keeps its extras here, where its reusing writer remembers them for the next round)
        aside = options.jobs > 1 and workers.available() and (big or (extras.files() >= EXTRAS_MIN and cache is None))
        claims = workers.Claims(len(extras.items), shared=aside)
        pool = workers.Pool(1, extras=(extras, staging, claims))  # forked at its first job
        staging.helpers.append(pool)  # on Ctrl-C or a failure, its worker stops before the staging goes
        if aside:
            _warm(resolved)
        future = pool.submit(_extras_job) if aside else None
        for deck, cards, size in plans:
            write = cache.write_deck if cache is not None else write_deck
            outputs = write(resolved, deck, cards, size, options, staging, diag, plan=plan, prints=prints)
            result.outputs.extend(outputs)
        result.outputs.extend(_extras_join(future, extras, claims, result.outputs, staging, diag))
        pool.close()
        if options.tables:  # last: it lists every file to print
            result.outputs.append(write_packing_list(resolved, plans, result.outputs, options, staging, diag))
        if diag.failed(options.strict) and not options.draft:
            raise DeckError(diag)
        result.cards = prints.data()
        if old_cards is not None:
            assert options.changed_since is not None
            result.reprint, made = reprint.reprint(
                resolved,
                plans,
                options,
                staging,
                result.outputs,
                result.cards,
                old_cards,
                options.changed_since,
                write_deck,
                plan,
            )
            result.outputs.extend(made)
        if options.print_shop:
            result.job_sheet = names.job_sheet_file(kit.id)
            staging.path(result.job_sheet).write_text(job_sheet(resolved, result.outputs, options), encoding="utf-8")
            result.outputs.append(Output(result.job_sheet, "job-sheet", 0, 0))
        _language_report(resolved, options, result)
        for o in result.outputs:
            if not o.sha256:  # a cache's kept outputs already have theirs
                o.sha256 = sha256(staging.dir / o.path)
        result.plan = plan.data({o.path: o.sha256 for o in result.outputs})
        staging.path(PLAN_NAME).write_text(
            json.dumps(result.plan, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )
        kept = staging.changed_since(keep=[o.path for o in result.outputs])
        staging.write_json("manifest.json", manifest(kit, result.outputs, result.cards, kept))
        staging.commit(keep=[o.path for o in result.outputs])
        result.removed, result.modified, result.foreign = staging.removed, staging.modified, staging.foreign
        result.forced = staging.forced
    return result


def _colour_output(res: Resolved, options: Options):
    """CMYK PDF/X for every file of the build (--cmyk), else RGB."""
    from deck.render.pdf import cmyk_output
    from deck.style.cmyk import Converter

    return cmyk_output(Converter(res.theme.cmyk) if options.cmyk else None)


def _reuse(cache, res: Resolved, options: Options, staging: Staging):
    """deck watch: the boards, sheets and guide laid out as in its previous round are taken from that round
    (`cache.extras`, deck.watch.DeckCache); else they are drawn."""
    extras = getattr(cache, "extras", None)
    return extras(res, options, staging) if extras is not None else contextlib.nullcontext()


def _one_scenario(res: Resolved, number: int) -> Resolved:
    """The kit cut down to scenario `number` (--scenario); an error naming the kit's scenarios when it has
    no such scenario."""
    try:
        kit = only_scenario(res.kit, number)
    except LookupError:
        known = ", ".join(str(s.number) for s in res.kit.scenarios) or "-"
        where = Loc(display_path(Path(res.kit.root) / "kit.yaml"))
        raise DeckError(res.words["labels"]["option_scenario_unknown"].format(n=number, known=known), where) from None
    return dataclasses.replace(res, kit=kit)


def _language_report(res: Resolved, options: Options, result: BuildResult) -> None:
    """A build in another language, or with bilingual decks: its fit report per language, and what its
    catalogue lacked."""
    if options.language or res.editions:
        result.fit = {lang: dict(v) for lang, v in res.fit.items()}
    t = res.translation
    if t is not None:
        assert isinstance(t, Translated)
        result.translation = {
            "language": t.language,
            "source": t.source,
            "translated": t.count - len(t.missing),
            "stale": len(t.stale),
            "missing": len(t.missing),
        }


_RECOVERED = {
    "finished": "the previous build into this directory was stopped while it put its files in place: finished",
    "rolled back": "the previous build into this directory was stopped while it put its files in place: "
    "the build before it was put back, whole",
}


def _check_names(kit: Kit, plans, options: Options, labels: dict) -> None:
    """Every deck's file names, and the packing list's, known before anything is written: two outputs
    with one name (a deck `acteurs-versos` beside the backs of `acteurs` with --duplex none) stop here."""
    diag = Diagnostics()
    owner: dict[str, str] = {}
    if options.tables:
        owner[names.packing_file(kit.id)] = "the packing list (--tables)"
    for deck, _, _ in plans:
        files = [(n, f"deck {deck.id}'s file") for n in _deck_files(kit, deck, options, labels)]
        if options.changed_since:  # a reprint's name is known before any file is written, like the others
            files += [
                (n, f"deck {deck.id}'s reprint")
                for n in names.reprint_files(
                    kit.id,
                    deck.id,
                    print_shop=options.print_shop,
                    duplex=options.duplex,
                    backs_word=labels["backs_file"],
                )
            ]
        for name, what in files:
            if name in owner:
                diag.error(
                    deck.loc,
                    f'deck {deck.id}: its file "{name}" would have the name of {owner[name]}: '
                    "give one of them another id",
                )
            owner.setdefault(name, what)
    if diag.failed():
        raise DeckError(diag)


def _deck_files(kit: Kit, deck, options: Options, labels: dict) -> list[str]:
    """The files write_deck writes for a deck (checked against what it wrote: see _extras_join)."""
    return names.deck_files(
        kit.id, deck.id, print_shop=options.print_shop, duplex=options.duplex, backs_word=labels["backs_file"]
    )


def _qr_codes(urls, jobs: int) -> None:
    """The QR codes of many URLs computed by the workers and kept here, with their path operators
    (deck.layout.qr, deck.render.qr), before the pool that writes the sheets is forked: it has them too."""
    from deck.render import qr as qrdraw

    todo = list(dict.fromkeys(u for u in urls if u and not qr.cached(u)))
    if len(todo) < QR_MIN:
        return
    step = -(-len(todo) // (8 * jobs))
    parts = [todo[i : i + step] for i in range(0, len(todo), step)]
    with workers.Pool(jobs) as pool:
        for part, future in [(part, pool.submit(_encode, part)) for part in parts]:
            for url, done in zip(part, future.result(), strict=True):
                if done is not None:  # too long: reported where it is used
                    qr.remember(url, done[0])
                    qrdraw.remember(url, *done)


def _encode(urls: list) -> list:
    """In a worker: (matrix, path operators) of each URL, None for one too long for a QR code."""
    from deck.render.qr import path_ops

    out: list = []
    for url in urls:
        try:
            m = qr.encode(url)
        except ValueError:
            out.append(None)
            continue
        out.append((m, path_ops(m)))
    return out


def _warm(res: Resolved) -> None:
    """Before the worker is forked: what both processes would otherwise each make for themselves (the
    language's hyphenation dictionary, 25 ms; each style's character classes and HarfBuzz font)."""
    hyphenator(res.kit.header.text_language)
    for name in vars(res.fonts).values():
        shape("deck", name)


def _extras_job() -> dict:
    """In the worker: the items of the extras it claims, written into the staging folder; what each did
    comes back (deck.build.extras.Done), by item."""
    extras, staging, claims = workers.shared("extras")
    out = {}
    with _colour_output(extras.res, extras.options):
        while (i := claims.take()) is not None:
            out[i] = extras.run(i, staging)
    return out


def _extras_join(future, extras: Extras, claims: workers.Claims, outputs, staging: Staging, diag: Diagnostics) -> list:
    """The items the worker has not claimed written here, then the worker's; then the extras finished (their
    problems said in a serial build's order, the guide written). An item the worker did not bring back (it
    failed or died) is written here: its error, if it has one, is then met here, where it is reported."""
    first = len(staging.files)
    done: dict = {}
    while (i := claims.take()) is not None:
        done[i] = extras.run(i, staging)
    if future is not None:
        with contextlib.suppress(Exception):  # the worker failed or died: what it lacks is done again here
            done.update(future.result())
    ordered = [done[i] if i in done else extras.run(i, staging) for i in range(len(extras.items))]
    staging.files[first:] = [f for d in ordered for f in d.files]  # in a serial build's order
    return extras.finish(ordered, outputs, staging, diag)


def card_style(res: Resolved, deck, size, bleed: float = 0.0) -> CardStyle:
    """How the cards of a deck are laid out: size, theme, fonts, language, safe zone, footer, words."""
    kit, theme = res.kit, res.theme
    return CardStyle(
        size[0],
        size[1],
        theme,
        res.fonts,
        kit.header.text_language,
        bleed=bleed,
        safe=theme.layout["safe"] * MM,
        footer=typeset(f"{kit.header.title} · {deck.title}", kit.header.text_language),
        scan_label=res.words["labels"]["scan"],
        added_label=res.words["labels"]["added_mark"],
    )


def manifest(kit: Kit, outputs, cards=(), kept=()) -> dict:
    """What a build wrote, and its cards' fingerprints (deck.build.fingerprint): for each card its deck, the
    hashes of what its front and back draw (and of their texts alone), its file, sheet and slot; and the
    files of earlier builds left in the directory because they changed since deck wrote them (`kept`)."""
    data = {
        "kit": {"id": kit.id, "title": kit.header.title, "version": kit.header.version},
        "tool": f"deck {__version__}",
        "outputs": [
            {"path": o.path, "kind": o.kind, "pages": o.pages, "cards": o.cards, "sha256": o.sha256} for o in outputs
        ],
        "cards": list(cards),
    }
    if kept:
        data["kept"] = sorted(kept)
    return data


class FaceCache:
    """Each distinct face is laid out once; faces used more than once become one reusable drawing."""

    def __init__(self, style: CardStyle, diag: Diagnostics, res: Resolved | None = None):
        self.style = style
        self.diag = diag
        self.res = res  # with it, a base kit's card that an overlay's change breaks is reported at that change
        self.done: dict = {}

    def _deck_loc(self, card: CardSpec):
        """Where the deck of a card is declared (a common back's text is there), else the card's place."""
        assert self.res is not None
        return next((d.loc for d in self.res.kit.header.decks if d.id == card.deck_id), card.loc)

    @staticmethod
    def where(face, card: CardSpec, side: str) -> str:
        return f'card "{card.id}" {side}' if not face.common else f'back of deck "{card.deck_id}"'

    def _fit(self, face, card: CardSpec, side: str, geo: FaceGeometry) -> None:
        """The face in its language's fit report: shrunk to fit, or overflowing."""
        assert self.res is not None
        own = [b.lang or self.style.lang for b in face.blocks] or [self.style.lang]
        lang = "+".join(dict.fromkeys(own))  # a bilingual front: both languages
        fit = self.res.fit.setdefault(lang, {"faces": 0, "shrunk": [], "overflow": []})
        fit["faces"] += 1
        name = f"{card.id} ({side})"
        if any("does not fit" in p.message or "text left out" in p.message for p in geo.problems):
            fit["overflow"].append(name)
        elif geo.shrunk:
            fit["shrunk"].append(name)

    def get(self, face, card: CardSpec, side: str) -> FaceGeometry:
        key = face
        if key not in self.done:
            where = self.where(face, card, side)
            geo = layout_face(face, self.style, where)
            for p in geo.problems:
                loc = self._deck_loc(card) if face.common and self.res is not None else card.loc
                msg = f"{p.where} (deck {card.deck_id}): {p.message}"
                if self.res is not None:
                    loc, msg = overlay_cause(self.res, self.style, face, card, where, p, loc) or (loc, msg)
                (self.diag.error if p.severity == "error" else self.diag.warning)(loc, msg, key=p.key)
            if self.res is not None and not face.common:
                self._fit(face, card, side, geo)
            self.done[key] = geo
        return self.done[key]


def write_deck(
    res: Resolved,
    deck,
    cards: list[CardSpec],
    size,
    options: Options,
    staging: Staging,
    diag: Diagnostics,
    plan: PlanRecorder | None = None,
    prints: Fingerprints | None = None,
    names_of=None,
) -> list[Output]:
    """Write a deck's files; `prints` collects its cards' fingerprints. `names_of(side)` names the files
    (a reprint's, deck.build.reprint): the deck's own by default."""
    kit, theme = res.kit, res.theme
    labels = res.words["labels"]
    bleed = options.bleed if options.print_shop else 0.0
    style = card_style(res, deck, size, bleed)
    cache = FaceCache(style, diag, res)
    counts: dict = {}
    for c in cards:
        counts[c.front] = counts.get(c.front, 0) + 1
        counts[c.back] = counts.get(c.back, 0) + 1
    forms: dict = {}
    hasher = FaceHasher()

    def placed(card: CardSpec, side: str, x: float, y: float, angle: int) -> Place:
        face = card.front if side == "front" else card.back
        geo = cache.get(face, card, side)
        if prints is not None:
            prints.face(card.deck_id, card.id, side, *hasher(face, geo))
        key = None
        if counts.get(face, 0) > 1:
            key = forms.setdefault(face, f"{deck.id}-{len(forms)}")
        b = bleed
        if plan is not None:
            plan.slot(card.id, card.deck_id, side, geo, x, y, angle, size, b)
        if key is None:
            cache.done.pop(face, None)  # drawn once: nothing keeps it (memory stays flat on long decks)
        return Place(geo.prims, x, y, angle, key, (-b, -b, size[0] + b, size[1] + b))

    if options.print_shop:
        name = names_of("front") if names_of else names.deck_file(kit.id, deck.id, print_shop=True)
        return [_write_print_shop(res, deck, cards, size, options, staging, placed, plan, prints, name)]
    paper, grid = options.sheet_rule().grid(size)
    if grid is None or grid.per_sheet == 0:
        raise DeckError(
            f"cards of {size[0] / MM:.0f}×{size[1] / MM:.0f} mm do not fit on {options.paper} paper "
            "with its margins: choose a larger paper or a smaller card",
            deck.loc,
        )
    if options.duplex == "fold":
        pages = fold_pages(len(cards), grid, paper)
    else:
        pages = duplex_pages(len(cards), grid, paper, options.duplex)
    sheets = max(p.sheet for p in pages)
    area = options.sheet_rule().area(paper)
    bounds = grid_bounds(grid)
    if options.duplex == "fold":
        bounds = (bounds[0], bounds[1], paper[0] - bounds[0], bounds[3])
    # the marks shorten when the margins leave no room for the scale bar and the label beside full ones
    both = f"{labels['front']} + {labels['back']}"
    longest = f"{kit.header.title} · {deck.title} · {labels['sheet']} {sheets}/{sheets} · {both}"
    probe = dict(label=longest, scale_label=labels["scale"], notice="", font=res.fonts.regular, colour="#000000")
    short = (
        bool(furniture(paper, bounds, area=area, **probe)[1])
        and not furniture(paper, bounds, area=area, short_marks=True, **probe)[1]
    )

    def marks_of(short: bool):
        if options.duplex == "fold":  # each half marked on its own, never across the fold
            half = 0.5 * MM
            segs, missing = cut_marks(grid, (area[0], area[1], paper[0] / 2 - half, area[3]), short)
            bsegs, bmissing = cut_marks(mirrored(grid, paper), (paper[0] / 2 + half, area[1], area[2], area[3]), short)
            return segs + bsegs, missing + bmissing
        return cut_marks(grid, area, short)

    segs, missing = marks_of(short)
    for side in sorted(set(missing)):
        diag.warning(deck.loc, f"deck {deck.id}: no room for the cut marks on the {side} of the card grid")
    marks = mark_segments(segs, theme.colours["rule"])
    files: dict = {}
    for page in pages:
        if names_of is not None:
            name = names_of("back" if options.duplex == "none" and page.side == "back" else "front")
        elif options.duplex == "none" and page.side == "back":
            name = names.backs_file(kit.id, deck.id, labels["backs_file"])
        else:
            name = names.deck_file(kit.id, deck.id)
        if name not in files:
            files[name] = _writer(staging.path(name), kit, deck, options.duplex if options.duplex != "fold" else "none")
        w = files[name]
        prims = []
        fronts = 0
        for slot in page.slots:
            card = cards[slot.card]
            ox, oy = frame_origin(slot.rect, slot.angle)
            prims.append(placed(card, slot.face, ox, oy, slot.angle))
            if slot.face == "front":
                fronts += 1
                if prints is not None:
                    prints.at(card.deck_id, card.id, name, page.sheet, fronts)
        side_word = {"front": labels["front"], "back": labels["back"], "fold": f"{labels['front']} + {labels['back']}"}[
            page.side
        ]
        label = f"{kit.header.title} · {deck.title} · {labels['sheet']} {page.sheet}/{sheets} · {side_word}"
        furn, problems, taken = furniture(
            paper,
            bounds,
            label,
            labels["scale"],
            labels["print_notice"],
            res.fonts.regular,
            theme.colours["muted"],
            with_scale=page.side != "back",
            area=area,
            short_marks=short,
        )
        page_prims = prims + marks + furn
        if page.side == "fold":
            page_prims += fold_line(paper, labels["fold"], res.fonts.regular, theme.colours["muted"], area, taken)
        for p in problems:
            diag.warning(deck.loc, f"deck {deck.id}: {p}")
        if page.side == "back" and options.duplex != "none":
            page_prims = _adjust_back(page_prims, paper, options)
        w.page(paper, page_prims)
        if plan is not None:
            adjust = ((paper[0] / 2, paper[1] / 2), options.back_offset, options.back_scale)
            plan.page(name, paper, options.margin, adjust if page.side == "back" and options.duplex != "none" else None)
    outs = []
    for name, w in files.items():
        w.close()
        duplex = options.duplex if options.duplex in ("long", "short") else "none"
        outs.append(Output(name, "cards", w.pages, len(cards), paper=paper_label(paper), duplex=duplex))
    return outs


def _adjust_back(prims, paper, options: Options):
    dx, dy = options.back_offset
    if not dx and not dy and options.back_scale == 1.0:
        return prims
    cx, cy = paper[0] / 2, paper[1] / 2
    inner = Place(tuple(prims), -cx, -cy)
    return [Place((inner,), cx + dx, cy + dy, 0, scale=options.back_scale)]


def _writer(path, kit: Kit, deck, duplex):
    from deck.render.pdf import PdfWriter

    return PdfWriter(path, f"{kit.header.title} — {deck.title}", f"deck {__version__}", duplex)


def _write_print_shop(res, deck, cards, size, options, staging, placed, plan, prints, name) -> Output:
    """One card per sheet: its front page, then its back page (a card's sheet is its place in the file)."""
    b = options.bleed
    extra = 10 * MM if options.crop_marks else 0.0
    pw, ph = size[0] + 2 * (b + extra), size[1] + 2 * (b + extra)
    x0, y0 = b + extra, b + extra
    trim = (x0, y0, x0 + size[0], y0 + size[1])
    bleed_box = (x0 - b, y0 - b, x0 + size[0] + b, y0 + size[1] + b)
    w = _writer(staging.path(name), res.kit, deck, None)
    marks = crop_marks(trim, b) if options.crop_marks else []
    for i, card in enumerate(cards):
        if prints is not None:
            prints.at(card.deck_id, card.id, name, i + 1, 1)
        for side in ("front", "back"):
            w.page((pw, ph), [placed(card, side, x0, y0, 0)] + marks, trim_box=trim, bleed_box=bleed_box)
            if plan is not None:
                plan.page(name, (pw, ph), 0.0)
    w.close()
    return Output(name, "cards", w.pages, len(cards), paper=paper_label((pw, ph)))


def write_calibration(paper_name: str, duplex: str, language: str, offset=(0.0, 0.0), scale: float = 1.0) -> bytes:
    """The calibration sheet as PDF bytes (front and back page)."""
    import tempfile

    from deck.layout.calibrate import sheet
    from deck.render.pdf import PdfWriter

    paper = paper_size(paper_name)
    diag = Diagnostics()
    words = load_locale(language, None, diag)["labels"]
    front, back = sheet(paper, duplex, font_name("regular"), font_name("bold"), words)
    options = Options(back_offset=offset, back_scale=scale)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "calibrate.pdf"
        w = PdfWriter(path, "deck — calibration", f"deck {__version__}", duplex)
        w.page(paper, front)
        w.page(paper, _adjust_back(back, paper, options))
        w.close()
        return path.read_bytes()
