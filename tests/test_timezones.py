"""Tests for finding a person's IANA time zone from what they type."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from bot.timezones import (
    MAX_LABEL,
    ZoneOption,
    ZoneSearch,
    country_for_zone,
    country_name,
    is_valid_zone,
    local_time_label,
    search_zones,
    utc_offset_label,
    zone_label,
)
from bot.timezones.abbreviations import ZONE_NAMES
from bot.timezones.search import _country_options
from bot.timezones.zones import zone_rows

JANUARY = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
JULY = datetime(2026, 7, 15, 12, 0, tzinfo=UTC)


def zones_of(result: ZoneSearch) -> list[str]:
    """Return the zone names a search offered, in order."""
    return [option.zone for option in result.options]


def test_germany_is_berlin_only() -> None:
    result = search_zones("Germany", JANUARY)
    assert result.kind == "country"
    assert zones_of(result) == ["Europe/Berlin"]
    assert result.country_name == "Germany"


@pytest.mark.parametrize("query", ["united states", "USA", "us", "U.S.A.", "America", "US"])
def test_united_states_lists_several_zones_new_york_first(query: str) -> None:
    result = search_zones(query, JANUARY)
    assert result.kind == "country"
    assert result.country_name == "United States"
    zones = zones_of(result)
    assert zones[0] == "America/New_York"
    assert {"America/Chicago", "America/Denver", "America/Los_Angeles"} <= set(zones)
    assert len(zones) == len(set(zones)) > 5


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Canada", "America/Toronto"),
        ("australia", "Australia/Sydney"),
        ("Brazil", "America/Sao_Paulo"),
        ("russia", "Europe/Moscow"),
        ("Mexico", "America/Mexico_City"),
    ],
)
def test_big_countries_start_with_big_city_zones(query: str, first: str) -> None:
    result = search_zones(query, JANUARY)
    assert result.kind == "country"
    assert zones_of(result)[0] == first


@pytest.mark.parametrize(
    ("query", "zone", "code"),
    [
        ("UK", "Europe/London", "GB"),
        ("england", "Europe/London", "GB"),
        ("Scotland", "Europe/London", "GB"),
        ("Great Britain", "Europe/London", "GB"),
        ("South Korea", "Asia/Seoul", "KR"),
        ("korea", "Asia/Seoul", "KR"),
        ("North Korea", "Asia/Pyongyang", "KP"),
        ("Czechia", "Europe/Prague", "CZ"),
        ("czech republic", "Europe/Prague", "CZ"),
        ("Holland", "Europe/Amsterdam", "NL"),
        ("the Netherlands", "Europe/Amsterdam", "NL"),
        ("Ivory Coast", "Africa/Abidjan", "CI"),
        ("Côte d'Ivoire", "Africa/Abidjan", "CI"),
        ("Vietnam", "Asia/Ho_Chi_Minh", "VN"),
        ("Iran", "Asia/Tehran", "IR"),
        ("Syria", "Asia/Damascus", "SY"),
        ("Laos", "Asia/Vientiane", "LA"),
        ("Bolivia", "America/La_Paz", "BO"),
        ("Venezuela", "America/Caracas", "VE"),
        ("Tanzania", "Africa/Dar_es_Salaam", "TZ"),
        ("Moldova", "Europe/Chisinau", "MD"),
        ("Taiwan", "Asia/Taipei", "TW"),
        ("Macedonia", "Europe/Skopje", "MK"),
        ("Türkiye", "Europe/Istanbul", "TR"),
        ("turkey", "Europe/Istanbul", "TR"),
        ("UAE", "Asia/Dubai", "AE"),
        ("Emirates", "Asia/Dubai", "AE"),
        ("Bosnia and Herzegovina", "Europe/Sarajevo", "BA"),
        ("Japan", "Asia/Tokyo", "JP"),
        ("de", "Europe/Berlin", "DE"),
        ("FR", "Europe/Paris", "FR"),
        ("in", "Asia/Kolkata", "IN"),
    ],
)
def test_country_names_aliases_and_codes(query: str, zone: str, code: str) -> None:
    result = search_zones(query, JANUARY)
    assert result.kind == "country"
    assert zones_of(result)[0] == zone
    assert result.country_name == country_name(code)


def test_two_letters_prefer_an_exact_city_over_a_country_code() -> None:
    result = search_zones("LA", JANUARY)
    assert result.kind == "city"
    assert zones_of(result) == ["America/Los_Angeles"]


@pytest.mark.parametrize(
    ("query", "zone"),
    [
        ("Berlin", "Europe/Berlin"),
        ("new york", "America/New_York"),
        ("NEW YORK", "America/New_York"),
        ("New_York", "America/New_York"),
        ("São Paulo", "America/Sao_Paulo"),
        ("sao paulo", "America/Sao_Paulo"),
        ("st johns", "America/St_Johns"),
        ("St. John's", "America/St_Johns"),
        ("kolkata", "Asia/Kolkata"),
        ("Mumbai", "Asia/Kolkata"),
        ("Bangalore", "Asia/Kolkata"),
        ("Beijing", "Asia/Shanghai"),
        ("San Francisco", "America/Los_Angeles"),
        ("Seattle", "America/Los_Angeles"),
        ("Boston", "America/New_York"),
        ("Washington", "America/New_York"),
        ("Munich", "Europe/Berlin"),
        ("München", "Europe/Berlin"),
        ("Barcelona", "Europe/Madrid"),
        ("Milan", "Europe/Rome"),
        ("Manchester", "Europe/London"),
        ("Edinburgh", "Europe/London"),
        ("Montreal", "America/Toronto"),
        ("Montréal", "America/Toronto"),
        ("Osaka", "Asia/Tokyo"),
        ("Kyiv", "Europe/Kyiv"),
        ("Kiev", "Europe/Kyiv"),
        ("Saint Petersburg", "Europe/Moscow"),
        ("St Petersburg", "Europe/Moscow"),
        ("Zürich", "Europe/Zurich"),
        ("Berlin, Germany", "Europe/Berlin"),
    ],
)
def test_cities(query: str, zone: str) -> None:
    result = search_zones(query, JANUARY)
    assert result.kind == "city"
    assert zones_of(result) == [zone]
    assert result.country_name is None


def test_city_substring_matches_are_capped() -> None:
    result = search_zones("san", JANUARY)
    assert result.kind == "city"
    assert "America/Santiago" in zones_of(result)
    assert 1 < len(result.options) <= 8
    assert search_zones("ar", JANUARY).kind != "city"


@pytest.mark.parametrize(
    ("query", "zone"),
    [
        ("Asia/Kathmandu", "Asia/Kathmandu"),
        ("europe/berlin", "Europe/Berlin"),
        ("Europe/Berlin", "Europe/Berlin"),
        (" America/New York ", "America/New_York"),
        ("America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires"),
        ("UTC", "UTC"),
        ("utc", "UTC"),
        ("Etc/UTC", "UTC"),
        ("Asia/Calcutta", "Asia/Kolkata"),
        ("US/Eastern", "America/New_York"),
        ("Europe/Kiev", "Europe/Kyiv"),
        ("Etc/GMT-5", "Etc/GMT-5"),
    ],
)
def test_exact_zone_names(query: str, zone: str) -> None:
    result = search_zones(query, JANUARY)
    assert result == ZoneSearch("zone", (result.options[0],), None)
    assert result.options[0].zone == zone


def test_kathmandu_offset() -> None:
    result = search_zones("UTC+5:45", JANUARY)
    assert result.kind == "offset"
    assert zones_of(result) == ["Asia/Kathmandu"]


def test_utc_minus_five_depends_on_the_season() -> None:
    winter = search_zones("UTC-5", JANUARY)
    summer = search_zones("UTC-5", JULY)
    assert winter.kind == summer.kind == "offset"
    assert zones_of(winter)[0] == "America/New_York"
    assert "Etc/GMT+5" in zones_of(winter)
    assert "America/New_York" not in zones_of(summer)
    assert "America/Chicago" in zones_of(summer)
    assert "Etc/GMT+5" in zones_of(summer)


@pytest.mark.parametrize(
    ("query", "expected", "fixed"),
    [
        ("+5:30", "Asia/Kolkata", None),
        ("+0530", "Asia/Kolkata", None),
        ("utc+5.30", "Asia/Kolkata", None),
        ("GMT-3", "America/Sao_Paulo", "Etc/GMT+3"),
        ("gmt -3", "America/Sao_Paulo", "Etc/GMT+3"),
        ("utc +1", "Europe/Berlin", "Etc/GMT-1"),
        ("UTC−5", "America/New_York", "Etc/GMT+5"),
        ("-05:00", "America/New_York", "Etc/GMT+5"),
        ("+5", "Asia/Karachi", "Etc/GMT-5"),
        ("+9", "Asia/Tokyo", "Etc/GMT-9"),
        ("GMT", "Europe/London", "UTC"),
        ("+0", "Europe/London", "UTC"),
        ("+13:45", "Pacific/Chatham", None),
    ],
)
def test_offsets(query: str, expected: str, fixed: str | None) -> None:
    result = search_zones(query, JANUARY)
    assert result.kind == "offset"
    zones = zones_of(result)
    assert expected in zones
    assert len(zones) <= 9
    if fixed is None:
        assert not any(zone.startswith("Etc/") or zone == "UTC" for zone in zones)
    else:
        assert zones[-1] == fixed
        assert result.options[-1].label.startswith("Fixed UTC")
        assert result.options[-1].label.endswith("(no daylight saving)")


def test_fixed_zone_label_uses_the_uninverted_sign() -> None:
    result = search_zones("UTC+5", JANUARY)
    assert result.options[-1] == ZoneOption("Etc/GMT-5", "Fixed UTC+5 (no daylight saving)")


@pytest.mark.parametrize(
    "query",
    ["Atlantis", "", "   ", "?!", "UTC+99", "+5:17", "x" * 500, "Europe/Atlantis", "localtime"],
)
def test_nothing_found(query: str) -> None:
    assert search_zones(query, JANUARY) == ZoneSearch("none", (), None)


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError):
        search_zones("UTC+1", datetime(2026, 1, 15, 12, 0))


def test_every_zone_tab_label_fits_a_button() -> None:
    rows = zone_rows()
    assert len(rows) > 300
    for _code, zone, _comment in rows:
        result = search_zones(zone, JANUARY)
        assert result.kind == "zone", zone
        assert zones_of(result) == [zone]
        label = result.options[0].label
        assert 0 < len(label) <= MAX_LABEL, label
        assert "_" not in label


def test_country_lists_fit_and_labels_carry_the_area() -> None:
    result = search_zones("United States", JANUARY)
    assert result.options[0] == ZoneOption("America/New_York", "New York (Eastern, most areas)")
    for code in {code for code, _zone, _comment in zone_rows()}:
        options = _country_options(code, JANUARY)
        assert 1 <= len(options) <= 40, code
        assert all(len(option.label) <= MAX_LABEL for option in options)


@pytest.mark.parametrize(
    ("zone", "code"),
    [
        ("Europe/Dublin", "IE"),
        ("America/St_Johns", "CA"),
        ("Europe/Berlin", "DE"),
        ("Asia/Calcutta", "IN"),
        ("UTC", None),
        ("Etc/GMT-5", None),
        ("Nowhere/Special", None),
    ],
)
def test_country_for_zone(zone: str, code: str | None) -> None:
    assert country_for_zone(zone) == code


@pytest.mark.parametrize(
    ("code", "name"),
    [("DE", "Germany"), ("de", "Germany"), ("GB", "United Kingdom"), ("XX", None)],
)
def test_country_name(code: str, name: str | None) -> None:
    assert country_name(code) == name


@pytest.mark.parametrize(
    ("name", "valid"),
    [
        ("Europe/Berlin", True),
        ("UTC", True),
        ("Asia/Kathmandu", True),
        ("Etc/GMT+5", True),
        ("US/Eastern", True),
        ("", False),
        ("localtime", False),
        ("/etc/localtime", False),
        ("../../etc/passwd", False),
        ("Europe/../Europe/Berlin", False),
        ("Europe", False),
        ("Factory", False),
        ("Europe/Atlantis", False),
        (" Europe/Berlin", False),
    ],
)
def test_is_valid_zone(name: str, valid: bool) -> None:
    assert is_valid_zone(name) is valid


@pytest.mark.parametrize(
    ("zone", "now", "label"),
    [
        ("Asia/Kathmandu", JANUARY, "UTC+5:45"),
        ("Asia/Kathmandu", JULY, "UTC+5:45"),
        ("America/St_Johns", JANUARY, "UTC−3:30"),
        ("America/St_Johns", JULY, "UTC−2:30"),
        ("Pacific/Chatham", JANUARY, "UTC+13:45"),
        ("Pacific/Chatham", JULY, "UTC+12:45"),
        ("Asia/Kolkata", JANUARY, "UTC+5:30"),
        ("America/New_York", JANUARY, "UTC−5"),
        ("Europe/Berlin", JULY, "UTC+2"),
        ("Europe/London", JANUARY, "UTC"),
        ("UTC", JULY, "UTC"),
        ("Etc/GMT+5", JULY, "UTC−5"),
    ],
)
def test_utc_offset_label(zone: str, now: datetime, label: str) -> None:
    assert utc_offset_label(zone, now) == label


def test_offset_label_rejects_unknown_zones() -> None:
    with pytest.raises(ValueError):
        utc_offset_label("Mars/Olympus_Mons", JANUARY)


@pytest.mark.parametrize(
    ("zone", "now", "label"),
    [
        ("Europe/Berlin", datetime(2026, 3, 1, 13, 5, tzinfo=UTC), "14:05, Sunday"),
        ("Asia/Kathmandu", JANUARY, "17:45, Thursday"),
        ("Pacific/Chatham", JANUARY, "01:45, Friday"),
        ("America/New_York", JULY, "08:00, Wednesday"),
        (
            "Europe/Berlin",
            datetime(2026, 3, 1, 8, 5, tzinfo=timezone(timedelta(hours=-5))),
            "14:05, Sunday",
        ),
    ],
)
def test_local_time_label(zone: str, now: datetime, label: str) -> None:
    assert local_time_label(zone, now) == label


@pytest.mark.parametrize(
    ("zone", "label"),
    [
        ("Europe/Berlin", "Berlin"),
        ("America/New_York", "New York"),
        ("America/Argentina/Buenos_Aires", "Buenos Aires"),
        ("America/St_Johns", "St John's"),
        ("UTC", "UTC"),
        ("Etc/UTC", "UTC"),
        ("Etc/GMT-5", "UTC+5"),
        ("Etc/GMT+3", "UTC−3"),
    ],
)
def test_zone_label(zone: str, label: str) -> None:
    assert zone_label(zone) == label


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("EST", "America/New_York"),
        ("eastern", "America/New_York"),
        ("Eastern Time", "America/New_York"),
        ("PST", "America/Los_Angeles"),
        ("Pacific", "America/Los_Angeles"),
        ("pacific time", "America/Los_Angeles"),
        ("CET", "Europe/Berlin"),
        ("Central", "America/Chicago"),
        ("AEST", "Australia/Sydney"),
    ],
)
def test_common_abbreviations_and_names_offer_their_places(query: str, first: str) -> None:
    result = search_zones(query, JANUARY)
    assert result.kind == "named"
    assert zones_of(result)[0] == first
    assert "Europe/London" not in zones_of(result) and "Europe/Bucharest" not in zones_of(result)


@pytest.mark.parametrize(
    ("query", "zone"),
    [("JST", "Asia/Tokyo"), ("MSK", "Europe/Moscow"), ("nzdt", "Pacific/Auckland")],
)
def test_an_abbreviation_used_in_one_place_resolves(query: str, zone: str) -> None:
    assert zones_of(search_zones(query, JANUARY)) == [zone]


def test_an_ambiguous_abbreviation_asks_between_its_meanings() -> None:
    assert zones_of(search_zones("IST", JANUARY)) == [
        "Asia/Kolkata",
        "Asia/Jerusalem",
        "Europe/Dublin",
    ]
    assert "Asia/Shanghai" in zones_of(search_zones("CST", JANUARY))


def test_every_named_zone_exists() -> None:
    for zones in ZONE_NAMES.values():
        assert all(is_valid_zone(zone) for zone in zones), zones


def test_no_match_inside_a_word() -> None:
    # "est" is in Bucharest and Budapest, "ape" in Cape Town: neither is what was meant.
    assert "Europe/Bucharest" not in zones_of(search_zones("est", JANUARY))
    assert "Africa/Johannesburg" not in zones_of(search_zones("ape", JANUARY))
    assert zones_of(search_zones("york", JANUARY)) == ["America/New_York"]
