"""Crisis helplines and emergency numbers by country: only services we are confident about.

Every entry names its source: the International Association for Suicide Prevention's list of
crisis centres (https://www.iasp.info/crisis-centres-helplines/) and Find A Helpline
(https://findahelpline.com/countries/<code>), checked against the service's own site. Where
we are unsure, the country is left out: findahelpline.com, the answer for every country not
listed, is the honest one. Emergency numbers are the ones that reach an ambulance.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "INTERNATIONAL",
    "Helpline",
    "countries",
    "emergency_number",
    "helplines_for",
    "normalise_country",
]


@dataclass(frozen=True, slots=True)
class Helpline:
    """One place a person can reach a human: a name, how to reach it, and a short note."""

    name: str
    contact: str
    note: str


@dataclass(frozen=True, slots=True)
class Country:
    """A country's emergency number and its helplines."""

    emergency: str
    helplines: tuple[Helpline, ...]


INTERNATIONAL = Helpline(
    name="Find A Helpline",
    contact="https://findahelpline.com",
    note="free directory of helplines in your country",
)

_SAMARITANS = Helpline("Samaritans", "116 123", "call free, 24/7")
_FREE_247 = "free, 24/7"

# ISO 3166-1 alpha-2 code -> emergency number and helplines.
_BY_COUNTRY: dict[str, Country] = {
    # Europe
    # findahelpline.com/countries/gb; samaritans.org; giveusashout.org
    "GB": Country("999", (_SAMARITANS, Helpline("Shout", "text SHOUT to 85258", "free, 24/7"))),
    # findahelpline.com/countries/ie; samaritans.org (Ireland); text50808.ie
    "IE": Country("112 or 999", (_SAMARITANS, Helpline("50808", "text HELLO to 50808", _FREE_247))),
    # IASP; findahelpline.com/countries/de; telefonseelsorge.de
    "DE": Country(
        "112", (Helpline("TelefonSeelsorge", "0800 111 0 111 or 0800 111 0 222", _FREE_247),)
    ),
    # findahelpline.com/countries/at; telefonseelsorge.at
    "AT": Country("112", (Helpline("TelefonSeelsorge", "142", _FREE_247),)),
    # findahelpline.com/countries/ch; 143.ch
    "CH": Country("112", (Helpline("Die Dargebotene Hand / La Main Tendue", "143", "24/7"),)),
    # findahelpline.com/countries/fr; 3114.fr
    "FR": Country(
        "112", (Helpline("Numéro national de prévention du suicide", "3114", _FREE_247),)
    ),
    # findahelpline.com/countries/be; preventionsuicide.be; zelfmoord1813.be
    "BE": Country(
        "112",
        (
            Helpline("Centre de Prévention du Suicide", "0800 32 123", _FREE_247),
            Helpline("Zelfmoordlijn", "1813", _FREE_247),
        ),
    ),
    # IASP; findahelpline.com/countries/nl; 113.nl
    "NL": Country(
        "112", (Helpline("113 Zelfmoordpreventie", "113 or 0800-0113", "0800-0113 is free, 24/7"),)
    ),
    # findahelpline.com/countries/lu; 454545.lu
    "LU": Country("112", (Helpline("SOS Détresse", "45 45 45", "someone to listen"),)),
    # findahelpline.com/countries/es; sanidad.gob.es (Línea 024)
    "ES": Country("112", (Helpline("Línea 024", "024", _FREE_247),)),
    # findahelpline.com/countries/pt; sns24.gov.pt
    "PT": Country("112", (Helpline("SNS 24", "808 24 24 24", "national health line, 24/7"),)),
    # IASP; findahelpline.com/countries/it; telefonoamico.it
    "IT": Country("112", (Helpline("Telefono Amico Italia", "02 2327 2327", "someone to listen"),)),
    # findahelpline.com/countries/dk; livslinien.dk
    "DK": Country("112", (Helpline("Livslinien", "70 201 201", "someone to listen"),)),
    # findahelpline.com/countries/no; mentalhelse.no
    "NO": Country("113", (Helpline("Mental Helse Hjelpetelefonen", "116 123", _FREE_247),)),
    # findahelpline.com/countries/se; mind.se
    "SE": Country("112", (Helpline("Mind Självmordslinjen", "90101", "call, chat, 24/7"),)),
    # findahelpline.com/countries/fi; mieli.fi
    "FI": Country("112", (Helpline("MIELI Crisis Helpline", "09 2525 0111", "24/7"),)),
    # findahelpline.com/countries/is; 1717.is (Icelandic Red Cross)
    "IS": Country("112", (Helpline("Hjálparsíminn 1717", "1717", _FREE_247),)),
    # findahelpline.com/countries/pl; telefonzaufania.org.pl
    "PL": Country("112", (Helpline("Kryzysowy Telefon Zaufania", "116 123", "free"),)),
    # findahelpline.com/countries/cz; linkapsychickepomoci.cz
    "CZ": Country("112", (Helpline("Linka první psychické pomoci", "116 123", _FREE_247),)),
    # findahelpline.com/countries/hu; lelkisegely.hu
    "HU": Country("112", (Helpline("Lelki Elsősegély Telefonszolgálat", "116 123", _FREE_247),)),
    # findahelpline.com/countries/lt; jaunimolinija.lt; vilties-linija.lt
    "LT": Country(
        "112",
        (
            Helpline("Vilties linija", "116 123", _FREE_247),
            Helpline("Jaunimo linija", "8 800 28888", "free, for young people, 24/7"),
        ),
    ),
    # IASP; findahelpline.com/countries/gr; klimaka.org.gr
    "GR": Country("112", (Helpline("Klimaka suicide prevention line", "1018", _FREE_247),)),
    # findahelpline.com/countries/ua; lifelineukraine.com
    "UA": Country("112", (Helpline("Lifeline Ukraine", "7333", _FREE_247),)),
    # Americas
    # findahelpline.com/countries/us; 988lifeline.org
    "US": Country("911", (Helpline("988 Suicide & Crisis Lifeline", "988", "call or text, 24/7"),)),
    # findahelpline.com/countries/ca; 988.ca
    "CA": Country("911", (Helpline("9-8-8 Suicide Crisis Helpline", "988", "call or text, 24/7"),)),
    # findahelpline.com/countries/mx; gob.mx (Línea de la Vida)
    "MX": Country("911", (Helpline("Línea de la Vida", "800 911 2000", _FREE_247),)),
    # IASP; findahelpline.com/countries/br; cvv.org.br
    "BR": Country("192", (Helpline("CVV — Centro de Valorização da Vida", "188", _FREE_247),)),
    # findahelpline.com/countries/ar; asistenciaalsuicida.org.ar
    "AR": Country("911", (Helpline("Centro de Asistencia al Suicida", "135", "free, 24/7"),)),
    # findahelpline.com/countries/cl; minsal.cl (Línea *4141)
    "CL": Country("131", (Helpline("Línea de prevención del suicidio", "*4141", _FREE_247),)),
    # Asia and Oceania
    # findahelpline.com/countries/au; lifeline.org.au
    "AU": Country("000", (Helpline("Lifeline", "13 11 14", "call, 24/7"),)),
    # findahelpline.com/countries/nz; 1737.org.nz
    "NZ": Country("111", (Helpline("Need to talk?", "1737", "call or text free, 24/7"),)),
    # findahelpline.com/countries/in; telemanas.mohfw.gov.in
    "IN": Country("112", (Helpline("Tele-MANAS", "14416 or 1-800-891-4416", _FREE_247),)),
    # IASP; findahelpline.com/countries/jp; telljp.com; inochinodenwa.org
    "JP": Country(
        "119",
        (
            Helpline("TELL Lifeline", "03-5774-0992", "in English"),
            Helpline("Inochi no Denwa", "0570-783-556", "in Japanese"),
        ),
    ),
    # findahelpline.com/countries/kr; mohw.go.kr (109 suicide prevention line, 2024)
    "KR": Country("119", (Helpline("Suicide prevention line", "109", _FREE_247),)),
    # findahelpline.com/countries/tw; mohw.gov.tw (1925)
    "TW": Country("119", (Helpline("Ministry of Health line", "1925", _FREE_247),)),
    # IASP; findahelpline.com/countries/sg; sos.org.sg
    "SG": Country("995", (Helpline("Samaritans of Singapore", "1767", "24/7"),)),
    # IASP; findahelpline.com/countries/hk; sbhk.org.hk
    "HK": Country("999", (Helpline("Samaritan Befrienders Hong Kong", "2389 2222", "24/7"),)),
    # IASP; findahelpline.com/countries/my; befrienders.org.my
    "MY": Country("999", (Helpline("Befrienders Kuala Lumpur", "03-7627 2929", "24/7"),)),
    # findahelpline.com/countries/ph; ncmh.gov.ph
    "PH": Country("911", (Helpline("NCMH Crisis Hotline", "1553", _FREE_247),)),
    # findahelpline.com/countries/th; dmh.go.th
    "TH": Country("1669", (Helpline("Mental Health Hotline", "1323", _FREE_247),)),
    # Middle East and Africa
    # IASP; findahelpline.com/countries/il; eran.org.il
    "IL": Country("101", (Helpline("ERAN", "1201", "24/7"),)),
    # IASP; findahelpline.com/countries/za; sadag.org
    "ZA": Country(
        "112 from a mobile, or 10177",
        (Helpline("SADAG Suicide Crisis Line", "0800 567 567", _FREE_247),),
    ),
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
    country = _BY_COUNTRY.get(code) if code else None
    return country.helplines if country else (INTERNATIONAL,)


def emergency_number(country_code: str | None) -> str | None:
    """Return the number that reaches an ambulance in a country, when we know it."""
    code = normalise_country(country_code)
    country = _BY_COUNTRY.get(code) if code else None
    return country.emergency if country else None


def countries() -> list[str]:
    """The country codes with helplines of their own."""
    return sorted(_BY_COUNTRY)
