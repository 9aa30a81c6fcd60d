"""Tasks on *My work* and marking a meeting decision's task as done, over HTTP; the policy's
predicate and queryset agree; the scheduler command's output."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from helhet.access import policy
from helhet.audit.models import AuditEvent
from helhet.cases import services as case_services
from helhet.cases.models import Concern, Handover
from helhet.core import clock
from helhet.plans.models import Plan
from helhet.reminders import services
from helhet.reminders.models import Task, TaskKind
from tests.factories import ChildFactory
from tests.querycount import assert_same_count, measured
from tests.reminders.conftest import days, plan_for
from tests.scenarios import build_world

pytestmark = pytest.mark.django_db

MY_WORK_QUERIES = 15  # with tasks, the same for 2 as for 20 (tests/querycount.py)


def _page(client, professional) -> str:
    client.force_login(professional.user)
    response = client.get(reverse("cases:my_work"))
    assert response.status_code == 200
    return response.content.decode()


def _decision(world, case, *, assignee=None, due_on=None) -> Task:
    return services.task_create_for_decision(
        case=case,
        assignee=assignee or world.teacher,
        text="Ring skolen om timeplanen",
        due_on=due_on or days(10),
        key=f"decision:test:{Task.objects.count()}",
    )


def test_url_contract():
    assert reverse("reminders:task_complete", args=[7]) == "/work/tasks/7/done/"


def test_my_work_shows_the_task_with_its_anchor_child_link_and_due_date(client, world):
    concern = world.concern(decision_due=days(1))
    task = Task.objects.get()
    html = _page(client, world.teacher)
    assert f'id="task-{task.pk}"' in html
    assert "Decide on a concern" in html
    assert reverse("cases:concern", args=[concern.pk]) in html
    assert world.child.family_name in html
    assert html.index('id="tasks-heading"') < html.index('id="decide-heading"')  # near the top
    assert "Mark as done" not in html  # a generated task resolves by itself
    # Nobody else has it on their list.
    assert f'id="task-{task.pk}"' not in _page(client, world.head_teacher)


def test_an_overdue_task_is_tagged(client, world):
    case = world.case(consent_for=(world.school,))
    plan_for(case, evaluation_due=days(-1))
    services.tasks_refresh(case=case)
    html = _page(client, world.teacher)
    task = Task.objects.get(kind=TaskKind.EVALUATION_DUE)
    row = html[html.index(f'id="task-{task.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "Overdue" in row
    assert reverse("cases:case", args=[case.pk]) in row


def test_a_pending_handover_task_links_to_the_answer_page(client, world):
    case = world.case(consent_for=(world.school, world.health))
    handover = case_services.handover_propose(
        case=case,
        proposed_by=world.teacher.user,
        to_professional=world.nurse,
        to_service=world.health,
    )
    Handover.objects.filter(pk=handover.pk).update(
        proposed_at=clock.now() - datetime.timedelta(days=5)
    )
    services.tasks_refresh()
    task = Task.objects.get(kind=TaskKind.HANDOVER_PENDING)
    html = _page(client, world.nurse)  # the nurse is not on the team yet
    assert f'id="task-{task.pk}"' in html
    assert f'href="{reverse("cases:handover", args=[handover.pk])}"' in html


def test_the_assignee_marks_a_decision_task_done(client, world):
    case = world.case(consent_for=(world.school,))
    task = _decision(world, case)
    url = reverse("reminders:task_complete", args=[task.pk])
    html = _page(client, world.teacher)
    assert "Ring skolen om timeplanen" in html
    assert f'action="{url}"' in html
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("cases:my_work")
    assert "The task is marked as done." in response.content.decode()
    task.refresh_from_db()
    assert task.done_by == world.teacher
    assert f'id="task-{task.pk}"' not in response.content.decode()
    event = AuditEvent.objects.get(action="task.complete")
    assert (event.case_id, event.actor_id) == (case.pk, world.teacher.user.pk)


def test_only_post(client, world):
    task = _decision(world, world.case(consent_for=(world.school,)))
    client.force_login(world.teacher.user)
    assert client.get(reverse("reminders:task_complete", args=[task.pk])).status_code == 405
    task.refresh_from_db()
    assert task.done_at is None


def test_anonymous_is_sent_to_login(client, world):
    task = _decision(world, world.case(consent_for=(world.school,)))
    response = client.post(reverse("reminders:task_complete", args=[task.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_someone_elses_task_and_another_municipality_and_missing_are_404(client, world):
    case = world.case(consent_for=(world.school,))
    task = _decision(world, case)
    url = reverse("reminders:task_complete", args=[task.pk])
    other = build_world()
    for outsider in (world.head_teacher, world.nurse, other.teacher):
        client.force_login(outsider.user)
        assert client.post(url).status_code == 404
    client.force_login(world.teacher.user)
    assert client.post(reverse("reminders:task_complete", args=[999999])).status_code == 404
    task.refresh_from_db()
    assert task.done_at is None


def test_a_task_the_assignee_can_no_longer_see_is_404(client, world):
    """A decision assigned to the nurse, who is not on the team: not hers to act on."""
    case = world.case(consent_for=(world.school,))
    task = _decision(world, case, assignee=world.nurse)
    client.force_login(world.nurse.user)
    assert client.post(reverse("reminders:task_complete", args=[task.pk])).status_code == 404
    assert f'id="task-{task.pk}"' not in _page(client, world.nurse)


def test_a_generated_task_is_refused_with_the_message(client, world):
    world.concern(decision_due=days(1))
    task = Task.objects.get()
    client.force_login(world.teacher.user)
    response = client.post(reverse("reminders:task_complete", args=[task.pk]), follow=True)
    assert response.status_code == 200
    assert "marked as done by itself" in response.content.decode()
    task.refresh_from_db()
    assert task.done_at is None


def test_the_tasks_queryset_agrees_with_the_predicate(world):
    world.concern(decision_due=days(1))
    case = world.case(consent_for=(world.school, world.health))
    plan_for(case, evaluation_due=days(2))
    _decision(world, case)
    _decision(world, case, assignee=world.nurse)
    _decision(world, case, assignee=world.ppt_advisor)
    handover = case_services.handover_propose(
        case=case,
        proposed_by=world.teacher.user,
        to_professional=world.nurse,
        to_service=world.health,
    )
    Handover.objects.filter(pk=handover.pk).update(
        proposed_at=clock.now() - datetime.timedelta(days=5)
    )
    services.tasks_refresh()
    other = build_world()
    other.concern(decision_due=days(1))
    people = (world.teacher, world.head_teacher, world.nurse, world.ppt_advisor, other.teacher)
    assert Task.objects.count() == 7
    shown = 0
    for professional in people:
        listed = set(policy.tasks_visible_to(professional.user).values_list("pk", flat=True))
        allowed = {
            t.pk for t in Task.objects.all() if policy.can_complete_task(professional.user, t)
        }
        assert listed == allowed, professional
        shown += len(listed)
    assert shown == 5  # not the decisions of the nurse and the PPT advisor: not on the team


def test_my_work_query_count_does_not_grow_with_tasks(client, world):
    client.force_login(world.teacher.user)
    counts, done = {}, 0
    for n in (2, 20):
        for _ in range(n - done):
            world.concern(child=ChildFactory(municipality=world.municipality), decision_due=days(1))
        done = n
        counts[n], response = measured(client, reverse("cases:my_work"))
        assert len(response.context["work"].tasks) == n
    assert_same_count(counts, expected=MY_WORK_QUERIES)


def test_scheduler_command_prints_the_counts(world):
    concern = world.concern(decision_due=days(5))
    case = world.case(consent_for=(world.school,))
    plan_for(case, evaluation_due=days(1))
    out = io.StringIO()
    call_command("reminders", stdout=out)
    assert out.getvalue().strip() == (
        "reminders: created 1, resolved 0, queued 1, e-mails failed so far 0, new absence signals 0"
    )
    out = io.StringIO()
    call_command("reminders", stdout=out)
    assert "created 0, resolved 0, queued 0" in out.getvalue()
    # The concern's date is brought forward (a new task); the evaluation is done (resolved).
    Concern.objects.filter(pk=concern.pk).update(decision_due=clock.today())
    Plan.objects.filter(case=case).update(evaluation_due=days(90))
    out = io.StringIO()
    call_command("reminders", stdout=out)
    assert "created 1, resolved 1, queued 1" in out.getvalue()


def test_admin_lists_email_failures_without_personal_data_and_requeues_them(client, world):
    from django.contrib import admin
    from django_tasks_db.models import DBTaskResult

    from helhet.people.models import User
    from helhet.reminders.models import EmailState
    from tests.conftest import give_second_factor

    assert DBTaskResult in admin.site._registry  # django-tasks-db's job list is there too
    world.concern(decision_due=days(1))
    task = Task.objects.get()
    Task.objects.filter(pk=task.pk).update(
        email_state=EmailState.FAILED, email_attempts=5, email_error="SMTPDataError 554"
    )
    operator = User.objects.create_superuser(email="ops@test.example", password="x-9-long-pw")
    give_second_factor(operator)
    client.force_login(operator)
    url = reverse("admin:reminders_task_changelist")
    html = client.get(url, {"email_state__exact": "failed"}).content.decode()
    assert "SMTPDataError 554" in html
    assert world.child.family_name not in html
    jobs_before = DBTaskResult.objects.count()
    response = client.post(url, {"action": "retry_email", "_selected_action": [task.pk]})
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.email_state, task.email_attempts) == (EmailState.QUEUED, 0)
    assert DBTaskResult.objects.count() == jobs_before + 1
    assert AuditEvent.objects.filter(action="task.email_retry", actor=operator).count() == 1
