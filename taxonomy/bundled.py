"""The ESCO snapshot shipped inside the package (``taxonomy/data/esco/snapshot.json.gz``).

``scripts/build_esco_snapshot.py`` makes it from the official CSV files (ESCO v1.2.0 with the
occupation–skill relations and English labels of v1.1.1, ISCED-F 2013, the VDAB crosswalks).
``install_snapshot`` writes it into the taxonomy store (``{data_dir}/taxonomy.sqlite3``), which
``leeraanbod init`` and ``demo`` do by themselves (``ensure_bundled``): a fresh install has ESCO
without any download. An import of a full official release replaces it and is never
overwritten by the snapshot.
"""

from __future__ import annotations

import gzip
import json
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from taxonomy.importing.vdab import CrosswalkRow
from taxonomy.model import Concept, id_to_uri
from taxonomy.store import StoreError, read_meta, write_store

SNAPSHOT_FORMAT = 1
SNAPSHOT_NAME = "snapshot.json.gz"
ORIGIN = "bundled"
LICENCE = (
    "ESCO, European Commission: © European Union, free to reuse with acknowledgement of the "
    "source (Commission Decision 2011/833/EU). ISCED-F 2013: UNESCO Institute for Statistics. "
    "ESCO ↔ VDAB Competent crosswalks: Nalantis nv for VDAB."
)


class SnapshotError(Exception):
    """The snapshot file is missing or not one this version reads."""


def snapshot_path() -> Path:
    """The snapshot in the installed package (a real file: setuptools installs it as one)."""
    return Path(str(resources.files("taxonomy") / "data" / "esco" / SNAPSHOT_NAME))


def compact(concept: Concept) -> dict[str, Any]:
    """A concept's dict without what the loader derives (the URI of an ESCO id)."""
    data = concept.to_dict()
    if data.get("uri") and data["uri"] == id_to_uri(concept.id):
        del data["uri"]
    data.pop("narrower", None)  # derived from broader when the taxonomy links
    return data


def expand(data: dict[str, Any]) -> Concept:
    concept = Concept.from_dict(data)
    if concept.uri is None:
        concept.uri = id_to_uri(concept.id)
    return concept


def write_snapshot(
    path: Path, concepts: list[Concept], crosswalk: list[CrosswalkRow], meta: dict[str, str]
) -> None:
    payload = {
        "format": SNAPSHOT_FORMAT,
        "meta": dict(sorted(meta.items())),
        "concepts": [compact(c) for c in sorted(concepts, key=lambda c: c.id)],
        "crosswalk": [
            [r.concept_id, r.code, r.relation, r.label_nl, r.label_fr]
            for r in sorted(crosswalk, key=lambda r: (r.concept_id, r.code, r.relation))
        ],
    }
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    path.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0: the same data gives the same bytes (a rebuild changes git only when ESCO does)
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(text.encode("utf-8"))


def read_snapshot(
    path: Path | None = None,
) -> tuple[list[Concept], list[CrosswalkRow], dict[str, str]]:
    path = path or snapshot_path()
    try:
        with gzip.open(path, "rb") as handle:
            payload = json.loads(handle.read())
    except (OSError, ValueError) as exc:
        raise SnapshotError(f"{path}: unreadable ESCO snapshot: {exc}") from exc
    if not isinstance(payload, dict) or payload.get("format") != SNAPSHOT_FORMAT:
        found = payload.get("format") if isinstance(payload, dict) else None
        raise SnapshotError(f"{path}: snapshot format {found!r}, expected {SNAPSHOT_FORMAT}")
    try:
        concepts = [expand(d) for d in payload["concepts"]]
        crosswalk = [CrosswalkRow(*row) for row in payload["crosswalk"]]
    except (KeyError, TypeError) as exc:
        raise SnapshotError(f"{path}: damaged ESCO snapshot: {exc}") from exc
    return concepts, crosswalk, dict(payload["meta"])


@dataclass(frozen=True)
class Installed:
    store: Path
    concepts: int
    seconds: float
    snapshot: str  # the snapshot's version (its ESCO releases and build date)


def install_snapshot(store_file: Path, snapshot: Path | None = None) -> Installed:
    """Write the bundled snapshot into ``store_file`` (atomically, replacing what it holds)."""
    started = time.perf_counter()
    concepts, crosswalk, meta = read_snapshot(snapshot)
    meta = {**meta, "origin": ORIGIN, "licence": LICENCE}
    meta["installed_at"] = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())
    write_store(store_file, concepts, crosswalk, meta)
    return Installed(store_file, len(concepts), time.perf_counter() - started, meta["snapshot"])


def ensure_bundled(store_file: Path, snapshot: Path | None = None) -> Installed | None:
    """Install the snapshot unless the store already holds it or holds an import of a
    full release (which is never replaced). Returns what was installed, else None."""
    if store_file.exists():
        try:
            meta = read_meta(store_file)
        except StoreError:
            meta = {}
        if meta.get("origin") not in (None, ORIGIN) or (
            meta.get("origin") is None and meta.get("esco_source")
        ):
            return None  # an import of official files: keep it
        if meta.get("origin") == ORIGIN and meta.get("snapshot") == snapshot_version(snapshot):
            return None
    return install_snapshot(store_file, snapshot)


def snapshot_version(snapshot: Path | None = None) -> str:
    """The version of the snapshot file without reading its concepts: the meta comes first."""
    path = snapshot or snapshot_path()
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            head = handle.read(4096)
    except OSError as exc:
        raise SnapshotError(f"{path}: unreadable ESCO snapshot: {exc}") from exc
    marker = '"snapshot":"'
    start = head.find(marker)
    if start < 0:
        raise SnapshotError(f"{path}: no snapshot version in its first 4 KB")
    start += len(marker)
    return head[start : head.index('"', start)]
