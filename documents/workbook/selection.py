"""What a workbook holds: a round, the notes its reader may see, filters, a price level.

The filters are those of the round page (django-filter parameters): `administration`,
`committee` (the note's committee), `category`, `status` (each repeatable, codes or ids)
and `q` (every word in the code, title or a text section), plus `pl` (the price level to convert to).
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext as _

from budgetnotes import limits
from budgetnotes.access import visibility_q
from budgetnotes.choices import Category, Status
from budgetnotes.models import Administration, BudgetNote, BudgetRound, Committee

FILTER_NAMES = ("administration", "committee", "category", "status", "q")


class SelectionError(ValueError):
    """A filter or price level the workbook cannot use; the message is for the user."""


@dataclass
class Selection:
    round: BudgetRound
    user: object = None  # None: every note (the command line without --user)
    note_code: str | None = None
    filters: dict = field(default_factory=dict)
    target_pl: int | None = None
    made_by: str = ""
    made_at: datetime = field(default_factory=timezone.now)

    def notes(self):
        """The notes of the workbook, as a queryset (used as a subquery everywhere)."""
        notes = BudgetNote.objects.filter(round=self.round)
        if self.user is not None:
            notes = notes.filter(visibility_q(self.user))
        if self.note_code:
            notes = notes.filter(code=self.note_code)
        return filter_notes(notes, self.filters)

    def visible(self, queryset):
        return queryset if self.user is None else queryset.filter(visibility_q(self.user))

    @property
    def filter_text(self):
        if self.note_code:
            return _("Notat %(code)s") % {"code": self.note_code}
        return describe_filters(self.filters) or _("Ingen (hele runden)")

    @property
    def made_text(self):
        with translation.override("da"):
            when = dateformat.format(timezone.localtime(self.made_at), r"j. F Y \k\l. H.i")
        return _("%(when)s af %(who)s") % {"when": when, "who": self.made_by or "-"}

    @property
    def filename(self):
        parts = ["bevillinger", self.round.slug]
        if self.note_code:
            parts.append(self.note_code)
        if self.target_pl:
            parts.append(f"pl{self.target_pl}")
        return "-".join(parts) + ".xlsx"


def _values(data, name):
    """Non-empty values of a parameter from a QueryDict or a plain dict of lists/strings."""
    if hasattr(data, "getlist"):
        raw = data.getlist(name)
    else:
        raw = data.get(name) or []
        if isinstance(raw, str):
            raw = [raw]
    values = []
    for item in raw:
        values.extend(part.strip() for part in str(item).split(",") if part.strip())
    return values


def parse_filters(data):
    """GET parameters (or command options) → {name: [values]}; unknown values → SelectionError."""
    filters = {}
    for name, model in (("administration", Administration), ("committee", Committee)):
        values = _values(data, name)
        if not values:
            continue
        found = {}
        for obj in model.objects.all():
            found[str(obj.pk)] = obj.code
            found[obj.code.upper()] = obj.code
        unknown = [value for value in values if value.upper() not in found]
        if unknown:
            label = _("forvaltning") if name == "administration" else _("udvalg")
            raise SelectionError(
                _("Ukendt %(what)s: %(values)s.") % {"what": label, "values": ", ".join(unknown)}
            )
        filters[name] = sorted({found[value.upper()] for value in values})
    for name, choices in (("category", Category), ("status", Status)):
        values = _values(data, name)
        if not values:
            continue
        unknown = [value for value in values if value not in choices.values]
        if unknown:
            label = _("kategori") if name == "category" else _("status")
            raise SelectionError(
                _("Ukendt %(what)s: %(values)s. Mulige værdier: %(choices)s.")
                % {
                    "what": label,
                    "values": ", ".join(unknown),
                    "choices": ", ".join(choices.values),
                }
            )
        filters[name] = [value for value in choices.values if value in values]
    words, _notice = limits.search_words(" ".join(_values(data, "q")))
    if words:
        filters["q"] = " ".join(words)  # as searched (the header block says what was used)
    return filters


def parse_price_level(value):
    if value in (None, ""):
        return None
    try:
        year = int(str(value).strip())
    except ValueError:
        raise SelectionError(
            _("Prisniveauet skal være et årstal, fx 2027 – ikke „%(value)s“.") % {"value": value}
        ) from None
    if not 2000 <= year <= 2100:
        raise SelectionError(_("Prisniveauet skal ligge mellem 2000 og 2100."))
    return year


def filter_notes(notes, filters):
    """The round page's filter (budgetnotes.queries), with the workbook's parsed filters."""
    return notes.filtered(
        administration=filters.get("administration", ()),
        committee=filters.get("committee", ()),
        category=filters.get("category", ()),
        status=filters.get("status", ()),
        words=filters["q"].split() if filters.get("q") else (),
    )


def describe_filters(filters):
    labels = {
        "administration": (_("Forvaltning"), None),
        "committee": (_("Udvalg"), None),
        "category": (_("Kategori"), dict(Category.choices)),
        "status": (_("Status"), dict(Status.choices)),
    }
    parts = []
    for name, (label, display) in labels.items():
        values = filters.get(name)
        if values:
            shown = [str(display.get(value, value)) if display else value for value in values]
            parts.append(f"{label}: {', '.join(shown)}")
    if filters.get("q"):
        parts.append(_("Søgning: »%(q)s«") % {"q": filters["q"]})
    return " · ".join(parts)


def user_label(user):
    if user is None:
        return ""
    name = user.get_full_name()
    return f"{name} ({user.get_username()})" if name else user.get_username()
