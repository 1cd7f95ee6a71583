"""Nothing a user typed makes WeasyPrint fetch or embed anything.

Two layers are shown: (1) every text field of a note and an assessment carries HTML,
Markdown images and links to file:// and http://127.0.0.1, an attachment link and a CSS
url(); the PDF renders, nothing is fetched and /etc/passwd is not in it. (2) The same
markup fed *unescaped* straight to the renderer (as if escaping had failed) is refused by
the URL fetcher: it serves only the app's static files and data: URLs.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from budgetnotes.models import BudgetNote, District, EffectRow
from documents.pdf import documents, engine
from documents.pdf.fetcher import STATIC_BASE, SafeURLFetcher
from initiatives.models import ExpiryAssessment
from tests.pdf.conftest import body, pdf_text

PASSWD = Path("/etc/passwd")
SECRET_LINE = PASSWD.read_text().splitlines()[0] if PASSWD.exists() else "root:x:0:0"


class Recorder(BaseHTTPRequestHandler):
    hits = []

    def do_GET(self):
        Recorder.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    Recorder.hits = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def payload(base):
    return (
        f'<img src="file:///etc/passwd"> <img src="{base}/img.png"> '
        f"![billede](file:///etc/passwd) ![billede]({base}/md.png) "
        f"[link](file:///etc/passwd) [link]({base}/link) <{base}/autolink> "
        f'<a rel="attachment" href="file:///etc/passwd">bilag</a> '
        f'<a rel="attachment" href="{base}/attachment">bilag</a> '
        f'<link rel="attachment" href="{base}/link-attachment"> '
        f'<link rel="stylesheet" href="{base}/style.css"> '
        f"<style>body {{ background: url({base}/css.png) }} "
        f'@import url("{base}/import.css"); @font-face {{ src: url({base}/font.ttf) }}</style> '
        f'<div style="background-image: url(file:///etc/passwd)">x</div> '
        f'<object data="file:///etc/passwd"></object> <iframe src="{base}/frame"></iframe> '
        f'<svg><image href="file:///etc/passwd"/></svg> ../../../../etc/passwd'
    )


def no_attachments(pdf):
    reader = PdfReader(BytesIO(pdf))
    names = reader.trailer["/Root"].get("/Names")
    assert names is None or "/EmbeddedFiles" not in names.get_object()
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            assert annotation.get_object().get("/Subtype") != "/FileAttachment"


@pytest.mark.usefixtures("immediate_tasks")  # the render task runs at once
@pytest.mark.slow
def test_every_note_field_is_inert(db, server, client, secretary):
    evil = payload(server)
    note = BudgetNote.objects.get(round__slug="budget-2026", code="BI22")
    for field in (
        "resume",
        "decision",
        "background",
        "content",
        "effect_text",
        "economy_text",
        "risk_text",
        "address",
    ):
        setattr(note, field, evil)
    note.title = evil[:300]
    note.save()
    EffectRow.objects.create(
        note=note, target_group=evil, measure=evil, goal=evil, follow_up=evil, position=9
    )
    for line in note.funding_lines.all():
        line.activity = evil[:300]
        line.technical_text = evil[:300]
        line.save()
    for allocation in note.allocations.all():
        allocation.source = evil[:200]
        allocation.save()
    for scenario in note.scenarios.all():
        scenario.name = evil[:300]
        scenario.save()

    note = BudgetNote.objects.with_everything().get(pk=note.pk)
    fetcher = SafeURLFetcher(documents.static_files())
    html = documents.note_html(note, list(District.objects.all()))
    assert "<img" not in html.split("<body>")[1].replace("&lt;img", "")
    pdf = engine.html_to_pdf(html, documents.stylesheet_text(), fetcher=fetcher)
    assert pdf.startswith(b"%PDF-")
    assert all(url == "data:" or url.startswith(STATIC_BASE) for url in fetcher.served)
    assert fetcher.refused == []  # escaped: nothing even asked for
    text = pdf_text(pdf)
    assert "file:///etc/passwd" in text  # shown as text, harmlessly
    assert SECRET_LINE not in text
    no_attachments(pdf)

    client.force_login(secretary)  # the browser path renders the same note
    response = client.get(reverse("note-pdf", kwargs={"slug": "budget-2026", "code": "BI22"}))
    assert response.status_code == 200
    assert SECRET_LINE not in pdf_text(body(response))
    assert Recorder.hits == []


@pytest.mark.usefixtures("immediate_tasks")  # the render task runs at once
def test_every_assessment_field_is_inert(db, server, client, secretary):
    evil = payload(server)
    assessment = ExpiryAssessment.objects.get(round__slug="budget-2027", number=2)
    for field in (
        "content",
        "results",
        "economy_text",
        "adjusted_content",
        "proposed_economy_text",
        "origin",
    ):
        setattr(assessment, field, evil[: 100 if field == "origin" else None])
    assessment.title = evil[:300]
    assessment.save()
    client.force_login(secretary)
    url = reverse("assessment-pdf", kwargs={"slug": "budget-2027", "number": 2})
    response = client.get(url)
    assert response.status_code == 200
    pdf = body(response)
    assert SECRET_LINE not in pdf_text(pdf)
    no_attachments(pdf)
    assert Recorder.hits == []


def test_fetcher_refuses_unescaped_markup(server):
    """Defence in depth: raw HTML straight to the renderer still reaches nothing."""
    html = (
        '<!doctype html><html lang="da"><head><title>t</title>'
        f'<link rel="stylesheet" href="{server}/style.css">'
        f'<link rel="attachment" href="file:///etc/passwd"></head><body>'
        f"{payload(server)}"
        '<img src="data:image/svg+xml;utf8,<svg xmlns=%22http://www.w3.org/2000/svg%22 '
        'width=%221%22 height=%221%22></svg>" alt="">'
        "<p>Stadig her</p></body></html>"
    )
    fetcher = SafeURLFetcher({})
    pdf = engine.html_to_pdf(html, documents_css(), fetcher=fetcher)
    assert pdf.startswith(b"%PDF-")
    assert "Stadig her" in pdf_text(pdf)
    assert SECRET_LINE not in pdf_text(pdf)
    assert any(url.startswith("file:///etc/passwd") for url in fetcher.refused)
    assert any(url.startswith(server) for url in fetcher.refused)
    assert "data:" in fetcher.served
    assert not [url for url in fetcher.served if url != "data:"]
    no_attachments(pdf)
    assert Recorder.hits == []


def documents_css():
    return "body { font-family: 'DejaVu Sans'; }"
