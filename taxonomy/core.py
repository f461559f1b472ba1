"""The ``Taxonomy``: all concepts of all schemes in memory, with hierarchy and label lookup."""

from __future__ import annotations

import bisect
import gc
import logging
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from core.analysis import fold
from taxonomy.flemish import load_flemish
from taxonomy.model import Concept, Scheme, id_to_uri, uri_to_id

if TYPE_CHECKING:
    from core.settings import Settings
    from taxonomy.occupations import OccupationIndex
    from taxonomy.tagging import Tagger

log = logging.getLogger(__name__)

STORE_NAME = "taxonomy.sqlite3"
MAX_PREFIX_SCAN = 5000  # label entries looked at per search (a one-letter query stops here)
_SCHEME_ORDER = {Scheme.FLEMISH.value: 0, Scheme.ISCED_F.value: 1, Scheme.ESCO.value: 2}
_KIND_RANK = {"preferred": 0, "abbreviation": 0, "alternative": 1, "hidden": 3}


class Taxonomy:
    """Concepts by id plus derived indexes (narrower, ESCO equivalents of Flemish concepts)."""

    def __init__(self, concepts: Iterable[Concept], meta: dict[str, str] | None = None) -> None:
        self.concepts: dict[str, Concept] = {}
        for concept in concepts:
            self.concepts[concept.id] = concept
        self.meta = meta or {}
        self._link()
        self._tagger: Tagger | None = None
        self._occupations: OccupationIndex | None = None
        self._expansions: dict[str, frozenset[str]] | None = None
        self._prefix: list[tuple[str, str, str, int, bool]] | None = None
        self._prefix_keys: list[str] = []
        self._lock = threading.Lock()

    def _link(self) -> None:
        narrower: dict[str, set[str]] = defaultdict(set)
        for concept in self.concepts.values():
            for b in concept.broader:
                if b in self.concepts:
                    narrower[b].add(concept.id)
        for cid, children in narrower.items():
            concept = self.concepts[cid]
            concept.narrower = sorted(set(concept.narrower) | children)
        # Flemish concept <-> the ESCO concept it names (both ways)
        self.equivalents: dict[str, set[str]] = defaultdict(set)
        for concept in self.concepts.values():
            if concept.esco_uri:
                target = uri_to_id(concept.esco_uri)
                if target in self.concepts:
                    self.equivalents[concept.id].add(target)
                    self.equivalents[target].add(concept.id)

    # ---- lookup
    def __len__(self) -> int:
        return len(self.concepts)

    def __contains__(self, concept_id: object) -> bool:
        return isinstance(concept_id, str) and self.resolve(concept_id) is not None

    def __iter__(self) -> Iterator[Concept]:
        return iter(self.concepts.values())

    def resolve(self, concept_id: str) -> str | None:
        """The id of a concept given its id or its URI (ESCO/ISCED-F URIs are accepted)."""
        if concept_id in self.concepts:
            return concept_id
        converted = uri_to_id(concept_id)
        return converted if converted in self.concepts else None

    def get(self, concept_id: str) -> Concept | None:
        resolved = self.resolve(concept_id)
        return self.concepts[resolved] if resolved else None

    def label(self, concept_id: str, lang: str = "nl") -> str:
        concept = self.get(concept_id)
        return concept.label(lang) if concept else concept_id

    def uri(self, concept_id: str) -> str | None:
        concept = self.get(concept_id)
        if concept is None:
            return None
        return concept.uri or id_to_uri(concept.id)

    def broader(self, concept_id: str, transitive: bool = False) -> list[str]:
        """Broader concepts (direct, or all ancestors when ``transitive``)."""
        concept = self.get(concept_id)
        if concept is None:
            return []
        if not transitive:
            return [b for b in concept.broader if b in self.concepts]
        seen: list[str] = []
        stack = list(concept.broader)
        while stack:
            current = stack.pop()
            if current in seen or current not in self.concepts:
                continue
            seen.append(current)
            stack.extend(self.concepts[current].broader)
        return seen

    def narrower(self, concept_id: str) -> list[str]:
        concept = self.get(concept_id)
        return list(concept.narrower) if concept else []

    def narrower_closure(self, concept_id: str) -> set[str]:
        """The concept itself and all its narrower concepts, transitively (for filters:
        'lassen' also finds offers tagged 'TIG-lassen'). Unknown ids give ``{concept_id}``."""
        start = self.resolve(concept_id)
        if start is None:
            return {concept_id}
        seen: set[str] = set()
        stack = [start]
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            stack.extend(self.concepts[current].narrower)
        return seen

    def search_concepts(
        self,
        q: str,
        lang: str = "nl",
        limit: int = 20,
        schemes: Iterable[str] | None = None,
        types: Iterable[str] | None = None,
    ) -> list[Concept]:
        """Concepts with a label that starts with ``q``, or a word of a label that does, for
        filter pickers. Ranked: label start before word start, labels in ``lang`` first,
        preferred before alternative before hidden, the Flemish layer before ISCED-F before
        ESCO, then shorter labels."""
        needle = " ".join(fold(q).split())
        if not needle:
            return []
        wanted_schemes = set(schemes) if schemes else None
        wanted_types = set(types) if types else None
        index = self._prefix_index()
        keys = self._prefix_keys
        best: dict[str, tuple[int, int, int, str]] = {}
        position = bisect.bisect_left(keys, needle)
        scanned = 0
        while position < len(keys) and keys[position].startswith(needle):
            key, cid, label_lang, kind_rank, at_start = index[position]
            position += 1
            scanned += 1
            if scanned > MAX_PREFIX_SCAN:
                break
            concept = self.concepts[cid]
            if wanted_schemes and concept.scheme not in wanted_schemes:
                continue
            if wanted_types and concept.type not in wanted_types:
                continue
            rank = (0 if at_start else 8) + (0 if label_lang in (lang, "") else 4) + kind_rank
            order = (rank, _SCHEME_ORDER.get(concept.scheme, 3), len(key), concept.label(lang))
            if cid not in best or order < best[cid]:
                best[cid] = order
        ranked = sorted(best, key=lambda cid: best[cid])
        return [self.concepts[cid] for cid in ranked[:limit]]

    def _prefix_index(self) -> list[tuple[str, str, str, int, bool]]:
        """(folded text from a word start, concept id, lang, kind rank, at label start),
        sorted by text; built on first use."""
        with self._lock:
            if self._prefix is None:
                rows: list[tuple[str, str, str, int, bool]] = []
                for concept in self.concepts.values():
                    for lang, text, kind in concept.labels():
                        folded = " ".join(fold(text).replace("-", " ").split())
                        kind_rank = _KIND_RANK[kind.value]
                        rows.append((folded, concept.id, lang, kind_rank, True))
                        for i, char in enumerate(folded):
                            if char == " " and i + 1 < len(folded):
                                rows.append((folded[i + 1 :], concept.id, lang, kind_rank, False))
                rows.sort()
                self._prefix = rows
                self._prefix_keys = [row[0] for row in rows]
            return self._prefix

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for c in self.concepts.values():
            out[f"{c.scheme}/{c.type}"] += 1
        return dict(sorted(out.items()))

    def has_scheme(self, scheme: str) -> bool:
        return any(c.scheme == scheme for c in self.concepts.values())

    # ---- occupations
    @property
    def occupation_index(self) -> OccupationIndex:
        """skill → the occupations that need it (built on first use)."""
        with self._lock:
            if self._occupations is None:
                from taxonomy.occupations import OccupationIndex

                self._occupations = OccupationIndex(self)
            return self._occupations

    def query_expansions(self) -> dict[str, frozenset[str]]:
        """Occupation → the essential skills a search for it also finds (cached)."""
        if self._expansions is None:
            from taxonomy.occupations import query_expansions

            self._expansions = query_expansions(self)
        return self._expansions

    # ---- tagging
    @property
    def tagger(self) -> Tagger:
        """The tagger over this taxonomy (built on first use, then reused)."""
        with self._lock:
            if self._tagger is None:
                from taxonomy.tagging import Tagger

                self._tagger = Tagger(self)
                freeze_long_lived()
            return self._tagger


