"""A single PDF can never exhaust a worker: the task that makes a note's or sheet's PDF
renders it in a render process bounded in memory (settings.PDF_RENDER_MEMORY_MB) and wall
time (settings.PDF_RENDER_TIMEOUT); past a bound the download answers with a Danish 503 page,
never a 500, and the next render works. Real processes, real limits, a real kill. The task
runs at once here (the immediate backend), in the test's process, as the worker would."""

import os
import signal
import threading
import time

import pytest

from budgetnotes.models import BudgetNote, FundingLine
from documents.pdf import versions
from tests.builders import copy_line
from tests.pdf.conftest import body, page_text

# Real render processes, memory limits and a kill; each download's render task runs at once.
pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("immediate_tasks")]


def anew():
    """Forget the stored PDFs, so the next download renders again (as a new version would)."""
    versions.forget_unfrozen()


BI22 = "/budget-2026/BI22/pdf/"
SHEET = "/budget-2027/udloeb/2/pdf/"
HEAVY_LINES = 600  # ~250 MB of WeasyPrint layout; a real note has at most a few dozen


@pytest.fixture
def heavy_note(db):
    """BI22 with HEAVY_LINES more funding lines, written past the form's limits."""
    note = BudgetNote.objects.get(round__slug="budget-2026", code="BI22")
    line = note.funding_lines.select_related(None).first()
    copy_line(
        line,
        HEAVY_LINES,
        start=100,
        activity="Ekstra aktivitet nr. {i} med en beskrivelse, der fylder en hel linje",
        amounts={amount.year: amount.amount for amount in line.amounts.all()},
        income_expense=line.income_expense,
    )
    return note


def render_pid():
    """The web process's render process, None where there is none (so these tests fail on
    their status assertions, not on an import, against code from before it)."""
    try:
        from documents.pdf import bounded
    except ImportError:
        return None
    return bounded.renderer.pid


def peak_rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")


def assert_pdf(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert body(response).startswith(b"%PDF-")


@pytest.mark.parametrize("url", [BI22, SHEET])
def test_a_slow_render_is_refused_in_danish_and_the_next_one_works(
    client, secretary, settings, url
):
    client.force_login(secretary)
    assert_pdf(client.get(url))  # warm
    killed = render_pid()
    settings.PDF_RENDER_TIMEOUT = 0.02  # far less than any render takes
    response = client.get(url)
    assert response.status_code == 200  # an unchanged version is not rendered again
    anew()
    started = time.monotonic()
    response = client.get(url)
    assert time.monotonic() - started < 5
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert response["Retry-After"] == "30"
    text = page_text(response)
    assert "kunne ikke laves" in text
    assert "blev ikke færdig inden for 0.02 sekunder og er stoppet" in text
    assert "lav den samlede PDF for runden" in text

    settings.PDF_RENDER_TIMEOUT = 20
    anew()
    assert_pdf(client.get(url))
    assert render_pid() != killed  # a fresh render process took over


def test_a_note_past_the_memory_limit_is_refused_in_danish(client, secretary, settings, heavy_note):
    client.force_login(secretary)
    settings.PDF_RENDER_MEMORY_MB = 160  # BI22 needs ~70 MB; the heavy note ~300 MB
    peak_before = peak_rss_mb()
    response = client.get(BI22)
    assert response.status_code == 503
    text = page_text(response)
    assert "PDF'en kunne ikke laves" in text
    assert f"BI22 {heavy_note.title}</strong>, version {heavy_note.version}" in text
    assert (
        "Notatet fylder så meget, at PDF'en ville bruge mere end 160 MB hukommelse, "
        "så den er ikke lavet." in text
    )
    assert "færre finansieringslinjer" in text
    # The layout grew in the render process, not here (this process only made the HTML).
    assert peak_rss_mb() - peak_before < 100

    # The same limit still prints a normal note: the render process was replaced.
    FundingLine.objects.filter(note=heavy_note, position__gte=100).delete()
    anew()
    assert_pdf(client.get(BI22))


def test_a_render_process_killed_mid_render_is_replaced_at_once(
    client, secretary, settings, heavy_note
):
    """Whatever kills the render process (the kernel's OOM killer, an operator), the request
    is answered at once, not after the time limit, and the next render works."""
    from documents.pdf import bounded

    client.force_login(secretary)
    settings.PDF_RENDER_TIMEOUT = 120
    bounded.renderer.stop()
    bounded.render_pdf("<p>varm</p>")
    victim = bounded.renderer.pid
    threading.Timer(1.0, os.kill, (victim, signal.SIGKILL)).start()
    started = time.monotonic()
    response = client.get(BI22)  # the heavy note takes far longer than a second
    assert time.monotonic() - started < 30
    assert response.status_code == 503
    assert f"mere end {settings.PDF_RENDER_MEMORY_MB} MB hukommelse" in page_text(response)

    FundingLine.objects.filter(note=heavy_note, position__gte=100).delete()
    anew()
    assert_pdf(client.get(BI22))
    assert bounded.renderer.pid != victim


def test_the_render_process_is_reused(client, secretary):
    client.force_login(secretary)
    assert_pdf(client.get(BI22))
    first = render_pid()
    for _ in range(3):
        anew()
        assert_pdf(client.get(BI22))
    assert first is not None
    assert render_pid() == first
