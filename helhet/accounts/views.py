from __future__ import annotations

import time

from allauth.account.views import LoginView as AllauthLoginView
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_POST

from helhet.accounts.middleware import LAST_SEEN_KEY
from helhet.people.models import User


class LoginView(AllauthLoginView):
    """allauth's login, plus the demo notice and demo accounts while HELHET_DEMO is on."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if settings.HELHET_DEMO:
            from helhet.synthetic.demo import DEMO_PASSWORD

            context["demo_password"] = DEMO_PASSWORD
            context["demo_accounts"] = [
                {"email": u.email, "description": u.name}
                for u in User.objects.filter(is_demo=True, is_active=True).order_by("email")[:12]
            ]
        return context


login = LoginView.as_view()


@require_POST
@login_required
def session_keepalive(request):
    """'Stay logged in' from the idle warning: the request itself is the activity.

    The idle middleware records activity at most once a minute; here it is recorded always.
    """
    request.session[LAST_SEEN_KEY] = time.time()
    return HttpResponse(status=204)
