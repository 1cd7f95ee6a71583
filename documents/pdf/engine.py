"""HTML → PDF with WeasyPrint, in this process, in a pool of worker processes or in a warm
render process (`serve`, driven by documents.pdf.bounded).

No Django here: workers get finished HTML, the stylesheet text and the static-file map, and
give back PDF bytes. The parent process does every database read and every template.
"""

import logging
import os
import resource
import traceback
import zlib
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

from documents.pdf.fetcher import INTERNAL_BASE, SafeURLFetcher

# Tagged and archival at once: PDF/A-2a is PDF/A-2 (archival: fonts embedded, ICC output
# intent, XMP metadata) at level "a" (accessible: tagged structure, Unicode text, language).
PDF_VARIANT = "pdf/a-2a"
# Catalogue parts: PDF/A-2b, the same minus the tags. pypdf cannot join structure trees (the
# joined file would not be tagged anyway), and copying them costs ~2 MB of memory per note.
PART_VARIANT = "pdf/a-2b"

_stylesheets = {}
_font_config = None

# WeasyPrint warns for every refused resource; the fetcher records them instead.
logging.getLogger("weasyprint").setLevel(logging.ERROR)


def _prepare(css_text):
    """The parsed stylesheet and the font configuration, made once per process."""
    global _font_config
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    if _font_config is None:
        _font_config = FontConfiguration()
    stylesheet = _stylesheets.get(css_text)
    if stylesheet is None:
        stylesheet = CSS(
            string=css_text,
            base_url=INTERNAL_BASE,
            url_fetcher=SafeURLFetcher(),
            font_config=_font_config,
        )
        _stylesheets.clear()
        _stylesheets[css_text] = stylesheet
    return stylesheet, _font_config


def deflate_streams(document, pdf):
    """WeasyPrint `finisher`: deflate every stream once, at zlib's default level.

    Documents are written with `uncompressed_pdf=True`, which here means only "no object
    streams": pydyf would deflate each stream at level 9 every time its bytes are asked for
    (twice for PDF/A: once to write, once to hash the file identifier) and pack the
    dictionaries into a level-9 object stream, twice as well. Deflating the streams here, once,
    is quicker; the dictionaries (mostly the tag tree) stay plain text, so the file is larger
    (bench/README.md). Streams with a filter of their own (images) and the XMP metadata
    (readable by any archive tool as it is) are left as they are. Reads pydyf's stream items
    with its `_to_bytes`, as pydyf itself does; pyproject.toml pins pydyf's minor version.
    """
    import pydyf

    for pdf_object in pdf.objects:
        if (
            isinstance(pdf_object, pydyf.Stream)
            and "Filter" not in pdf_object.extra
            and pdf_object.extra.get("Type") != "/Metadata"
        ):
            raw = b"\n".join(pydyf._to_bytes(item) for item in pdf_object.stream)
            pdf_object.stream = [zlib.compress(raw)]
            pdf_object.compress = False
            pdf_object.extra["Filter"] = "/FlateDecode"


def html_to_pdf(html, css_text, static_files=None, fetcher=None, variant=PDF_VARIANT):
    """Render one HTML document to PDF bytes. `fetcher` may be passed to inspect it."""
    from weasyprint import HTML

    stylesheet, font_config = _prepare(css_text)
    fetcher = fetcher or SafeURLFetcher(static_files)
    document = HTML(string=html, base_url=INTERNAL_BASE, url_fetcher=fetcher)
    return document.write_pdf(
        stylesheets=[stylesheet],
        font_config=font_config,
        pdf_variant=variant,
        uncompressed_pdf=True,  # no object streams; deflate_streams compresses the streams
        finisher=deflate_streams,
    )


def limit_memory(megabytes):
    """Bound this process's heap (RLIMIT_DATA: brk and private writable mappings, which is
    where WeasyPrint's boxes and layout live); past it, allocations fail with MemoryError.

    Measured (docs/pdf.md): RLIMIT_DATA stops a heavy note at the same point every time
    with a clean MemoryError; RLIMIT_AS also counts the shared libraries and font maps
    (~170-230 MB of address space before any render, varying from start to start), so the
    same limit stopped the same note at different points, and once not at all.
    """
    if megabytes:
        limit = int(megabytes) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def near_memory_limit(megabytes, share=0.8):
    """Whether this process's heap (VmData) is within reach of its limit: an error raised
    there counts as the memory limit's (a failed allocation in C code surfaces as whatever
    error the code then runs into)."""
    if not megabytes:
        return False
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) >= share * int(megabytes) * 1024
    except OSError:  # pragma: no cover - not Linux
        pass
    return False


