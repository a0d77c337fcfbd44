"""The command line. The only module that prints and chooses exit codes (0 done, 1 problems, 2 usage)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from deck import __version__


def _visible(text: str) -> str:
    """Control characters quoted from a kit (a terminal escape sequence in an id) shown, not obeyed."""
    return "".join(f"\\x{ord(c):02x}" if (ord(c) < 32 and c != "\t") or 0x7F <= ord(c) < 0xA0 else c for c in text)


def _report(diag, strict: bool = False) -> None:
    items = diag.sorted()
    for d in items:
        sev = "error" if (d.severity == "error" or strict) else "warning"
        click.echo(_visible(f"{d.loc}: {sev}: {d.message}"), err=True)
        for line in d.context.split("\n") if d.context else ():
            click.echo(_visible(f"    {line}"), err=True)
    n_err = sum(d.severity == "error" for d in items)
    errors = n_err + (len(items) - n_err if strict else 0)
    warnings = 0 if strict else len(items) - n_err
    if errors or warnings:
        click.echo(f"{errors} error(s), {warnings} warning(s)", err=True)


class _Failed:
    """What the one error path says besides the problems: set by a command before it starts writing."""

    strict = False
    nothing_written_to: str | None = None


def _fail(e) -> None:
    """The one way out on a DeckError: every problem, located; what was (not) written; exit 1."""
    _report(e.diagnostics, _Failed.strict)
    if e.written is not None:  # not "nothing written": what the output holds now
        click.echo(e.written, err=True)
    elif _Failed.nothing_written_to is not None:
        click.echo(f"nothing written to {_Failed.nothing_written_to}", err=True)
    sys.exit(1)


class Length(click.ParamType):
    """A length with its unit (5mm, 0.125in, 12pt; mm when none), up to `most_mm`: points."""

    name = "length"

    def __init__(self, most_mm: float, example: str):
        self.most_mm = most_mm
        self.example = example

    def convert(self, value, param, ctx):
        if isinstance(value, float):
            return value
        from deck.units import MM, parse_length

        pt = parse_length(value)
        if pt is None or pt > self.most_mm * MM:
            self.fail(f"expected a length from 0 to {self.most_mm:g}mm such as {self.example}, found {value!r}")
        return pt


class Parsed(click.ParamType):
    """A value parsed once, here, by a function of deck.units that raises ValueError with the problem."""

    name = "size"

    def __init__(self, parser: str):
        self.parser = parser  # the name in deck.units: imported when used, so that --help stays light

    def convert(self, value, param, ctx):
        if isinstance(value, tuple):
            return value
        import deck.units

        try:
            return getattr(deck.units, self.parser)(value)
        except ValueError as e:
            self.fail(str(e))


def CardSize() -> Parsed:
    """A card preset or WxH in mm: (w, h) in points."""
    return Parsed("card_size")


def BoardSize() -> Parsed:
    """A board preset (a3…a0) or WxH in mm: ((long, short) in points, its name)."""
    return Parsed("board_size")


PAPERS = ["a4", "letter", "a3", "legal", "tabloid"]
paper_option = click.option(
    "--paper",
    type=click.Choice(PAPERS, case_sensitive=False),
    default="a4",
    show_default=True,
    help="Sheet size for office printing.",
)
card_option = click.option(
    "--card",
    type=CardSize(),
    help="Card size for every deck: poker, bridge, tarot, large, mini, square, a6, "
    "a7 or WxH (mm); else each deck's own size.",
)
out_option = click.option(
    "-o",
    "--out",
    "out_dir",
    default="out",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Output directory (created if needed).",
)
duplex_option = click.option(
    "--duplex",
    type=click.Choice(["long", "short", "none", "fold"]),
    default="long",
    show_default=True,
    help="long/short: backs after their fronts for that flip; none: backs in their own PDF; fold: gutter-fold sheets.",
)

KIT_HELP = "A kit directory, a kit.yaml file or a bundled kit's id (default: the bundled default kit)."


class _Cli(click.Group):
    """The group whose commands raise DeckError freely: it is reported here, the one error path."""

    def invoke(self, ctx):
        from deck.errors import DeckError

        _Failed.strict, _Failed.nothing_written_to = False, None
        try:
            return super().invoke(ctx)
        except DeckError as e:
            _fail(e)


@click.group(cls=_Cli, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="deck", message="%(prog)s %(version)s")
def cli() -> None:
    """Printable workshop kits (card decks, boards, sheets) from YAML."""


@cli.command()
@click.argument("kit", required=False)
@out_option
@paper_option
@card_option
@duplex_option
@click.option(
    "--margin", type=Length(40, "5mm"), default="5mm", show_default=True, help="Unprintable margin of the printer."
)
@click.option("--both-papers", is_flag=True, help="Keep the grid inside the part common to A4 and Letter.")
@click.option(
    "--print-shop", is_flag=True, help="One card per page with bleed, TrimBox and BleedBox, for a print shop."
)
@click.option(
    "--bleed",
    type=Length(30, "3mm or 0.125in"),
    default="3mm",
    show_default=True,
    help="Bleed for --print-shop (e.g. 3mm, 0.125in).",
)
@click.option("--crop-marks", is_flag=True, help="Crop marks outside the bleed (--print-shop).")
@click.option(
    "--cmyk",
    is_flag=True,
    help="With --print-shop: PDF/X-4 in CMYK (FOGRA39 output intent) instead of RGB.",
)
@click.option(
    "--changed-since",
    "changed_since",
    type=click.Path(exists=True),
    help="A previous build directory (or its manifest.json): also write reprints of only the cards changed since.",
)
@click.option("--printer", help="A printer profile from the user config (back-page offset and scale).")
@click.option("--strict", is_flag=True, help="Treat warnings (text that does not fit, plain http URLs…) as errors.")
@click.option(
    "--tables",
    type=click.IntRange(1, 100),
    metavar="N",
    help="Print N table sets: every card N times, each back marked with its table, and a packing list.",
)
@click.option(
    "--board-size",
    type=BoardSize(),
    default="a2",
    show_default=True,
    help="Size of the boards: a3, a2, a1, a0 or WxH (mm); their tiles go on --paper.",
)
@click.option(
    "--overlap",
    type=Length(50, "10mm"),
    default="10mm",
    show_default=True,
    help="Overlap of neighbouring tiles of a board.",
)
@click.option("--no-boards", is_flag=True, help="No boards and no tiles (sheets and the guide are still written).")
@click.option(
    "--force",
    is_flag=True,
    help="Replace files under an output's name that deck did not write, or that changed since (each is named).",
)
@click.option(
    "--scenario",
    type=click.IntRange(0, 999),
    metavar="N",
    help="Only scenario N: its cards (and the kit's common ones), its board, its booklet; the others are left out.",
)
@click.option(
    "--language", metavar="LANG", help="Print the kit in LANG: its source language or one of its `translations:`."
)
def build(
    kit,
    out_dir,
    paper,
    card,
    duplex,
    margin,
    both_papers,
    print_shop,
    bleed,
    crop_marks,
    cmyk,
    changed_since,
    printer,
    strict,
    tables,
    board_size,
    overlap,
    no_boards,
    force,
    scenario,
    language,
) -> None:
    """Build the PDFs of KIT into the output directory, with a manifest.json.

    A file under an output's name that deck did not write (or that changed since: annotated, replaced)
    stops the build, named; --force replaces it, and says so for each.
    """
    if cmyk and not print_shop:
        raise click.UsageError("--cmyk goes with --print-shop (office printers take the RGB files)")
    from deck.build.options import Options
    from deck.build.pipeline import build as run_build
    from deck.kit.load import resolve_kit

    offset, scale = (0.0, 0.0), 1.0
    if printer:
        from deck.style.printers import load_profile

        offset, scale = load_profile(printer)
    options = Options(
        paper=paper.lower(),
        card=card,
        duplex=duplex,
        margin=margin,
        both_papers=both_papers,
        print_shop=print_shop,
        bleed=bleed,
        crop_marks=crop_marks,
        cmyk=cmyk,
        changed_since=changed_since,
        back_offset=offset,
        back_scale=scale,
        strict=strict,
        tables=tables or 0,
        boards=not no_boards,
        board_size=board_size[0],
        board_name=board_size[1],
        overlap=overlap,
        scenario=scenario,
        language=language,
        jobs=_jobs(),  # the second core, where it pays (deck.build.workers); a library call stays serial
        force=force,
    )
    _Failed.strict, _Failed.nothing_written_to = strict, out_dir
    try:
        result = run_build(resolve_kit(kit), Path(out_dir), options)
    except KeyboardInterrupt:
        click.echo(
            f"interrupted: no file in {out_dir} is half-written (each is the previous build's or this one's)", err=True
        )
        sys.exit(130)
    _report(result.diagnostics)
    for o in result.outputs:
        if not o.path.endswith(".pdf"):  # a change list, the job sheet
            click.echo(f"{Path(out_dir) / o.path}  ({o.kind})")
            continue
        click.echo(
            f"{Path(out_dir) / o.path}  ({o.kind}, {o.pages} pages" + (f", {o.cards} cards)" if o.cards else ")")
        )
    _fit_report(result)
    click.echo(f"{Path(out_dir) / 'manifest.json'}")
    if changed_since:
        _reprint_summary(result.reprint, out_dir)
    _leftovers(result, out_dir)


def _reprint_summary(report, out_dir) -> None:
    """What --changed-since found: each deck's reprint and the sheets it saves, or that nothing changed."""
    if not report.changes:
        click.echo(f"no card changed since {report.since}: no reprint written")
        return
    for d in report.decks:
        click.echo(
            f"reprint of deck {d.deck}: {d.cards} card(s) on {d.sheets} sheet(s) instead of {d.full} "
            f"({d.saved} sheet(s) saved): {', '.join(str(Path(out_dir) / f) for f in d.files)}"
        )
    removed = [c.card for c in report.changes if c.what == ["removed"]]
    if removed:
        click.echo(f"removed since {report.since}: {', '.join(removed)}")
    if not report.decks:
        click.echo("no card to reprint (cards were only removed)")
    click.echo(f"changes: {Path(out_dir) / report.lists[0]}")


