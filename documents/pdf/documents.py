"""What goes into each printed document: context from the models, HTML from templates.

Every figure comes from budgetnotes.totals (via the models' table methods); templates only
format. Rendering HTML → PDF is documents.pdf.engine's job.
"""

from dataclasses import dataclass, field, replace
from functools import cache

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from budgetnotes import totals
from budgetnotes.choices import Category, IncomeExpense
from documents.pdf.fetcher import STATIC_BASE

STYLESHEET = "pdf/print.css"

SECTION_HEADINGS = (
    ("resume", "Resume"),
    ("decision", "Beslutning"),
    ("background", "Baggrund"),
    ("content", "Indhold"),
    ("effect_text", "Forventet effekt og opfølgning"),
    ("economy_text", "Økonomi"),
    ("risk_text", "Risikovurdering og proces"),
)
APPENDIX_TITLES = {
    "service": "Udgifter til service",
    "overfoersler": "Udgifter til overførsler mv.",
}
APPENDIX_TOTALS = {"service": "Serviceudgifter i alt", "overfoersler": "Overførsler mv. i alt"}


@cache
def stylesheet_text():
    path = finders.find(STYLESHEET)
    with open(path, encoding="utf-8") as handle:
        return handle.read()


@cache
def static_files():
    """{absolute URL: path} of the files under static/pdf/: all the PDF may fetch."""
    result = {}
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            if path.startswith("pdf/"):
                result.setdefault(STATIC_BASE + path, storage.path(path))
    return result


@dataclass
class Row:
    label: str
    cells: list
    total: int
    steering_area: str = ""
    committee: str = ""
    appropriation: str = ""
    income_expense: str = ""


@dataclass
class NumberedTable:
    """A table as printed: number, title, unit caption, rows and totals from a totals.Table."""

    number: int
    title: str
    table: object
    unit: str = ""
    first_heading: str = "Aktivitet"
    total_label: str = "I alt"
    show_area: bool = False
    appendix: bool = False
    line_totals: bool = True
    rows: list = field(default_factory=list)

    def __post_init__(self):
        years = self.table.years
        self.years = years
        self.rows = [
            Row(
                label=line.label,
                cells=line.cells(years),
                total=line.total,
                steering_area=line.steering_area,
                committee=line.committee,
                appropriation=_appropriation_number(line.appropriation, line.committee),
                income_expense=_income_expense(line.income_expense),
            )
            for line in self.table.lines
        ]
        self.total_cells = self.table.total_cells
        self.grand_total = self.table.grand_total


def _appropriation_number(appropriation, committee):
    """'BIU 35.10' → '35.10' (the committee has its own column)."""
    if committee and appropriation.startswith(committee + " "):
        return appropriation[len(committee) + 1 :]
    return appropriation


def _income_expense(code):
    try:
        return IncomeExpense(code).label
    except ValueError:
        return code


class Numbering:
    def __init__(self):
        self.count = 0

    def __call__(self):
        self.count += 1
        return self.count


