"""The shared domain model (one normalised training offer) and the catalogue store.

Every other package passes :class:`catalogue.model.Offer` around and keeps it in the
store returned by :func:`catalogue.store.open_store`.
"""
