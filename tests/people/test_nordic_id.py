from __future__ import annotations

import datetime
import random

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from helhet.people import nordic_id

BIRTH = datetime.date(2012, 5, 17)


@pytest.mark.parametrize("country", ["NO", "SE", "FI", "AX"])
def test_generated_synthetic_numbers_parse_back_to_their_birth_date(country):
    number = nordic_id.synthetic_number(country, BIRTH, random.Random(1))
    parsed = nordic_id.parse(number, country)
    assert parsed.synthetic is True
    assert parsed.birth_date == BIRTH


@given(
    birth=st.dates(min_value=datetime.date(1950, 1, 1), max_value=datetime.date(2025, 12, 31)),
    seed=st.integers(0, 10_000),
    country=st.sampled_from(["NO", "SE", "FI"]),
)
@settings(max_examples=200, deadline=None)
def test_every_synthetic_number_is_valid_and_synthetic(birth, seed, country):
    number = nordic_id.synthetic_number(country, birth, random.Random(seed))
    parsed = nordic_id.parse(number, country)
    assert parsed.synthetic and parsed.birth_date == birth


def _norwegian(day: int, month_code: int, yy: int) -> str:
    """A number with valid check digits (computed by stdnum) for the given date fields."""
    from stdnum.no import fodselsnummer

    for individual in range(500, 1000):
        base = f"{day:02d}{month_code:02d}{yy:02d}{individual:03d}"
        k1 = fodselsnummer.calc_check_digit1(base)
        k2 = fodselsnummer.calc_check_digit2(base + k1) if k1 != "10" else "10"
        if "10" not in (k1, k2):
            return base + k1 + k2
    raise AssertionError("no valid number")  # pragma: no cover


def test_norwegian_month_plus_40_test_number_is_accepted():
    parsed = nordic_id.parse(_norwegian(17, 5 + 40, 12), "NO")
    assert parsed.synthetic is True
    assert parsed.birth_date == datetime.date(2012, 5, 17)


def test_norwegian_month_plus_80_test_number_is_accepted():
    parsed = nordic_id.parse(_norwegian(17, 5 + 80, 12), "NO")
    assert parsed.synthetic is True
    assert parsed.birth_date == datetime.date(2012, 5, 17)


def test_norwegian_d_number_is_real_and_refused_outside_production():
    with pytest.raises(ValidationError) as exc:
        nordic_id.parse(_norwegian(17 + 40, 5, 12), "NO")
    assert exc.value.code == "real_number"


def test_real_looking_norwegian_number_is_refused_outside_production(settings):
    settings.HELHET_REAL_IDENTITY_NUMBERS = False
    # A valid ordinary fødselsnummer (published example) – real form, so refused here.
    with pytest.raises(ValidationError) as exc:
        nordic_id.parse("15076500565", "NO")
    assert exc.value.code == "real_number"
    assert "synthetic" in exc.value.messages[0]


def test_real_numbers_accepted_when_the_installation_allows_them(settings):
    settings.HELHET_REAL_IDENTITY_NUMBERS = True
    parsed = nordic_id.parse("15076500565", "NO")
    assert parsed.synthetic is False
    assert parsed.birth_date == datetime.date(1965, 7, 15)


@pytest.mark.parametrize(
    ("value", "country"),
    [
        ("12345678901", "NO"),  # wrong check digits
        ("1707", "NO"),  # too short
        ("abcdefghijk", "NO"),
        ("20120517-1234", "SE"),  # wrong Luhn digit
        ("170512A9001", "FI"),  # wrong control character
        ("0101", "IS"),
        ("320103-1234", "DK"),  # no 32nd day
    ],
)
def test_invalid_numbers_are_rejected_with_a_clear_message(value, country, settings):
    settings.HELHET_REAL_IDENTITY_NUMBERS = True
    with pytest.raises(ValidationError) as exc:
        nordic_id.parse(value, country)
    assert exc.value.code == "invalid"
    assert "not a valid" in exc.value.messages[0]


def test_a_number_with_a_future_birth_date_is_rejected():
    future = datetime.date.today() + datetime.timedelta(days=400)  # noqa: DTZ011
    number = nordic_id.synthetic_number("NO", future, random.Random(3))
    with pytest.raises(ValidationError) as exc:
        nordic_id.parse(number, "NO")
    assert exc.value.code == "future"


def test_swedish_coordination_number_in_ten_digit_form_is_canonicalised():
    number = nordic_id.synthetic_number("SE", BIRTH, random.Random(5))
    assert len(number) == 12
    short = number[2:8] + "-" + number[8:]
    parsed = nordic_id.parse(short, "SE")
    assert parsed.number == number


def test_faroese_numbers_cannot_be_checked_yet():
    with pytest.raises(ValidationError) as exc:
        nordic_id.parse("010203123", "FO")
    assert exc.value.code == "unsupported"


def test_countries_without_a_synthetic_scheme_get_no_number():
    assert nordic_id.synthetic_number("DK", BIRTH, random.Random(1)) is None
    assert nordic_id.synthetic_number("IS", BIRTH, random.Random(1)) is None
