"""Europass: the catalogue as ELM v3 "Learning Opportunities and Qualifications" (QDR LOQ XML).

Above ``catalogue``, ``taxonomy`` and ``funding``; below ``web`` and the CLI. The LOQ schema and
its controlled vocabularies ship in ``schema/`` (EUPL 1.2), so exports validate offline.
"""

from europass.mapping import Inexpressible, OfferMapper
from europass.validation import loq_schema, validation_errors
from europass.writer import ExportReport, stream_elm

__all__ = [
    "ExportReport",
    "Inexpressible",
    "OfferMapper",
    "loq_schema",
    "stream_elm",
    "validation_errors",
]
