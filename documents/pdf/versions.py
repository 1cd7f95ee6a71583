"""Each version of a note's or expiry sheet's PDF, rendered once and then served as a file.

- After every save and workflow step (the version hooks of budgetnotes.extensions) the task
  `documents.tasks.render_current_pdf` makes the PDF of the object's new version in the task
  worker.
- A download (`find`, else `ask`) serves the stored file of the object's current version.
  When there is none yet, `ask` records the version's HTML in a RenderedPdf row (one per
  version and variant: a unique key, so many asking at once make one row) and enqueues its
  render; the page then waits for it (documents.pdf.views).
- `render` (the task's body) claims a waiting row with one conditional UPDATE, so a version
  is rendered once however many workers and requests ask for it. A render that has not
  finished STALE after it started (its worker died) may be claimed again.
- `freeze`: when an object is sent (Fremsendt), the HTML of the version being sent is
  recorded inside the transaction that sends it, and its PDF is kept for good (`frozen`),
  with its SHA-256, whatever happens to the object later.
- `forget_outdated` (manage.py cleanup) deletes the unfrozen PDFs no current version needs;
  changed reference data (the names of committees, districts, rounds, …) makes every
  unfrozen PDF outdated at once (`forget_unfrozen`, connected in documents.apps).

A variant names what else than the object's version the file depends on: the printed
layout (`layout_fingerprint`: templates, stylesheet, static files and the WeasyPrint
version) and, for a sheet, the related sheets it names as the reader may see them.
"""

import hashlib
import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from pathlib import Path

import weasyprint
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from documents.models import RenderedPdf
from documents.pdf import bounded, documents

logger = logging.getLogger(__name__)

Kind = RenderedPdf.Kind
State = RenderedPdf.State


def too_large(kind):
    what = "Notatet" if kind == Kind.NOTE else "Vurderingen"
    return (
        f"{what} fylder så meget, at PDF'en ville bruge mere end "
        f"{settings.PDF_RENDER_MEMORY_MB} MB hukommelse, så den er ikke lavet. Gør indholdet "
        "mindre (fx færre finansieringslinjer eller kortere tekster), eller kontakt din "
        "systemadministrator."
    )


def too_slow():
    return (
        f"PDF'en blev ikke færdig inden for {settings.PDF_RENDER_TIMEOUT} sekunder og er "
        "stoppet, så serveren ikke går i stå. Prøv igen om lidt. Sker det igen, så lav den "
        "samlede PDF for runden (den laves i baggrunden), eller kontakt din systemadministrator."
    )


FAILED = "PDF'en kunne ikke laves. Prøv igen, eller kontakt din systemadministrator."
# A failed render is tried again when someone asks after this long (a busy machine may have
# made it too slow; a note past the memory limit is refused again, at most this often).
RETRY_AFTER = timedelta(seconds=30)


def storage():
    return storages["pdf_documents"]


def stale_after():
    """A render started longer ago than this has lost its worker."""
    return timedelta(seconds=3 * settings.PDF_RENDER_TIMEOUT)


@cache
def layout_fingerprint():
    """What every printed document's look depends on, as 16 hex digits: a new template,
    stylesheet, static file or WeasyPrint release makes every unfrozen PDF outdated."""
    digest = hashlib.sha256(f"weasyprint {weasyprint.__version__}\n".encode())
    digest.update(documents.stylesheet_text().encode())
    for url, path in sorted(documents.static_files().items()):
        digest.update(url.encode())
        digest.update(Path(path).read_bytes())
    for folder in settings.TEMPLATES[0]["DIRS"]:
        for template in sorted(Path(folder, "pdf").glob("*.html")):
            digest.update(template.name.encode())
            digest.update(template.read_bytes())
    return digest.hexdigest()[:16]


def note_variant():
    return layout_fingerprint()


def assessment_variant(related):
    """A sheet's PDF names its related sheets (those the reader may see), with their titles."""
    shown = ",".join(f"{other.pk}.{other.version}" for other in sorted(related, key=_pk))
    if not shown:
        return layout_fingerprint()
    return f"{layout_fingerprint()}-{hashlib.sha256(shown.encode()).hexdigest()[:16]}"


def _pk(obj):
    return obj.pk


def note_html_now(pk):
    """(version, HTML) of the note as stored now."""
    from budgetnotes.models import BudgetNote, District

    note = BudgetNote.objects.with_everything().get(pk=pk)
    return note.version, documents.note_html(note, list(District.objects.all()))


def assessment_now(pk):
    from initiatives.expiry.queries import ECONOMY
    from initiatives.models import ExpiryAssessment

    return (
        ExpiryAssessment.objects.select_related("round", "administration")
        .prefetch_related(*ECONOMY, "related")
        .get(pk=pk)
    )


def assessment_html_now(pk, related=None):
    """(version, HTML) of the sheet as stored now, naming `related` (default: all its
    related sheets)."""
    assessment = assessment_now(pk)
    if related is None:
        related = list(assessment.related.all())
    return assessment.version, documents.assessment_html(assessment, related)


