"""The pages of wellbeing screening: thin views over its selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helhet.access import policy
from helhet.cases.views.concern_from import concern_from_page
from helhet.core import exports
from helhet.core.errors import DomainError
from helhet.core.file_import import file_import_page
from helhet.core.forms import add_domain_error
from helhet.screening import class_lists, selectors, services
from helhet.screening.forms import (
    ChildAddForm,
    ClassListForm,
    GroupForm,
    InformedForm,
    PeriodForm,
    RoundForm,
    StaffAddForm,
    TalkForm,
    ratings_from,
)
from helhet.screening.models import Colour, Term
from helhet.screening.services import CONCERN_COLOURS
from helhet.tenancy.selectors import life_areas_of


@login_required
@require_GET
def group_list(request):
    led = policy.screening_services_led(request.user)
    groups = selectors.group_list(fetched_by=request.user)
    if not groups and not policy.works_where_groups_are_screened(request.user):
        raise Http404  # My work links here for the staff of schools and kindergartens only
    return render(request, "screening/group_list.html", {"groups": groups, "leads": led.exists()})


@login_required
@require_http_methods(["GET", "POST"])
def group_new(request):
    led = policy.screening_services_led(request.user)
    if not led.exists():
        raise Http404
    form = GroupForm(request.POST or None, services=led)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(
                created_by=request.user,
                service_pk=form.cleaned_data["service"].pk,
                name=form.cleaned_data["name"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The group was created. Add its children and staff."))
            return redirect("screening:group", pk=group.pk)
    return render(
        request,
        "screening/group_form.html",
        {"form": form, "error_forms": [form], "has_errors": bool(form.errors)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def class_list_import(request):
    led = policy.screening_services_led(request.user)
    if not led.exists():
        raise Http404
    return file_import_page(
        request,
        form=ClassListForm(request.POST or None, request.FILES or None, services=led),
        run=lambda service_pk, raw: class_lists.class_list_import(
            imported_by=request.user, service_pk=service_pk, raw=raw
        ),
        refused=class_lists.ClassListRefused,
        template="screening/import.html",
    )


def _group_page(request, pk: int, **forms):
    page = selectors.group_detail(fetched_by=request.user, pk=pk)
    areas = life_areas_of(page.group.service.municipality)
    failed = [f for f in forms.values() if f is not None]
    return render(
        request,
        "screening/group.html",
        {
            "page": page,
            "group": page.group,
            "child_form": forms.get("child_form") or ChildAddForm(),
            "staff_form": forms.get("staff_form") or StaffAddForm(candidates=page.candidates),
            "round_form": forms.get("round_form") or RoundForm(areas=areas),
            "error_forms": failed,
            "has_errors": any(f.errors for f in failed),
        },
        status=400 if failed else 200,
    )


@login_required
@require_GET
def group_detail(request, pk: int):
    return _group_page(request, pk)


def _group_write(request, pk: int, form, form_name: str, write, message: str):
    if form.is_valid():
        try:
            write(**form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, message)
            return redirect("screening:group", pk=pk)
    return _group_page(request, pk, **{form_name: form})


@login_required
@require_POST
def child_add(request, pk: int):
    return _group_write(
        request,
        pk,
        ChildAddForm(request.POST),
        "child_form",
        lambda **data: services.group_child_add(added_by=request.user, group_pk=pk, **data),
        _("The child was added to the group."),
    )


@login_required
@require_POST
def child_remove(request, pk: int, child_pk: int):
    services.group_child_remove(removed_by=request.user, group_pk=pk, child_pk=child_pk)
    messages.success(request, _("The child was taken out of the group."))
    return redirect("screening:group", pk=pk)


@login_required
@require_POST
def staff_add(request, pk: int):
    page = selectors.group_detail(fetched_by=request.user, pk=pk)
    return _group_write(
        request,
        pk,
        StaffAddForm(request.POST, candidates=page.candidates),
        "staff_form",
        lambda **data: services.group_staff_add(
            added_by=request.user, group_pk=pk, professional_pk=data["professional"]
        ),
        _("They are on the group's staff now."),
    )


@login_required
@require_POST
def staff_remove(request, pk: int, professional_pk: int):
    services.group_staff_remove(
        removed_by=request.user, group_pk=pk, professional_pk=professional_pk
    )
    messages.success(request, _("They are no longer on the group's staff."))
    return redirect("screening:group", pk=pk)


@login_required
@require_POST
def round_open(request, pk: int):
    group = policy.get_screening_group_or_404(request.user, pk)
    form = RoundForm(request.POST, areas=life_areas_of(group.service.municipality))
    if form.is_valid():
        try:
            opened = services.round_open(
                opened_by=request.user,
                group_pk=pk,
                year=form.cleaned_data["year"],
                term=form.cleaned_data["term"],
                area_pks=form.cleaned_data["areas"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The round is open: rate each child."))
            return redirect("screening:round", pk=opened.pk)
    return _group_page(request, pk, round_form=form)


def _talk_prefix(round_child_pk: int) -> str:
    return f"talk-{round_child_pk}"


def _round_page(request, pk: int, *, informed_form=None, talk_form=None, errors=(), status=200):
    page = selectors.round_detail(fetched_by=request.user, pk=pk)
    not_informed = [row.round_child.child for row in page.not_informed]
    failed = [f for f in (informed_form, talk_form) if f is not None]
    talks = [
        (
            row,
            talk_form
            if talk_form is not None and talk_form.prefix == _talk_prefix(row.round_child.pk)
            else TalkForm(prefix=_talk_prefix(row.round_child.pk)),
        )
        for row in page.talks
    ]
    return render(
        request,
        "screening/round.html",
        {
            "page": page,
            "round": page.round,
            "colours": Colour.choices,
            "informed_form": informed_form or InformedForm(children=not_informed),
            "talks": talks,
            "errors": list(errors),
            "error_forms": failed,
            "has_errors": any(f.errors for f in failed),
        },
        status=status,
    )


@login_required
@require_GET
def round_detail(request, pk: int):
    return _round_page(request, pk)


@login_required
@require_POST
def ratings_save(request, pk: int):
    try:
        changed = services.ratings_save(
            rated_by=request.user, round_pk=pk, ratings=ratings_from(request.POST)
        )
    except DomainError as exc:
        return _round_page(request, pk, errors=[exc.message], status=400)
    messages.success(
        request,
        _("The ratings were saved (%(n)s changed).") % {"n": changed},
    )
    return redirect("screening:round", pk=pk)


@login_required
@require_POST
def parents_informed(request, pk: int):
    page = selectors.round_detail(fetched_by=request.user, pk=pk)
    form = InformedForm(request.POST, children=[row.round_child.child for row in page.rows])
    if form.is_valid():
        try:
            services.parents_informed(
                recorded_by=request.user,
                round_pk=pk,
                child_pks=form.cleaned_data["children"],
                on=form.cleaned_data["on"],
                how=form.cleaned_data["how"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("It is recorded that the parents were told."))
            return redirect("screening:round", pk=pk)
    return _round_page(request, pk, informed_form=form, status=400)


@login_required
@require_POST
def round_close(request, pk: int):
    try:
        services.round_close(closed_by=request.user, round_pk=pk)
    except DomainError as exc:
        return _round_page(request, pk, errors=[exc.message], status=400)
    messages.success(request, _("The round is closed."))
    return redirect("screening:round", pk=pk)


@login_required
@require_POST
def talk_record(request, pk: int):
    round_child = policy.get_round_child_or_404(request.user, pk)
    form = TalkForm(request.POST, prefix=_talk_prefix(pk))
    if form.is_valid():
        try:
            services.talk_record(recorded_by=request.user, round_child_pk=pk, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The talk with the parents was recorded."))
            return redirect(reverse("screening:round", args=[round_child.round_id]) + "#talks")
    return _round_page(request, round_child.round_id, talk_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def concern(request, pk: int):
    """A concern of the group's school or kindergarten about the child, the ratings in."""
    round_child, row = selectors.round_child_detail(fetched_by=request.user, pk=pk)
    rated = [
        f"{_(area.name)}: {Colour(colour).label}"
        for area, colour in row.cells
        if colour in CONCERN_COLOURS
    ]
    screening_round = round_child.round
    return concern_from_page(
        request,
        child=round_child.child,
        services=policy.screening_concern_services(request.user, screening_round.group),
        observation=_("Wellbeing screening %(term)s %(year)s in %(group)s: %(ratings)s.")
        % {
            "term": screening_round.get_term_display().lower(),
            "year": screening_round.year,
            "group": screening_round.group.name,
            "ratings": "; ".join(rated) or "–",
        },
        register=lambda fields: services.concern_register(
            registered_by=request.user, round_child_pk=pk, **fields
        ),
        back_url=reverse("screening:round", args=[screening_round.pk]),
        back_label=_("The screening round"),
    )


