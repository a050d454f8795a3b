"""parse_location / split_locations / country_code."""

import json

import pytest
from conftest import shared_file

from jobcrawl.normalize.location import country_code, parse_location, split_locations



@pytest.mark.parametrize(
    "raw, city, region, country",
    [
        ("Austin, TX", "Austin", "TX", "US"),
        ("Austin, TX 78701", "Austin", "TX", "US"),
        ("Remote in Denver, CO", "Denver", "CO", "US"),
        ("Hybrid remote in Seattle, WA 98101", "Seattle", "WA", "US"),
        ("London", "London", None, "GB"),  # a job hub names its country
        ("London, England, United Kingdom", "London", "England", "GB"),
        ("Toronto, ON", "Toronto", "ON", "CA"),
        ("Toronto, Canada", "Toronto", None, "CA"),
        ("Toronto, Ontario, Canada", "Toronto", "ON", "CA"),
        ("Montréal, QC H3B 2Y5", "Montréal", "QC", "CA"),
        ("Melbourne VIC", "Melbourne", "VIC", "AU"),
        ("Sydney NSW 2000", "Sydney", "NSW", "AU"),
        ("Perth WA", "Perth", "WA", "AU"),  # WA is Western Australia here...
        ("Perth, WA 6000", "Perth", "WA", "AU"),
        ("Kirkland WA", "Kirkland", "WA", "US"),  # ...and Washington here
        ("Bengaluru, Karnataka", "Bengaluru", "Karnataka", "IN"),
        ("Bengaluru, Karnataka, India", "Bengaluru", "Karnataka", "IN"),
        ("Tokyo, Japan", "Tokyo", None, "JP"),
        ("Santa Clara Valley (Cupertino), California, United States", "Cupertino", "CA", "US"),
        ("USA, WA, Seattle", "Seattle", "WA", "US"),  # amazon.jobs
        ("San Francisco, California, United States", "San Francisco", "CA", "US"),
        ("San Francisco, CA", "San Francisco", "CA", "US"),
        ("Tustin, California, United States", "Tustin", "CA", "US"),
        ("New York, NY", "New York", "NY", "US"),
        ("Indianapolis, IN", "Indianapolis", "IN", "US"),  # Indiana, not India
        ("Atlanta, Georgia", "Atlanta", "GA", "US"),
        ("Berlin, DE", "Berlin", None, "DE"),  # Germany, not Delaware
        ("Berlin, Germany", "Berlin", None, "DE"),
        ("Paris, France (Remote)", "Paris", None, "FR"),
        ("CA - Irvine", "Irvine", "CA", "US"),  # accenture.com
        ("CR, Asuncion De Belen", "Asuncion De Belen", None, "CR"),  # Workday: country code first
        ("PL, Warsaw, Virtual", "Warsaw", None, "PL"),
        ("Hybrid work in Austin, TX 78701", "Austin", "TX", "US"),  # Indeed 2024
        ("Remote work from Denver, CO", "Denver", "CO", "US"),
        ("CA", None, None, "CA"),  # a lone code is a country (JSON-LD applicantLocationRequirements)...
        ("TX", None, "TX", "US"),  # ...unless it is only a state code
        ("Remote", None, None, None),
        ("Remote  / (United States)", None, None, "US"),
        ("Remote - US", None, None, "US"),
        ("Remote, Australia", None, None, "AU"),
        ("Brazil", None, None, "BR"),
        ("USA", None, None, "US"),
        ("UK", None, None, "GB"),
        ("Europe", None, None, None),
        ("Detroit", "Detroit", None, "US"),
        ("Springfield", "Springfield", None, None),  # unknown city: no guess
        ("Austin, TX +2 locations", "Austin", "TX", "US"),
        ("", None, None, None),
        (None, None, None, None),
    ],
)
def test_parse_location_text(raw, city, region, country):
    loc = parse_location(raw)
    assert (loc.city, loc.region, loc.country) == (city, region, country)


@pytest.mark.parametrize(
    "structured, raw, expected",
    [
        # the address as Extract states it (jobcrawl.extract.jsonld reads schema.org's PostalAddress into it)
        ({"locality": "Kirkland", "region": "WA", "country": "US"}, None, ("Kirkland", "WA", "US")),
        ({"locality": "Kirkland", "region": "Washington", "country": "USA"}, None, ("Kirkland", "WA", "US")),
        ({"locality": "Austin", "region": "TX", "country": "United States"}, None, ("Austin", "TX", "US")),
        ({"locality": "Mountain View", "region": "CA", "country": "US", "postal_code": "94043"}, None,
         ("Mountain View", "CA", "US")),
        ({"locality": "Detroit", "region": "MI"}, None, ("Detroit", "MI", "US")),  # country from the state
        ({"locality": "Toronto", "region": "Ontario", "country": "Canada"}, None, ("Toronto", "ON", "CA")),
        ({"country": "United Kingdom"}, "UK", (None, None, "GB")),
        ({"region": "", "country": "USA"}, "USA", (None, None, "US")),
        ({"country": "pl"}, None, (None, None, "PL")),
        ({"country": "European Union"}, "Europe", (None, None, None)),
        # structure gives the country, text fills the city
        ({"country": "JP"}, "Tokyo, Japan", ("Tokyo", None, "JP")),
        # text about somewhere else does not override the structure
        ({"country": "DE"}, "Austin, TX", (None, None, "DE")),
        ({}, "Austin, TX", ("Austin", "TX", "US")),
    ],
)
def test_parse_location_structured(structured, raw, expected):
    loc = parse_location(raw, structured)
    assert (loc.city, loc.region, loc.country) == expected


