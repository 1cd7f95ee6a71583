"""The JSON interchange format for a round's budget notes and expiry assessments.

Documented in README ("Interchange format") with a JSON Schema (schema.json beside this
file) and an example (docs/interchange-example.json). Export is deterministic: exporting,
importing into an empty database and exporting again gives the identical file.

Import is all-or-nothing: every error is reported with its place, in Danish, and a file with
any error changes nothing.
"""

import itertools
import json
from pathlib import Path

import jsonschema
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from budgetnotes import access, limits
from budgetnotes.choices import Status
from budgetnotes.limits import danish_count
from budgetnotes.models import (
    Administration,
    AppropriationArea,
    BudgetNote,
    BudgetRound,
    Committee,
)
from budgetnotes.services import (
    Counter,
    NoteDataError,
    Problem,
    note_to_data,
    upsert,
)
from initiatives.expiry import EconomyLine, save_assessment
from initiatives.financing import save_note_with_initiatives, with_initiatives
from initiatives.models import ExpiryAssessment, Initiative

FORMAT = "budgetnotatregister/1"
SCHEMA = json.loads((Path(__file__).with_name("schema.json")).read_text(encoding="utf-8"))


class ImportFailed(Exception):
    """The file was not imported; `problems` says every reason with its place."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


# Export


def _initiative_data(initiative):
    return {
        "name": initiative.name,
        "code": initiative.code,
        "administration": initiative.administration.code,
        "parent": initiative.parent.name if initiative.parent_id else None,
    }


def assessment_to_data(assessment):
    def amounts(line):
        return {str(a.year): a.amount for a in sorted(line.amounts.all(), key=lambda a: a.year)}

    return {
        "number": assessment.number,
        "title": assessment.title,
        "administration": assessment.administration.code,
        "initiative": assessment.initiative.name if assessment.initiative_id else None,
        "origin": assessment.origin,
        "group": assessment.group,
        "status": assessment.status,
        "source_note": _note_ref(assessment.source_note),
        "follow_up_note": _note_ref(assessment.follow_up_note),
        "content": assessment.content,
        "results": assessment.results,
        "economy_text": assessment.economy_text,
        "original_price_level": assessment.original_price_level,
        "verdict": assessment.verdict,
        "adjusted_content": assessment.adjusted_content,
        "proposed_economy_text": assessment.proposed_economy_text,
        "proposed_price_level": assessment.proposed_price_level,
        "related": sorted(other.number for other in assessment.related.all()),
        "economy_lines": [
            {
                "kind": line.kind,
                "label": line.label,
                "steering_area": line.steering_area,
                "administration": line.administration.code if line.administration_id else None,
                "amounts": amounts(line),
            }
            for line in assessment.economy_lines.all()
        ],
    }


def _note_ref(note):
    return {"round": note.round.slug, "code": note.code} if note else None


def export_round(budget_round, user=None):
    """The round's notes and assessments as plain data: everything (the command), or with
    `user` only what that user may read."""
    notes = BudgetNote.objects.filter(round=budget_round)
    visible = access.visibility_q(user) if user is not None else Q()
    notes = notes.filter(visible)
    notes = list(
        notes.with_everything()
        .prefetch_related("funding_lines__financing__initiative")
        .order_by("code")
    )
    assessments = list(
        ExpiryAssessment.objects.filter(visible, round=budget_round)
        .select_related(
            "administration", "initiative", "source_note__round", "follow_up_note__round"
        )
        .prefetch_related("related", "economy_lines__amounts", "economy_lines__administration")
        .order_by("number")
    )
    note_data = [with_initiatives(note, note_to_data(note)) for note in notes]
    assessment_data = [assessment_to_data(assessment) for assessment in assessments]

    committees = {line["committee"] for note in note_data for line in note["funding_lines"]}
    committees |= {note["committee"] for note in note_data}
    areas = {
        (line["committee"], line["appropriation"])
        for note in note_data
        for line in note["funding_lines"]
    }
    administrations = {note["administration"] for note in note_data}
    administrations |= {item["administration"] for item in assessment_data}
    administrations |= {
        line["administration"]
        for item in assessment_data
        for line in item["economy_lines"]
        if line["administration"]
    }
    # Initiatives are named within their administration: a line's is its note's.
    named = {
        (note["administration"], line["initiative"])
        for note in note_data
        for line in note["funding_lines"]
        if line["initiative"]
    } | {
        (item["administration"], item["initiative"])
        for item in assessment_data
        if item["initiative"]
    }
    wanted = Q(pk__in=[])
    for administration, name in named:
        wanted |= Q(administration__code=administration, name=name)
    initiatives = list(Initiative.objects.filter(wanted).select_related("administration", "parent"))
    parents = [i.parent for i in initiatives if i.parent_id and i.parent not in initiatives]
    initiatives = sorted({*initiatives, *parents}, key=lambda i: (i.parent_id is not None, i.name))
    administrations |= {initiative.administration.code for initiative in initiatives}

    return {
        "format": FORMAT,
        "round": {
            "slug": budget_round.slug,
            "kind": budget_round.kind,
            "year": budget_round.year,
            "is_open": budget_round.is_open,
        },
        "reference": {
            "administrations": [
                {"code": a.code, "name": a.name}
                for a in Administration.objects.filter(code__in=administrations).order_by("code")
            ],
            "committees": [
                {"code": c.code, "name": c.name}
                for c in Committee.objects.filter(code__in=committees).order_by("code")
            ],
            "appropriation_areas": [
                {"committee": a.committee.code, "number": a.number, "name": a.name}
                for a in AppropriationArea.objects.select_related("committee")
                if (a.committee.code, a.number) in areas
            ],
            "initiatives": [_initiative_data(initiative) for initiative in initiatives],
        },
        "notes": note_data,
        "expiry_assessments": assessment_data,
    }


def dumps(data):
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# Import


def _schema_problems(data):
    """The file's first schema errors (at most limits.PROBLEMS_SHOWN and a line saying there
    are more), in Danish with their place. The errors are made one by one and no more are
    made than shown: a file of a million wrong values costs no more than one of a hundred."""
    validator = jsonschema.Draft202012Validator(SCHEMA)
    problems = []
    found = list(itertools.islice(validator.iter_errors(data), limits.PROBLEMS_SHOWN + 1))
    more = len(found) > limits.PROBLEMS_SHOWN
    for error in sorted(found[: limits.PROBLEMS_SHOWN], key=lambda e: list(e.absolute_path)):
        path = list(error.absolute_path)
        code = ""
        if len(path) >= 2 and path[0] == "notes" and isinstance(path[1], int):
            try:
                code = str(data["notes"][path[1]].get("code", ""))
            except (AttributeError, IndexError, KeyError, TypeError):
                code = ""
        place = "/".join(str(part) for part in path) or "filen"
        problems.append(Problem(f"{place}: {_danish_schema_message(error)}", code=code))
    if more:
        problems.append(Problem(f"… og flere fejl; de første {limits.PROBLEMS_SHOWN} er vist."))
    return problems


JSON_TYPES = {
    "integer": "et helt tal",
    "number": "et tal",
    "string": "tekst",
    "array": "en liste",
    "object": "et objekt med felter",
    "boolean": "ja eller nej (true/false)",
    "null": "tom (null)",
}


def _shown(value):
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:40]}…"


def _danish_schema_message(error):
    kind, limit, instance = error.validator, error.validator_value, error.instance
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"feltet „{missing}“ mangler."
    if kind == "type":
        wanted = [limit] if isinstance(limit, str) else list(limit)
        return f"skal være {' eller '.join(JSON_TYPES.get(name, name) for name in wanted)}."
    if kind == "enum":
        allowed = ", ".join(str(v) for v in limit)
        return f"ugyldig værdi {_shown(instance)} (tilladt: {allowed})."
    if kind == "const":
        return f"skal være {limit!r}."
    if kind == "additionalProperties":
        return "ukendt felt i filen."
    if kind == "maxItems":
        return f"højst {danish_count(limit)} rækker (der er {danish_count(len(instance))})."
    if kind == "maxProperties":
        return f"højst {limit} år med beløb (der er {len(instance)})."
    if kind == "maxLength":
        return f"højst {danish_count(limit)} tegn (der er {danish_count(len(instance))})."
    if kind == "minimum":
        return f"skal være mindst {limit} (er {_shown(instance)})."
    if kind == "maximum":
        return f"må højst være {limit} (er {_shown(instance)})."
    if kind in {"minLength", "pattern"}:
        return f"ugyldig værdi {_shown(instance)}."
    return "ugyldig værdi."


def _without_nul(data):
    """The parsed file with every NUL character removed from its texts and keys (no database
    column can hold one, and no real note has one). Walked without recursion, since the
    file decides how deep it goes."""
    root = [data]
    stack = [(root, 0)]
    while stack:
        container, key = stack.pop()
        value = container[key]
        if isinstance(value, str):
            container[key] = value.replace("\x00", "")
        elif isinstance(value, list):
            stack.extend((value, index) for index in range(len(value)))
        elif isinstance(value, dict):
            if any("\x00" in name for name in value):
                value = {name.replace("\x00", ""): item for name, item in value.items()}
                container[key] = value
            stack.extend((value, name) for name in value)
    return root[0]


def parse(raw):
    """The file's bytes as data; ImportFailed with the reason in Danish if they are not a
    JSON file this registry could have written."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed(
            [
                Problem(
                    "Filen er ikke gyldig JSON: den er ikke tekst i UTF-8. Brug en fil fra registret."
                )
            ]
        ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        message = f"Filen er ikke gyldig JSON (linje {error.lineno}, tegn {error.colno})."
        raise ImportFailed([Problem(message)]) from None
    except RecursionError:
        raise ImportFailed(
            [Problem("Filen er lagt for mange lag i hinanden til at være fra registret.")]
        ) from None
    except ValueError:  # an integer longer than Python reads (4,300 digits)
        raise ImportFailed([Problem("Filen indeholder et tal med alt for mange cifre.")]) from None
    return _without_nul(data)


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


ASSESSMENT_TEXTS = (
    "title",
    "origin",
    "group",
    "status",
    "content",
    "results",
    "economy_text",
    "original_price_level",
    "verdict",
    "adjusted_content",
    "proposed_economy_text",
    "proposed_price_level",
)


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
                label=spec.get("label", ""),
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
    problems = _schema_problems(data)
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
