"""The error pages: Danish 403, 404, 405 and 500 pages (templates/403.html, 404.html,
405.html, 500.html) with the site's header, also on the demo server.

With DEBUG off, Django answers a refused, missing or failed request with the handlers named in
config/urls.py (ours for 403 and 404, Django's own `server_error` for 500, which renders
500.html without a request or the database). With DEBUG on (`make run`), Django shows its
technical pages instead for 404 and 500: the URL patterns, the traceback. `ErrorPagesMiddleware`
shows ours there too, unless a developer asks for Django's with DJANGO_TECHNICAL_ERRORS=1
(settings.TECHNICAL_ERRORS). The traceback of a 500 is still logged to the console.
"""

from django.conf import settings
from django.core import signals
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpResponseForbidden, HttpResponseNotFound
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string
from django.urls import Resolver404, get_resolver, get_urlconf
from django.utils.log import log_response
from django.views.decorators.csrf import requires_csrf_token

from budgetnotes import access
from budgetnotes.models import BudgetNote, BudgetRound

# Exceptions Django answers with a 4xx page of its own choosing (403.html for PermissionDenied);
# the middleware leaves them to Django.
LEFT_TO_DJANGO = (PermissionDenied, BadRequest, SuspiciousOperation, MultiPartParserError)


def way_back(request):
    """Where the page links back to: the round the address starts with, and the note it names
    if the user may read it. Nothing for a user who is not logged in."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    slug = request.path_info.strip("/").split("/", 1)[0]
    budget_round = BudgetRound.objects.filter(slug=slug).first() if slug else None
    note = None
    match = request.resolver_match
    if budget_round is not None and match is not None and "code" in match.kwargs:
        note = BudgetNote.objects.filter(round=budget_round, code=match.kwargs["code"]).first()
        if note is not None and not access.can_view(user, note):
            note = None
    return {"round": budget_round, "note": note}


@requires_csrf_token
def permission_denied(request, exception):
    """403: what was refused (the PermissionDenied's Danish message, if it has one), why that
    may be, and the way back."""
    context = {"reason": str(exception or ""), **way_back(request)}
    return HttpResponseForbidden(render_to_string("403.html", context, request))


@requires_csrf_token
def page_not_found(request, exception):
    """404: the page does not exist (or is a draft of another administration), and the way
    back. The exception's text is not shown: Django's own (get_object_or_404) is English."""
    return HttpResponseNotFound(render_to_string("404.html", way_back(request), request))


def project_pages_in_debug():
    """DEBUG is on and no developer asked for Django's technical pages."""
    return settings.DEBUG and not getattr(settings, "TECHNICAL_ERRORS", False)


def handler(status):
    return get_resolver(get_urlconf()).resolve_error_handler(status)


class ErrorPagesMiddleware:
    """With DEBUG on, answers 404 and 500 with the project's pages instead of Django's
    technical ones (unless settings.TECHNICAL_ERRORS). Does nothing with DEBUG off.

    A view's Http404 and uncaught exceptions reach `process_exception`. An address that matches
    no URL pattern fails before any view or middleware hook runs, so it is caught on the way
    out: a 404 for a request that was never resolved (`request.resolver_match` is None) is
    Django's technical page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            # require_POST's bare answer (an address opened that a button posts to): say so
            # in Danish, with the way back, whatever DEBUG is.
            page = render_to_string("405.html", way_back(request), request)
            response.content = page
            response["Content-Type"] = "text/html; charset=utf-8"
            return response
        if (
            response.status_code == 404
            and request.resolver_match is None
            and project_pages_in_debug()
        ):
            return handler(404)(request, exception=Resolver404({"path": request.path_info}))
        return response

    def process_exception(self, request, exception):
        if not project_pages_in_debug() or isinstance(exception, LEFT_TO_DJANGO):
            return None
        if isinstance(exception, Http404):
            return handler(404)(request, exception=exception)
        if settings.DEBUG_PROPAGATE_EXCEPTIONS:
            return None
        # As Django does with an uncaught exception (django.core.handlers.exception): tell
        # the listeners (the test client re-raises it), answer 500, log the traceback.
        signals.got_request_exception.send(sender=None, request=request)
        response = handler(500)(request)
        log_response(
            "%s: %s",
            response.reason_phrase,
            request.path,
            response=response,
            request=request,
            exception=exception,
        )
        return response
