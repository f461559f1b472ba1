"""The relevance benchmark: a realistic catalogue, graded judgements and their evaluation."""