def _rows(kind, object_id):
    return RenderedPdf.objects.filter(kind=kind, object_id=object_id).defer("html")


def find(kind, obj, variant):
    """The row of `obj`'s current version in this variant, or None."""
    return _rows(kind, obj.pk).filter(version=obj.version, variant=variant).first()


def frozen(kind, object_id):
    """The PDFs sent to the committee, newest first."""
    return list(_rows(kind, object_id).filter(frozen=True).order_by("-version"))


def ask(kind, obj, variant, make_html, names=()):
    """The row of `obj`'s current version, recorded and enqueued if it was not there.

    `make_html()` → (version, html): the HTML of the object as stored now, and the version
    it shows (which may be newer than `obj.version`, read a moment before); the row is for
    that version. A failed render is tried again after RETRY_AFTER, one whose worker died
    after stale_after()."""
    row = find(kind, obj, variant)
    if row is None:
        version, html = make_html()
        row, made = _record(kind, obj.pk, version, variant, html, names=names)
        if made:
            enqueue(row, now=True)
        return row
    now = timezone.now()
    if row.state == State.FAILED and row.rendered_at and row.rendered_at < now - RETRY_AFTER:
        if RenderedPdf.objects.filter(pk=row.pk, state=State.FAILED).update(
            state=State.WAITING, error=""
        ):
            row.state, row.error = State.WAITING, ""
            enqueue(row, now=True)
    elif row.state in (State.WAITING, State.RENDERING) and _lost(row, now):
        enqueue(row, now=True)  # the claim in render() keeps a live render from running twice
    return row


def _lost(row, now):
    started = row.started_at or row.created_at
    return started < now - stale_after()


def _record(kind, object_id, version, variant, html, frozen=False, names=()):
    """(row, True) for a row made now for a version, or (the row someone else just made,
    False). `names`: the ids of the other sheets the file names."""
    values = {"kind": kind, "object_id": object_id, "version": version, "variant": variant}
    try:
        with transaction.atomic():
            row = RenderedPdf.objects.create(
                **values,
                html=html,
                frozen=frozen,
                frozen_at=timezone.now() if frozen else None,
                names=sorted(names),
            )
            return row, True
    except IntegrityError:
        return RenderedPdf.objects.defer("html").get(**values), False


def enqueue(row, now=False):
    """Render the row in the task worker: `now` when the row is committed already (a
    download's), else once the transaction that made it commits (a sending's)."""
    from documents.tasks import render_pdf

    if now:
        render_pdf.enqueue(row.pk)
    else:
        transaction.on_commit(lambda: render_pdf.enqueue(row.pk))


def check_back(row_id):
    """A row another worker is rendering: look again once that render would count as lost, so
    a render whose worker was killed (its task given to another by operations.workers) is
    made, not forgotten. The check finds the row ready and does nothing, if all went well."""
    from documents.tasks import render_pdf

    started = (
        RenderedPdf.objects.filter(pk=row_id, state=State.RENDERING)
        .values_list("started_at", flat=True)
        .first()
    )
    if started is not None:
        later = started + stale_after() + timedelta(seconds=1)
        render_pdf.using(run_after=later).enqueue(row_id)


def render(row_id):
    """Render one waiting row (the task's body). Returns the final state, or None when the
    row is gone, already rendered or being rendered by a live worker."""
    now = timezone.now()
    claimable = Q(state=State.WAITING) | Q(
        state=State.RENDERING, started_at__lt=now - stale_after()
    )
    if not RenderedPdf.objects.filter(claimable, pk=row_id).update(
        state=State.RENDERING, started_at=now
    ):
        check_back(row_id)
        return None
    row = RenderedPdf.objects.get(pk=row_id)
    mine = RenderedPdf.objects.filter(pk=row.pk, state=State.RENDERING, started_at=now)
    try:
        pdf = bounded.render_pdf(row.html)
    except bounded.RenderRefused as refusal:
        large = refusal.reason == bounded.RenderRefused.TOO_LARGE
        error = too_large(row.kind) if large else too_slow()
        logger.warning("PDF %s: render refused (%s)", row, refusal.reason)
        mine.update(state=State.FAILED, error=error, rendered_at=timezone.now())
        return State.FAILED
    except Exception:
        logger.exception("PDF %s failed", row)
        mine.update(state=State.FAILED, error=FAILED, rendered_at=timezone.now())
        raise
    name = f"{row.kind}-{row.object_id}-v{row.version}-{uuid.uuid4().hex}.pdf"
    name = storage().save(name, ContentFile(pdf))
    done = mine.update(
        state=State.READY,
        file_name=name,
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
        rendered_at=timezone.now(),
        # The HTML of a sent PDF is kept with it (what was sent, as text); others need it no more.
        html=row.html if row.frozen else "",
    )
    if not done:  # deleted meanwhile (outdated), or taken over after a stall
        storage().delete(name)
        return None
    return State.READY


