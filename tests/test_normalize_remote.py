"""normalize_remote."""

import pytest

from jobcrawl.normalize.remote import normalize_remote


@pytest.mark.parametrize(
    "text, expected",
    [
        ("TELECOMMUTE", "remote"),  # JSON-LD jobLocationType
        (["TELECOMMUTE"], "remote"),
        ("Remote", "remote"),
        ("remote", "remote"),
        ("Remote in Denver, CO", "remote"),
        ("Fully remote", "remote"),
        ("100% Remote", "remote"),
        ("Remote  / (United States)", "remote"),  # vercel.com label
        ("PL, Warsaw, Virtual", "remote"),  # Workday 3M
        ("Senior Platform Engineer | Remote | Australia", "remote"),  # SEEK title
        ("Work from home", "remote"),
        ("WFH", "remote"),
        ("Telecommute", "remote"),
        ("Télétravail", "remote"),
        ("Remoto", "remote"),
        ("Hybrid remote in Seattle, WA 98101", "hybrid"),
        ("Hybrid work", "hybrid"),
        ("Hybrid", "hybrid"),  # Ashby/Lever workplaceType
        ("HYBRID", "hybrid"),
        ("Híbrido", "hybrid"),
        ("On-site", "onsite"),
        ("Onsite", "onsite"),
        ("OnSite", "onsite"),  # Ashby
        ("onsite", "onsite"),
        ("ON_SITE", "onsite"),
        ("In person", "onsite"),
        ("In-person", "onsite"),
        ("Presencial", "onsite"),
        ("Not remote", "onsite"),
        ("unspecified", None),  # Ashby/Lever
        ("Unspecified", None),
        ("Austin, TX", None),
        ("Virtual Reality Engineer", None),
        ("Distributed Systems Engineer", None),
        ("", None),
        (None, None),
        (True, "remote"),  # Ashby isRemote
        (False, None),  # isRemote False does not say on-site
        (12, None),
    ],
)
def test_normalize_remote(text, expected):
    assert normalize_remote(text) == expected


@pytest.mark.parametrize(
    "texts, expected",
    [
        ((None, "unspecified", "Remote in Denver, CO"), "remote"),
        (("Hybrid", "Remote in Denver, CO"), "hybrid"),  # the first text that says something decides
        (("OnSite", "Remote"), "onsite"),
        ((None, None), None),
        ((), None),
    ],
)
def test_first_text_decides(texts, expected):
    assert normalize_remote(*texts) == expected
