from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils.translation import get_language

# The browser may talk to this server only: a leak-prevention product loads
# nothing from a CDN and sends nothing to third parties.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "media-src 'self' blob:",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'self'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(self), microphone=(), geolocation=()")
        return response


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, except that a 404 outside the language-prefixed site stays a 404.

    Django retries an unmatched path under the default language prefix; since
    every /<lang>/ path is served by Wagtail's catch-all, an out-of-scope admin
    URL would turn into a redirect to /ja/admin/... instead of a plain 404.
    """

    UNPREFIXED_PATHS = ("/admin/", "/language/", "/healthz", "/static/", "/media/")

    def process_response(self, request, response):
        if request.path_info.startswith(self.UNPREFIXED_PATHS):
            response.headers.setdefault("Content-Language", get_language())
            return response
        return super().process_response(request, response)
