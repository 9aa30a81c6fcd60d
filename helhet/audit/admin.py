"""The Django admin writes the access log (docs/decisions/0014-admin-access-log.md).

The admin is for superusers and is not filtered by municipality, so every admin page that shows
or changes personal data records who saw what, like the rest of Helhet: ``AuditedAdminMixin``
on each such ``ModelAdmin`` (third-party ones are re-registered at the end of this module), and
``NOT_PERSONAL`` for the few registered models without personal data. A registered model that is
neither fails the system check ``helhet.A001`` and the test suite.

Events (actor = the superuser, role "operator"):

- ``admin.list``: a change list; one event per municipality whose rows are on the shown page,
  with the row ids (never names).
- ``admin.read``: a change page, a delete confirmation page, a history page, the password page.
- ``admin.create`` / ``admin.change`` / ``admin.delete``: what the admin saved or deleted.
- ``admin.action``: a bulk action (e.g. "delete selected") run on selected rows.

Events are collected while the view runs and written at its end, after the page is rendered,
in one transaction with the view: the chain heads are locked only briefly, and a page that
fails to render leaves no event.
"""

from __future__ import annotations

import dataclasses
import functools
from collections import defaultdict
from collections.abc import Iterable

from django.contrib import admin
from django.core import checks
from django.db import transaction
from django.db.models import QuerySet
from django.template.response import TemplateResponse

from helhet.audit.services import audit_record, chain_key_for

ACTOR_ROLE = "operator"
OBJECT_ID_LENGTH = 40  # AuditEvent.object_id
PURPOSE_LENGTH = 200  # AuditEvent.purpose

# Registered models whose admin pages show no personal data, each with the reason. Everything
# else registered in the admin must be audited (helhet.A001).
NOT_PERSONAL: dict[str, str] = {
    "auth.group": "permission bundles; the members are shown on the user's page, not here",
    "tenancy.levelmodel": "a level model and its levels: configuration",
    "tenancy.wellbeingframework": "a wellbeing framework and its life areas: configuration",
    "tenancy.municipality": "the municipality's settings: configuration",
    "indicators.network": "a network's name and description: configuration (members opt in)",
    "directory.service": (
        "the service directory is published to every professional, its contact persons are work "
        "contacts meant to be found, and the directory pages are not audited either"
    ),
}


@dataclasses.dataclass(frozen=True)
class Scope:
    """Where an object belongs in the access log."""

    municipality_id: int | None
    child_id: int | None = None
    case_id: int | None = None


@dataclasses.dataclass(frozen=True)
class _Listed:
    """Stands for the rows an event names, as ``audit_record(obj=…)`` expects: it reads
    ``_meta.model_name`` and ``pk``. The ids of many rows do not fit one object id otherwise."""

    _meta: object
    pk: str


def compact_ids(ids: Iterable, limit: int) -> str:
    """Ids as short as they go: runs of integers as ranges, cut at ``limit`` with the number
    left out. Example: ``compact_ids([3, 1, 2, 7], 40) == "1-3,7"``."""
    unique = set(ids)
    numbers = sorted(v for v in unique if isinstance(v, int))
    values = [*numbers, *sorted(str(v) for v in unique if not isinstance(v, int))]
    parts: list[tuple[str, int]] = []  # (text, how many ids it stands for)
    run: list[int] = []
    for value in [*values, None]:
        if isinstance(value, int) and run and value == run[-1] + 1:
            run.append(value)
            continue
        if run:
            text = str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}"
            parts.append((text, len(run)))
            run = []
        if isinstance(value, int):
            run = [value]
        elif value is not None:
            parts.append((str(value), 1))
    text = ",".join(t for t, _n in parts)
    if len(text) <= limit:
        return text
    kept, covered, total = [], 0, sum(n for _t, n in parts)
    for part, n in parts:
        rest = f",+{total - covered - n}" if total - covered - n else ""
        if len(",".join([*kept, part]) + rest) > limit:
            break
        kept.append(part)
        covered += n
    return ",".join([*kept, f"+{total - covered}"]) if kept else f"+{total}"


def scope_rows(
    queryset: QuerySet,
    *,
    municipality: str,
    child: tuple[str, ...] = (),
    case: tuple[str, ...] = (),
) -> dict:
    """``{pk: Scope}`` for every row of ``queryset``, in one query whatever its size. Each path
    is an ORM lookup from the model; of several child or case paths the first with a value wins."""
    paths = [municipality, *child, *case]
    scopes = {}
    for pk, municipality_id, *rest in queryset.order_by().values_list("pk", *paths):
        children, cases = rest[: len(child)], rest[len(child) :]
        scopes[pk] = Scope(
            municipality_id=municipality_id,
            child_id=next((v for v in children if v is not None), None),
            case_id=next((v for v in cases if v is not None), None),
        )
    return scopes


