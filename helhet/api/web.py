"""Web pages where a professional manages their personal API tokens (after logging in with the
second factor): list, create (the token is shown once) and revoke."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from helhet.access.policy import actor_professional
from helhet.api.models import ApiToken, TokenScope
from helhet.api.services import token_create, token_revoke
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.core.forms import DateInput, add_domain_error


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=80,
        help_text=gettext_lazy("The system that will use the token, e.g. “School admin system”."),
    )
    scope = forms.ChoiceField(
        label=gettext_lazy("Access"), choices=TokenScope.choices, widget=forms.RadioSelect
    )
    expires_on = forms.DateField(
        label=gettext_lazy("Expires on"),
        widget=DateInput,
        help_text=gettext_lazy("At most one year from today."),
    )


def _professional_or_404(request):
    if actor_professional(request.user) is None:
        raise Http404
    return request.user


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def tokens(request):
    user = _professional_or_404(request)
    form = TokenForm(
        request.POST or None,
        initial={"scope": TokenScope.READ, "expires_on": clock.today() + datetime.timedelta(90)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            new = token_create(user=user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            # Shown on this response only, never stored or redirected through the session.
            return render(request, "api/token_created.html", {"new": new})
    return render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": ApiToken.objects.filter(user=user), "now": clock.now()},
    )


@login_required
@require_POST
def token_revoke_view(request, pk: int):
    user = _professional_or_404(request)
    token = ApiToken.objects.filter(user=user, pk=pk).first()
    if token is None:
        raise Http404
    token_revoke(token=token, revoked_by=user)
    messages.success(request, _("The token was revoked. It no longer works."))
    return redirect("api_tokens")
