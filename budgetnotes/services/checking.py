"""Checking a note's data before anything is written: typed values, texts within their limits,
amounts by year, lookups. Every problem is collected with its place (problems.Problem);
nothing is raised until the whole note has been looked at."""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db.models import Model

from budgetnotes import limits, shape
from budgetnotes.numbers import AmountError, parse_amount
from budgetnotes.services.problems import INCOME_SIGN, Problem
from budgetnotes.services.rows import year_amounts
from budgetnotes.shape import RowKind

# Whole numbers as typed: ASCII digits only (no other scripts' digits), a sensible length.
WHOLE_NUMBER = re.compile(r"-?[0-9]{1,10}", re.ASCII)
TEXT_TYPES = {"CharField", "TextField", "SlugField"}


@dataclass
class CheckedRow:
    """A row as it will be written: its model values (position included), its amounts by
    year, and the id of the stored row it updates (the editor's rows carry one)."""

    values: dict[str, Any]
    amounts: dict[int, int] = field(default_factory=dict)
    id: int | None = None
    scenario_number: int | None = None  # funding lines: resolved once scenarios are written
    parts: list["CheckedRow"] = field(default_factory=list)  # a shared line's committee parts


def year_range(first: object, last: object) -> set[int]:
    """The years first..last if they make a valid span, else an empty set (never huge)."""
    return set(shape.span(first, last))