def _fit_report(result) -> None:
    """Per language: the cards whose text had to shrink below its size, and those that overflow."""
    for lang, fit in sorted(result.fit.items()):
        shrunk, over = fit["shrunk"], fit["overflow"]
        line = f"fit ({lang}): {fit['faces']} faces, {len(shrunk)} shrunk, {len(over)} overflow"
        click.echo(line)
        for what, names in (("shrunk", shrunk), ("overflow", over)):
            if names:
                click.echo(
                    f"  {what}: " + ", ".join(names[:12]) + (f" … (+{len(names) - 12})" if len(names) > 12 else "")
                )
    t = result.translation
    if t is not None:
        click.echo(
            f"translation ({t['language']}): {t['translated']} texts translated, {t['stale']} stale, "
            f"{t['missing']} missing" + (f" (printed in {t['source']})" if t["missing"] else "")
        )


def _leftovers(result, out_dir, said: set | None = None) -> None:
    """What the build did with the files of the output directory that are not its own. With `said` (deck
    watch: the names of the kept files said already), a file kept is said once, not at every round, until
    it is gone."""
    modified, foreign = result.modified, result.foreign
    if said is not None:
        kept = set(modified) | set(foreign)
        modified, foreign = [n for n in modified if n not in said], [n for n in foreign if n not in said]
        said.intersection_update(kept)
        said.update(kept)
    for name, why in getattr(result, "forced", ()):
        click.echo(
            f"warning: {Path(out_dir) / name}: {why.split(' (')[0]}: replaced all the same (--force); "
            "what it held is gone",
            err=True,
        )
    for name in result.removed:
        click.echo(f"removed: {Path(out_dir) / name}  (written by a previous build, not by this one)")
    for name in modified:
        click.echo(
            f"warning: {Path(out_dir) / name} was written by a previous build and changed since: left as it is "
            "(delete it if it is not needed)",
            err=True,
        )
    for name in foreign:
        click.echo(f"warning: {Path(out_dir) / name} was not written by deck: left as it is", err=True)


