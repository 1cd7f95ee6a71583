"""What a budget note consists of, said once: its own fields, its text sections with their
printed headings, and its kinds of rows (model, amount model, fields, Danish names, limit).

The write path (budgetnotes.services), the editor, the history and the change list, the page
and the PDF (budgetnotes.presentation), the admin and the interchange file read it from here.
Adding a text section or a kind of row starts here (docs/architecture.md says what else).
"""

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

from budgetnotes import limits


@dataclass(frozen=True)
class Section:
    """A text section of the note, as the page and the PDF head it."""

    name: str  # the BudgetNote field
    heading: str


SECTIONS = (
    Section("resume", "Resume"),
    Section("decision", "Beslutning"),
    Section("background", "Baggrund"),
    Section("content", "Indhold"),
    Section("effect_text", "Forventet effekt og opfølgning"),
    Section("economy_text", "Økonomi"),
    Section("risk_text", "Risikovurdering og proces"),
)
SECTION_NAMES = tuple(section.name for section in SECTIONS)


@dataclass(frozen=True)
class EffectLayout:
    """The columns of a note's effect table, as real notes use them."""

    key: str
    label: str  # the choice in the editor
    title: str  # the table's caption ("" : the note's own)
    headings: tuple[str, ...]  # "" : the note's own


EFFECT_CELLS = ("target_group", "measure", "goal", "follow_up")  # an effect row's cells, in order
EFFECT_LAYOUTS = (
    EffectLayout(
        "standard",
        "Målgruppe, indsats, målsætning og opfølgning",
        "Oversigt over målsætning for effekter og evaluering af budgetønsket",
        ("Målgruppe", "Indsats", "Målsætning", "Opfølgning på og/eller evaluering af indsatsen"),
    ),
    EffectLayout(
        "activities",
        "Aktiviteter og afledte effekter",
        "Oversigt over aktiviteter og afledte effekter",
        ("Aktivitet", "Afledt effekt"),
    ),
    EffectLayout("custom", "Egne kolonneoverskrifter", "", ()),
)
EFFECT_LAYOUT = {layout.key: layout for layout in EFFECT_LAYOUTS}


def effect_columns(layout: str, own_headings: str, own_title: str) -> tuple[str, tuple[str, ...]]:
    """(caption title, column headings) of an effect table; own headings are "A | B | C"."""
    chosen = EFFECT_LAYOUT.get(layout, EFFECT_LAYOUTS[0])
    headings = (
        chosen.headings
        or tuple(part.strip() for part in own_headings.split("|") if part.strip())[
            : len(EFFECT_CELLS)
        ]
    )
    return (chosen.title or own_title or "Effekttabel"), headings


# The note's own fields in its data (besides round, code, administration, committee, status
# and districts), in the order the data and the export list them.
NOTE_FIELDS = (
    "title",
    "category",
    "price_level",
    "first_year",
    "last_year",
    "is_permanent",
    *SECTION_NAMES,
    "effect_layout",
    "effect_headings",
    "effect_title",
    "citywide",
    "address",
    "districts_not_relevant",
    "allocations_first_year",
    "allocations_last_year",
    "conversions_first_year",
    "conversions_last_year",
    "conversions_price_level",
)
# What the note editor shows and may change; everything else comes from the stored note.
EDITABLE_FIELDS = (
    "title",
    "category",
    "is_permanent",
    *SECTION_NAMES,
    "effect_layout",
    "effect_headings",
    "effect_title",
    "citywide",
    "districts",
    "address",
    "districts_not_relevant",
)


def span(first: object, last: object) -> tuple[int, ...]:
    """The years first..last if they make a valid span, else none (never a huge range from a
    hostile file)."""
    if not (isinstance(first, int) and isinstance(last, int)) or bool in (type(first), type(last)):
        return ()
    if not (2000 <= first <= last <= 2100 and last - first < limits.YEARS):
        return ()
    return tuple(range(first, last + 1))


