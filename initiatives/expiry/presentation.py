"""An assessment's economy tables as presented, on its page and in its PDF alike
(budgetnotes.presentation.NumberedTable): numbered, captioned, each "heraf" line under the
line it is part of, and the steering area in its own column wherever lines carry a text."""

from budgetnotes.presentation import NumberedTable, Numbering
from initiatives.models import EconomyKind

HEADINGS = {
    EconomyKind.ORIGINAL: "Udløbende bevilling",
    EconomyKind.PROPOSED: "Foreslået økonomi",
}


def economy_tables(assessment, number=None):
    """{"original": NumberedTable, "proposed": NumberedTable}, for the kinds with lines."""
    number = number or Numbering()
    levels = {
        EconomyKind.ORIGINAL: assessment.original_price_level,
        EconomyKind.PROPOSED: assessment.proposed_price_level,
    }
    result = {}
    for kind, heading in HEADINGS.items():
        table = assessment.economy_table(kind)
        if not table.lines:
            continue
        # Lines with a text (or an owner) get it in a column of their own, beside the
        # steering area; lines that are only an area are named by it, as the seeds.
        named = any(
            line.label or line.administration_id or line.committee_id or line.of_which
            for line in assessment.economy_lines.all()
            if line.kind == kind
        )
        level = levels[kind]
        result[str(kind)] = NumberedTable(
            number(),
            heading,
            table,
            unit=f"1.000 kr., {level} p/l" if level else "1.000 kr.",
            first_heading="Tekst" if named else "Styringsområde",
            show_area=named,
            area_heading="Område",
            show_parts=True,
        )
    return result