def note_context(note, districts):
    """Everything the note template needs, in DOMAIN.md §4 order. `districts`: all District
    rows in printed order (passed in so a catalogue reads them once)."""
    number = Numbering()
    unit = f"1.000 kr., {note.price_level} p/l"
    effect_rows = list(note.effect_rows.all())
    economy = note.economy_table()

    sections = []
    for name, heading in SECTION_HEADINGS:
        text = getattr(note, name)
        section = {"heading": heading, "text": text}
        if name == "effect_text" and effect_rows:
            section["effect"] = {"number": number(), "rows": effect_rows}
        if name == "economy_text" and economy.lines:
            section["economy"] = NumberedTable(
                number(),
                "Oversigt over ønskets aktiviteter på alle styringsområder",
                economy,
                unit=unit,
                show_area=True,
                total_label="Udgifter i alt (netto)" if economy.has_income else "I alt",
            )
        if text or len(section) > 2:
            sections.append(section)

    allocations_table = note.allocations_table()
    allocations = None
    if allocations_table.lines:
        allocations = NumberedTable(
            number(),
            "Tidligere afsatte midler",
            allocations_table,
            unit="1.000 kr., løbende p/l",
            first_heading="Kilde",
            total_label="Afsatte midler i alt",
            line_totals=False,
        )

    appendix = []
    scenario_tables = note.scenario_tables()
    for scenario, table in scenario_tables:
        technical = _with_technical_texts(note, scenario, table)
        tables = [
            NumberedTable(
                number(),
                APPENDIX_TITLES[group],
                group_table,
                unit=unit,
                appendix=True,
                total_label=APPENDIX_TOTALS[group],
            )
            for group, group_table in technical.appendix_tables()
        ]
        if len(table.committees) > 1:
            tables.append(
                NumberedTable(
                    number(),
                    "Fordeling mellem udvalg",
                    table.committee_distribution(),
                    unit=unit,
                    first_heading="Udvalg",
                    show_area=True,
                )
            )
        heading = str(scenario) if scenario else ""
        appendix.append({"heading": heading, "tables": tables})

    conversions_table = note.conversions_table()
    conversions = None
    if conversions_table.lines:
        conversions = NumberedTable(
            number(),
            "Tidligere afsatte midler der ønskes konverteret",
            conversions_table,
            unit=unit,
            first_heading="Bevilling",
            show_area=True,
        )

    ticked = {district.pk for district in note.districts.all()}
    category_label = dict(Category.choices)
    return {
        "note": note,
        "categories": [(label, value == note.category) for value, label in category_label.items()],
        "sections": sections,
        "allocations": allocations,
        "appendix": appendix,
        "conversions": conversions,
        "districts": [(district.name, district.pk in ticked) for district in districts],
        "table_count": number.count,
    }


def _with_technical_texts(note, scenario, table):
    """The appendix prints a line's technical text where one is given instead of the activity.

    `table` is note.scenario_tables()'s table for `scenario`, whose lines are the scenario's
    funding lines in the same order.
    """
    funding_lines = [line for line in note.funding_lines.all() if line.scenario == scenario]
    labels = [line.technical_text or line.activity for line in funding_lines]
    if len(labels) != len(table.lines):  # pragma: no cover - defensive
        return table
    return totals.Table(
        table.years,
        tuple(replace(line, label=label) for line, label in zip(table.lines, labels, strict=True)),
    )


def document_html(body_template, context, *, title, author, subject=""):
    return render_to_string(
        "pdf/document.html",
        {
            **context,
            "body_template": body_template,
            "doc_title": title,
            "doc_author": author,
            "doc_subject": subject,
        },
    )


def note_html(note, districts):
    return document_html(
        "pdf/note_body.html",
        note_context(note, districts),
        title=f"{note.code} {note.title}",
        author=note.administration.name,
        subject=f"Budgetnotat, {note.round.name}",
    )


def assessment_context(assessment, related=()):
    original = assessment.original_table
    proposed = assessment.proposed_table
    number = Numbering()
    context = {
        "a": assessment,
        "verdict": assessment.get_verdict_display(),
        "related": sorted(related, key=lambda other: other.number),
    }
    parts = (
        ("original", "Udløbende bevilling", original, assessment.original_price_level),
        ("proposed", "Foreslået økonomi", proposed, assessment.proposed_price_level),
    )
    for key, heading, table, level in parts:
        if table.lines:
            context[key] = NumberedTable(
                number(),
                heading,
                table,
                unit=f"1.000 kr., {level} p/l" if level else "1.000 kr.",
                first_heading="Styringsområde",
            )
    return context


def assessment_html(assessment, related=()):
    return document_html(
        "pdf/assessment_body.html",
        assessment_context(assessment, related),
        title=str(assessment),
        author=assessment.administration.name,
        subject=f"Vurdering af bevillingsudløb, {assessment.round.name}",
    )


def plain_html(body_template, context, *, title, author, subject=""):
    return document_html(body_template, context, title=title, author=author, subject=subject)
