"""An assessment's history as its reader may see it, and what others changed meanwhile (shown
when a save meets a newer version)."""

from django.utils.translation import gettext as _

from budgetnotes import access
from budgetnotes.access import visibility_q
from budgetnotes.models import BudgetNote
from initiatives.models import ExpiryAmount, ExpiryAssessment, ExpiryEconomyLine


def _value(value):
    if value is None or value == "":
        return "–"
    text = str(value)
    return text if len(text) <= 200 else text[:200] + " …"


def _reason(record):
    """What a save was, as recorded. Reasons from before the note was named only by its link
    ("Opfølgende notat BI77 oprettet") are shown without the code, which the user may not see."""
    reason = record.history_change_reason
    if reason and reason.startswith(str(_("Opfølgende notat"))):
        return _("Opfølgende notat oprettet")
    return reason or {"+": _("Oprettet"), "~": _("Ændret"), "-": _("Slettet")}[record.history_type]


def _history_value(user, field, value):
    """A stored value as the user may see it: notes and related sheets by the access rule
    (one the user may not read shows as nothing), other links by name, never by id."""
    if field in ("source_note", "follow_up_note"):
        note = BudgetNote.objects.filter(pk=value).first() if value else None
        return f"{note.code} {note.title}" if note and access.can_view(user, note) else "–"
    if field == "related":
        ids = {row.get("to_expiryassessment") for row in value or () if isinstance(row, dict)}
        sheets = ExpiryAssessment.objects.filter(visibility_q(user), pk__in=ids)
        return ", ".join(sheet.label for sheet in sheets.order_by("number")) or "–"
    if field in ("initiative", "administration") and value:
        model = ExpiryAssessment._meta.get_field(field).related_model
        return _value(model.objects.filter(pk=value).first())
    return _value(value)


def entries(assessment, user):
    """The assessment's history, newest first: its own saves field by field, its economy
    lines and their amounts, with who and when."""
    entries = []
    for record in assessment.history.select_related("history_user"):
        changes = []
        previous = record.prev_record
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=["version", "updated_at"])
            for change in delta.changes:
                try:
                    label = ExpiryAssessment._meta.get_field(change.field).verbose_name
                except Exception:  # a tracked m2m field
                    label = change.field
                old, new = (
                    _history_value(user, change.field, value) for value in (change.old, change.new)
                )
                if old != new:  # e.g. a link changed between two sheets the user cannot see
                    changes.append((str(label).capitalize(), old, new))
        entries.append(
            {
                "date": record.history_date,
                "user": record.history_user,
                "what": _reason(record),
                "changes": changes,
            }
        )
    lines = ExpiryEconomyLine.history.filter(assessment_id=assessment.pk).select_related(
        "history_user"
    )
    line_ids = {record.id for record in lines}
    labels = {}
    for record in lines.order_by("history_date"):
        labels[record.id] = (
            f"{record.get_kind_display()}: {record.label or record.get_steering_area_display() or '-'}"
        )
    for record in lines:
        entries.append(
            {
                "date": record.history_date,
                "user": record.history_user,
                "what": {
                    "+": _("Økonomilinje tilføjet"),
                    "~": _("Økonomilinje ændret"),
                    "-": _("Økonomilinje slettet"),
                }[record.history_type],
                "changes": [(labels.get(record.id, ""), "", "")],
            }
        )
    for record in ExpiryAmount.history.filter(line_id__in=line_ids).select_related("history_user"):
        old = record.prev_record.amount if record.prev_record else None
        new = None if record.history_type == "-" else record.amount
        entries.append(
            {
                "date": record.history_date,
                "user": record.history_user,
                "what": _("Beløb"),
                "changes": [(f"{labels.get(record.line_id, '')}, {record.year}", old, new)],
                "amount": True,
            }
        )
    entries.sort(key=lambda entry: entry["date"], reverse=True)
    return entries


def changes_since(assessment, version):
    """What others changed after `version`, in Danish: (who, [field: new value, ...])."""
    history = assessment.history.order_by("history_date", "history_id")
    base = history.filter(version__lte=version).last()
    later = list(history.filter(version__gt=version))
    if not later:
        return [], []
    who = []
    for record in later:
        name = str(record.history_user) if record.history_user else _("ukendt")
        if name not in who:
            who.append(name)
    changes = []
    latest = later[-1]
    if base is not None:
        delta = latest.diff_against(base, excluded_fields=["version", "updated_at"])
        for change in delta.changes:
            try:
                label = ExpiryAssessment._meta.get_field(change.field).verbose_name
            except Exception:  # m2m or unknown field: its name is good enough
                label = change.field
            changes.append(str(label).capitalize())
        since = base.history_date
    else:
        since = later[0].history_date
    line_history = ExpiryEconomyLine.history.filter(
        assessment_id=assessment.pk, history_date__gt=since
    )
    line_ids = set(
        ExpiryEconomyLine.history.filter(assessment_id=assessment.pk).values_list("id", flat=True)
    )
    amount_history = ExpiryAmount.history.filter(line_id__in=line_ids, history_date__gt=since)
    if line_history.exists() or amount_history.exists():
        changes.append(str(_("Økonomien (linjer og beløb)")))
    return who, changes
