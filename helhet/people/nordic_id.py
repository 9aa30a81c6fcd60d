"""National identity numbers of the Nordic countries, validated through python-stdnum.

One small module so that no other code touches check digits. It also knows the *synthetic* test
numbers, which can never belong to a real person:

- Norway: fødselsnummer with month + 40 or month + 80 (the test-data conventions);
- Sweden: co-ordination numbers (day + 60), used as the synthetic scheme here;
- Finland: personal identity codes with an individual number 900–999 (temporary/test range).

Denmark (and Greenland), Iceland and the Faroe Islands have no such convention; outside
production (``HELHET_REAL_IDENTITY_NUMBERS`` off) only synthetic numbers are accepted.

Example::

    >>> parse("01815012345", "NO")  # doctest: +SKIP
    NationalId(scheme='NO', number='01815012345', birth_date=date(1950, 1, 1), synthetic=True)
"""

from __future__ import annotations

import dataclasses
import datetime
import random

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import luhn
from stdnum.dk import cpr
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fi import hetu
from stdnum.is_ import kennitala
from stdnum.no import fodselsnummer

from helhet.core import clock

# Which identity scheme a municipality's country uses.
SCHEME_BY_COUNTRY: dict[str, str | None] = {
    "NO": "NO",
    "SE": "SE",
    "DK": "DK",
    "GL": "DK",
    "FI": "FI",
    "AX": "FI",
    "IS": "IS",
    "FO": None,  # Faroese p-tal: no validator in python-stdnum yet
}
SYNTHETIC_SCHEMES = {"NO", "SE", "FI"}

_FI_CENTURY = {"+": 1800, "-": 1900, "Y": 1900, "X": 1900, "W": 1900, "V": 1900, "U": 1900}
_FI_CENTURY.update(dict.fromkeys("ABCDEF", 2000))


@dataclasses.dataclass(frozen=True)
class NationalId:
    scheme: str
    number: str  # canonical, compact form as stored
    birth_date: datetime.date
    synthetic: bool


def _invalid(scheme: str) -> ValidationError:
    names = {
        "NO": _("This is not a valid Norwegian national identity number (11 digits)."),
        "SE": _("This is not a valid Swedish personal identity or co-ordination number."),
        "DK": _("This is not a valid Danish CPR number."),
        "FI": _("This is not a valid Finnish personal identity code."),
        "IS": _("This is not a valid Icelandic kennitala."),
    }
    return ValidationError(names[scheme], code="invalid")


def _parse_no(value: str) -> NationalId:
    number = fodselsnummer.compact(value)
    if len(number) != 11 or not number.isdigit():
        raise _invalid("NO")
    if fodselsnummer.calc_check_digit1(number) != number[9]:
        raise _invalid("NO")
    if fodselsnummer.calc_check_digit2(number) != number[10]:
        raise _invalid("NO")
    month = int(number[2:4])
    synthetic = month > 40
    real_month = month - 80 if month > 80 else month - 40 if month > 40 else month
    try:
        # stdnum decodes day (D-number) and century; we give it the real month.
        birth_date = fodselsnummer.get_birth_date(number[:2] + f"{real_month:02d}" + number[4:])
    except StdnumError:
        raise _invalid("NO") from None
    return NationalId("NO", number, birth_date, synthetic)


def _parse_se(value: str) -> NationalId:
    compact = value.replace(" ", "").replace("-", "").replace("+", "")
    if not compact.isdigit() or len(compact) not in (10, 12):
        raise _invalid("SE")
    if not luhn.is_valid(compact[-10:]):
        raise _invalid("SE")
    day = int(compact[-6:-4])
    synthetic = day > 60  # co-ordination number
    real_day = day - 60 if synthetic else day
    short = compact[-10:-6] + f"{real_day:02d}" + "-" + compact[-4:]
    if len(compact) == 12:
        short = compact[:2] + short
    try:
        from stdnum.se import personnummer

        birth_date = personnummer.get_birth_date(short)
    except StdnumError:
        raise _invalid("SE") from None
    canonical = f"{birth_date.year // 100:02d}" + compact[-10:]
    return NationalId("SE", canonical, birth_date, synthetic)


def _parse_fi(value: str) -> NationalId:
    try:
        number = hetu.validate(value, allow_temporary=True)
    except StdnumError:
        raise _invalid("FI") from None
    century = _FI_CENTURY[number[6]]
    birth_date = datetime.date(century + int(number[4:6]), int(number[2:4]), int(number[0:2]))
    synthetic = int(number[7:10]) >= 900
    return NationalId("FI", number, birth_date, synthetic)


