"""The leaders' indicators: counted from the data per service and month (idempotently), read
for the services the reader may see, with no figure below 5 and no share or median over fewer;
exported as CSV with the export recorded; nobody else gets in."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from helhet.audit.models import AuditEvent
from helhet.cases import services as case_services
from helhet.core import clock
from helhet.indicators import compute, selectors
from helhet.indicators.forms import months_back
from helhet.indicators.models import IndicatorCount
from helhet.indicators.selectors import _median
from helhet.people.models import User
from tests.factories import ChildFactory
from tests.querycount import assert_same_count, queries_of
from tests.scenarios import build_world

pytestmark = pytest.mark.django_db


def concerns(world, n: int, *, service=None, by=None):
    made = []
    for _ in range(n):
        child = ChildFactory(
            municipality=world.municipality,
            date_of_birth=clock.today() - datetime.timedelta(days=9 * 366),
        )
        made.append(
            world.concern(
                child=child,
                service=service or world.school,
                registered_by=(by or world.teacher).user,
            )
        )
    return made


def figure(board, code):
    return next(f for f in board.figures if f.indicator.code == code)


def board_for(user, **filters):
    month = clock.today().replace(day=1)
    return selectors.dashboard(fetched_by=user, first=month, last=month, **filters)


def test_the_figures_are_counted_and_small_ones_hidden():
    world = build_world()
    world.head_teacher.is_leader_group = True
    world.head_teacher.save(update_fields=["is_leader_group"])
    school = concerns(world, 6)
    concerns(world, 3, service=world.ppt, by=world.ppt_advisor)
    for concern in school[:5]:
        case_services.concern_decide(
            concern=concern, decided_by=world.teacher.user, decision="own_service"
        )
    compute.refresh(world.municipality)
    board = board_for(world.head_teacher.user)
    registered = figure(board, "concerns_registered")
    assert registered.total.figure == 9
    sectors = {sector: value.figure for sector, _label, value in registered.by_sector}
    # 6 at the school, 3 at PPT: 3 is hidden, and then 6 too (it gives 3 away).
    assert sectors == {"school": None, "ppt": None}
    within = figure(board, "decided_within_deadline")
    assert (within.total.figure, within.total.n) == (100, 5)
    days = figure(board, "days_to_decision")
    assert (days.total.figure, days.total.n) == (0, 5)
    outcomes = {key: count for key, _label, count in figure(board, "decision_outcomes").breakdown}
    assert outcomes == {"own_service": 5}
    age = figure(board, "age_at_first_concern")
    assert (age.total.figure, age.total.n) == (9, 9)
    assert board.months == [(clock.today().replace(day=1), 9)]
    # 9 registered, 6 of them at the school (a universal service; PPT is not).
    assert (board.universal.figure, board.universal.n) == (67, 9)


def test_a_share_over_fewer_than_five_is_hidden():
    world = build_world()
    for concern in concerns(world, 4):
        case_services.concern_decide(
            concern=concern, decided_by=world.teacher.user, decision="closed", note="Ingen grunn."
        )
    compute.refresh(world.municipality)
    board = board_for(world.head_teacher.user)
    assert figure(board, "concerns_registered").total.figure is None
    assert figure(board, "decided_within_deadline").total == selectors.Value(None, None)
    assert figure(board, "days_to_decision").total == selectors.Value(None, None)


def test_the_refresh_is_idempotent_and_counts_only_its_municipality():
    world, other = build_world(), build_world()
    concerns(world, 5)
    concerns(other, 7)
    compute.refresh(world.municipality)
    first = sorted(
        IndicatorCount.objects.filter(municipality=world.municipality).values_list(
            "code", "key", "n"
        )
    )
    compute.refresh(world.municipality)
    assert first == sorted(
        IndicatorCount.objects.filter(municipality=world.municipality).values_list(
            "code", "key", "n"
        )
    )
    assert ("concerns_registered", "", 5) in first
    assert not IndicatorCount.objects.filter(municipality=other.municipality).exists()


def test_a_leader_sees_the_services_they_lead_the_leader_group_all():
    world = build_world()
    concerns(world, 5)
    concerns(world, 6, service=world.health, by=world.nurse)
    compute.refresh(world.municipality)
    leader = board_for(world.head_teacher.user)  # leads the school only
    assert figure(leader, "concerns_registered").total.figure == 5
    assert not leader.whole_municipality
    world.nurse.is_data_protection_officer = True
    world.nurse.save(update_fields=["is_data_protection_officer"])
    dpo = User.objects.get(pk=world.nurse.user_id)  # not the one that registered (cached role)
    everyone = board_for(dpo)
    assert figure(everyone, "concerns_registered").total.figure == 11
    assert everyone.whole_municipality
    only_health = board_for(dpo, sector="health_station")
    assert figure(only_health, "concerns_registered").total.figure == 6


def test_the_median_of_a_histogram():
    assert _median({"3": 1, "1": 1, "10": 1}) == 3
    assert _median({"2": 2, "7": 2}) == 2  # the lower middle of an even count
    assert _median({"0": 5}) == 0


def test_the_pages_let_leaders_in_and_nobody_else(client):
    world = build_world()
    other = build_world()
    concerns(world, 5)
    compute.refresh(world.municipality)
    url = reverse("indicators:dashboard")
    for outsider in (world.teacher, world.nurse):  # staff, not leaders
        client.force_login(outsider.user)
        assert client.get(url).status_code == 404
        assert client.get(reverse("indicators:export")).status_code == 404
    client.force_login(other.head_teacher.user)  # a leader elsewhere: only their own figures
    page = client.get(url).content.decode()
    assert '<caption id="fig-concerns_registered">Concerns registered: <span' in page
    client.force_login(world.head_teacher.user)
    page = client.get(url).content.decode()
    assert "Concerns registered: 5" in page
    response = client.get(reverse("indicators:export"))
    lines = response.content.decode().splitlines()
    first, last = months_back(11).strftime("%Y-%m"), clock.today().strftime("%Y-%m")
    assert lines[0] == "from,to,indicator,area,sector,key,figure,n"  # the last 12 months
    assert f"{first},{last},concerns_registered,early,,,5,5" in lines
    assert AuditEvent.objects.filter(
        action="indicators.export", actor=world.head_teacher.user
    ).exists()


def test_bad_filters_are_answered_on_the_page(client):
    world = build_world()
    client.force_login(world.head_teacher.user)
    url = reverse("indicators:dashboard")
    page = client.get(url, {"start": "2026-11", "end": "2026-01"}).content.decode()
    assert "The first month comes after the last." in page
    page = client.get(url, {"start": "november"}).content.decode()
    assert "Write the month as YYYY-MM." in page
    page = client.get(url, {"sector": "police"}).content.decode()
    assert "Select a valid choice" in page


def test_the_dashboard_runs_as_many_queries_for_more_data(client):
    world = build_world()
    client.force_login(world.head_teacher.user)
    counts = {}
    for n in (5, 25):
        concerns(world, n - (5 if n == 25 else 0))
        compute.refresh(world.municipality)
        counts[n] = queries_of(client, reverse("indicators:dashboard"))
    assert_same_count(counts)


def test_the_leader_group_records_a_self_assessment_with_history(client):
    from helhet.indicators.definitions import STATEMENTS
    from helhet.indicators.models import SelfAssessment

    world = build_world()
    world.head_teacher.is_leader_group = True
    world.head_teacher.save(update_fields=["is_leader_group"])
    url = reverse("indicators:self_assessment", args=["early"])
    client.force_login(world.teacher.user)
    assert client.get(url).status_code == 404
    client.force_login(world.head_teacher.user)
    codes = [code for code, _text in STATEMENTS["early"]]
    year = clock.today().year
    response = client.post(url, {"year": year, "half": "1", f"score_{codes[0]}": "4"})
    assert response.status_code == 200  # one statement unscored: nothing recorded
    assert not SelfAssessment.objects.exists()
    data = {"year": year, "half": "1", f"score_{codes[0]}": "4", f"score_{codes[1]}": "2"}
    data[f"note_{codes[1]}"] = "Bekymringer ligger for lenge."
    assert client.post(url, data).status_code == 302
    data.update({"half": "2", f"score_{codes[1]}": "4"})
    client.post(url, data)
    page = client.get(reverse("indicators:self_assessments")).content.decode()
    assert f"{year}/2</th>\n                <td>4.0</td>" in page  # the newest first
    assert f"{year}/1</th>\n                <td>3.0</td>" in page
    assert "Bekymringer ligger for lenge." in page
    assert AuditEvent.objects.filter(action="indicators.self_assessment").count() == 2
    # The history downloads as rows of codes, oldest first; recorded.
    lines = client.get(reverse("indicators:self_assessments_csv")).content.decode().splitlines()
    assert lines == [
        "area,year,half,statement,score,note",
        f"early,{year},1,{codes[0]},4,",
        f"early,{year},1,{codes[1]},2,Bekymringer ligger for lenge.",
        f"early,{year},2,{codes[0]},4,",
        f"early,{year},2,{codes[1]},4,Bekymringer ligger for lenge.",
    ]
    workbook = client.get(reverse("indicators:self_assessments_xlsx")).content
    rows = list(openpyxl.load_workbook(io.BytesIO(workbook)).active.iter_rows(values_only=True))
    assert rows[1] == ("early", year, "1", codes[0], 4, None)
    assert (
        AuditEvent.objects.filter(action="indicators.export", purpose="self-assessment").count()
        == 2
    )
    client.force_login(world.teacher.user)
    assert client.get(reverse("indicators:self_assessments_csv")).status_code == 404
    client.force_login(world.head_teacher.user)
    # A service leader reads the history; only the leader group records.
    client.force_login(build_world().head_teacher.user)
    assert (
        "Not assessed yet." in client.get(reverse("indicators:self_assessments")).content.decode()
    )


def test_the_dashboard_downloads_as_xlsx_and_pdf_recorded(client):
    import io

    import openpyxl
    from pypdf import PdfReader

    world = build_world()
    concerns(world, 6)
    compute.refresh(world.municipality)
    client.force_login(world.head_teacher.user)
    response = client.get(reverse("indicators:export_xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == selectors.EXPORT_HEADER
    assert any(r[2] == "concerns_registered" and r[6] == 6 for r in rows)
    response = client.get(reverse("indicators:export_pdf"))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    flat = " ".join(text.split())
    assert "Concerns registered 6" in flat  # the figure beside its title
    assert "born" not in flat and "Confidential" not in flat  # figures, no child
    assert AuditEvent.objects.filter(action="indicators.export").count() == 2
    client.force_login(world.teacher.user)
    assert client.get(reverse("indicators:export_pdf")).status_code == 404


def test_cases_are_counted_by_level_and_consents_withdrawn():
    world = build_world()
    for concern in concerns(world, 5):
        case_services.concern_decide(
            concern=concern,
            decided_by=world.teacher.user,
            decision="collaboration",
            level=world.level(2),
            note="Samarbeid.",
        )
    compute.refresh(world.municipality)
    board = board_for(world.head_teacher.user)
    levels = figure(board, "cases_by_level").breakdown
    assert levels == [("2", "Level 2", 5)]
    assert figure(board, "consents_withdrawn").total.figure is None  # none withdrawn: hidden
    assert figure(board, "evaluations_with_childs_voice").total == selectors.Value(None, None)
