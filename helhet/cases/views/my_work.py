"""*My work*: the professional's landing page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from helhet.cases.selectors.my_work import my_work as my_work_selector


@login_required
@require_GET
def my_work(request):
    work = my_work_selector(fetched_by=request.user)
    return render(request, "cases/my_work.html", {"work": work})
