"""The competence taxonomy (ESCO, ISCED-F, a Flemish layer) and the tagger.

Public API::

    from taxonomy import load_taxonomy
    tax = load_taxonomy()                     # cached per process
    tax.get("vl:lassen"); tax.label("vl:lassen", "fr"); tax.narrower_closure("vl:lassen")
    from taxonomy.tagging import tag_offer    # Offer -> Offer with competences filled
"""

from taxonomy.core import Taxonomy, clear_cache, load_taxonomy
from taxonomy.model import Concept, ConceptType, Scheme

__all__ = ["Concept", "ConceptType", "Scheme", "Taxonomy", "clear_cache", "load_taxonomy"]
