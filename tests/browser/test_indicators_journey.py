"""The leaders' indicators, as a municipality's 0–24 leader group uses them: three municipalities
(12, 7 and 2 concerns) in one network; the big one's leader, in English, reads the dashboard (the
monthly chart and its table, the decisions), narrows it to this month, downloads it as CSV,
scores the early-intervention statements, compares the network — the small municipality hidden,
and the middle one too, as it would give the small one away — and downloads the comparison as
XLSX; in Norwegian the same pages; a teacher, and a leader outside the network, get 404."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from helhet.cases import services as case_services
from helhet.cases.models import ConcernStatus
from helhet.core import clock
from helhet.indicators import compute
from helhet.indicators import services as indicator_services
from helhet.indicators.definitions import STATEMENTS, Area
from helhet.indicators.models import Half, Network, SelfAssessment
from tests.browser.conftest import (
    assert_accessible,
    log_in_with_code,
    nb,
    switch_language,
)
from tests.indicators import charts
from tests.indicators.test_indicators import concerns
from tests.scenarios import World, build_world

pytestmark = pytest.mark.browser

NETWORK = "Vestlandsnettverket 0–24"
DECIDED = 6  # of the big municipality's 12 concerns


def leader(world: World) -> World:
    """The head teacher becomes the municipality's administrator and a leader-group member."""
    world.head_teacher.is_municipal_admin = True
    world.head_teacher.is_leader_group = True
    world.head_teacher.save(update_fields=["is_municipal_admin", "is_leader_group"])
    return world


@pytest.fixture
def network(transactional_db):
    """Three municipalities in one network, each counted: big 12 concerns (6 decided), middle 7,
    small 2; and a fourth municipality outside it."""
    network = Network.objects.create(name=NETWORK, description="Tre kommuner lærer av hverandre.")
    worlds = {}
    for name, n in (("big", 12), ("middle", 7), ("small", 2)):
        world = leader(build_world())
        indicator_services.network_join(joined_by=world.head_teacher.user, network_pk=network.pk)
        made = concerns(world, n)
        if name == "big":
            for concern in made[:DECIDED]:
                case_services.concern_decide(
                    concern=concern, decided_by=world.teacher.user, decision="own_service"
                )
        compute.refresh(world.municipality)
        worlds[name] = world
    outside = leader(build_world())
    concerns(outside, 5)
    compute.refresh(outside.municipality)
    worlds["outside"] = outside
    return network, worlds


def bars(chart) -> list[str]:
    """The chart image's bars, "shown" or "hidden" (an outline), read from its SVG."""
    return charts.bars(charts.svg_of(chart.get_attribute("src")))


def figure_table(page: Page, code: str):
    return page.locator("table", has=page.locator(f"caption#fig-{code}"))