@cli.command()
@click.option("-o", "--out", "out_file", required=True, type=click.Path(dir_okay=False), help="The PDF to write.")
@paper_option
@click.option("--duplex", type=click.Choice(["long", "short"]), default="long", show_default=True)
@click.option("--printer", help="Apply an existing printer profile, to check what is left.")
@click.option("--language", default="fr", show_default=True, help="Language of the instructions.")
def calibrate(out_file, paper, duplex, printer, language) -> None:
    """Write a two-page duplex test sheet that reads the front/back offset in 0.5 mm steps.

    Print it duplex at 100 %, hold it against the light, and note the numbers by the lines that line up.
    Save them in ~/.config/deck/printers.yaml (or $DECK_PRINTERS):

    \b
        printers:
          bureau:
            back_offset_x: 0.5
            back_offset_y: -1.0
            back_scale: 1.0

    then build with --printer bureau: the offsets move the back pages only.
    """
    from deck.build.pipeline import write_calibration
    from deck.files import write_atomic

    offset, scale = (0.0, 0.0), 1.0
    if printer:
        from deck.style.printers import load_profile

        offset, scale = load_profile(printer)
    data = write_calibration(paper.lower(), duplex, language, offset, scale)
    write_atomic(Path(out_file), data)
    click.echo(f"{out_file}  (calibration sheet, 2 pages, {paper}, duplex {duplex})")