def normal_newlines(text: str) -> str:
    """Text with "\n" line endings: a browser's textarea sends "\r\n", so without this the
    first save from the browser changes every stored text that has a line break."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class Checker:
    """Collects problems while one note's data is resolved and validated."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.problems: list[Problem] = []

    def add(
        self,
        message: object,
        kind: str = "",
        index: int | None = None,
        year: int | None = None,
        field: str = "",
    ) -> None:
        self.problems.append(Problem(str(message), self.code, kind, index, year, field))

    def validation(
        self,
        error: ValidationError,
        kind: str = "",
        index: int | None = None,
        model: type[Model] | None = None,
    ) -> None:
        """The model's own messages; a row's are prefixed with the field's Danish name
        ("Overskrift: Dette felt kan ikke være tomt."), since a file has no field to show
        them at."""
        for name, messages in error.message_dict.items():
            field = "" if name == "__all__" else name
            for message in messages:
                if kind and field and model is not None:
                    label = shape.field_label(model, field)
                    message = f"{label[:1].upper()}{label[1:]}: {message}"
                self.add(message, kind, index, field=field)

    def lookup(
        self,
        model: type[Model],
        kind: str = "",
        index: int | None = None,
        field: str = "",
        **kwargs: Any,
    ) -> Any:
        """The one object matching `kwargs`, or None and a problem (never a query with a
        value no column could hold)."""
        if not all(
            (isinstance(value, str) and "\x00" not in value)
            or (isinstance(value, int) and not isinstance(value, bool))
            or hasattr(value, "pk")
            for value in kwargs.values()
        ):
            self.add(f"Ukendt {model._meta.verbose_name}.", kind, index, field=field)
            return None
        obj = model._default_manager.filter(**kwargs).first()
        if obj is None:
            value = " ".join(str(v) for v in kwargs.values() if not hasattr(v, "pk"))
            self.add(f"Ukendt {model._meta.verbose_name}: „{value}“.", kind, index, field=field)
        return obj

    def rows(self, data: dict[str, Any], kind: RowKind) -> list[dict[str, Any]]:
        """data[kind.key] as a list of dicts, within its limit; anything else is reported
        (and then not looked at row by row)."""
        rows = data.get(kind.key, [])
        if rows is None:
            return []
        if not isinstance(rows, list):
            self.add(f"{kind.title} skal være en liste af rækker.", field=kind.key)
            return []
        if len(rows) > kind.limit:
            self.add(
                f"{kind.title}: højst {limits.danish_count(kind.limit)} rækker i et notat "
                f"(der er {limits.danish_count(len(rows))}).",
                field=kind.key,
            )
            return []
        if not all(isinstance(row, dict) for row in rows):
            self.add(f"{kind.title} skal være en liste af rækker.", field=kind.key)
            return []
        return rows

    def text(self, model_field: Any, value: str, kind: str = "", index: int | None = None) -> str:
        """Text within its field's limit and without NUL characters (which no database
        column can hold)."""
        name = model_field.name
        value = normal_newlines(value)
        if "\x00" in value:
            self.add(
                f"„{model_field.verbose_name}“ indeholder et ugyldigt tegn (et nul-tegn); "
                "fjern det.",
                kind,
                index,
                field=name,
            )
            return ""
        stated = [
            v.limit_value for v in model_field.validators if isinstance(v, MaxLengthValidator)
        ]
        limit = model_field.max_length or (
            min(stated)
            if stated
            else limits.SECTION_CHARS
            if name in shape.SECTION_NAMES
            else limits.CELL_CHARS
        )
        if model_field.get_internal_type() == "TextField" and len(value) > limit:
            self.add(
                f"„{model_field.verbose_name}“ er for lang: højst {limits.danish_count(limit)} "
                f"tegn (der er {limits.danish_count(len(value))}).",
                kind,
                index,
                field=name,
            )
            return ""
        return value

    def values(
        self,
        model: type[Model],
        names: Iterable[str],
        raw: dict[str, Any],
        defaults: dict[str, Any],
        kind: str = "",
        index: int | None = None,
    ) -> dict[str, Any]:
        """Typed values for model fields from raw data; wrong types are reported, not raised."""
        return {
            name: self.value(model._meta.get_field(name), raw, defaults, kind, index)
            for name in names
        }

    def value(
        self,
        model_field: Any,
        raw: dict[str, Any],
        defaults: dict[str, Any],
        kind: str = "",
        index: int | None = None,
    ) -> Any:
        name = model_field.name
        value = raw.get(name, defaults.get(name, model_field.get_default()))
        place = {"kind": kind, "index": index, "field": name}
        label = model_field.verbose_name
        if model_field.get_internal_type() in TEXT_TYPES:
            if value is None:
                value = ""
            if not isinstance(value, str):
                self.add(f"„{label}“ skal være tekst.", **place)
                return ""
            return self.text(model_field, value, kind, index)
        if model_field.get_internal_type() == "BooleanField":
            if not isinstance(value, bool):
                self.add(f"„{label}“ skal være ja eller nej.", **place)
                return model_field.get_default()
            return value
        if value is None:
            return value
        empty = None if model_field.null else ""
        if isinstance(value, str) and WHOLE_NUMBER.fullmatch(value.strip()):
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool):
            self.add(f"„{label}“ skal være et helt tal.", **place)
            return empty
        if not -(2**31) <= value < 2**31:
            self.add(f"„{label}“ skal være et helt tal af rimelig størrelse.", **place)
            return empty
        return value

    def amounts(
        self,
        spec: dict[str, Any],
        kind: str,
        index: int,
        allowed_years: set[int] | None,
        income: bool = False,
    ) -> dict[int, int]:
        raw = spec.get("amounts", {})
        if "annual" in spec or not isinstance(raw, dict | type(None)):
            self.add("Beløbene skal angives som år og beløb.", kind, index, field="amounts")
            return {}
        if raw and len(raw) > limits.YEARS:
            self.add(f"Højst {limits.YEARS} år med beløb i en række.", kind, index, field="amounts")
            return {}
        result = {}
        for year, raw_amount in year_amounts(spec).items():
            amount = self.amount(year, raw_amount, kind, index, allowed_years, income)
            if amount is not None:
                result[year] = amount
        return result

    def amount(
        self,
        year: object,
        raw_amount: object,
        kind: str,
        index: int,
        allowed_years: set[int] | None,
        income: bool,
    ) -> int | None:
        if not isinstance(year, int) or not 2000 <= year <= 2100:
            self.add(f"„{year}“ er ikke et år.", kind, index, field="year")
            return None
        if isinstance(raw_amount, bool | float | list | dict):
            self.add("Beløbet skal være et helt tal i 1.000 kr.", kind, index, year, "amount")
            return None
        try:
            amount = parse_amount(raw_amount)
        except AmountError as error:
            self.add(str(error), kind, index, year, "amount")
            return None
        if amount is None:
            return None
        if allowed_years is not None and year not in allowed_years:
            if allowed_years:
                first, last = min(allowed_years), max(allowed_years)
                message = f"{year} ligger uden for årene {first}–{last}."
            else:
                message = f"{year}: notatets år er ikke gyldige, så beløbet kan ikke placeres."
            self.add(message, kind, index, year, "year")
            return None
        if income and amount > 0:
            self.add(INCOME_SIGN, kind, index, year, "amount")
            return None
        return amount

    def full_clean(
        self, obj: Model, kind: str = "", index: int | None = None, exclude: Iterable[str] = ()
    ) -> None:
        try:
            obj.full_clean(exclude=list(exclude))
        except ValidationError as error:
            self.validation(error, kind, index, type(obj))

    @staticmethod
    def row_id(spec: dict[str, Any]) -> int | None:
        value = spec.get("id")
        return value if isinstance(value, int) and not isinstance(value, bool) else None
