"""Dates a Nordic reader cannot misread: day before month, 24-hour times, in every language."""

from __future__ import annotations

import datetime
import re

import pytest
from django.conf import settings
from django.utils import formats, translation

# 12 August: day and month cannot be swapped.
MOMENT = datetime.datetime(2026, 8, 12, 14, 5, tzinfo=datetime.UTC)
NAMES = ("SHORT_DATE_FORMAT", "DATE_FORMAT", "SHORT_DATETIME_FORMAT", "DATETIME_FORMAT")


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
@pytest.mark.parametrize("name", NAMES)
def test_dates_put_the_day_before_the_month_or_follow_iso(language, name):
    with translation.override(language):
        shown = formats.date_format(MOMENT, name)
    iso = shown.startswith("2026-08-12")
    day_first = re.match(r"^12\.?\s?(0?8|\D)", shown) is not None
    assert iso or day_first, f"{language} {name}: {shown!r}"


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_times_use_the_24_hour_clock(language):
    with translation.override(language):
        shown = [
            formats.date_format(MOMENT, "SHORT_DATETIME_FORMAT"),
            formats.date_format(MOMENT, "DATETIME_FORMAT"),
            formats.time_format(MOMENT.time(), "TIME_FORMAT"),
        ]
    for text in shown:
        assert re.search(r"14[:.]05", text), f"{language}: {text!r}"
        assert not re.search(r"p\.m\.|a\.m\.|eftirmiðdegi|\b2:05", text), f"{language}: {text!r}"


def test_english_is_not_american():
    with translation.override("en"):
        assert formats.date_format(MOMENT, "SHORT_DATE_FORMAT") == "12 Aug 2026"
        assert formats.date_format(MOMENT, "SHORT_DATETIME_FORMAT") == "12 Aug 2026, 14:05"


def test_icelandic_date_times_do_not_fall_back_to_english():
    with translation.override("is"):
        assert formats.date_format(MOMENT, "SHORT_DATETIME_FORMAT") == "12.8.2026, 14:05"


@pytest.mark.django_db
def test_api_tokens_and_login_security_sit_in_the_users_menu_not_the_main_menu(client):
    import re

    from tests.scenarios import build_world

    world = build_world()
    client.force_login(world.teacher.user)
    page = client.get("/work/").content.decode()
    main_menu = re.search(r'<nav aria-label="Main menu".*?</nav>', page, re.S).group(0)
    user_menu = re.search(r'<nav aria-label="Your account".*?</nav>', page, re.S).group(0)
    assert "/api-tokens/" not in main_menu and "/api-tokens/" in user_menu
    assert "Login security" in user_menu
