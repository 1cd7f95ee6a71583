"""What the export commands share: finding the round, drawing a catalogue with a progress bar,
writing the file and saying so."""

from pathlib import Path

from django.core.management.base import CommandError
from tqdm import tqdm

from budgetnotes.models import BudgetRound
from budgetnotes.numbers import format_amount
from documents.pdf.catalogue import build


def round_or_error(slug):
    try:
        return BudgetRound.objects.get(slug=slug)
    except BudgetRound.DoesNotExist:
        raise CommandError(f"Der findes ingen runde med navnet {slug!r}.") from None


def write_file(command, content, output, what):
    """Writes `content` to `output` and tells the user: "BI22: 40.071 bytes skrevet til x.pdf"."""
    Path(output).write_bytes(content)
    command.stdout.write(f"{what}: {format_amount(len(content))} bytes skrevet til {output}")


def write_catalogue(command, catalogue, unit, output):
    """Renders a catalogue with a progress bar on stderr and writes it: "27 vurderinger: …"."""
    count = sum(len(group.entries) for group in catalogue.groups)
    bar = tqdm(total=None, unit=" dele", desc=f"PDF ({unit})", file=command.stderr, leave=False)

    def progress(done, total):
        bar.total = total
        bar.n = done
        bar.refresh()

    try:
        pdf = build(catalogue, progress=progress)
    finally:
        bar.close()
    write_file(command, pdf, output, f"{count} {unit}")
