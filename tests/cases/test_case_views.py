"""HTTP tests for every view of one case: the case page, its actions, handovers and the case's
access log. Allowed and denied paths share their set-up (``build_world``)."""

from __future__ import annotations

import re

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from helhet.audit.models import AuditEvent
from helhet.audit.services import audit_record
from helhet.cases import services
from helhet.cases.models import Case, CaseStatus, Handover, HandoverStatus, LogEntry, LogKind
from helhet.consent import services as consent_services
from helhet.consent.models import Consent, LawfulBasis
from helhet.core import clock
from tests.querycount import assert_same_count, measured, queries_of
from tests.scenarios import build_world, professional_in

pytestmark = pytest.mark.django_db

# Every case URL with the names of the objects it needs (filled in by ``_urls``).
CASE_URLS = [
    ("cases:case", ()),
    ("cases:log_add", ()),
    ("cases:log_correct", ("entry",)),
    ("cases:team_add", ()),
    ("cases:team_remove", ("member",)),
    ("cases:consent_record", ()),
    ("cases:consent_withdraw", ("consent",)),
    ("cases:lawful_basis", ()),
    ("cases:level_change", ()),
    ("cases:handover_propose", ()),
    ("cases:case_close", ()),
    ("cases:access_log", ()),
]
# Measured, the same however many log entries, team members, consents or events the case has
# (tests/querycount.py): a change of a number shows, so that it is looked at.
CASE_PAGE_QUERIES = 30  # with the pathway section: the templates, asking whether one runs
LOG_PAGE_QUERIES = 19
ACCESS_LOG_QUERIES = 16
LEAD_ONLY = {
    "cases:team_add",
    "cases:team_remove",
    "cases:lawful_basis",
    "cases:level_change",
    "cases:handover_propose",
    "cases:case_close",
    "cases:access_log",
}


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def case(world):
    """An open case coordinated by the teacher, with the nurse on the team (school and health
    covered by one consent each, so that one can be withdrawn on its own)."""
    case = world.case(consent_for=(world.school,))
    world.consent(case, world.health)
    services.team_member_add(
        case=case,
        added_by=world.teacher.user,
        professional=world.nurse,
        service=world.health,
        role_in_case="Helsesykepleier",
    )
    case.refresh_from_db()
    return case


def _login(client, professional):
    client.force_login(professional.user)
    return client


def _version(case) -> int:
    return Case.objects.get(pk=case.pk).version


def _entry(case) -> LogEntry:
    return LogEntry.objects.filter(case=case).order_by("pk").first()


def _nurse_member(case, world):
    return case.team.get(professional=world.nurse, left_at__isnull=True)


def _urls(case, world) -> list[tuple[str, str]]:
    objects = {
        "entry": _entry(case).pk,
        "member": case.team.filter(professional=world.nurse).latest("pk").pk,
        "consent": case.consents.order_by("pk").first().pk,
    }
    return [
        (name, reverse(name, args=[case.pk, *(objects[a] for a in extra)]))
        for name, extra in CASE_URLS
    ]


def _propose(case, world, to=None, service=None):
    return services.handover_propose(
        case=case,
        proposed_by=world.teacher.user,
        to_professional=to or world.nurse,
        to_service=service or world.health,
        reason="Helse følger opp tettest nå.",
    )


def _content(response) -> str:
    return response.content.decode()


def _reads(purpose: str) -> int:
    return AuditEvent.objects.filter(action="case.read", purpose=purpose).count()


# --- who gets in: anonymous, other municipality, unrelated, former, non-leader -------------------


def test_anonymous_is_sent_to_login_everywhere(client, world, case):
    handover = _propose(case, world)
    urls = [url for _name, url in _urls(case, world)]
    urls.append(reverse("cases:handover", args=[handover.pk]))
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login"))


