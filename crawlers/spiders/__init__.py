"""One small file per source. Most are configuration over :mod:`crawlers.spiders.base` and the
mixins in :mod:`crawlers.spiders.mixins`; each keeps its CSS selectors in one ``SELECTORS``
dict, so adapting to a changed live site is a one-file change."""