def _parse_dk(value: str) -> NationalId:
    try:
        number = cpr.validate(value)
        birth_date = cpr.get_birth_date(number)
    except StdnumError:
        raise _invalid("DK") from None
    return NationalId("DK", number, birth_date, False)


def _parse_is(value: str) -> NationalId:
    try:
        number = kennitala.validate(value)
    except StdnumError:
        raise _invalid("IS") from None
    day, month = int(number[0:2]), int(number[2:4])
    if day > 40:  # organisations, not people
        raise _invalid("IS")
    century = 1900 if number[9] == "9" else 2000
    birth_date = datetime.date(century + int(number[4:6]), month, day)
    return NationalId("IS", number, birth_date, False)


_PARSERS = {"NO": _parse_no, "SE": _parse_se, "FI": _parse_fi, "DK": _parse_dk, "IS": _parse_is}


def parse(value: str, country: str) -> NationalId:
    """Validate ``value`` for a municipality in ``country``; raise ``ValidationError`` if not ok.

    Also refuses real (non-synthetic) numbers unless the installation allows them, and numbers
    whose birth date lies in the future.
    """
    value = (value or "").strip()
    scheme = SCHEME_BY_COUNTRY.get(country)
    if scheme is None:
        raise ValidationError(
            _("Identity numbers from this country cannot be checked yet; leave the field empty."),
            code="unsupported",
        )
    parsed = _PARSERS[scheme](value)
    if parsed.birth_date > clock.today():
        raise ValidationError(
            _("The identity number gives a birth date in the future."), code="future"
        )
    if not parsed.synthetic and not settings.HELHET_REAL_IDENTITY_NUMBERS:
        raise ValidationError(
            _(
                "This installation accepts only synthetic test numbers, never a real person's "
                "number (Norway: month + 40 or + 80; Sweden: co-ordination numbers; Finland: "
                "individual numbers 900–999)."
            ),
            code="real_number",
        )
    return parsed


def synthetic_number(country: str, birth_date: datetime.date, rng: random.Random) -> str | None:
    """A synthetic identity number for ``birth_date``, or None where the country has no scheme."""
    scheme = SCHEME_BY_COUNTRY.get(country)
    if scheme == "NO":
        while True:
            # Individual digits 500–999 mean born 2000–2039; 000–499 born 1900–1999.
            low, high = (500, 999) if birth_date.year >= 2000 else (0, 499)
            individual = rng.randint(low, high)
            base = birth_date.strftime("%d") + f"{birth_date.month + 80:02d}"
            base += birth_date.strftime("%y") + f"{individual:03d}"
            k1 = fodselsnummer.calc_check_digit1(base)
            if k1 == "10":
                continue
            k2 = fodselsnummer.calc_check_digit2(base + k1)
            if k2 == "10":
                continue
            return base + k1 + k2
    if scheme == "SE":
        base = (
            birth_date.strftime("%y%m")
            + f"{birth_date.day + 60:02d}"
            + f"{rng.randint(0, 999):03d}"
        )
        return birth_date.strftime("%Y")[:2] + base + luhn.calc_check_digit(base)
    if scheme == "FI":
        century = "A" if birth_date.year >= 2000 else "-"
        base = birth_date.strftime("%d%m%y") + century + f"{rng.randint(900, 999):03d}"
        for control in "0123456789ABCDEFHJKLMNPRSTUVWXY":
            if hetu.is_valid(base + control, allow_temporary=True):
                return base + control
    return None


def synthetic_convention(country: str) -> str:
    """How synthetic test numbers look in ``country``, in plain words (the demo's hint)."""
    scheme = SCHEME_BY_COUNTRY.get(country)
    if scheme == "NO":
        return _(
            "Synthetic Norwegian numbers have 11 digits like a real national identity number, "
            "but with 80 added to the month of birth: the digits 3 and 4 are 81–92."
        )
    if scheme == "SE":
        return _(
            "Synthetic Swedish numbers are co-ordination numbers: 60 is added to the day of "
            "birth, so the day reads 61–91."
        )
    if scheme == "FI":
        return _(
            "Synthetic Finnish identity codes have an individual number from 900 to 999, "
            "after the century sign."
        )
    return _("Identity numbers from this country cannot be used in the demo; leave them empty.")


def synthetic_examples(
    country: str, birth_dates: list[datetime.date], rng: random.Random
) -> list[NationalId]:
    """Synthetic numbers for ``birth_dates``, made as the demo data makes them
    (``synthetic_number``) and parsed back, so only numbers this module accepts are offered."""
    examples = []
    for birth_date in birth_dates:
        number = synthetic_number(country, birth_date, rng)
        if number is not None:
            examples.append(parse(number, country))
    return examples
