"""Small generated posting and listing pages for crawl tests served from loopback."""

from __future__ import annotations

import html
import json

WORDS = ("data pipelines analytics platform customers reliability security mentoring design reviews testing "
         "observability cloud services python sql streaming batch quality documentation roadmap planning "
         "stakeholders hiring onboarding budgets forecasting inventory logistics compliance").split()


def description(seed: int, sentences: int = 8) -> str:
    """Distinct, deterministic prose per seed (enough words for near-duplicate detection)."""
    out = []
    for s in range(sentences):
        words = [WORDS[(seed * 7 + s * 3 + k * (seed % 5 + 1)) % len(WORDS)] for k in range(9)]
        out.append(f"Sentence {s} of posting {seed} covers " + " ".join(words) + ".")
    return " ".join(out)


def posting_page(seed: int, *, title: str | None = None, company: str = "Loopback Labs",
                 text: str | None = None, extra_html: str = "") -> bytes:
    title = title or f"Engineer {seed}"
    text = text if text is not None else description(seed)
    body_html = (f"<h2>About us</h2><p>{html.escape(text)}</p>{extra_html}"
                 "<h2>Requirements</h2><ul><li>Python and SQL</li><li>Clear writing</li></ul>")
    ld = {
        "@context": "https://schema.org", "@type": "JobPosting", "title": title,
        "hiringOrganization": {"@type": "Organization", "name": company},
        "jobLocation": {"@type": "Place", "address": {"addressLocality": "Austin", "addressRegion": "TX",
                                                        "addressCountry": "US"}},
        "datePosted": "2026-01-10", "employmentType": "FULL_TIME", "identifier": {"value": f"JOB-{seed}"},
        "description": body_html,
    }
    page = (f"<!doctype html><html><head><title>{html.escape(title)} - {company}</title>"
            f'<script type="application/ld+json">{json.dumps(ld)}</script></head>'
            f"<body><main><h1>{html.escape(title)}</h1><div class=\"job-description\">{body_html}</div></main>"
            "</body></html>")
    return page.encode()


def listing_page(links: list[str], next_href: str | None = None) -> bytes:
    cards = "".join(f'<li class="job-card"><a class="job-link" href="{h}">Job {i}</a></li>'
                    for i, h in enumerate(links))
    nav = f'<nav class="pagination"><a rel="next" href="{next_href}">Next</a></nav>' if next_href else ""
    return f"<!doctype html><html><head><title>Jobs</title></head><body><ul>{cards}</ul>{nav}</body></html>".encode()


HTML = {"Content-Type": "text/html; charset=utf-8"}