def open_file(row):
    """The row's stored file, or None when it is gone (the row is then forgotten, unless it
    is a sent PDF, so the next download makes it again)."""
    if not row.file_name:
        return None
    try:
        return storage().open(row.file_name)
    except OSError:
        logger.warning("PDF %s: its file %s is missing", row, row.file_name)
        if not row.frozen:
            RenderedPdf.objects.filter(pk=row.pk).delete()
        return None


def freeze(kind, object_id, version, variant, html, names=()):
    """Keep the PDF of the version being sent; call inside the transaction that sends it."""
    row, made = _record(kind, object_id, version, variant, html, frozen=True, names=names)
    if not made:
        RenderedPdf.objects.filter(pk=row.pk).update(frozen=True, frozen_at=timezone.now())
    enqueue(row)
    return row


def _kind(model):
    from budgetnotes.models import BudgetNote

    return Kind.NOTE if issubclass(model, BudgetNote) else Kind.ASSESSMENT


def after_write(model, pk):
    """A new version of a note or sheet was committed: have the worker make its PDF."""
    from documents.tasks import render_current_pdf

    try:
        render_current_pdf.enqueue(str(_kind(model)), pk)
    except Exception:  # the save stands; the first download makes the PDF instead
        logger.exception("Could not enqueue the PDF of %s %s", model.__name__, pk)


def after_send(obj):
    """`obj` is being sent (Fremsendt): keep the PDF of this very version."""
    kind = _kind(type(obj))
    names = []
    if kind == Kind.NOTE:
        version, html = note_html_now(obj.pk)
        variant = note_variant()
    else:
        assessment = assessment_now(obj.pk)
        related = list(assessment.related.all())
        version = assessment.version
        html = documents.assessment_html(assessment, related)
        variant = assessment_variant(related)
        names = [other.pk for other in related]
    return freeze(kind, obj.pk, version, variant, html, names=names)


def render_current(kind, object_id):
    """Make the PDF of the object's current version (the task after a save), for a reader
    who may see everything it names. Returns the final state, or None."""
    from budgetnotes.models import BudgetNote

    names = []
    try:
        if kind == Kind.NOTE:
            obj = BudgetNote.objects.only("pk", "version").get(pk=object_id)
            variant = note_variant()
            make_html = lambda: note_html_now(object_id)  # noqa: E731
        else:
            obj = assessment_now(object_id)
            related = list(obj.related.all())
            variant = assessment_variant(related)
            names = [other.pk for other in related]
            make_html = lambda: (obj.version, documents.assessment_html(obj, related))  # noqa: E731
    except ObjectDoesNotExist:
        return None
    row = find(kind, obj, variant)
    if row is None:
        version, html = make_html()
        row, _made = _record(kind, object_id, version, variant, html, names=names)
    rendering = row.state in (State.WAITING, State.RENDERING)
    return render(row.pk) if rendering else None  # render() looks back at another's render


def delete_rows(rows):
    """Delete rows and their files; returns how many."""
    count = 0
    for row in rows.only("pk", "file_name"):
        if row.file_name:
            storage().delete(row.file_name)
        row.delete()
        count += 1
    return count


def forget_unfrozen():
    """Every PDF not sent is outdated (reference data it prints has changed)."""
    return delete_rows(RenderedPdf.objects.filter(frozen=False))


def forget_outdated():
    """Delete the unfrozen PDFs of versions that are no longer current, of an earlier layout
    or of objects that are gone, and the sent PDFs of objects that are gone."""
    from budgetnotes.models import BudgetNote
    from initiatives.models import ExpiryAssessment

    count = 0
    layout = layout_fingerprint()
    for kind, model in ((Kind.NOTE, BudgetNote), (Kind.ASSESSMENT, ExpiryAssessment)):
        current = dict(model.objects.values_list("pk", "version"))
        rows = RenderedPdf.objects.filter(kind=kind).only(
            "pk", "object_id", "version", "variant", "frozen"
        )
        outdated = [
            row.pk
            for row in rows
            if row.object_id not in current
            or (
                not row.frozen
                and (row.version != current[row.object_id] or not row.variant.startswith(layout))
            )
        ]
        for start in range(0, len(outdated), 500):
            count += delete_rows(RenderedPdf.objects.filter(pk__in=outdated[start : start + 500]))
    return count


@dataclass
class Cleanup:
    outdated: int = 0
    task_results: int = 0

    def __str__(self):
        return (
            f"Gemte PDF'er: {self.outdated} forældede slettet med deres filer, "
            f"{self.task_results} afsluttede opgaver slettet."
        )


def cleanup(now=None):
    """forget_outdated, and the finished task records of PDF renders a day old."""
    from django_tasks_db.models import DBTaskResult

    from documents.tasks import render_current_pdf, render_pdf

    now = now or timezone.now()
    report = Cleanup(outdated=forget_outdated())
    report.task_results, _ = (
        DBTaskResult.objects.finished()
        .filter(
            task_path__in=[render_pdf.module_path, render_current_pdf.module_path],
            finished_at__lte=now - timedelta(days=1),
        )
        .delete()
    )
    return report
