"""Wellbeing screening (TOPI-style), as a school uses it: the principal imports the class list
(12 children into 5B) and puts the contact teacher on the group's staff; the teacher, in
Norwegian, opens this term's round on two areas, rates the class (three red), records that the
parents were told, the talk with one red child's parents and a concern about another, with the
ratings filled in; the principal's overview hides the small figures in English and Norwegian;
a teacher of the school who is not on the group's staff, and the health station, get 404."""

from __future__ import annotations

import re

import pytest
from django.utils.translation import gettext, override
from playwright.sync_api import Page, expect

from helhet.cases.models import Concern
from helhet.core import clock
from helhet.people.models import User
from helhet.screening.models import (
    Colour,
    Group,
    GroupStaff,
    InformedHow,
    Rating,
    RoundChild,
    ScreeningRound,
    TalkOutcome,
    Term,
)
from helhet.tenancy.selectors import life_areas_of
from helhet.tenancy.services import wellbeing_frameworks_ensure_builtin
from tests.browser.conftest import assert_accessible, log_in, switch_language, totp_code
from tests.factories import PASSWORD
from tests.scenarios import World, build_world, professional_in
from tests.screening.conftest import numbered_children

pytestmark = pytest.mark.browser

TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # tests.conftest.give_second_factor's
TEACHER = "Tove Lærer"
GIVEN_NAMES = (
    "Aksel", "Bodil", "Dina", "Emil", "Frida", "Gustav",
    "Hedda", "Iver", "Johanne", "Kasper", "Live", "Magnus",
)  # fmt: skip
AREAS = ("Health", "Safety")  # two of the Nordic default framework's areas


def t(lang: str, text) -> str:
    """The project's own text in ``lang`` (English if not translated yet); ``text`` a msgid or a
    lazy label (a choice's)."""
    with override(lang):
        return gettext(text) if isinstance(text, str) else str(text)


def nb(text) -> str:
    return t("nb", text)


@pytest.fixture
def world(transactional_db) -> World:
    """The scenario world with twelve children of the municipality (synthetic identity numbers,
    distinct given names) and another teacher of the school."""
    wellbeing_frameworks_ensure_builtin()  # a transactional test starts without migrations' rows
    world = build_world()
    User.objects.filter(pk=world.teacher.user_id).update(name=TEACHER)
    world.teacher.user.refresh_from_db()
    world.pupils = numbered_children(world, len(GIVEN_NAMES))
    for child, name in zip(world.pupils, GIVEN_NAMES, strict=True):
        child.given_name = name
        child.save(update_fields=["given_name"])
    world.other_teacher = professional_in(world.school)
    return world


def log_in_with_code(page: Page, email: str, sign_in: str = "Sign In") -> None:
    log_in(page, email, PASSWORD)
    page.locator("#id_code").fill(totp_code(TOTP_SECRET))
    with page.expect_navigation():
        page.get_by_role("button", name=sign_in, exact=True).click()
    expect(page).to_have_url(re.compile(r"/work/$"))


def full_name(child) -> str:
    return f"{child.given_name} {child.family_name}"


