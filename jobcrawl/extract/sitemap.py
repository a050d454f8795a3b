"""Sitemaps: parse a ``<urlset>`` or ``<sitemapindex>`` safely and return its URLs; find the sitemaps a
robots.txt names.

The parser never resolves entities, never touches the network and refuses huge trees, so a hostile sitemap
(billion-laughs entity expansion, external entities) yields nothing rather than exhausting memory.

Why not Scrapy's ``scrapy.utils.sitemap.Sitemap``: it does not expand entities either, but it reads a
``<loc>`` whose text holds an entity reference as the text before the reference, so ``<loc>https://a.example/
&xxe;</loc>`` becomes ``https://a.example/`` and ``/jobs/1&e;`` becomes ``/jobs/1``: wrong URLs that would be
fetched (checked with Scrapy 2.19). Entries with entity references are skipped here instead. robots.txt is
read with Scrapy's own ``sitemap_urls_from_robots``.
"""

from __future__ import annotations

import gzip
import io
import re
from dataclasses import dataclass, field

from lxml import etree
from scrapy.http import TextResponse
from scrapy.utils.sitemap import sitemap_urls_from_robots

MAX_BYTES = 50 * 1024 * 1024  # the sitemap protocol's limit (uncompressed)
_DOCTYPE = re.compile(rb"<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>", re.DOTALL | re.IGNORECASE)
_ROBOTS_LINE = re.compile(rb"^[ \t]*(?:user-agent|sitemap|disallow|allow|crawl-delay)[ \t]*:", re.IGNORECASE | re.MULTILINE)
_CUSTOM_ENTITY = re.compile(rb"&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)[A-Za-z_][\w.-]*;")


@dataclass
class Sitemap:
    kind: str | None = None  # "urlset" or "sitemapindex"
    urls: list[str] = field(default_factory=list)  # page URLs (urlset) or child sitemap URLs (sitemapindex)
    lastmod: dict[str, str] = field(default_factory=dict)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                           dtd_validation=False, recover=True, remove_comments=True, remove_pis=True)


def looks_like_sitemap(body: bytes | str) -> bool:
    head = body[:2048] if isinstance(body, (bytes, str)) else b""
    if isinstance(head, str):
        head = head.encode("utf-8", "ignore")
    if head[:2] == b"\x1f\x8b":
        return True
    return b"<urlset" in head or b"<sitemapindex" in head


def parse_sitemap(body: bytes | str) -> Sitemap:
    """URLs of a sitemap or sitemap index (gzip accepted). Empty ``Sitemap`` for anything unreadable."""
    if isinstance(body, str):
        body = body.encode("utf-8")
    if body[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(body)) as fh:
                body = fh.read(MAX_BYTES + 1)
        except OSError:
            return Sitemap()
    if len(body) > MAX_BYTES:
        body = body[:MAX_BYTES]
    # Sitemaps need no DTD: drop it, and mark references to entities it would have declared, so the
    # entries using them are skipped instead of being read half-expanded (or not parsed at all).
    head_end = max(body.find(b"<urlset"), body.find(b"<sitemapindex"))
    if head_end > 0 and b"<!" in body[:head_end]:
        body = _DOCTYPE.sub(b"", body[:head_end]) + body[head_end:]
    if b"&" in body:
        body = _CUSTOM_ENTITY.sub(b"&amp;jobcrawl-entity;", body)
    try:
        root = etree.fromstring(body, parser=_parser())
    except etree.XMLSyntaxError:
        return Sitemap()
    if root is None:
        return Sitemap()
    kind = etree.QName(root).localname
    if kind not in ("urlset", "sitemapindex"):
        return Sitemap()
    result = Sitemap(kind=kind)
    child = "url" if kind == "urlset" else "sitemap"
    for entry in root:
        if not isinstance(entry.tag, str) or etree.QName(entry).localname != child:
            continue
        loc = lastmod = None
        for item in entry:
            if not isinstance(item.tag, str):
                continue
            name = etree.QName(item).localname
            # only the element's own text: unresolved entity references are child nodes and stay unexpanded
            if name == "loc":
                loc = (item.text or "").strip()
            elif name == "lastmod":
                lastmod = (item.text or "").strip()
        if loc and "&jobcrawl-entity;" not in loc and loc.startswith(("http://", "https://")):
            result.urls.append(loc)
            if lastmod:
                result.lastmod[loc] = lastmod
    return result


def looks_like_robots_txt(response: TextResponse) -> bool:
    """A robots.txt by its content: plain text (not markup) with robots.txt fields at line starts."""
    head = response.body[:4096]
    return not head.lstrip().startswith(b"<") and bool(_ROBOTS_LINE.search(head))


def sitemaps_from_robots_txt(response: TextResponse) -> list[str]:
    """The sitemap URLs a robots.txt names (``Sitemap:`` lines), absolute."""
    return list(dict.fromkeys(sitemap_urls_from_robots(response.body, base_url=response.url)))