@cli.command()
@click.argument("kit", required=False)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def validate(kit, strict) -> None:
    """Check KIT and report every problem as file:line:col."""
    from deck.build.pipeline import resolve
    from deck.kit.load import resolve_kit

    resolved, diag = resolve(resolve_kit(kit))
    _report(diag, strict)
    if diag.failed(strict):
        sys.exit(1)
    assert resolved is not None  # resolve() gives a kit whenever it found no error
    k = resolved.kit
    click.echo(f"{k.id} {k.header.version}: ok")


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--from", "base", help="A bundled kit id or a kit directory to extend.")
@click.option(
    "--sheet",
    type=click.Choice(["xlsx", "ods"]),
    is_flag=False,
    flag_value="xlsx",
    default=None,
    help="The kit as one workbook (xlsx, or ods for LibreOffice); with --from, a copy of that kit's content.",
)
@click.option(
    "--language",
    default="fr",
    show_default=True,
    metavar="LANG",
    help="The scaffold's language (names, comments, file names): fr, en, de, es, it, pt or ar.",
)
def new(directory, base, sheet, language) -> None:
    """Create a kit in DIRECTORY, ready to build, every field commented.

    With --from KIT the new kit extends KIT: it holds only what you change.
    With --sheet the kit is a workbook (a tab per list), to fill in a spreadsheet.
    Never overwrites a file.
    """
    from deck.errors import DeckError, Loc, did_you_mean
    from deck.kit.load import load_kit, resolve_kit
    from deck.kit.scaffold import plan_new, scaffold_languages, write_new

    code = language.lower().replace("_", "-")
    if code.split("-")[0] not in scaffold_languages():
        raise DeckError(
            f"--language {language}: deck writes a scaffold in {', '.join(scaffold_languages())}; "
            "for another language, start from en and translate it" + did_you_mean(code, scaffold_languages()),
            Loc("--language"),
        )
    if base and language != "fr":
        raise DeckError(
            "--language writes a new kit's scaffold; a kit made --from another keeps its content's language: "
            "translate it with deck translate export and `translations:` instead",
            Loc("--language"),
        )
    kit = None
    if base:
        kit, diag = load_kit(resolve_kit(base))
        if kit is None:
            raise DeckError(diag)
    if sheet:
        from deck.kit.sheets import new_book

        path, data = new_book(Path(directory), kit, sheet)
        write_new(path.parent, {path.name: data}, kit_dir=False)  # never over a file; nothing left on failure
        click.echo(str(path))
        click.echo(f"next: open it in your spreadsheet, then deck build {path} -o out")
        return
    extends = None
    if kit is not None:
        import os

        is_dir = Path(base).is_dir()
        extends = os.path.relpath(Path(base).resolve(), Path(directory).resolve()) if is_dir else kit.id
    files = plan_new(Path(directory), kit, extends, code.split("-")[0])
    written = write_new(Path(directory), files)
    for path in written:
        click.echo(str(path))
    click.echo(f"next: deck build {directory} -o out")


@cli.group()
def translate() -> None:
    """Translate a kit: export its texts to a PO or XLIFF file, fill it in any tool, build with --language."""


