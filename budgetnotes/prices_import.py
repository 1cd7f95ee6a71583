"""Reading a set of published price indices from a CSV file or a spreadsheet (the admin's
"Indlæs prisindeks"): one row per year and steering area, every problem said in Danish with
its line, nothing saved unless all of it reads."""

import csv
import io
from decimal import Decimal, InvalidOperation

from django.db import transaction

from budgetnotes.choices import SteeringArea
from budgetnotes.models import PriceIndex, PriceIndexSet

AREAS = {
    **{value: value for value, _label in SteeringArea.choices},
    **{str(label).lower(): value for value, label in SteeringArea.choices},
    "overførsler": "overfoersler",
}
MAX_ROWS = 1_000


class IndexFileError(ValueError):
    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(problems))


def _rows(raw, filename):
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(raw), read_only=True, data_only=True).active
        except Exception:  # any unreadable workbook gets the same sentence
            raise IndexFileError(
                ["Regnearket kan ikke læses; gem det som .xlsx eller CSV."]
            ) from None
        return [
            ["" if cell is None else str(cell) for cell in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise IndexFileError(["Filen er ikke tekst i UTF-8; gem den som CSV (UTF-8)."]) from None
    dialect = csv.Sniffer().sniff(text[:2048], delimiters=";,\t") if text.strip() else csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def read_indices(raw, filename):
    """[(steering area, year, index)] from the file's rows "år; styringsområde; indeks" (a
    first row of headings is skipped; 118,0 and 118.0 both read)."""
    rows, problems = [], []
    found = _rows(raw, filename)
    if found and found[0] and not found[0][0].strip().isdigit():
        found = [None, *found[1:]]  # the headings; keep the line numbers
    for number, row in enumerate(found, start=1):
        if row is None or not any(cell.strip() for cell in row):
            continue
        if len(rows) >= MAX_ROWS:
            problems.append(f"Højst {MAX_ROWS} rækker.")
            break
        if len(row) < 3:
            problems.append(f"Linje {number}: skal have år, styringsområde og indeks.")
            continue
        year, area, index = (cell.strip() for cell in row[:3])
        if not (year.isdigit() and 2000 <= int(year) <= 2100):
            problems.append(f"Linje {number}: »{year[:20]}« er ikke et år.")
            continue
        if area.lower() not in AREAS:
            problems.append(f"Linje {number}: ukendt styringsområde »{area[:40]}«.")
            continue
        try:
            value = Decimal(index.replace(".", "").replace(",", ".") if "," in index else index)
        except InvalidOperation:
            problems.append(f"Linje {number}: »{index[:20]}« er ikke et indekstal.")
            continue
        if not Decimal(0) < value < Decimal(100_000):
            problems.append(f"Linje {number}: indekset skal være et positivt tal.")
            continue
        rows.append((AREAS[area.lower()], int(year), value.quantize(Decimal("0.001"))))
    keys = [(area, year) for area, year, _index in rows]
    if len(set(keys)) != len(keys):
        problems.append("Filen har samme år og styringsområde to gange.")
    if not rows and not problems:
        problems.append("Filen har ingen indekstal.")
    if problems:
        raise IndexFileError(problems)
    return rows


@transaction.atomic
def save_set(*, name, published, is_example, source, rows):
    """A new set with `rows` (from read_indices)."""
    chosen = PriceIndexSet.objects.create(
        name=name, published=published, is_example=is_example, source=source
    )
    PriceIndex.objects.bulk_create(
        PriceIndex(set=chosen, steering_area=area, year=year, index=index)
        for area, year, index in rows
    )
    return chosen
