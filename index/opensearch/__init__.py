"""The Elasticsearch/OpenSearch search engine: ``OpenSearchIndex``; its parts are described
in ``index.opensearch.engine``."""

from index.opensearch.adapters import detect_kind, make_adapter
from index.opensearch.engine import OpenSearchIndex

__all__ = ["OpenSearchIndex", "detect_kind", "make_adapter"]
