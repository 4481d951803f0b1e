"""Where an index lives on disk, and the atomic switch to a rebuilt copy.

``<PATH>/<index name>/`` holds generation directories (``gen-<timestamp>-<random>``) and a
``CURRENT`` file naming the live one. A rebuild fills a new generation while searches keep
reading the old one, then replaces ``CURRENT`` with ``os.replace`` (atomic on POSIX): a reader
sees either the old or the new name, never a half-built index. Superseded generations are
removed once the switch is done (processes still holding them keep their open files on POSIX).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
import uuid
from pathlib import Path

from whoosh import index as whoosh_index

POINTER = "CURRENT"
BUILDING = "BUILDING"  # marker inside a generation being rebuilt: not cleaned up, not live


class IndexStorage:
    """One index's directory: its live generation, new generations, the switch."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def current_name(self) -> str | None:
        try:
            return (self.root / POINTER).read_text().strip() or None
        except FileNotFoundError:
            return None

    def current_dir(self) -> Path | None:
        name = self.current_name()
        return self.root / name if name else None

    def new_generation(self, schema) -> Path:
        """An empty index in a fresh directory, marked as being built."""
        self.root.mkdir(parents=True, exist_ok=True)
        name = f"gen-{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
        path = self.root / name
        path.mkdir()
        (path / BUILDING).touch()
        whoosh_index.create_in(str(path), schema)
        return path

    def switch_to(self, path: Path) -> None:
        """Make ``path`` the live generation atomically, then drop the superseded ones."""
        (path / BUILDING).unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".pointer-")
        with os.fdopen(fd, "w") as f:
            f.write(path.name)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.root / POINTER)
        self.cleanup()

    def cleanup(self) -> None:
        live = self.current_name()
        for child in self.root.iterdir():
            superseded = child.name.startswith("gen-") and child.name != live
            if superseded and child.is_dir() and not (child / BUILDING).exists():
                shutil.rmtree(child, ignore_errors=True)

    def abandon(self, path: Path) -> None:
        shutil.rmtree(path, ignore_errors=True)

    def ensure(self, schema) -> Path:
        """The live generation, created empty the first time."""
        current = self.current_dir()
        if current is not None and whoosh_index.exists_in(str(current)):
            return current
        path = self.new_generation(schema)
        self.switch_to(path)
        return path


def open_index(path: Path, schema):
    """Open a generation, adding any field the code's schema has gained since it was built."""
    ix = whoosh_index.open_dir(str(path))
    missing = [name for name in schema.names() if name not in ix.schema]
    if missing:
        writer = ix.writer(timeout=30)
        for name in missing:
            writer.add_field(name, schema[name])
        writer.commit(optimize=False)
        ix = whoosh_index.open_dir(str(path))
    return ix
