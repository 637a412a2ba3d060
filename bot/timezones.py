"""Help a person find their IANA time zone from a country, city, zone name or UTC offset."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from importlib.resources import files
from types import MappingProxyType
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.zone_abbreviations import ZONE_NAMES

MAX_OPTIONS = 40
MAX_MATCHES = 8
MAX_LABEL = 40
MINUS = "\u2212"
UTC_ZONE = "UTC"

SearchKind = Literal["zone", "country", "city", "named", "offset", "none"]


@dataclass(frozen=True)
class ZoneOption:
    """One zone a person can pick, with the text its button shows."""

    zone: str
    label: str


@dataclass(frozen=True)
class ZoneSearch:
    """The outcome of interpreting what a person typed."""

    kind: SearchKind
    options: tuple[ZoneOption, ...]
    country_name: str | None


# Names (no slash) that all mean plain UTC.
_UTC_NAMES = frozenset(
    {
        "utc",
        "uct",
        "universal",
        "zulu",
        "etc/utc",
        "etc/uct",
        "etc/universal",
        "etc/zulu",
        "etc/gmt",
        "etc/gmt+0",
        "etc/gmt-0",
        "etc/gmt0",
        "etc/greenwich",
    }
)

# Zones never offered or accepted even though tzdata ships them.
_REJECTED_NAMES = frozenset({"Factory", "localtime", "posixrules"})

# Well-known zones, roughly most-used first; ranks offset and substring results.
_POPULAR = (
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "America/Denver",
    "America/Phoenix",
    "America/Toronto",
    "America/Vancouver",
    "America/Mexico_City",
    "America/Sao_Paulo",
    "America/Argentina/Buenos_Aires",
    "America/Bogota",
    "America/Lima",
    "America/Santiago",
    "America/Caracas",
    "America/Halifax",
    "America/St_Johns",
    "America/Anchorage",
    "Pacific/Honolulu",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Madrid",
    "Europe/Rome",
    "Europe/Amsterdam",
    "Europe/Warsaw",
    "Europe/Stockholm",
    "Europe/Zurich",
    "Europe/Vienna",
    "Europe/Athens",
    "Europe/Kyiv",
    "Europe/Bucharest",
    "Europe/Helsinki",
    "Europe/Istanbul",
    "Europe/Moscow",
    "Africa/Lagos",
    "Africa/Accra",
    "Africa/Abidjan",
    "Africa/Cairo",
    "Africa/Johannesburg",
    "Africa/Nairobi",
    "Africa/Casablanca",
    "Asia/Jerusalem",
    "Asia/Riyadh",
    "Asia/Dubai",
    "Asia/Tehran",
    "Asia/Kabul",
    "Asia/Karachi",
    "Asia/Tashkent",
    "Asia/Yekaterinburg",
    "Asia/Almaty",
    "Asia/Kolkata",
    "Asia/Colombo",
    "Asia/Kathmandu",
    "Asia/Dhaka",
    "Asia/Yangon",
    "Asia/Bangkok",
    "Asia/Jakarta",
    "Asia/Ho_Chi_Minh",
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Singapore",
    "Asia/Manila",
    "Asia/Taipei",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Australia/Perth",
    "Australia/Adelaide",
    "Australia/Darwin",
    "Australia/Brisbane",
    "Australia/Sydney",
    "Australia/Melbourne",
    "Pacific/Auckland",
    "Pacific/Chatham",
)

# For countries with many zones: the big-city zones first, then zone.tab order.
_COUNTRY_FIRST: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "US": (
            "America/New_York",
            "America/Chicago",
            "America/Denver",
            "America/Phoenix",
            "America/Los_Angeles",
            "America/Anchorage",
            "Pacific/Honolulu",
        ),
        "CA": (
            "America/Toronto",
            "America/Vancouver",
            "America/Edmonton",
            "America/Winnipeg",
            "America/Halifax",
            "America/St_Johns",
            "America/Regina",
        ),
        "AU": (
            "Australia/Sydney",
            "Australia/Melbourne",
            "Australia/Brisbane",
            "Australia/Perth",
            "Australia/Adelaide",
            "Australia/Hobart",
            "Australia/Darwin",
        ),
        "BR": (
            "America/Sao_Paulo",
            "America/Fortaleza",
            "America/Recife",
            "America/Bahia",
            "America/Manaus",
            "America/Belem",
        ),
        "RU": (
            "Europe/Moscow",
            "Asia/Yekaterinburg",
            "Asia/Novosibirsk",
            "Asia/Krasnoyarsk",
            "Asia/Irkutsk",
            "Asia/Vladivostok",
            "Europe/Kaliningrad",
            "Europe/Samara",
            "Asia/Omsk",
        ),
        "MX": (
            "America/Mexico_City",
            "America/Monterrey",
            "America/Tijuana",
            "America/Cancun",
            "America/Chihuahua",
            "America/Hermosillo",
            "America/Mazatlan",
        ),
        "UA": ("Europe/Kyiv",),
        "UZ": ("Asia/Tashkent",),
    }
)

# Everyday names for countries that iso3166.tab spells differently (keys are normalized).
_COUNTRY_ALIASES: Mapping[str, str] = MappingProxyType(
    {
        "uk": "GB",
        "united kingdom": "GB",
        "great britain": "GB",
        "britain": "GB",
        "england": "GB",
        "scotland": "GB",
        "wales": "GB",
        "northern ireland": "GB",
        "us": "US",
        "usa": "US",
        "america": "US",
        "united states of america": "US",
        "russia": "RU",
        "russian federation": "RU",
        "россия": "RU",
        "south korea": "KR",
        "korea": "KR",
        "republic of korea": "KR",
        "north korea": "KP",
        "dprk": "KP",
        "czechia": "CZ",
        "czech": "CZ",
        "holland": "NL",
        "the netherlands": "NL",
        "nederland": "NL",
        "ivory coast": "CI",
        "viet nam": "VN",
        "persia": "IR",
        "lao": "LA",
        "lao pdr": "LA",
        "macedonia": "MK",
        "turkiye": "TR",
        "uae": "AE",
        "emirates": "AE",
        "burma": "MM",
        "swaziland": "SZ",
        "timor leste": "TL",
        "cabo verde": "CV",
        "drc": "CD",
        "dr congo": "CD",
        "democratic republic of the congo": "CD",
        "republic of the congo": "CG",
        "congo": "CD",
        "virgin islands": "VI",
        "samoa": "WS",
        "american samoa": "AS",
        "vatican": "VA",
        "holy see": "VA",
        "macao": "MO",
        "saudi": "SA",
        "aotearoa": "NZ",
        "deutschland": "DE",
        "espana": "ES",
        "italia": "IT",
        "brasil": "BR",
        "polska": "PL",
        "osterreich": "AT",
        "schweiz": "CH",
        "suisse": "CH",
        "svizzera": "CH",
        "sverige": "SE",
        "norge": "NO",
        "danmark": "DK",
        "suomi": "FI",
        "україна": "UA",
        "украина": "UA",
        "nippon": "JP",
        "bosnia": "BA",
        "trinidad": "TT",
        "palestinian territories": "PS",
    }
)

# Big cities that are not zone names (keys are normalized).
_CITY_ALIASES: Mapping[str, str] = MappingProxyType(
    {
        "mumbai": "Asia/Kolkata",
        "bombay": "Asia/Kolkata",
        "delhi": "Asia/Kolkata",
        "new delhi": "Asia/Kolkata",
        "bangalore": "Asia/Kolkata",
        "bengaluru": "Asia/Kolkata",
        "chennai": "Asia/Kolkata",
        "hyderabad": "Asia/Kolkata",
        "calcutta": "Asia/Kolkata",
        "beijing": "Asia/Shanghai",
        "peking": "Asia/Shanghai",
        "shenzhen": "Asia/Shanghai",
        "guangzhou": "Asia/Shanghai",
        "san francisco": "America/Los_Angeles",
        "sf": "America/Los_Angeles",
        "la": "America/Los_Angeles",
        "seattle": "America/Los_Angeles",
        "san diego": "America/Los_Angeles",
        "las vegas": "America/Los_Angeles",
        "washington": "America/New_York",
        "washington dc": "America/New_York",
        "dc": "America/New_York",
        "nyc": "America/New_York",
        "boston": "America/New_York",
        "miami": "America/New_York",
        "atlanta": "America/New_York",
        "philadelphia": "America/New_York",
        "houston": "America/Chicago",
        "dallas": "America/Chicago",
        "austin": "America/Chicago",
        "minneapolis": "America/Chicago",
        "new orleans": "America/Chicago",
        "salt lake city": "America/Denver",
        "munich": "Europe/Berlin",
        "munchen": "Europe/Berlin",
        "hamburg": "Europe/Berlin",
        "frankfurt": "Europe/Berlin",
        "cologne": "Europe/Berlin",
        "koln": "Europe/Berlin",
        "barcelona": "Europe/Madrid",
        "valencia": "Europe/Madrid",
        "seville": "Europe/Madrid",
        "milan": "Europe/Rome",
        "milano": "Europe/Rome",
        "naples": "Europe/Rome",
        "florence": "Europe/Rome",
        "venice": "Europe/Rome",
        "manchester": "Europe/London",
        "edinburgh": "Europe/London",
        "birmingham": "Europe/London",
        "glasgow": "Europe/London",
        "liverpool": "Europe/London",
        "cardiff": "Europe/London",
        "belfast": "Europe/London",
        "montreal": "America/Toronto",
        "ottawa": "America/Toronto",
        "quebec": "America/Toronto",
        "calgary": "America/Edmonton",
        "osaka": "Asia/Tokyo",
        "kyoto": "Asia/Tokyo",
        "kiev": "Europe/Kyiv",
        "st petersburg": "Europe/Moscow",
        "petersburg": "Europe/Moscow",
        "saigon": "Asia/Ho_Chi_Minh",
        "ho chi minh city": "Asia/Ho_Chi_Minh",
        "hanoi": "Asia/Ho_Chi_Minh",
        "rio de janeiro": "America/Sao_Paulo",
        "rio": "America/Sao_Paulo",
        "brasilia": "America/Sao_Paulo",
        "ankara": "Europe/Istanbul",
        "rotterdam": "Europe/Amsterdam",
        "the hague": "Europe/Amsterdam",
        "geneva": "Europe/Zurich",
        "krakow": "Europe/Warsaw",
        "tel aviv": "Asia/Jerusalem",
        "abu dhabi": "Asia/Dubai",
        "canberra": "Australia/Sydney",
        "wellington": "Pacific/Auckland",
        "cape town": "Africa/Johannesburg",
        "durban": "Africa/Johannesburg",
        "pretoria": "Africa/Johannesburg",
        "abuja": "Africa/Lagos",
        "rangoon": "Asia/Yangon",
        "islamabad": "Asia/Karachi",
        "lahore": "Asia/Karachi",
    }
)

# Readable forms where replacing underscores is not enough.
_CITY_DISPLAY: Mapping[str, str] = MappingProxyType(
    {"St_Johns": "St John's", "DumontDUrville": "Dumont-d'Urville"}
)

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_OFFSET_RE = re.compile(r"^(utc|gmt)?([+-])?(\d{1,2})(?:[:.h]?(\d{2}))?$")
_ETC_RE = re.compile(r"^Etc/GMT([+-])(\d{1,2})$")


def _normalize(text: str) -> str:
    """Fold case, accents and punctuation so that free text can be compared."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = re.sub(r"['’`.]", "", plain)
    words = re.sub(r"[\W_]+", " ", plain).split()
    words = ["st" if word == "saint" else word for word in words]
    return " ".join(words)


def _read_table(name: str) -> str:
    """Return the text of one table shipped with the tzdata package."""
    return files("tzdata.zoneinfo").joinpath(name).read_text(encoding="utf-8")


@cache
def _zone_rows() -> tuple[tuple[str, str, str], ...]:
    """Return zone.tab as (country code, zone, comment) rows, in file order."""
    rows = []
    for line in _read_table("zone.tab").splitlines():
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        comment = fields[3].strip() if len(fields) > 3 else ""
        rows.append((fields[0], fields[2].strip(), comment))
    return tuple(rows)


@cache
def _zone_info() -> Mapping[str, tuple[str, str, int]]:
    """Map each zone.tab zone to (country code, comment, position in file)."""
    return MappingProxyType(
        {zone: (code, comment, index) for index, (code, zone, comment) in enumerate(_zone_rows())}
    )


@cache
def _country_zones() -> Mapping[str, tuple[str, ...]]:
    """Map each country code to its zone.tab zones, the well-known ones first."""
    grouped: dict[str, list[str]] = {}
    for code, zone, _comment in _zone_rows():
        grouped.setdefault(code, []).append(zone)
    ordered = {}
    for code, zones in grouped.items():
        first = [zone for zone in _COUNTRY_FIRST.get(code, ()) if zone in zones]
        ordered[code] = tuple(first + [zone for zone in zones if zone not in first])
    return MappingProxyType(ordered)


@cache
def _countries() -> Mapping[str, str]:
    """Map ISO 3166 alpha-2 codes to iso3166.tab's English names."""
    names = {}
    for line in _read_table("iso3166.tab").splitlines():
        if line and not line.startswith("#"):
            code, name = line.split("\t")[:2]
            names[code] = name.strip()
    return MappingProxyType(names)


@cache
def _tzdata_names() -> tuple[frozenset[str], Mapping[str, str]]:
    """Return tzdata.zi's zone names and its link-to-target map."""
    zones = set()
    links = {}
    for line in _read_table("tzdata.zi").splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] == "Z":
            zones.add(parts[1])
        elif len(parts) >= 3 and parts[0] == "L":
            links[parts[2]] = parts[1]
    return frozenset(zones), MappingProxyType(links)


