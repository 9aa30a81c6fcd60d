"""Operators see how reminder e-mails fare (refused, retried, failed) and may send failed ones
again. The task's text and its subject are not shown here: the admin is not filtered by
municipality. django-tasks-db registers its own admin for the job queue (Task results)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from helhet.audit.admin import AuditedAdminMixin
from helhet.reminders.models import EmailState, Task
from helhet.reminders.services import task_email_retry


@admin.register(Task)
class TaskAdmin(AuditedAdminMixin, admin.ModelAdmin):
    # A task refers to a case or a concern, so its reads show in that case's access log.
    audit_child = ("case__child_id", "concern__child_id")
    audit_case = ("case_id", "concern__case_id")
    list_display = (
        "pk",
        "kind",
        "municipality",
        "due_on",
        "remind_on",
        "done_at",
        "email_state",
        "email_attempts",
        "email_error",
    )
    list_filter = ("email_state", "kind", "municipality")
    fields = (
        "kind",
        "municipality",
        "key",
        "due_on",
        "remind_on",
        "created_at",
        "done_at",
        "email_state",
        "email_attempts",
        "email_sent_at",
        "email_error",
    )
    readonly_fields = fields
    ordering = ("-pk",)
    actions = ["retry_email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send the failed e-mails again"))
    def retry_email(self, request, queryset):
        count = task_email_retry(
            tasks=queryset.filter(email_state=EmailState.FAILED), retried_by=request.user
        )
        self.message_user(
            request,
            ngettext("%(n)d e-mail queued again.", "%(n)d e-mails queued again.", count)
            % {"n": count},
            messages.SUCCESS,
        )