def test_the_leader_group_reads_assesses_and_compares(new_context, network, tmp_path):
    network, worlds = network
    big, middle, small = worlds["big"], worlds["middle"], worlds["small"]
    today = clock.today()
    this_month = today.strftime("%Y-%m")

    # 1. The big municipality's leader-group member: My work → Indicators.
    page = new_context().new_page()
    log_in_with_code(page, big.head_teacher.user.email)
    page.get_by_role("link", name="Indicators", exact=True).click()
    expect(page).to_have_url(re.compile(r"/work/indicators/$"))
    expect(page.locator("h1")).to_have_text("Indicators")
    expect(page.locator("main")).to_contain_text("The whole municipality's figures")
    assert_accessible(page)

    monthly = page.locator("section", has=page.locator("#monthly-heading"))
    expect(monthly.get_by_role("heading", name="Concerns registered per month")).to_be_visible()
    chart = monthly.get_by_role("img", name=re.compile("^Concerns registered per month"))
    expect(chart).to_be_visible()
    assert bars(chart) == ["hidden"] * 12  # one bar a month, the last twelve months
    months = monthly.locator("table", has=page.locator("caption#monthly-caption"))
    expect(months.locator("caption")).to_have_text("Concerns registered per month")
    expect(months.locator("tbody tr")).to_have_count(12)
    # Eleven empty months (a zero is hidden too) would give this month's 12 away: all hidden.
    expect(months.locator("tbody td")).to_have_text(["hidden"] * 12)
    expect(monthly).to_contain_text(
        "Registered by a universal service (kindergarten, school, health station): 100 % (of 12)"
    )

    registered = figure_table(page, "concerns_registered")
    expect(registered.locator("caption")).to_have_text("Concerns registered: 12")
    expect(registered.locator("tbody tr")).to_have_text([re.compile(r"School\s*12")])
    decisions = figure_table(page, "decision_outcomes")
    expect(decisions.locator("caption")).to_have_text(f"Decisions on concerns: {DECIDED}")
    expect(decisions.locator("thead th")).to_have_text(["Outcome", "Number"])
    expect(decisions.locator("tbody th")).to_have_text([str(ConcernStatus.OWN_SERVICE.label)])
    expect(decisions.locator("tbody td")).to_have_text([str(DECIDED)])
    within = figure_table(page, "decided_within_deadline")
    expect(within.locator("caption")).to_have_text(
        f"Concerns decided within the deadline: 100 % (of {DECIDED})"
    )
    days = figure_table(page, "days_to_decision")
    expect(days.locator("caption")).to_have_text(
        f"Days from a concern to its decision (median): 0 days (of {DECIDED})"
    )
    expect(figure_table(page, "handover_answers").locator("caption")).to_have_text(
        "Handovers answered: hidden"
    )
    expect(page.locator("main")).not_to_contain_text(big.child.family_name)

    # ... narrows the period to this month: its 12 are shown, in the chart and in the table.
    page.get_by_label("From month").fill(this_month)
    page.get_by_label("To month").fill(this_month)
    with page.expect_navigation():
        page.get_by_role("button", name="Show", exact=True).click()
    expect(page).to_have_url(re.compile(rf"start={this_month}&end={this_month}"))
    expect(months.locator("tbody tr")).to_have_count(1)
    expect(months.locator("tbody td")).to_have_text(["12"])
    assert bars(chart) == ["shown"]  # drawn, not an outline
    expect(registered.locator("caption")).to_have_text("Concerns registered: 12")
    assert_accessible(page)

    # ... and downloads the figures as CSV: codes, the period's twelve concerns.
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV").click()
    assert download.value.suggested_filename == f"indicators-{this_month}-{this_month}.csv"
    saved = tmp_path / "indicators.csv"
    download.value.save_as(saved)
    rows = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8"))))
    assert rows[0] == ["from", "to", "indicator", "area", "sector", "key", "figure", "n"]
    assert [this_month, this_month, "concerns_registered", "early", "", "", "12", "12"] in rows
    assert [
        this_month, this_month, "decision_outcomes", "collaboration", "", "own_service", "6", "6",
    ] in rows  # fmt: skip
    assert [this_month, this_month, "handover_answers", "collaboration", "", "", "", ""] in rows

    # 2. The self-assessment: scores the two early-intervention statements, with a note. The
    # leader group assessed collaboration culture last half-year; one half-year is no trend yet.
    half = Half.FIRST if today.month < 7 else Half.SECOND
    previous = (today.year - 1, Half.SECOND) if half == Half.FIRST else (today.year, Half.FIRST)
    indicator_services.self_assessment_record(
        recorded_by=big.head_teacher.user,
        area=Area.COLLABORATION,
        year=previous[0],
        half=previous[1],
        scores={code: (3, "") for code, _text in STATEMENTS[Area.COLLABORATION]},
    )
    page.get_by_role("link", name="Self-assessment of the six areas").click()
    expect(page.locator("h1")).to_have_text("Self-assessment of the six areas")
    trend = page.get_by_role("img", name=re.compile("^The average score of each area"))
    expect(trend).to_have_count(0)
    early = page.locator("section", has=page.locator("#sa-early"))
    expect(early).to_contain_text("Not assessed yet.")
    assert_accessible(page)
    early.get_by_role("link", name="Assess Early intervention").click()
    expect(page.locator("h1")).to_have_text("Assess Early intervention")
    expect(page.get_by_role("spinbutton", name="Year")).to_have_value(str(today.year))
    expect(page.get_by_role("combobox", name="Half-year")).to_have_value(half)
    assert_accessible(page)
    statements = [str(text) for _code, text in STATEMENTS[Area.EARLY]]
    scores = (4, 2)
    note = "Bekymringer fra skolen ligger for lenge før de avgjøres."
    with page.expect_navigation():  # one statement left unscored: nothing is recorded
        page.get_by_role("button", name="Record the self-assessment").click()
    expect(page.locator("h1")).to_have_text("Assess Early intervention")
    expect(page.locator("main")).to_contain_text("This field is required.")
    assert not SelfAssessment.objects.filter(area=Area.EARLY).exists()
    assert_accessible(page)
    for statement, score in zip(statements, scores, strict=True):
        group = page.get_by_role("group", name=statement)
        expect(group.get_by_role("radio")).to_have_count(5)
        group.get_by_label(str(score), exact=True).check()
    last = page.locator("fieldset.panel", has=page.get_by_role("group", name=statements[-1]))
    last.get_by_label("Note").fill(note)
    with page.expect_navigation():
        page.get_by_role("button", name="Record the self-assessment").click()
    expect(page).to_have_url(re.compile(r"/work/indicators/self-assessment/$"))
    expect(page.get_by_role("status")).to_contain_text("The self-assessment was recorded.")
    expect(trend).to_be_visible()  # two half-years now: each area's average as a line
    history = early.locator("tbody tr")
    expect(history).to_have_count(1)
    expect(history.locator("th")).to_have_text(f"{today.year}/{half}")
    expect(history.locator("td").first).to_have_text("3.0")
    expect(history.locator("li")).to_have_text(
        [f"{statements[0]} 4", f"{statements[1]} 2 — {note}"]
    )
    assert_accessible(page)
    assessment = SelfAssessment.objects.get(area=Area.EARLY)
    assert (assessment.municipality_id, assessment.area, assessment.year, assessment.half) == (
        big.municipality.pk,
        Area.EARLY,
        today.year,
        half,
    )
    assert sorted(assessment.scores.values_list("score", flat=True)) == [2, 4]

    # 3. The network: the big municipality's 12 shown; the small one's 2 hidden, and the middle
    # one's 7 too (21 − 12 − 7 would give the 2 away); the network's 21.
    page.get_by_role("link", name="← Indicators").click()
    page.get_by_role("link", name="Networks of municipalities").click()
    expect(page.locator("h1")).to_have_text("Networks of municipalities")
    card = page.locator("li.ds-card", has=page.get_by_role("heading", name=NETWORK))
    expect(card).to_contain_text("3 municipalities")
    expect(card).to_contain_text("Your municipality takes part")
    expect(card.get_by_role("button", name=f"Leave {NETWORK}")).to_be_visible()
    assert_accessible(page)
    card.get_by_role("link", name=f"Compare in {NETWORK}").click()
    comparison_url = f"/work/indicators/networks/{network.pk}/"
    expect(page).to_have_url(re.compile(re.escape(comparison_url) + "$"))
    expect(page.locator("h1")).to_have_text(f"Compare in {NETWORK}")
    table = page.get_by_role("table", name=f"Compare in {NETWORK}")
    names = sorted(w.municipality.name for w in (big, middle, small))
    expect(table.locator("thead th")).to_have_text(["Indicator", *names, "The network"])
    expected = {big.municipality.name: "12", middle.municipality.name: "hidden"}
    expected[small.municipality.name] = "hidden"
    row = table.locator("tbody tr", has=page.get_by_role("rowheader", name="Concerns registered"))
    expect(row.locator("td")).to_have_text([*(expected[name] for name in names), "21"])
    expect(page.locator("main")).not_to_contain_text(worlds["outside"].municipality.name)
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download as XLSX").click()
    saved = tmp_path / "comparison.xlsx"
    download.value.save_as(saved)
    sheet = openpyxl.load_workbook(saved).active
    cells = [[cell.value for cell in line] for line in sheet.iter_rows()]
    assert cells[0][0] == NETWORK
    assert cells[3] == ["Indicator", "Unit", *names, "The network"]
    concerns_row = next(line for line in cells if line[0] == "Concerns registered")
    shown = [12 if name == big.municipality.name else "hidden" for name in names]
    assert concerns_row == ["Concerns registered", "number", *shown, 21]

    # 4. In Norwegian (the header's language switcher): the comparison and the dashboard.
    switch_language(page, "nb")
    compare_in = nb("Compare in %(name)s") % {"name": NETWORK}
    expect(page.locator("h1")).to_have_text(compare_in)
    table = page.get_by_role("table", name=compare_in)
    expect(table.locator("thead th")).to_have_text([nb("Indicator"), *names, nb("The network")])
    row = table.locator(
        "tbody tr", has=page.get_by_role("rowheader", name=nb("Concerns registered"))
    )
    hidden = nb("hidden")
    expect(row.locator("td")).to_have_text(
        [*("12" if name == big.municipality.name else hidden for name in names), "21"]
    )
    expect(page.get_by_role("link", name=nb("Download as XLSX"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=f"← {nb('Networks of municipalities')}").click()
    expect(page.locator("h1")).to_have_text(nb("Networks of municipalities"))
    expect(page.get_by_role("link", name=compare_in)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=f"← {nb('Indicators')}").click()
    expect(page.locator("h1")).to_have_text(nb("Indicators"))
    expect(page.locator("#monthly-heading")).to_have_text(nb("Concerns registered per month"))
    expect(figure_table(page, "concerns_registered").locator("caption")).to_have_text(
        f"{nb('Concerns registered')}: 12"
    )
    expect(page.get_by_role("link", name=nb("Download as CSV"))).to_be_visible()
    assert_accessible(page)

    # 5. No door for a teacher of the big municipality, nor for a leader outside the network.
    xlsx_url = f"{comparison_url}comparison.xlsx"
    teacher = new_context().new_page()
    log_in_with_code(teacher, big.teacher.user.email)
    expect(teacher.get_by_role("link", name="Indicators", exact=True)).to_have_count(0)
    assert teacher.goto("/work/indicators/").status == 404
    assert teacher.goto(comparison_url).status == 404
    assert teacher.request.get(xlsx_url).status == 404
    assert teacher.request.get("/work/indicators/export.csv").status == 404

    outsider = new_context().new_page()
    log_in_with_code(outsider, worlds["outside"].head_teacher.user.email)
    outsider.get_by_role("link", name="Indicators", exact=True).click()
    expect(outsider.locator("h1")).to_have_text("Indicators")  # their own figures only
    expect(figure_table(outsider, "concerns_registered").locator("caption")).to_have_text(
        "Concerns registered: 5"
    )
    assert_accessible(outsider)
    outsider.get_by_role("link", name="Networks of municipalities").click()
    card = outsider.locator("li.ds-card", has=outsider.get_by_role("heading", name=NETWORK))
    expect(card.get_by_role("button", name=f"Take part in {NETWORK}")).to_be_visible()
    expect(card.get_by_role("link", name=f"Compare in {NETWORK}")).to_have_count(0)
    assert_accessible(outsider)
    assert outsider.goto(comparison_url).status == 404
    expect(outsider.locator("main")).not_to_contain_text(big.municipality.name)
    assert outsider.request.get(xlsx_url).status == 404


@pytest.fixture
def research_world(transactional_db) -> tuple[World, list]:
    world = build_world()
    world.head_teacher.is_data_protection_officer = True
    world.head_teacher.save(update_fields=["is_data_protection_officer"])
    return world, concerns(world, 12)


def test_the_data_protection_officer_approves_a_project_and_downloads_an_extract(
    new_context, research_world, tmp_path
):
    import collections
    import datetime
    import zipfile

    world, made = research_world
    page = new_context().new_page()
    log_in_with_code(page, world.head_teacher.user.email)
    page.get_by_role("link", name="Indicators", exact=True).click()
    page.get_by_role("link", name="Research projects").click()
    expect(page.locator("h1")).to_have_text("Research projects")
    assert_accessible(page)
    page.get_by_label("Name of the project").fill("Evaluering av tidlig innsats")
    page.get_by_label("Purpose").fill("Har tidlig innsats effekt på tiden til beslutning?")
    start = clock.today() - datetime.timedelta(days=60)
    page.get_by_label("Concerns registered from").fill(start.isoformat())
    page.locator("#id_period_end").fill(clock.today().isoformat())
    for code in ("child", "registered_month", "age_years", "sector", "days_to_decision"):
        page.get_by_label(re.compile(rf"^{code}:")).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Record the project").click()
    expect(page.locator("h1")).to_have_text("Evaluering av tidlig innsats")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Approve the project").click()
    expect(page.get_by_role("status")).to_contain_text("The project is approved.")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Make and download the extract").click()
    path = tmp_path / "extract.zip"
    download.value.save_as(path)
    zipped = zipfile.ZipFile(path)
    text = zipped.read("extract.csv").decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 12
    for concern in made:
        assert concern.child.given_name not in text and concern.child.family_name not in text
        assert concern.child.date_of_birth.isoformat() not in text
        assert concern.observation not in text
    assert clock.today().isoformat() not in text
    combinations = collections.Counter(
        (r["registered_month"], r["age_years"], r["sector"]) for r in rows
    )
    assert min(combinations.values()) >= 5
    assert {"extract.parquet", "dictionary.json"} <= set(zipped.namelist())
