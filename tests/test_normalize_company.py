"""company_key / clean_company."""

import pytest

from jobcrawl.normalize.company import clean_company, company_key, strip_page_decorations


@pytest.mark.parametrize(
    "name, key",
    [
        ("Canonical - Jobs", "canonical"),
        ("Canonical", "canonical"),
        ("Canonical Ltd.", "canonical"),
        ("3M", "3m"),
        ("Apple Inc.", "apple"),
        ("Apple Inc", "apple"),
        ("Reddit, Inc.", "reddit"),
        ("Google LLC", "google"),
        ("Acme Limited", "acme"),
        ("Bosch GmbH", "bosch"),
        ("Microsoft Corporation", "microsoft"),
        ("Microsoft Corp", "microsoft"),
        ("Ford Motor Co.", "ford motor"),
        ("Ford Motor Company", "ford motor"),
        ("Barclays plc", "barclays"),
        ("Nestlé S.A.", "nestle"),
        ("The Home Depot", "home depot"),
        ("The Walt Disney Company", "walt disney"),
        ("Acme Careers", "acme"),
        ("Acme Jobs", "acme"),
        ("Atlassian Pty Ltd", "atlassian"),
        ("Procter & Gamble", "procter and gamble"),
        ("Palantir Technologies", "palantir technologies"),
        ("Office of Senator Becker", "office of senator becker"),
        ("TurnKey Tech Staffing", "turnkey tech staffing"),
        ("Inc.", "inc"),  # nothing but a legal form: keep it rather than lose the name
        ("", None),
        (None, None),
    ],
)
def test_company_key(name, key):
    assert company_key(name) == key


@pytest.mark.parametrize(
    "name, shown",
    [("Canonical - Jobs", "Canonical"), ("Apple Inc.", "Apple Inc."), ("Acme | Careers", "Acme"),
     ("  Virgin\u00a0Galactic ", "Virgin Galactic"), ("Jobs", "Jobs"), (None, None),
     ("Careers at Acme", "Acme"), ("Work for Krispy Kreme", "Krispy Kreme"), ("Acme Karriere", "Acme")],
)
def test_clean_company(name, shown):
    assert clean_company(name) == shown


@pytest.mark.parametrize(
    "name, bare",
    [
        ("Acme - Careers page", "Acme"), ("Acme job board", "Acme"), ("Jobs with Acme", "Acme"), ("@acme", "acme"),
        ("Join us at Acme", "Acme"), ("Acme We're Hiring", "Acme"), ("Careers", ""), ("Careers at", ""),
        # decoration words are only decorations at the edges: inside a name or leading it alone they are the name
        ("Steve Jobs Archive", "Steve Jobs Archive"), ("Jobs for Humanity", "Jobs for Humanity"),
        ("Hiring Our Heroes", "Hiring Our Heroes"), ("At Home", "At Home"),
        ("Caf\u00e9  Acme Careers", "Caf\u00e9  Acme"),  # nothing else changes: spacing and characters stay
    ],
)
def test_strip_page_decorations(name, bare):
    assert strip_page_decorations(name) == bare