def freeze_long_lived() -> None:
    """Move the objects alive now (the concepts, the tagger's tables: half a million with
    ESCO) out of the cyclic garbage collector's reach. They live as long as the process, and
    every full collection would walk them again: validating offers took 1.5x the CPU with ESCO
    loaded until they were frozen (docs/benchmarks.md, Scale)."""
    gc.collect()
    gc.freeze()


def store_path(settings: Settings) -> Path:
    return Path(settings.data_dir) / STORE_NAME


def build_taxonomy(store_file: Path | None = None) -> Taxonomy:
    """The Flemish layer, plus the imported store when ``store_file`` exists. An unreadable
    store is logged and left out (meta ``store_error``): tagging goes on with the layer
    rather than taking the application down; ``leeraanbod taxonomy info`` shows it."""
    concepts = load_flemish()
    meta: dict[str, str] = {"schemes": Scheme.FLEMISH.value}
    if store_file is not None and store_file.exists():
        from taxonomy.store import StoreError, read_store

        try:
            stored, stored_meta = read_store(store_file)
        except StoreError as exc:
            log.error("taxonomy store %s not loaded: %s", store_file, exc)
            meta["store_error"] = str(exc)
        else:
            concepts.extend(stored)
            meta.update(stored_meta)
    return Taxonomy(concepts, meta)


_CACHE: dict[str, tuple[float | None, Taxonomy]] = {}
_CACHE_LOCK = threading.Lock()


def load_taxonomy(settings: Settings | None = None) -> Taxonomy:
    """The process-wide taxonomy: the bundled Flemish layer always, plus the imported
    ESCO/ISCED-F store (``{data_dir}/taxonomy.sqlite3``) when present. Cached per process;
    a re-import (the store file changes) is picked up on the next call."""
    if settings is None:
        from core.settings import get_settings

        settings = get_settings()
    path = store_path(settings)
    mtime = path.stat().st_mtime if path.exists() else None
    key = str(path.resolve())
    with _CACHE_LOCK:
        cached = _CACHE.get(key)
        if cached and cached[0] == mtime:
            return cached[1]
        taxonomy = build_taxonomy(path if mtime is not None else None)
        _CACHE[key] = (mtime, taxonomy)
        return taxonomy


def clear_cache() -> None:
    with _CACHE_LOCK:
        _CACHE.clear()
