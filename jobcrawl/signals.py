"""jobcrawl's own signals: how the parts of one crawl talk without importing each other.

Sent and received through ``crawler.signals`` like Scrapy's; the stats are for reporting, never read as messages. Distributed mode acknowledges a request only
when its items are committed, so it needs the store's word on every flush, and it asks the store to flush
when it has nothing else in progress; neither side imports the other.
"""

# The store pipeline is part of this crawl (sent from its from_crawler): finished requests wait for
# ``items_stored`` before they are acknowledged. Without a store, nothing is written to wait for.
store_attached = object()

# Sent after each flush of the store, with ``spooled=True`` when the batch could not be written and went to
# the spool file instead: every item received before it is then committed (or spooled).
items_stored = object()

# Ask the store to write what it holds now rather than at its next batch.
flush_store = object()

# This crawl's run is recorded in crawl_runs, with ``run_id=``: sent by the store pipeline when the spider opens
# (every component is built by then; start requests are not read yet). Parts that tag what they write or read
# with the run (the boards pipeline, the JOBDIR guard, the re-check) keep it from here, not from the stats.
run_started = object()
