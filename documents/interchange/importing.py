"""Import: a whole interchange file, or nothing. Notes go through the note domain's one
write path (with their lines' initiatives), assessments through theirs; every error is
reported with its place, in Danish, and a file with any error changes nothing."""

from django.core.exceptions import ValidationError
from django.db import transaction

from budgetnotes import access
from budgetnotes.choices import Status
from budgetnotes.limits import danish_count
from budgetnotes.models import Administration, AppropriationArea, BudgetNote, BudgetRound, Committee
from budgetnotes.services import Counter, NoteDataError, Problem, upsert
from documents.interchange.reading import ImportFailed, schema_problems
from initiatives.expiry import EconomyLine, save_assessment
from initiatives.expiry import services as expiry_services
from initiatives.financing import save_note_with_initiatives
from initiatives.models import ExpiryAssessment, Initiative


def _ensure_reference(data, counter):
    reference = data.get("reference", {})
    for item in reference.get("administrations", []):
        if not Administration.objects.filter(code=item["code"]).exists():
            upsert(counter, Administration, {"code": item["code"]}, {"name": item["name"]})
    for item in reference.get("committees", []):
        if not Committee.objects.filter(code=item["code"]).exists():
            upsert(counter, Committee, {"code": item["code"]}, {"name": item["name"]})
    for item in reference.get("appropriation_areas", []):
        committee = Committee.objects.filter(code=item["committee"]).first()
        if (
            committee
            and not AppropriationArea.objects.filter(
                committee=committee, number=item["number"]
            ).exists()
        ):
            upsert(
                counter,
                AppropriationArea,
                {"committee": committee, "number": item["number"]},
                {"name": item.get("name", "")},
            )
    for item in reference.get("initiatives", []):
        administration = Administration.objects.filter(code=item["administration"]).first()
        own = Initiative.objects.filter(administration=administration)
        if administration and not own.filter(name=item["name"]).exists():
            parent = own.filter(name=item["parent"]).first() if item.get("parent") else None
            upsert(
                counter,
                Initiative,
                {"administration": administration, "name": item["name"]},
                {"code": item.get("code", ""), "parent": parent},
            )
    spec = data["round"]
    budget_round = BudgetRound.objects.filter(slug=spec["slug"]).first()
    if budget_round is None:
        budget_round = upsert(
            counter,
            BudgetRound,
            {"slug": spec["slug"]},
            {"kind": spec["kind"], "year": spec["year"], "is_open": spec.get("is_open", True)},
        )
    return budget_round


ASSESSMENT_TEXTS = (*expiry_services.TEXTS, "status")


def _save_assessments(budget_round, items, replace, user, problems):
    """Each assessment through the one write path for assessments; problems are collected."""
    saved = {}
    for item in items:
        place = f"vurdering nr. {item['number']}"
        existing = ExpiryAssessment.objects.filter(
            round=budget_round, number=item["number"]
        ).first()
        if existing and not replace:
            problems.append(Problem(f"{place} findes allerede i runden (brug --replace)."))
            continue
        administration = Administration.objects.filter(code=item["administration"]).first()
        if administration is None:
            problems.append(Problem(f"{place}: ukendt forvaltning „{item['administration']}“."))
            continue
        initiative = None
        if item.get("initiative"):
            initiative = Initiative.objects.filter(
                administration=administration, name=item["initiative"]
            ).first()
            if initiative is None:
                problems.append(Problem(f"{place}: ukendt indsats „{item['initiative']}“."))
                continue
        values = {name: item.get(name) for name in ASSESSMENT_TEXTS}
        values.update(
            number=item["number"],
            administration=administration,
            initiative=initiative,
            source_note=_find_note(item.get("source_note")),
            follow_up_note=_find_note(item.get("follow_up_note")),
        )
        lines = [
            EconomyLine(
                spec["kind"],
                steering_area=spec.get("steering_area", ""),
                administration=Administration.objects.filter(code=spec["administration"]).first()
                if spec.get("administration")
                else None,
                committee=Committee.objects.filter(code=spec["committee"]).first()
                if spec.get("committee")
                else None,
                label=spec.get("label", ""),
                of_which=spec.get("of_which", False),
                amounts={int(year): amount for year, amount in spec.get("amounts", {}).items()},
            )
            for spec in item.get("economy_lines", [])
        ]
        try:
            assessment = save_assessment(
                values, lines, assessment=existing, budget_round=budget_round, user=user
            )
        except ValidationError as error:
            problems.extend(Problem(f"{place}: {message}") for message in error.messages)
            continue
        saved[item["number"]] = (assessment, item.get("related", []))
    for assessment, related in saved.values():
        others = ExpiryAssessment.objects.filter(round=budget_round, number__in=related)
        save_assessment({}, assessment=assessment, related=list(others), user=user)


