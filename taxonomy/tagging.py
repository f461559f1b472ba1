"""The tagger: offer text → ranked taxonomy concepts, each with a score and its evidence.

How it works (see docs/taxonomy.md for the weights):
1. Every label of every concept is analysed (folded, stemmed, stop words dropped) into a key;
   one Aho-Corasick automaton per language holds all keys. Short upper-case labels and
   abbreviations ('VCA', 'BA4', 'ADR') go into a separate case-sensitive automaton.
2. The offer's title and description are analysed the same way, Dutch compounds unknown to
   the taxonomy split into known parts ('lasopleiding' → 'las' + 'opleiding'), and both
   automata run over the token stream. A match contained in a longer match is dropped.
3. Each match weighs: label kind × field (title above description) × ambiguity, and far
   less in an incidental clause ('geen voorkennis Excel vereist'). A concept's score is the
   noisy-or of its matches.
4. Scores flow to equivalent concepts (a Flemish concept and the ESCO concept it names) and
   from an occupation to its essential skills ('opleiding tot lasser' → lassen).
No model weights, no randomness: the same text always gives the same concepts.
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import ahocorasick
from pydantic import TypeAdapter

from catalogue.model import Competence, CompetenceMethod, IscedCode, Offer
from core.analysis import (
    LANGUAGES,
    Decompounder,
    Token,
    abbreviation_key,
    analyse,
    analyse_label,
    guess_language,
    raw_words,
    words,
)
from taxonomy.model import ConceptType, LabelKind, uri_to_id
from taxonomy.occupations import MAX_LIFTED_SKILLS, SKILL_TYPES
from taxonomy.scoring import (
    AMBIGUITY_STEP,
    EQUIVALENT_FACTOR,
    FALLBACK_FIELD,
    FIELD_WEIGHT,
    GENERIC_DF,
    GROUP_FACTOR,
    INCIDENTAL_FACTOR,
    KIND_WEIGHT,
    MAX_CONCEPTS,
    MAX_FIELDS,
    MIN_SCORE,
    NEGATED_PREFIX,
    OCCUPATION_LIFT,
    PART_FACTOR,
    SHORT_ABBREVIATION,
    UNCURATED_SINGLE_WORD,
    drop_contained,
    incidental_spans,
    noisy_or,
)

if TYPE_CHECKING:
    from taxonomy.core import Taxonomy

_FIELDS = TypeAdapter(list[IscedCode])


@dataclass(frozen=True, slots=True)
class Entry:
    """One label of one concept, as stored under an automaton key."""

    concept_id: str
    kind: LabelKind
    lang: str
    label: str
    ntokens: int
    length: int  # characters of the automaton key ' t1 ... tn '
    weight: float  # label kind weight, lowered for one-word labels of imported schemes


@dataclass(slots=True)
class Hit:
    concept_id: str
    field: str
    label: str
    kind: LabelKind
    lang: str
    start: int
    end: int
    surface: str
    weight: float
    incidental: bool = False
    part: bool = False


@dataclass(slots=True)
class TagResult:
    """One concept the text is about: score 0..1, how it was found, and why."""

    concept_id: str
    score: float
    method: CompetenceMethod
    evidence: str
    hits: list[Hit] = field(default_factory=list)

    def as_competence(self) -> Competence:
        return Competence(
            concept_id=self.concept_id,
            score=round(min(1.0, max(0.0, self.score)), 3),
            method=self.method,
            evidence=self.evidence[:500],
        )


def _is_short_abbreviation(text: str) -> bool:
    if len(text) > 3 * SHORT_ABBREVIATION or text.lower() == text:
        return False
    compact = "".join(w for w, _, _ in raw_words(text))
    return (
        0 < len(compact) <= SHORT_ABBREVIATION
        and any(c.isalpha() for c in compact)
        and compact == compact.upper()
    )


class Tagger:
    """Tags text with concepts of one ``Taxonomy``; build once, reuse (thread-safe reads).

    The Dutch automaton and the abbreviations are built at once; the French and English
    automata on first use, so a process that only tags Dutch offers starts twice as fast."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self._lock = threading.Lock()
        keys: dict[str, dict[str, dict[str, Entry]]] = {"nl": {}}
        abbreviations: dict[str, dict[str, Entry]] = {}
        vocabulary: set[str] = set()
        self._pending: dict[str, list[tuple[str, str, LabelKind, str]]] = {"fr": [], "en": []}
        for concept in taxonomy:
            for lang, text, kind in concept.labels():
                variants = [text]
                if "(" in text:  # 'Python (computerprogrammering)' is also 'Python'
                    bare = re.sub(r"\s*\([^)]*\)", "", text).strip()
                    if bare and bare != text:
                        variants.append(bare)
                for variant in variants:
                    vkind = kind if variant == text else LabelKind.HIDDEN
                    if kind == LabelKind.ABBREVIATION or _is_short_abbreviation(variant):
                        key = abbreviation_key(variant)
                        if key:
                            self._add(abbreviations, key, concept.id, vkind, lang, text)
                        if kind != LabelKind.ABBREVIATION or len(key.replace(" ", "")) <= (
                            SHORT_ABBREVIATION
                        ):
                            continue
                    for label_lang in [lang] if lang else list(LANGUAGES):
                        if label_lang != "nl":
                            self._pending[label_lang].append((variant, concept.id, vkind, text))
                            continue
                        key = analyse_label(variant, label_lang)
                        if not key or (" " not in key and len(key) < 3):
                            continue
                        self._add(keys[label_lang], key, concept.id, vkind, label_lang, text)
                        if label_lang == "nl":
                            # three-letter parts ('las') only from the curated layer:
                            # imported labels would split 'werkgevers' into 'werkge-vers'
                            shortest = 3 if concept.scheme == "flemish" else 5
                            vocabulary.update(t for t in key.split() if len(t) >= shortest)
                            vocabulary.update(w for w, _, _ in words(variant) if len(w) >= shortest)
        self.decompounder = Decompounder(vocabulary)
        self._curb_generic(keys["nl"])
        self._automata = {"nl": self._build(keys["nl"])}
        self._abbreviations = self._build(abbreviations)
        self._field_cache: dict[str, tuple[str, ...]] = {}

    def automaton(self, lang: str) -> ahocorasick.Automaton:
        """The automaton of a language's labels (nl, fr, en), built on first use."""
        automaton = self._automata.get(lang)
        if automaton is not None:
            return automaton
        if lang not in self._pending:
            return self._automata["nl"]
        with self._lock:
            if lang not in self._automata:
                table: dict[str, dict[str, Entry]] = {}
                for variant, concept_id, kind, text in self._pending[lang]:
                    key = analyse_label(variant, lang)
                    if key and (" " in key or len(key) >= 3):
                        self._add(table, key, concept_id, kind, lang, text)
                self._curb_generic(table)
                self._automata[lang] = self._build(table)
                self._pending[lang] = []
            return self._automata[lang]

    @staticmethod
    def _add(
        table: dict[str, dict[str, Entry]],
        key: str,
        concept_id: str,
        kind: LabelKind,
        lang: str,
        text: str,
    ) -> None:
        per_concept = table.setdefault(key, {})
        current = per_concept.get(concept_id)
        if current is None or KIND_WEIGHT[kind] > KIND_WEIGHT[current.kind]:
            per_concept[concept_id] = Entry(
                concept_id, kind, lang, text, key.count(" ") + 1, len(key) + 2, KIND_WEIGHT[kind]
            )

    def _curb_generic(self, table: dict[str, dict[str, Entry]]) -> None:
        """One-word labels of imported schemes (ESCO, Competent) are noisy: 'werkster' stems
        to 'werk', 'medewerker' is in hundreds of labels. Drop them when their word occurs
        in more than GENERIC_DF concepts' labels, and weigh the other non-preferred ones
        less. The curated Flemish layer is left alone."""
        concepts_with: dict[str, set[str]] = defaultdict(set)
        for key, per_concept in table.items():
            for token in key.split():
                concepts_with[token].update(per_concept)
        for key in [k for k in table if " " not in k]:
            per_concept = table[key]
            generic = len(concepts_with[key]) > GENERIC_DF
            for cid, entry in list(per_concept.items()):
                if cid.startswith("vl:"):
                    continue
                if generic:
                    del per_concept[cid]
                elif entry.kind != LabelKind.PREFERRED:
                    per_concept[cid] = replace(entry, weight=entry.weight * UNCURATED_SINGLE_WORD)
            if not per_concept:
                del table[key]

    def _build(self, table: dict[str, dict[str, Entry]]) -> ahocorasick.Automaton:
        """Key ' t1 ... tn ' → (ambiguity factor, entries). Equivalent concepts (a Flemish
        concept and its ESCO concept) sharing a label count as one sense."""
        equivalents = self.taxonomy.equivalents
        automaton = ahocorasick.Automaton()
        for key, per_concept in table.items():
            entries = tuple(sorted(per_concept.values(), key=lambda e: e.concept_id))
            senses = 1
            if len(entries) > 1:
                senses = len(
                    {min({e.concept_id, *equivalents.get(e.concept_id, ())}) for e in entries}
                )
            ambiguity = max(0.3, 1.0 / (1.0 + AMBIGUITY_STEP * (senses - 1)))
            automaton.add_word(f" {key} ", (ambiguity, entries))
        if len(automaton):
            automaton.make_automaton()
        return automaton

    # ---------------------------------------------------------------- matching
    def _match(
        self,
        text: str,
        field_name: str,
        lang: str,
        offset_hits: list[Hit],
        incidental: bool,
        any_case: bool = False,
    ) -> None:
        """Append the hits of every label in ``text`` (one field) to ``offset_hits``;
        ``any_case`` also matches abbreviations typed in lower case ('vca', 'ba4')."""
        if not text:
            return
        clauses = incidental_spans(text) if incidental else []
        hits: list[Hit] = []
        tokens = analyse(text, lang, self.decompounder)
        self._run(
            self.automaton(lang),
            tokens,
            text,
            field_name,
            clauses,
            hits,
        )
        raw = [Token(w, s, e, w) for w, s, e in raw_words(text)]
        self._run(self._abbreviations, raw, text, field_name, clauses, hits)
        if any_case and any(t.term != t.term.upper() for t in raw):
            upper = [Token(t.term.upper(), t.start, t.end, t.surface) for t in raw]
            self._run(self._abbreviations, upper, text, field_name, clauses, hits)
        offset_hits.extend(drop_contained(hits))

    def _run(
        self,
        automaton: ahocorasick.Automaton,
        tokens: list[Token],
        text: str,
        field_name: str,
        clauses: list[tuple[int, int]],
        hits: list[Hit],
    ) -> None:
        if not tokens or not len(automaton):
            return
        starts: dict[int, int] = {}
        pieces: list[str] = []
        position = 0
        for i, token in enumerate(tokens):
            starts[position] = i  # index of the space before token i
            pieces.append(token.term)
            position += len(token.term) + 1
        haystack = " " + " ".join(pieces) + " "
        base = FIELD_WEIGHT[field_name]
        for end, (ambiguity, entries) in automaton.iter(haystack):
            n = entries[0].ntokens
            first = starts.get(end - entries[0].length + 1)
            if first is None:
                continue
            span_tokens = tokens[first : first + n]
            start, stop = span_tokens[0].start, span_tokens[-1].end
            part = any(t.part for t in span_tokens)
            incidental = any(a <= start < b for a, b in clauses) or bool(
                NEGATED_PREFIX.search(text, max(0, start - 6), start)
            )
            for entry in entries:
                if part and n == 1 and not entry.concept_id.startswith("vl:"):
                    continue  # a compound part alone is too weak for an imported label
                concept = self.taxonomy.concepts[entry.concept_id]
                weight = base * entry.weight * ambiguity
                if concept.type == ConceptType.GROUP:
                    weight *= GROUP_FACTOR
                if part:
                    weight *= PART_FACTOR
                if incidental:
                    weight *= INCIDENTAL_FACTOR
                hits.append(
                    Hit(
                        entry.concept_id,
                        field_name,
                        entry.label,
                        entry.kind,
                        entry.lang,
                        start,
                        stop,
                        text[start:stop],
                        weight,
                        incidental,
                        part,
                    )
                )

    # ---------------------------------------------------------------- public API
    def tag(
        self,
        title: str,
        description: str = "",
        lang: str = "nl",
        *,
        min_score: float = MIN_SCORE,
        limit: int = MAX_CONCEPTS,
    ) -> list[TagResult]:
        """Concepts of an offer's text, best first. ``lang`` picks the label language and
        stemmer (nl, fr, en); incidental mentions are recognised in the description only."""
        lang = lang if lang in LANGUAGES else "nl"
        hits: list[Hit] = []
        self._match(title, "title", lang, hits, incidental=False)
        self._match(description, "description", lang, hits, incidental=True)
        return self._score(hits, min_score, limit)

    def analyse_query(self, text: str, min_score: float = 0.3) -> list[tuple[str, float]]:
        """A search query's concepts in any language ('welding', 'soudage', 'lassen' all
        reach vl:lassen), best first, for query expansion. Unlike offer text, a query's
        abbreviations match in any case: people type 'vca' and 'ba4'."""
        hits: list[Hit] = []
        for lang in LANGUAGES:
            self._match(text, "query", lang, hits, incidental=False, any_case=True)
        # the same label can match in several languages: keep each concept's best per span
        best: dict[tuple[str, int, int], Hit] = {}
        for hit in hits:
            key = (hit.concept_id, hit.start, hit.end)
            if key not in best or hit.weight > best[key].weight:
                best[key] = hit
        results = self._score(list(best.values()), min_score, MAX_CONCEPTS)
        return [(r.concept_id, round(r.score, 3)) for r in results]

    def _score(self, hits: list[Hit], min_score: float, limit: int) -> list[TagResult]:
        by_concept: dict[str, list[Hit]] = defaultdict(list)
        for hit in hits:
            by_concept[hit.concept_id].append(hit)
        results: dict[str, TagResult] = {}
        for concept_id, concept_hits in by_concept.items():
            concept_hits.sort(key=lambda h: (-h.weight, h.start))
            score = noisy_or(h.weight for h in concept_hits)
            results[concept_id] = TagResult(
                concept_id, score, CompetenceMethod.LABEL, _evidence(concept_hits), concept_hits
            )
        self._spread(results)
        self._infer_occupations(results)
        # equal scores: the curated Flemish concept first (its labels were chosen by hand)
        ranked = sorted(
            (r for r in results.values() if r.score >= min_score),
            key=lambda r: (-r.score, not r.concept_id.startswith("vl:"), r.concept_id),
        )
        for r in ranked:
            r.score = round(min(1.0, r.score), 3)
        return ranked[:limit]

    def _spread(self, results: dict[str, TagResult]) -> None:
        """Equivalents (Flemish <-> ESCO) and occupation → essential skills."""
        taxonomy = self.taxonomy
        for concept_id, result in list(results.items()):
            for other in sorted(taxonomy.equivalents.get(concept_id, ())):
                lifted = result.score * EQUIVALENT_FACTOR
                self._lift(
                    results,
                    other,
                    lifted,
                    CompetenceMethod.CROSSWALK,
                    f"equivalent of {taxonomy.label(concept_id)}",
                )
        specificity = taxonomy.occupation_index.specificity
        for concept_id, result in sorted(list(results.items())):
            concept = taxonomy.concepts[concept_id]
            if concept.type != ConceptType.OCCUPATION or result.method != CompetenceMethod.LABEL:
                continue
            # the occupation's most specific essential skills, not its 'teamwork'
            skills = [s for s in dict.fromkeys(concept.essential) if s in taxonomy.concepts]
            skills.sort(key=lambda s: (-specificity.get(s, 1.0), s))
            for skill in skills[:MAX_LIFTED_SKILLS]:
                if skill in taxonomy.concepts:
                    self._lift(
                        results,
                        skill,
                        result.score * OCCUPATION_LIFT,
                        CompetenceMethod.OCCUPATION,
                        f"essential skill of occupation {concept.label('nl')}",
                    )

    def _infer_occupations(self, results: dict[str, TagResult]) -> None:
        """Occupations that need the skills found in the text (``OccupationIndex.infer``);
        an occupation named in the text as well gains from them."""
        taxonomy = self.taxonomy
        found = [
            (cid, r.score)
            for cid, r in results.items()
            if r.method in (CompetenceMethod.LABEL, CompetenceMethod.CROSSWALK)
            and taxonomy.concepts[cid].type in SKILL_TYPES
        ]
        index = taxonomy.occupation_index
        in_title = frozenset(
            cid for cid, _ in found if any(h.field == "title" for h in results[cid].hits)
        )
        inferred_all = index.infer(found, in_title)
        for inferred in inferred_all:
            evidence = index.describe(inferred)
            current = results.get(inferred.occupation_id)
            if current is not None and current.method == CompetenceMethod.LABEL:
                current.score = noisy_or([current.score, inferred.score * 0.5])
                current.evidence = f"{current.evidence}; {evidence}"
                continue
            self._lift(
                results,
                inferred.occupation_id,
                inferred.score,
                CompetenceMethod.OCCUPATION,
                evidence,
            )
        # a curated Flemish occupation and its ESCO occupation agreeing count for more
        for inferred in inferred_all:
            for other in sorted(taxonomy.equivalents.get(inferred.occupation_id, ())):
                lifted = inferred.score * EQUIVALENT_FACTOR
                current = results.get(other)
                if current is not None and current.method == CompetenceMethod.OCCUPATION:
                    current.score = noisy_or([current.score, lifted * 0.5])
                    continue
                self._lift(
                    results, other, lifted, CompetenceMethod.OCCUPATION, index.describe(inferred)
                )

    @staticmethod
    def _lift(
        results: dict[str, TagResult],
        concept_id: str,
        score: float,
        method: CompetenceMethod,
        evidence: str,
    ) -> None:
        current = results.get(concept_id)
        if current is None:
            results[concept_id] = TagResult(concept_id, score, method, evidence)
        elif current.method == CompetenceMethod.LABEL:
            current.score = noisy_or([current.score, score * 0.5])
        elif score > current.score:
            current.score, current.method, current.evidence = score, method, evidence

    def fields_of_education(self, results: list[TagResult]) -> list[str]:
        """ISCED-F codes voted by the concepts' fields, weighted by score; the most specific
        codes win. Never empty: without any field it is '9999' (field unknown)."""
        votes: dict[str, float] = defaultdict(float)
        for result in results:
            for code in self._fields_of(result.concept_id):
                votes[code] += result.score
        if not votes:
            return [FALLBACK_FIELD]
        top = max(votes.values())
        chosen = sorted(
            (c for c, v in votes.items() if v >= 0.5 * top), key=lambda c: (-votes[c], c)
        )
        specific = [c for c in chosen if not any(o != c and o.startswith(c) for o in chosen)]
        return specific[:MAX_FIELDS]

    def _fields_of(self, concept_id: str) -> tuple[str, ...]:
        cached = self._field_cache.get(concept_id)
        if cached is not None:
            return cached
        concept = self.taxonomy.concepts[concept_id]
        codes: list[str] = list(concept.isced)
        if concept.scheme == "isced-f" and concept.code:
            codes.append(concept.code)
        if not codes:
            for ancestor in self.taxonomy.broader(concept_id, transitive=True):
                if ancestor.startswith("isced-f:"):
                    codes.append(ancestor.split(":", 1)[1])
            if not codes:
                for other in self.taxonomy.equivalents.get(concept_id, ()):
                    codes.extend(self.taxonomy.concepts[other].isced)
            if not codes and concept.essential:
                # an occupation without a field of its own: the most common field of its
                # essential skills (ESCO occupations carry none)
                counts: dict[str, int] = defaultdict(int)
                for skill in concept.essential:
                    if skill in self.taxonomy.concepts and skill != concept_id:
                        for code in self._fields_of(skill):
                            counts[code] += 1
                if counts:
                    top = max(counts.values())
                    codes.extend(sorted(c for c, n in counts.items() if n == top))
        result = tuple(dict.fromkeys(c for c in codes if c.isdigit() and 2 <= len(c) <= 4))
        self._field_cache[concept_id] = result
        return result


