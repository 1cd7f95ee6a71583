"""The printed layout's rules (issue 15), checked on WeasyPrint's layout boxes over many
generated notes and expiry sheets, not one demo note:

1. a total row never starts a page: at least two body rows (or all, if fewer) go with it;
2. a table that fits on one page is never split (one taller than a page may be);
3. one heading per table: no heading above a table that repeats the table's own title;
4. header cells never touch: each heading stays in its cell, a visible gap from the next,
   and no heading word is broken without a hyphen;
5. the last page never holds only what would have fitted at the foot of the page before;

and what keeping tables whole must not cost: a heading never ends a page (docs/domain.md §4).

Each note and sheet is made from a seeded random generator (`note_spec(seed)`,
`sheet_spec(seed)`): a failure names its seed (`[note-17]`), and the same seed makes the
same document again. The document is built in the test's transaction, laid out once
(tests/pdf/layout.py) and checked against every rule. `test_the_check_finds_a_broken_rule`
shows that each check finds its rule broken, in a small document made to break it.
"""

import random
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

import pytest

from budgetnotes.choices import Category, IncomeExpense, SteeringArea
from budgetnotes.models import (
    AllocationAmount,
    BudgetNote,
    BudgetRound,
    Committee,
    Conversion,
    ConversionAmount,
    District,
    EffectRow,
    ExtraSection,
    FundingLinePart,
    FundingPartAmount,
    PreviousAllocation,
    Scenario,
)
from budgetnotes.presentation import note_layout
from budgetnotes.shape import SECTIONS
from documents.pdf import documents
from initiatives.models import EconomyKind, ExpiryAmount, ExpiryEconomyLine, ExpiryGroup, Verdict
from tests.builders import add_line, make_assessment, make_note
from tests.pdf import layout

pytestmark = pytest.mark.django_db

NOTES = 40
SHEETS = 16
# Year columns of the generated notes: 4–8 each as often, now and then down to one and up to
# the most a note may have (budgetnotes.limits.YEARS).
YEAR_COUNTS = (4, 5, 6, 7, 8) * 3 + (1, 2, 3, 9, 10)

# Words of the generated texts: plain Danish, long compounds among them.
WORDS = " ".join(
    (
        "borgere indsats beskæftigelse jobcenter forløb mentorer virksomheder ledighed handicap",
        "målgruppen kommunen uddannelse forvaltningen sagsbehandling samarbejde opfølgning",
        "effekt tilbud medarbejdere erfaringer partnerskab koordinator evaluering aktivering",
        "funktionsnedsættelser beskæftigelsesindsatsen arbejdsmarkedsparathed",
        "i og at til med for på af som der en et de er har kan skal vil ikke også",
    )
).split()
# Activities, sources and technical texts, from one word to four lines of a table cell.
ACTIVITIES = (
    "Drift",
    "Peer-to-peer-mentorer",
    "Konsulenter til efterværn og opfølgning på forløb",
    "Samarbejde med eksterne leverandører om efterværn og forløb på rammeaftaler for borgere "
    "med funktionsnedsættelser i hele kommunen",
    "Beskæftigelsesindsatsforstærkningsmidler",
)
HEADINGS = (
    "Tværgående notater",
    "Inddragelse af flere forvaltninger og udvalg",
    "Sammenhæng med øvrige indsatser på beskæftigelsesområdet",
    "Bemærkninger",
)


def sentence(rng, low=6, high=24):
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def text(rng, paragraphs, low=1, high=4):
    """Markdown: paragraphs of `low`–`high` sentences, now and then a bullet list."""
    parts = []
    for _ in range(paragraphs):
        if rng.random() < 0.15:
            parts.append("\n".join(f"- {sentence(rng, 4, 16)}" for _ in range(rng.randint(2, 5))))
        else:
            parts.append(" ".join(sentence(rng) for _ in range(rng.randint(low, high))))
    return "\n\n".join(parts)


def amount(rng, digits):
    """An amount of up to `digits` digits, either sign, now and then none (a blank cell)
    or a deliberate zero."""
    roll = rng.random()
    if roll < 0.08:
        return None
    if roll < 0.12:
        return 0
    value = rng.randint(1, 10 ** rng.randint(1, digits) - 1)
    return -value if rng.random() < 0.25 else value