class _Recorder:
    """The events of one admin view, written together at its end (sorted by chain, so two
    requests touching the same municipalities lock their chain heads in the same order)."""

    def __init__(self):
        self.events: list[dict] = []
        self.wrote = False

    def add(self, **event) -> None:
        self.events.append(event)

    def flush(self, actor) -> None:
        for event in sorted(self.events, key=lambda e: chain_key_for(e["municipality_id"])):
            audit_record(actor=actor, actor_role=ACTOR_ROLE, **event)
        self.events = []


def _single(values: set):
    return next(iter(values)) if len(values) == 1 else None


class AuditedAdminMixin:
    """Put first among the bases of a ``ModelAdmin`` whose pages show personal data.

    Declare where a row belongs, as ORM paths from the model (override ``audit_scopes`` when a
    path cannot say it)::

        class ChildAdmin(AuditedAdminMixin, admin.ModelAdmin):
            audit_municipality = "municipality_id"
            audit_child = ("pk",)
    """

    audit_municipality: str = "municipality_id"
    audit_child: tuple[str, ...] = ()
    audit_case: tuple[str, ...] = ()

    # --- where rows belong ---------------------------------------------------------------

    def audit_scopes(self, queryset: QuerySet) -> dict:
        """``{pk: Scope}`` of the rows of ``queryset``, in a fixed number of queries."""
        return scope_rows(
            queryset,
            municipality=self.audit_municipality,
            child=self.audit_child,
            case=self.audit_case,
        )

    def _scopes_of(self, objects) -> dict:
        if isinstance(objects, QuerySet):
            return self.audit_scopes(objects)
        pks = [obj.pk for obj in objects]
        if not pks:
            return {}
        return self.audit_scopes(self.model._default_manager.filter(pk__in=pks))

    # --- collecting events ---------------------------------------------------------------

    def _audit_rows(self, request, objects, *, action: str, what: str) -> None:
        """One event per municipality of the rows: their ids, and the child or case when all
        rows of that municipality share one."""
        groups: dict[int | None, dict] = defaultdict(dict)
        for pk, scope in self._scopes_of(objects).items():
            groups[scope.municipality_id][pk] = scope
        model_name = self.model._meta.model_name
        for municipality_id, rows in groups.items():
            object_id = compact_ids(rows, OBJECT_ID_LENGTH)
            count = f" ({len(rows)} rows)" if len(rows) > 1 else ""
            head = f"admin {what}: {model_name} "
            purpose = head + compact_ids(rows, PURPOSE_LENGTH - len(head) - len(count)) + count
            self._audit_add(
                request,
                action=action,
                purpose=purpose,
                municipality_id=municipality_id,
                child_id=_single({s.child_id for s in rows.values()}),
                case_id=_single({s.case_id for s in rows.values()}),
                obj=_Listed(_meta=self.model._meta, pk=object_id),
            )

    def _audit_add(self, request, **event) -> None:
        recorder = getattr(request, "_helhet_admin_audit", None)
        if recorder is None:  # called outside an audited view (a custom admin view): at once
            with transaction.atomic():
                audit_record(actor=request.user, actor_role=ACTOR_ROLE, **event)
            return
        recorder.add(**event)
        recorder.wrote = recorder.wrote or event["action"] != "admin.read"

    def audited_view(self, request, view, *, page: str):
        """Run an admin view in one transaction with its access-log events. A rendered page
        that shows one object (``original`` or ``object`` in its context) and saved nothing
        records ``admin.read``; a change list records ``admin.list`` for its shown rows."""
        if getattr(request, "_helhet_admin_audit", None) is not None:
            return view()  # called from another audited view, which records and writes
        recorder = _Recorder()
        request._helhet_admin_audit = recorder
        try:
            with transaction.atomic():
                response = view()
                if isinstance(response, TemplateResponse) and response.status_code == 200:
                    # Rendered here, so the rows are read in this transaction and a failed
                    # render leaves no event.
                    response.render()
                    context = response.context_data or {}
                    changelist = context.get("cl")
                    shown = context.get("original") or context.get("object")
                    if changelist is not None:
                        # The page's rows, fetched by the render; their scopes take one query.
                        rows = list(changelist.result_list)
                        self._audit_rows(request, rows, action="admin.list", what=page)
                    elif isinstance(shown, self.model) and not recorder.wrote:
                        self._audit_rows(request, [shown], action="admin.read", what=page)
                recorder.flush(request.user)
        finally:
            request._helhet_admin_audit = None
        return response

    # --- the views -------------------------------------------------------------------------

    def changelist_view(self, request, extra_context=None):
        view = functools.partial(super().changelist_view, request, extra_context)
        return self.audited_view(request, view, page="change list")

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        view = functools.partial(
            super().changeform_view, request, object_id, form_url, extra_context
        )
        return self.audited_view(request, view, page="change page")

    def delete_view(self, request, object_id, extra_context=None):
        view = functools.partial(super().delete_view, request, object_id, extra_context)
        return self.audited_view(request, view, page="delete page")

    def history_view(self, request, object_id, extra_context=None):
        view = functools.partial(super().history_view, request, object_id, extra_context)
        return self.audited_view(request, view, page="history page")

    # --- what the admin saves: Django calls these for every add, change and delete ----------

    def log_addition(self, request, obj, message):
        self._audit_rows(request, [obj], action="admin.create", what="add")
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self._audit_rows(request, [obj], action="admin.change", what="change")
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        # Called before the deletion, while the rows and their scope can still be read.
        self._audit_rows(request, queryset, action="admin.delete", what="delete")
        return super().log_deletions(request, queryset)

    def get_actions(self, request):
        actions = super().get_actions(request)
        return {
            name: (self._audited_action(func, name), name, description)
            for name, (func, _name, description) in actions.items()
        }

    def _audited_action(self, func, name: str):
        @functools.wraps(func)
        def run(modeladmin, request, queryset):
            # The action may show the rows (a confirmation page) or change them.
            modeladmin._audit_rows(request, queryset, action="admin.action", what=f"action {name}")
            return func(modeladmin, request, queryset)

        return run


