"""How a refused request is asserted (one helper, used by every package that tests refusals)."""


def assert_refused(response, path: str) -> None:
    """The admin refused: 403/404, Wagtail's permission-denied redirect to the dashboard, or the
    LocaleMiddleware's redirect of a 404 to the language-prefixed path (which is a 404 too)."""
    from django.urls import reverse

    if response.status_code in (403, 404):
        return
    assert response.status_code == 302, response.status_code
    assert response["Location"] in (reverse("wagtailadmin_home"), f"/ja{path}"), response["Location"]
