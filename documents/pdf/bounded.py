"""Single PDFs for the web, rendered in a warm render process bounded in memory and time.

A heavy note must never grow or hang a web worker. The web process makes
the HTML (database and template); a render process, started through multiprocessing's
forkserver (a clean child: no copied threads or database connections, WeasyPrint already
imported), turns it into PDF bytes (`engine.serve`). The render process limits its own heap
to settings.PDF_RENDER_MEMORY_MB and is killed when a render takes longer than
settings.PDF_RENDER_TIMEOUT seconds; either way the caller gets RenderRefused (the views
answer with a Danish page) and a fresh render process is started at once for the next
request. One render process per web process, kept warm between requests and replaced after
MAX_RENDERS documents, so the bound costs little more than passing the HTML and the PDF
through a pipe (docs/pdf.md).

Not a multiprocessing.Pool: a pool replaces a worker that died without failing the task it
was running, so a render killed by the memory limit would wait out the whole timeout. Here
the caller waits on the reply and on the process's sentinel together.
"""

import logging
import os
import threading
import time
from multiprocessing import get_context
from multiprocessing.connection import wait

from documents.pdf import engine

logger = logging.getLogger(__name__)

MAX_RENDERS = 200  # documents per render process, then a fresh one (leaks, fragmentation)


class RenderRefused(Exception):
    """A render stopped by a bound. `reason` is one of the constants below."""

    TOO_LARGE = "too-large"  # past the memory limit (MemoryError, or the process died)
    TOO_SLOW = "too-slow"  # past the time limit; the process was killed
    BUSY = "busy"  # another request of this web process held the render process too long

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class RenderError(RuntimeError):
    """The render process raised an error that is no bound (a bug); carries its traceback."""


class RenderProcess:
    """One warm render process and the pipe to it."""

    def __init__(self, memory_mb, css_text, static_files, max_renders=MAX_RENDERS):
        context = get_context("forkserver")
        context.set_forkserver_preload(["documents.pdf.engine"])
        self.connection, child_end = context.Pipe()
        self.process = context.Process(
            target=engine.serve,
            args=(child_end, memory_mb, css_text, static_files, max_renders),
            name="pdf-render",
            daemon=True,
        )
        self.process.start()
        child_end.close()
        self.memory_mb = memory_mb
        self.left = max_renders
        self.ready = False

    @property
    def pid(self):
        return self.process.pid

    def alive(self):
        return self.process.is_alive()

    def _reply(self, deadline):
        remaining = max(0.0, deadline - time.monotonic())
        ready = wait([self.connection, self.process.sentinel], timeout=remaining)
        if self.connection in ready:
            try:
                return self.connection.recv()
            except (EOFError, OSError):
                pass  # it died before it finished its reply
        if not ready:
            raise RenderRefused(RenderRefused.TOO_SLOW)
        self.process.join(1)
        logger.warning("PDF render process %s died (exit code %s)", self.pid, self.process.exitcode)
        raise RenderRefused(RenderRefused.TOO_LARGE)

    def render(self, request, deadline):
        """Send (html, css_text, static_files, variant); the PDF bytes, or RenderRefused."""
        if not self.ready:
            self._reply(deadline)  # ("ready",) once it has warmed up
            self.ready = True
        try:
            self.connection.send(request)
        except OSError:  # it died taking the document in
            raise RenderRefused(RenderRefused.TOO_LARGE) from None
        self.left -= 1
        status, payload = self._reply(deadline)
        if status == "ok":
            return payload
        if status == "too-large":
            logger.warning("PDF render process %s: memory limit reached (%s)", self.pid, payload)
            raise RenderRefused(RenderRefused.TOO_LARGE)
        raise RenderError(payload)

    def stop(self):
        if self.process.is_alive():
            self.process.kill()
        self.process.join(1)
        self.connection.close()


class Renderer:
    """The render process of this web process: started on first use, replaced when it was
    refused, failed, used up or started with another memory limit. Thread-safe: renders
    queue for it up to their own deadline."""

    def __init__(self):
        self._lock = threading.Lock()
        self._process = None

    def render(self, html, css_text, static_files, *, memory_mb, timeout, variant):
        deadline = time.monotonic() + timeout
        if not self._lock.acquire(timeout=timeout):
            raise RenderRefused(RenderRefused.BUSY)
        try:
            process = self._process
            if process is None or process.memory_mb != memory_mb or not process.alive():
                process = self._replace(memory_mb, css_text, static_files)
            try:
                pdf = process.render((html, css_text, static_files, variant), deadline)
            except (RenderRefused, RenderError):
                self._replace(memory_mb, css_text, static_files)  # warm again for the next
                raise
            if process.left <= 0:
                self._replace(memory_mb, css_text, static_files)
            return pdf
        finally:
            self._lock.release()

    @property
    def pid(self):
        """The current render process's pid, or None (for tests and the benchmark)."""
        return self._process.pid if self._process else None

    def _replace(self, memory_mb, css_text, static_files):
        self.stop()
        self._process = RenderProcess(memory_mb, css_text, static_files)
        return self._process

    def stop(self):
        if self._process is not None:
            self._process.stop()
            self._process = None


renderer = Renderer()


def _forget_after_fork():
    # A forked web worker (gunicorn --preload) must not use, or kill, its parent's process.
    global renderer
    renderer = Renderer()


os.register_at_fork(after_in_child=_forget_after_fork)


def render_pdf(html):
    """One PDF/A-2a document from finished HTML, bounded by the settings; RenderRefused."""
    from django.conf import settings

    from documents.pdf import documents

    return renderer.render(
        html,
        documents.stylesheet_text(),
        documents.static_files(),
        memory_mb=settings.PDF_RENDER_MEMORY_MB,
        timeout=float(settings.PDF_RENDER_TIMEOUT),
        variant=engine.PDF_VARIANT,
    )
