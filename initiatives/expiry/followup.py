"""From verdict to note: the *Bevillingsudløb* note that continues an assessment's money,
written through the note domain's one write path (with its lines' initiatives)."""

from django.db import transaction
from django.utils.translation import gettext as _

from budgetnotes.choices import Category, SteeringArea
from budgetnotes.models import AppropriationArea, Committee
from budgetnotes.services.starting import suggested_code
from initiatives.expiry.services import save_assessment
from initiatives.expiry.years import span
from initiatives.financing import save_note_with_initiatives
from initiatives.models import EconomyKind, ExpiryAssessment, Verdict

DEFAULT_COMMITTEE = "BIU"
# The appropriation a follow-up note's line gets by default, by steering area.
DEFAULT_APPROPRIATION = {
    SteeringArea.SERVICE: "35.10",
    SteeringArea.INDSATS: "35.30",
    SteeringArea.TRANSFERS: "35.30",
}


def next_note_code(budget_round, administration):
    """The administration's next free code in the round (the rule Nyt notat suggests by)."""
    return suggested_code(budget_round, administration)


def default_appropriation(steering_area, committee=None):
    committee = committee or Committee.objects.filter(code=DEFAULT_COMMITTEE).first()
    number = DEFAULT_APPROPRIATION.get(steering_area)
    if committee is None or number is None:
        return None
    return AppropriationArea.objects.filter(committee=committee, number=number).first()


def follow_up_lines(assessment):
    """(included, excluded): the proposed lines that go into the administration's note, and
    those that belong to another administration (they go into that administration's note).
    A "heraf" line is in the line above it, so it is not a line of the note again."""
    included, excluded = [], []
    for line in assessment.economy_lines.all():
        if line.kind != EconomyKind.PROPOSED or line.of_which or not line.amounts.all():
            continue
        if line.administration_id and line.administration_id != assessment.administration_id:
            excluded.append(line)
        else:
            included.append(line)
    return included, excluded


class FollowUpError(Exception):
    """The follow-up note cannot be made; the message is for the user."""


def follow_up_data(assessment, target_round, code, committee, choices):
    """The note data for save_note. `choices` is one (line, steering_area, appropriation_area)
    per included proposed line."""
    if not choices:
        raise FollowUpError(
            _("Vurderingen har ingen foreslået økonomi til %(admin)s. Udfyld den først.")
            % {"admin": assessment.administration.code}
        )
    years = span(amount.year for line, _a, _b in choices for amount in line.amounts.all())
    funding_lines = []
    for index, (line, area, appropriation) in enumerate(choices, start=1):
        if not area:
            raise FollowUpError(
                _("Linje %(n)s har intet styringsområde. Vælg service, indsats eller overførsler.")
                % {"n": index}
            )
        activity = line.label or assessment.title
        if not line.label and len(choices) > 1:
            activity = f"{assessment.title} ({SteeringArea(area).label.lower()})"
        funding_lines.append(
            {
                "activity": activity[:300],
                "steering_area": area,
                "committee": appropriation.committee.code if appropriation else committee.code,
                "appropriation": appropriation.number if appropriation else None,
                "income_expense": "U",
                "initiative": assessment.initiative.name if assessment.initiative_id else None,
                "amounts": {str(a.year): a.amount for a in line.amounts.all()},
            }
        )
    data = {
        "round": target_round.slug,
        "code": code,
        "administration": assessment.administration.code,
        "committee": committee.code,
        "title": assessment.title,
        "category": Category.EXPIRY,
        "price_level": assessment.proposed_price_level or target_round.first_year,
        "first_year": years[0],
        "last_year": years[-1],
        "is_permanent": False,
        "background": assessment.content,
        "content": assessment.adjusted_content or assessment.content,
        "economy_text": assessment.proposed_economy_text,
        "funding_lines": funding_lines,
    }
    original = [
        line
        for line in assessment.economy_lines.all()
        if line.kind == EconomyKind.ORIGINAL and not line.of_which and line.amounts.all()
    ]
    if original:
        allocation_years = span(a.year for line in original for a in line.amounts.all())
        data["allocations_first_year"] = allocation_years[0]
        data["allocations_last_year"] = allocation_years[-1]
        data["allocations"] = [
            {
                "source": " – ".join(
                    part
                    for part in (
                        assessment.origin or str(_("Tidligere bevilling")),
                        line.label
                        or (line.get_steering_area_display() if line.steering_area else ""),
                        line.administration.code if line.administration_id else "",
                    )
                    if part
                ),
                "amounts": {str(a.year): a.amount for a in line.amounts.all()},
            }
            for line in original
        ]
    return data


@transaction.atomic
def create_follow_up_note(assessment, user, target_round, code, committee, choices):
    """Create the *Bevillingsudløb* note through save_note and link it to the assessment.

    Raises FollowUpError, services.NoteDataError (with every problem) or nothing.
    """
    locked = ExpiryAssessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.follow_up_note_id:
        raise FollowUpError(_("Vurderingen har allerede et opfølgende notat."))
    if locked.verdict not in (Verdict.CONTINUE, Verdict.ADJUST):
        raise FollowUpError(
            _(
                "Kun en vurdering, der siger videreføres (uændret eller med justeringer), kan blive et notat."
            )
        )
    data = follow_up_data(assessment, target_round, code, committee, choices)
    note = save_note_with_initiatives(data, user=user)
    # The note is named by the follow_up_note field, which history shows by the access rule.
    save_assessment(
        {"follow_up_note": note},
        assessment=locked,
        user=user,
        reason=_("Opfølgende notat oprettet"),
    )
    return note
