"""A guard over the whole project: every URL, for every role and for anonymous users.

Walks the URL configuration itself, so a new page is covered without being listed here (a
URL with a parameter this test cannot fill makes it fail), and the admin's registry: for every
registered model its list and add screens, and for the rows of BI22 and of assessment nr. 1
their change, history and delete screens and Django's "view on site" jump. Checks: never a
server error; anonymous users are sent to the login page; a draft of another administration
(BI22 of BIF, assessment nr. 1 of BIF) is not found or forbidden for the SOF editor, in pages,
PDFs, workbooks and the admin, and no page the SOF editor gets names BI22.
"""

import uuid

import pytest
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from budgetnotes.models import BudgetNote, Conversion
from initiatives.models import ExpiryAssessment, Initiative
from operations.models import WorkerBeat

pytestmark = pytest.mark.django_db

PUBLIC = {"login", "healthz"}
# Parameters filled with demo objects: BI22 and assessment nr. 1 are BIF drafts.
SAMPLES = {
    "slug": ["budget-2026", "budget-2027"],
    "code": ["BI22", "BI05"],
    "number": [1],
    "action": ["submit"],
    "job_id": [uuid.UUID(int=1)],
    "version": [1],
    "key": [
        "godkendelse",
        "mine",
        "sendt-tilbage",
    ],  # the work queues  # a sent PDF's version (none is sent in the demo: 404 for those who may)
}


def named_patterns(patterns=None, prefix=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue  # the admin is walked through its note and assessment screens below
            yield from named_patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry


def sample_urls():
    urls = []
    initiative_pk = Initiative.objects.order_by("pk").values_list("pk", flat=True).first()
    for pattern in named_patterns():
        params = list(pattern.pattern.converters)
        unknown = [name for name in params if name not in SAMPLES and name != "pk"]
        assert not unknown, f"{pattern.name}: no sample for {unknown}; add one to SAMPLES"
        if not params:
            urls.append((pattern.name, reverse(pattern.name)))
            continue
        combos = [{}]
        for name in params:
            values = [initiative_pk] if name == "pk" else SAMPLES[name]
            combos = [dict(combo, **{name: value}) for combo in combos for value in values]
        for kwargs in combos:
            if (
                "code" in kwargs
                and kwargs["slug"] != {"BI22": "budget-2026", "BI05": "budget-2024"}[kwargs["code"]]
            ):
                kwargs = dict(
                    kwargs, slug={"BI22": "budget-2026", "BI05": "budget-2024"}[kwargs["code"]]
                )
            if "number" in kwargs:
                kwargs = dict(kwargs, slug="budget-2027")
            urls.append((pattern.name, reverse(pattern.name, kwargs=kwargs)))
    urls += [(f"admin-{kind}", url) for kind, url in admin_urls()]
    urls += [(f"admin-{kind}", url) for kind, url in bif_draft_admin_urls()]
    return sorted(set(urls))


def admin_urls():
    for model in admin.site._registry:
        meta = model._meta
        yield "list", reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        yield "add", reverse(f"admin:{meta.app_label}_{meta.model_name}_add")


def bif_draft_objects():
    """BI22 (a BIF draft) with its rows, and assessment nr. 1 (a BIF draft) with its rows."""
    bi22 = BudgetNote.objects.get(code="BI22")
    sheet = ExpiryAssessment.objects.get(round__slug="budget-2027", number=1)
    return [
        bi22,
        bi22.funding_lines.first(),
        bi22.allocations.first(),
        bi22.conversions.first() or Conversion.objects.create(note=bi22, text="Konvertering"),
        bi22.scenarios.first(),
        sheet,
        sheet.economy_lines.first(),
    ]


def bif_draft_admin_urls():
    for obj in bif_draft_objects():
        meta = obj._meta
        if obj.__class__ not in admin.site._registry:
            continue
        for view in ("change", "history", "delete"):
            yield view, reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=[obj.pk])
        content_type = ContentType.objects.get_for_model(obj)
        yield "view-on-site", reverse("admin:view_on_site", args=[content_type.pk, obj.pk])


def is_bif_draft(url):
    return (
        "/BI22/" in url
        or "/udloeb/1/" in url
        or url in {url for _kind, url in bif_draft_admin_urls()}
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    "persona", ["anonymous", "redaktor", "godkender", "sekretaer", "analytiker", "sof-redaktor"]
)
def test_every_url_for_every_role(client, personas, persona):
    user = AnonymousUser() if persona == "anonymous" else personas[persona]
    if persona != "anonymous":
        client.force_login(user)
    failures = []
    WorkerBeat.objects.create(worker_id="walk", host="test", pid=1)  # /healthz: all well
    urls = sample_urls()
    assert len(urls) >= 40  # pages, editor, history, PDFs, workbooks, initiatives, admin
    for name, url in urls:
        response = client.get(url)
        if response.status_code == 405:  # a POST-only action: check what a POST gets
            response = client.post(url)
        status = response.status_code
        if status >= 500:
            failures.append(f"{url}: {status}")
        elif persona == "anonymous" and name not in PUBLIC:
            location = response.get("Location", "")
            if status != 302 or "login" not in location:
                failures.append(f"{url}: anonymous got {status} {location}")
        elif persona == "sof-redaktor" and is_bif_draft(url):
            location = response.get("Location", "")
            if status not in (302, 403, 404) or (
                status == 302 and "login" not in location and not location.startswith("/admin/")
            ):
                failures.append(f"{url}: SOF editor got {status} {location} for a BIF draft")
        elif (
            persona == "sof-redaktor"
            and status == 200
            and response["Content-Type"].startswith("text/html")
        ):
            html = response.content.decode()
            if "BI22" in html:
                failures.append(f"{url}: SOF editor sees BI22 (a BIF draft)")
    assert not failures, "\n".join(failures)
