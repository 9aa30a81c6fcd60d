"""The charts: drawn on the server as SVG images without script, a hidden figure as an outline,
the same bytes for the same figures; on the pages as an image with its text alternative."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from helhet.core import clock
from helhet.indicators import chart, compute
from helhet.indicators import services as indicator_services
from helhet.indicators.definitions import STATEMENTS, Area
from tests.indicators.charts import SVG, bars, svg_of, texts, tree
from tests.indicators.test_indicators import concerns
from tests.scenarios import build_world

IMG = re.compile(r'<img src="(data:image/svg\+xml;base64,[^"]+)" alt="([^"]+)"')


def test_a_monthly_chart_draws_hidden_months_as_outlines_and_keeps_text_as_text():
    drawn = chart.monthly_bars(
        [("jan", 12), ("feb", None), ("mar", 0)], alt="Bekymringer per måned", ylabel="Antall"
    )
    assert bars(drawn.svg) == ["shown", "hidden", "shown"]
    root = tree(drawn.svg)
    assert not list(root.iter(f"{SVG}script"))
    assert not [
        e for e in root.iter() if e.get("{http://www.w3.org/1999/xlink}href", "#")[0] != "#"
    ]
    assert not list(root.iter(f"{SVG}metadata"))  # no date, no generator
    assert {"jan", "feb", "mar", "Antall"} <= texts(drawn.svg)
    assert drawn.alt == "Bekymringer per måned" and drawn.width > 0 and drawn.height > 0
    # Drawn again: the same bytes (cacheable, no date in it).
    assert (
        chart.monthly_bars([("jan", 12), ("feb", None), ("mar", 0)], alt="x", ylabel="Antall").svg
        == drawn.svg
    )


def test_nothing_to_draw_is_no_chart():
    assert chart.monthly_bars([], alt="x", ylabel="y") is None
    assert chart.sector_bars([], alt="x") is None
    assert chart.trend_lines(["2026/1"], [], alt="x") is None


def test_a_trend_has_a_line_per_area():
    drawn = chart.trend_lines(
        ["2025/2", "2026/1"], [("Tidlig innsats", [2.0, 3.5]), ("Samarbeid", [None, 4.0])], alt="x"
    )
    assert re.findall(r'id="(series-\d+)"', drawn.svg) == ["series-0", "series-1"]
    assert "Tidlig innsats" in drawn.svg and "Samarbeid" in drawn.svg  # the legend


@pytest.mark.django_db
def test_the_dashboard_shows_its_charts_as_images_with_text_alternatives(client):
    world = build_world()
    world.head_teacher.is_leader_group = True
    world.head_teacher.save(update_fields=["is_leader_group"])
    concerns(world, 6)
    concerns(world, 7, service=world.health, by=world.nurse)
    compute.refresh(world.municipality)
    client.force_login(world.head_teacher.user)
    month = clock.today().strftime("%Y-%m")
    page = client.get(reverse("indicators:dashboard"), {"start": month, "end": month})
    images = {alt: src for src, alt in IMG.findall(page.content.decode())}
    monthly = images["Concerns registered per month; the table below gives the figures."]
    assert bars(svg_of(monthly)) == ["shown"]
    by_sector = images["Concerns registered by sector; the table below gives the figures."]
    assert bars(svg_of(by_sector)) == ["shown", "shown"]  # 6 and 7: both over 5
    assert {"School", "Health station and school health service"} <= texts(svg_of(by_sector))


@pytest.mark.django_db
def test_the_self_assessment_page_draws_the_trend_from_two_half_years(client):
    world = build_world()
    world.head_teacher.is_leader_group = True
    world.head_teacher.save(update_fields=["is_leader_group"])
    client.force_login(world.head_teacher.user)
    url = reverse("indicators:self_assessments")
    year = clock.today().year
    scores = {code: (4, "") for code, _text in STATEMENTS[Area.EARLY]}
    for half in ("1", "2"):
        assert "The average score of each area" not in client.get(url).content.decode()
        indicator_services.self_assessment_record(
            recorded_by=world.head_teacher.user,
            area=Area.EARLY,
            year=year,
            half=half,
            scores=scores,
        )
    images = IMG.findall(client.get(url).content.decode())
    assert [alt for _src, alt in images] == [
        "The average score of each area per half-year, from 1 (not at all) to 5 (fully); "
        "the tables below give the scores."
    ]
    svg = svg_of(images[0][0])
    assert re.findall(r'id="(series-\d+)"', svg) == ["series-0"]  # only the area assessed
    assert f"{year}/1" in svg and f"{year}/2" in svg
