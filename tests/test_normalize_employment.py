"""normalize_employment_type / primary_employment_type."""

import pytest

from jobcrawl.normalize.employment import normalize_employment_type, primary_employment_type


@pytest.mark.parametrize(
    "raw, types, primary",
    [
        ("Full-time", ["FULL_TIME"], "FULL_TIME"),
        ("Full time", ["FULL_TIME"], "FULL_TIME"),
        ("Full-Time", ["FULL_TIME"], "FULL_TIME"),  # Phenom JSON-LD
        ("full time", ["FULL_TIME"], "FULL_TIME"),
        ("full_time", ["FULL_TIME"], "FULL_TIME"),
        (" Full -\tTIME\u00a0", ["FULL_TIME"], "FULL_TIME"),  # any run of spaces, "_" and "-" dropped
        ("PER-DIEM", ["PER_DIEM"], "PER_DIEM"),
        ("Permanent, Full-time", ["FULL_TIME"], "FULL_TIME"),
        ("Permanent", ["FULL_TIME"], "FULL_TIME"),
        ("Part-time", ["PART_TIME"], "PART_TIME"),
        ("Contract", ["CONTRACTOR"], "CONTRACTOR"),
        ("Contractor", ["CONTRACTOR"], "CONTRACTOR"),
        ("Freelance", ["CONTRACTOR"], "CONTRACTOR"),
        ("Temporary", ["TEMPORARY"], "TEMPORARY"),
        ("Temp to hire", ["TEMPORARY"], "TEMPORARY"),
        ("Temp-to-perm", ["TEMPORARY"], "TEMPORARY"),
        ("Contract-to-hire", ["TEMPORARY"], "TEMPORARY"),
        ("Fixed term", ["TEMPORARY"], "TEMPORARY"),
        ("Seasonal", ["TEMPORARY"], "TEMPORARY"),
        ("Internship", ["INTERN"], "INTERN"),
        ("Intern", ["INTERN"], "INTERN"),
        ("Apprenticeship", ["INTERN"], "INTERN"),
        ("Volunteer", ["VOLUNTEER"], "VOLUNTEER"),
        ("Per diem", ["PER_DIEM"], "PER_DIEM"),
        ("PRN", ["PER_DIEM"], "PER_DIEM"),
        ("Casual", ["PER_DIEM"], "PER_DIEM"),
        ("Other", ["OTHER"], "OTHER"),
        # JSON-LD / ATS enums
        ("FULL_TIME", ["FULL_TIME"], "FULL_TIME"),
        (["FULL_TIME", "PART_TIME"], ["FULL_TIME", "PART_TIME"], "FULL_TIME"),
        ('["FULL_TIME", "CONTRACTOR"]', ["FULL_TIME", "CONTRACTOR"], "CONTRACTOR"),
        (["FULL_TIME"], ["FULL_TIME"], "FULL_TIME"),
        ("PER_DIEM", ["PER_DIEM"], "PER_DIEM"),
        ("FullTime", ["FULL_TIME"], "FULL_TIME"),  # Ashby
        ("PartTime", ["PART_TIME"], "PART_TIME"),
        ("Full-time /", ["FULL_TIME"], "FULL_TIME"),  # Lever commitment as shown on jobs.lever.co
        ("Job Types: Full-time, Walk-In", ["FULL_TIME"], "FULL_TIME"),  # Indeed India
        ("Part-time, Temporary", ["PART_TIME", "TEMPORARY"], "TEMPORARY"),
        ("Full-time Internship", ["FULL_TIME", "INTERN"], "INTERN"),
        ("Full-time, Part-time", ["FULL_TIME", "PART_TIME"], "FULL_TIME"),
        ("Part-time, Full-time", ["PART_TIME", "FULL_TIME"], "PART_TIME"),
        # other languages
        ("Vollzeit", ["FULL_TIME"], "FULL_TIME"),
        ("Teilzeit", ["PART_TIME"], "PART_TIME"),
        ("Befristet", ["TEMPORARY"], "TEMPORARY"),
        ("Vollzeit, befristet", ["FULL_TIME", "TEMPORARY"], "TEMPORARY"),
        ("Praktikum", ["INTERN"], "INTERN"),
        ("Werkstudent", ["PART_TIME"], "PART_TIME"),
        ("Temps plein", ["FULL_TIME"], "FULL_TIME"),
        ("Temps partiel", ["PART_TIME"], "PART_TIME"),
        ("CDI", ["FULL_TIME"], "FULL_TIME"),
        ("CDD", ["TEMPORARY"], "TEMPORARY"),
        ("Stage", ["INTERN"], "INTERN"),
        ("Tiempo completo", ["FULL_TIME"], "FULL_TIME"),
        ("Medio tiempo", ["PART_TIME"], "PART_TIME"),
        ("Jornada completa", ["FULL_TIME"], "FULL_TIME"),
        ("Contrato indefinido", ["FULL_TIME"], "FULL_TIME"),
        ("Tempo integral", ["FULL_TIME"], "FULL_TIME"),
        ("正社員", ["FULL_TIME"], "FULL_TIME"),
        ("アルバイト", ["PART_TIME"], "PART_TIME"),
        ("契約社員", ["TEMPORARY"], "TEMPORARY"),
        # nothing recognizable: no type (not OTHER)
        ("International", [], None),
        ("Internal", [], None),
        ("Regular", [], None),
        ("", [], None),
        (None, [], None),
        ([], [], None),
        (42, [], None),
    ],
)
def test_employment_type(raw, types, primary):
    assert normalize_employment_type(raw) == types
    assert primary_employment_type(raw) == primary