@translate.command("export")
@click.argument("kit", required=False)
@click.option("--to", "language", required=True, metavar="LANG", help="The language to translate into (en, de, …).")
@click.option(
    "-o",
    "--out",
    "out_file",
    required=True,
    type=click.Path(dir_okay=False),
    help="The catalogue: FILE.po (gettext) or FILE.xlf (XLIFF 1.2); an existing one is merged, as msgmerge does.",
)
def translate_export(kit, language, out_file) -> None:
    """Write every translatable text of KIT, with its item id, field, place and source hash, to a catalogue.

    When the file exists, its translations are kept: those whose source text changed since are marked
    fuzzy (stale), new texts are added, texts no longer in the kit are kept as obsolete.
    """
    from deck.errors import DeckError, Loc
    from deck.files import create_new_file, update_file
    from deck.kit.load import read_kit, resolve_kit
    from deck.kit.translate import export

    out = Path(out_file)
    if out.suffix.lower() not in (".po", ".xlf", ".xliff"):
        raise DeckError(f"{out_file}: expected a .po or .xlf file name", Loc(out_file))
    loaded = read_kit(resolve_kit(kit))
    if not loaded.complete or loaded.kit is None or loaded.root is None:
        raise DeckError(loaded.diag)
    _report(loaded.diag)
    data, counts = export(loaded.kit, loaded.raw, language, out, Path(loaded.root))
    if out.exists():
        update_file(out, data)  # read as a catalogue above: its translations are in data
    else:
        create_new_file(out, data)  # and its folders; never over a name taken meanwhile
    click.echo(
        f"{out_file}  ({counts['new']} new, {counts['changed']} changed since (fuzzy), {counts['kept']} kept, "
        f"{counts['obsolete']} obsolete)"
    )


@cli.command()
@click.option("--overlay", is_flag=True, help="The variant for kits that extend another: items need only an id.")
def schema(overlay) -> None:
    """Print the JSON Schema of kit files (kit.yaml and content files), for YAML editors."""
    import json

    from deck.kit.schema import kit_schema

    click.echo(json.dumps(kit_schema(overlay), indent=2, ensure_ascii=False))


@cli.command()
@click.argument("kit", required=False)
@click.option("--json", "as_json", is_flag=True, help="The report as JSON on stdout.")
@click.option(
    "--dpi",
    type=click.IntRange(72, 1200),
    default=300,
    show_default=True,
    help="Highest resolution anything is rendered at (QR codes; the pixels behind words at 100 dpi at most).",
)
@paper_option
@click.option("--card", type=CardSize(), help="Card size for every deck, as for deck build.")
@click.option("--duplex", type=click.Choice(["long", "short", "none", "fold"]), default="long", show_default=True)
@click.option("--print-shop", is_flag=True, help="Check the print-shop layout (one card per page with bleed).")
@click.option("--strict", is_flag=True, help="Warnings fail the check too.")
@click.option("--language", metavar="LANG", help="Check the kit printed in LANG (one of its translations).")
@click.option("--no-cache", is_flag=True, help="Check every page, even those checked before unchanged.")
def check(kit, as_json, dpi, paper, card, duplex, print_shop, strict, language, no_cache) -> None:
    """Preflight: build KIT in a temporary directory (or read a build directory) and check the PDFs themselves.

    Every page is read, every QR code decoded and measured, every text box, glyph, contrast, safe
    zone and mark checked. Exit 1 on any failure, naming the file, page, card and reason. The pages
    unchanged since their last check are not read again: a build directory keeps its results in
    DIR/.deck-check-cache.json, a kit in the user's cache (~/.cache/deck/check/).
    """
    from deck.build.options import Options
    from deck.check.report import render_text
    from deck.check.run import MissingLibrary, check_directory, check_kit
    from deck.kit.load import resolve_kit

    _Failed.strict = strict
    try:
        target = Path(kit) if kit else None
        if (
            target is not None
            and target.is_dir()
            and ((target / "manifest.json").is_file() or _journal(target))
            and not (target / "kit.yaml").is_file()
        ):
            from deck.build.staging import recover

            outcome = recover(target)  # a commit that did not end: finished or rolled back first, as a build does
            if outcome is not None:
                which = "the new build" if outcome == "finished" else "the build before it"
                click.echo(
                    f"{target}: an interrupted build left its commit half done: {outcome} first, as deck build does "
                    f"(the directory holds {which}, whole)",
                    err=True,
                )
            report = check_directory(target, dpi=dpi, strict=strict, jobs=2, cache=not no_cache)
        else:
            options = Options(paper=paper.lower(), card=card, duplex=duplex, print_shop=print_shop, language=language)
            report = check_kit(resolve_kit(kit), options, dpi=dpi, strict=strict, jobs=2, cache=not no_cache)
    except MissingLibrary as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(1)
    click.echo(report.to_json() if as_json else "\n".join(map(_visible, render_text(report).split("\n"))))
    sys.exit(0 if report.ok else 1)


