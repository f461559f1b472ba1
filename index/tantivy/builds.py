"""The builds of a tantivy index on disk: layout, atomic swap, the rebuild lock, opening.

Layout of ``settings.index_dir``::

    builds/<stamp>-<hex>/   one complete tantivy index per rebuild (+ ``leeraanbod.json`` meta)
    current                 symlink -> builds/<name>, replaced atomically (rename) on a rebuild
    rebuild.lock            flock held by the one rebuild that may run

Readers resolve ``current`` before every search and reopen when it moved, so they see the old
index or the new one, never a half-built one. A rebuild that fails removes its directory and
leaves ``current`` alone.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import tantivy

from index.base import RebuildInProgress, RebuildRejected
from index.plan import LEGACY_SOURCE_COUNT_FIELD, SOURCE_COUNT_FIELD
from index.tantivy.schema import SCHEMA_VERSION, register_analyzers, schema
from index.vocabulary import Vocabulary

META_FILE = "leeraanbod.json"
CommitStamp = tuple[int, int, int]


def commit_stamp(path: Path) -> CommitStamp | None:
    """Which commit of a build is on disk: tantivy writes ``meta.json`` anew (a new file
    renamed over the old one) on every commit."""
    try:
        st = os.stat(os.path.join(path, "meta.json"))
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


def build_fields(path: Path) -> frozenset[str]:
    """The field names of a build, from tantivy's own ``meta.json``."""
    meta = json.loads((path / "meta.json").read_text("utf-8"))
    return frozenset(field["name"] for field in meta["schema"])


class Opened:
    """One opened build: the tantivy index with its analysers and schema."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.meta = json.loads((path / META_FILE).read_text("utf-8"))
        # the build's own schema (from its meta.json): a build made before the facet set
        # fields opens as it was written
        self.index = tantivy.Index.open(str(path))
        self.schema = self.index.schema
        self.facet_sets = bool(self.meta.get("facet_sets"))
        # the fields this build has: a build made by an older schema version is searched and
        # written without the fields it lacks until it is rebuilt (no failing search after an
        # upgrade)
        self.fields = build_fields(path)
        # custom analysers are not persisted by tantivy: register on every open, with the
        # compound words this build was made with
        self.nl, self.exact = register_analyzers(self.index, self.meta.get("compound_words", []))
        self.stamp = commit_stamp(path)
        self.sizes = segment_sizes(path)

    def source_counts(self) -> dict[str, int]:
        return count_sources(self.index, SOURCE_COUNT_FIELD)

    @property
    def sizes(self) -> dict[str, int]:
        return self._sizes

    @sizes.setter
    def sizes(self, sizes: dict[str, int]) -> None:
        self._sizes = sizes
        # what ``intact`` stats, as plain strings: one ``os.stat`` per file and nothing else
        self._files = [(os.path.join(self.path, name), size) for name, size in sizes.items()]

    def intact(self) -> bool:
        """No segment file this reader maps has shrunk (a file truncated under a mapping
        kills the process with SIGBUS on the next read): checked before every use, so a
        file truncated in place (no new commit, no new build) is seen by the next search."""
        for path, size in self._files:
            try:
                if os.stat(path).st_size < size:
                    return False
            except FileNotFoundError:  # merged away: the mapping keeps it readable
                continue
        return True


def segment_sizes(path: Path) -> dict[str, int]:
    """Sizes of a build's segment files (immutable once written; meta files are replaced)."""
    return {f.name: f.stat().st_size for f in path.iterdir() if not f.name.endswith(".json")}


def verify_build(path: Path, indexed: int) -> None:
    """Open a new build as a reader would (tantivy checks every file's footer) and count its
    documents before it is swapped in; a build that fails is never made live."""
    try:
        documents = Opened(path).index.searcher().num_docs
    except (OSError, ValueError) as exc:
        raise RebuildRejected(f"the new build cannot be opened: {exc}") from exc
    if documents > indexed or (indexed and not documents):
        raise RebuildRejected(f"the new build holds {documents} documents of {indexed} written")


def count_sources(index: tantivy.Index, field: str) -> dict[str, int]:
    agg = index.searcher().aggregate(
        tantivy.Query.all_query(), {"s": {"terms": {"field": field, "size": 10_000}}}
    )
    return {b["key"]: b["doc_count"] for b in agg["s"]["buckets"]}


class Builds:
    """The build directories under ``directory`` and the ``current`` pointer."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._pointer = str(self.pointer)
        self._resolved: tuple[str, Path] | None = None  # the last target read and its path

    @property
    def root(self) -> Path:
        return self.directory / "builds"

    @property
    def pointer(self) -> Path:
        return self.directory / "current"

    def live(self) -> Path | None:
        """The live build (``current``'s target), or None before the first rebuild."""
        try:
            target = os.readlink(self._pointer)  # every search: one system call, no pathlib
        except FileNotFoundError:
            return None
        resolved = self._resolved
        if resolved is None or resolved[0] != target:
            resolved = self._resolved = (target, (self.directory / target).resolve())
        return resolved[1]

    def new(self, vocabulary: Vocabulary) -> tuple[Path, tantivy.Index]:
        """An empty build beside the live one, its meta file recording what its analysers
        depend on."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        path = self.root / f"{stamp}-{uuid.uuid4().hex[:8]}"
        path.mkdir(parents=True)
        meta = {
            "schema_version": SCHEMA_VERSION,
            "facet_sets": True,  # SET_FIELDS (index.tantivy.schema) are in this build
            "compound_words": vocabulary.compound_words,
            "vocabulary": vocabulary.fingerprint(),
            "created": datetime.now(UTC).isoformat(),
        }
        (path / META_FILE).write_text(json.dumps(meta), "utf-8")
        index = tantivy.Index(schema(), path=str(path), reuse=False)
        register_analyzers(index, vocabulary.compound_words)
        return path, index

    @contextlib.contextmanager
    def rebuild_lock(self) -> Iterator[None]:
        """Held by the one rebuild that may run (an flock: released when the process dies)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        with open(self.directory / "rebuild.lock", "w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                raise RebuildInProgress("another rebuild of this index is running") from exc
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def swap(self, path: Path) -> None:
        """Point ``current`` at ``path``: atomic, readers see the old target or the new one."""
        tmp = self.directory / f".current-{uuid.uuid4().hex[:8]}"
        os.symlink(os.path.relpath(path, self.directory), tmp)
        try:
            os.replace(tmp, self.pointer)
        except OSError:
            tmp.unlink(missing_ok=True)
            raise

    def prune(self, keep: set[Path]) -> None:
        """Remove builds other than the live one and the one before it (a reader may still be
        searching that one; its open files stay readable after unlinking on POSIX)."""
        kept = {k.resolve() for k in keep}
        for child in self.root.iterdir():  # also what a killed rebuild left behind
            if child.resolve() not in kept:
                shutil.rmtree(child, ignore_errors=True)
        for stray in self.directory.glob(".current-*"):
            stray.unlink(missing_ok=True)

    @staticmethod
    def source_counts(path: Path) -> dict[str, int]:
        """Documents per source of a build, read with its own schema: a build from before one
        document per course run (schema 1) counts its one document per offer."""
        meta = json.loads((path / META_FILE).read_text("utf-8"))
        field = (
            SOURCE_COUNT_FIELD
            if meta.get("schema_version", 1) >= 2  # sources, per course run
            else LEGACY_SOURCE_COUNT_FIELD
        )
        return count_sources(tantivy.Index.open(str(path)), field)
