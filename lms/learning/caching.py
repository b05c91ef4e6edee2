"""The learner's lesson pages, served from the shared cache between changes.

A lesson GET costs ~25 ms and ~18 queries (Wagtail routing, the outline, the
learner's progress and assignment, the templates); a learner reads the same
page many times between two changes. ``LearnerPageCacheMiddleware`` keeps each
learner's rendered lesson page in the cache shared by every worker (see
``CACHES`` in the settings) and serves it again while nothing it shows changed.

Invariants of a cached page:

* It is reachable only by the session that rendered it: the key is an HMAC of
  the session key, the CSRF secret (so the CSRF tokens in the HTML are valid
  for the cookie sent), scheme, host, path and language. A hit also requires
  the request to authenticate (Django checks the session and the user's
  password hash against the database) as the same user, who must still be an
  employee, and the entry records that user's id.
* Logging out flushes the session, so its key no longer authenticates; the
  ``user_logged_out`` receiver also deletes the session's entries.
* The key holds two generation tokens, replaced (never incremented, so an
  evicted token can't come back) whenever what the page shows may change:
  ``shared`` on any page save, publish, unpublish, move or delete, on sites,
  locales and view restrictions, and on campaigns, delivery rules, assignments,
  completions and employees; ``learner`` for one employee on their progress,
  attempts, answers, login, user record or roles. Tokens are replaced at once
  and again after the transaction commits, so a page rendered from the old data
  in between is stored under a token that is already gone.
* A release stamp (template, catalogue and course-code files) keeps a deploy
  from serving pages rendered by the previous code; entries also expire after
  ``PAGE_TIMEOUT`` seconds, which bounds the staleness of writes that bypass
  model signals (``bulk_create`` of assignments for new employees).
* Pages showing or queuing a message (``django.contrib.messages``), non-200
  answers, answers setting cookies, query strings and POSTs are never stored.
"""

import functools
import hashlib
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_logged_out
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

PAGE_TIMEOUT = 15 * 60
_PREFIX = "learning:page-cache"
# One token for everything shared by all learners (pages, training data); one per learner.
_SHARED = f"{_PREFIX}:gen:shared"
_CACHEABLE = "_learning_page_cacheable"


def _learner(employee_id: int) -> str:
    return f"{_PREFIX}:gen:learner:{employee_id}"


# --- Generations ---------------------------------------------------------------------------------


def _generations(employee_id: int) -> tuple[str, str]:
    keys = [_SHARED, _learner(employee_id)]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, uuid.uuid4().hex, timeout=None)
            found[key] = cache.get(key)
    return found[_SHARED], found[_learner(employee_id)]


def _replace(key: str) -> None:
    cache.set(key, uuid.uuid4().hex, timeout=None)
    # Again after commit: a page rendered from the data as it was before the commit must not
    # be stored under a token that is still current.
    transaction.on_commit(lambda: cache.set(key, uuid.uuid4().hex, timeout=None))


def shared_changed() -> None:
    """Pages, sites, view restrictions or training data changed: every cached page is out of date."""
    _replace(_SHARED)


def learner_changed(*, employee_id: int | None) -> None:
    """One employee's progress, attempts, login or roles changed: their cached pages are out of date."""
    if employee_id is not None:
        _replace(_learner(employee_id))


def _learner_changed_for_user(user_id: int | None) -> None:
    from lms.organisation.models import Employee

    if user_id is None:
        return
    for employee_id in Employee.objects.filter(user_id=user_id).values_list("pk", flat=True):
        learner_changed(employee_id=employee_id)


# --- Keys ----------------------------------------------------------------------------------------


@functools.cache
def _release() -> str:
    """Changes when templates, catalogues or the course's code change (a deploy)."""
    digest = hashlib.sha256()
    roots = [Path(__file__).parent, Path(settings.BASE_DIR) / "lms" / "templates", *map(Path, settings.LOCALE_PATHS)]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in {".html", ".py", ".mo"}:
                stat = path.stat()
                digest.update(f"{path}:{stat.st_mtime_ns}:{stat.st_size}\n".encode())
    from django.templatetags.static import static

    digest.update(static("mamori/css/site.css").encode())
    return digest.hexdigest()[:16]


def _session_digest(session_key: str) -> str:
    return salted_hmac(f"{_PREFIX}:session", session_key).hexdigest()


def _index_key(session_key: str) -> str:
    return f"{_PREFIX}:index:{_session_digest(session_key)}"


def _employee_id(user_id: int) -> int | None:
    """The user's employee, read on every request (a login unlinked from its employee loses the page).

    A plain query: the ORM's query compilation costs ten times the lookup itself."""
    from lms.organisation.models import Employee

    quote = connection.ops.quote_name
    table = quote(Employee._meta.db_table)
    user_column = quote(Employee._meta.get_field("user").column)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {quote(Employee._meta.pk.column)} FROM {table} WHERE {user_column} = %s", [user_id])  # noqa: S608 - quoted model names
        row = cursor.fetchone()
    return row[0] if row else None


