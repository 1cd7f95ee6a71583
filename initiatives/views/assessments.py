"""One expiry assessment: read, edit (no lost updates), workflow, history, follow-up note."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from budgetnotes import access, workflow
from budgetnotes.access import visibility_q
from budgetnotes.models import BudgetNote, Committee
from budgetnotes.services import NoteDataError
from initiatives import expiry
from initiatives.forms import AssessmentForm, FollowUpForm, economy_formset
from initiatives.models import (
    CONTINUING_VERDICTS,
    EconomyKind,
    ExpiryAmount,
    ExpiryAssessment,
    ExpiryEconomyLine,
)
from initiatives.views.common import get_assessment, is_editor_of, require


def can_create_follow_up(user, assessment):
    return (
        is_editor_of(user, assessment.administration_id)
        and access.round_is_writable(user, assessment.round)
        and assessment.verdict in CONTINUING_VERDICTS
        and assessment.follow_up_note_id is None
    )


@login_required
def assessment_detail(request, slug, number):
    assessment = get_assessment(request, slug, number)
    user = request.user
    note = assessment.follow_up_note
    source = assessment.source_note
    context = {
        "assessment": assessment,
        "round": assessment.round,
        "original": assessment.original_table,
        "proposed": assessment.proposed_table,
        "related": assessment.related.filter(visibility_q(user)).order_by("number"),
        "follow_up_note": note,
        "follow_up_visible": note is not None and access.can_view(user, note),
        "source_visible": source is not None and access.can_view(user, source),
        "can_edit": access.can_edit(user, assessment),
        "transitions": workflow.available(user, assessment),
        "can_follow_up": can_create_follow_up(user, assessment),
        "can_export_pdf": access.can_export_pdf(user, assessment),
    }
    return render(request, "initiatives/assessment_detail.html", context)


def editor_years(assessment, kind):
    """The year columns of the editor: the stored years plus the usual span of the kind
    (the four years before the round for the expiring money, four from it for the proposal)."""
    first = assessment.round.first_year
    default = range(first - 4, first) if kind == EconomyKind.ORIGINAL else range(first, first + 4)
    stored = {
        amount.year
        for line in assessment.economy_lines.all()
        if line.kind == kind
        for amount in line.amounts.all()
    }
    return expiry.span([*default, *stored])


def _forms(assessment, user, data=None):
    form = AssessmentForm(data, instance=assessment, user=user)
    formsets = {}
    for kind in (EconomyKind.ORIGINAL, EconomyKind.PROPOSED):
        formset_class = economy_formset(editor_years(assessment, kind))
        formsets[kind] = formset_class(
            data,
            queryset=ExpiryEconomyLine.objects.filter(assessment=assessment, kind=kind)
            .select_related("administration")
            .prefetch_related("amounts"),
            prefix=kind,
        )
    return form, formsets


def _save_lines(assessment, kind, formset):
    position = 0
    for line_form in formset.forms:
        if not line_form.has_changed() and line_form.instance.pk is None:
            continue
        if line_form.cleaned_data.get("DELETE"):
            if line_form.instance.pk:
                line_form.instance.delete()
            continue
        position += 1
        line = line_form.save(commit=False)
        line.assessment = assessment
        line.kind = kind
        line.position = position
        line.save()
        line_form.save_amounts(line)


def save_assessment(assessment, form, formsets, user=None):
    """Write the form and both economy formsets if nobody saved since `version`."""
    expected = form.cleaned_data["version"]
    hidden = expiry.related_hidden_from(user, assessment) if user is not None else []
    with transaction.atomic():
        # Claim the next version with one conditional UPDATE (as budgetnotes.services does for
        # notes): of two saves from the same version exactly one matches, on SQLite and
        # PostgreSQL alike; an error below rolls the claim back.
        claimed = ExpiryAssessment.objects.filter(pk=assessment.pk, version=expected)
        if not claimed.update(version=F("version") + 1):
            current = ExpiryAssessment.objects.get(pk=assessment.pk)
            raise expiry.AssessmentConflict(current, expected)
        obj = form.save(commit=False)
        obj.version = expected + 1
        obj.save()
        form.save_m2m()
        if hidden:  # links the user could not see (nor untick) stay
            obj.related.add(*hidden)
        for kind, formset in formsets.items():
            _save_lines(obj, kind, formset)
    return obj


@login_required
def assessment_edit(request, slug, number):
    assessment = get_assessment(request, slug, number)
    require(access.can_edit(request.user, assessment))
    conflict = None
    if request.method == "POST":
        form, formsets = _forms(assessment, request.user, request.POST)
        if form.is_valid() and all(fs.is_valid() for fs in formsets.values()):
            try:
                save_assessment(assessment, form, formsets, request.user)
            except expiry.AssessmentConflict as error:
                who, changes = expiry.changes_since(error.assessment, error.expected_version)
                conflict = {"who": who, "changes": changes, "version": error.assessment.version}
                data = request.POST.copy()
                data["version"] = str(error.assessment.version)
                fresh = expiry.with_economy(ExpiryAssessment.objects).get(pk=assessment.pk)
                form, formsets = _forms(fresh, request.user, data)
                form.is_valid()
            except IntegrityError:  # the number was taken between validation and save
                form.add_error("number", _("Nummeret er allerede brugt i runden."))
            else:
                messages.success(request, _("Vurderingen er gemt."))
                return redirect("assessment-detail", slug, form.instance.number)
    else:
        form, formsets = _forms(assessment, request.user)
    context = {
        "assessment": assessment,
        "round": assessment.round,
        "form": form,
        "original_formset": formsets[EconomyKind.ORIGINAL],
        "proposed_formset": formsets[EconomyKind.PROPOSED],
        "conflict": conflict,
    }
    return render(
        request, "initiatives/assessment_edit.html", context, status=409 if conflict else 200
    )


@login_required
@require_POST
def assessment_workflow(request, slug, number):
    assessment = get_assessment(request, slug, number)
    name = request.POST.get("action", "")
    transition = workflow.TRANSITIONS.get(name)
    require(transition is not None and workflow.allowed(request.user, assessment, transition))
    try:
        workflow.apply(request.user, assessment, name)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Vurderingen har nu status %(status)s.")
            % {"status": assessment.get_status_display()},
        )
    return redirect("assessment-detail", slug, number)


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


@login_required
def assessment_history(request, slug, number):
    assessment = get_assessment(request, slug, number)
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
                    _history_value(request.user, change.field, value)
                    for value in (change.old, change.new)
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
    context = {"assessment": assessment, "round": assessment.round, "entries": entries}
    return render(request, "initiatives/assessment_history.html", context)


@login_required
def assessment_follow_up(request, slug, number):
    assessment = get_assessment(request, slug, number)
    require(is_editor_of(request.user, assessment.administration_id))
    if not access.round_is_writable(request.user, assessment.round):
        messages.error(request, access.closed_round_message(assessment.round))
        return redirect(assessment.get_absolute_url())
    if assessment.follow_up_note_id:
        messages.info(request, _("Vurderingen har allerede et opfølgende notat."))
        return redirect(assessment.get_absolute_url())
    if assessment.verdict not in CONTINUING_VERDICTS:
        messages.error(
            request,
            _(
                "Kun en vurdering, der siger „Videreføres uændret“ eller „Videreføres med "
                "justeringer“, kan blive et budgetnotat."
            ),
        )
        return redirect(assessment.get_absolute_url())
    lines, excluded = expiry.follow_up_lines(assessment)
    if request.method == "POST":
        form = FollowUpForm(request.POST, assessment=assessment, lines=lines, user=request.user)
        if form.is_valid():
            target = form.cleaned_data["target_round"]
            committee = form.cleaned_data["committee"]
            code = (form.cleaned_data["code"] or "").strip().upper() or expiry.next_note_code(
                target, assessment.administration
            )
            choices = []
            for line in lines:
                area = form.cleaned_data[f"area_{line.pk}"]
                appropriation = form.cleaned_data[
                    f"appropriation_{line.pk}"
                ] or expiry.default_appropriation(area, committee)
                choices.append((line, area, appropriation))
            try:
                note = expiry.create_follow_up_note(
                    assessment, request.user, target, code, committee, choices
                )
            except expiry.FollowUpError as error:
                form.add_error(None, str(error))
            except NoteDataError as error:
                for problem in error.problems:
                    form.add_error(None, str(problem))
            else:
                messages.success(
                    request,
                    format_html(
                        'Budgetnotatet <a href="{}">{}</a> er oprettet i {} med kategorien '
                        "Bevillingsudløb.",
                        note.get_absolute_url(),
                        note.code,
                        note.round.name,
                    ),
                )
                return redirect(assessment.get_absolute_url())
    else:
        target = assessment.round
        initial = {
            "target_round": target,
            "code": expiry.next_note_code(target, assessment.administration),
            "committee": Committee.objects.filter(code=expiry.DEFAULT_COMMITTEE).first(),
        }
        for line in lines:
            initial[f"area_{line.pk}"] = line.steering_area
            initial[f"appropriation_{line.pk}"] = expiry.default_appropriation(line.steering_area)
        form = FollowUpForm(initial=initial, assessment=assessment, lines=lines, user=request.user)
    context = {
        "assessment": assessment,
        "round": assessment.round,
        "form": form,
        "excluded": excluded,
        "proposed": assessment.proposed_table,
    }
    return render(request, "initiatives/assessment_follow_up.html", context)