def _overview_choice(request):
    """The service (one the actor leads) and the term asked for, or the latest screened."""
    led = policy.screening_services_led(request.user)
    if not led.exists():
        raise Http404
    form = PeriodForm(request.GET or None, services=led)
    service = form.cleaned_data["service"] if form.is_valid() else led.first()
    terms = selectors.terms_screened(service)
    period = (form.cleaned_data.get("period") if form.is_valid() else "") or ""
    chosen = tuple(period.split("-")) if period else (terms[0] if terms else None)
    return form, led, service, terms, chosen


@login_required
@require_GET
def overview(request):
    form, led, service, terms, chosen = _overview_choice(request)
    found = None
    if chosen:
        found = selectors.overview(
            fetched_by=request.user, service_pk=service.pk, year=int(chosen[0]), term=chosen[1]
        )
    return render(
        request,
        "screening/overview.html",
        {
            "form": form,
            "service": service,
            "services": led,
            "terms": [(f"{y}-{t}", y, Term(t).label) for y, t in terms],
            "chosen": f"{chosen[0]}-{chosen[1]}" if chosen else "",
            "colours": Colour.choices,
            "overview": found,
            "query": f"service={service.pk}&period={chosen[0]}-{chosen[1]}" if chosen else "",
        },
    )


def _overview_download(request, fmt: str):
    _form, _led, service, _terms, chosen = _overview_choice(request)
    rows = None
    if chosen:
        rows = selectors.overview_export(
            fetched_by=request.user, service_pk=service.pk, year=int(chosen[0]), term=chosen[1]
        )
    if rows is None:
        raise Http404
    return exports.table_download(
        selectors.OVERVIEW_HEADER,
        rows,
        fmt=fmt,
        filename=f"screening-{service.pk}-{chosen[0]}-{chosen[1]}",
        sheet=_("Wellbeing screening"),
    )


@login_required
@require_GET
def overview_csv(request):
    return _overview_download(request, "csv")


@login_required
@require_GET
def overview_xlsx(request):
    return _overview_download(request, "xlsx")