def test_other_municipality_gets_404_everywhere(client, world, case):
    handover = _propose(case, world)
    other = build_world()
    _login(client, other.teacher)
    for name, url in _urls(case, world):
        assert client.get(url).status_code == 404, name
        if name not in {"cases:case", "cases:access_log"}:  # GET-only pages answer POST with 405
            assert client.post(url, {"version": _version(case)}).status_code == 404, name
    assert client.get(reverse("cases:handover", args=[handover.pk])).status_code == 404
    assert not AuditEvent.objects.filter(actor=other.teacher.user, case_id=case.pk).exists()


def test_unrelated_professional_of_the_municipality_gets_404_everywhere(client, world, case):
    handover = _propose(case, world)
    for outsider in (world.ppt_advisor, world.cw_worker, world.head_teacher):
        _login(client, outsider)
        for name, url in _urls(case, world):
            assert client.get(url).status_code == 404, (outsider, name)
        assert client.get(reverse("cases:handover", args=[handover.pk])).status_code == 404


def test_missing_and_forbidden_look_the_same(client, world, case):
    _login(client, world.ppt_advisor)
    forbidden = client.get(reverse("cases:case", args=[case.pk]))
    missing = client.get(reverse("cases:case", args=[case.pk + 10_000]))
    assert forbidden.status_code == missing.status_code == 404

    def main(response):
        content = _content(response)
        return content[content.index("<main") : content.index("</main>")]

    assert main(forbidden) == main(missing)


def test_team_member_who_is_not_leading_gets_404_on_leading_actions(client, world, case):
    _login(client, world.nurse)
    for name, url in _urls(case, world):
        expected = 404 if name in LEAD_ONLY else 200
        assert client.get(url).status_code == expected, name


def test_former_team_member_gets_404_everywhere(client, world, case):
    services.team_member_remove(
        member=_nurse_member(case, world), removed_by=world.teacher.user, reason="Ferdig"
    )
    _login(client, world.nurse)
    for name, url in _urls(case, world):
        assert client.get(url).status_code == 404, name


