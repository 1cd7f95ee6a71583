"""Comments leave the registry only where they should: never in the note's PDF or workbook,
in the interchange file only when asked for (and then only of notes the reader may read)."""

import json

import jsonschema
import pytest
from django.core.management import call_command

from budgetnotes.comments import Anchor
from budgetnotes.models import BudgetRound
from budgetnotes.services import comments as write
from documents.interchange.export import export_round
from documents.interchange.reading import SCHEMA

pytestmark = pytest.mark.django_db


@pytest.fixture
def commented(editor, approver, bi22):
    line = bi22.funding_lines.order_by("position", "id").first()
    thread = write.add(
        approver,
        bi22,
        "Hemmeligt: 2027 er for højt.",
        Anchor(row_kind="funding_lines", row_id=line.pk, year=2027),
    )
    write.reply(editor, thread, "Rettet.")
    return thread


def test_the_interchange_file_has_no_comments_unless_asked(commented):
    budget_round = BudgetRound.objects.get(slug="budget-2026")
    assert "comments" not in export_round(budget_round)
    assert "Hemmeligt" not in json.dumps(export_round(budget_round), ensure_ascii=False)

    data = export_round(budget_round, with_comments=True)
    jsonschema.validate(data, SCHEMA)
    (comment,) = data["comments"]
    assert comment["note"] == "BI22"
    assert comment["row"] == {"kind": "funding_lines", "position": 1}
    assert comment["year"] == 2027
    assert (comment["author"], comment["text"]) == ("godkender", "Hemmeligt: 2027 er for højt.")
    assert [(r["author"], r["text"]) for r in comment["replies"]] == [("redaktor", "Rettet.")]
    assert comment["resolved_at"] is None


def test_a_readers_export_has_only_the_comments_of_notes_they_may_read(commented, sof_editor):
    budget_round = BudgetRound.objects.get(slug="budget-2026")
    data = export_round(budget_round, user=sof_editor, with_comments=True)
    assert data["comments"] == []


def test_the_command_takes_them_along_when_asked(commented, tmp_path):
    plain, full = tmp_path / "plain.json", tmp_path / "full.json"
    call_command("export_notes", "budget-2026", "-o", str(plain))
    call_command("export_notes", "budget-2026", "-o", str(full), "--with-comments")
    assert "Hemmeligt" not in plain.read_text(encoding="utf-8")
    assert "Hemmeligt" in full.read_text(encoding="utf-8")


def test_the_note_workbook_has_no_comments(client, editor, commented):
    import io

    from openpyxl import load_workbook

    client.force_login(editor)
    response = client.get("/budget-2026/BI22/xlsx/")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    book = load_workbook(io.BytesIO(content), read_only=True)
    cells = [
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    assert cells and not any("Hemmeligt" in cell or "Rettet." in cell for cell in cells)