def _canonical(name: str) -> str:
    """Return the preferred spelling of a known zone name (links resolved)."""
    if name.casefold() in _UTC_NAMES or name == "Etc/GMT":
        return UTC_ZONE
    _zones, links = _tzdata_names()
    for _hop in range(5):
        if name in _zone_info() or name not in links:
            break
        name = links[name]
    return UTC_ZONE if name.casefold() in _UTC_NAMES else name


def _zone_key(name: str) -> str:
    """Fold a zone name for exact matching ('america/new york' ~ 'America/New_York')."""
    return "/".join(" ".join(part.replace("_", " ").split()) for part in name.casefold().split("/"))


@cache
def _exact_index() -> Mapping[str, str]:
    """Map folded zone names (with a slash, or UTC spellings) to canonical zones."""
    zones, links = _tzdata_names()
    index = {}
    for name in sorted(zones | set(links)):
        if "/" in name or name.casefold() in _UTC_NAMES:
            index[_zone_key(name)] = _canonical(name)
    index["utc"] = UTC_ZONE
    return MappingProxyType(index)


def _country_name_keys(name: str) -> set[str]:
    """Return the ways a person might type one iso3166.tab name."""
    keys = {_normalize(name), _normalize(name.replace("&", " and "))}
    match = re.fullmatch(r"(.+?)\s*\((.+)\)", name)
    if match:
        base, extra = match.groups()
        keys |= {_normalize(f"{extra} {base}"), _normalize(f"{base} {extra}"), _normalize(extra)}
        keys.add(_normalize(base))
    return {key for key in keys if key}


