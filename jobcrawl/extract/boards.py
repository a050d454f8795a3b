"""Job-board detail pages recognized by their markup: LinkedIn (public guest view and the logged-in details
pane) and SEEK. Each ``extract_*`` returns a partial dict or None when the page is not of that kind."""

from __future__ import annotations

import re
from typing import Any

from parsel import Selector

from jobcrawl.extract.common import clean, description_from_node, first_text, location_fields, node_text, with_sources

_CRITERIA_EMPLOYMENT = re.compile(r"employment type", re.I)
_REMOTE = re.compile(r"^(remote|hybrid|on-site|onsite)$", re.I)


def extract_linkedin(root: Selector) -> dict[str, Any] | None:
    title = first_text(root, ".top-card-layout__title", ".topcard__title")
    if title:
        out: dict[str, Any] = {
            "title": title,
            "company": first_text(root, ".topcard__org-name-link", ".top-card-layout__card .topcard__flavor a",
                                  ".topcard__flavor:not(.topcard__flavor--bullet)"),
            "date_posted_raw": first_text(root, ".posted-time-ago__text", ".topcard__flavor--metadata.posted-time-ago__text"),
        }
        loc = first_text(root, ".topcard__flavor-row .topcard__flavor--bullet", ".topcard__flavor--bullet")
        out.update(location_fields([loc]))
        for item in root.css(".description__job-criteria-item"):
            label = node_text(item.css(".description__job-criteria-subheader")) or ""
            if _CRITERIA_EMPLOYMENT.search(label):
                out["employment_type_raw"] = node_text(item.css(".description__job-criteria-text"))
        out["salary_raw"] = first_text(root, ".salary.compensation__salary", ".compensation__salary")
        node = root.css(".show-more-less-html__markup, .description__text")
        if node:
            out.update(description_from_node(node[0]))
        return with_sources(out, "linkedin.topcard", description_text="linkedin.description")
    title = first_text(
        root,
        ".job-details-jobs-unified-top-card__job-title",
        ".jobs-unified-top-card__job-title",
        ".t-24.job-details-jobs-unified-top-card__job-title",
    )
    if not title:
        return None
    out = {"title": title}
    primary = root.css(
        ".job-details-jobs-unified-top-card__primary-description-without-tagline, "
        ".job-details-jobs-unified-top-card__primary-description, .jobs-unified-top-card__primary-description"
    )
    company = first_text(root, ".job-details-jobs-unified-top-card__company-name", ".jobs-unified-top-card__company-name")
    location = first_text(root, ".job-details-jobs-unified-top-card__bullet", ".jobs-unified-top-card__bullet")
    posted = None
    if primary:
        parts = [clean(p) for p in re.split(r"[·•]", node_text(primary[0]) or "")]
        parts = [p for p in parts if p]
        company = company or first_text(primary[0], "a") or (parts[0] if parts else None)
        rest = [p for p in parts if p != company]
        if not location and rest:
            location = rest[0]
        posted = next((p for p in rest if re.search(r"\bago\b|posted", p, re.I)), None)
    out["company"] = company
    out.update(location_fields([location]))
    out["date_posted_raw"] = posted
    out["remote_raw"] = first_text(root, ".job-details-jobs-unified-top-card__workplace-type")
    insight = root.css(".job-details-jobs-unified-top-card__job-insight")
    if insight:
        for text in insight[0].xpath(".//span/text()").getall():
            text = clean(text)
            if text and re.search(r"time|contract|temporary|intern", text, re.I):
                out["employment_type_raw"] = text
                break
    node = root.css("#job-details, .jobs-description-content__text, .jobs-description__content, .jobs-box__html-content")
    if node:
        out.update(description_from_node(node[0]))
    return with_sources(out, "linkedin.topcard", description_text="linkedin.description")


def extract_seek(root: Selector) -> dict[str, Any] | None:
    title = first_text(root, '[data-automation="job-detail-title"]')
    if not title:
        return None
    out: dict[str, Any] = {
        "title": title,
        "company": first_text(root, '[data-automation="advertiser-name"]'),
        "employment_type_raw": first_text(root, '[data-automation="job-detail-work-type"]'),
        "salary_raw": first_text(root, '[data-automation="job-detail-salary"]'),
        "date_posted_raw": first_text(root, '[data-automation="job-detail-date"]'),
    }
    loc = first_text(root, '[data-automation="job-detail-location"]')
    if loc:
        match = re.match(r"^(.*?)\s*\((Remote|Hybrid|On-site)\)\s*$", loc, re.I)
        if match:
            loc, out["remote_raw"] = match.group(1), match.group(2)
        out.update(location_fields([loc]))
    node = root.css('[data-automation="jobAdDetails"]')
    if node:
        out.update(description_from_node(node[0]))
    return with_sources(out, "seek.header", description_text="seek.description")
