"""The appropriation workbook (issue 5): Oversigt, Bevillinger, Data, Tidligere afsatte midler,
Udløb and, when amounts are converted, Prisindeks.

Reads stream from the database as plain tuples (`values_list(...).iterator()`), one query per
sheet whatever the number of notes; figures come from `budgetnotes.totals` (line values,
per-note totals) or are SUM formulas over the written cells (Bevillinger's subtotals), so
an analyst can trace them. Converted amounts are rounded cell by cell before anything is
added up.
"""

from collections import defaultdict
from dataclasses import replace
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from zipfile import ZIP_DEFLATED, ZipFile

from django.db import connections
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table as ExcelTable
from openpyxl.worksheet.table import TableColumn, TableStyleInfo
from openpyxl.writer.excel import ExcelWriter

from budgetnotes import totals
from budgetnotes.choices import Category, IncomeExpense, Status, SteeringArea
from budgetnotes.models import FundingLine, PreviousAllocation, PriceIndex
from budgetnotes.queries import counted_q
from documents.workbook.xlsx import Formula, StreamingSheet

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
AMOUNT_FORMAT = "#,##0"
HEADER_ROWS = 5  # title, round, filters, price level, made when and by whom
TABLE_HEADER_ROW = HEADER_ROWS + 2  # one blank row between
FIRST_DATA_ROW = TABLE_HEADER_ROW + 1
AREA_ORDER = [value for value, _label in SteeringArea.choices]

SHEET_OVERVIEW = "Oversigt"
SHEET_LINES = "Bevillinger"
SHEET_DATA = "Data"
SHEET_ALLOCATIONS = "Tidligere afsatte midler"
SHEET_EXPIRY = "Udløb"
SHEET_PRICES = "Prisindeks"
DATA_TABLE_NAME = "Bevillingsdata"
DATA_AMOUNT_HEADER = "Beløb (1.000 kr.)"


def stream_rows(queryset, chunk_size=5000):
    """The rows of a values_list() queryset as plain tuples, straight from a cursor.

    The ORM builds the SQL; the rows skip its per-row machinery (a third of the time for
    200,000 rows). Only for columns that need no converters (integers, text). On PostgreSQL
    `chunked_cursor()` is a server-side cursor, so rows arrive in chunks, not all at once.
    """
    compiler = queryset.query.get_compiler(queryset.db)
    sql, params = compiler.as_sql()
    with connections[queryset.db].chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(chunk_size):
            yield from rows


class Styles:
    def __init__(self, sheet):
        thin = Side(style="thin", color="808080")
        self.amount = sheet.style_id(number_format=AMOUNT_FORMAT)
        self.amount_bold = sheet.style_id(number_format=AMOUNT_FORMAT, font=Font(bold=True))
        self.bold = sheet.style_id(font=Font(bold=True))
        self.title = sheet.style_id(font=Font(bold=True, size=13))
        self.header = sheet.style_id(
            font=Font(bold=True),
            fill=PatternFill("solid", fgColor="DDE4EE"),
            border=Border(bottom=thin),
            alignment=Alignment(wrap_text=True, vertical="top"),
        )
        self.factor = sheet.style_id(number_format="0.000000")
        self.index = sheet.style_id(number_format="0.000")


