"""The page of an import of one file for one service (the school register, a class list): the
form, the result, or the rows that refused the whole file."""

from __future__ import annotations

from collections.abc import Callable

from django.shortcuts import render
from django.utils.translation import gettext as _


def file_import_page(
    request, *, form, run: Callable[[int, bytes], object], refused: type, template: str
):
    """``run(service_pk, raw)`` imports; it raises ``refused`` (with ``.result``, whose
    ``problems`` the page lists by line) to refuse the whole file."""
    result = problems = None
    if request.method == "POST" and form.is_valid():
        try:
            result = run(form.cleaned_data["service"].pk, form.cleaned_data["file"].read())
        except refused as exc:
            problems = exc.result
            form.add_error("file", _("Nothing was imported: the file has problems (listed below)."))
    return render(
        request,
        template,
        {
            "form": form,
            "result": result,
            "refused": problems,
            "error_forms": [form],
            "has_errors": bool(form.errors),
        },
    )
