"""Time zones: finding a person's zone from what they type, and naming it back to them.

`search` turns a country, city, zone name or UTC offset into options; `labels` says how zones
read; `zones` reads tzdata's tables and answers validity, country and local-date questions;
`data` and `abbreviations` are the hand-kept tables.
"""

from bot.timezones.data import UTC_ZONE
from bot.timezones.labels import MAX_LABEL, MINUS, local_time_label, utc_offset_label, zone_label
from bot.timezones.search import (
    MAX_MATCHES,
    MAX_OPTIONS,
    SearchKind,
    ZoneOption,
    ZoneSearch,
    search_zones,
)
from bot.timezones.zones import country_for_zone, country_name, is_valid_zone, local_date

__all__ = [
    "MAX_LABEL",
    "MAX_MATCHES",
    "MAX_OPTIONS",
    "MINUS",
    "UTC_ZONE",
    "SearchKind",
    "ZoneOption",
    "ZoneSearch",
    "country_for_zone",
    "country_name",
    "is_valid_zone",
    "local_date",
    "local_time_label",
    "search_zones",
    "utc_offset_label",
    "zone_label",
]