def _evidence(hits: list[Hit]) -> str:
    parts = []
    for hit in hits[:3]:
        note = " (incidental)" if hit.incidental else ""
        parts.append(f'{hit.field}: "{hit.surface}" ~ "{hit.label}"{note}')
    return "; ".join(parts)


# ---------------------------------------------------------------- offers
def tag_offer(offer: Offer, taxonomy: Taxonomy | None = None) -> Offer:
    """A copy of ``offer`` with ``competences`` and ``fields_of_education`` filled.

    The text is analysed in the offer's language (its first two of nl/fr/en, or a guess
    from function words when the source states none). Competences the source itself gave
    (method source/manual) are kept (an ESCO URI becomes the concept id ``esco:skill/…``),
    and the tagger's concepts are added after them; ``fields_of_education`` keeps the
    source's codes and always holds at least one code."""
    if taxonomy is None:
        from taxonomy.core import load_taxonomy

        taxonomy = load_taxonomy()
    tagger = taxonomy.tagger
    languages = [lang for lang in offer.languages if lang in LANGUAGES][:2]
    if not languages:
        languages = [guess_language(f"{offer.title}. {offer.description}")]
    results = tagger.tag(offer.title, offer.description, languages[0])
    if len(languages) > 1:  # a bilingual offer: both languages' labels, best score wins
        best = {r.concept_id: r for r in results}
        for r in tagger.tag(offer.title, offer.description, languages[1]):
            if r.concept_id not in best or r.score > best[r.concept_id].score:
                best[r.concept_id] = r
        results = sorted(best.values(), key=lambda r: (-r.score, r.concept_id))[:MAX_CONCEPTS]
    kept: list[Competence] = []
    present: set[str] = set()
    for c in offer.competences:
        if c.method not in (CompetenceMethod.SOURCE, CompetenceMethod.MANUAL):
            continue
        concept_id = uri_to_id(c.concept_id)  # an ESCO URI from schema.org 'teaches'
        if concept_id not in present:
            present.add(concept_id)
            kept.append(c.model_copy(update={"concept_id": concept_id}))
    competences = kept + [r.as_competence() for r in results if r.concept_id not in present]
    fields = list(offer.fields_of_education)
    computed = tagger.fields_of_education(results)
    if fields:
        fields += [c for c in computed if c not in fields and c != FALLBACK_FIELD]
    else:
        fields = computed
    # The offer is valid already and the competences were validated as they were made, so
    # only the new codes are checked and the hash recomputed: validating the whole offer
    # again cost a third of tagging. Nested parts (sessions, provider ...) are shared with
    # ``offer``, as between any two pydantic copies: treat offers as values.
    tagged = offer.model_copy(
        update={"competences": competences, "fields_of_education": _FIELDS.validate_python(fields)}
    )
    tagged.content_hash = tagged.compute_content_hash()
    return tagged