@cache
def _country_index() -> Mapping[str, str]:
    """Map normalized country names and aliases to ISO codes (ambiguous names left out)."""
    seen: dict[str, set[str]] = {}
    for code, name in _countries().items():
        for key in _country_name_keys(name):
            seen.setdefault(key, set()).add(code)
    index = {key: next(iter(codes)) for key, codes in seen.items() if len(codes) == 1}
    for alias, code in _COUNTRY_ALIASES.items():
        index[_normalize(alias)] = code
    return MappingProxyType(index)


@cache
def _city_index() -> Mapping[str, tuple[str, ...]]:
    """Map normalized city names (zone.tab last components and aliases) to zones."""
    index: dict[str, list[str]] = {}
    for _code, zone, _comment in _zone_rows():
        index.setdefault(_normalize(zone.rsplit("/", 1)[-1]), []).append(zone)
    for alias, zone in _CITY_ALIASES.items():
        zones = index.setdefault(_normalize(alias), [])
        if zone not in zones:
            zones.append(zone)
    return MappingProxyType({key: tuple(zones) for key, zones in index.items()})


def _rank(zone: str) -> tuple[int, bool, int]:
    """Sort key: well-known zones first, Antarctic stations last, otherwise zone.tab order."""
    popular = _POPULAR.index(zone) if zone in _POPULAR else len(_POPULAR)
    info = _zone_info().get(zone)
    return popular, zone.startswith("Antarctica/"), info[2] if info else len(_zone_info())


