"""The competence taxonomy (ESCO, ISCED-F, a Flemish layer) and the tagger."""
