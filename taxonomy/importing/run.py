"""One import run: read the sources, merge with what the store keeps, write atomically."""

from __future__ import annotations

import resource
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from taxonomy.importing.esco import import_esco
from taxonomy.importing.iscedf import import_iscedf
from taxonomy.importing.report import ImportReport, TaxonomyImportError
from taxonomy.importing.vdab import CrosswalkRow, import_vdab
from taxonomy.model import Concept, Scheme
from taxonomy.store import StoreError, read_crosswalk, read_store, write_store

ISCEDF_FILE = Path("isced-f") / "isced_f_2013_from_esco_en_nl.csv"
SUPPLEMENT_DIR = "esco-v1.1.1"  # beside esco/: relations and English labels of v1.1.1
LABEL_FILES = ("skills_*.csv", "occupations_*.csv")


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _merge_iscedf(target: dict[str, Concept], fields: dict[str, Concept]) -> None:
    """ISCED-F concepts from the ISCED-F list win; ESCO's skill-group copies add labels."""
    for cid, concept in fields.items():
        existing = target.get(cid)
        if existing is None:
            target[cid] = concept
            continue
        for lang, text, kind in existing.labels():
            concept.add_label(lang, text, kind)
        concept.broader = sorted(set(concept.broader) | set(existing.broader))
        target[cid] = concept


def run_import(
    store_file: Path,
    *,
    esco_dir: Path | None = None,
    iscedf_file: Path | None = None,
    vdab_dir: Path | None = None,
    esco_supplement: Path | None = None,
    esco_release: str | None = None,
) -> ImportReport:
    """Import the given sources into ``store_file``. Schemes not given keep what the store
    already holds (re-importing ESCO keeps the ISCED-F list and the VDAB crosswalk). The
    same input always produces the same store; any fatal error leaves the old store."""
    if esco_dir is None and iscedf_file is None and vdab_dir is None:
        raise TaxonomyImportError("nothing to import")
    report = ImportReport()
    started = time.perf_counter()
    old: dict[str, Concept] = {}
    old_crosswalk: list[CrosswalkRow] = []
    meta: dict[str, str] = {}
    if store_file.exists():
        try:
            stored, meta = read_store(store_file, crosswalk=False)
            old_crosswalk = read_crosswalk(store_file)
        except StoreError as exc:
            report.problem(store_file, None, f"existing store unreadable, replaced: {exc}")
        else:
            old = {c.id: c for c in stored}
    concepts: dict[str, Concept] = {}
    if esco_dir is not None:
        for key in [k for k in meta if k.startswith("esco_")]:
            del meta[key]
        esco, releases = import_esco(esco_dir, report, esco_supplement, esco_release)
        concepts.update(esco)
        meta.update(releases)
        meta["esco_source"] = str(Path(esco_dir).resolve())
        if esco_supplement is not None:
            meta["esco_supplement_source"] = str(Path(esco_supplement).resolve())
        meta["origin"] = "import"
    else:
        concepts.update({cid: c for cid, c in old.items() if c.scheme == Scheme.ESCO})
    if iscedf_file is not None:
        fields = import_iscedf(iscedf_file, report)
        meta["iscedf_source"] = str(Path(iscedf_file).resolve())
    else:
        fields = {cid: c for cid, c in old.items() if c.scheme == Scheme.ISCED_F}
    _merge_iscedf(concepts, fields)
    crosswalk = old_crosswalk
    if vdab_dir is not None:
        crosswalk = import_vdab(vdab_dir, report)
        meta["vdab_source"] = str(Path(vdab_dir).resolve())
    schemes = sorted({c.scheme for c in concepts.values()})
    meta.update(
        {
            "imported_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "schemes": ",".join(schemes),
            "concepts": str(len(concepts)),
            "crosswalk_rows": str(len(crosswalk)),
        }
    )
    if not concepts:
        raise TaxonomyImportError("the import produced no concepts; store left unchanged")
    meta["read_seconds"] = f"{time.perf_counter() - started:.2f}"
    meta["peak_rss_mb"] = f"{_peak_rss_mb():.0f}"
    meta["problems"] = str(len(report.problems))
    write_store(store_file, concepts.values(), crosswalk, meta)
    report.seconds = time.perf_counter() - started
    report.peak_memory_mb = _peak_rss_mb()
    return report


def import_all(store_file: Path, root: Path, esco_release: str | None = None) -> ImportReport:
    """Everything under a reference directory laid out like ``../shared/taxonomy`` (``esco/``,
    ``esco-v1.1.1/``, ``isced-f/``, ``vdab/``), or an official ESCO CSV download itself (the
    ``skills_*.csv`` and ``occupations_*.csv`` directly in ``root``)."""
    root = Path(root)
    if not root.is_dir():
        what = "not a directory" if root.exists() else "no such directory"
        raise TaxonomyImportError(f"{root.resolve()}: {what}")
    if any(any(root.glob(pattern)) for pattern in LABEL_FILES):
        return run_import(store_file, esco_dir=root, esco_release=esco_release)
    esco = root / "esco"
    supplement = root / SUPPLEMENT_DIR
    iscedf = root / ISCEDF_FILE
    vdab = root / "vdab"
    if not (esco.is_dir() or iscedf.is_file() or vdab.is_dir()):
        raise TaxonomyImportError(
            f"{root.resolve()}: nothing to import (expected an ESCO CSV download, or esco/, "
            f"{ISCEDF_FILE}, vdab/ inside it)"
        )
    return run_import(
        store_file,
        esco_dir=esco if esco.is_dir() else None,
        iscedf_file=iscedf if iscedf.is_file() else None,
        vdab_dir=vdab if vdab.is_dir() else None,
        esco_supplement=supplement if esco.is_dir() and supplement.is_dir() else None,
        esco_release=esco_release,
    )
