"""Reading an interchange file: its bytes as data, checked against the schema, with every
problem in Danish and nothing more made than is shown."""

import itertools
import json
from pathlib import Path

import jsonschema

from budgetnotes import limits
from budgetnotes.limits import danish_count
from budgetnotes.services import Problem

FORMAT = "budgetnotatregister/1"
SCHEMA = json.loads((Path(__file__).with_name("schema.json")).read_text(encoding="utf-8"))


class ImportFailed(Exception):
    """The file was not imported; `problems` says every reason with its place."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def schema_problems(data):
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
            [
                Problem(
                    "Filen har for mange niveauer inden i hinanden; den kan ikke være fra registret."
                )
            ]
        ) from None
    except ValueError:  # an integer longer than Python reads (4,300 digits)
        raise ImportFailed([Problem("Filen indeholder et tal med alt for mange cifre.")]) from None
    return _without_nul(data)
