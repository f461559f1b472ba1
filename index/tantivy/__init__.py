"""The embedded search engine (tantivy): ``TantivyIndex``; its parts are described in
``index.tantivy.engine``."""

from index.tantivy.engine import TantivyIndex

__all__ = ["TantivyIndex"]
