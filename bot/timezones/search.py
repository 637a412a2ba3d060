"""Help a person find their IANA time zone from a country, city, zone name or UTC offset."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from types import MappingProxyType
from typing import Literal

from bot.timezones.abbreviations import ZONE_NAMES
from bot.timezones.data import CITY_ALIASES, COUNTRY_ALIASES, POPULAR, UTC_NAMES, UTC_ZONE
from bot.timezones.labels import MAX_LABEL, MINUS, city_display, format_offset, option_label
from bot.timezones.zones import (
    canonical,
    countries,
    country_for_zone,
    country_name,
    country_zones,
    load_zone,
    offset_at,
    require_aware,
    tzdata_names,
    zone_info,
    zone_rows,
)

MAX_OPTIONS = 40
MAX_MATCHES = 8

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


_OFFSET_RE = re.compile(r"^(utc|gmt)?([+-])?(\d{1,2})(?:[:.h]?(\d{2}))?$")


def _normalize(text: str) -> str:
    """Fold case, accents and punctuation so that free text can be compared."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = re.sub(r"['’`.]", "", plain)
    words = re.sub(r"[\W_]+", " ", plain).split()
    words = ["st" if word == "saint" else word for word in words]
    return " ".join(words)


def _zone_key(name: str) -> str:
    """Fold a zone name for exact matching ('america/new york' ~ 'America/New_York')."""
    return "/".join(" ".join(part.replace("_", " ").split()) for part in name.casefold().split("/"))


@cache
def _exact_index() -> Mapping[str, str]:
    """Map folded zone names (with a slash, or UTC spellings) to canonical zones."""
    zones, links = tzdata_names()
    index = {}
    for name in sorted(zones | set(links)):
        if "/" in name or name.casefold() in UTC_NAMES:
            index[_zone_key(name)] = canonical(name)
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
    for code, name in countries().items():
        for key in _country_name_keys(name):
            seen.setdefault(key, set()).add(code)
    index = {key: next(iter(codes)) for key, codes in seen.items() if len(codes) == 1}
    for alias, code in COUNTRY_ALIASES.items():
        index[_normalize(alias)] = code
    return MappingProxyType(index)


@cache
def _city_index() -> Mapping[str, tuple[str, ...]]:
    """Map normalized city names (zone.tab last components and aliases) to zones."""
    index: dict[str, list[str]] = {}
    for _code, zone, _comment in zone_rows():
        index.setdefault(_normalize(zone.rsplit("/", 1)[-1]), []).append(zone)
    for alias, zone in CITY_ALIASES.items():
        zones = index.setdefault(_normalize(alias), [])
        if zone not in zones:
            zones.append(zone)
    return MappingProxyType({key: tuple(zones) for key, zones in index.items()})


def _rank(zone: str) -> tuple[int, bool, int]:
    """Sort key: well-known zones first, Antarctic stations last, otherwise zone.tab order."""
    popular = POPULAR.index(zone) if zone in POPULAR else len(POPULAR)
    info = zone_info().get(zone)
    return popular, zone.startswith("Antarctica/"), info[2] if info else len(zone_info())


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


def _options(zones: Sequence[str], limit: int = MAX_OPTIONS) -> tuple[ZoneOption, ...]:
    """Turn zones into unique options, keeping order, at most limit of them."""
    unique = list(dict.fromkeys(zones))[: min(limit, MAX_OPTIONS)]
    return tuple(ZoneOption(zone, option_label(zone)) for zone in unique)


def _signature(zone: str, start: datetime) -> tuple[timedelta, ...]:
    """Return a zone's offsets at daily samples over the coming year."""
    tz = load_zone(zone)
    return tuple((start + timedelta(days=day)).astimezone(tz).utcoffset() for day in range(366))


def _country_options(code: str, now: datetime) -> tuple[ZoneOption, ...]:
    """Return a country's zones, hiding alias zones that behave like one already listed."""
    zones = country_zones().get(code, ())
    _tz_zones, links = tzdata_names()
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
    seen = dict.fromkeys(zone for _code, zone, _comment in zone_rows())
    matches = sorted((zone for zone in seen if offset_at(zone, now) == offset), key=_rank)
    options = list(_options(matches, MAX_MATCHES))
    fixed = _fixed_zone(offset)
    if fixed is not None:
        label = f"Fixed {format_offset(offset)} (no daylight saving)"
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
    city = city_display(zone)
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
        code = upper if upper in countries() and upper in country_zones() else None
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
    now_utc = require_aware(now)
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
