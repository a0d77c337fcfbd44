"""Atomic output: every file is written under a temporary name in the output directory's staging
folder, then renamed into place only when the whole build succeeded."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path


class Staging:
    """Collects the files of one build; `commit()` moves them into place, anything else leaves DIR as it was."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.dir: Path | None = None
        self.files: list[str] = []

    def __enter__(self) -> "Staging":
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.dir = Path(tempfile.mkdtemp(prefix=".deck-build-", dir=self.out_dir))
        return self

    def path(self, name: str) -> Path:
        self.files.append(name)
        return self.dir / name

    def write_json(self, name: str, data) -> None:
        self.path(name).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    def commit(self) -> None:
        for name in self.files:
            os.replace(self.dir / name, self.out_dir / name)

    def __exit__(self, *exc) -> None:
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def write_atomic(path: Path, data: bytes) -> None:
    """Write one file through a temporary name beside it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".deck-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