def test_a_class_is_screened_and_a_red_rating_becomes_a_concern(new_context, world, tmp_path):
    pupils = world.pupils
    red = pupils[:3]  # the first area: 9 green, 3 red; the second: all green
    watched, worried = red[0], red[1]
    first_area, second_area = AREAS
    today = clock.today()

    # 1. The principal imports the class list: 5B with its twelve children.
    principal = new_context().new_page()
    log_in_with_code(principal, world.head_teacher.user.email)
    principal.get_by_role("link", name="Wellbeing screening").click()
    expect(principal.locator("h1")).to_have_text("Wellbeing screening")
    expect(principal.locator("main")).to_contain_text("No groups yet.")
    assert_accessible(principal)
    principal.get_by_role("link", name="Import class lists").click()
    expect(principal.locator("h1")).to_have_text("Import class lists")
    assert_accessible(principal)
    class_list = tmp_path / "klasseliste.csv"
    class_list.write_text(
        "group,national_id\n" + "".join(f"5B,{child.national_id}\n" for child in pupils),
        encoding="utf-8",
    )
    principal.get_by_label("School or kindergarten").select_option(label=world.school.name)
    principal.get_by_label("Class list (CSV)").set_input_files(class_list)
    with principal.expect_navigation():
        principal.get_by_role("button", name="Import", exact=True).click()
    expect(principal.get_by_role("status")).to_contain_text(
        "1 groups created, 12 children added; 0 were in their group already."
    )
    assert_accessible(principal)
    group = Group.objects.get(service=world.school, name="5B")
    assert set(group.memberships.values_list("child_id", flat=True)) == {c.pk for c in pupils}

    # ... opens the group from the list and puts the contact teacher on its staff.
    principal.get_by_role("link", name="← Wellbeing screening").click()
    row = principal.locator("tbody tr", has_text="5B")
    expect(row).to_contain_text("12")
    row.get_by_role("link", name="5B", exact=True).click()
    expect(principal).to_have_url(re.compile(rf"/work/screening/groups/{group.pk}/$"))
    expect(principal.locator("h1")).to_have_text("Group 5B")
    children = principal.locator("section", has=principal.locator("#children-heading"))
    expect(children.locator("li")).to_have_count(12)
    staff = principal.locator("section", has=principal.locator("#staff-heading"))
    expect(staff).to_contain_text("Nobody on the group's staff yet.")
    assert_accessible(principal)
    staff.get_by_label("Staff member").select_option(label=TEACHER)
    with principal.expect_navigation():
        staff.get_by_role("button", name="Add to the staff").click()
    expect(principal.get_by_role("status")).to_contain_text("They are on the group's staff now.")
    expect(staff.locator("li")).to_have_text([re.compile(TEACHER)])
    assert_accessible(principal)
    assert list(GroupStaff.objects.filter(group=group).values_list("professional", flat=True)) == [
        world.teacher.pk
    ]

    # 2. The teacher, in Norwegian, opens this term's round on two areas.
    teacher = new_context(locale="nb-NO").new_page()
    log_in_with_code(teacher, world.teacher.user.email, sign_in=nb("Sign In"))
    teacher.get_by_role("link", name=nb("Wellbeing screening")).click()
    expect(teacher.locator("h1")).to_have_text(nb("Wellbeing screening"))
    assert_accessible(teacher)
    teacher.get_by_role("link", name="5B", exact=True).click()
    expect(teacher.locator("h1")).to_have_text(nb("Group %(name)s") % {"name": "5B"})
    expect(teacher.locator("main")).to_contain_text(nb("The group has not been screened yet."))
    assert_accessible(teacher)
    opening = teacher.locator("form", has=teacher.get_by_role("button", name=nb("Open the round")))
    for area in life_areas_of(world.municipality):
        checkbox = opening.get_by_label(nb(area.name), exact=True)
        if area.name in AREAS:
            checkbox.check()
        else:
            checkbox.uncheck()
    with teacher.expect_navigation():
        opening.get_by_role("button", name=nb("Open the round")).click()
    screening_round = ScreeningRound.objects.get(group=group)
    expect(teacher).to_have_url(re.compile(rf"/work/screening/rounds/{screening_round.pk}/$"))
    expect(teacher.get_by_role("status")).to_contain_text(nb("The round is open: rate each child."))
    term = Term.SPRING if today.month < 7 else Term.AUTUMN
    assert (screening_round.year, screening_round.term) == (today.year, term)
    assert sorted(screening_round.areas.values_list("name", flat=True)) == sorted(AREAS)
    assert screening_round.children.count() == 12
    assert_accessible(teacher)

    # ... rates the class: three red on the first area, all green on the second.
    for child in pupils:
        colour = Colour.RED if child in red else Colour.GREEN
        teacher.get_by_label(f"{nb(first_area)}: {full_name(child)}", exact=True).select_option(
            label=nb(colour.label)
        )
        teacher.get_by_label(f"{nb(second_area)}: {full_name(child)}", exact=True).select_option(
            label=nb(Colour.GREEN.label)
        )
    with teacher.expect_navigation():
        teacher.get_by_role("button", name=nb("Save the ratings")).click()
    expect(teacher.get_by_role("status")).to_contain_text(
        nb("The ratings were saved (%(n)s changed).") % {"n": 24}
    )
    expect(
        teacher.get_by_label(f"{nb(first_area)}: {full_name(worried)}", exact=True)
    ).to_have_value(Colour.RED)
    talks = teacher.locator("#talks li.ds-card")
    expect(talks).to_have_count(3)
    assert_accessible(teacher)
    ratings = Rating.objects.filter(round_child__round=screening_round)
    assert ratings.count() == 24
    assert set(ratings.values_list("rated_by", flat=True)) == {world.teacher.pk}
    assert {
        r.round_child.child_id
        for r in ratings.filter(area__name=first_area, colour=Colour.RED).select_related(
            "round_child"
        )
    } == {c.pk for c in red}
    assert not ratings.filter(area__name=second_area).exclude(colour=Colour.GREEN).exists()

    # ... records that the parents were told, by a letter to all of them.
    told = teacher.locator("section", has=teacher.locator("#informed-heading"))
    told.get_by_label(nb("How")).select_option(label=nb(InformedHow.LETTER.label))
    with teacher.expect_navigation():
        told.get_by_role("button", name=nb("Record that the parents were told")).click()
    expect(teacher.get_by_role("status")).to_contain_text(
        nb("It is recorded that the parents were told.")
    )
    expect(teacher.locator("#informed-heading")).to_have_count(0)  # nobody left to tell
    assert_accessible(teacher)
    assert set(
        RoundChild.objects.filter(round=screening_round).values_list(
            "parents_informed_on", "parents_informed_how"
        )
    ) == {(today, InformedHow.LETTER)}

    # ... records the talk with one red child's parents: they follow closely in the group.
    card = talks.filter(has=teacher.get_by_role("heading", name=full_name(watched)))
    expect(card).to_contain_text(f"{nb(first_area)}: {nb(Colour.RED.label)}")
    card.get_by_label(nb(TalkOutcome.WATCH.label)).check()
    with teacher.expect_navigation():
        card.get_by_role(
            "button", name=nb("Record the talk about %(name)s") % {"name": watched.given_name}
        ).click()
    expect(teacher).to_have_url(re.compile(r"#talks$"))
    expect(teacher.get_by_role("status")).to_contain_text(
        nb("The talk with the parents was recorded.")
    )
    expect(card).to_contain_text(nb(TalkOutcome.WATCH.label))
    assert_accessible(teacher)
    talked = RoundChild.objects.get(round=screening_round, child=watched)
    assert (talked.talk_on, talked.talk_outcome, talked.talk_by) == (
        today,
        TalkOutcome.WATCH,
        world.teacher,
    )

    # ... and registers a concern about another red child: the ratings are filled in.
    teacher.get_by_role(
        "link", name=nb("Register a concern about %(name)s") % {"name": worried.given_name}
    ).click()
    observation = teacher.locator("#id_observation")
    expect(observation).to_have_value(re.compile("5B"))
    expect(observation).to_have_value(
        re.compile(re.escape(f"{nb(first_area)}: {nb(Colour.RED.label)}"))
    )
    expect(observation).not_to_have_value(re.compile(re.escape(nb(second_area))))
    assert_accessible(teacher)
    teacher.locator("#id_strengths").fill("Hjelpsom og blid, god på lesing.")
    teacher.locator("#id_child_not_asked_reason").fill("Snakker med eleven etter samtalen hjemme.")
    teacher.locator("label[for='id_worry_6']").click()
    with teacher.expect_navigation():
        teacher.get_by_role("button", name=nb("Register the concern")).click()
    concern = Concern.objects.get(child=worried)
    expect(teacher).to_have_url(re.compile(rf"/work/concerns/{concern.pk}/$"))
    assert_accessible(teacher)
    assert (concern.service, concern.worry) == (world.school, 6)
    assert "5B" in concern.observation
    registered = RoundChild.objects.get(round=screening_round, child=worried)
    assert registered.concern_id == concern.pk
    assert not RoundChild.objects.filter(round=screening_round, concern__isnull=False).exclude(
        child=worried
    )
    assert not Concern.objects.exclude(pk=concern.pk).filter(child__in=pupils).exists()

    # 3. The principal's overview: the three red (and what would give them away) hidden, the
    # twelve shown; in English and in Norwegian.
    principal.goto("/work/screening/")
    principal.get_by_role("link", name="Overview for leaders").click()
    for lang in ("en", "nb"):
        if lang == "nb":
            switch_language(principal, "nb")
        expect(principal.locator("h1")).to_have_text(t(lang, "Wellbeing screening: overview"))
        first = principal.locator(
            "table", has=principal.locator("caption", has_text=t(lang, first_area))
        )
        expect(first.locator("caption")).to_have_text(
            f"{t(lang, first_area)} · {t(lang, term.label)} {today.year}"
        )
        expect(first.locator("tbody tr")).to_have_count(1)
        expect(first.locator("tbody th")).to_have_text("5B")
        hidden = t(lang, "hidden")
        expect(first.locator("tbody td")).to_have_text([hidden, hidden, hidden, "12"])
        expect(first.locator("tfoot td").last).to_have_text("12")
        expect(principal.locator("main")).not_to_contain_text(worried.family_name)
        assert_accessible(principal)

    # 4. A teacher of the school who is not on the group's staff, and the health station's
    # nurse: no door to the round.
    round_url = f"/work/screening/rounds/{screening_round.pk}/"
    for outsider in (world.other_teacher, world.nurse):
        page = new_context().new_page()
        log_in_with_code(page, outsider.user.email)
        assert page.goto(round_url).status == 404
        expect(page.locator("main")).not_to_contain_text(worried.family_name)
        assert page.goto(f"/work/screening/groups/{group.pk}/").status == 404
