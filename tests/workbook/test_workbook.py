"""The appropriation workbook read back with openpyxl: structure, SUM formulas against the
registry's totals, the Data sheet, prices and formula injection."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from budgetnotes import queries
from budgetnotes.choices import Status
from budgetnotes.models import BudgetNote, FundingLine, PriceIndex
from documents.workbook.sheets.base import FIRST_DATA_ROW, TABLE_HEADER_ROW
from documents.workbook.sheets.data import DATA_AMOUNT_HEADER, DATA_TABLE_NAME
from documents.workbook.styles import AMOUNT_FORMAT
from tests import seed_figures as seed
from tests.workbook.helpers import column_of, find_row, headers, rows, value

pytestmark = pytest.mark.django_db

SHEETS = ["Oversigt", "Bevillinger", "Data", "Tidligere afsatte midler", "Udløb"]


def note(code):
    return BudgetNote.objects.with_economy().get(code=code)


def test_sheets_header_block_and_layout(command_workbook):
    workbook = command_workbook("budget-2026")
    assert workbook.sheetnames == SHEETS
    assert workbook.calculation.fullCalcOnLoad is True
    for sheet in workbook.worksheets:
        texts = [sheet.cell(row, 1).value for row in range(1, 6)]
        assert texts[1] == "Runde: Budget 2026", sheet.title
        assert texts[2] == "Udvalgt: Ingen (hele runden)"
        assert texts[3].startswith("Prisniveau: 1.000 kr.")
        assert texts[4].startswith("Dannet: ") and " af " in texts[4]
        assert sheet.freeze_panes.endswith(str(FIRST_DATA_ROW)), sheet.title
    assert workbook["Bevillinger"]["A4"].value == "Prisniveau: 1.000 kr., 2026 p/l"
    assert workbook["Tidligere afsatte midler"]["A4"].value.endswith("løbende p/l (omregnes ikke)")
    lines = workbook["Bevillinger"]
    assert headers(lines) == [
        "Notat",
        "Scenarie",
        "Aktivitet",
        "Styringsområde",
        "Udvalg",
        "Bevilling",
        "I/U",
        "2026",
        "2027",
        "2028",
        "2029",
        "I alt",
    ]
    assert lines.auto_filter.ref.startswith(f"A{TABLE_HEADER_ROW}:L")
    assert lines.column_dimensions["C"].width >= 30
    assert lines[f"H{FIRST_DATA_ROW}"].number_format == AMOUNT_FORMAT
    assert lines[f"H{FIRST_DATA_ROW}"].value == 7600


def test_bevillinger_sums_equal_the_registrys_totals(command_workbook):
    sheet = command_workbook("budget-2026")["Bevillinger"]
    table = note("BI22").economy_table()
    assert table.year_totals == dict.fromkeys(seed.BI22_YEARS, seed.BI22_YEAR_TOTAL)
    grand = find_row(sheet, "C", "I alt")
    for letter, year in zip("HIJK", seed.BI22_YEARS, strict=True):
        assert sheet[f"{letter}{grand}"].data_type == "f"
        assert value(sheet, f"{letter}{grand}") == table.year_totals[year] == 11_600
    assert value(sheet, f"L{grand}") == table.grand_total == seed.BI22_GRAND_TOTAL
    by_area = table.by_steering_area()
    service = find_row(sheet, "C", "Service i alt")
    assert [value(sheet, f"{c}{service}") for c in "HIJK"] == by_area["service"].total_cells
    assert value(sheet, f"L{service}") == seed.BI22_SERVICE_TOTAL
    committee = find_row(sheet, "C", "BIU i alt (Service)")
    assert sheet[f"H{committee}"].value == f"=SUM(H{FIRST_DATA_ROW}:H{FIRST_DATA_ROW + 1})"
    indsats = find_row(sheet, "C", "Indsats i alt")
    assert value(sheet, f"L{indsats}") == by_area["indsats"].grand_total == 8_000
    # Every line's I alt is a SUM over its own year cells and equals the line's total.
    line_totals = [
        value(sheet, f"L{row}") for row in range(FIRST_DATA_ROW, grand) if sheet[f"A{row}"].value
    ]
    assert sorted(line_totals) == sorted(line.total for line in table.lines)
    distribution = find_row(sheet, "C", "BIU i alt")
    assert value(sheet, f"L{distribution}") == seed.BI22_GRAND_TOTAL


def test_oversigt_per_note_and_round_totals(command_workbook):
    sheet = command_workbook("budget-2026")["Oversigt"]
    row = next(rows(sheet))
    assert row["Notat"] == "BI22" and row["Status"] == "Kladde" and row["P/L"] == 2026
    assert row["Service 2026"] == seed.BI22_SERVICE_YEAR
    assert row["Indsats 2029"] == 2_000
    assert row["I alt 2027"] == seed.BI22_YEAR_TOTAL
    assert row["I alt"] == seed.BI22_GRAND_TOTAL
    # The total row's SUM formulas agree with the database's own sums (queries.round_totals).
    db_totals = queries.round_totals(BudgetNote.objects.filter(round__slug="budget-2026"))
    total_row = find_row(sheet, "B", "I alt")
    for (area, year), amount in db_totals.items():
        label = {"service": "Service", "indsats": "Indsats"}[area]
        assert value(sheet, f"{column_of(sheet, f'{label} {year}')}{total_row}") == amount


def test_data_sheet_of_budget_2024_sums_to_bi05(command_workbook):
    sheet = command_workbook("budget-2024")["Data"]
    assert headers(sheet)[-2] == DATA_AMOUNT_HEADER
    data = list(rows(sheet))
    assert len(data) == sum(len(line.amounts) for line in note("BI05").economy_table().lines)
    assert all(cell.data_type == "n" for cell in sheet["J"][FIRST_DATA_ROW - 1 :])
    assert sum(row[DATA_AMOUNT_HEADER] for row in data) == seed.BI05_GRAND_TOTAL == 41_200
    by_year = {}
    for row in data:
        by_year[row["År"]] = by_year.get(row["År"], 0) + row[DATA_AMOUNT_HEADER]
    assert by_year == seed.BI05_YEAR_TOTALS
    table = sheet.tables[DATA_TABLE_NAME]
    assert table.ref == f"A{TABLE_HEADER_ROW}:K{TABLE_HEADER_ROW + len(data)}"
    assert [column.name for column in table.tableColumns] == headers(sheet)


def test_allocations_sheet_totals(command_workbook):
    sheet = command_workbook("budget-2026")["Tidligere afsatte midler"]
    total = find_row(sheet, "B", "Afsatte midler i alt")
    letters = {column_of(sheet, str(year)): year for year in seed.BI22_ALLOCATIONS}
    assert {year: value(sheet, f"{c}{total}") for c, year in letters.items()} == (
        seed.BI22_ALLOCATIONS
    )
    assert sheet.cell(FIRST_DATA_ROW, 2).value == "Budgetaftale 2022"  # rows without amounts


def test_note_workbook_holds_one_note(command_workbook):
    workbook = command_workbook("budget-2024", "--note", "bi05")
    assert workbook["Bevillinger"]["A3"].value == "Udvalgt: Notat BI05"
    assert {row["Notat"] for row in rows(workbook["Data"])} == {"BI05"}
    expiry = next(rows(workbook["Udløb"]))
    assert expiry["Notat"] == "BI05" and expiry["Sidste år"] == 2027
    assert expiry["I alt sidste år"] == seed.BI05_YEAR_TOTALS[2027]


def test_filters_in_the_command(command_workbook):
    workbook = command_workbook("budget-2026", "--committee", "BIU", "--status", "vedtaget")
    assert workbook["Data"]["A3"].value == "Udvalgt: Udvalg: BIU · Status: Vedtaget"
    assert list(rows(workbook["Data"])) == []
    with pytest.raises(CommandError, match="Ukendt status"):
        call_command("appropriations_xlsx", "budget-2026", "--status", "x", "-o", "/dev/null")


def test_price_level_conversion_rounds_each_cell(command_workbook):
    plain = command_workbook("budget-2026")
    converted = command_workbook("budget-2026", "--pl", "2027")
    assert converted.sheetnames == [*SHEETS, "Prisindeks"]
    assert converted["Bevillinger"]["A4"].value.startswith("Prisniveau: 1.000 kr., 2027 p/l")
    index = {
        (row.steering_area, row.year): row.index
        for row in PriceIndex.objects.filter(year__in=(2026, 2027))
    }
    before, after = plain["Bevillinger"], converted["Bevillinger"]
    area_of = {"Service": "service", "Indsats": "indsats"}
    changed = 0
    for row in range(FIRST_DATA_ROW, find_row(after, "C", "I alt")):
        if not after[f"A{row}"].value:
            continue
        area = area_of[after[f"D{row}"].value]
        for letter in "HIJK":
            original = before[f"{letter}{row}"].value
            expected = int(
                (Decimal(original) * index[(area, 2027)] / index[(area, 2026)]).quantize(
                    Decimal(1), rounding="ROUND_HALF_UP"
                )
            )
            assert after[f"{letter}{row}"].value == expected
            changed += expected != original
    assert changed == 12  # every cell of BI22's three lines moved
    # Totals are sums of the rounded cells, so rows and columns add up.
    data_total = sum(row[DATA_AMOUNT_HEADER] for row in rows(converted["Data"]))
    grand = find_row(after, "C", "I alt")
    assert value(after, f"L{grand}") == data_total
    assert next(rows(converted["Oversigt"]))["I alt"] == data_total
    assert {row["P/L"] for row in rows(converted["Data"])} == {2027}
    prices = list(rows(converted["Prisindeks"]))
    assert {(row["Styringsområde"], row["Fra p/l"], row["Til p/l"]) for row in prices} == {
        ("Service", 2026, 2027),
        ("Indsats", 2026, 2027),
    }
    service = next(row for row in prices if row["Styringsområde"] == "Service")
    assert Decimal(str(service["Indeks (til)"])) == index[("service", 2027)]


def test_missing_price_index_is_an_error_not_a_wrong_number(tmp_path):
    PriceIndex.objects.filter(year=2027, steering_area="indsats").delete()
    out = tmp_path / "x.xlsx"
    with pytest.raises(CommandError, match="mangler et prisindeks for Indsats i 2027"):
        call_command("appropriations_xlsx", "budget-2026", "--pl", "2027", "-o", str(out))
    assert not out.exists() or out.stat().st_size == 0


INJECTIONS = [
    '=HYPERLINK("http://x","y")',
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(A1)",
    "\t=1+1",
    "\n=1+1",
    "#N/A",
]


def test_formula_injection_is_written_as_text(command_workbook):
    bi22 = BudgetNote.objects.get(code="BI22")
    bi22.title = INJECTIONS[0]
    bi22.save()
    lines = list(FundingLine.objects.filter(note=bi22))
    for line, text in zip(lines, INJECTIONS[1:], strict=False):
        line.activity = text
        line.save()
    extra = FundingLine.objects.get(pk=lines[0].pk)
    extra.pk = None
    extra.activity = 'a "quoted" <b>&amp;\x07 text'
    extra.save()
    workbook = command_workbook("budget-2026")
    title = workbook["Oversigt"][f"B{FIRST_DATA_ROW}"]
    assert title.value == INJECTIONS[0]
    assert title.data_type == "s" and title.quotePrefix
    texts = {}
    for sheet_name, column in (("Bevillinger", "C"), ("Data", "D")):
        for cell in workbook[sheet_name][column][FIRST_DATA_ROW - 1 :]:
            if cell.value is not None and not str(cell.value).endswith("i alt"):
                assert cell.data_type == "s", (sheet_name, cell.coordinate, cell.value)
                texts.setdefault(sheet_name, set()).add(cell.value)
    expected = {*INJECTIONS[1:3], 'a "quoted" <b>&amp; text'}
    assert expected <= texts["Bevillinger"]
    assert set(INJECTIONS[1:4]) <= texts["Data"]  # the copied line has no amounts
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    assert cell.value.startswith("=SUM("), (sheet.title, cell.coordinate)


def test_alternative_scenarios_are_listed_but_not_counted(command_workbook):
    from budgetnotes.models import Scenario

    bi22 = BudgetNote.objects.get(code="BI22")
    scenario2 = Scenario.objects.create(note=bi22, number=2, name="Mindre")
    line = FundingLine.objects.filter(note=bi22).first()
    amounts = list(line.amounts.all())
    line.pk = None
    line.scenario = scenario2
    line.activity = "Alternativ linje"
    line.save()
    for amount in amounts:
        amount.pk = None
        amount.line = line
        amount.save()
    workbook = command_workbook("budget-2026")
    sheet = workbook["Bevillinger"]
    grand = find_row(sheet, "C", "I alt")
    assert value(sheet, f"L{grand}") == seed.BI22_GRAND_TOTAL
    alternative = find_row(sheet, "C", "Alternativ linje")
    assert alternative > grand
    assert sheet[f"B{alternative}"].value == "Scenarie 2: Mindre"
    assert "Alternativ linje" not in {row["Aktivitet"] for row in rows(workbook["Data"])}
    assert next(rows(workbook["Oversigt"]))["I alt"] == seed.BI22_GRAND_TOTAL


def test_udloeb_lists_expiring_adopted_notes(command_workbook):
    bi05 = BudgetNote.objects.get(code="BI05")
    assert bi05.status == Status.ADOPTED and not bi05.is_permanent
    # BI05's money ends with 2027: it is on the worklist of the round that starts in 2028.
    from budgetnotes.models import BudgetRound

    BudgetRound.objects.create(kind="budget", year=2028, slug="budget-2028")
    workbook = command_workbook("budget-2028")
    expiring = list(rows(workbook["Udløb"]))
    assert expiring[0]["Notat"] == "BI05" and expiring[0]["Runde"] == "Budget 2024"
    assert expiring[0]["Service sidste år"] == seed.BI05_SERVICE[2027]
    assert expiring[0]["I alt sidste år"] == seed.BI05_YEAR_TOTALS[2027]
    assert expiring[0]["Udløber"] == "Hele notatet"
    # Line-level expiry: BI05's one-off 1.600 in 2024 ends before a round starting in 2025.
    BudgetRound.objects.create(kind="budget", year=2025, slug="budget-2025")
    lines = list(rows(command_workbook("budget-2025")["Udløb"]))
    assert (lines[0]["Notat"], lines[0]["Udløber"], lines[0]["Sidste år"]) == (
        "BI05",
        "Enkelte linjer",
        2024,
    )
    assert lines[0]["Service sidste år"] == lines[0]["I alt sidste år"] == 1_600
    assessments = command_workbook("budget-2027")["Udløb"]
    heading = find_row(assessments, "A", "Nr.")
    assert assessments.cell(heading + 1, 1).value == 1
