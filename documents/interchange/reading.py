"""Reading an interchange file: its bytes as data, checked against the schema, with every
problem in Danish and nothing more made than is shown."""

import itertools
import json
from pathlib import Path

import jsonschema

from budgetnotes import limits, shape
from budgetnotes.limits import danish_count
from budgetnotes.models import BudgetNote, FundingLinePart
from budgetnotes.services import Problem
from initiatives.models import ExpiryAssessment

# The version written. Version 2 added shared lines' parts, optional appropriations, extra
# sections, effect table columns, conversions' own years and price basis and "districts not
# relevant"; a version 1 file is read as it is (it has none of them).
FORMAT = "budgetnotatregister/2"
READS = ("budgetnotatregister/1", FORMAT)
SCHEMA = json.loads((Path(__file__).with_name("schema.json")).read_text(encoding="utf-8"))


class ImportFailed(Exception):
    """The file was not imported; `problems` says every reason with its place."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def schema_problems(data):
    """The file's first schema errors (at most limits.PROBLEMS_SHOWN and a line saying there
    are more), in Danish with their place, in the same form as every other error ("BI31,
    linje 1, 2027: …"). The errors are made one by one and no more are made than shown: a
    file of a million wrong values costs no more than one of a hundred."""
    validator = jsonschema.Draft202012Validator(SCHEMA)
    problems = []
    found = list(itertools.islice(validator.iter_errors(data), limits.PROBLEMS_SHOWN + 1))
    more = len(found) > limits.PROBLEMS_SHOWN
    for error in sorted(
        found[: limits.PROBLEMS_SHOWN],
        key=lambda e: [(isinstance(p, str), p) for p in e.absolute_path],
    ):
        problems.append(_located(data, error))
    if more:
        problems.append(Problem(f"… og flere fejl; de første {limits.PROBLEMS_SHOWN} er vist."))
    return problems


def _item(data, *path):
    """data[path[0]][path[1]]…, or None where the file has no such place."""
    for key in path:
        try:
            data = data[key]
        except (IndexError, KeyError, TypeError):
            return None
    return data


def _located(data, error):
    """One schema error as a Problem with its place: the note's code, the row and the year."""
    path = list(error.absolute_path)
    if len(path) >= 2 and path[0] == "notes" and isinstance(path[1], int):
        code = _item(data, "notes", path[1], "code")
        code = (
            code.strip().upper()
            if isinstance(code, str) and code.strip()
            else f"notat {path[1] + 1}"
        )
        return _in_note(code, path[2:], error)
    if len(path) >= 2 and path[0] == "expiry_assessments" and isinstance(path[1], int):
        number = _item(data, "expiry_assessments", path[1], "number")
        place = f"vurdering nr. {number}" if isinstance(number, int) else f"vurdering {path[1] + 1}"
        rest = path[2:]
        if len(rest) >= 2 and rest[0] == "economy_lines" and isinstance(rest[1], int):
            place += f", økonomilinje {rest[1] + 1}"
            rest = rest[2:]
        return Problem(f"{place}{_tail(rest, ExpiryAssessment, error)}")
    where = "/".join(str(part) for part in path) or "filen"
    return Problem(f"{where}: {_danish_schema_message(error)}")


def _in_note(code, rest, error):
    if rest and rest[0] in shape.ROW_KIND:
        kind = shape.ROW_KIND[rest[0]]
        if len(rest) < 2 or not isinstance(rest[1], int):
            return Problem(f"{kind.title}: {_danish_schema_message(error)}", code, kind.key)
        index, tail = rest[1] + 1, rest[2:]
        if len(tail) >= 2 and tail[0] == "parts" and isinstance(tail[1], int):
            return _in_part(code, kind, index, tail[1] + 1, tail[2:], error)
        if tail and tail[0] == "amounts" and len(tail) >= 2 and str(tail[1]).isdigit():
            message = _amount_message(error)
            return Problem(message, code, kind.key, index, int(tail[1]), "amounts")
        field = str(tail[0]) if tail else ""
        message = _field_message(kind.model, field, error)
        return Problem(message, code, kind.key, index, field=field)
    field = str(rest[0]) if rest else ""
    return Problem(_field_message(BudgetNote, field, error), code, field=field)


def _in_part(code, kind, index, part, tail, error):
    """A shared line's part: "BI41, linje 1, 2027: Udvalgsdel 2: »tre« er ikke et beløb …"."""
    where = f"Udvalgsdel {part}"
    if tail and tail[0] == "amounts" and len(tail) >= 2 and str(tail[1]).isdigit():
        message = f"{where}: {_amount_message(error)}"
        return Problem(message, code, kind.key, index, int(tail[1]), "parts")
    field = str(tail[0]) if tail else ""
    message = f"{where}: {_field_message(FundingLinePart, field, error)}"
    return Problem(message, code, kind.key, index, field="parts")


def _tail(rest, model, error):
    if rest and rest[0] == "amounts" and len(rest) >= 2 and str(rest[1]).isdigit():
        return f", {rest[1]}: {_amount_message(error)}"
    return f": {_field_message(model, str(rest[0]) if rest else '', error)}"


def _field_message(model, field, error):
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else ""
        return f"{_capital(shape.field_label(model, missing))} mangler."
    message = _danish_schema_message(error)
    return f"{_capital(shape.field_label(model, field))}: {message}" if field else _capital(message)


def _amount_message(error):
    if error.validator == "type":
        return f"{_quoted(error.instance)} er ikke et beløb i hele 1.000 kr."
    return _capital(_danish_schema_message(error))


def _capital(text):
    return text[:1].upper() + text[1:]


def _quoted(value):
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return f"»{text if len(text) <= 40 else text[:40] + '…'}«"


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
        return f"feltet »{missing}« mangler."
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
            [
                Problem(
                    "Filen har for mange niveauer inden i hinanden; den kan ikke være fra registret."
                )
            ]
        ) from None
    except ValueError:  # an integer longer than Python reads (4,300 digits)
        raise ImportFailed([Problem("Filen indeholder et tal med alt for mange cifre.")]) from None
    return _without_nul(data)
