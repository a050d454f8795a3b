"""Small helpers of ``jobcrawl.extract.common``: the page's values as it gave them, whitespace collapsed."""

from __future__ import annotations

from jobcrawl.extract.common import location_fields
from jobcrawl.normalize.location import split_locations


def test_location_fields_keep_each_shown_string_whole_and_distinct() -> None:
    # splitting "Austin, TX | Remote" is Normalize's; Extract keeps what the page said, once each
    fields = location_fields(["Austin, TX | Remote", " Austin,\n TX | Remote ", None, "", "Berlin"])
    assert fields == {"location_raw": "Austin, TX | Remote | Berlin", "locations_raw": ["Austin, TX | Remote", "Berlin"]}
    assert split_locations(fields["locations_raw"][0]) == ["Austin, TX", "Remote"]


def test_location_fields_without_a_location_are_empty() -> None:
    assert location_fields([None, "  "]) == {}