def _require_aware(now: datetime) -> datetime:
    """Return now in UTC, refusing naive datetimes (they would silently use the host zone)."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(UTC)


@cache
def _tz(zone: str) -> ZoneInfo:
    """Load a zone once (zoneinfo's own cache keeps only a few strong references)."""
    return ZoneInfo(zone)


def _offset_at(zone: str, now: datetime) -> timedelta:
    """Return a zone's UTC offset at an aware instant."""
    offset = now.astimezone(_tz(zone)).utcoffset()
    return offset if offset is not None else timedelta(0)


def _format_offset(offset: timedelta) -> str:
    """Format an offset as 'UTC', 'UTC+5:45' or 'UTC−3:30'."""
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else MINUS
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}:{rest:02d}" if rest else f"UTC{sign}{hours}"


def _fixed_zone(offset: timedelta) -> str | None:
    """Return the Etc zone with a whole-hour fixed offset (note tzdata's inverted sign)."""
    minutes = int(offset.total_seconds() // 60)
    if minutes % 60:
        return None
    hours = minutes // 60
    if hours == 0:
        return UTC_ZONE
    if not -12 <= hours <= 14:
        return None
    return f"Etc/GMT{'-' if hours > 0 else '+'}{abs(hours)}"


def _city_display(zone: str) -> str:
    """Return the readable city part of a zone name."""
    last = zone.rsplit("/", 1)[-1]
    return _CITY_DISPLAY.get(last, last.replace("_", " "))


def _fit(city: str, comment: str) -> str:
    """Combine a city and a comment into a label of at most MAX_LABEL characters."""
    if not comment:
        return city[:MAX_LABEL]
    full = f"{city} ({comment})"
    if len(full) <= MAX_LABEL:
        return full
    room = MAX_LABEL - len(city) - len(" (…)")
    if room < 6:
        return city[:MAX_LABEL]
    cut = comment[: room + 1]
    if " " in cut.strip():
        cut = cut[: cut.rstrip().rfind(" ")]
    cut = cut[:room].rstrip(" ,;:-/(")
    return f"{city} ({cut}…)"


def _label(zone: str) -> str:
    """Return the button text for a zone."""
    if zone == UTC_ZONE:
        return "UTC"
    if _ETC_RE.match(zone):
        return f"Fixed {_format_offset(_etc_offset(zone))} (no daylight saving)"
    city = _city_display(zone)
    info = _zone_info().get(zone)
    if info is None or _home_zone_count(info[0]) < 2:
        return city[:MAX_LABEL]
    comment = re.sub(r" \(([^()]*)\)", r", \1", info[1])
    folded, prefix = comment.casefold(), city.casefold()
    if folded == prefix or folded.startswith(f"{prefix},"):
        comment = comment[len(city) :].lstrip(" ,")
    return _fit(city, comment)


@cache
def _home_zone_count(code: str) -> int:
    """Count a country's zones, leaving out links to another country's zone (e.g. Busingen)."""
    _zones, links = _tzdata_names()
    count = 0
    for zone in _country_zones().get(code, ()):
        target = _zone_info().get(links.get(zone, zone))
        if target is None or target[0] == code:
            count += 1
    return count


def _etc_offset(zone: str) -> timedelta:
    """Return the fixed offset of UTC or an Etc/GMT±N zone."""
    match = _ETC_RE.match(zone)
    if not match:
        return timedelta(0)
    sign = -1 if match.group(1) == "+" else 1
    return timedelta(hours=sign * int(match.group(2)))


def _options(zones: Sequence[str], limit: int = MAX_OPTIONS) -> tuple[ZoneOption, ...]:
    """Turn zones into unique options, keeping order, at most limit of them."""
    unique = list(dict.fromkeys(zones))[: min(limit, MAX_OPTIONS)]
    return tuple(ZoneOption(zone, _label(zone)) for zone in unique)


def _signature(zone: str, start: datetime) -> tuple[timedelta, ...]:
    """Return a zone's offsets at daily samples over the coming year."""
    tz = _tz(zone)
    return tuple((start + timedelta(days=day)).astimezone(tz).utcoffset() for day in range(366))


def _country_options(code: str, now: datetime) -> tuple[ZoneOption, ...]:
    """Return a country's zones, hiding alias zones that behave like one already listed."""
    zones = _country_zones().get(code, ())
    _tz_zones, links = _tzdata_names()
    if len(zones) < 2 or not any(zone in links for zone in zones):
        return _options(zones)
    kept: list[str] = []
    kept_signatures: set[tuple[timedelta, ...]] = set()
    for zone in zones:
        signature = _signature(zone, now)
        if zone in links and signature in kept_signatures:
            continue
        kept.append(zone)
        kept_signatures.add(signature)
    return _options(kept)


def _parse_offset(query: str) -> timedelta | None:
    """Parse 'UTC+5:30', '+0530', 'GMT-3', '-07:00', '+5' or 'UTC' into an offset."""
    text = query.casefold()
    for dash in (MINUS, "–", "—"):
        text = text.replace(dash, "-")
    text = "".join(text.split())
    if text in {"utc", "gmt"}:
        return timedelta(0)
    match = _OFFSET_RE.match(text)
    if not match:
        return None
    prefix, sign, hours, minutes = match.groups()
    if not prefix and not sign:
        return None
    hour_value, minute_value = int(hours), int(minutes or 0)
    if minute_value >= 60 or hour_value > 14:
        return None
    offset = timedelta(hours=hour_value, minutes=minute_value)
    return -offset if sign == "-" else offset


def _search_offset(offset: timedelta, now: datetime) -> ZoneSearch:
    """Find the zones whose offset at now equals offset, plus a fixed zone for whole hours."""
    seen = dict.fromkeys(zone for _code, zone, _comment in _zone_rows())
    matches = sorted((zone for zone in seen if _offset_at(zone, now) == offset), key=_rank)
    options = list(_options(matches, MAX_MATCHES))
    fixed = _fixed_zone(offset)
    if fixed is not None:
        label = f"Fixed {_format_offset(offset)} (no daylight saving)"
        options.append(ZoneOption(fixed, label))
    if not options:
        return ZoneSearch("none", (), None)
    return ZoneSearch("offset", tuple(options), None)


def _search_city_substring(key: str) -> tuple[str, ...]:
    """Return zones whose city names start with key, or have a word that does (never a match
    inside a word: "est" is not Bucharest), prefix matches first."""
    if len(key) < 3:
        return ()
    hits: list[tuple[int, tuple[int, bool, int], str]] = []
    for city, zones in _city_index().items():
        if city.startswith(key):
            closeness = 0
        elif f" {key}" in city:
            closeness = 1
        else:
            continue
        hits.extend((closeness, _rank(zone), zone) for zone in zones)
    hits.sort()
    return tuple(dict.fromkeys(zone for _closeness, _rank_key, zone in hits))


def _named_option(zone: str) -> ZoneOption:
    """A place an abbreviation means, with its country: the places may lie in several."""
    code = country_for_zone(zone)
    country = country_name(code) if code else None
    city = _city_display(zone)
    label = f"{city} ({country})" if country else city
    return ZoneOption(zone, label if len(label) <= MAX_LABEL else city)


def _search_one(query: str, now: datetime) -> ZoneSearch:
    """Run the ordered tries on one piece of text."""
    stripped = query.strip()
    exact = _exact_index().get(_zone_key(stripped))
    if exact is not None:
        return ZoneSearch("zone", _options([exact]), None)
    key = _normalize(stripped)
    if not key:
        return ZoneSearch("none", (), None)
    keys = (key, key.removeprefix("the "))
    code = next((_country_index()[k] for k in keys if k in _country_index()), None)
    city_zones = next((_city_index()[k] for k in keys if k in _city_index()), ())
    if code is None and not city_zones and re.fullmatch(r"[a-z]{2}", key):
        upper = key.upper()
        code = upper if upper in _countries() and upper in _country_zones() else None
    if code is not None:
        return ZoneSearch("country", _country_options(code, now), country_name(code))
    if city_zones:
        return ZoneSearch("city", _options(sorted(city_zones, key=_rank)), None)
    named = next((ZONE_NAMES[k] for k in keys if k in ZONE_NAMES), None)
    if named is not None:
        return ZoneSearch("named", tuple(_named_option(zone) for zone in named), None)
    offset = _parse_offset(stripped)
    if offset is not None:
        return _search_offset(offset, now)
    near = _search_city_substring(key)
    if near:
        return ZoneSearch("city", _options(near, MAX_MATCHES), None)
    return ZoneSearch("none", (), None)


def search_zones(query: str, now: datetime) -> ZoneSearch:
    """Interpret a typed zone name, country, city or UTC offset as zone options at now."""
    now_utc = _require_aware(now)
    if len(query) > 100:
        return ZoneSearch("none", (), None)
    result = _search_one(query, now_utc)
    if result.kind == "none" and "," in query:
        for part in query.split(","):
            if part.strip():
                result = _search_one(part, now_utc)
                if result.kind != "none":
                    return result
    return result


def country_for_zone(zone: str) -> str | None:
    """Return the ISO 3166 alpha-2 code zone.tab gives a zone (None for UTC/Etc zones)."""
    if not zone or zone in _REJECTED_NAMES:
        return None
    info = _zone_info().get(zone) or _zone_info().get(_canonical(zone))
    return info[0] if info else None


_DISPLAY_COUNTRY: Mapping[str, str] = MappingProxyType(
    {
        "GB": "United Kingdom",
        "KR": "South Korea",
        "KP": "North Korea",
        "AS": "American Samoa",
        "WS": "Samoa",
    }
)


def country_name(code: str) -> str | None:
    """Return a readable English name for an ISO 3166 alpha-2 code, or None."""
    upper = code.strip().upper()
    return _DISPLAY_COUNTRY.get(upper) or _countries().get(upper)


def is_valid_zone(name: str) -> bool:
    """Tell whether name is a real IANA zone that zoneinfo can load (no paths or localtime)."""
    if not isinstance(name, str) or not name or name != name.strip() or len(name) > 64:
        return False
    if name in _REJECTED_NAMES or name.startswith(("/", ".")) or ".." in name or "\\" in name:
        return False
    zones, links = _tzdata_names()
    if name not in zones and name not in links:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def utc_offset_label(zone: str, now: datetime) -> str:
    """Return a zone's offset at now as 'UTC+5:45', 'UTC−3:30' (U+2212) or 'UTC'."""
    return _format_offset(_offset_at(_loadable(zone), _require_aware(now)))


def local_time_label(zone: str, now: datetime) -> str:
    """Return the local time in a zone at now, e.g. '14:05, Sunday'."""
    local = _require_aware(now).astimezone(_tz(_loadable(zone)))
    return f"{local:%H:%M}, {_WEEKDAYS[local.weekday()]}"


def _loadable(zone: str) -> str:
    """Return zone if it is valid, otherwise raise ValueError."""
    if not is_valid_zone(zone):
        raise ValueError(f"unknown time zone: {zone!r}")
    return zone


def zone_label(zone: str) -> str:
    """Return a short readable name for a zone ('Berlin', 'New York', 'UTC', 'UTC+5')."""
    if zone.casefold() in _UTC_NAMES or zone in {UTC_ZONE, "Etc/GMT", "GMT"}:
        return "UTC"
    if _ETC_RE.match(zone):
        return _format_offset(_etc_offset(zone))
    return _city_display(zone)


def local_date(zone: str, now: datetime) -> date:
    """The calendar date in `zone` at the instant `now`."""
    return now.astimezone(ZoneInfo(zone)).date()
