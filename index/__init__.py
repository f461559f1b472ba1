"""The search index: one query model over tantivy (embedded) and Elasticsearch/OpenSearch."""
