"""``helhet seed --scale``: bulk-loaded data that the application reads like its own.

The COPY loader exists only on PostgreSQL; CI runs the suite on SQLite and on PostgreSQL, so each
branch below runs in CI.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from helhet.audit.chain import verify
from helhet.audit.models import AuditChain, AuditEvent
from helhet.audit.partitions import DEFAULT_PARTITION, is_partitioned
from helhet.cases import services as case_services
from helhet.cases.models import Case, Concern, LogEntry, TeamMember
from helhet.cases.selectors.case import case_page
from helhet.cases.selectors.my_work import my_work
from helhet.consent.models import Consent
from helhet.people.models import Child, NetworkPerson, Professional
from helhet.plans.models import Goal, Measure, Plan
from helhet.synthetic.scale import seed_at_scale
from helhet.synthetic.scale.sizes import SCALES, municipality_sizes
from helhet.tenancy.models import Municipality

POSTGRES = "postgresql" in settings.DATABASES["default"]["ENGINE"]
pytestmark = pytest.mark.django_db


@pytest.mark.skipif(POSTGRES, reason="the SQLite refusal; PostgreSQL is tested below")
def test_scale_needs_postgresql():
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("seed", scale="tiny", verbosity=0)
    assert not Child.objects.exists()


def test_the_seeded_access_log_uses_only_registered_actions():
    from helhet.audit.actions import ACTIONS
    from helhet.synthetic.scale.audit import ACTIONS as SEEDED

    assert set(SEEDED) <= ACTIONS


def test_sizes_spread_like_norway_and_add_up():
    national = SCALES["national"]
    sizes = municipality_sizes(national)
    assert len(sizes) == 357
    assert sum(sizes) == national.children
    assert sizes == sorted(sizes, reverse=True)
    # The largest (Oslo-like) has about 15 % of all children; the smallest a few hundred.
    assert 150_000 < sizes[0] < 220_000
    assert sizes[-1] < 1_000


@pytest.mark.skipif(not POSTGRES, reason="COPY is PostgreSQL's")
def test_tiny_scale_loads_consistent_data_with_valid_hash_chains():
    report = seed_at_scale("tiny", seed=11, progress=False)
    tiny = SCALES["tiny"]

    assert Municipality.objects.count() == tiny.municipalities
    assert Child.objects.count() == tiny.children == report.rows["people_child"]
    assert NetworkPerson.objects.count() >= tiny.children
    cases = Case.objects.filter(status="open")
    assert abs(cases.count() - tiny.cases) <= tiny.municipalities
    assert LogEntry.objects.count() == report.rows["cases_logentry"]
    assert abs(LogEntry.objects.count() - tiny.log_entries) < tiny.log_entries * 0.2
    assert AuditEvent.objects.count() == tiny.audit_events
    # Every case: a coordinator on its team, consent for the team's services, the concern it
    # started from; most have a plan with goals and measures.
    for case in cases.select_related("coordinator"):
        team = TeamMember.objects.filter(case=case, left_at__isnull=True)
        assert team.filter(professional=case.coordinator).exists()
        consent = Consent.objects.get(case=case)
        assert set(consent.services.values_list("pk", flat=True)) == set(
            team.values_list("service_id", flat=True)
        )
        assert Concern.objects.filter(case=case, status="collaboration").exists()
    assert Plan.objects.count() > cases.count() // 2
    assert Goal.objects.count() == 2 * Plan.objects.count()
    assert Measure.objects.filter(goal__plan__case__municipality__isnull=False).exists()
    # The access log verifies: same canonical content and key as audit_record.
    assert list(verify()) == []
    assert AuditChain.objects.filter(key__startswith="m").count() == tiny.municipalities
    assert report.peak_memory_mib > 0 and report.seconds["total"] > 0


@pytest.mark.skipif(not POSTGRES, reason="COPY is PostgreSQL's")
def test_the_application_works_on_seeded_data():
    seed_at_scale("tiny", seed=12, progress=False)
    case = Case.objects.filter(status="open").select_related("coordinator__user").first()
    user = case.coordinator.user

    assert case in my_work(fetched_by=user).coordinating
    assert case_page(fetched_by=user, pk=case.pk).case == case
    # Sequences were moved past the loaded ids: new rows get fresh ids, and the new access
    # log event continues the seeded chain.
    entry = case_services.log_entry_add(case=case, author=user, kind="note", text="Ny notat.")
    assert entry.pk > LogEntry.objects.exclude(pk=entry.pk).order_by("-pk").first().pk
    assert list(verify([f"m{case.municipality_id}"])) == []
    # The partitioned table's key includes the time, so only the sequence keeps ids unique.
    assert AuditEvent.objects.values("id").distinct().count() == AuditEvent.objects.count()
    assert Professional.objects.filter(user__email__endswith=".example").exists()


@pytest.mark.skipif(not POSTGRES, reason="partitions are PostgreSQL's")
def test_events_land_in_monthly_partitions_and_none_in_the_default():
    from django.db import connection

    seed_at_scale("tiny", seed=13, progress=False)
    assert is_partitioned()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(DISTINCT tableoid), count(*) FILTER (WHERE tableoid = %s::regclass) "
            "FROM audit_auditevent",
            [DEFAULT_PARTITION],
        )
        months, in_default = cursor.fetchone()
    assert months >= 17  # 540 days of history
    assert in_default == 0
    # The secondary indexes dropped for the load are back, valid, on every partition.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FILTER (WHERE NOT x.indisvalid), count(*) FROM pg_index x "
            "WHERE x.indrelid = 'audit_auditevent'::regclass"
        )
        invalid, on_parent = cursor.fetchone()
        cursor.execute(
            "SELECT min(n), max(n) FROM (SELECT count(*) AS n FROM pg_inherits h "
            "JOIN pg_index x ON x.indrelid = h.inhrelid "
            "WHERE h.inhparent = 'audit_auditevent'::regclass GROUP BY h.inhrelid) per_partition"
        )
        fewest, most = cursor.fetchone()
    assert invalid == 0
    assert fewest == most == on_parent + 1  # + the partition's own (chain, sequence) index
