"""*What matters to me*: what the child or young person has said over time, in one place."""

from __future__ import annotations

import dataclasses
import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhet.cases.models import Case, CitizenRole, Concern
from helhet.cases.selectors.case import case_read_record
from helhet.plans.models import Evaluation, Goal, Meeting, MeetingStatus, WhoseWords
from helhet.portal.models import FamilyInput


@dataclasses.dataclass(frozen=True)
class VoiceItem:
    on: datetime.date
    source: str
    said: str
    not_asked_reason: str = ""


def what_matters(*, fetched_by, case: Case) -> list[VoiceItem]:
    """Everything the child said, newest first: in the concern, meetings, evaluations, and the
    goals written in their own words. Where they were not asked, why not."""
    items: list[VoiceItem] = []
    with transaction.atomic():
        for concern in Concern.objects.filter(case=case).order_by("pk"):
            items.append(
                VoiceItem(
                    timezone.localdate(concern.registered_at),
                    _("Concern"),
                    concern.child_voice,
                    concern.child_not_asked_reason,
                )
            )
        for goal in Goal.objects.filter(plan__case=case, whose_words=WhoseWords.CHILD):
            items.append(
                VoiceItem(timezone.localdate(goal.created_at), _("Goal in own words"), goal.text)
            )
        for meeting in Meeting.objects.filter(case=case, status=MeetingStatus.HELD):
            items.append(
                VoiceItem(
                    timezone.localdate(meeting.starts_at),
                    _("Meeting"),
                    meeting.child_voice,
                    meeting.child_not_asked_reason,
                )
            )
        for evaluation in Evaluation.objects.filter(plan__case=case):
            items.append(
                VoiceItem(
                    evaluation.evaluated_on,
                    _("Final evaluation") if evaluation.is_final else _("Evaluation"),
                    evaluation.child_voice,
                    evaluation.child_not_asked_reason,
                )
            )
        for said in FamilyInput.objects.filter(case=case):
            items.append(
                VoiceItem(
                    timezone.localdate(said.submitted_at),
                    _("From the child, in the portal")
                    if said.role == CitizenRole.YOUNG_PERSON
                    else _("From the family, in the portal"),
                    said.what_matters + (f"\n({said.scale}/10)" if said.scale is not None else ""),
                )
            )
        case_read_record(read_by=fetched_by, case=case, purpose="what matters to me")
    return sorted(items, key=lambda i: i.on, reverse=True)
