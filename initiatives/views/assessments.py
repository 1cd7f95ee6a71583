"""One expiry assessment: read, edit (no lost updates), workflow, history, follow-up note."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from budgetnotes import access, workflow
from budgetnotes.access import visibility_q
from budgetnotes.forms import year_field_name
from budgetnotes.models import Committee
from budgetnotes.pages.actions import ReasonForm, confirm_page, step_done
from budgetnotes.services import Conflict, NoteDataError
from initiatives import expiry
from initiatives.expiry import history
from initiatives.expiry.presentation import economy_tables
from initiatives.forms import AssessmentForm, FollowUpForm, economy_formset, error_list
from initiatives.models import (
    CONTINUING_VERDICTS,
    EconomyKind,
    ExpiryAssessment,
    ExpiryEconomyLine,
)
from initiatives.views.common import get_assessment, is_editor_of, require
from operations import access as access_log

# The assessment's own fields on the editor's form (the write path sets the rest).
FORM_FIELDS = [name for name in expiry.services.FIELDS if name in AssessmentForm.base_fields]


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
    access_log.record(request, access_log.Action.VIEW, "Udløbsvurdering læst", assessment)
    user = request.user
    note = assessment.follow_up_note
    source = assessment.source_note
    context = {
        "assessment": assessment,
        "round": assessment.round,
        "tables": economy_tables(assessment),
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
        formset_class = economy_formset(editor_years(assessment, kind), kind)
        formsets[kind] = formset_class(
            data,
            queryset=ExpiryEconomyLine.objects.filter(assessment=assessment, kind=kind)
            .select_related("administration")
            .prefetch_related("amounts"),
            prefix=kind,
        )
    return form, formsets


def _line_forms(formsets):
    """(form, EconomyLine) for each economy line the two formsets leave, as the write path
    takes them."""
    pairs = []
    for kind, formset in formsets.items():
        for form in formset.forms:
            if form.cleaned_data.get("DELETE") or (
                form.instance.pk is None and not form.has_changed()
            ):
                continue
            amounts = {
                year: value for year, value in form.year_amounts().items() if value is not None
            }
            fields = {name: form.cleaned_data.get(name) for name in expiry.LINE_FIELDS}
            fields["steering_area"] = fields["steering_area"] or ""
            fields["label"] = fields["label"] or ""
            fields["of_which"] = bool(fields["of_which"])
            line = expiry.EconomyLine(kind, amounts=amounts, id=form.instance.pk, **fields)
            pairs.append((form, line))
    return pairs


def _lines(formsets):
    return [line for _form, line in _line_forms(formsets)]


def lines_have_problems(formsets):
    """Puts the write path's objections to the "heraf" lines on their fields (the year's
    cell, or the line); whether there were any."""
    pairs = _line_forms(formsets)
    problems = expiry.line_problems([line for _form, line in pairs])
    for problem in problems:
        form = pairs[problem.index][0]
        field = year_field_name(problem.year) if problem.year is not None else "of_which"
        form.add_error(field if field in form.fields else None, problem.message)
    return bool(problems)


def save_from_forms(assessment, form, formsets, user):
    """The editor's forms, written through the one write path for assessments."""
    values = {name: form.cleaned_data[name] for name in FORM_FIELDS if name in form.cleaned_data}
    return expiry.save_assessment(
        values,
        _lines(formsets),
        assessment=assessment,
        related=list(form.cleaned_data.get("related", [])),
        user=user,
        expected_version=form.cleaned_data["version"],
        lines_by_id=True,
    )


@login_required
def assessment_edit(request, slug, number):
    assessment = get_assessment(request, slug, number)
    require(access.can_edit(request.user, assessment))
    conflict = None
    if request.method == "POST":
        form, formsets = _forms(assessment, request.user, request.POST)
        valid = form.is_valid() and all(fs.is_valid() for fs in formsets.values())
        if valid and not lines_have_problems(formsets):
            try:
                save_from_forms(assessment, form, formsets, request.user)
            except Conflict as error:
                who, changes = expiry.changes_since(error.current, error.expected_version)
                conflict = {"who": who, "changes": changes, "version": error.current.version}
                data = request.POST.copy()
                data["version"] = str(error.current.version)
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
        "errors": error_list(form, *formsets.values()) if request.method == "POST" else [],
    }
    return render(
        request, "initiatives/assessment_edit.html", context, status=409 if conflict else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_workflow(request, slug, number):
    """A workflow step on a sheet: confirmed on a page of its own (GET ?action=…), with a
    reason where the step needs one, then taken (POST), as a note's steps are."""
    assessment = get_assessment(request, slug, number)
    data = request.POST if request.method == "POST" else None
    name = (data or request.GET).get("action", "")
    transition = workflow.TRANSITIONS.get(name)
    require(transition is not None and workflow.allowed(request.user, assessment, transition))
    form = ReasonForm(data, transition=transition)
    if data is not None and form.is_valid():
        try:
            workflow.apply(request.user, assessment, name, form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, step_done(transition, assessment.label))
        return redirect("assessment-detail", slug, number)
    return confirm_page(
        request, assessment, assessment.label, assessment.title, transition, form, action=name
    )


@login_required
def assessment_history(request, slug, number):
    assessment = get_assessment(request, slug, number)
    context = {
        "assessment": assessment,
        "round": assessment.round,
        "entries": history.entries(assessment, request.user),
    }
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
        "errors": error_list(form) if request.method == "POST" else [],
        "excluded": excluded,
        "proposed": assessment.proposed_table,
    }
    return render(request, "initiatives/assessment_follow_up.html", context)