@pytest.mark.parametrize(
    "value, code",
    [("US", "US"), ("us", "US"), ("USA", "US"), ("United States", "US"), ("United States of America", "US"),
     ({"name": "US"}, "US"), ({"@type": "Country", "name": "Germany"}, "DE"), ("Deutschland", "DE"),
     ("UK", "GB"), ("Great Britain", "GB"), ("Brasil", "BR"), ("México", "MX"), ("Türkiye", "TR"),
     ("South Korea", "KR"), ("Viet Nam", "VN"), ("Narnia", None), (None, None), (5, None), ([], None)],
)
def test_country_code(value, code):
    assert country_code(value) == code


@pytest.mark.parametrize(
    "raw, parts",
    [
        ("Austin, TX | Remote", ["Austin, TX", "Remote"]),
        ("CR, Asuncion De Belen / PL, Warsaw, Virtual", ["CR, Asuncion De Belen", "PL, Warsaw, Virtual"]),
        ("New York, NY; San Francisco, CA", ["New York, NY", "San Francisco, CA"]),
        ("New York, NY, San Francisco, CA", ["New York, NY", "San Francisco, CA"]),
        ("Remote  / (United States)", ["Remote (United States)"]),
        ("AR - Bentonville, AZ - Phoenix, CA - Irvine, CA - San Diego, C...",
         ["AR - Bentonville", "AZ - Phoenix", "CA - Irvine", "CA - San Diego"]),
        ("Austin, TX", ["Austin, TX"]),
        ("London, England, United Kingdom", ["London, England, United Kingdom"]),
        ("Austin, TX +2 locations", ["Austin, TX"]),
        ("Austin, TX | austin, tx", ["Austin, TX"]),
        ("Seattle, WA or Remote", ["Seattle, WA", "Remote"]),
        ("Berlin\nMunich", ["Berlin", "Munich"]),
        ("", []),
        (None, []),
    ],
)
def test_split_locations(raw, parts):
    assert split_locations(raw) == parts


def _labels():
    path = shared_file("realpages/labels.json")
    return [r for r in json.loads(path.read_text(encoding="utf-8")) if r.get("location")]


# What each real page's location label should give (city, region, country).
REAL_EXPECTED = {
    "Austin, TX": ("Austin", "TX", "US"),
    "Melbourne VIC": ("Melbourne", "VIC", "AU"),
    "Brazil": (None, None, "BR"),
    "USA, WA, Seattle": ("Seattle", "WA", "US"),
    "Toronto, Canada": ("Toronto", None, "CA"),
    "San Francisco, CA": ("San Francisco", "CA", "US"),
    "Santa Clara Valley (Cupertino), California, United States": ("Cupertino", "CA", "US"),
    "Tokyo, Japan": ("Tokyo", None, "JP"),
    "Sacramento, CA": ("Sacramento", "CA", "US"),
    "San Francisco, California, United States": ("San Francisco", "CA", "US"),
    "Remote  / (United States)": (None, None, "US"),
    "San Francisco": ("San Francisco", None, "US"),
    "New York, NY": ("New York", "NY", "US"),
    "Tustin, California, United States": ("Tustin", "CA", "US"),
    "Kirkland, WA": ("Kirkland", "WA", "US"),
    "Kirkland WA": ("Kirkland", "WA", "US"),
    "Detroit": ("Detroit", None, "US"),
}


def test_real_labels():
    labels = _labels()
    assert labels, "labels.json holds no location label"
    checked = 0
    for rec in labels:
        raw = rec["location"]
        parts = split_locations(raw)
        assert parts, raw
        locs = [parse_location(p) for p in parts]
        if raw in REAL_EXPECTED:
            loc = locs[0]
            assert (loc.city, loc.region, loc.country) == REAL_EXPECTED[raw], raw
            checked += 1
        elif raw.startswith(("AR - ", "CT - ")):  # Accenture lists: every entry a US state + city
            assert len(locs) >= 5 and all(loc.country == "US" and loc.region and loc.city for loc in locs), raw
            checked += 1
        elif raw.startswith("CR, "):  # Workday 3M
            assert [(loc.city, loc.country) for loc in locs] == [("Asuncion De Belen", "CR"), ("Warsaw", "PL")]
            checked += 1
    assert checked >= 15