class WorkbookWriter:
    def __init__(self, selection):
        self.selection = selection
        self.round = selection.round
        self.notes_qs = selection.notes()
        self.status_labels = {value: str(label) for value, label in Status.choices}
        self.category_labels = {value: str(label) for value, label in Category.choices}
        self.area_labels = {value: str(label) for value, label in SteeringArea.choices}
        self.ie_labels = {value: value for value, _label in IncomeExpense.choices}
        self._in_prices = lru_cache(maxsize=65536)(totals.in_prices)

    # Reading

    def read_notes(self):
        fields = (
            "id",
            "code",
            "title",
            "administration__code",
            "committee__code",
            "category",
            "status",
            "price_level",
            "first_year",
            "last_year",
            "is_permanent",
            "allocations_first_year",
            "allocations_last_year",
        )
        keys = [field.removesuffix("__code") for field in fields]  # "administration": its code
        rows = self.notes_qs.order_by("code").values_list(*fields)
        self.notes = {row[0]: dict(zip(keys, row, strict=True)) for row in rows}
        if self.notes:
            first = min(note["first_year"] for note in self.notes.values())
            last = max(note["last_year"] for note in self.notes.values())
            self.years = tuple(range(first, last + 1))
        else:
            self.years = ()

    def read_prices(self):
        """The index figures a conversion needs; a missing one stops everything."""
        self.indices = {}
        self.factors_used = []
        target = self.selection.target_pl
        if target is None:
            return
        indices = {
            (area, year): (index, is_example, source)
            for area, year, index, is_example, source in PriceIndex.objects.values_list(
                "steering_area", "year", "index", "is_example", "source"
            )
        }
        self.indices = {key: value[0] for key, value in indices.items()}
        pairs = (
            FundingLine.objects.filter(note__in=self.notes_qs)
            .values_list("steering_area", "note__price_level")
            .distinct()
            .order_by()
        )
        for area, source in sorted(pairs, key=lambda pair: (AREA_ORDER.index(pair[0]), pair[1])):
            if source == target:
                continue
            for year in (source, target):
                if (area, year) not in self.indices:
                    raise totals.MissingPriceIndex(area, year)
            self.factors_used.append(
                (area, source, indices[(area, source)], indices[(area, target)])
            )

    @property
    def price_text(self):
        target = self.selection.target_pl
        if target is not None:
            return _("1.000 kr., %(year)s p/l (omregnet med prisindeks, se arket %(sheet)s)") % {
                "year": target,
                "sheet": SHEET_PRICES,
            }
        levels = sorted({note["price_level"] for note in self.notes.values()})
        if len(levels) == 1:
            return _("1.000 kr., %(year)s p/l") % {"year": levels[0]}
        if not levels:
            return _("1.000 kr.")
        return _(
            "1.000 kr., notaternes eget p/l (%(levels)s) – vælg et prisniveau for at lægge "
            "beløb i forskellige p/l sammen"
        ) % {"levels": ", ".join(str(level) for level in levels)}

    def convert(self, line, price_level):
        target = self.selection.target_pl
        if target is None or target == price_level:
            return line
        source = self.indices[(line.steering_area, price_level)]
        target_index = self.indices[(line.steering_area, target)]
        # totals.in_prices for each cell (as totals.line_in_prices does), remembered per
        # (amount, indices): amounts repeat a lot, and Decimal arithmetic is the slow part.
        in_prices = self._in_prices
        return replace(
            line,
            amounts={
                year: in_prices(amount, source, target_index)
                for year, amount in line.amounts.items()
            },
        )

    def line_rows(self):
        """Funding lines with their amounts, in Bevillinger's order: primary lines by
        steering area, committee, note and position, then alternative scenarios."""
        area_order = Case(
            *(When(steering_area=area, then=Value(rank)) for rank, area in enumerate(AREA_ORDER)),
            default=Value(len(AREA_ORDER)),
            output_field=IntegerField(),
        )
        alternative = Case(
            When(counted_q(), then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return stream_rows(
            FundingLine.objects.filter(note__in=self.notes_qs)
            .annotate(alternative=alternative, area_order=area_order)
            .order_by(
                "alternative",
                "area_order",
                "committee__code",
                "note__code",
                "position",
                "id",
                "amounts__year",
            )
            .values_list(
                "id",
                "note_id",
                "alternative",
                "scenario__number",
                "scenario__name",
                "activity",
                "steering_area",
                "committee__code",
                "appropriation_area__committee__code",
                "appropriation_area__number",
                "income_expense",
                "amounts__year",
                "amounts__amount",
            )
        )

    # Writing

    def write(self, out):
        """Write the workbook to `out` (a path or a binary file object)."""
        self.read_notes()
        self.read_prices()
        workbook = Workbook(write_only=True)
        workbook.calculation.fullCalcOnLoad = True
        workbook.calculation.calcMode = "auto"
        self.workbook = workbook
        overview = StreamingSheet.add_to(workbook, SHEET_OVERVIEW)
        self.styles = Styles(overview)
        lines_sheet = StreamingSheet.add_to(workbook, SHEET_LINES)
        data_sheet = StreamingSheet.add_to(workbook, SHEET_DATA)
        allocations_sheet = StreamingSheet.add_to(workbook, SHEET_ALLOCATIONS)
        expiry_sheet = StreamingSheet.add_to(workbook, SHEET_EXPIRY)
        prices_sheet = (
            StreamingSheet.add_to(workbook, SHEET_PRICES) if self.selection.target_pl else None
        )
        sheets = [
            s
            for s in (
                overview,
                lines_sheet,
                data_sheet,
                allocations_sheet,
                expiry_sheet,
                prices_sheet,
            )
            if s
        ]
        try:
            note_lines = self.write_lines_and_data(lines_sheet, data_sheet)
            self.write_overview(overview, note_lines)
            del note_lines
            self.write_allocations(allocations_sheet)
            self.write_expiry(expiry_sheet)
            if prices_sheet is not None:
                self.write_prices(prices_sheet)
            with ZipFile(out, "w", ZIP_DEFLATED, allowZip64=True, compresslevel=1) as archive:
                ExcelWriter(workbook, archive).save()
        except BaseException:
            for sheet in sheets:
                sheet.discard()
            raise

    def header(self, sheet, title, columns, widths, price_text=None, freeze="A"):
        """The header block (title, round, filters, price level, made) and the column row."""
        for index, width in enumerate(widths, 1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = f"{freeze}{FIRST_DATA_ROW}"
        selection = self.selection
        sheet.append([title], [self.styles.title])
        sheet.append([_("Runde: %(round)s") % {"round": self.round.name}])
        sheet.append([_("Udvalgt: %(filters)s") % {"filters": selection.filter_text}])
        sheet.append([_("Prisniveau: %(text)s") % {"text": price_text or self.price_text}])
        sheet.append([_("Dannet: %(made)s") % {"made": selection.made_text}])
        sheet.append([])
        sheet.append(list(columns), [self.styles.header] * len(columns))

    def year_letters(self, first_column):
        return [get_column_letter(first_column + index) for index in range(len(self.years))]

    def write_lines_and_data(self, sheet, data):
        """Bevillinger and Data in one pass over the funding lines.

        Returns {note id: [totals.Line]} of primary lines, in the workbook's prices.
        """
        styles = self.styles
        years = self.years
        n_years = len(years)
        text_columns = 7
        year_letters = self.year_letters(text_columns + 1)
        total_letter = get_column_letter(text_columns + n_years + 1)
        self.header(
            sheet,
            _("Bevillinger – %(round)s") % {"round": self.round.name},
            [
                _("Notat"),
                _("Scenarie"),
                _("Aktivitet"),
                _("Styringsområde"),
                _("Udvalg"),
                _("Bevilling"),
                _("I/U"),
                *(str(year) for year in years),
                _("I alt"),
            ],
            [9, 14, 48, 16, 9, 12, 5, *([11] * n_years), 12],
            freeze="D",
        )
        data_columns = [
            _("Notat"),
            _("Forvaltning"),
            _("Status"),
            _("Aktivitet"),
            _("Styringsområde"),
            _("Udvalg"),
            _("Bevilling"),
            _("I/U"),
            _("År"),
            DATA_AMOUNT_HEADER,
            _("P/L"),
        ]
        self.header(
            data,
            _("Data – %(round)s (ét beløb pr. linje pr. år)") % {"round": self.round.name},
            data_columns,
            [9, 12, 14, 48, 16, 9, 12, 5, 7, 14, 7],
        )
        line_styles = [None] * text_columns + [styles.amount] * (n_years + 1)
        total_styles = [None, None, styles.bold, styles.bold, styles.bold, None, None] + [
            styles.amount_bold
        ] * (n_years + 1)
        data_tail_styles = [None, styles.amount, None]

        notes = self.notes
        area_labels = self.area_labels
        status_labels = self.status_labels
        note_lines = defaultdict(list)
        committee_subtotals = defaultdict(list)  # committee → subtotal rows (all areas)
        area_subtotals = []  # (area, row)
        group_first_row = None
        current_group = None
        area_committee_rows = []
        alternatives_started = False
        first_year_letter = year_letters[0] if year_letters else None
        last_year_letter = year_letters[-1] if year_letters else None

        def sum_row(label_parts, ranges_by_letter, bold=True):
            row = [None, None, *label_parts]
            row += [None] * (text_columns - len(row))
            row += [Formula(f"SUM({ranges_by_letter(letter)})") for letter in year_letters]
            row.append(Formula(f"SUM({ranges_by_letter(total_letter)})") if years else None)
            sheet.append(row, total_styles if bold else line_styles)
            return sheet.current_row

        def close_committee():
            committee, area = current_group[2], current_group[1]
            first, last = group_first_row, sheet.current_row
            row = sum_row(
                [
                    _("%(committee)s i alt (%(area)s)")
                    % {"committee": committee, "area": area_labels.get(area, area)},
                    area_labels.get(area, area),
                    committee,
                ],
                lambda letter: f"{letter}{first}:{letter}{last}",
            )
            committee_subtotals[committee].append(row)
            area_committee_rows.append(row)

        def close_area(area):
            rows = list(area_committee_rows)
            row = sum_row(
                [
                    _("%(area)s i alt") % {"area": area_labels.get(area, area)},
                    area_labels.get(area, area),
                ],
                lambda letter: ",".join(f"{letter}{r}" for r in rows),
            )
            area_subtotals.append((area, row))
            area_committee_rows.clear()

        def close_primary():
            rows = [row for _area, row in area_subtotals]
            sum_row(
                [_("I alt")],
                lambda letter: ",".join(f"{letter}{r}" for r in rows) if rows else "0",
            )
            self.lines_grand_total_row = sheet.current_row
            if committee_subtotals:
                sheet.append([])
                sheet.append([None, None, _("Fordeling mellem udvalg")], [None, None, styles.bold])
                for committee in sorted(committee_subtotals):
                    rows_of = committee_subtotals[committee]
                    sum_row(
                        [_("%(committee)s i alt") % {"committee": committee}, None, committee],
                        lambda letter, rows_of=rows_of: ",".join(f"{letter}{r}" for r in rows_of),
                    )

        for _line_id, rows in groupby(self.line_rows(), key=itemgetter(0)):
            rows = list(rows)
            (
                _id,
                note_id,
                alternative,
                scenario_number,
                scenario_name,
                activity,
                area,
                committee,
                appropriation_committee,
                appropriation_number,
                income_expense,
                _year,
                _amount,
            ) = rows[0]
            note = notes[note_id]
            amounts = {row[11]: row[12] for row in rows if row[11] is not None}
            line = self.convert(
                totals.Line(
                    label=activity,
                    amounts=amounts,
                    steering_area=area,
                    committee=committee,
                    appropriation=f"{appropriation_committee} {appropriation_number}",
                    income_expense=income_expense,
                ),
                note["price_level"],
            )
            group = (alternative, area, committee)
            if group != current_group:
                if current_group is not None and not alternatives_started:
                    close_committee()
                    if area != current_group[1] or alternative:
                        close_area(current_group[1])
                if alternative and not alternatives_started:
                    close_primary()
                    alternatives_started = True
                    sheet.append([])
                    sheet.append(
                        [None, None, _("Alternative scenarier (indgår ikke i totalerne)")],
                        [None, None, styles.bold],
                    )
                current_group = group
                group_first_row = sheet.current_row + 1
            if scenario_number is None:
                scenario = None
            elif scenario_name:
                scenario = f"Scenarie {scenario_number}: {scenario_name}"
            else:
                scenario = f"Scenarie {scenario_number}"
            area_label = area_labels.get(area, area)
            row_number = sheet.current_row + 1
            sheet.append(
                [
                    note["code"],
                    scenario,
                    activity,
                    area_label,
                    committee,
                    line.appropriation,
                    income_expense,
                    *line.cells(years),
                    Formula(f"SUM({first_year_letter}{row_number}:{last_year_letter}{row_number})"),
                ],
                line_styles,
            )
            if alternative:
                continue
            note_lines[note_id].append(line)
            prefix = [
                note["code"],
                note["administration"],
                status_labels.get(note["status"], note["status"]),
                activity,
                area_label,
                committee,
                line.appropriation,
                income_expense,
            ]
            price_level = self.selection.target_pl or note["price_level"]
            prefix = data.prepare(prefix)
            for year, amount in sorted(line.amounts.items()):
                if amount is not None:
                    data.append_prepared(prefix, [year, amount, price_level], data_tail_styles)

        if not alternatives_started:
            if current_group is not None:
                close_committee()
                close_area(current_group[1])
            close_primary()
        sheet.auto_filter.ref = (
            f"A{TABLE_HEADER_ROW}:{total_letter}{max(sheet.current_row, FIRST_DATA_ROW)}"
        )

        last_data_row = max(data.current_row, FIRST_DATA_ROW)
        table = ExcelTable(
            displayName=DATA_TABLE_NAME,
            ref=f"A{TABLE_HEADER_ROW}:{get_column_letter(len(data_columns))}{last_data_row}",
        )
        table.tableColumns = [
            TableColumn(id=index, name=name) for index, name in enumerate(data_columns, 1)
        ]
        table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
        data.add_table(table)
        return note_lines

    def write_overview(self, sheet, note_lines):
        styles = self.styles
        years = self.years
        areas = [
            area
            for area in AREA_ORDER
            if any(line.steering_area == area for lines in note_lines.values() for line in lines)
        ]
        text_columns = ["Notat", "Titel", "Forvaltning", "Udvalg", "Kategori", "Status", "P/L"]
        columns = [_(name) for name in text_columns]
        for area in areas:
            columns += [f"{self.area_labels[area]} {year}" for year in years]
        columns += [_("I alt %(year)s") % {"year": year} for year in years]
        columns.append(_("I alt"))
        n_amounts = len(columns) - len(text_columns)
        self.header(
            sheet,
            _("Oversigt – %(round)s") % {"round": self.round.name},
            columns,
            [9, 48, 12, 9, 22, 14, 7, *([11] * (n_amounts - 1)), 12],
            freeze="C",
        )
        note_styles = [None] * len(text_columns) + [styles.amount] * n_amounts
        for note_id, note in self.notes.items():
            table = totals.Table(
                tuple(range(note["first_year"], note["last_year"] + 1)),
                tuple(note_lines.get(note_id, ())),
            )
            by_area = table.by_steering_area()
            year_totals = table.year_totals
            row = [
                note["code"],
                note["title"],
                note["administration"],
                note["committee"],
                self.category_labels.get(note["category"], note["category"]) or None,
                self.status_labels.get(note["status"], note["status"]),
                note["price_level"],
            ]
            for area in areas:
                area_totals = by_area[area].year_totals if area in by_area else {}
                row += [area_totals.get(year) for year in years]
            row += [year_totals.get(year) for year in years]
            row.append(table.grand_total)
            sheet.append(row, note_styles)
        first, last = FIRST_DATA_ROW, sheet.current_row
        total_row = [None, _("I alt"), None, None, None, None, None]
        for index in range(n_amounts):
            letter = get_column_letter(len(text_columns) + 1 + index)
            total_row.append(
                Formula(f"SUM({letter}{first}:{letter}{last})") if last >= first else 0
            )
        sheet.append(total_row, [None, styles.bold, *[None] * 5, *[styles.amount_bold] * n_amounts])
        self.overview_total_row = sheet.current_row
        sheet.auto_filter.ref = (
            f"A{TABLE_HEADER_ROW}:{get_column_letter(len(columns))}{max(last, FIRST_DATA_ROW)}"
        )

    def write_allocations(self, sheet):
        styles = self.styles
        rows = stream_rows(
            PreviousAllocation.objects.filter(note__in=self.notes_qs)
            .order_by("note__code", "position", "id", "amounts__year")
            .values_list("id", "note_id", "source", "amounts__year", "amounts__amount")
        )
        by_note = []
        years = set()
        for note_id, note_rows in groupby(rows, key=itemgetter(1)):
            allocations = []
            for _id, allocation_rows in groupby(note_rows, key=itemgetter(0)):
                allocation_rows = list(allocation_rows)
                amounts = {r[3]: r[4] for r in allocation_rows if r[3] is not None}
                allocations.append(totals.Line(label=allocation_rows[0][2], amounts=amounts))
            note = self.notes[note_id]
            if note["allocations_first_year"] and note["allocations_last_year"]:
                span = range(note["allocations_first_year"], note["allocations_last_year"] + 1)
            else:
                found = [year for line in allocations for year in line.amounts]
                span = range(min(found), max(found) + 1) if found else range(0)
            note_years = tuple(span)
            years.update(note_years)
            by_note.append((note, totals.Table(note_years, tuple(allocations))))
        all_years = tuple(range(min(years), max(years) + 1)) if years else ()
        letters = [get_column_letter(3 + index) for index in range(len(all_years))]
        total_letter = get_column_letter(3 + len(all_years))
        self.header(
            sheet,
            _("Tidligere afsatte midler – %(round)s") % {"round": self.round.name},
            [_("Notat"), _("Kilde"), *(str(year) for year in all_years), _("I alt")],
            [9, 40, *([11] * len(all_years)), 12],
            price_text=_("1.000 kr., løbende p/l (omregnes ikke)"),
            freeze="C",
        )
        line_styles = [None, None] + [styles.amount] * (len(all_years) + 1)
        total_styles = [None, styles.bold] + [styles.amount_bold] * (len(all_years) + 1)
        self.allocation_total_rows = {}
        for note, table in by_note:
            first = sheet.current_row + 1
            for line in table.lines:
                row_number = sheet.current_row + 1
                cells = [line.amounts.get(year) for year in all_years]
                total = (
                    Formula(f"SUM({letters[0]}{row_number}:{letters[-1]}{row_number})")
                    if letters
                    else None
                )
                sheet.append([note["code"], line.label, *cells, total], line_styles)
            last = sheet.current_row
            in_span = set(table.years)
            cells = [
                Formula(f"SUM({letter}{first}:{letter}{last})") if year in in_span else None
                for letter, year in zip(letters, all_years, strict=True)
            ]
            sheet.append(
                [
                    note["code"],
                    _("Afsatte midler i alt"),
                    *cells,
                    Formula(f"SUM({total_letter}{first}:{total_letter}{last})"),
                ],
                total_styles,
            )
            self.allocation_total_rows[note["code"]] = sheet.current_row
        sheet.auto_filter.ref = (
            f"A{TABLE_HEADER_ROW}:{total_letter}{max(sheet.current_row, FIRST_DATA_ROW)}"
        )

    def write_expiry(self, sheet):
        from documents.workbook.expiry import write_expiry

        write_expiry(self, sheet)

    def write_prices(self, sheet):
        target = self.selection.target_pl
        self.header(
            sheet,
            _("Prisindeks brugt til omregning til %(year)s p/l") % {"year": target},
            [
                _("Styringsområde"),
                _("Fra p/l"),
                _("Indeks (fra)"),
                _("Til p/l"),
                _("Indeks (til)"),
                _("Faktor"),
                _("Eksempeltal"),
                _("Kilde"),
            ],
            [16, 9, 12, 9, 12, 11, 12, 60],
            price_text=_(
                "Beløb × indeks(til) / indeks(fra), afrundet til hele 1.000 kr. pr. celle"
            ),
        )
        styles = [None, None, self.styles.index, None, self.styles.index, self.styles.factor]
        for area, source, (source_index, example, origin), (
            target_index,
            *_rest,
        ) in self.factors_used:
            sheet.append(
                [
                    self.area_labels.get(area, area),
                    source,
                    float(source_index),
                    target,
                    float(target_index),
                    float(target_index / source_index),
                    _("Ja") if example else _("Nej"),
                    origin,
                ],
                [*styles, None, None],
            )
