"""Single documents and catalogues as PDF bytes.

A catalogue is rendered part by part (one WeasyPrint document per note or sheet, in worker
processes where cores allow), so memory stays flat however many parts there are. The parts
are counted, then the cover and table of contents are rendered with the right page numbers
(again if the front matter's own length changed them), and everything is joined with pypdf.
Each part keeps its own footer ("BI22 · side 2 af 5").
"""

from dataclasses import dataclass, field
from datetime import date
from io import BytesIO

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

from documents.pdf import documents, engine

DANISH_MONTHS = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
]


def danish_date(day):
    return f"{day.day}. {DANISH_MONTHS[day.month - 1]} {day.year}"


def note_pdf(note, districts=None):
    from budgetnotes.models import District

    districts = list(District.objects.all()) if districts is None else districts
    return engine.html_to_pdf(
        documents.note_html(note, districts),
        documents.stylesheet_text(),
        documents.static_files(),
    )


def assessment_pdf(assessment, related=None):
    return engine.html_to_pdf(
        documents.assessment_html(assessment, related),
        documents.stylesheet_text(),
        documents.static_files(),
    )


@dataclass
class Entry:
    label: str  # "BI22" or "Nr. 7"
    title: str
    html: str
    note: str = ""  # e.g. the status
    page: int = 0  # first page in the joined PDF, filled in by build()


@dataclass
class Group:
    heading: str
    entries: list = field(default_factory=list)
    divider: bool = False  # a page of its own before the group's entries
    page: int = 0


@dataclass
class Catalogue:
    title: str
    subtitle: str
    author: str
    groups: list
    description: str = ""
    kind: str = "notes"
    # What the PDF shows: the notes and assessments it holds (assessments named under
    # "Se også" included), so a later download can check the reader may still see them all.
    note_ids: list = field(default_factory=list)
    assessment_ids: list = field(default_factory=list)

    def front_html(self):
        return documents.document_html(
            "pdf/catalogue_front.html",
            {
                "catalogue": self,
                "today": danish_date(date.today()),
            },
            title=self.title,
            author=self.author,
            subject=self.subtitle,
        )

    def divider_html(self, group):
        return documents.document_html(
            "pdf/divider.html",
            {"group": group, "catalogue": self},
            title=group.heading,
            author=self.author,
        )


def page_count(pdf):
    return len(PdfReader(BytesIO(pdf)).pages)


def build(catalogue, progress=None, memory_mb=None):
    """Render and join a catalogue; returns PDF bytes. `progress(done, total)` per part.
    With `memory_mb`, every part is rendered in a process whose heap is limited to that
    (engine.render_many); the background jobs do so, the commands do not."""
    css = documents.stylesheet_text()
    statics = documents.static_files()
    htmls = []
    slots = []  # (group, entry or None for a divider)
    for group in catalogue.groups:
        if group.divider:
            htmls.append(catalogue.divider_html(group))
            slots.append((group, None))
        for entry in group.entries:
            htmls.append(entry.html)
            slots.append((group, entry))
            entry.html = ""  # the HTML is in `htmls` now; do not keep two copies

    total = len(htmls) + 1
    parts = engine.render_many(
        htmls,
        css,
        statics,
        progress=(lambda done, _total: progress(done, total)) if progress else None,
        memory_mb=memory_mb,
    )
    del htmls
    counts = [page_count(part) for part in parts]

    # Two passes (or more, rarely): the TOC's page numbers depend on the front matter's length.
    front_pages = 2
    for _attempt in range(4):
        page = front_pages + 1
        for group in catalogue.groups:
            group.page = 0
        for (group, entry), count in zip(slots, counts, strict=True):
            group.page = group.page or page  # the divider, else the first entry
            if entry is not None:
                entry.page = page
            page += count
        front = engine.html_to_pdf(
            catalogue.front_html(), css, statics, variant=engine.PART_VARIANT
        )
        actual = page_count(front)
        if actual == front_pages:
            break
        front_pages = actual
    if progress:
        progress(total, total)
    return join(front, parts, slots, catalogue)