def _page_scope(request) -> tuple[str, str] | None:
    """The generation tokens of this request's page, or None when the request may not use the cache."""
    if request.method != "GET" or request.META.get("QUERY_STRING"):
        return None
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not session_key:
        return None
    # Loads the session and the user (Django checks the session's password hash).
    if not request.user.is_authenticated or request.session.session_key != session_key:
        return None
    employee_id = _employee_id(request.user.pk)
    if employee_id is None:
        return None
    # Messages waiting to be shown are in the page only once.
    if len(messages.get_messages(request)):
        return None
    return _generations(employee_id)


def _page_key(request, scope: tuple[str, str]) -> str | None:
    """The page's key in ``scope``; None before the request has a CSRF secret.

    The secret comes from the cookie or, on a first visit, is made while the page is rendered
    (and sent in the answer's cookie): the page's tokens are valid for that secret only."""
    csrf_secret = request.META.get("CSRF_COOKIE")
    if not csrf_secret:
        return None
    identity = "\n".join(
        [
            request.session.session_key,
            csrf_secret,
            request.scheme,
            request.get_host(),
            request.path,
            get_language() or "",
        ]
    )
    digest = salted_hmac(f"{_PREFIX}:page", identity).hexdigest()
    return f"{_PREFIX}:{_release()}:{':'.join(scope)}:{digest}"


# --- The middleware ------------------------------------------------------------------------------


def mark_cacheable(request) -> None:
    """Called by a view whose GET answer depends only on the page, the learner and their session."""
    setattr(request, _CACHEABLE, True)


class LearnerPageCacheMiddleware:
    """Serves a learner's lesson page from the shared cache (see the module's docstring).

    Goes last in ``MIDDLEWARE``: sessions, CSRF, authentication and messages have
    run, and every other middleware still processes the cached answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        scope = _page_scope(request)
        key = _page_key(request, scope) if scope is not None else None
        if key is not None:
            entry = cache.get(key)
            if entry is not None and entry["user_id"] == request.user.pk:
                response = HttpResponse(entry["content"])
                for name, value in entry["headers"]:
                    response.headers[name] = value
                return response
        response = self.get_response(request)
        if scope is not None and getattr(request, _CACHEABLE, False):
            self._store(request, scope, response)
        return response

    @staticmethod
    def _store(request, scope: tuple[str, str], response) -> None:
        if response.status_code != 200 or response.streaming or response.cookies:
            return
        if len(messages.get_messages(request)):
            return
        key = _page_key(request, scope)
        if key is None:
            return
        entry = {"user_id": request.user.pk, "content": response.content, "headers": list(response.items())}
        cache.set(key, entry, timeout=PAGE_TIMEOUT)
        # Remember the session's entries so that logging out can delete them.
        index_key = _index_key(request.session.session_key)
        index = cache.get(index_key) or []
        cache.set(index_key, [*index[-50:], key], timeout=PAGE_TIMEOUT)


# --- Receivers (connected in NineRulesConfig.ready) --------------------------------------------


def _on_logout(sender, request, user, **kwargs) -> None:
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    if not session_key:
        return
    index_key = _index_key(session_key)
    cache.delete_many([*(cache.get(index_key) or []), index_key])


def _on_page_change(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page | Site | Locale | PageViewRestriction):
        shared_changed()


def _on_shared_change(sender, **kwargs) -> None:
    shared_changed()


def _on_learner_record_change(sender, instance, **kwargs) -> None:
    learner_changed(employee_id=instance.employee_id)


def _on_user_change(sender, instance, **kwargs) -> None:
    _learner_changed_for_user(instance.pk)


def _on_role_change(sender, instance, **kwargs) -> None:
    _learner_changed_for_user(instance.user_id)


def connect() -> None:
    from django.contrib.auth import get_user_model

    from lms.accounts.models import RoleAssignment
    from lms.organisation.models import Employee
    from lms.training.models import Assignment, Campaign, CompletionRecord, DeliveryRule

    from .models import FinalTestAttempt, LessonProgress, QuestionResponse

    uid = f"{_PREFIX}:"
    user_logged_out.connect(_on_logout, dispatch_uid=uid + "logout")
    # Page subclasses send post_save with their own class as sender: listen to all, filter by type.
    for signal in (post_save, post_delete):
        name = "save" if signal is post_save else "delete"
        signal.connect(_on_page_change, dispatch_uid=f"{uid}content-{name}")
        for model in (Campaign, Assignment, CompletionRecord, DeliveryRule, Employee):
            signal.connect(_on_shared_change, sender=model, dispatch_uid=f"{uid}training-{name}-{model.__name__}")
        for model in (LessonProgress, FinalTestAttempt, QuestionResponse):
            signal.connect(
                _on_learner_record_change, sender=model, dispatch_uid=f"{uid}learner-{name}-{model.__name__}"
            )
        signal.connect(_on_user_change, sender=get_user_model(), dispatch_uid=f"{uid}user-{name}")
        signal.connect(_on_role_change, sender=RoleAssignment, dispatch_uid=f"{uid}role-{name}")
    for name, signal in (("published", page_published), ("unpublished", page_unpublished), ("moved", post_page_move)):
        signal.connect(_on_shared_change, dispatch_uid=f"{uid}page-{name}")