@dataclass
class NoteSpec:
    seed: int
    years: int
    digits: int
    lines: int
    allocations: int
    conversions: int
    effect_rows: int
    extras: int
    scenarios: bool
    shared: bool
    districts: str  # "", "boxes", "not_relevant"
    text_paragraphs: dict = field(default_factory=dict)

    def __str__(self):
        return (
            f"note-{self.seed}: {self.years} years, {self.digits}-digit amounts, "
            f"{self.lines} lines, {self.allocations} allocations, {self.conversions} "
            f"conversions, {self.effect_rows} effect rows, {self.extras} extra sections, "
            f"districts {self.districts or 'none'}"
        )


def note_spec(seed):
    """What note `seed` holds: mostly the size of real notes, every few seeds one with
    tables that run over pages, and every text length from a few lines to pages."""
    rng = random.Random(seed)
    lines = rng.choice((1, 2, 3, 3, 4, 5, 6, 8, 10, 14, 20, 30, 34, 35, 38, 44))
    return NoteSpec(
        seed=seed,
        years=YEAR_COUNTS[seed % len(YEAR_COUNTS)],
        digits=rng.choice((3, 4, 4, 5, 6, 7, 7)),
        lines=lines,
        allocations=rng.choice((0, 0, 2, 4, 6, 9, 14, 20, 30)),
        conversions=rng.choice((0, 0, 0, 1, 3, 6)),
        effect_rows=rng.choice((0, 0, 1, 2, 3, 5, 8)),
        extras=rng.choice((0, 0, 0, 1, 2, 3)),
        scenarios=rng.random() < 0.2,
        shared=rng.random() < 0.3,
        districts=rng.choice(("", "boxes", "boxes", "boxes", "not_relevant")),
        text_paragraphs={spec.name: rng.choice((0, 0, 1, 1, 2, 3, 5)) for spec in SECTIONS},
    )


