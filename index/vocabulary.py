"""The vocabulary hook: synonyms, compound words and concept labels the engines analyse with.

The engines take a ``Vocabulary``, not the taxonomy itself. A small built-in default
(``default_vocabulary()``) keeps the index useful and testable on its own; the taxonomy plugs in
by building one (``Vocabulary.from_taxonomy(taxonomy.load_taxonomy())``, which ``open_index``
does through ``load_vocabulary``, or passed as ``open_index(settings, vocabulary=...)``).

- ``synonyms``: sets of equivalent words or phrases (any language), expanded at query time in
  tantivy and as a ``synonym_graph`` search analyzer in Elasticsearch/OpenSearch.
- ``compound_words``: constituents for compound splitting ('heftruckchauffeur' -> 'heftruck',
  'chauffeur'); tantivy splits a word only when it consists wholly of listed words.
- ``concept_labels``: folded label -> concept ids, in every language the taxonomy has, so
  'welding' or 'soudage' finds offers tagged with the concept whose Dutch label is 'lassen'.
- ``broader``: concept id -> its broader concept ids; documents carry every ancestor, so a filter
  or a search on a broad concept also finds offers tagged with a narrower one.
- ``expansions``: concept id -> more concept ids a query naming it also finds (the taxonomy's
  query analysis: an occupation -> its essential skills, so 'ik wil elektricien worden' finds
  the AREI and charging-point courses that never name the occupation).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from core.analysis import fold_words

if TYPE_CHECKING:
    from taxonomy.core import Taxonomy

MAX_LABEL_WORDS = 5


@dataclass
class Vocabulary:
    synonyms: list[frozenset[str]] = field(default_factory=list)
    compound_words: list[str] = field(default_factory=list)
    concept_labels: Mapping[str, Collection[str]] = field(default_factory=dict)
    broader: Mapping[str, Collection[str]] = field(default_factory=dict)
    concept_names: dict[str, str] = field(default_factory=dict)  # id -> preferred Dutch label
    essential: Mapping[str, Collection[str]] = field(default_factory=dict)  # occ. -> skills
    expansions: Mapping[str, Iterable[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.synonyms = [
            frozenset(fold_words(t) for t in group if fold_words(t)) for group in self.synonyms
        ]
        self.synonyms = [g for g in self.synonyms if len(g) > 1]
        self.compound_words = sorted({fold_words(w) for w in self.compound_words if fold_words(w)})
        labels: dict[str, set[str]] = {}
        for label, ids in self.concept_labels.items():
            if fold_words(label):
                labels.setdefault(fold_words(label), set()).update(ids)
        # read-only from here on, and shared by every serving process: tuples, not sets (a
        # set of one id takes 216 bytes, a tuple 48: ~30 MB less with ESCO's 188k labels, and
        # fewer pages a forked worker copies when it touches them)
        self.concept_labels = {label: tuple(sorted(ids)) for label, ids in labels.items()}
        self.broader = {cid: tuple(ids) for cid, ids in self.broader.items()}
        self.essential = {cid: tuple(ids) for cid, ids in self.essential.items()}
        self.compound_set = frozenset(self.compound_words)
        self.label_words = frozenset(
            w for label in self.concept_labels for w in label.split() if w.isalpha()
        )
        self._synonym_index: dict[str, set[str]] = {}
        for group in self.synonyms:
            for term in group:
                self._synonym_index.setdefault(term, set()).update(group - {term})

    # ---- analysis helpers
    def synonyms_for(self, text: str) -> dict[str, set[str]]:
        """Phrases of ``text`` (folded) that have synonyms -> their synonyms."""
        words = fold_words(text).split()
        found: dict[str, set[str]] = {}
        for n in range(min(MAX_LABEL_WORDS, len(words)), 0, -1):
            for i in range(len(words) - n + 1):
                phrase = " ".join(words[i : i + n])
                if phrase in self._synonym_index:
                    found[phrase] = self._synonym_index[phrase]
        return found

    def concepts_for(self, text: str) -> set[str]:
        """Concept ids whose label (any language, or a synonym of one) occurs in ``text``."""
        words = fold_words(text).split()
        phrases = set()
        for n in range(1, min(MAX_LABEL_WORDS, len(words)) + 1):
            for i in range(len(words) - n + 1):
                phrases.add(" ".join(words[i : i + n]))
        for phrase in list(phrases):
            phrases.update(self._synonym_index.get(phrase, ()))
        ids: set[str] = set()
        for phrase in phrases:
            ids.update(self.concept_labels.get(phrase, ()))
        return ids

    def concepts_for_label(self, phrase: str) -> frozenset[str]:
        """Concept ids labelled exactly ``phrase`` or one of its synonyms, and their
        expansions (an occupation's essential skills)."""
        folded = fold_words(phrase)
        ids = set(self.concept_labels.get(folded, ()))
        for synonym in self._synonym_index.get(folded, ()):
            ids.update(self.concept_labels.get(synonym, ()))
        for cid in list(ids):
            ids.update(self.expansions.get(cid, ()))
        return frozenset(ids)

    def essential_skills(self, concept_ids: Iterable[str]) -> set[str]:
        """The essential skills of the occupations among ``concept_ids``: 'lasser worden'
        finds welding courses that never name the occupation."""
        found: set[str] = set()
        for cid in concept_ids:
            found.update(self.essential.get(cid, ()))
        return found

    def with_ancestors(self, concept_ids: Iterable[str]) -> set[str]:
        """The ids and every broader concept above them (cycles tolerated)."""
        seen: set[str] = set()
        stack = list(concept_ids)
        while stack:
            cid = stack.pop()
            if cid in seen:
                continue
            seen.add(cid)
            stack.extend(self.broader.get(cid, ()))
        return seen

    def fingerprint(self) -> str:
        """Changes when anything the analysers depend on changes (a rebuild is then due)."""
        payload = json.dumps(
            [sorted(sorted(g) for g in self.synonyms), self.compound_words], sort_keys=True
        )
        return hashlib.sha256(payload.encode()).hexdigest()[:16]

    # ---- building
    @classmethod
    def from_taxonomy(cls, taxonomy: Taxonomy) -> Vocabulary:
        """The taxonomy's concepts with every label (hidden ones too: they exist for recall),
        their broader concepts and Dutch names, and the synonym sets and compound words of
        ``taxonomy.synonyms``."""
        from taxonomy.synonyms import compound_words, synonym_sets

        labels: dict[str, set[str]] = {}
        broader: dict[str, set[str]] = {}
        names: dict[str, str] = {}
        essential: dict[str, set[str]] = {}
        for concept in taxonomy:
            if concept.essential:
                essential[concept.id] = set(concept.essential)
            for _, text, _ in concept.labels():
                labels.setdefault(text, set()).add(concept.id)
            broader[concept.id] = set(concept.broader)
            names[concept.id] = concept.label("nl")
        return cls(
            synonyms=[frozenset(g) for g in synonym_sets(taxonomy)],
            compound_words=compound_words(taxonomy),
            concept_labels=labels,
            broader=broader,
            concept_names=names,
            essential=essential,
            expansions=taxonomy.query_expansions(),
        )


# A few concepts with labels in three languages, enough for the index to be useful and tested
# without the taxonomy. Ids are ESCO-style keys; the taxonomy replaces all of this.
_DEFAULT_CONCEPTS: dict[str, tuple[list[str], list[str]]] = {
    # id: (labels nl/fr/en, broader ids)
    "skill:metalworking": (["metaalbewerking", "travail des métaux", "metalworking"], []),
    "skill:welding": (["lassen", "soudage", "welding"], ["skill:metalworking"]),
    "skill:mig-mag-welding": (
        ["MIG/MAG-lassen", "soudage MIG/MAG", "MIG/MAG welding"],
        ["skill:welding"],
    ),
    "skill:forklift": (["heftruck besturen", "conduite de chariot élévateur", "forklift"], []),
    "skill:bookkeeping": (["boekhouding", "comptabilité", "bookkeeping", "accounting"], []),
    "skill:nursing": (["verpleegkunde", "soins infirmiers", "nursing"], []),
    "skill:ict": (["informatica", "informatique", "computing"], []),
    "skill:programming": (["programmeren", "programmation", "programming"], ["skill:ict"]),
    "skill:python": (["Python"], ["skill:programming"]),
    "skill:safety": (["veiligheid", "sécurité", "safety"], []),
    "skill:dutch-language": (["Nederlands", "néerlandais", "Dutch"], []),
}
_DEFAULT_SYNONYMS = [
    {"heftruck", "vorkheftruck"},
    {"boekhouding", "boekhouden", "accountancy"},
    {"informatica", "ict"},
    {"vca", "veiligheid checklist aannemers"},
    {"vrachtwagenchauffeur", "truckchauffeur"},
]
_DEFAULT_COMPOUND_WORDS = [
    "heftruck",
    "chauffeur",
    "vrachtwagen",
    "instructeur",
    "veiligheid",
    "coordinator",
    "project",
    "leider",
    "zorg",
    "kundige",
    "las",
]


def default_vocabulary() -> Vocabulary:
    labels: dict[str, set[str]] = {}
    for cid, (texts, _) in _DEFAULT_CONCEPTS.items():
        for text in texts:
            labels.setdefault(text, set()).add(cid)
    return Vocabulary(
        synonyms=[frozenset(g) for g in _DEFAULT_SYNONYMS],
        compound_words=_DEFAULT_COMPOUND_WORDS,
        concept_labels=labels,
        broader={cid: set(b) for cid, (_, b) in _DEFAULT_CONCEPTS.items()},
        concept_names={cid: texts[0] for cid, (texts, _) in _DEFAULT_CONCEPTS.items()},
    )


def load_vocabulary(settings: Any = None) -> Vocabulary:
    """The taxonomy's vocabulary, else the built-in default: a taxonomy that fails to load is
    logged and the default is used, so search keeps working; rebuild the index once the
    taxonomy loads again."""
    import logging

    from taxonomy import load_taxonomy

    try:
        vocabulary = Vocabulary.from_taxonomy(load_taxonomy(settings))
    except Exception:  # the taxonomy is optional for search: fall back, loudly
        logging.getLogger(__name__).exception("taxonomy vocabulary failed; using the default")
        return default_vocabulary()
    return vocabulary if vocabulary.concept_labels else default_vocabulary()
