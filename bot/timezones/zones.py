"""Zones as tzdata ships them: its tables read once, canonical names, validity, countries,
offsets and local dates."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from functools import cache
from importlib.resources import files
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.timezones.data import COUNTRY_FIRST, DISPLAY_COUNTRY, REJECTED_NAMES, UTC_NAMES, UTC_ZONE


def read_table(name: str) -> str:
    """Return the text of one table shipped with the tzdata package."""
    return files("tzdata.zoneinfo").joinpath(name).read_text(encoding="utf-8")


@cache
def zone_rows() -> tuple[tuple[str, str, str], ...]:
    """Return zone.tab as (country code, zone, comment) rows, in file order."""
    rows = []
    for line in read_table("zone.tab").splitlines():
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        comment = fields[3].strip() if len(fields) > 3 else ""
        rows.append((fields[0], fields[2].strip(), comment))
    return tuple(rows)


@cache
def zone_info() -> Mapping[str, tuple[str, str, int]]:
    """Map each zone.tab zone to (country code, comment, position in file)."""
    return MappingProxyType(
        {zone: (code, comment, index) for index, (code, zone, comment) in enumerate(zone_rows())}
    )


@cache
def country_zones() -> Mapping[str, tuple[str, ...]]:
    """Map each country code to its zone.tab zones, the well-known ones first."""
    grouped: dict[str, list[str]] = {}
    for code, zone, _comment in zone_rows():
        grouped.setdefault(code, []).append(zone)
    ordered = {}
    for code, zones in grouped.items():
        first = [zone for zone in COUNTRY_FIRST.get(code, ()) if zone in zones]
        ordered[code] = tuple(first + [zone for zone in zones if zone not in first])
    return MappingProxyType(ordered)


@cache
def countries() -> Mapping[str, str]:
    """Map ISO 3166 alpha-2 codes to iso3166.tab's English names."""
    names = {}
    for line in read_table("iso3166.tab").splitlines():
        if line and not line.startswith("#"):
            code, name = line.split("\t")[:2]
            names[code] = name.strip()
    return MappingProxyType(names)


@cache
def tzdata_names() -> tuple[frozenset[str], Mapping[str, str]]:
    """Return tzdata.zi's zone names and its link-to-target map."""
    zones = set()
    links = {}
    for line in read_table("tzdata.zi").splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] == "Z":
            zones.add(parts[1])
        elif len(parts) >= 3 and parts[0] == "L":
            links[parts[2]] = parts[1]
    return frozenset(zones), MappingProxyType(links)


def canonical(name: str) -> str:
    """Return the preferred spelling of a known zone name (links resolved)."""
    if name.casefold() in UTC_NAMES or name == "Etc/GMT":
        return UTC_ZONE
    _zones, links = tzdata_names()
    for _hop in range(5):
        if name in zone_info() or name not in links:
            break
        name = links[name]
    return UTC_ZONE if name.casefold() in UTC_NAMES else name


@cache
def home_zone_count(code: str) -> int:
    """Count a country's zones, leaving out links to another country's zone (e.g. Busingen)."""
    _zones, links = tzdata_names()
    count = 0
    for zone in country_zones().get(code, ()):
        target = zone_info().get(links.get(zone, zone))
        if target is None or target[0] == code:
            count += 1
    return count


def require_aware(now: datetime) -> datetime:
    """Return now in UTC, refusing naive datetimes (they would silently use the host zone)."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(UTC)


@cache
def load_zone(zone: str) -> ZoneInfo:
    """Load a zone once (zoneinfo's own cache keeps only a few strong references)."""
    return ZoneInfo(zone)


def offset_at(zone: str, now: datetime) -> timedelta:
    """Return a zone's UTC offset at an aware instant."""
    offset = now.astimezone(load_zone(zone)).utcoffset()
    return offset if offset is not None else timedelta(0)


def country_for_zone(zone: str) -> str | None:
    """Return the ISO 3166 alpha-2 code zone.tab gives a zone (None for UTC/Etc zones)."""
    if not zone or zone in REJECTED_NAMES:
        return None
    info = zone_info().get(zone) or zone_info().get(canonical(zone))
    return info[0] if info else None


def country_name(code: str) -> str | None:
    """Return a readable English name for an ISO 3166 alpha-2 code, or None."""
    upper = code.strip().upper()
    return DISPLAY_COUNTRY.get(upper) or countries().get(upper)


def is_valid_zone(name: str) -> bool:
    """Tell whether name is a real IANA zone that zoneinfo can load (no paths or localtime)."""
    if not isinstance(name, str) or not name or name != name.strip() or len(name) > 64:
        return False
    if name in REJECTED_NAMES or name.startswith(("/", ".")) or ".." in name or "\\" in name:
        return False
    zones, links = tzdata_names()
    if name not in zones and name not in links:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def loadable(zone: str) -> str:
    """Return zone if it is valid, otherwise raise ValueError."""
    if not is_valid_zone(zone):
        raise ValueError(f"unknown time zone: {zone!r}")
    return zone


def local_date(zone: str, now: datetime) -> date:
    """The calendar date in `zone` at the instant `now`."""
    return now.astimezone(ZoneInfo(zone)).date()
