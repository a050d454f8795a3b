"""The identity pipeline's old name: ``pipelines.dedupe.DedupePipeline`` in a project's ITEM_PIPELINES keeps working.

It never dropped duplicates (the store links them against the database); it computes identity keys, hence
:mod:`pipelines.identity`. Use ``pipelines.identity.IdentityPipeline`` in new settings.
"""

from pipelines.identity import IdentityPipeline as DedupePipeline
from pipelines.identity import identity_keys

__all__ = ["DedupePipeline", "identity_keys"]