@dataclass(frozen=True)
class RowKind:
    """One kind of row of a note (funding lines, previously allocated funds, …)."""

    key: str  # in the note's data, and the related name on BudgetNote
    model_name: str
    fields: tuple[str, ...]  # the row's fields in the note's data, besides "amounts" (and "id")
    row_label: str  # a row's place in messages: "linje 2"
    title: str  # the table, in messages: "Finansieringslinjer: højst 300 rækker"
    history_label: str  # a row in the history: "Linje Peer to peer-medarbejdere"
    label_field: str  # the field that names a row there
    prefix: str  # the editor's form prefix
    amount_model_name: str = ""  # one row per year, e.g. FundingAmount(line, year, amount)
    amount_parent: str = ""  # the amount model's field pointing at the row
    years: str = ""  # the note's attribute giving the years amounts may have
    # The note's fields giving the table's own years, if it may have any; without them the
    # table follows the note's years (`follows_note_years`) or the years it has amounts in.
    own_years: tuple[str, ...] = ()
    follows_note_years: bool = True
    in_note_prices: bool = False  # its amounts are in the note's price level
    keyed_by: str = "position"  # how stored rows are matched by an import or the demo
    # False: matched by `keyed_by` from the editor and the admin too (their forms then
    # carry no id); a scenario is its number, which the lines name it by.
    matched_by_id: bool = True

    @property
    def model(self) -> Any:
        return apps.get_model("budgetnotes", self.model_name)

    @property
    def amount_model(self) -> Any:
        return (
            apps.get_model("budgetnotes", self.amount_model_name)
            if self.amount_model_name
            else None
        )

    @property
    def limit(self) -> int:
        return limits.ROW_LIMITS[self.key]

    def place(self, index: int) -> str:
        return f"{self.row_label} {index}"

    def years_in(self, note: Any) -> tuple[int, ...] | None:
        """The years this table's amounts may have in `note` (an object or its data, read
        by name); None: any (the years it has amounts in)."""

        def get(name: str) -> Any:
            return note.get(name) if isinstance(note, dict) else getattr(note, name)

        if self.own_years and get(self.own_years[0]) and get(self.own_years[1]):
            return span(get(self.own_years[0]), get(self.own_years[1]))
        if not self.follows_note_years:
            return None
        return span(get("first_year"), get("last_year"))


# In the order of the note's data (and of its export).
ROW_KINDS = (
    RowKind(
        key="effect_rows",
        model_name="EffectRow",
        fields=("target_group", "measure", "goal", "follow_up"),
        row_label="effekttabel, række",
        title="Effekttabellen",
        history_label="Effekttabel",
        label_field="target_group",
        prefix="effects",
    ),
    RowKind(
        key="scenarios",
        model_name="Scenario",
        fields=("number", "name"),
        row_label="scenarie",
        title="Scenarier",
        history_label="Scenarie",
        label_field="name",
        prefix="scenarios",
        keyed_by="number",
        matched_by_id=False,
    ),
    RowKind(
        key="funding_lines",
        model_name="FundingLine",
        fields=(
            "scenario",
            "activity",
            "technical_text",
            "steering_area",
            "committee",
            "appropriation",
            "income_expense",
        ),
        row_label="linje",
        title="Finansieringslinjer",
        history_label="Linje",
        label_field="activity",
        prefix="lines",
        amount_model_name="FundingAmount",
        amount_parent="line",
        years="years",
        in_note_prices=True,
    ),
    RowKind(
        key="allocations",
        model_name="PreviousAllocation",
        fields=("source",),
        row_label="tidligere afsatte midler, række",
        title="Tidligere afsatte midler",
        history_label="Tidligere afsatte midler",
        label_field="source",
        prefix="allocations",
        amount_model_name="AllocationAmount",
        amount_parent="allocation",
        years="allocation_years",
        own_years=("allocations_first_year", "allocations_last_year"),
        follows_note_years=False,
    ),
    RowKind(
        key="conversions",
        model_name="Conversion",
        fields=("text", "steering_area"),
        row_label="konvertering",
        title="Konverteringer",
        history_label="Konvertering",
        label_field="text",
        prefix="conversions",
        amount_model_name="ConversionAmount",
        amount_parent="conversion",
        years="conversion_years",
        own_years=("conversions_first_year", "conversions_last_year"),
    ),
    RowKind(
        key="extra_sections",
        model_name="ExtraSection",
        fields=("heading", "text", "after"),
        row_label="ekstra afsnit",
        title="Ekstra afsnit",
        history_label="Ekstra afsnit",
        label_field="heading",
        prefix="extra",
    ),
)
ROW_KIND = {kind.key: kind for kind in ROW_KINDS}
WITH_AMOUNTS = tuple(kind for kind in ROW_KINDS if kind.amount_model_name)

# Danish names of the keys a row's data has that are not its model's fields.
DATA_LABELS = {"appropriation": "bevilling", "amounts": "beløb", "parts": "fordeling på udvalg"}


def field_label(model: Any, name: str) -> str:
    """The Danish name of a field of a note or row (its model's verbose name), for the
    history and the change list."""
    if name in DATA_LABELS:
        return DATA_LABELS[name]
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return str(getattr(field, "verbose_name", name))