def _journal(directory: Path) -> bool:
    from deck.build.staging import JOURNAL

    return (directory / JOURNAL).exists()


@cli.command()
@click.argument("kit", required=False)
@out_option
@paper_option
@card_option
@duplex_option
@click.option("--tables", type=click.IntRange(1, 100), metavar="N", help="As for deck build: N table sets.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--check", "check_too", is_flag=True, help="Run deck check after each build (changed pages only).")
@click.option("--interval", type=click.FloatRange(0.02, 10), default=0.1, hidden=True)
@click.option("--max-polls", type=click.IntRange(1), hidden=True, help="Stop after N looks at the files (tests).")
def watch(kit, out_dir, paper, card, duplex, tables, strict, check_too, interval, max_polls) -> None:
    """Build KIT into the output directory, then again each time one of its files is saved.

    Only the decks whose cards changed are rendered again; the others keep their files. Problems are
    printed after each build; a build with errors writes nothing. With --check, each build is followed
    by deck check of the output (only the pages that changed are read again). Ctrl-C stops.
    """
    import time

    from deck.build.options import Options
    from deck.errors import display_path
    from deck.kit.load import resolve_kit
    from deck.watch import Watcher

    kit_dir = resolve_kit(kit)
    options = Options(paper=paper.lower(), card=card, duplex=duplex, strict=strict, tables=tables or 0)
    watcher = Watcher(kit_dir, Path(out_dir), options, interval, check=check_too, jobs=2)
    kept_said: set = set()  # the files of the output directory deck keeps, said once

    def report(r) -> None:
        stamp = time.strftime("%H:%M:%S")
        for path in r.changed[:5]:
            click.echo(f"{stamp} changed: {display_path(Path(path))}", err=True)
        _report(r.diagnostics, strict)
        if not r.ok:
            said = r.state or f"nothing written to {out_dir}, the previous files stay"
            click.echo(f"{stamp} not built: {said}", err=True)
            return
        for o in r.written:
            click.echo(
                f"{Path(out_dir) / o.path}  ({o.kind}, {o.pages} pages" + (f", {o.cards} cards)" if o.cards else ")")
            )
        _leftovers(r.result, out_dir, kept_said)
        kept = f"; unchanged: {', '.join(r.kept)}" if r.kept else ""
        same = f"; {len(r.reused)} other file(s) laid out the same, not drawn again" if r.reused else ""
        click.echo(f"{stamp} built {len(r.rendered)} deck(s) in {r.seconds:.1f} s{kept}{same}")
        if r.check is not None:
            from deck.check.report import render_text

            c = r.check
            for line in render_text(c).split("\n"):
                if line.startswith(("FAIL ", "warn ")):
                    click.echo(_visible(line))
            pages = c.counts["pages"]["checked"]
            verdict = "ok: every check passed" if c.ok else "FAILED"
            click.echo(
                f"{stamp} checked: {pages} page(s), {pages - c.cached} read, {c.cached} unchanged, "
                f"in {r.check_seconds:.1f} s: {verdict}"
            )
        click.echo(f"watching {kit_dir} (Ctrl-C to stop)", err=True)

    try:
        watcher.run(report, max_polls=max_polls)
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
    sys.exit(0)


@cli.group()
def export() -> None:
    """Export card faces for screens (slides, online whiteboards)."""


@export.command("png")
@click.argument("kit", required=False)
@click.option(
    "-o",
    "--out",
    "out_dir",
    default="out-png",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Output directory (created if needed).",
)
@click.option("--dpi", type=click.IntRange(36, 1200), default=150, show_default=True, help="Resolution of the PNGs.")
@click.option("--card", type=CardSize(), help="Card size for every deck (else each deck's size).")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def export_png(kit, out_dir, dpi, card, strict) -> None:
    """One PNG per card face: DECK-CARD-front.png and DECK-CARD-back.png (copies left out)."""
    from deck.export import export_png as run_export
    from deck.kit.load import resolve_kit

    _Failed.strict, _Failed.nothing_written_to = strict, out_dir
    result = run_export(resolve_kit(kit), Path(out_dir), dpi, card, strict)
    _report(result.diagnostics)
    click.echo(f"{len(result.files)} PNG files ({dpi} dpi) in {out_dir}")