@checks.register(checks.Tags.admin)
def check_admin_audited(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Every model in the admin is audited or declared in ``NOT_PERSONAL``, never both."""
    errors = []
    registered = set()
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        registered.add(label)
        audited = isinstance(model_admin, AuditedAdminMixin)
        if audited == (label in NOT_PERSONAL):
            errors.append(
                checks.Error(
                    f"{label} is registered in the admin "
                    + ("both audited and declared not personal." if audited else "unaudited."),
                    hint="Add AuditedAdminMixin to its ModelAdmin (helhet/audit/admin.py), or "
                    "declare it in NOT_PERSONAL with the reason.",
                    obj=type(model_admin),
                    id="helhet.A001",
                )
            )
    for label in sorted(set(NOT_PERSONAL) - registered):
        errors.append(
            checks.Error(
                f"{label} is declared in NOT_PERSONAL but not registered in the admin.",
                id="helhet.A002",
            )
        )
    return errors


# --- third-party admins, re-registered audited ------------------------------------------------


def _reregister(model, *, bases: tuple = (), **attrs) -> None:
    """Replace the admin of ``model`` by an audited subclass of it (idempotent)."""
    current = admin.site._registry.get(model)
    if current is None or isinstance(current, AuditedAdminMixin):
        return
    base = type(current)
    name = f"Audited{base.__name__}"
    attrs = {"__module__": __name__, "__qualname__": name, **attrs}
    cls = type(name, (*bases, AuditedAdminMixin, base), attrs)
    admin.site.unregister(model)
    admin.site.register(model, cls)


class _JobScope:
    """A background job's row belongs where the reminder task it works on belongs."""

    def audit_scopes(self, queryset: QuerySet) -> dict:
        from helhet.reminders.jobs import send_task_email
        from helhet.reminders.models import Task

        task_of = {}
        for pk, path, args in queryset.order_by().values_list("pk", "task_path", "args_kwargs"):
            positional = (args or {}).get("args") or []
            if path == send_task_email.module_path and positional:
                task_of[pk] = positional[0]
            else:
                task_of[pk] = None
        task_admin = admin.site._registry.get(Task)
        task_scopes = (
            task_admin.audit_scopes(Task.objects.filter(pk__in={t for t in task_of.values() if t}))
            if isinstance(task_admin, AuditedAdminMixin)
            else {}
        )
        return {pk: task_scopes.get(task, Scope(None)) for pk, task in task_of.items()}


def _reregister_third_party() -> None:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from django_tasks_db.models import DBTaskResult

    _reregister(EmailAddress, audit_municipality="user__professional__municipality_id")
    _reregister(
        Authenticator,
        audit_municipality="user__professional__municipality_id",
        # The TOTP secret and recovery codes are not for operators' eyes; an operator resets a
        # lost second factor by deleting the authenticator, and never adds one.
        exclude=("data",),
        has_add_permission=lambda self, request: False,
    )
    # Job arguments and tracebacks name reminder tasks, which refer to cases.
    _reregister(DBTaskResult, bases=(_JobScope,))


_reregister_third_party()
