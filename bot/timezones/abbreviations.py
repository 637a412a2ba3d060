"""Time-zone abbreviations and everyday names ("EST", "Pacific", "CET") and the places they mean.

Each maps to the main zones that use it, biggest first; one zone resolves at once, several are
offered to choose from (the country matters: it decides which helplines a person is shown).
Two-letter forms (PT, ET) are left out: they are country codes (Portugal, Ethiopia).
Abbreviations that mean different offsets in different parts of the world (CST, IST, BST) list
every meaning, so the person picks theirs rather than being guessed wrong.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

_US_EASTERN = ("America/New_York", "America/Toronto")
_US_CENTRAL = ("America/Chicago", "America/Winnipeg", "America/Mexico_City")
_US_MOUNTAIN = ("America/Denver", "America/Edmonton", "America/Phoenix")
_US_PACIFIC = ("America/Los_Angeles", "America/Vancouver", "America/Tijuana")
_CENTRAL_EUROPE = (
    "Europe/Berlin",
    "Europe/Paris",
    "Europe/Madrid",
    "Europe/Rome",
    "Europe/Amsterdam",
    "Europe/Warsaw",
    "Europe/Stockholm",
    "Europe/Vienna",
)
_EASTERN_EUROPE = (
    "Europe/Athens",
    "Europe/Bucharest",
    "Europe/Helsinki",
    "Europe/Kyiv",
    "Africa/Cairo",
)
_WESTERN_EUROPE = ("Europe/Lisbon", "Atlantic/Canary")
_AUSTRALIA_EASTERN = ("Australia/Sydney", "Australia/Melbourne", "Australia/Brisbane")

# Keys are written as `search._normalize` leaves them: lower case, words split by spaces.
ZONE_NAMES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        # North America
        "est": _US_EASTERN,
        "edt": _US_EASTERN,
        "eastern": _US_EASTERN,
        "eastern time": _US_EASTERN,
        "eastern standard time": _US_EASTERN,
        "us eastern": ("America/New_York",),
        "cst": (*_US_CENTRAL, "Asia/Shanghai", "America/Havana"),
        "cdt": _US_CENTRAL,
        "central": _US_CENTRAL,
        "central time": _US_CENTRAL,
        "central standard time": _US_CENTRAL,
        "mst": _US_MOUNTAIN,
        "mdt": _US_MOUNTAIN,
        "mountain": _US_MOUNTAIN,
        "mountain time": _US_MOUNTAIN,
        "pst": _US_PACIFIC,
        "pdt": _US_PACIFIC,
        "pacific": _US_PACIFIC,
        "pacific time": _US_PACIFIC,
        "pacific standard time": _US_PACIFIC,
        "akst": ("America/Anchorage",),
        "alaska time": ("America/Anchorage",),
        "hst": ("Pacific/Honolulu",),
        "hawaii time": ("Pacific/Honolulu",),
        "ast": ("America/Halifax", "America/Puerto_Rico", "Asia/Riyadh"),
        "atlantic": ("America/Halifax", "America/Puerto_Rico"),
        "atlantic time": ("America/Halifax", "America/Puerto_Rico"),
        "nst": ("America/St_Johns",),
        "newfoundland time": ("America/St_Johns",),
        # Europe and Africa
        "bst": ("Europe/London", "Asia/Dhaka"),
        "uk time": ("Europe/London",),
        "british time": ("Europe/London",),
        "wet": _WESTERN_EUROPE,
        "west": _WESTERN_EUROPE,
        "western european time": _WESTERN_EUROPE,
        "cet": _CENTRAL_EUROPE,
        "cest": _CENTRAL_EUROPE,
        "central european time": _CENTRAL_EUROPE,
        "eet": _EASTERN_EUROPE,
        "eest": _EASTERN_EUROPE,
        "eastern european time": _EASTERN_EUROPE,
        "msk": ("Europe/Moscow",),
        "moscow time": ("Europe/Moscow",),
        "wat": ("Africa/Lagos",),
        "cat": ("Africa/Maputo", "Africa/Harare", "Africa/Lusaka"),
        "eat": ("Africa/Nairobi", "Africa/Addis_Ababa", "Africa/Dar_es_Salaam"),
        "sast": ("Africa/Johannesburg",),
        # Asia and Oceania
        "ist": ("Asia/Kolkata", "Asia/Jerusalem", "Europe/Dublin"),
        "india time": ("Asia/Kolkata",),
        "pkt": ("Asia/Karachi",),
        "ict": ("Asia/Bangkok", "Asia/Ho_Chi_Minh"),
        "wib": ("Asia/Jakarta",),
        "sgt": ("Asia/Singapore",),
        "hkt": ("Asia/Hong_Kong",),
        "pht": ("Asia/Manila",),
        "china time": ("Asia/Shanghai",),
        "jst": ("Asia/Tokyo",),
        "kst": ("Asia/Seoul",),
        "awst": ("Australia/Perth",),
        "acst": ("Australia/Adelaide", "Australia/Darwin"),
        "acdt": ("Australia/Adelaide",),
        "aest": _AUSTRALIA_EASTERN,
        "aedt": ("Australia/Sydney", "Australia/Melbourne"),
        "nzst": ("Pacific/Auckland",),
        "nzdt": ("Pacific/Auckland",),
        "nz time": ("Pacific/Auckland",),
        # South America
        "brt": ("America/Sao_Paulo",),
        "brasilia time": ("America/Sao_Paulo",),
        "art": ("America/Argentina/Buenos_Aires",),
    }
)
