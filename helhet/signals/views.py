"""The signals pages: thin views over the signals selectors and services."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helhet.access import policy
from helhet.cases.views.concern_from import concern_from_page
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.core.forms import add_domain_error, add_validation_error
from helhet.pathways import selectors as pathway_selectors
from helhet.pathways.forms import PathwayStartForm
from helhet.pathways.services import templates_offered
from helhet.signals import enrolments, rule_settings, selectors, services
from helhet.signals.example_file import example_csv
from helhet.signals.forms import AbsenceRuleForm, AbsenceUploadForm, SignalDismissForm
from helhet.signals.models import SignalStatus


def _professional(request):
    professional = policy.actor_professional(request.user)
    if professional is None:
        raise Http404
    return professional


@login_required
@require_GET
def signal_list(request):
    _professional(request)
    status = "all" if request.GET.get("status") == "all" else SignalStatus.OPEN
    return render(
        request,
        "signals/signal_list.html",
        {
            "signals": [
                (signal, selectors.signal_summary(signal))
                for signal in selectors.signal_list(fetched_by=request.user, status=status)
            ],
            "status": status,
            "can_import": policy.absence_import_schools(request.user).exists(),
            "can_configure": policy.can_configure_absence_rules(request.user),
        },
    )


def _detail_page(request, pk: int, *, dismiss_form=None):
    page = selectors.signal_detail(fetched_by=request.user, pk=pk)
    pathway = pathway_selectors.running_pathway_of(page.signal)
    templates = [] if pathway else templates_offered(fetched_by=request.user)
    return render(
        request,
        "signals/signal_detail.html",
        {
            "page": page,
            "signal": page.signal,
            "pathway": pathway,
            "pathway_name": pathway_selectors.template_name(pathway.template) if pathway else "",
            "pathway_templates": templates,
            "pathway_form": PathwayStartForm(templates=templates),
            "dismiss_form": dismiss_form or SignalDismissForm(),
            "error_forms": [dismiss_form] if dismiss_form else [],
            "has_errors": bool(dismiss_form and dismiss_form.errors),
        },
    )


@login_required
@require_GET
def signal_detail(request, pk: int):
    return _detail_page(request, pk)


@login_required
@require_POST
def signal_dismiss(request, pk: int):
    form = SignalDismissForm(request.POST)
    if form.is_valid():
        try:
            services.signal_dismiss(
                dismissed_by=request.user, signal_pk=pk, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The signal was dismissed."))
            return redirect("signals:list")
    return _detail_page(request, pk, dismiss_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def signal_concern(request, pk: int):
    """A concern from the signal, its facts filled in; the teacher adds what they know."""
    page = selectors.signal_detail(fetched_by=request.user, pk=pk)
    signal = page.signal
    return concern_from_page(
        request,
        child=signal.child,
        services=policy.signal_concern_services(request.user, signal),
        observation=_observation(page),
        register=lambda fields: services.signal_concern_register(
            registered_by=request.user, signal_pk=signal.pk, **fields
        ),
        back_url=reverse("signals:detail", args=[signal.pk]),
        back_label=_("The absence signal"),
    )


def _observation(page: selectors.SignalPage) -> str:
    lines = [_("Absence signal from the school's records: %(summary)s") % {"summary": page.summary}]
    for month in page.months:
        lines.append(
            _("%(month)s: %(total)s days (%(undocumented)s undocumented).")
            % {
                "month": month["month"].strftime("%Y-%m"),
                "total": month["total"],
                "undocumented": month["undocumented"],
            }
        )
    return "\n".join(lines)


@login_required
@require_http_methods(["GET", "POST"])
def absence_upload(request):
    schools = policy.absence_import_schools(request.user)
    if not schools.exists():
        raise Http404
    form = AbsenceUploadForm(request.POST or None, request.FILES or None, schools=schools)
    result = refused = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "upload"
            with path.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            try:
                result = services.absence_import(
                    imported_by=request.user,
                    school=form.cleaned_data["school"],
                    path=path,
                    leave_out_bad_rows=form.cleaned_data["leave_out_bad_rows"],
                )
            except ValidationError as exc:
                add_validation_error(form, ValidationError({"file": exc.messages}))
            except services.AbsenceFileRefused as exc:
                refused = exc.read
                form.add_error(
                    "file",
                    _(
                        "Nothing was imported: %(count)s rows have problems (listed below). "
                        "Correct them, or choose the file again and import it without them."
                    )
                    % {"count": exc.read.bad_rows},
                )
    return render(
        request,
        "signals/absence_upload.html",
        {
            "form": form,
            "result": result,
            "refused": refused,
            "imports": selectors.recent_imports(fetched_by=request.user),
            "error_forms": [form],
            "has_errors": bool(form.errors),
        },
    )


@login_required
@require_GET
def absence_example(request):
    """The demo's month of attendance for the school the leader chooses (synthetic pupils'
    ids), to try the import with; missing outside the demo."""
    if not settings.HELHET_DEMO:
        raise Http404
    school = policy.absence_import_schools(request.user).filter(pk=request.GET.get("school") or 0)
    school = school.first() or policy.absence_import_schools(request.user).first()
    if school is None:
        raise Http404
    response = HttpResponse(
        example_csv(school, today=clock.today()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="absence-example.csv"'
    return response


@login_required
@require_GET
def absence_rules(request):
    return render(
        request,
        "signals/absence_rules.html",
        {"rules": rule_settings.municipality_rules(fetched_by=request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def absence_rule_edit(request, pk: int | None = None):
    rule = rule_settings.absence_rule_or_404(fetched_by=request.user, pk=pk) if pk else None
    if rule is None:
        rule_settings.municipality_rules(fetched_by=request.user)  # 404 unless an administrator
    form = AbsenceRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        try:
            rule_settings.absence_rule_save(
                saved_by=request.user, values=form.cleaned_data, rule=rule
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The rule was saved. It applies from the next import."))
            return redirect("signals:rules")
    return render(
        request,
        "signals/absence_rule_form.html",
        {"form": form, "rule": rule, "error_forms": [form], "has_errors": bool(form.errors)},
    )


@login_required
@require_GET
def school_pupils(request):
    schools = policy.absence_import_schools(request.user)
    chosen = request.GET.get("school", "")
    school = (schools.filter(pk=chosen).first() if chosen.isdigit() else None) or schools.first()
    if school is None:
        raise Http404
    school, pupils, staff = enrolments.school_pupils(fetched_by=request.user, school_pk=school.pk)
    return render(
        request,
        "signals/school_pupils.html",
        {"school": school, "schools": list(schools), "pupils": pupils, "staff": staff},
    )


@login_required
@require_POST
def contact_teacher_set(request, pk: int):
    chosen = request.POST.get("contact_teacher", "")
    try:
        enrolment = enrolments.contact_teacher_set(
            set_by=request.user,
            enrolment_pk=pk,
            professional_pk=int(chosen) if chosen.isdigit() else None,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("signals:pupils")
    messages.success(request, _("The contact teacher was saved."))
    return redirect(f"{reverse('signals:pupils')}?school={enrolment.school_id}#pupil-{pk}")