def build_note(spec, budget_round):
    rng = random.Random(spec.seed * 7919 + 1)
    first = budget_round.first_year
    years = tuple(range(first, first + spec.years))
    texts = {name: text(rng, count) for name, count in spec.text_paragraphs.items()}
    note = make_note(
        budget_round,
        f"LR{spec.seed}",
        years=(years[0], years[-1]),
        title=" ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 18))).capitalize(),
        category=rng.choice(["", "", *Category.values]),
        is_permanent=rng.random() < 0.3,
        effect_layout=rng.choice(("standard", "standard", "activities", "custom")),
        effect_headings=" | ".join(rng.sample(HEADINGS, rng.randint(1, 4))),
        effect_title=rng.choice(("", "Effekter af indsatsen")),
        **texts,
    )
    scenarios = []
    if spec.scenarios:
        scenarios = [
            Scenario.objects.create(note=note, number=1, name="Fuld udrulning"),
            Scenario.objects.create(note=note, number=2, name=""),
        ]
    committee = Committee.objects.get(code="SOU")
    for position in range(spec.lines):
        income = rng.random() < 0.15
        amounts = {year: amount(rng, spec.digits) for year in years}
        amounts = {year: value for year, value in amounts.items() if value is not None}
        line = add_line(
            note,
            activity=rng.choice(ACTIVITIES),
            technical_text=rng.choice(("", "", rng.choice(ACTIVITIES))),
            steering_area=rng.choice(SteeringArea.values),
            appropriation=rng.choice(("35.10", "35.30")),
            amounts=amounts,
            income_expense=IncomeExpense.INCOME if income else IncomeExpense.EXPENSE,
            scenario=scenarios[position % 2] if scenarios else None,
        )
        if spec.shared and position % 3 == 1:
            own = FundingLinePart.objects.create(line=line, position=0, committee=line.committee)
            other = FundingLinePart.objects.create(line=line, position=1, committee=committee)
            for year, value in amounts.items():
                FundingPartAmount.objects.create(part=own, year=year, amount=value - value // 3)
                FundingPartAmount.objects.create(part=other, year=year, amount=value // 3)
    allocation_years = range(first - rng.randint(2, 5), first + rng.randint(0, 3))
    for position in range(spec.allocations):
        allocation = PreviousAllocation.objects.create(
            note=note, position=position, source=rng.choice(ACTIVITIES)
        )
        for year in allocation_years:
            value = amount(rng, min(spec.digits, 6))
            if value is not None:
                AllocationAmount.objects.create(allocation=allocation, year=year, amount=value)
    for position in range(spec.conversions):
        conversion = Conversion.objects.create(
            note=note,
            position=position,
            text=rng.choice(ACTIVITIES),
            steering_area=rng.choice(["", *SteeringArea.values]),
        )
        for year in years:
            value = amount(rng, spec.digits)
            if value is not None:
                ConversionAmount.objects.create(conversion=conversion, year=year, amount=value)
    for position in range(spec.effect_rows):
        EffectRow.objects.create(
            note=note,
            position=position,
            target_group=sentence(rng, 2, 12),
            measure=sentence(rng, 2, 30),
            goal=sentence(rng, 2, 20),
            follow_up=sentence(rng, 0, 25),
        )
    for position in range(spec.extras):
        ExtraSection.objects.create(
            note=note,
            position=position,
            heading=rng.choice(HEADINGS),
            text=text(rng, rng.randint(0, 4)),
            after=rng.choice(SECTIONS).name,
        )
    if spec.districts == "boxes":
        note.citywide = rng.random() < 0.3
        note.address = rng.choice(("", "Bernstorffsgade 17\n1592 København V"))
        note.save()
        districts = list(District.objects.all())
        note.districts.set(rng.sample(districts, rng.randint(0, len(districts))))
        if not (note.citywide or note.address or note.districts.exists()):
            note.citywide = True
            note.save()
    elif spec.districts == "not_relevant":
        note.districts_not_relevant = True
        note.save()
    return BudgetNote.objects.with_everything().get(pk=note.pk)


@dataclass
class SheetSpec:
    seed: int
    years: int
    lines: int
    paragraphs: int

    def __str__(self):
        return f"sheet-{self.seed}: {self.years} years, {self.lines} lines a table"


def sheet_spec(seed):
    rng = random.Random(10_000 + seed)
    return SheetSpec(
        seed=seed,
        years=rng.choice((1, 2, 3, 4, 4, 5, 6, 7, 8, 10)),
        lines=rng.choice((0, 1, 2, 2, 3, 4, 6)),
        paragraphs=rng.choice((0, 1, 2, 3, 5)),
    )


def build_sheet(spec, budget_round):
    rng = random.Random(spec.seed * 104_729 + 3)
    first = budget_round.first_year
    sheet = make_assessment(
        budget_round,
        900 + spec.seed,
        title=sentence(rng, 3, 14)[:-1],
        origin=rng.choice(("", "Budget 2026", "Overførselssagen 2025-26")),
        group=rng.choice(ExpiryGroup.values),
        content=text(rng, spec.paragraphs),
        results=text(rng, rng.randint(0, spec.paragraphs)),
        economy_text=text(rng, rng.randint(0, 2)),
        verdict=rng.choice(["", *Verdict.values]),
        adjusted_content=text(rng, rng.randint(0, spec.paragraphs)),
        proposed_economy_text=text(rng, rng.randint(0, 2)),
        original_price_level=first - 1,
        proposed_price_level=first,
    )
    for kind in EconomyKind.values:
        for position in range(spec.lines):
            line = ExpiryEconomyLine.objects.create(
                assessment=sheet,
                kind=kind,
                position=position,
                label=rng.choice(("", "", rng.choice(ACTIVITIES))),
                steering_area=rng.choice(["", *SteeringArea.values]),
                of_which=position > 0 and rng.random() < 0.2,
            )
            for year in range(first, first + spec.years):
                value = amount(rng, 5)
                if value is not None:
                    ExpiryAmount.objects.create(line=line, year=year, amount=value)
    return type(sheet).objects.prefetch_related("economy_lines__amounts").get(pk=sheet.pk)


DOCUMENTS = [("note", seed) for seed in range(NOTES)] + [("sheet", seed) for seed in range(SHEETS)]


def make_html(kind, spec):
    """The document's HTML, and the headings of its text sections (each must print)."""
    if kind == "note":
        note = build_note(spec, BudgetRound.objects.get(slug="budget-2026"))
        headings = [section.heading for section in note_layout(note).sections]
        return documents.note_html(note, District.objects.all()), headings
    sheet = build_sheet(spec, BudgetRound.objects.get(slug="budget-2027"))
    return documents.assessment_html(sheet), []


# The rules: each says what breaks it in a laid-out document, as a list of problems.


def lone_total_rows(document):
    """Rule 1: total rows that start a page with fewer than two body rows (or all of them)."""
    problems = []
    for table in layout.tables(document):
        totals, body = table.rows("tfoot"), table.rows("tbody")
        if not totals:
            continue
        page = totals[0][0]
        with_it = [row for on, row in body if on == page]
        if len(with_it) < min(2, len(body)):
            problems.append(
                f"{table.name}: the total row starts page {page} with {len(with_it)} of "
                f"{len(body)} rows"
            )
    return problems


def split_tables(document):
    """Rule 2: tables split over pages that would have fitted on one page, measured with the
    heading they are kept with (a table that fits alone, but not with the heading right above
    it, runs over rather than leave its heading behind)."""
    problems = []
    for table in layout.tables(document):
        if not table.split:
            continue
        page = table.parts[0].page
        height, lead = table.whole_height(), table.lead_height()
        if height + lead <= page.height:
            problems.append(
                f"{table.name} ({height:.0f} px, {lead:.0f} px of heading above it; the page "
                f"has {page.height:.0f} px) is split over pages {table.pages}"
            )
    return problems


def repeated_headings(document):
    """Rule 3: headings that say a table's own title again right above it."""
    return [
        f"{heading!r} above {caption!r}" for heading, caption in layout.repeated_headings(document)
    ]


def touching_header_cells(document):
    """Rule 4: header cells whose text runs out of its cell, comes within 1 mm of the next
    cell's text, or has a word broken without a hyphen."""
    problems = []
    for table in layout.tables(document):
        for part in table.parts:
            for row in part.rows("thead"):
                where = f"{table.name}, page {part.page.number}"
                problems += [f"{where}: {problem}" for problem in layout.cell_problems(row)]
                problems += [
                    f"{where}: {word!r} is broken"
                    for cell in row.children
                    for word in layout.broken_words(cell)
                ]
    return problems


def needless_last_page(document):
    """Rule 5: a last page whose content would have fitted at the foot of the page before
    (on a sheet, column by column: the page is needed if one column's end would not)."""
    trailing = layout.trailing(document)
    if not trailing or not all(part.would_have_fitted for part in trailing):
        return []
    return [
        f"the last page holds only {part.blocks} ({part.needed:.0f} px), and the page before "
        f"had {part.free:.0f} px free at the bottom"
        for part in trailing
    ]


def stranded_headings(document):
    """And what the rules must not cost (docs/domain.md §4): a heading never ends a page
    without what it introduces.

    Known exception: a section that is only a heading (an extra section with no text),
    right above a table taller than a page. Its heading is not in the table's kept block,
    and WeasyPrint breaks inside a kept block only when it is the first thing on a page. So
    the table starts the next page and the heading stays alone on the page before."""
    tall = set()
    for table in layout.tables(document):
        page = table.parts[0].page
        if table.whole_height() + table.lead_height() > page.height:
            tall.add(id(table.element))
    found = layout.items(document)
    problems = []
    for index, (item, following) in enumerate(pairwise(found)):
        if item.kind != "heading" or following.page == item.page:
            continue
        introduced = next((i for i in found[index + 1 :] if i.kind != "heading"), None)
        table = layout.table_of(introduced.box) if introduced is not None else None
        if item.alone and table is not None and id(table.element) in tall:
            continue
        problems.append(f"{item.text!r} ends page {item.page}")
    return problems


RULES = {
    "total-row": lone_total_rows,
    "split-table": split_tables,
    "one-heading": repeated_headings,
    "header-cells": touching_header_cells,
    "last-page": needless_last_page,
    "heading-kept": stranded_headings,
}


@pytest.mark.parametrize(("kind", "seed"), DOCUMENTS, ids=[f"{k}-{s}" for k, s in DOCUMENTS])
def test_every_rule_holds(kind, seed):
    """One generated note or sheet (made in the test's transaction, so rolled back), laid out
    once and checked against every rule; a failure lists the broken rules and their seed."""
    spec = note_spec(seed) if kind == "note" else sheet_spec(seed)
    html, headings = make_html(kind, spec)
    document = layout.render(html)
    broken = {name: problems[:6] for name, check in RULES.items() if (problems := check(document))}
    assert broken == {}, f"{spec}: {broken}"
    # Nothing lost or leaked on the way: every section's heading prints, no template code does.
    printed = Counter(item.text for item in layout.items(document) if item.kind == "heading")
    assert Counter(headings) - printed == Counter(), f"{spec}: headings missing"
    text = " ".join(layout.text_of(page.root) for page in layout.pages(document))
    assert not any(syntax in text for syntax in ("{#", "{%", "{{")), f"{spec}: template code"


# The checks themselves: each finds what it is for, in a small document made to break its rule
# (the document's own <style> comes after print.css, which WeasyPrint gets as a user sheet).


def synthetic(body, style=""):
    return (
        f'<!doctype html><html lang="da"><head><style>{style}</style></head><body>'
        f'<article class="note">{body}</article></body></html>'
    )


def amounts_table(title, rows, years=(2026, 2027, 2028, 2029), area=False):
    area_head = '<th scope="col" class="area">Styringsområde</th>' if area else ""
    area_cell = "<td>Overførsler mv.</td>" if area else ""
    numbers = "".join(f'<th scope="col" class="num">{year}</th>' for year in years)
    cells = "".join('<td class="num">-9.999.999</td>' for _ in years)
    body = "".join(
        f'<tr><th scope="row">Aktivitet {n}</th>{area_cell}{cells}</tr>' for n in range(rows)
    )
    return (
        f'<div class="keep"><table class="amounts years-{len(years)}"><caption>'
        f'<span class="table-title">Tabel 1 – {title}</span>'
        f'<span class="table-unit">1.000 kr., 2026 p/l</span></caption>'
        f'<thead><tr><th scope="col">Aktivitet</th>{area_head}{numbers}</tr></thead>'
        f'<tbody>{body}</tbody><tfoot><tr><th scope="row">I alt</th>{area_cell}{cells}</tr>'
        f"</tfoot></table></div>"
    )


FILLER = "<p>" + " ".join(WORDS * 40) + "</p>"
DISTRICTS = (
    '<section class="keep"><h2>Øvrige tekniske oplysninger</h2><p>Bydele: Ikke relevant</p>'
    "</section>"
)
# rule: (a document that keeps it, the same broken the way the rule forbids)
CASES = {
    "total-row": (
        synthetic(amounts_table("Udgifter", 3)),
        synthetic(amounts_table("Udgifter", 3), "tfoot { break-before: page; }"),
    ),
    "split-table": (
        synthetic(FILLER + amounts_table("Udgifter", 12)),
        synthetic(FILLER + amounts_table("Udgifter", 12), ".keep { break-inside: auto; }"),
    ),
    "one-heading": (
        synthetic("<h2>Økonomi</h2>" + amounts_table("Tidligere afsatte midler", 2)),
        synthetic(
            "<h2>Tidligere afsatte midler</h2>" + amounts_table("Tidligere afsatte midler", 2)
        ),
    ),
    "header-cells": (
        synthetic(amounts_table("Udgifter", 2, area=True)),
        synthetic(
            amounts_table("Udgifter", 2, area=True),
            "table.amounts thead th.area { width: 5%; overflow-wrap: normal; }",
        ),
    ),
    "last-page": (
        synthetic(FILLER + DISTRICTS),
        synthetic(FILLER + DISTRICTS, "section.keep { break-before: page; }"),
    ),
    "heading-kept": (
        synthetic(DISTRICTS),
        synthetic(DISTRICTS, "section.keep h2 { break-after: page; }"),
    ),
}


@pytest.mark.parametrize("rule", RULES)
def test_the_check_finds_a_broken_rule(rule):
    kept, broken = (layout.render(html) for html in CASES[rule])
    assert RULES[rule](kept) == []
    assert RULES[rule](broken) != []
