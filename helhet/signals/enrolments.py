"""The school's pupils and their contact teachers: the school's leaders name, for each pupil the
attendance files brought in, the contact teacher who gets the pupil's absence signals."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from helhet.access import policy
from helhet.audit.services import audit_record
from helhet.core.errors import DomainError
from helhet.people.models import Professional
from helhet.signals.models import Enrolment


def school_pupils(*, fetched_by, school_pk: int) -> tuple:
    """The school (led by the actor), its pupils with their contact teachers, and the school's
    staff to choose from; a read of the pupils' names, recorded."""
    school = policy.absence_import_schools(fetched_by).filter(pk=school_pk).first()
    if school is None:
        raise Http404
    with transaction.atomic():
        pupils = list(
            Enrolment.objects.filter(school=school)
            .select_related("child", "contact_teacher__user")
            .order_by("child__family_name", "child__given_name", "pk")
        )
        audit_record(
            actor=fetched_by,
            action="enrolment.list",
            purpose="contact teachers",
            municipality_id=school.municipality_id,
            service_id=school.pk,
        )
    staff = list(
        Professional.objects.filter(memberships__service=school, user__is_active=True)
        .select_related("user")
        .order_by("user__name", "pk")
    )
    return school, pupils, staff


@transaction.atomic
def contact_teacher_set(*, set_by, enrolment_pk: int, professional_pk: int | None) -> Enrolment:
    """Name (or clear) a pupil's contact teacher: a professional who works at the school."""
    enrolment = (
        Enrolment.objects.select_for_update()
        .select_related("school")
        .filter(pk=enrolment_pk)
        .first()
    )
    if enrolment is None or not policy.can_import_absence(set_by, enrolment.school):
        raise Http404
    teacher = None
    if professional_pk is not None:
        teacher = Professional.objects.filter(
            pk=professional_pk, memberships__service=enrolment.school
        ).first()
        if teacher is None:
            raise DomainError(
                _("The contact teacher must work at the school."), field="contact_teacher"
            )
    enrolment.contact_teacher = teacher
    enrolment.save(update_fields=["contact_teacher"])
    audit_record(
        actor=set_by,
        action="enrolment.contact_teacher",
        purpose="contact teachers",
        actor_role="leader",
        municipality_id=enrolment.school.municipality_id,
        service_id=enrolment.school_id,
        child_id=enrolment.child_id,
        obj=enrolment,
    )
    return enrolment