def join(front, parts, slots, catalogue):
    writer = PdfWriter()
    writer.append(PdfReader(BytesIO(front)), import_outline=False)
    outline_groups = {}
    for part, (group, entry) in zip(parts, slots, strict=True):
        start = len(writer.pages)
        writer.append(PdfReader(BytesIO(part)), import_outline=False)
        parent = outline_groups.get(id(group))
        if parent is None:
            parent = writer.add_outline_item(title=group.heading, page_number=start)
            outline_groups[id(group)] = parent
        if entry is not None:
            writer.add_outline_item(
                title=f"{entry.label} {entry.title}", page_number=start, parent=parent
            )
    writer.add_metadata(
        {
            "/Title": catalogue.title,
            "/Author": catalogue.author,
            "/Subject": catalogue.subtitle,
            "/Creator": "Budgetnotatregister",
        }
    )
    writer._root_object[NameObject("/Lang")] = TextStringObject("da")
    writer.page_mode = "/UseOutlines"
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def round_catalogue(budget_round, user=None, committee=None, status=None):
    """All notes of a round (optionally one committee, one status) that `user` may read;
    every note when `user` is None (the command line)."""
    from budgetnotes.choices import Status
    from budgetnotes.models import BudgetNote, District

    notes = BudgetNote.objects.filter(round=budget_round).filtered(
        committee=[committee] if committee else (), status=[status] if status else ()
    )
    if user is not None:
        notes = notes.visible_to(user)
    filters = [f"udvalg {committee}"] if committee else []
    if status:
        filters.append(f"status {Status(status).label}")
    notes = notes.with_everything().order_by("committee__code", "code")
    districts = list(District.objects.all())
    groups = {}
    administrations = set()
    note_ids = []
    for note in notes:
        note_ids.append(note.pk)
        administrations.add(note.administration.name)
        group = groups.setdefault(note.committee_id, Group(heading=note.committee.name))
        group.entries.append(
            Entry(
                label=note.code,
                title=note.title,
                note=str(note.get_status_display()),
                html=documents.note_html(note, districts),
            )
        )
    author = ", ".join(sorted(administrations)) or "Budgetnotatregister"
    return Catalogue(
        title=f"Budgetnotater – {budget_round.name}",
        subtitle=f"Budgetnotater, {budget_round.name}",
        description=", ".join(filters),
        author=author,
        groups=list(groups.values()),
        kind="notes",
        note_ids=note_ids,
    )


def expiry_queryset(budget_round, user=None):
    from budgetnotes.access import visibility_q
    from initiatives.expiry.queries import ECONOMY
    from initiatives.models import ExpiryAssessment

    assessments = ExpiryAssessment.objects.filter(round=budget_round)
    if user is not None:
        assessments = assessments.filter(visibility_q(user))
    return assessments.select_related("round", "administration").prefetch_related(
        *ECONOMY, "related"
    )


def expiry_catalogue(budget_round, user=None):
    """All expiry assessments of a round that `user` may read, grouped and numbered as in
    seed 001 (docs/domain.md §6): the groups in order, by number; every group after the
    first opens with a divider page (which is why the second group's numbers start one after
    the first's)."""
    from budgetnotes.access import can_view
    from initiatives.models import ExpiryGroup

    assessments = list(expiry_queryset(budget_round, user).order_by("number"))
    groups = []
    administrations = set()
    shown = set()
    for value, label in ExpiryGroup.choices:
        members = [a for a in assessments if a.group == value]
        if not members:
            continue
        group = Group(heading=str(label), divider=bool(groups))
        for assessment in members:
            administrations.add(assessment.administration.name)
            related = [
                other for other in assessment.related.all() if user is None or can_view(user, other)
            ]
            shown.update([assessment.pk, *(other.pk for other in related)])
            group.entries.append(
                Entry(
                    label=assessment.label,
                    title=assessment.title,
                    note=str(assessment.get_verdict_display()),
                    html=documents.assessment_html(assessment, related),
                )
            )
        groups.append(group)
    return Catalogue(
        title=f"Vurdering af bevillingsudløb – {budget_round.name}",
        subtitle=f"Vurdering af bevillingsudløb, {budget_round.name}",
        author=", ".join(sorted(administrations)) or "Budgetnotatregister",
        groups=groups,
        kind="expiry",
        assessment_ids=sorted(shown),
    )
