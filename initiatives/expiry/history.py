"""An assessment's history as its reader may see it, and what others changed meanwhile (shown
when a save meets a newer version)."""

import bisect

from django.utils.translation import gettext as _

from budgetnotes import access
from budgetnotes.access import visibility_q
from budgetnotes.models import BudgetNote
from budgetnotes.pages.changes import Change
from budgetnotes.pages.history import (
    Births,
    Entry,
    Labels,
    amount_change,
    field_changes,
    user_name,
)
from budgetnotes.workflow import read_reason
from initiatives.models import ExpiryAmount, ExpiryAssessment, ExpiryEconomyLine


def _value(value):
    if value is None or value == "":
        return "–"
    text = str(value)
    return text if len(text) <= 200 else text[:200] + " …"


def _reason(record):
    """What a save was, as recorded. Reasons from before the note was named only by its link
    ("Opfølgende notat BI77 oprettet") are shown without the code, which the user may not see."""
    step, reason = read_reason(record.history_change_reason)
    if step.startswith(str(_("Opfølgende notat"))):
        return _("Opfølgende notat oprettet")
    if reason:
        return _("%(step)s – begrundelse: %(reason)s") % {"step": step, "reason": reason}
    return step or {"+": _("Oprettet"), "~": _("Ændret"), "-": _("Slettet")}[record.history_type]


def _model_field(name):
    try:
        return ExpiryAssessment._meta.get_field(name)
    except Exception:  # a tracked m2m field
        return None


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
    choices = getattr(_model_field(field), "choices", None)
    if choices and value not in (None, ""):
        return _value(dict(choices).get(value, value))  # "Videreføres uændret", not "uaendret"
    if field in ("initiative", "administration") and value:
        model = ExpiryAssessment._meta.get_field(field).related_model
        return _value(model.objects.filter(pk=value).first())
    return _value(value)


def entries(assessment, user):
    """The assessment's history, newest first, one entry per save: its own fields, its
    economy lines (a line added or removed is one change with its amounts) and their amounts,
    with who and when. The lines and amounts of a save are recorded after the sheet's own
    record of it (save_assessment), so each goes to the last entry before it."""
    records = list(
        assessment.history.select_related("history_user").order_by("history_date", "history_id")
    )
    found = []
    previous = None
    for record in records:
        changes = []
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
                    changes.append(Change(str(label).capitalize(), old, new))
        found.append(
            Entry(record.history_date, user_name(record), str(_reason(record)), changes=changes)
        )
        previous = record
    dates = [entry.date for entry in found]

    def entry_for(record):
        index = bisect.bisect_right(dates, record.history_date) - 1
        if index < 0:
            entry = Entry(record.history_date, user_name(record), str(_("Ændret")))
            found.insert(0, entry)
            dates.insert(0, record.history_date)
            return entry
        return found[index]

    labels = Labels()
    births = Births()
    names = {}
    last = {}
    lines = ExpiryEconomyLine.history.filter(assessment_id=assessment.pk)
    for record in lines.select_related("history_user").order_by("history_date", "history_id"):
        name = f"{record.get_kind_display()}: {record.label or record.get_steering_area_display() or '-'}"
        names[record.id] = name
        entry = entry_for(record)
        if record.history_type in "+-":
            done = _("tilføjet") if record.history_type == "+" else _("fjernet")
            births.add(entry, ExpiryEconomyLine, record, f"{name} ({done})")
        elif record.id in last:
            entry.changes.extend(
                field_changes(ExpiryEconomyLine, last[record.id], record, labels, f"{name}, ")
            )
        last[record.id] = record
    last = {}
    amounts = ExpiryAmount.history.filter(line_id__in=list(names)).order_by(
        "history_date", "history_id"
    )
    for record in amounts:
        change = amount_change(record, last.get(record.id))
        last[record.id] = record
        entry = entry_for(record)
        if births.takes(entry, ExpiryEconomyLine, record.line_id, record):
            continue
        if change is not None:
            entry.changes.append(Change(f"{names.get(record.line_id, '')}, {record.year}", *change))
    births.finish(found)
    # A save that changed nothing the reader may see is left out, unless it says what it was
    # ("Opfølgende notat oprettet", a workflow step).
    plain = str(_("Ændret"))
    shown = [e for i, e in enumerate(found) if e.changes or i == 0 or e.title != plain]
    return [
        {
            "date": entry.date,
            "user": entry.user,
            "what": entry.title,
            "changes": [(change.what, change.old, change.new) for change in entry.changes],
        }
        for entry in reversed(shown)
    ]


def changes_since(assessment, version):
    """What others changed after `version`, in Danish: (who, [field: new value, ...])."""
    history = assessment.history.order_by("history_date", "history_id")
    base = history.filter(version__lte=version).last()
    later = list(history.filter(version__gt=version))
    if not later:
        return [], []
    who = []
    for record in later:
        name = user_name(record) if record.history_user else _("ukendt")
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
