from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.db import DatabaseError

from tests.conftest import give_second_factor
from tests.factories import ProfessionalFactory, ServiceFactory


def _helhet(*args, **env):
    """Run the ``helhet`` console script in a fresh process with the given environment."""
    leave_out = {"DATABASE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if k not in leave_out}
    environment.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "helhet.cli", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


@pytest.mark.django_db
def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_fails(client, monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


@pytest.mark.django_db
def test_every_response_carries_a_request_id(client):
    response = client.get("/healthz", headers={"X-Request-ID": "abcdef12-3456"})
    assert response["X-Request-ID"] == "abcdef12-3456"
    bad = client.get("/healthz", headers={"X-Request-ID": "<script>"})
    assert bad["X-Request-ID"] != "<script>" and len(bad["X-Request-ID"]) == 32


def test_malformed_database_url_gives_one_clear_line(tmp_path):
    result = _helhet(
        "check", DATABASE_URL="postgres://user@host:notaport/db", HELHET_VAR_DIR=str(tmp_path)
    )
    assert result.returncode == 2
    assert "configuration error: DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_unsupported_database_is_refused(tmp_path):
    result = _helhet(
        "check", DATABASE_URL="mysql://root@localhost/helhet", HELHET_VAR_DIR=str(tmp_path)
    )
    assert result.returncode == 2
    assert "PostgreSQL" in result.stderr


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    result = _helhet(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="k" * 20 + "production-secret-key-with-enough-entropy-1234567890",
        ALLOWED_HOSTS="helhet.kommune.example",
        HELHET_HTTPS="true",
        HELHET_TRUSTED_PROXY_COUNT="1",
        HELHET_AUDIT_KEY="a" * 64,
        DATABASE_URL="postgres://helhet@db.internal:5432/helhet",
        CACHE_URL="rediscache://cache.internal:6379/1",
        HELHET_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_warns_about_a_per_process_cache_and_sqlite(tmp_path):
    result = _helhet(
        "check",
        "--deploy",
        DEBUG="false",
        SECRET_KEY="y" * 60,
        ALLOWED_HOSTS="h.example",
        HELHET_HTTPS="true",
        HELHET_VAR_DIR=str(tmp_path),
    )
    output = result.stdout + result.stderr
    assert "helhet.W003" in output
    assert "helhet.W002" in output


def test_deploy_check_refuses_demo_mode(tmp_path):
    result = _helhet(
        "check",
        "--deploy",
        DEBUG="false",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="h.example",
        HELHET_HTTPS="true",
        HELHET_DEMO="true",
        DATABASE_URL="postgres://helhet@db.internal:5432/helhet",
        HELHET_VAR_DIR=str(tmp_path),
    )
    assert result.returncode != 0
    assert "helhet.E001" in result.stderr + result.stdout


def test_generated_secret_key_is_private_and_stable(tmp_path):
    first = _helhet(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY)",
        HELHET_VAR_DIR=str(tmp_path),
    )
    second = _helhet(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY)",
        HELHET_VAR_DIR=str(tmp_path),
    )
    key_file = tmp_path / "secret_key"
    assert first.stdout.strip().splitlines()[-1] == second.stdout.strip().splitlines()[-1]
    assert len(key_file.read_text()) >= 50
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"


@pytest.mark.django_db
def test_language_switch_changes_the_interface(client):
    professional = ProfessionalFactory.in_service(ServiceFactory())
    give_second_factor(professional.user)
    client.force_login(professional.user)
    client.post("/i18n/setlang/", {"language": "nb", "next": "/"})
    nb = client.get("/").content.decode()
    assert '<html lang="nb"' in nb
    assert "Tjenesteoversikt" in nb
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    en = client.get("/").content.decode()
    assert '<html lang="en"' in en
    assert "Service directory" in en


@pytest.mark.django_db
def test_anonymous_front_page_invites_login(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "/accounts/login/" in response.content.decode()


@pytest.mark.django_db
def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    # Posting a password to the admin's own form does not log anyone in.
    from tests.factories import PASSWORD, UserFactory

    staff = UserFactory(is_staff=True, is_superuser=True)
    give_second_factor(staff)
    client.post("/admin/login/", {"username": staff.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_admin_is_for_superusers_only(client):
    from tests.factories import UserFactory

    staff = UserFactory(is_staff=True)
    give_second_factor(staff)
    client.force_login(staff)
    assert client.get("/admin/").status_code == 302
    superuser = UserFactory(is_staff=True, is_superuser=True)
    give_second_factor(superuser)
    client.force_login(superuser)
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_django_admin_is_for_staff_only(client):
    professional = ProfessionalFactory.in_service(ServiceFactory())
    give_second_factor(professional.user)
    client.force_login(professional.user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