def test_objects_of_another_case_are_404(client, world, case):
    other_case = world.case(consent_for=(world.school,))
    _login(client, world.teacher)
    foreign_entry = _entry(other_case)
    foreign_member = other_case.team.get()
    foreign_consent = other_case.consents.get()
    assert (
        client.get(reverse("cases:log_correct", args=[case.pk, foreign_entry.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("cases:team_remove", args=[case.pk, foreign_member.pk])).status_code
        == 404
    )
    assert (
        client.get(
            reverse("cases:consent_withdraw", args=[case.pk, foreign_consent.pk])
        ).status_code
        == 404
    )


# --- the case page ----------------------------------------------------------------------------


def test_case_page_shows_the_whole_child_and_is_audited(client, world, case):
    world.nurse.phone = "99 88 77 66"
    world.nurse.save()
    world.mother.phone = "412 34 567"
    world.mother.save()
    response = _login(client, world.teacher).get(reverse("cases:case", args=[case.pk]))
    assert response.status_code == 200
    content = _content(response)
    for text in (
        str(world.child),
        "10 years old",
        "Level 2: Simple collaboration",
        "Open",
        str(world.teacher),  # the coordinator
        world.teacher.user.email,
        "Skolen",
        str(world.nurse),
        "Helsesykepleier",
        "99 88 77 66",
        world.nurse.user.email,
        "Mor",
        "Far",
        "412 34 567",
        "Samarbeid om skolefravær",  # consent purpose
        "Glad i fotball",  # strengths from the concern
        "Mye fravær",  # worries from the concern
        "Jeg orker ikke skolen",  # the child's own words
        "Newest entries first",
    ):
        assert text in content, text
    event = AuditEvent.objects.get(action="case.read", purpose="case page")
    assert (event.actor_id, event.case_id, event.child_id) == (
        world.teacher.user.pk,
        case.pk,
        world.child.pk,
    )
    assert event.actor_role == "coordinator"
    assert event.service_id == world.school.pk


def test_case_page_actions_follow_the_policy(client, world, case):
    coordinator = _content(_login(client, world.teacher).get(reverse("cases:case", args=[case.pk])))
    for url in (
        reverse("cases:team_add", args=[case.pk]),
        reverse("cases:level_change", args=[case.pk]),
        reverse("cases:handover_propose", args=[case.pk]),
        reverse("cases:case_close", args=[case.pk]),
        reverse("cases:lawful_basis", args=[case.pk]),
        reverse("cases:access_log", args=[case.pk]),
        reverse("cases:consent_record", args=[case.pk]),
        reverse("cases:log_add", args=[case.pk]),
    ):
        assert url in coordinator, url
    member = _content(_login(client, world.nurse).get(reverse("cases:case", args=[case.pk])))
    assert reverse("cases:log_add", args=[case.pk]) in member
    assert reverse("cases:consent_record", args=[case.pk]) in member
    for url in (
        reverse("cases:team_add", args=[case.pk]),
        reverse("cases:case_close", args=[case.pk]),
        reverse("cases:access_log", args=[case.pk]),
    ):
        assert url not in member, url


def test_case_page_shows_former_members_flags_and_corrections(client, world, case):
    ppt = professional_in(world.ppt)
    world.consent(case, world.ppt)
    member = services.team_member_add(
        case=case, added_by=world.teacher.user, professional=ppt, service=world.ppt
    )
    services.team_member_remove(member=member, removed_by=world.teacher.user, reason="Avsluttet")
    consent_services.lawful_basis_record(
        case=case,
        recorded_by=world.teacher.user,
        kind="avert_serious_harm",
        services=[world.child_welfare],
        justification="Alvorlig fare for barnets helse, må varsle umiddelbart.",
    )
    entry = services.log_entry_add(
        case=case, author=world.teacher.user, kind="note", text="Møtte mor i dag."
    )
    correction = services.log_entry_correct(
        entry=entry, author=world.teacher.user, text="Møtte far, ikke mor."
    )
    content = _content(_login(client, world.teacher).get(reverse("cases:case", args=[case.pk])))
    former = content[content.index("Former team members") :]
    assert str(ppt) in former and "Avsluttet" in former
    assert "Information is shared without consent" in content
    assert "Duty to avert serious harm" in content
    assert "Flagged" in content
    assert f'href="#entry-{entry.pk}"' in content  # the correction refers to the entry
    assert f'href="#entry-{correction.pk}"' in content  # and the entry to its correction


def test_case_page_marks_withdrawn_consent(client, world, case):
    consent = case.consents.get(services=world.health)
    services.team_member_remove(
        member=_nurse_member(case, world), removed_by=world.teacher.user, reason="Ferdig"
    )
    consent_services.consent_withdraw(consent=consent, withdrawn_by=world.teacher.user)
    content = _content(_login(client, world.teacher).get(reverse("cases:case", args=[case.pk])))
    assert "Withdrawn" in content


def _add_entries(world, case, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        services.log_entry_add(
            case=case,
            author=world.teacher.user,
            kind="note",
            text=f"Notat {i}",
            strengths="Bra dag",
            worries="Litt trøtt",
        )


def test_case_page_runs_as_many_queries_for_a_big_case_as_for_a_small_one(client, world, case):
    _login(client, world.teacher)
    url = reverse("cases:case", args=[case.pk])
    _add_entries(world, case, 2)
    counts = {"2 notes, 2 members, 2 consents": queries_of(client, url)}
    for extra in (world.ppt, world.child_welfare):
        world.consent(case, extra)
        for _ in range(9):
            services.team_member_add(
                case=case,
                added_by=world.teacher.user,
                professional=professional_in(extra),
                service=extra,
            )
    for _ in range(16):
        world.consent(case, world.ppt)
    with transaction.atomic():
        for _ in range(50):
            audit_record(
                actor=world.teacher.user,
                action="case.read",
                municipality_id=case.municipality_id,
                case_id=case.pk,
            )
    _add_entries(world, case, 200, start=2)  # the newest, after the team's and consents' entries
    assert LogEntry.objects.filter(case=case).count() > 200
    assert case.team.filter(left_at__isnull=True).count() == 20
    assert case.consents.count() == 20
    counts["202 notes, 20 members, 20 consents"], response = measured(client, url)
    assert_same_count(counts, expected=CASE_PAGE_QUERIES)
    content = _content(response)
    # The newest entries, and the way to the rest: the page does not grow with the log.
    assert "Notat 201" in content and "Notat 182" in content
    assert "Notat 181" not in content
    total = LogEntry.objects.filter(case=case).count()
    assert f"Show the whole log ({total} entries)" in content
    assert reverse("cases:log", args=[case.pk]) in content


def test_the_whole_log_is_paginated_newest_first_and_audited(client, world, case):
    _login(client, world.nurse)
    url = reverse("cases:log", args=[case.pk])
    few = LogEntry.objects.filter(case=case).count()
    counts = {few: queries_of(client, url)}
    for i in range(70):
        services.log_entry_add(case=case, author=world.teacher.user, kind="note", text=f"Nr. {i}")
    first = LogEntry.objects.filter(case=case).order_by("pk").first()
    reads = _reads("case log")
    counts[few + 70], response = measured(client, url, warm=False)
    content = _content(response)
    assert "Nr. 69" in content and "Nr. 20" in content
    assert "Nr. 19" not in content
    assert "Page 1 of 2" in content
    counts["page 2"], response = measured(client, url, {"page": 2}, warm=False)
    older = _content(response)
    assert "Nr. 19" in older and first.display_text in older
    assert _reads("case log") == reads + 2
    assert_same_count(counts, expected=LOG_PAGE_QUERIES)
    # Someone outside the team gets the same answer as for a case that does not exist.
    outsider = professional_in(world.ppt)
    assert _login(client, outsider).get(url).status_code == 404


# --- the log ------------------------------------------------------------------------------------


def test_log_add_get_is_audited_and_post_adds_an_entry(client, world, case):
    _login(client, world.nurse)
    url = reverse("cases:log_add", args=[case.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert 'name="version"' in _content(response)
    assert _reads("add log entry") == 1
    response = client.post(
        url,
        {
            "version": _version(case),
            "kind": "meeting",
            "text": "Samarbeidsmøte med familien.",
            "strengths": "Mor engasjert.",
            "worries": "Fravær fortsatt høyt.",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("cases:case", args=[case.pk])
    assert "The entry was added to the log." in _content(response)
    entry = LogEntry.objects.filter(case=case).latest("pk")
    assert (entry.kind, entry.author, entry.service) == (LogKind.MEETING, world.nurse, world.health)
    assert entry.strengths == "Mor engasjert."
    assert AuditEvent.objects.filter(action="log.add", case_id=case.pk).count() == 1
    assert _reads("add log entry") == 1  # the write is audited by the service, not twice


def test_log_add_bad_input_keeps_what_was_typed(client, world, case):
    _login(client, world.teacher)
    before = LogEntry.objects.count()
    response = client.post(
        reverse("cases:log_add", args=[case.pk]),
        {"version": _version(case), "kind": "note", "text": "   ", "strengths": "Sterk i matte"},
    )
    assert response.status_code == 200
    content = _content(response)
    assert "error-summary" in content
    assert "Sterk i matte" in content
    assert LogEntry.objects.count() == before


def test_log_form_never_cuts_a_long_paste_but_shows_the_limit_when_refused(client, world, case):
    # A browser cuts pasted text at a textarea's maxlength without a word; the limit is the
    # server's (helhet.core.text), and the refused form keeps all that was typed.
    _login(client, world.teacher)
    url = reverse("cases:log_add", args=[case.pk])
    form = _content(client.get(url))
    textarea = re.search(r"<textarea[^>]*name=\"text\"[^>]*>", form).group(0)
    assert "maxlength" not in textarea
    pasted = "Mor ringte om morgenene. " * 1000  # 25,000 characters
    response = client.post(url, {"version": _version(case), "kind": "note", "text": pasted})
    assert response.status_code == 200
    content = _content(response)
    assert "Keep it to at most 20,000 characters (you wrote 24,999)." in content
    assert pasted.strip() in content
    assert not LogEntry.objects.filter(text__startswith="Mor ringte").exists()


def test_log_correct_adds_a_correction_referring_to_the_entry(client, world, case):
    entry = _entry(case)
    _login(client, world.teacher)
    url = reverse("cases:log_correct", args=[case.pk, entry.pk])
    assert entry.display_text in _content(client.get(url))
    response = client.post(url, {"version": _version(case), "text": "Riktig dato er 3. mai."})
    assert response.status_code == 302
    correction = LogEntry.objects.get(kind=LogKind.CORRECTION)
    assert correction.corrects == entry
    assert LogEntry.objects.get(pk=entry.pk).text == entry.text  # the old entry is unchanged


# --- the team -----------------------------------------------------------------------------------


def test_team_add_lists_covered_professionals_and_adds_one(client, world):
    case = world.case(consent_for=(world.school, world.health))
    _login(client, world.teacher)
    url = reverse("cases:team_add", args=[case.pk])
    content = _content(client.get(url))
    assert f"{world.nurse} – Helsestasjonen" in content
    assert str(world.ppt_advisor) not in content  # PPT is not covered by consent
    membership = world.nurse.memberships.get()
    response = client.post(
        url,
        {"version": _version(case), "professional": membership.pk, "role_in_case": "Helse"},
        follow=True,
    )
    assert "The team member was added." in _content(response)
    assert case.team.filter(professional=world.nurse, left_at__isnull=True).exists()
    assert _login(client, world.nurse).get(reverse("cases:case", args=[case.pk])).status_code == 200


def test_team_add_with_a_stale_version_changes_nothing(client, world):
    case = world.case(consent_for=(world.school, world.health))
    stale = _version(case)
    world.consent(case, world.ppt)  # someone else changes the case meanwhile
    _login(client, world.teacher)
    response = client.post(
        reverse("cases:team_add", args=[case.pk]),
        {
            "version": stale,
            "professional": world.nurse.memberships.get().pk,
            "role_in_case": "Helse",
        },
    )
    assert response.status_code == 200
    content = _content(response)
    assert "Someone else changed the case" in content
    assert 'value="Helse"' in content
    assert not case.team.filter(professional=world.nurse).exists()


def test_team_remove_confirms_then_removes_and_access_ends(client, world, case):
    member = _nurse_member(case, world)
    _login(client, world.teacher)
    url = reverse("cases:team_remove", args=[case.pk, member.pk])
    assert str(world.nurse) in _content(client.get(url))
    assert _reads("remove team member") == 1
    response = client.post(url, {"version": _version(case), "reason": "Ikke lenger behov"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.left_at is not None and member.left_reason == "Ikke lenger behov"
    assert _login(client, world.nurse).get(reverse("cases:case", args=[case.pk])).status_code == 404


def test_the_coordinator_cannot_be_removed(client, world, case):
    member = case.team.get(professional=world.teacher)
    _login(client, world.teacher)
    response = client.post(
        reverse("cases:team_remove", args=[case.pk, member.pk]),
        {"version": _version(case), "reason": "Test"},
    )
    assert "hand over the role first" in _content(response)
    assert Case.objects.get(pk=case.pk).team.filter(pk=member.pk, left_at=None).exists()


# --- consent and lawful basis ---------------------------------------------------------------------


def _consent_data(case, world, **overrides):
    data = {
        "version": _version(case),
        "given_by": "guardians",
        "guardians": [world.mother.pk, world.father.pk],
        "services": [world.ppt.pk],
        "purpose": "Utredning hos PPT",
        "valid_from": "",
        "valid_until": "",
        "method": "signed_form",
        "method_note": "",
    }
    data["valid_from"] = clock.today().isoformat()
    data.update(overrides)
    return data


def test_consent_record_explains_who_consents_and_records(client, world, case):
    _login(client, world.nurse)
    url = reverse("cases:consent_record", args=[case.pk])
    content = _content(client.get(url))
    assert "below the consent age, so the guardians consent" in content
    assert "Mor" in content and "Far" in content
    assert "<legend" in content  # radio and checkbox groups have a legend
    assert f'value="{clock.today().isoformat()}"' in content  # valid from defaults to today
    response = client.post(url, _consent_data(case, world), follow=True)
    assert "The consent was recorded." in _content(response)
    consent = Consent.objects.get(purpose="Utredning hos PPT")
    assert set(consent.services.all()) == {world.ppt}
    assert set(consent.guardians.all()) == {world.mother, world.father}
    assert AuditEvent.objects.filter(action="consent.record", actor=world.nurse.user).exists()


def test_consent_for_a_young_person_says_they_consent_themselves(client):
    world = build_world(child_age_years=16)
    case = world.case()
    consent_services.consent_record(
        case=case,
        recorded_by=world.teacher.user,
        given_by="young_person",
        services=[world.school],
        purpose="Oppfølging",
        valid_from=timezone.localdate(case.opened_at),
        method="digital",
    )
    content = _content(
        _login(client, world.teacher).get(reverse("cases:consent_record", args=[case.pk]))
    )
    assert "the young person consents themselves" in content


def test_consent_record_refused_keeps_what_was_typed(client, world, case):
    _login(client, world.teacher)
    before = Consent.objects.count()
    response = client.post(
        reverse("cases:consent_record", args=[case.pk]),
        _consent_data(case, world, given_by="young_person", purpose="Typed purpose 123"),
    )
    content = _content(response)
    assert "At the child&#x27;s age the guardians must consent." in content
    assert "Typed purpose 123" in content
    assert Consent.objects.count() == before


def test_consent_record_with_a_stale_version_is_refused(client, world, case):
    _login(client, world.teacher)
    data = _consent_data(case, world)
    world.consent(case, world.child_welfare)
    response = client.post(reverse("cases:consent_record", args=[case.pk]), data)
    assert "Someone else changed the case" in _content(response)
    assert not Consent.objects.filter(purpose="Utredning hos PPT").exists()


def test_withdrawn_consent_removes_access_at_once(client, world, case):
    consent = case.consents.get(services=world.health)
    _login(client, world.teacher)
    url = reverse("cases:consent_withdraw", args=[case.pk, consent.pk])
    assert "takes effect at once" in _content(client.get(url))
    response = client.post(url, {"version": _version(case), "note": "Mor trakk samtykket."})
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert _login(client, world.nurse).get(reverse("cases:case", args=[case.pk])).status_code == 404
    # a second withdrawal gives the service's message
    _login(client, world.teacher)
    response = client.post(url, {"version": _version(case), "note": ""})
    assert response.status_code == 200
    assert "already been withdrawn" in _content(response)


def test_withdrawing_the_last_consent_sends_the_actor_to_my_work(client, world):
    case = world.case(consent_for=(world.school,))
    consent = case.consents.get()
    _login(client, world.teacher)
    response = client.post(
        reverse("cases:consent_withdraw", args=[case.pk, consent.pk]),
        {"version": _version(case), "note": ""},
    )
    assert response["Location"] == reverse("cases:my_work")
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSED


def test_lawful_basis_is_recorded_and_flagged(client, world, case):
    _login(client, world.teacher)
    url = reverse("cases:lawful_basis", args=[case.pk])
    assert "data protection officer" in _content(client.get(url))
    response = client.post(
        url,
        {
            "version": _version(case),
            "kind": "duty_to_inform_child_welfare",
            "services": [world.child_welfare.pk],
            "justification": "Bekymring for omsorgssvikt; opplysningsplikten gjelder.",
        },
        follow=True,
    )
    assert "Information is shared without consent" in _content(response)
    basis = LawfulBasis.objects.get(case=case)
    assert set(basis.services.all()) == {world.child_welfare}
    assert LogEntry.objects.get(case=case, kind=LogKind.LAWFUL_BASIS).flagged


def test_lawful_basis_needs_a_justification(client, world, case):
    _login(client, world.teacher)
    response = client.post(
        reverse("cases:lawful_basis", args=[case.pk]),
        {
            "version": _version(case),
            "kind": "avert_serious_harm",
            "services": [world.child_welfare.pk],
            "justification": "Kort.",
        },
    )
    assert "at least a couple of sentences" in _content(response)
    assert not LawfulBasis.objects.exists()


# --- level, handover, closing -------------------------------------------------------------------


def test_level_change(client, world, case):
    _login(client, world.teacher)
    url = reverse("cases:level_change", args=[case.pk])
    assert "Level 3: Broad collaboration" in _content(client.get(url))
    same = client.post(
        url, {"version": _version(case), "level": world.level(2).pk, "reason": "Uendret"}
    )
    assert "already at this level" in _content(same)
    response = client.post(
        url, {"version": _version(case), "level": world.level(3).pk, "reason": "Flere tjenester"}
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).level == world.level(3)


def test_level_change_with_a_stale_version_is_refused(client, world, case):
    _login(client, world.teacher)
    stale = _version(case)
    world.consent(case, world.ppt)
    response = client.post(
        reverse("cases:level_change", args=[case.pk]),
        {"version": stale, "level": world.level(3).pk, "reason": "Flere tjenester"},
    )
    assert "Someone else changed the case" in _content(response)
    assert "Flere tjenester" in _content(response)
    assert Case.objects.get(pk=case.pk).level == world.level(2)


def test_handover_propose_accept_and_accept_twice(client, world, case):
    _login(client, world.teacher)
    url = reverse("cases:handover_propose", args=[case.pk])
    content = _content(client.get(url))
    assert f"{world.nurse} – Helsestasjonen" in content
    assert f"{world.teacher} – Skolen" not in content  # not the coordinator themselves
    response = client.post(
        url,
        {
            "version": _version(case),
            "to_professional": world.nurse.memberships.get().pk,
            "reason": "Helse følger tettest.",
        },
        follow=True,
    )
    assert "You remain the coordinator until it is accepted." in _content(response)
    handover = Handover.objects.get(case=case, status=HandoverStatus.PENDING)
    assert "has waited for an answer" in _content(response)

    # the receiver sees a summary and answers
    _login(client, world.nurse)
    answer_url = reverse("cases:handover", args=[handover.pk])
    page = _content(client.get(answer_url))
    for text in (str(world.child), "Level 2: Simple collaboration", str(world.teacher)):
        assert text in page
    assert "Helse følger tettest." in page
    assert "Accept the coordinator role" in page
    assert AuditEvent.objects.filter(action="case.read", purpose="handover answer").exists()
    response = client.post(answer_url, {"action": "accept", "accept-version": _version(case)})
    assert response["Location"] == reverse("cases:case", args=[case.pk])
    assert Case.objects.get(pk=case.pk).coordinator == world.nurse
    again = client.post(answer_url, {"action": "accept", "accept-version": _version(case)})
    assert again.status_code == 200
    assert "already been answered" in _content(again)
    assert Handover.objects.get(pk=handover.pk).status == HandoverStatus.ACCEPTED


def test_team_member_sees_the_handover_status_without_answer_forms(client, world, case):
    handover = _propose(case, world)
    content = _content(
        _login(client, world.teacher).get(reverse("cases:handover", args=[handover.pk]))
    )
    assert "Waiting for answer" in content
    assert "Accept the coordinator role" not in content
    assert AuditEvent.objects.filter(action="case.read", purpose="handover status").exists()


def test_rejected_handover_receiver_gets_404_on_the_case(client, world):
    case = world.case(consent_for=(world.school, world.health))
    handover = _propose(case, world)  # the nurse is not on the team
    _login(client, world.nurse)
    url = reverse("cases:handover", args=[handover.pk])
    empty = client.post(url, {"action": "reject", "reject-version": _version(case)})
    assert "error-summary" in _content(empty)
    response = client.post(
        url,
        {"action": "reject", "reject-version": _version(case), "reject-reason": "Full kapasitet"},
    )
    assert response["Location"] == reverse("cases:my_work")
    handover.refresh_from_db()
    assert (handover.status, handover.answer_note) == (HandoverStatus.REJECTED, "Full kapasitet")
    assert client.get(reverse("cases:case", args=[case.pk])).status_code == 404
    assert client.get(url).status_code == 404
    assert Case.objects.get(pk=case.pk).coordinator == world.teacher


def test_closing_is_refused_while_a_handover_is_pending(client, world, case):
    _propose(case, world)
    _login(client, world.teacher)
    url = reverse("cases:case_close", args=[case.pk])
    assert "waiting for an answer" in _content(client.get(url))
    response = client.post(url, {"version": _version(case), "reason": "Mål nådd"})
    assert response.status_code == 200
    content = _content(response)
    assert "A handover is waiting for an answer" in content
    assert "Mål nådd" in content
    assert Case.objects.get(pk=case.pk).status == CaseStatus.OPEN


def test_closing_the_case(client, world, case):
    _login(client, world.teacher)
    response = client.post(
        reverse("cases:case_close", args=[case.pk]),
        {"version": _version(case), "reason": "Målene er nådd."},
        follow=True,
    )
    assert "The case was closed." in _content(response)
    closed = Case.objects.get(pk=case.pk)
    assert (closed.status, closed.closing_reason) == (CaseStatus.CLOSED, "Målene er nådd.")
    assert AuditEvent.objects.filter(action="case.close", case_id=case.pk).count() == 1
    # the team still reads the closed case, but may no longer act on it
    content = _content(response)
    assert reverse("cases:log_add", args=[case.pk]) not in content
    assert client.get(reverse("cases:log_add", args=[case.pk])).status_code == 404


# --- who accessed the case ------------------------------------------------------------------------


def test_access_log_is_for_the_coordinator_and_audited(client, world, case):
    _login(client, world.nurse).get(reverse("cases:case", args=[case.pk]))
    assert client.get(reverse("cases:access_log", args=[case.pk])).status_code == 404
    _login(client, world.teacher)
    response = client.get(reverse("cases:access_log", args=[case.pk]))
    assert response.status_code == 200
    content = _content(response)
    assert str(world.nurse) in content
    assert "case page" in content and "Helsestasjonen" in content
    assert AuditEvent.objects.filter(
        action="case.access_log.read", actor=world.teacher.user, case_id=case.pk
    ).exists()


def test_access_log_runs_as_many_queries_for_a_full_page_as_for_a_few_rows(client, world, case):
    _login(client, world.teacher)
    url = reverse("cases:access_log", args=[case.pk])
    counts = {"a few events": queries_of(client, url)}
    with transaction.atomic():
        for _ in range(120):
            audit_record(
                actor=world.nurse.user,
                action="case.read",
                purpose="bulk",
                municipality_id=case.municipality_id,
                service_id=world.health.pk,
                case_id=case.pk,
            )
    counts["page 2 of 120"], response = measured(client, url, {"page": 2})
    assert_same_count(counts, expected=ACCESS_LOG_QUERIES)
    content = _content(response)
    assert "Page 2 of" in content
    assert content.count("<tr>") == 51  # header + 50 rows
