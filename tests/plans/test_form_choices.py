"""The goal and measure forms offer only the services consent covers, say how to add another,
and still leave the rule to the service; the plan shows one status per measure."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from helhet.directory.models import Service
from helhet.plans.models import Goal, Measure

GOAL = "Jeg vil ha noen å være sammen med i friminuttene."


@pytest.fixture
def teacher(client, pw):
    client.force_login(pw.world.teacher.user)
    return client


def url(name: str, pw, *args) -> str:
    return reverse(f"plans:{name}", args=[pw.case.pk, *args])


def offered(html: str, name: str) -> set[int]:
    """The values of the <option>s of the select named ``name`` (the empty choice left out)."""
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert select, f"no select {name!r} on the page"
    return {int(v) for v in re.findall(r'<option value="(\d+)"', select.group(0))}


def covered(pw) -> set[int]:
    return {pw.world.school.pk, pw.world.health.pk, pw.world.ppt.pk}


@pytest.mark.parametrize("page", ["goal_add", "goal_change", "measure_add", "measure_change"])
def test_only_services_covered_by_consent_are_offered(teacher, pw, page):
    goal = pw.goal()
    measure = pw.measure(goal)
    args = {"goal_add": (), "goal_change": (goal.pk,), "measure_add": (goal.pk,)}.get(
        page, (measure.pk,)
    )
    html = teacher.get(url(page, pw, *args)).content.decode()
    field = "service" if page.startswith("measure") else "responsible_service"
    # Child welfare is a service of the municipality, but the family's consent does not cover it.
    assert offered(html, field) == covered(pw)
    assert "Only services covered by the family&#x27;s consent are listed." in html
    consent_link = reverse("cases:consent_record", args=[pw.case.pk])
    assert f'href="{consent_link}"' in html
    assert "To add another service, record consent for it first." in html


def test_the_goal_form_preselects_nothing_it_does_not_offer(teacher, pw):
    goal = pw.goal()
    Goal.objects.filter(pk=goal.pk).update(responsible_service=pw.world.child_welfare)
    html = teacher.get(url("goal_change", pw, goal.pk)).content.decode()
    assert pw.world.child_welfare.pk not in offered(html, "responsible_service")


def test_a_crafted_goal_for_an_uncovered_service_is_refused_by_the_service(teacher, pw):
    response = teacher.post(
        url("goal_add", pw),
        {
            "version": pw.refresh().version,
            "text": GOAL,
            "whose_words": "child",
            "life_area": pw.area().pk,
            "responsible_service": pw.world.child_welfare.pk,
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Barnevernet is not covered by consent for this case." in body
    assert not Goal.objects.exists()


def test_a_crafted_measure_for_an_uncovered_service_is_refused_by_the_service(teacher, pw):
    goal = pw.goal()
    response = teacher.post(
        url("measure_add", pw, goal.pk),
        {
            "version": pw.refresh().version,
            "description": "Samtaler hos barnevernet",
            "service": pw.world.child_welfare.pk,
            "responsible": pw.world.teacher.pk,
            "starts_on": "2030-01-01",
            "ends_on": "2030-02-01",
            "frequency": "",
            "status": "planned",
        },
    )
    assert response.status_code == 200
    assert "Barnevernet is not covered by consent for this case." in response.content.decode()
    assert not Measure.objects.exists()


@pytest.mark.parametrize("page", ["goal_add", "measure_add"])
def test_with_no_covered_service_the_page_says_so_instead_of_an_empty_list(teacher, pw, page):
    goal = pw.goal()
    # The covered services were closed down since: none of them can be chosen any more.
    Service.objects.filter(pk__in=covered(pw)).update(is_active=False)
    args = (goal.pk,) if page == "measure_add" else ()
    response = teacher.get(url(page, pw, *args))
    html = response.content.decode()
    assert response.status_code == 200
    assert "No service is covered by the family's consent today" in html
    main = re.search(r"<main.*?</main>", html, re.S).group(0)
    assert "<select" not in main and 'type="submit"' not in main
    assert f'href="{reverse("cases:consent_record", args=[pw.case.pk])}"' in html


def _status_cell(html: str, measure: Measure) -> str:
    row = re.search(rf'<tr id="measure-{measure.pk}">(.*?)</tr>', html, re.S)
    assert row, "the measure is not on the plan"
    return re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)[4].strip()


def test_a_measure_shows_one_status_derived_from_its_dates(teacher, pw):
    goal = pw.goal()
    started = pw.measure(goal, days=(-7, 30), description="Startet for en uke siden.")
    later = pw.measure(goal, days=(14, 60), description="Starter om to uker.")
    html = teacher.get(url("plan", pw)).content.decode()
    # Still marked planned, but it has started: it runs (and "Now" says so beside it).
    assert started.status == "planned"
    assert _status_cell(html, started) == "Running"
    assert _status_cell(html, later) == "Planned"


@pytest.mark.parametrize("lang", ["nb", "en", "sv", "da", "fi", "is"])
def test_the_language_button_and_the_measure_link_have_different_names(teacher, pw, lang):
    pw.measure(pw.goal())
    html = teacher.get(url("plan", pw), HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    button = re.search(r"<form[^>]*language-form.*?<button[^>]*>([^<]+)</button>", html, re.S)
    link = re.search(r'<a class="ds-link" href="[^"]*/measures/\d+/[^"]*">([^<]+)<', html)
    assert button and link, "no language button or measure link on the plan page"
    assert button.group(1).strip() != link.group(1).strip()
