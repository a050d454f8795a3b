"""URL helpers: tracking-parameter removal and the canonical key that identifies a posting's page."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from w3lib.url import canonicalize_url, url_query_cleaner

# Query parameters that only say how a visitor arrived; they never select a different posting.
TRACKING_PARAMETERS = frozenset(
    {
        "gclid", "gclsrc", "dclid", "fbclid", "msclkid", "yclid", "mc_cid", "mc_eid", "_hsenc", "_hsmi",
        "igshid", "ref", "ref_src", "referrer", "src", "source", "trk", "trackingid", "refid", "from",
        "tk", "vjs", "advn", "adid", "ad", "sjdu", "acatk", "pub", "camk", "xkcb", "xpse", "xfps", "bb",
        "hl", "co", "gh_src", "lever-source", "lever-origin", "ashby_jid", "sid", "iis", "iisn",
    }
)
TRACKING_PREFIXES = ("utm_", "_ga", "_gl", "mtm_", "pk_", "hsa_")


def is_tracking_parameter(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMETERS or lowered.startswith(TRACKING_PREFIXES)


def strip_tracking(url: str) -> str:
    """The URL without tracking parameters and fragment; other parameters keep their order and their bytes
    (w3lib does not re-encode them: ``q=a%20b`` stays as the site wrote it)."""
    parts = urlsplit(url)
    if not parts.query and not parts.fragment:
        return url
    # w3lib matches names exactly; the tracking families are prefixes (utm_*), so name this URL's ones first.
    tracking = [name for name, _ in parse_qsl(parts.query, keep_blank_values=True) if is_tracking_parameter(name)]
    return url_query_cleaner(url, tracking, remove=True, unique=False)


def url_key(url: str) -> str:
    """Canonical form for identity: tracking removed, query sorted, host lower-cased, no fragment."""
    key = canonicalize_url(strip_tracking(url), keep_fragments=False)
    # http and https serve the same posting; so do www. and the bare host.
    scheme, _, rest = key.partition("://")
    if scheme in ("http", "https"):
        rest = rest[4:] if rest.startswith("www.") else rest
        return "https://" + rest
    return key


def posting_key(source: str, external_id: str | None, url: str) -> str:
    """One posting's identity: the site's own id where it has one, else its canonical URL."""
    if external_id:
        return f"{source}:{external_id}"
    return url_key(url)
