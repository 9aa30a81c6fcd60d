"""API test helpers: a client calling with a personal token, and the relay world."""

from __future__ import annotations

import datetime

import pytest
from rest_framework.test import APIClient

from helhet.api.services import token_create
from helhet.core import clock


def token_for(professional, *, scope: str = "write") -> str:
    return token_create(
        user=professional.user,
        name="Skolesystemet",
        scope=scope,
        expires_on=clock.today() + datetime.timedelta(days=30),
    ).plain


def api_client(professional=None, *, scope: str = "write") -> APIClient:
    client = APIClient()
    if professional is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(professional, scope=scope)}")
    return client


@pytest.fixture
def api():
    return api_client
