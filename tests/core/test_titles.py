"""No personal data in page titles: they end up in browser history and tab bars on shared
municipal PCs (issue 13.9). Every page of the URL walk, as the coordinator who sees it all."""

from __future__ import annotations

import re

import pytest

from tests.urlwalk import UNREACHABLE, build_url_scenario, routes, url_for

pytestmark = pytest.mark.django_db

TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def html_pages(client):
    """The scenario's world, and each page of the walk that answers with HTML: (route, html)."""
    world, _operator, objects = build_url_scenario()
    client.force_login(world.teacher.user)

    def pages():
        for route in routes():
            if route in UNREACHABLE or route.startswith("admin/"):
                continue
            response = client.get(url_for(route, objects))
            if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
                yield route, response.content.decode()

    return world, pages()


def test_no_page_title_names_the_child(client):
    world, pages = html_pages(client)
    names = {world.child.given_name, world.child.family_name, world.mother.name}
    titled, problems = 0, []
    for route, html in pages:
        match = TITLE.search(html)
        if not match:
            continue
        titled += 1
        if any(name in match.group(1) for name in names):
            problems.append(f"{route}: {match.group(1).strip()}")
    assert titled > 30
    assert not problems, "\n".join(problems)


DATETIME = re.compile(r'<time datetime="([^"]+)"')
# HTML's valid date or global date-and-time strings: at most milliseconds (the Nu checker
# refuses Python's microseconds).
VALID = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?([+-]\d{2}:?\d{2}|Z))?$")


def test_every_time_element_has_a_valid_datetime(client):
    _world, pages = html_pages(client)
    seen, problems = 0, []
    for route, html in pages:
        for value in DATETIME.findall(html):
            seen += 1
            if not VALID.match(value):
                problems.append(f"{route}: {value}")
    assert seen > 20
    assert not problems, "\n".join(sorted(set(problems))[:20])
