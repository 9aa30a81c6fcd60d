"""Thin views for tasks: the person responsible marks a meeting decision's task as done."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from helhet.access import policy
from helhet.core.errors import DomainError
from helhet.reminders import services


@login_required
@require_POST
def task_complete(request, pk: int):
    task = policy.get_task_or_404(request.user, pk)  # someone else's, or missing: 404
    try:
        services.task_complete(task=task, completed_by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The task is marked as done."))
    return redirect("cases:my_work")
