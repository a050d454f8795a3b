"""Locations: a raw location string and/or a structured address to city, region and ISO 3166-1 alpha-2 country.

Country names use the compact table below (about 75 countries that publish most job postings, with common
aliases, native names and alpha-3 codes) instead of pycountry: pycountry costs ~25 ms to import plus a JSON
load on first lookup and still lacks aliases like "UK" or "Deutschland"; the table is a dict lookup.

Regions of the United States, Canada and Australia are stored as their postal codes ("TX", "ON", "VIC") so
queries match however the page spelled them; other regions are kept as written ("Karnataka", "England").
A country is inferred from a region ("Austin, TX" -> US) or, when the text names nothing else, from a short
list of unambiguous job hubs ("London" -> GB, "Tokyo" -> JP). Remote qualifiers ("Remote in", "Hybrid remote
in", "Virtual", "(Remote)") are stripped; see :mod:`jobcrawl.normalize.remote` for the arrangement itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .text import clean_inline, clean_text, collapse_spaces


@dataclass(frozen=True)
class Location:
    raw: str | None = None
    city: str | None = None
    region: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2

    def as_dict(self) -> dict[str, Any]:
        # = dataclasses.asdict(self) for these str/None fields, without its recursive deep copy
        return {"raw": self.raw, "city": self.city, "region": self.region, "country": self.country}


# --- tables ---------------------------------------------------------------------------------------------

US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho",
    "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas",
    "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia",
    "WI": "Wisconsin", "WY": "Wyoming", "DC": "District of Columbia", "PR": "Puerto Rico",
}
CA_PROVINCES = {
    "AB": "Alberta", "BC": "British Columbia", "MB": "Manitoba", "NB": "New Brunswick",
    "NL": "Newfoundland and Labrador", "NS": "Nova Scotia", "NT": "Northwest Territories", "NU": "Nunavut",
    "ON": "Ontario", "PE": "Prince Edward Island", "QC": "Quebec", "SK": "Saskatchewan", "YT": "Yukon",
}
AU_STATES = {
    "NSW": "New South Wales", "VIC": "Victoria", "QLD": "Queensland", "SA": "South Australia",
    "WA": "Western Australia", "TAS": "Tasmania", "NT": "Northern Territory", "ACT": "Australian Capital Territory",
}
# Regions kept by name: (country, names)
_NAMED_REGIONS = {
    "IN": ["Karnataka", "Maharashtra", "Tamil Nadu", "Telangana", "Delhi", "Haryana", "Uttar Pradesh",
           "West Bengal", "Gujarat", "Kerala", "Andhra Pradesh", "Rajasthan", "Madhya Pradesh", "Odisha", "Bihar",
           "Goa", "Assam", "Chandigarh", "Jharkhand", "Uttarakhand", "Himachal Pradesh", "Chhattisgarh"],
    "GB": ["England", "Scotland", "Wales", "Northern Ireland"],
}
_REGION_ALIASES = {"québec": ("CA", "QC"), "quebec": ("CA", "QC"), "washington state": ("US", "WA"),
                   "washington d.c.": ("US", "DC"), "washington dc": ("US", "DC"), "d.c.": ("US", "DC"),
                   "newfoundland": ("CA", "NL")}

COUNTRIES: dict[str, list[str]] = {
    "US": ["United States", "United States of America", "USA", "U.S.", "U.S.A.", "US", "America"],
    "GB": ["United Kingdom", "UK", "U.K.", "Great Britain", "Britain", "GBR"],
    "CA": ["Canada", "CAN"], "AU": ["Australia", "AUS"], "NZ": ["New Zealand", "NZL"],
    "IE": ["Ireland", "Republic of Ireland", "IRL"], "DE": ["Germany", "Deutschland", "DEU"],
    "FR": ["France", "FRA"], "ES": ["Spain", "España", "ESP"], "IT": ["Italy", "Italia", "ITA"],
    "NL": ["Netherlands", "The Netherlands", "Holland", "Nederland", "NLD"], "BE": ["Belgium", "België", "Belgique", "BEL"],
    "CH": ["Switzerland", "Schweiz", "Suisse", "Svizzera", "CHE"], "AT": ["Austria", "Österreich", "AUT"],
    "SE": ["Sweden", "Sverige", "SWE"], "NO": ["Norway", "Norge", "NOR"], "DK": ["Denmark", "Danmark", "DNK"],
    "FI": ["Finland", "Suomi", "FIN"], "IS": ["Iceland"], "PL": ["Poland", "Polska", "POL"],
    "CZ": ["Czech Republic", "Czechia", "CZE"], "SK": ["Slovakia"], "HU": ["Hungary", "HUN"],
    "RO": ["Romania", "ROU"], "BG": ["Bulgaria", "BGR"], "GR": ["Greece", "GRC"], "PT": ["Portugal", "PRT"],
    "LU": ["Luxembourg"], "EE": ["Estonia", "EST"], "LV": ["Latvia"], "LT": ["Lithuania", "LTU"],
    "SI": ["Slovenia"], "HR": ["Croatia"], "RS": ["Serbia", "SRB"], "UA": ["Ukraine", "UKR"],
    "RU": ["Russia", "Russian Federation", "RUS"], "TR": ["Turkey", "Türkiye", "Turkiye", "TUR"],
    "CY": ["Cyprus"], "MT": ["Malta"], "IL": ["Israel", "ISR"], "AE": ["United Arab Emirates", "UAE", "U.A.E.", "ARE"],
    "SA": ["Saudi Arabia", "KSA", "SAU"], "QA": ["Qatar"], "EG": ["Egypt", "EGY"], "MA": ["Morocco", "MAR"],
    "ZA": ["South Africa", "ZAF"], "NG": ["Nigeria", "NGA"], "KE": ["Kenya", "KEN"], "GH": ["Ghana"],
    "IN": ["India", "IND"], "PK": ["Pakistan", "PAK"], "BD": ["Bangladesh", "BGD"], "LK": ["Sri Lanka", "LKA"],
    "SG": ["Singapore", "SGP"], "MY": ["Malaysia", "MYS"], "ID": ["Indonesia", "IDN"],
    "PH": ["Philippines", "The Philippines", "PHL"], "TH": ["Thailand", "THA"], "VN": ["Vietnam", "Viet Nam", "VNM"],
    "CN": ["China", "People's Republic of China", "CHN"], "HK": ["Hong Kong", "Hong Kong SAR", "HKG"],
    "TW": ["Taiwan", "TWN"], "JP": ["Japan", "日本", "JPN"], "KR": ["South Korea", "Korea", "Republic of Korea", "KOR"],
    "MX": ["Mexico", "México", "MEX"], "BR": ["Brazil", "Brasil", "BRA"], "AR": ["Argentina", "ARG"],
    "CL": ["Chile", "CHL"], "CO": ["Colombia", "COL"], "PE": ["Peru", "Perú", "PER"], "UY": ["Uruguay", "URY"],
    "EC": ["Ecuador"], "CR": ["Costa Rica", "CRI"], "PA": ["Panama", "Panamá"], "GT": ["Guatemala"],
    "DO": ["Dominican Republic"], "VE": ["Venezuela"], "PY": ["Paraguay"], "BO": ["Bolivia"],
    "PR": ["Puerto Rico"],
}
# Cities that name their country when the text says nothing else (unambiguous at job-board scale).
_HUBS = {
    "GB": ["London", "Manchester", "Edinburgh", "Glasgow", "Birmingham", "Bristol", "Leeds", "Cambridge, UK"],
    "FR": ["Paris", "Lyon", "Toulouse"], "DE": ["Berlin", "Munich", "München", "Hamburg", "Frankfurt", "Cologne", "Köln", "Stuttgart"],
    "NL": ["Amsterdam", "Rotterdam", "Utrecht", "Eindhoven"], "IE": ["Dublin", "Cork"], "ES": ["Madrid", "Barcelona"],
    "PT": ["Lisbon", "Lisboa", "Porto"], "IT": ["Milan", "Milano", "Rome", "Roma"], "CH": ["Zurich", "Zürich", "Geneva", "Basel"],
    "SE": ["Stockholm", "Gothenburg"], "DK": ["Copenhagen"], "NO": ["Oslo"], "FI": ["Helsinki"],
    "PL": ["Warsaw", "Warszawa", "Krakow", "Kraków", "Wroclaw", "Wrocław", "Gdansk", "Gdańsk"],
    "CZ": ["Prague", "Praha", "Brno"], "AT": ["Vienna", "Wien"], "BE": ["Brussels"], "RO": ["Bucharest"],
    "HU": ["Budapest"], "JP": ["Tokyo", "Osaka", "Yokohama"], "SG": ["Singapore"], "HK": ["Hong Kong"],
    "KR": ["Seoul"], "CN": ["Shanghai", "Beijing", "Shenzhen"], "TW": ["Taipei"],
    "IN": ["Bengaluru", "Bangalore", "Mumbai", "Hyderabad", "Pune", "Chennai", "Gurgaon", "Gurugram", "Noida",
           "New Delhi", "Kolkata", "Ahmedabad"],
    "CA": ["Toronto", "Vancouver", "Montreal", "Montréal", "Calgary", "Ottawa"],
    "AU": ["Sydney", "Melbourne", "Brisbane", "Perth", "Adelaide", "Canberra"], "NZ": ["Auckland", "Wellington"],
    "BR": ["São Paulo", "Sao Paulo", "Rio de Janeiro"], "MX": ["Mexico City", "Ciudad de México", "Guadalajara"],
    "AR": ["Buenos Aires"], "CO": ["Bogotá", "Bogota", "Medellín", "Medellin"], "IL": ["Tel Aviv"],
    "AE": ["Dubai", "Abu Dhabi"], "ZA": ["Johannesburg", "Cape Town"], "NG": ["Lagos"], "KE": ["Nairobi"],
    "PH": ["Manila"], "VN": ["Ho Chi Minh City"], "ID": ["Jakarta"], "TH": ["Bangkok"], "MY": ["Kuala Lumpur"],
    "US": ["New York", "New York City", "NYC", "San Francisco", "Seattle", "Los Angeles", "Chicago", "Boston",
           "Austin", "Detroit", "Denver", "Atlanta", "Houston", "Dallas", "Miami", "Washington, D.C."],
}


def _key(s: str) -> str:
    return collapse_spaces(s.strip().strip(".")).casefold()


_COUNTRY_BY_NAME: dict[str, str] = {}
_COUNTRY_BY_CODE3: dict[str, str] = {}
for _code, _names in COUNTRIES.items():
    for _n in _names:
        if len(_n) == 3 and _n.isupper():
            _COUNTRY_BY_CODE3[_n] = _code
        elif _n not in ("US",):
            _COUNTRY_BY_NAME[_key(_n)] = _code
_COUNTRY_BY_NAME["u.s"] = _COUNTRY_BY_NAME["u.s.a"] = "US"
_REGION_CODES = {"US": US_STATES, "CA": CA_PROVINCES, "AU": AU_STATES}
_REGION_BY_NAME: dict[str, tuple[str, str]] = dict(_REGION_ALIASES)
for _c, _table in _REGION_CODES.items():
    for _code, _name in _table.items():
        _REGION_BY_NAME.setdefault(_key(_name), (_c, _code))
for _c, _names in _NAMED_REGIONS.items():
    for _n in _names:
        _REGION_BY_NAME.setdefault(_key(_n), (_c, _n))
_HUB_BY_NAME = {_key(n): c for c, names in _HUBS.items() for n in names}
_AU_WA_CITIES = {"perth", "fremantle", "bunbury", "mandurah", "joondalup", "geraldton", "kalgoorlie"}
_AU_NT_CITIES = {"darwin", "alice springs", "palmerston", "katherine"}


def country_code(value: Any) -> str | None:
    """ISO alpha-2 from "US", "us", "USA", "United States", {"name": "US"}, {"@type": "Country", "name": ...}."""
    if isinstance(value, dict):
        value = value.get("name") or value.get("addressCountry") or value.get("identifier") or value.get("@id")
    if isinstance(value, list):
        value = value[0] if value else None
    if not isinstance(value, str):
        return None
    v = clean_inline(value)
    if not v:
        return None
    if len(v) == 2 and v.isalpha() and v.isascii():
        code = v.upper()
        return "GB" if code == "UK" else code
    if len(v) == 3 and v.upper() in _COUNTRY_BY_CODE3:
        return _COUNTRY_BY_CODE3[v.upper()]
    return _COUNTRY_BY_NAME.get(_key(v))


def _text_country(part: str, *, allow_alpha2: bool) -> str | None:
    """A country named by a text part. Two-letter codes only uppercase and only where the caller allows
    (so "Austin, TX" is not Tuvalu... nor "IN" India when it is Indiana)."""
    p = part.strip()
    if p in _COUNTRY_BY_CODE3:
        return _COUNTRY_BY_CODE3[p]
    if p in ("US", "UK"):
        return "US" if p == "US" else "GB"
    if allow_alpha2 and len(p) == 2 and p.isupper() and p in COUNTRIES:
        return p
    return _COUNTRY_BY_NAME.get(_key(p))


def _region(part: str, country: str | None, *, city: str | None = None, postcode: str | None = None):
    """(country, region) when ``part`` is a region name or code (of ``country`` if known), else None."""
    p = part.strip()
    up = p.upper()
    if country in _REGION_CODES:
        table = _REGION_CODES[country]
        if p.isupper() and up in table:
            return country, up
        hit = _REGION_BY_NAME.get(_key(p))
        if hit and hit[0] == country:
            return hit
        return None
    if country is not None:
        hit = _REGION_BY_NAME.get(_key(p))
        return hit if hit and hit[0] == country else None
    if p.isupper() and 2 <= len(p) <= 3:
        candidates = [c for c, t in _REGION_CODES.items() if up in t]
        if candidates:
            if len(candidates) > 1:  # WA (US/AU), NT (CA/AU)
                c_key = _key(city or "")
                if (postcode and len(postcode) == 4) or c_key in _AU_WA_CITIES | _AU_NT_CITIES:
                    return "AU", up
                return ("US" if "US" in candidates else "CA"), up
            return candidates[0], up
        return None
    return _REGION_BY_NAME.get(_key(p))


# --- text parsing ---------------------------------------------------------------------------------------

_REMOTE_WORDS = r"(?:remote|virtual|hybrid|on-?site|in[\s-]person|telecommute|work\s+from\s+home|wfh|anywhere)"
_QUALIFIER_PREFIX = re.compile(
    rf"^(?:hybrid\s+remote|fully\s+remote|100%\s+remote|{_REMOTE_WORDS})"
    r"(?:\s+(?:work|working|position|role|job|options?|friendly))?"
    r"(?:\s+(?:in|from|within|based\s+in|near)\b|\s*[-–:,/|])\s*",
    re.IGNORECASE,
)
_QUALIFIER_ONLY = re.compile(
    rf"^\s*(?:(?:fully|100%|hybrid)\s+)?{_REMOTE_WORDS}(?:\s+(?:only|first|friendly|ok|eligible|work))?\s*$"
    r"|^\s*(?:worldwide|global|multiple\s+locations|various\s+locations|nationwide|europe|emea|apac|latam|"
    r"americas|north\s+america|european\s+union)\s*$",
    re.IGNORECASE,
)
_PAREN_QUALIFIER = re.compile(rf"\(\s*{_REMOTE_WORDS}[^)]*\)", re.IGNORECASE)
_MORE = re.compile(r"\s*(?:\+\s*\d+\s+(?:more\s+)?locations?|and\s+\d+\s+more.*|\.\.\.|…)\s*$", re.IGNORECASE)
_US_ZIP = re.compile(r"\s+(\d{5})(?:-\d{4})?$")
_CA_POST = re.compile(r"\s+([A-Z]\d[A-Z])\s?(\d[A-Z]\d)$")
_NUM_POST = re.compile(r"\s+(\d{4}|\d{6})$")
_TRAILING_CODE = re.compile(r"^(.+?)\s+([A-Z]{2,3})$")
_CODE_DASH_CITY = re.compile(r"^([A-Z]{2})\s+[-–]\s+(.+)$")


def _strip_qualifiers(s: str) -> str:
    s = _MORE.sub("", s)
    s = _PAREN_QUALIFIER.sub("", s).strip()
    for _ in range(2):
        new = _QUALIFIER_PREFIX.sub("", s).strip()
        if new == s:
            break
        s = new
    parts = [p.strip() for p in s.split(",")]
    parts = [p for p in parts if p and not _QUALIFIER_ONLY.match(p)]
    s = ", ".join(parts)
    s = re.sub(rf"\s*[-–(]\s*{_REMOTE_WORDS}\s*\)?\s*$", "", s, flags=re.IGNORECASE)
    s = s.strip(" ,/|-–")
    if s.startswith("(") and s.endswith(")"):
        s = s[1:-1].strip()
    return s


def _parse_text(raw: str) -> tuple[str | None, str | None, str | None]:
    s = _strip_qualifiers(raw)
    if not s or _QUALIFIER_ONLY.match(s):
        return None, None, None
    m = _CODE_DASH_CITY.match(s)  # Accenture "CA - Irvine"
    if m and "," not in s:
        parts = [m.group(2), m.group(1)]
    else:
        parts = [p.strip() for p in s.split(",") if p.strip()]
    postcode = None
    cleaned = []
    for p in parts:
        for rx in (_US_ZIP, _CA_POST, _NUM_POST):
            pm = rx.search(p)
            if pm:
                postcode = "".join(pm.groups())
                p = p[: pm.start()].strip()
                break
        if p and not p.isdigit():
            cleaned.append(p)
        elif p.isdigit():
            postcode = p
    parts = cleaned
    if not parts:
        return None, None, None
    # "Melbourne VIC", "Kirkland WA", "Sydney NSW": the region code written after the city without a comma
    if len(parts) <= 2:
        tm = _TRAILING_CODE.match(parts[0])
        if tm and _region(tm.group(2), None, city=tm.group(1), postcode=postcode):
            parts = [tm.group(1), tm.group(2)] + parts[1:]

    country = region = None
    # country at the end ("Tokyo, Japan", "Berlin, DE") or at the start ("USA, WA, Seattle", Workday "PL, Warsaw")
    last = parts[-1]
    if len(parts) == 1 and len(last) == 2 and last.isupper() and last in COUNTRIES:
        return None, None, last  # a lone code ("CA", "IN", "DE") is a country more often than a state
    hub = _HUB_BY_NAME.get(_key(parts[0])) if len(parts) == 2 else None
    if hub and last == hub:  # "Berlin, DE" is Germany, not Delaware
        return parts[0], None, hub
    if len(parts) > 1 or not _region(last, None):
        if not (len(parts) > 1 and _region(last, None, city=parts[0], postcode=postcode)):
            country = _text_country(last, allow_alpha2=len(parts) > 1)
            if country:
                parts = parts[:-1]
    if country is None and len(parts) > 1:
        first = parts[0]
        if not _region(first, None):
            country = _text_country(first, allow_alpha2=True)
            if country:
                parts = parts[1:]
                parts.reverse()  # "USA, WA, Seattle" -> ["Seattle", "WA"]
    # region: scan from the end
    for i in range(len(parts) - 1, -1, -1):
        if i == 0 and len(parts) > 1:
            break  # the first remaining part is the city
        hit = _region(parts[i], country, city=parts[0] if i else None, postcode=postcode)
        if hit and (len(parts) > 1 or country is None or hit[0] == country):
            if country is None:
                country = hit[0]
            region = hit[1]
            parts = parts[:i] + parts[i + 1 :]
            break
    city = parts[0] if parts else None
    if city:
        pm = re.search(r"\(([^()]+)\)\s*$", city)  # Apple: "Santa Clara Valley (Cupertino)"
        if pm and not re.search(_REMOTE_WORDS, pm.group(1), re.IGNORECASE):
            city = pm.group(1).strip()
        if _text_country(city, allow_alpha2=False) and country is None and len(parts) == 1:
            country, city = _text_country(city, allow_alpha2=False), None
    if country is None and city:
        country = _HUB_BY_NAME.get(_key(city))
    return city or None, region, country


def _structured(d: dict) -> tuple[str | None, str | None, str | None, str | None]:
    """A structured address as Extract states it (``locality``, ``region``, ``country``, ``postal_code``; each
    source's own shape, such as schema.org's PostalAddress, is read there)."""
    city = clean_inline(_str(d.get("locality")))
    region = clean_inline(_str(d.get("region")))
    country = country_code(d.get("country"))
    postcode = clean_inline(_str(d.get("postal_code")))
    if region:
        hit = _region(region, country, city=city, postcode=postcode) or (
            _region(region.upper(), country, city=city, postcode=postcode) if len(region) <= 3 else None
        )
        if hit:
            country = country or hit[0]
            region = hit[1]
    return city, region, country, postcode


def _str(v: Any) -> str | None:
    if isinstance(v, dict):
        v = v.get("name")
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        v = str(v)
    return v if isinstance(v, str) else None


# Location texts repeat across a crawl ("Austin, TX", "Remote"); parsing one costs ~30-100 µs, a cache hit ~1 µs.
# Only text-only calls are cached (a structured address is a dict); Location is frozen, so sharing is safe.
_TEXT_CACHE_SIZE = 4096


def parse_location(raw: str | None, structured: dict | None = None) -> Location:
    """City, region and country from a structured address (wins field by field) and the raw text. Never raises."""
    if isinstance(raw, str) and not (isinstance(structured, dict) and structured):
        return _parse_location_text(raw)
    return _parse_location(raw, structured)


@lru_cache(maxsize=_TEXT_CACHE_SIZE)
def _parse_location_text(raw: str) -> Location:
    return _parse_location(raw, None)


def _parse_location(raw: str | None, structured: dict | None) -> Location:
    raw_clean = clean_inline(raw) if isinstance(raw, str) else None
    city = region = country = None
    try:
        if isinstance(structured, dict) and structured:
            city, region, country, _ = _structured(structured)
        if raw_clean and not (city and country):
            t_city, t_region, t_country = _parse_text(raw_clean)
            if country and t_country and t_country != country:
                t_city = t_region = None  # the text describes somewhere else; trust the structure
            city = city or t_city
            region = region or t_region
            country = country or t_country
    except Exception:  # noqa: BLE001 - an unreadable location is simply unknown
        pass
    return Location(raw_clean, city, region, country)


# --- splitting multi-location strings -------------------------------------------------------------------

_SPLIT = re.compile(r"\s*(?:\||;|•|·|\n|\s/\s|\s+or\s+)\s*")
_PAIR_LIST = re.compile(r"^(?:[^,]+,\s*[A-Z]{2,3}(?:\s+\d{4,5})?)(?:,\s*[^,]+,\s*[A-Z]{2,3}(?:\s+\d{4,5})?)+$")


def split_locations(raw: str | None) -> list[str]:
    """Several locations in one string to a list: "Austin, TX | Remote", "New York, NY; San Francisco, CA",
    "CR, Asuncion De Belen / PL, Warsaw, Virtual", Accenture "AR - Bentonville, AZ - Phoenix",
    "New York, NY, San Francisco, CA". A single location gives a one-item list; empty gives []."""
    return list(_split_locations(raw)) if isinstance(raw, str) else []


@lru_cache(maxsize=_TEXT_CACHE_SIZE)
def _split_locations(raw: str) -> tuple[str, ...]:
    s = clean_text(raw)
    if not s:
        return ()
    s = _MORE.sub("", s)
    out: list[str] = []
    for piece in _SPLIT.split(s):
        piece = piece.strip(" ,")
        if not piece:
            continue
        if piece.startswith("(") and piece.endswith(")") and out:
            out[-1] = f"{out[-1]} {piece}"  # "Remote / (United States)"
            continue
        commas = [p.strip() for p in piece.split(",")]
        if commas and len(commas[-1]) <= 3 and not _CODE_DASH_CITY.match(commas[-1]):
            truncated = commas[:-1]  # "..., CA - San Diego, C..." cut off by the page
        else:
            truncated = commas
        if len(truncated) > 1 and all(_CODE_DASH_CITY.match(p) for p in truncated):
            out.extend(truncated)  # Accenture "AR - Bentonville, AZ - Phoenix"
        elif len(commas) >= 4 and len(commas) % 2 == 0 and _PAIR_LIST.match(piece) and all(
            _region(commas[i].split()[0], None) for i in range(1, len(commas), 2)
        ):
            out.extend(f"{commas[i]}, {commas[i + 1]}" for i in range(0, len(commas), 2))
        else:
            out.append(piece)
    seen: set[str] = set()
    return tuple(p for p in out if not (p.casefold() in seen or seen.add(p.casefold())))

