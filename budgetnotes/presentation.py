"""A note as it is presented, on its page and in its PDF alike: the text sections in order
(budgetnotes.shape), the numbered tables with their captions, the appendix per scenario,
the net-total label. Every figure comes from budgetnotes.totals; templates only format.
"""

from dataclasses import dataclass, field, replace

from budgetnotes import shape, totals
from budgetnotes.choices import IncomeExpense
from budgetnotes.shape import SECTIONS

APPENDIX_TITLES = {
    "service": "Udgifter til service",
    "overfoersler": "Udgifter til overførsler mv.",
}
APPENDIX_TOTALS = {"service": "Serviceudgifter i alt", "overfoersler": "Overførsler mv. i alt"}
EFFECT_TITLE = shape.EFFECT_LAYOUTS[0].title
ECONOMY_TITLE = "Oversigt over ønskets aktiviteter på alle styringsområder"
ALLOCATIONS_TITLE = "Tidligere afsatte midler"
CONVERSIONS_TITLE = "Tidligere afsatte midler der ønskes konverteret"
DISTRIBUTION_TITLE = "Fordeling mellem udvalg"
NET_TOTAL = "Udgifter i alt (netto)"


def total_label(table, otherwise="I alt"):
    """A table's total row: the net total where income lines are netted in."""
    return NET_TOTAL if table.has_income else otherwise


@dataclass
class Row:
    label: str
    cells: list
    total: int
    steering_area: str = ""
    committee: str = ""
    appropriation: str = ""
    income_expense: str = ""
    part: bool = False  # a committee's part of the shared line above it ("heraf BIU")


SHARED = "Delt"  # the committee column of a line shared between committees
PART_LABEL = "heraf {name}"


def part_label(part):
    """ "heraf BIU" for a committee's share, "heraf Aktivering (BIU)" for a named part."""
    return PART_LABEL.format(name=part.label or part.committee)


def _rows(line, years, appendix, show_parts):
    """A line's row, and its parts under it where shown (the line counts once; the parts
    say how it is shared, or what of it goes where)."""
    shared = show_parts and bool(line.parts)
    rows = [
        Row(
            label=line.label,
            cells=line.cells(years),
            total=line.total,
            steering_area=line.steering_area,
            committee=SHARED if shared else line.committee,
            appropriation=""
            if shared
            else _appropriation_number(line.appropriation, line.committee),
            income_expense=_income_expense(line.income_expense),
        )
    ]
    if shared:
        rows += [
            Row(
                label=part_label(part),
                cells=part.cells(years),
                total=part.total,
                steering_area=part.steering_area or line.steering_area,
                committee=part.committee,
                appropriation=_appropriation_number(part.appropriation, part.committee),
                part=True,
            )
            for part in line.parts
        ]
    return rows


@dataclass
class NumberedTable:
    """A table as presented: number, title, unit, rows and totals from a totals.Table."""

    number: int
    title: str
    table: object
    unit: str = ""
    first_heading: str = "Aktivitet"
    total_label: str = "I alt"
    show_area: bool = False
    area_heading: str = "Styringsområde"  # shorter where columns are narrow (a sheet)
    appendix: bool = False  # with the committee, appropriation and income/expense columns
    line_totals: bool = True
    show_parts: bool | None = None  # lines' parts under them; by default in the appendix
    rows: list = field(default_factory=list)

    def __post_init__(self):
        self.years = self.table.years
        parts = self.appendix if self.show_parts is None else self.show_parts
        self.rows = [
            row
            for line in self.table.lines
            for row in _rows(line, self.years, self.appendix, parts)
        ]
        self.total_cells = self.table.total_cells
        self.grand_total = self.table.grand_total
        self.total_label = total_label(self.table, self.total_label)

    @property
    def caption(self):
        """The caption in one line: "Tabel 2 – … (1.000 kr., 2026 p/l)"."""
        unit = f" ({self.unit})" if self.unit else ""
        return f"Tabel {self.number} – {self.title}{unit}"