@cli.group()
def sheet() -> None:
    """Kits in spreadsheets: a kit to an XLSX or ODS workbook, and a workbook to YAML files."""


@sheet.command("export")
@click.argument("kit", required=False)
@click.option(
    "-o",
    "--out",
    "out_file",
    required=True,
    type=click.Path(dir_okay=False),
    help="The workbook: FILE.xlsx or FILE.ods.",
)
@click.option("--force", is_flag=True, help="Replace the workbook if it exists (its changes are lost).")
def sheet_export(kit, out_file, force) -> None:
    """Write KIT's content as a workbook: a tab per list, one row per item, the kit's settings in the Kit tab.

    Build it with deck build FILE.xlsx; every problem is given by its cell (FILE.xlsx:Acteurs!C7).
    """
    import os

    from deck.errors import DeckError
    from deck.files import write_atomic
    from deck.kit.load import load_kit, resolve_kit
    from deck.kit.sheets import format_of, workbook_bytes

    path = Path(out_file)
    fmt = format_of(path)
    if os.path.lexists(path) and not force:  # (never raises: a name too long is write_atomic's to say)
        raise DeckError(f"{out_file} already exists: deck does not overwrite a workbook (--force to replace it)")
    loaded, diag = load_kit(resolve_kit(kit))
    if loaded is None:
        raise DeckError(diag)
    _report(diag)
    write_atomic(path, workbook_bytes(loaded, fmt))
    click.echo(f"{out_file}  (workbook of {loaded.id})")


@sheet.command("import")
@click.argument("workbook")
@click.option("-o", "--out", "out_dir", required=True, type=click.Path(file_okay=False), help="The new kit directory.")
def sheet_import(workbook, out_dir) -> None:
    """Write the kit of WORKBOOK (or of any kit) as YAML files in a new directory: kit.yaml and a file per list."""
    from deck.errors import DeckError
    from deck.kit.load import load_kit, resolve_kit
    from deck.kit.scaffold import write_new
    from deck.kit.sheets.yamlout import kit_files

    loaded, diag = load_kit(resolve_kit(workbook))
    if loaded is None:
        raise DeckError(diag)
    _report(diag)
    for path in write_new(Path(out_dir), kit_files(loaded)):
        click.echo(str(path))
    click.echo(f"next: deck build {out_dir} -o out")


