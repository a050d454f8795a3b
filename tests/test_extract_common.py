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


def test_node_text_joins_text_nodes_without_a_space_before_punctuation() -> None:
    from parsel import Selector

    from jobcrawl.extract.common import node_text

    def text(html: str) -> str | None:
        return node_text(Selector(text=f"<div id='d'>{html}</div>").css("#d")[0])

    assert text("<span>Cupertino</span>, <span>CA</span>") == "Cupertino, CA"
    assert text("<span>Paid</span> <b>(</b><i>yearly</i><b>)</b> <span>!</span>") == "Paid (yearly)!"
    assert text("<span>Remote </span>\u00a0<span>.</span>") == "Remote."
    assert text("<span>a ,b</span> <span>1 . 5</span>") == "a ,b 1. 5"  # only before a space or the end
    assert text("<span> Go\t Rust </span><script>x</script>") == "Go Rust"
    assert text(" ") is None