# Rendered once by a new render process, so the first real document finds Pango's fonts
# and the stylesheet ready (both typefaces, bold, a table).
WARM_UP_HTML = (
    '<html lang="da"><body><h1>Æø</h1><p><strong>1.000</strong> ☒ ☐</p>'
    "<table><tr><th>År</th><td>7.600</td></tr></table></body></html>"
)


def serve(connection, memory_mb, css_text, static_files, max_renders):
    """The loop of a render process (documents.pdf.bounded.RenderProcess).

    Limits its own memory, warms up, says ("ready",), then answers each
    (html, css_text, static_files, variant) with ("ok", pdf), ("too-large", what) on
    MemoryError or an error at a nearly full heap, or ("error", traceback). Exits after
    `max_renders` documents, after any failed one (its heap may be at the limit, a library
    half-way through an allocation) and when the parent goes away (EOF on the connection).
    """
    limit_memory(memory_mb)
    html_to_pdf(WARM_UP_HTML, css_text, static_files)
    connection.send(("ready",))
    for _ in range(max_renders):
        try:
            html, css_text, static_files, variant = connection.recv()
        except (EOFError, OSError):
            return
        try:
            reply = ("ok", html_to_pdf(html, css_text, static_files, variant=variant))
        except MemoryError:
            reply = ("too-large", "MemoryError")
        except Exception as error:
            # Past the limit, C code (Pango through cffi) may fail an allocation without
            # MemoryError: "SystemError: error return without exception set".
            if (isinstance(error, SystemError) and memory_mb) or near_memory_limit(memory_mb):
                reply = ("too-large", f"{type(error).__name__}: {error}")
            else:
                reply = ("error", traceback.format_exc())
        del html
        connection.send(reply)
        if reply[0] != "ok":
            return


# {pid: (peak RSS in kB, CPU seconds)} of the processes that rendered the last render_many()
# call: a pool's workers are the forkserver's children, not ours, so RUSAGE_CHILDREN cannot
# see them; each job reports its own process's figures instead (for bench/pdf_bench.py).
last_worker_stats = {}


def _job(args):
    index, html, css_text, static_files, variant = args
    pdf = html_to_pdf(html, css_text, static_files, variant=variant)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return index, pdf, os.getpid(), usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def worker_count(jobs):
    configured = os.environ.get("PDF_WORKERS")
    if configured:
        return max(1, min(int(configured), jobs))
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, jobs))


def render_many(
    htmls, css_text, static_files=None, progress=None, variant=PART_VARIANT, memory_mb=None
):
    """Render many documents, in parallel where cores allow; returns PDFs in input order.

    `progress(done, total)` is called after each document. Parts are consumed as they come,
    so at most one document per worker is in memory as a WeasyPrint layout at a time.
    With `memory_mb`, every document is rendered in a worker process whose heap is limited
    to that (`limit_memory`), never in this one: a part past it raises MemoryError here (or
    BrokenProcessPool if the worker died).
    """
    htmls = list(htmls)
    total = len(htmls)
    last_worker_stats.clear()
    results = [None] * total
    workers = worker_count(total)
    jobs = ((index, html, css_text, static_files, variant) for index, html in enumerate(htmls))
    if not total:
        return results
    if not memory_mb and (workers <= 1 or total < 4):
        for done, job in enumerate(jobs, start=1):
            index, pdf, pid, peak, cpu = _job(job)
            results[index] = pdf
            last_worker_stats[pid] = (peak, cpu)
            if progress:
                progress(done, total)
        return results
    # forkserver: children start clean (no copied threads or database connections) and
    # import only WeasyPrint and this module.
    context = get_context("forkserver")
    context.set_forkserver_preload(["documents.pdf.engine"])
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=limit_memory if memory_mb else None,
        initargs=(memory_mb,) if memory_mb else (),
    ) as pool:
        try:
            for done, (index, pdf, pid, peak, cpu) in enumerate(
                pool.map(_job, jobs, chunksize=1), start=1
            ):
                results[index] = pdf
                last_worker_stats[pid] = (peak, cpu)
                if progress:
                    progress(done, total)
        except BaseException:
            pool.shutdown(cancel_futures=True)  # do not render the rest of a failed catalogue
            raise
    return results