@export.command("html")
@click.argument("kit", required=False)
@click.option(
    "-o",
    "--out",
    "out_dir",
    default="out-html",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Output directory (created if needed).",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def export_html(kit, out_dir, strict) -> None:
    """A static site of KIT, every file in the directory: open index.html (offline, on a phone too)."""
    from deck.kit.load import resolve_kit
    from deck.web.site import export_html as run_export

    _Failed.strict, _Failed.nothing_written_to = strict, out_dir
    result = run_export(resolve_kit(kit), Path(out_dir), strict)
    _report(result.diagnostics)
    click.echo(f"{Path(out_dir) / 'index.html'}  ({result.pages} pages, {len(result.files)} files)")


@cli.command()
@click.argument("kit", required=False)
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="Port on 127.0.0.1 (default: a free one).")
@click.option("--no-browser", is_flag=True, help="Print the address only; do not open a browser.")
def edit(kit, port, no_browser) -> None:
    """Edit KIT in the browser: forms from its schema, each card drawn as it will print, saved as YAML.

    Serves on 127.0.0.1 only, with a random token in the address it prints; Ctrl-C stops. A bundled kit
    is never written: the editor offers to start a kit of your own that changes it.
    """
    import webbrowser

    from deck.kit.load import resolve_kit
    from deck.web.editor import serve

    server = serve(resolve_kit(kit), port)
    click.echo(f"deck edit: {server.editor.kit_dir}")
    click.echo(f"    {server.url}")
    click.echo("Ctrl-C to stop", err=True)
    if not no_browser:
        webbrowser.open(server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
    finally:
        server.server_close()
    sys.exit(0)


@cli.command("list")
def list_() -> None:
    """The bundled kits and layouts, and where they come from."""
    from deck.kit import find as bundled

    click.echo("kits:")
    for name, path in bundled.bundled_kits().items():
        mark = "  (default)" if name == bundled.DEFAULT_KIT else ""
        click.echo(f"  {name:28} {path}{mark}")
    click.echo("layouts:")
    for name, path in bundled.bundled_layouts().items():
        click.echo(f"  {name:28} {path}")


def main() -> None:
    import gc

    # A command allocates millions of small objects and frees few cycles: Python's collector, run every 700
    # allocations, would spend a third of the time of reading a large kit walking a growing heap; every
    # 50 000, still 5 to 8 % of a build (most of what it walks lives to the end: the kit, its layouts, the
    # caches), every 500 000 a few times in a large build, with the same peak memory (bench/README.md). A
    # setting of the whole process: made here, for the command line only, never by deck used as a library.
    gc.set_threshold(500_000, 20, 100)
    try:
        import os

        os.getcwd()
    except FileNotFoundError:  # every relative path, and the messages' paths, would fail one by one
        click.echo("error: the current directory no longer exists (deleted?): cd to one that does", err=True)
        sys.exit(1)
    try:
        rv = cli.main(prog_name="deck", standalone_mode=False)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except (click.Abort, KeyboardInterrupt):  # Ctrl-C: every command writes through temporary names
        _interrupted()
    except Exception as e:
        # Ctrl-C while Python imports a module can surface wrapped (a RuntimeError from a class body):
        # it is still an interrupt, not a bug to show as a traceback
        if _caused_by_interrupt(e):
            _interrupted()
        said = _environment(e)
        if said is None:
            raise
        click.echo(_visible(said), err=True)
        sys.exit(1)
    sys.exit(rv if isinstance(rv, int) else 0)


def _jobs() -> int:
    """Processes a build may use: 2, or 1 with DECK_JOBS=1 in the environment (one process, for profiling)."""
    return 1 if os.environ.get("DECK_JOBS", "").strip() == "1" else 2


def _environment(e: BaseException) -> str | None:
    """A failure that comes from the machine, not from deck (a full disk, a permission, a path through a
    link loop, a font that breaks when it is written): one located line, or None for a bug."""
    import errno

    if isinstance(e, OSError):
        where = e.filename if e.filename is not None else ""
        why = e.strerror or str(e)
        if e.errno == errno.ENOSPC:
            why += ": free some space and build again (the previous files are as they were)"
        return f"{_shown(where)}: error: {why}" if where else f"error: {why}"
    if isinstance(e, RuntimeError) and "symlink loop" in str(e).lower():
        return f"error: {e}: a link that leads back to itself; remove it"
    if isinstance(e, RecursionError):
        return "error: nested too deeply (a kit or folder nested hundreds of levels): flatten it"
    if isinstance(e, MemoryError):
        return "error: out of memory"
    if type(e).__name__ == "TTFError":  # reportlab: a font that loaded but cannot be written into the PDF
        font = _font_file(e)
        where = f"{_shown(font)}: " if font else ""
        return f"{where}error: this font cannot be written into the PDF ({str(e)[:120]}): use another .ttf file"
    return None


def _font_file(e: BaseException) -> str | None:
    """The font file reportlab was reading when it failed: its reader's `filename`, innermost first."""
    tb, found = e.__traceback__, None
    while tb is not None:
        reader = tb.tb_frame.f_locals.get("self")
        name = getattr(reader, "filename", None)
        if isinstance(name, str) and name.lower().endswith((".ttf", ".otf", ".ttc")):
            found = name
        tb = tb.tb_next
    return found


def _shown(path) -> str:
    try:
        from deck.errors import display_path

        return display_path(Path(str(path)))
    except Exception:
        return str(path)


def _caused_by_interrupt(e: BaseException | None) -> bool:
    seen = set()
    while e is not None and id(e) not in seen:
        if isinstance(e, KeyboardInterrupt):
            return True
        seen.add(id(e))
        e = e.__cause__ or e.__context__
    return False


def _interrupted() -> None:
    click.echo("interrupted: no file was left half-written", err=True)
    sys.exit(130)


if __name__ == "__main__":
    main()
