"""Single documents and catalogues as PDF bytes.

A catalogue is rendered part by part (one WeasyPrint document per note or sheet, in worker
processes where cores allow), so memory stays flat however many parts there are. The parts
are counted, then the cover and table of contents are rendered with the right page numbers
(again if the front matter's own length changed them), and everything is joined with pypdf.
Each part keeps its own footer ("BI22 · side 2 af 5"); every page after the cover also gets its
page number in the catalogue ("Side 7", the number the contents use), stamped on after joining
(`number_pages`), and the file's page labels are the same numbers.
"""

import gc
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO

from pypdf import PdfReader, PdfWriter
from pypdf.constants import PageLabelStyle
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    TextStringObject,
)

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


# The catalogue's page numbers ("Side 7" on every page after the cover; see number_pages).
# A part cannot print its catalogue number itself: that depends on the length of every part
# before it, and the parts are rendered at the same time, in separate processes. So each part
# is rendered once, as it is, with its own footer (print.css) moved left by PART_CSS to leave
# room at the right; once the page numbers are known, small documents of one "Side N" per page
# (print.css with STAMP_CSS: the same pages and margins, so the same line as the parts' footer)
# are laid over the pages.
#
# The room: "Side 1234" in bold 8 pt is about 13 mm wide. The part's footer box gets a fixed
# width ("BI22 · side 12 af 13" is about 30 mm), because with an automatic width WeasyPrint 70
# leaves the padding out when it shares the footer line between the boxes, and the part's
# footer then wraps beside a long status ("TIL GODKENDELSE – ikke fremsendt · …").
PART_CSS = """
@page { @bottom-right { width: 50mm; padding-right: 16mm; } }
"""
STAMP_CSS = """
@page {
  @bottom-left { content: none; }
  @bottom-right { content: "Side " counter(page); font-weight: bold; color: #000; }
}
body > div { break-before: page; }
body > div:first-child { break-before: auto; }
body > div.landscape { page: sheet; }
"""
# Pages per stamp document. WeasyPrint's layouts hold reference cycles, so each document's
# garbage is collected before the next one. 815 pages (the 201-note benchmark) in one document
# raised the main process's peak by 74 MB; in documents of 100, each collected, by 9 MB, for
# 2.75 s of CPU time (of 50: 4 MB, 2.96 s; of 100 not collected: 50 MB, 2.47 s).
STAMP_PAGES = 100
# Content streams put around each page's own (number_pages). The stamp is marked as an
# artifact (page furniture, not content), which matters should the parts ever be tagged.
STAMP_NAME = NameObject("/KatalogSide")
STAMP_BEFORE = b"q\n"
STAMP_AFTER = b"\nQ\n/Artifact << /Type /Pagination >> BDC q /KatalogSide Do Q EMC\n"


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
    part_css = css + PART_CSS  # for the front matter too: one stylesheet, parsed once
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
        part_css,
        statics,
        progress=(lambda done, _total: progress(done, total)) if progress else None,
        memory_mb=memory_mb,
    )
    del htmls
    landscape = [page_orientations(part) for part in parts]
    counts = [len(part) for part in landscape]

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
            catalogue.front_html(), part_css, statics, variant=engine.PART_VARIANT
        )
        actual = page_count(front)
        if actual == front_pages:
            break
        front_pages = actual
    stamps = stamp_pdfs(
        [*page_orientations(front), *(flag for part in landscape for flag in part)], css, statics
    )
    if progress:
        progress(total, total)
    writer = join(front, parts, slots, catalogue)
    del parts
    number_pages(writer, stamps)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def page_orientations(pdf):
    """For each page: whether it is landscape (an expiry sheet)."""
    return [page.mediabox.width > page.mediabox.height for page in PdfReader(BytesIO(pdf)).pages]


def stamp_html(first, landscape):
    """One empty page per flag (True: a landscape sheet page), numbered from `first`."""
    pages = "".join(
        '<div class="landscape"></div>' if flag else "<div></div>" for flag in landscape
    )
    return (
        '<!doctype html><html lang="da"><head><meta charset="utf-8">'
        f"<style>@page :first {{ counter-reset: page {first}; }}</style></head>"
        f"<body>{pages}</body></html>"
    )


def stamp_pdfs(landscape, css, statics):
    """The page numbers of a catalogue whose pages are `landscape` (a flag per page): PDFs of
    STAMP_PAGES pages each, "Side 2" on the first page of the first. The cover has none.
    `css` is print.css (without PART_CSS)."""
    stamp_css = css + STAMP_CSS
    stamps = []
    for start in range(1, len(landscape), STAMP_PAGES):
        html = stamp_html(start + 1, landscape[start : start + STAMP_PAGES])
        stamps.append(engine.html_to_pdf(html, stamp_css, statics, variant=None))
        gc.collect()
    return stamps


def content_stream(writer, data):
    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream)


def number_pages(writer, stamps):
    """Lay the stamps (stamp_pdfs) over the joined pages from the second on, and set the
    page labels to the pages' positions: the numbers the contents, and now the pages, show.

    Each stamp page becomes a form XObject, drawn after the page's own content (which is
    wrapped in q/Q, so its transformation does not carry over). The page's content streams are
    left as they are, byte for byte: pypdf's merge_page would decode, join and deflate them
    again (about 4 times slower: 1.2 s against 0.3 s for 815 pages). Its resources stay shared
    as they were; only its /Resources dictionary is copied, to name the stamp."""
    before, after = (content_stream(writer, data) for data in (STAMP_BEFORE, STAMP_AFTER))
    stamp_pages = (page for pdf in stamps for page in PdfReader(BytesIO(pdf)).pages)
    for page, stamp in zip(writer.pages[1:], stamp_pages, strict=True):
        if page.mediabox != stamp.mediabox:
            raise ValueError(f"Sidetallet passer ikke til side {page.page_number + 1}s format.")
        form = stamp.raw_get("/Contents").get_object().clone(writer)  # still deflated
        form.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): stamp.mediabox,
                NameObject("/Resources"): stamp["/Resources"].clone(writer),
            }
        )
        resources = DictionaryObject(page["/Resources"])
        xobjects = DictionaryObject(resources.get("/XObject", DictionaryObject()).get_object())
        xobjects[STAMP_NAME] = form.indirect_reference or writer._add_object(form)
        resources[NameObject("/XObject")] = xobjects
        page[NameObject("/Resources")] = resources
        contents = page.raw_get("/Contents")
        streams = (
            contents.get_object() if isinstance(contents.get_object(), ArrayObject) else [contents]
        )
        page[NameObject("/Contents")] = ArrayObject([before, *streams, after])
    writer.set_page_label(0, len(writer.pages) - 1, style=PageLabelStyle.DECIMAL, start=1)


def join(front, parts, slots, catalogue):
    """The front matter and the parts as one PdfWriter, with bookmarks and metadata."""
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
    return writer


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
