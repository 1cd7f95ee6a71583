"""The package writer: a failure in any sheet leaves no temporary files behind."""

import tempfile

import pytest

from budgetnotes.models import BudgetRound
from documents.workbook.api import Selection, write_workbook
from documents.workbook.sheets.allocations import AllocationsSheet

pytestmark = pytest.mark.django_db


def test_a_failing_sheet_leaves_no_temporary_files(tmp_path, monkeypatch):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))

    def failing_rows(sheet):
        yield sheet.row(["a row before the failure"])
        raise RuntimeError("sheet failed")

    monkeypatch.setattr(AllocationsSheet, "rows", failing_rows)
    selection = Selection(round=BudgetRound.objects.get(slug="budget-2026"))
    with pytest.raises(RuntimeError, match="sheet failed"):
        write_workbook(selection, tmp_path / "x.xlsx")
    assert list(scratch.iterdir()) == []  # the sheets written before it were closed, then removed


def test_a_complete_workbook_leaves_no_temporary_files(tmp_path, monkeypatch):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    write_workbook(
        Selection(round=BudgetRound.objects.get(slug="budget-2026")), tmp_path / "x.xlsx"
    )
    assert (tmp_path / "x.xlsx").stat().st_size > 0
    assert list(scratch.iterdir()) == []
