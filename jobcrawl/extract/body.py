"""Is a body text at all? Checked before any parsing, because a binary file served as ``text/html`` (an image,
a zip, random bytes) sent lxml and the extractors through megabytes of garbage: a 3 MB random body held the
crawl for 30-80 s and then failed as ``extract-error``.

Only a sample from the start is looked at: binary content shows there, and the check costs microseconds.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable

# Enough to hold the <head> of a page and more than enough to tell text from binary.
SAMPLE_BYTES = 64 * 1024
# Share of control characters and undecodable bytes above which the body is not text. Real pages have
# none or a handful (a stray \x1a, a few bytes in the wrong encoding); random bytes about half.
MAX_BAD_SHARE = 0.05
# C0 controls that never appear in text (tab, line feed, form feed and carriage return do).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\x0c\r") + b"\x7f"
_UTF16_32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def binary_body_detail(body: bytes, encoding: str | Callable[[], str | None] | None = None) -> str | None:
    """Why ``body`` is not text (the ``detail`` of a ``not-html`` problem), or None when it is text.

    NUL bytes mean binary (unless the body starts with a UTF-16/32 byte-order mark); otherwise the share of
    control characters and of bytes that do not decode in ``encoding`` (the response's) decides. ``encoding``
    may be a function, called only when the bytes alone did not decide: a response's ``encoding`` decodes
    the whole body to guess it (0.17 s for 3 MB of random bytes)."""
    sample = body[:SAMPLE_BYTES]
    if not sample or sample.startswith(_UTF16_32_BOMS):
        return None
    if b"\x00" in sample:
        return f"binary content: NUL bytes in the first {len(sample):,} bytes"
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if callable(encoding):
        encoding = encoding()
    try:
        decoder = codecs.getincrementaldecoder(encoding or "utf-8")(errors="replace")
    except LookupError:  # an encoding name Python does not know: judge by UTF-8
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    # Not final: a multi-byte character cut at the end of the sample is not counted against the page.
    text = decoder.decode(sample, final=len(sample) == len(body))
    if not text:
        return None
    bad = controls + text.count("\ufffd")
    if bad > MAX_BAD_SHARE * len(text):
        return (f"binary content: {bad / len(text):.0%} control or undecodable characters "
                f"in the first {len(sample):,} bytes ({encoding or 'utf-8'})")
    return None