def _find_note(ref):
    if not ref:
        return None
    return BudgetNote.objects.filter(round__slug=ref["round"], code=ref["code"]).first()


def import_data(
    data,
    *,
    replace=False,
    user=None,
    check_note=None,
    create_reference=True,
    as_drafts=False,
    with_assessments=True,
    into_round=None,
    max_notes=None,
    max_funding_lines=None,
):
    """Import a whole file, or nothing. Returns the saved notes.

    `check_note(data, existing)` may return a Danish message to refuse a note (the web
    upload uses it to apply the access rule); the command imports as an administrator.
    With `create_reference=False` (uploads by editors) the file's reference data is not
    created: the round must exist and unknown committees etc. are reported per note.
    The upload also imports its notes `as_drafts`, leaves assessments alone
    (`with_assessments=False`), takes only a file for `into_round`, and at most `max_notes`
    notes and `max_funding_lines` lines in all.
    """
    problems = schema_problems(data)
    if problems:
        raise ImportFailed(problems)
    slug = data["round"]["slug"]
    if into_round is not None and slug != into_round.slug:
        raise ImportFailed(
            [Problem(f"Filen er for runden „{slug}“, ikke {into_round.name}; indlæs den der.")]
        )
    lines = sum(len(note.get("funding_lines", [])) for note in data["notes"])
    for count, limit, what in (
        (len(data["notes"]), max_notes, "notater"),
        (lines, max_funding_lines, "finansieringslinjer"),
    ):
        if limit is not None and count > limit:
            raise ImportFailed(
                [
                    Problem(
                        f"Filen har {danish_count(count)} {what}; der kan højst indlæses "
                        f"{danish_count(limit)} ad gangen her. Del filen op, eller få en "
                        "administrator til at indlæse den med manage.py import_notes."
                    )
                ]
            )
    if as_drafts:
        data = dict(data, notes=[dict(note, status=Status.DRAFT) for note in data["notes"]])
    if not with_assessments:
        data = dict(data, expiry_assessments=[])
    notes = []
    with transaction.atomic():
        counter = Counter()
        if create_reference:
            budget_round = _ensure_reference(data, counter)
        else:
            budget_round = BudgetRound.objects.filter(slug=data["round"]["slug"]).first()
            if budget_round is None:
                raise ImportFailed([Problem(f"Ukendt budgetrunde: {data['round']['slug']}.")])
        for item in data["notes"]:
            item = dict(item, round=budget_round.slug)
            code = str(item["code"]).upper()
            existing = BudgetNote.objects.filter(round=budget_round, code=code).first()
            if existing and user is not None and not access.can_view(user, existing):
                # Say no more than that the code is taken: the note itself is not theirs to see.
                problems.append(
                    Problem(f"koden er allerede i brug i {budget_round.name}.", code=code)
                )
                continue
            if existing and not replace:
                problems.append(
                    Problem(
                        f"findes allerede i {budget_round.name} (brug --replace for at erstatte).",
                        code=code,
                    )
                )
                continue
            refusal = check_note(item, existing) if check_note else None
            if refusal:
                problems.append(Problem(refusal, code=code))
                continue
            try:
                notes.append(
                    save_note_with_initiatives(item, note=existing, user=user, allow_status=True)
                )
            except NoteDataError as error:
                problems.extend(error.problems)
        _save_assessments(budget_round, data["expiry_assessments"], replace, user, problems)
        if problems:
            transaction.set_rollback(True)
    if problems:
        raise ImportFailed(problems)
    return notes
