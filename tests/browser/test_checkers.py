"""The browser tests' own checks catch a bad page: the reflow check at 320 px and the Nu checker.

The pages are static HTML answered by ``route.fulfill`` at the live server's address, so the
response listener records them like any page of Helhet's.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import HTML_DOCUMENTS, assert_reflows, assert_valid_html

pytestmark = pytest.mark.browser

VALID = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Fine</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>Fine</h1>{body}</main></body></html>"""

TOO_WIDE = '<div style="width: 400px">Four hundred pixels wide</div>'
CLIPPED = (
    '<div style="overflow: clip; width: 200px">'
    '<span style="display: inline-block; width: 300px">cut off</span></div>'
)
UNLABELLED_SCROLLER = (
    '<div style="overflow-x: auto"><table><tr>'
    + '<td style="min-width: 100px">cell</td>' * 5
    + "</tr></table></div>"
)
LABELLED_SCROLLER = (
    '<h2 id="t">A table</h2><div role="region" aria-labelledby="t" tabindex="0"'
    ' style="overflow-x: auto"><table><tr>'
    + '<td style="min-width: 100px">cell</td>' * 5
    + "</tr></table></div>"
)
HIDDEN_HELPER = (
    '<span style="position: absolute; width: 1px; height: 1px; overflow: hidden;'
    ' clip: rect(0 0 0 0); white-space: nowrap">a long text only for screen readers</span>'
)


@pytest.fixture
def show(page, live_server):
    """Show static HTML at an address of the live server."""

    def show(html: str, path: str = "/checker-test/") -> None:
        url = f"{live_server.url}{path}"
        page.route(
            url, lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8")
        )
        page.goto(url)

    return show


def test_the_reflow_check_fails_on_a_page_that_scrolls_sideways(show, page):
    show(VALID.format(body=TOO_WIDE))
    with pytest.raises(AssertionError, match=r"(?s)400 px wide.*div"):
        assert_reflows(page)
    assert page.viewport_size == {"width": 1280, "height": 720}  # restored


def test_the_reflow_check_fails_on_clipped_content_and_unlabelled_scrollers(show, page):
    show(VALID.format(body=CLIPPED))
    with pytest.raises(AssertionError, match=r"content is cut off.*content 300 px in 200 px"):
        assert_reflows(page)
    show(VALID.format(body=UNLABELLED_SCROLLER), "/checker-test/2/")
    with pytest.raises(AssertionError, match="without being a labelled scroll region"):
        assert_reflows(page)


def test_the_reflow_check_passes_labelled_regions_and_screen_reader_helpers(show, page):
    show(VALID.format(body=LABELLED_SCROLLER + HIDDEN_HELPER))
    assert_reflows(page)


def test_the_nu_checker_fails_on_invalid_html_with_url_line_and_message(
    show, page, nu_checker, request
):
    show(VALID.format(body='<p hx-get="/x">an attribute HTML does not have</p>'))
    # The page was recorded, too: without this the test's own end-of-test check fails on it.
    request.node.stash[HTML_DOCUMENTS].take()
    with pytest.raises(AssertionError) as failure:
        assert_valid_html(nu_checker, [(page.url, page.content())])
    report = str(failure.value)
    assert "1 HTML validity error(s)" in report
    assert f"{page.url}:" in report
    assert "Attribute “hx-get” not allowed on element “p”" in report
    assert '<p hx-get="/x">' in report  # the offending line of the source


def test_every_document_of_the_live_server_is_recorded_for_the_checker(page, request):
    page.goto("/accounts/login/")
    page.goto("/this-page-does-not-exist/")  # the 404 page is Helhet's too
    page.goto("/work/")  # a redirect to the login page: only the page it leads to counts
    recorded = request.node.stash[HTML_DOCUMENTS].take()
    paths = [url.split("/", 3)[3] for url, _ in recorded]
    assert paths == ["accounts/login/", "this-page-does-not-exist/", "accounts/login/?next=/work/"]
    assert all(html.startswith("<!DOCTYPE html>") for _, html in recorded)


def test_the_nu_checker_passes_valid_html(nu_checker):
    assert_valid_html(nu_checker, [("/fine/", VALID.format(body="<p>valid</p>"))])
