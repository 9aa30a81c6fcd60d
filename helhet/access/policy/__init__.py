"""The ONE place that decides who may see or do what.

Every view, HTMX partial, API endpoint and export asks here. Each rule comes as a predicate
(``can_*``) and, where lists are shown, a queryset (``*_visible_to``) implementing the same rule;
tests prove the two agree. Order of checks: tenant first, then relationship (team, membership,
role), then consent. Forbidden and missing look the same: ``get_*_or_404`` raises ``Http404``.
The rules in plain words are in docs/permissions.md.
"""

from __future__ import annotations

from helhet.access.policy.actors import actor_professional
from helhet.access.policy.audit import can_search_audit_log, can_view_case_access_log
from helhet.access.policy.cases import (
    CASE_ACTIONS,
    CaseAccess,
    access_case,
    can_add_log_entry,
    can_answer_handover,
    can_decide_concern,
    can_lead_case,
    can_propose_handover,
    can_record_consent,
    can_start_concern_about,
    can_view_case,
    can_view_child,
    can_view_concern,
    case_access,
    cases_visible_to,
    child_recently_found_by,
    concerns_decidable_by,
    concerns_visible_to,
    covered_service_ids,
    get_case_or_404,
    get_concern_or_404,
    get_handover_or_404,
    handovers_awaiting,
    led_service_ids,
    require_handover_answerable,
)
from helhet.access.policy.directory import (
    can_browse_directory,
    can_create_service,
    can_edit_service,
    can_view_service,
    get_service_or_404,
    services_visible_to,
)
from helhet.access.policy.followup import (
    follow_up_services,
    follow_ups_visible_to,
    get_follow_up_or_404,
)
from helhet.access.policy.pathways import (
    can_import_pathway_templates,
    get_pathway_or_404,
    pathway_templates_visible_to,
    pathways_visible_to,
)
from helhet.access.policy.plans import can_export_plan, can_work_on_plan
from helhet.access.policy.screening import (
    SCREENING_SECTORS,
    can_keep_screening_group,
    get_round_child_or_404,
    get_screening_group_or_404,
    get_screening_round_or_404,
    screening_concern_services,
    screening_groups_visible_to,
    screening_role,
    screening_services_led,
)
from helhet.access.policy.signals import (
    absence_import_schools,
    can_configure_absence_rules,
    can_import_absence,
    can_view_signal,
    get_signal_or_404,
    signal_concern_services,
    signal_role,
    signals_visible_to,
)
from helhet.access.policy.tasks import can_complete_task, get_task_or_404, tasks_visible_to

__all__ = [
    "CASE_ACTIONS",
    "SCREENING_SECTORS",
    "CaseAccess",
    "absence_import_schools",
    "access_case",
    "actor_professional",
    "can_add_log_entry",
    "can_answer_handover",
    "can_browse_directory",
    "can_complete_task",
    "can_configure_absence_rules",
    "can_create_service",
    "can_decide_concern",
    "can_edit_service",
    "can_export_plan",
    "can_import_absence",
    "can_import_pathway_templates",
    "can_keep_screening_group",
    "can_lead_case",
    "can_propose_handover",
    "can_record_consent",
    "can_search_audit_log",
    "can_start_concern_about",
    "can_view_case",
    "can_view_case_access_log",
    "can_view_child",
    "can_view_concern",
    "can_view_service",
    "can_view_signal",
    "can_work_on_plan",
    "case_access",
    "cases_visible_to",
    "child_recently_found_by",
    "concerns_decidable_by",
    "concerns_visible_to",
    "covered_service_ids",
    "follow_up_services",
    "follow_ups_visible_to",
    "get_case_or_404",
    "get_concern_or_404",
    "get_follow_up_or_404",
    "get_handover_or_404",
    "get_pathway_or_404",
    "get_round_child_or_404",
    "get_screening_group_or_404",
    "get_screening_round_or_404",
    "get_service_or_404",
    "get_signal_or_404",
    "get_task_or_404",
    "handovers_awaiting",
    "led_service_ids",
    "pathway_templates_visible_to",
    "pathways_visible_to",
    "require_handover_answerable",
    "screening_concern_services",
    "screening_groups_visible_to",
    "screening_role",
    "screening_services_led",
    "services_visible_to",
    "signal_concern_services",
    "signal_role",
    "signals_visible_to",
    "tasks_visible_to",
]
