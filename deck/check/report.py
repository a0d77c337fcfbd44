"""What deck check found: a Finding per problem, a Report counting what each check looked at, the
report as text for people (render_text) and as JSON (Report.to_json)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace

CHECKS = (
    "build",
    "files",
    "pages",
    "qr",
    "text boxes",
    "overlap",
    "text size",
    "glyphs",
    "contrast",
    "safe zone",
    "marks",
)


@dataclass
class Finding:
    severity: str  # fail | warn
    check: str
    message: str
    file: str | None = None
    page: int | None = None  # 1-based
    card: str | None = None
    side: str | None = None
    deck: str | None = None
    loc: str | None = None  # file:line:col of the source, for build problems

    def where(self) -> str:
        parts = []
        if self.loc:
            parts.append(self.loc)
        if self.file:
            parts.append(self.file + (f" page {self.page}" if self.page else ""))
        if self.card:
            parts.append(f'card "{self.card}"' + (f" ({self.side})" if self.side else ""))
        return ", ".join(parts)


@dataclass
class Report:
    kit: str = ""
    source: str = ""
    dpi: float = 300.0
    counts: dict = field(default_factory=lambda: {c: {"checked": 0, "failed": 0, "warnings": 0} for c in CHECKS})
    findings: list = field(default_factory=list)
    strict: bool = False  # warnings fail too
    cached: int = 0  # pages unchanged since the last check: their results taken from the cache

    def checked(self, check: str, n: int = 1) -> None:
        self.counts[check]["checked"] += n

    def add(self, f: Finding) -> None:
        if self.strict and f.severity == "warn":
            f = replace(f, severity="fail")
        if f in self.findings:  # the same card twice on a page (copies): said once
            return
        self.findings.append(f)
        self.counts[f.check]["failed" if f.severity == "fail" else "warnings"] += 1

    @property
    def ok(self) -> bool:
        return not any(f.severity == "fail" for f in self.findings)

    def as_dict(self) -> dict:
        return {
            "ok": self.ok,
            "kit": self.kit,
            "source": self.source,
            "dpi": self.dpi,
            "cached_pages": self.cached,
            "checks": self.counts,
            "findings": [{k: v for k, v in asdict(f).items() if v is not None} for f in self.findings],
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), indent=2, ensure_ascii=False)


# -- for people ------------------------------------------------------------------------------------------
def render_text(report: Report) -> str:
    lines = []
    head = f"deck check: {report.kit or '?'}"
    head += ", built in a temporary directory" if report.source == "build" else f", build directory {report.source}"
    head += f"; QR codes read at up to {report.dpi:g} dpi, text from the PDF itself"
    if report.cached:
        head += f"; {report.cached} page(s) unchanged since the last check"
    lines.append(head)
    lines.append("")
    lines.append(f"{'check':<12} {'checked':>8} {'failed':>7} {'warnings':>9}")
    for name in CHECKS:
        c = report.counts[name]
        lines.append(f"{name:<12} {c['checked']:>8} {c['failed']:>7} {c['warnings']:>9}")
    lines.append("")
    order = sorted(
        report.findings, key=lambda f: (f.severity != "fail", CHECKS.index(f.check), f.file or "", f.page or 0)
    )
    for f in order:
        sev = "FAIL" if f.severity == "fail" else "warn"
        where = f.where()
        lines.append(f"{sev} [{f.check}] {where + ': ' if where else ''}{f.message}")
    fails = sum(f.severity == "fail" for f in report.findings)
    warns = len(report.findings) - fails
    lines.append("" if not report.findings else "")
    lines.append(
        "ok: every check passed" + (f" ({warns} warning(s))" if warns else "")
        if report.ok
        else f"FAILED: {fails} problem(s), {warns} warning(s)"
    )
    return "\n".join(lines)
