"""A backup restores into an empty database with every figure, user and role."""

import pytest
from django.core.management import CommandError, call_command

from budgetnotes.comments import Anchor
from budgetnotes.models import BudgetNote, Comment, User
from budgetnotes.services import comments as write
from initiatives.models import ExpiryAssessment, Initiative
from tests import seed_figures as seed

pytestmark = pytest.mark.django_db


def figures():
    notes = BudgetNote.objects.with_everything().order_by("code")
    return {
        "notes": {
            note.code: (
                note.economy_table().year_totals,
                note.allocations_table().year_totals,
                note.status,
                note.title,
            )
            for note in notes
        },
        "assessments": {
            a.number: (a.verdict, a.original_table.year_totals, a.proposed_table.year_totals)
            for a in ExpiryAssessment.objects.prefetch_related("economy_lines__amounts")
        },
        "users": {
            u.username: (u.administration.code, sorted(g.name for g in u.groups.all()), u.password)
            for u in User.objects.all()
        },
        "goals": Initiative.objects.filter(target_groups__goals__isnull=False).count(),
        "comments": [
            (
                c.note.code,
                c.parent.text if c.parent else None,
                c.author.username,
                c.text,
                c.row_kind,
                c.year,
                # the backup's JSON keeps milliseconds (DjangoJSONEncoder)
                c.resolved_at and c.resolved_at.isoformat(timespec="milliseconds"),
                c.resolved_by.username if c.resolved_by else None,
            )
            for c in Comment.objects.select_related(
                "note", "parent", "author", "resolved_by"
            ).order_by("pk")
        ],
    }


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_into_an_empty_database(tmp_path, demo_data):
    # Transactional: PostgreSQL cannot TRUNCATE (flush) inside the test's transaction.
    note = BudgetNote.objects.get(code="BI22")
    note.title = "Ændret før sikkerhedskopien"
    note.save()
    approver = User.objects.get(username="godkender")
    line = note.funding_lines.first()
    thread = write.add(
        approver,
        note,
        "2027 er for højt.",
        Anchor(row_kind="funding_lines", row_id=line.pk, year=2027),
    )
    write.reply(User.objects.get(username="redaktor"), thread, "Rettet.")
    write.resolve(approver, thread)
    before = figures()
    assert len(before["comments"]) == 2
    path = tmp_path / "backup.json.gz"
    call_command("backup", str(path))

    call_command("flush", interactive=False, verbosity=0)
    assert not BudgetNote.objects.exists() and not User.objects.exists()

    call_command("restore", str(path))
    after = figures()
    assert after == before
    assert after["notes"]["BI22"][0] == dict.fromkeys(seed.BI22_YEARS, seed.BI22_YEAR_TOTAL)
    assert len(after["assessments"]) == 27
    assert User.objects.get(username="redaktor").check_password("budget2026")
    assert BudgetNote.history.filter(title="Ændret før sikkerhedskopien").exists()


def test_restore_refuses_a_database_with_notes(tmp_path):
    path = tmp_path / "backup.json"
    call_command("backup", str(path))
    with pytest.raises(CommandError, match="allerede notater"):
        call_command("restore", str(path))
