"""The notes catalogue of a round: a table of contents whose page numbers point at each note's
first page, every note with its own footer."""

import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from budgetnotes.generate import generate_round
from budgetnotes.models import BudgetNote
from tests.pdf.conftest import pdf_pages, toc_entries


@pytest.mark.slow
def test_toc_page_numbers_point_at_each_note(db, tmp_path):
    generate_round("katalog-2030", notes=14, lines_per_note=4, administrations=["BIF"])
    codes = set(
        BudgetNote.objects.filter(round__slug="katalog-2030").values_list("code", flat=True)
    )
    out = tmp_path / "katalog.pdf"
    call_command("round_pdf", "katalog-2030", "-o", str(out), skip_checks=True)
    pages = pdf_pages(out.read_bytes())

    entries = toc_entries(pages, "|".join(map(re.escape, sorted(codes))))
    assert set(entries) == codes
    for code, page in entries.items():
        assert re.search(rf"{re.escape(code)} · side 1 af \d+", pages[page - 1]), (code, page)
    # Every page of the notes carries its note's footer, numbered within the note.
    first = min(entries.values())
    for page in pages[first - 1 :]:
        assert re.search(r"\S+ · side \d+ af \d+", page)


@pytest.mark.parametrize("command", ["round_pdf", "expiry_pdf", "appropriations_xlsx"])
def test_unknown_round_is_a_clear_error(db, tmp_path, command):
    out = tmp_path / "x"
    with pytest.raises(CommandError, match="Der findes ingen runde med navnet 'budget-1999'"):
        call_command(command, "budget-1999", "-o", str(out), skip_checks=True)
    assert not out.exists()


@pytest.mark.slow
def test_commands_say_what_they_wrote(db, tmp_path, capsys):
    out = tmp_path / "udloeb.pdf"
    call_command("expiry_pdf", "budget-2027", "-o", str(out), skip_checks=True)
    said = capsys.readouterr().out
    assert re.fullmatch(rf"27 vurderinger: [\d.]+ bytes skrevet til {re.escape(str(out))}\n", said)
    assert out.read_bytes().startswith(b"%PDF-")
