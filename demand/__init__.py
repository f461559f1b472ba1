"""The search demand log: what people search for and whether they found anything, kept as
anonymous daily counts (docs/reports.md, "Vraag zonder aanbod").

- ``demand.privacy``: a query's normalised form, or why it is not kept (personal-looking).
- ``demand.store``: the SQLite file of daily counts (``demand.sqlite3`` in the data dir).
- ``demand.log``: per-process counting in memory, flushed in batches by a background thread.
- ``web.demand``: the hook the search API and page call (``note_search``).
"""
