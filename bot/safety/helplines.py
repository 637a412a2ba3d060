"""Crisis helplines by country, kept short: only national services we are confident about."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["INTERNATIONAL", "Helpline", "helplines_for", "normalise_country"]


@dataclass(frozen=True, slots=True)
class Helpline:
    """One place a person can reach a human: a name, how to reach it, and a short note."""

    name: str
    contact: str
    note: str


INTERNATIONAL = Helpline(
    name="Find A Helpline",
    contact="https://findahelpline.com",
    note="free directory of helplines in your country",
)

_SAMARITANS = Helpline("Samaritans", "116 123", "call free, 24/7")

# ISO 3166-1 alpha-2 code -> helplines. Checked against the services' own pages; keep it small.
_BY_COUNTRY: dict[str, tuple[Helpline, ...]] = {
    "US": (Helpline("988 Suicide & Crisis Lifeline", "988", "call or text, 24/7"),),
    "CA": (Helpline("9-8-8 Suicide Crisis Helpline", "988", "call or text, 24/7"),),
    "GB": (_SAMARITANS,),
    "IE": (_SAMARITANS,),
    "AU": (Helpline("Lifeline", "13 11 14", "call, 24/7"),),
    "NZ": (Helpline("Need to talk?", "1737", "call or text free, 24/7"),),
    "DE": (Helpline("TelefonSeelsorge", "0800 111 0 111 or 0800 111 0 222", "free, 24/7"),),
    "FR": (Helpline("Numéro national de prévention du suicide", "3114", "free, 24/7"),),
    "ES": (Helpline("Línea 024", "024", "free, 24/7"),),
    "IT": (Helpline("Telefono Amico Italia", "02 2327 2327", "someone to listen"),),
    "NL": (Helpline("113 Zelfmoordpreventie", "113 or 0800-0113", "0800-0113 is free, 24/7"),),
    "IN": (Helpline("Tele-MANAS", "14416 or 1-800-891-4416", "free, 24/7"),),
}

_ALIASES = {"UK": "GB"}


def normalise_country(country_code: str | None) -> str | None:
    """Return an upper-case two-letter country code, or None; 'en-GB' style tags give 'GB'."""
    if not country_code:
        return None
    code = country_code.strip().replace("_", "-").split("-")[-1].upper()
    code = _ALIASES.get(code, code)
    return code if len(code) == 2 and code.isalpha() else None


def helplines_for(country_code: str | None) -> tuple[Helpline, ...]:
    """Return the helplines for a country, or the international directory when unknown."""
    code = normalise_country(country_code)
    if code is None:
        return (INTERNATIONAL,)
    return _BY_COUNTRY.get(code, (INTERNATIONAL,))
