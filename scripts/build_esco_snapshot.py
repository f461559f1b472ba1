#!/usr/bin/env python3
"""Build the ESCO snapshot shipped in the package from the official CSV files.

    .venv/bin/python scripts/build_esco_snapshot.py                # ../shared/taxonomy
    .venv/bin/python scripts/build_esco_snapshot.py --source DIR --release v1.2.0

Reads DIR/esco/ (ESCO v1.2.0 export, its collections too), DIR/esco-v1.1.1/ (occupation–skill
relations and full English skill labels), DIR/isced-f/ and DIR/vdab/ through the same importer as
``leeraanbod taxonomy import``, and writes taxonomy/data/esco/snapshot.json.gz: every concept
with its nl/fr/en labels, hierarchy, ISCO group, ISCED-F fields, essential/optional skills, the
VDAB crosswalk rows, the release of each piece and the licence line. No raw file is copied.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from taxonomy.bundled import LICENCE, compact, install_snapshot, write_snapshot  # noqa: E402
from taxonomy.importing.run import import_all  # noqa: E402
from taxonomy.model import Scheme  # noqa: E402
from taxonomy.store import read_crosswalk, read_store  # noqa: E402

OUTPUT = ROOT / "taxonomy" / "data" / "esco" / "snapshot.json.gz"
BUDGET_MB = 15.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=ROOT.parent / "shared" / "taxonomy")
    parser.add_argument("--release", default="v1.2.0", help="ESCO release of DIR/esco/")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="leeraanbod-snapshot-") as tmp:
        store = Path(tmp) / "taxonomy.sqlite3"
        report = import_all(store, args.source, esco_release=args.release)
        print(f"import: {report.summary()}")
        concepts, meta = read_store(store, crosswalk=False)
        crosswalk = read_crosswalk(store)
    keep = {"concepts", "crosswalk_rows", "problems"}
    meta = {k: v for k, v in meta.items() if k.endswith("_release") or k in keep}
    built = datetime.now(UTC).strftime("%Y-%m-%d")
    meta.update(
        {
            "snapshot": f"esco-{meta.get('esco_release', 'unknown')}-{built}",
            "snapshot_built": built,
            "iscedf_release": "ISCED-F 2013",
            "vdab_release": "Competent 3.8 ↔ ESCO v1.0.3 (competences); BLM occupations",
            "licence": LICENCE,
            "missing_in_release": str(len(report.missing)),
        }
    )
    esco = [c for c in concepts if c.scheme in (Scheme.ESCO, Scheme.ISCED_F)]
    # the version names the content: a rebuild from other files is a new snapshot
    digest = hashlib.sha256(
        json.dumps([compact(c) for c in sorted(esco, key=lambda c: c.id)], sort_keys=True).encode()
    ).hexdigest()[:8]
    meta["snapshot"] = f"{meta['snapshot']}-{digest}"
    write_snapshot(args.output, esco, crosswalk, meta)
    size = args.output.stat().st_size / 1e6
    print(f"{args.output}: {len(esco)} concepts, {len(crosswalk)} crosswalk rows, {size:.1f} MB")
    if size > BUDGET_MB:
        raise SystemExit(f"snapshot is {size:.1f} MB, over the {BUDGET_MB} MB budget")
    with tempfile.TemporaryDirectory(prefix="leeraanbod-snapshot-") as tmp:
        started = time.perf_counter()
        install_snapshot(Path(tmp) / "taxonomy.sqlite3", args.output)
        print(f"installed into a store in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