@dataclass
class EffectTable:
    """The effect table in the note's own columns (shape.EFFECT_LAYOUTS): its rows as lists
    of cells, one per heading."""

    number: int
    rows: list
    title: str = EFFECT_TITLE
    headings: tuple = ()

    @property
    def caption(self):
        return f"Tabel {self.number} – {self.title}"

    @property
    def cells(self):
        names = shape.EFFECT_CELLS[: len(self.headings)]
        return [[getattr(row, name) for name in names] for row in self.rows]


@dataclass
class Section:
    name: str
    heading: str
    text: str
    effect: EffectTable | None = None
    economy: NumberedTable | None = None


@dataclass
class AppendixPart:
    heading: str  # the scenario, or "" for lines without one
    tables: list


@dataclass
class NoteLayout:
    sections: list
    allocations: NumberedTable | None
    appendix: list
    conversions: NumberedTable | None
    table_count: int
    # The district section (Øvrige tekniske oplysninger) prints only when filled in: the
    # boxes and the address, or the author's explicit "ikke relevant". The category box
    # prints only with a category (the templates ask note.category).
    district_boxes: bool = False
    districts_not_relevant: bool = False


def _district_boxes(note):
    if note.districts_not_relevant:
        return False
    return bool(note.citywide or note.address or note.districts.all())


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
    """Tables are numbered in order of appearance."""

    def __init__(self):
        self.count = 0

    def __call__(self):
        self.count += 1
        return self.count


def note_layout(note):
    """The note's presentation (from a note read with its economy)."""
    number = Numbering()
    unit = f"1.000 kr., {note.price_level} p/l"
    sections = _sections(note, number, unit)
    allocations = None
    allocations_table = note.allocations_table()
    if allocations_table.lines:
        allocations = NumberedTable(
            number(),
            ALLOCATIONS_TITLE,
            allocations_table,
            unit="1.000 kr., løbende p/l",
            first_heading="Kilde",
            total_label="Afsatte midler i alt",
            line_totals=False,
        )
    appendix = _appendix(note, number, unit)
    conversions = None
    conversions_table = note.conversions_table()
    if conversions_table.lines:
        conversions = NumberedTable(
            number(),
            CONVERSIONS_TITLE,
            conversions_table,
            unit=note.conversions_unit,
            first_heading="Bevilling der konverteres",
            total_label="Konverterede midler i alt",
            show_area=True,
        )
    return NoteLayout(
        sections,
        allocations,
        appendix,
        conversions,
        number.count,
        district_boxes=_district_boxes(note),
        districts_not_relevant=note.districts_not_relevant,
    )


def _sections(note, number, unit):
    effect_rows = list(note.effect_rows.all())
    economy = note.economy_table()
    sections = []
    for spec in SECTIONS:
        section = Section(spec.name, spec.heading, getattr(note, spec.name))
        if spec.name == "effect_text" and effect_rows:
            title, headings = shape.effect_columns(
                note.effect_layout, note.effect_headings, note.effect_title
            )
            section.effect = EffectTable(number(), effect_rows, title, headings)
        if spec.name == "economy_text" and economy.lines:
            section.economy = NumberedTable(
                number(),
                ECONOMY_TITLE,
                economy,
                unit=unit,
                show_area=True,
            )
        if section.text or section.effect or section.economy:
            sections.append(section)
        sections += [
            Section("extra", extra.heading, extra.text)
            for extra in note.extra_sections.all()
            if extra.after == spec.name
        ]
    return sections


def _appendix(note, number, unit):
    """Per scenario: its tables per group (service / overførsler mv.) and, where more than
    one committee is involved, the committee distribution."""
    parts = []
    for scenario, table in note.scenario_tables():
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
                    DISTRIBUTION_TITLE,
                    table.committee_distribution(),
                    unit=unit,
                    first_heading="Udvalg",
                    show_area=True,
                )
            )
        parts.append(AppendixPart(str(scenario) if scenario else "", tables))
    return parts


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
