"""Danish number format for amounts in 1.000 kr. (docs/domain.md §5): 7.600 · -900 · 11,6 mio. kr."""

import re
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

# 10 mia. kr. in thousands: far above any single line, far below an integer column's limit.
MAX_AMOUNT = 10_000_000

# ASCII digits only: other scripts' digits (٧٦٠٠) are not amounts someone meant to type.
_GROUPED = re.compile(r"-?[0-9]{1,3}(\.[0-9]{3})+", re.ASCII)
_PLAIN = re.compile(r"-?[0-9]+", re.ASCII)
# More digits than MAX_AMOUNT has cannot be a valid amount (and must not reach int()).
_MAX_DIGITS = len(str(MAX_AMOUNT))
_MINUS_SIGNS = ("\u2212", "\u2013")  # minus sign and en dash as typed from Word


# Said wherever an income line gets a positive amount (the editor, the admin, the write path).
INCOME_SIGN = _("En indtægt angives med minus, fx -900.")


class AmountError(ValueError):
    """Text that is not a whole amount in 1.000 kr.; the message is for the user."""


def format_amount(value: int | str | None) -> str:
    """7600 → '7.600', -900 → '-900', None → '' (a blank cell)."""
    if value is None or value == "":
        return ""
    value = int(value)
    sign = "-" if value < 0 else ""
    return sign + f"{abs(value):,}".replace(",", ".")


def format_millions(value: int | str) -> str:
    """An amount in 1.000 kr. as millions: 11600 → '11,6 mio. kr.', 2000 → '2 mio. kr.'."""
    millions = (Decimal(int(value)) / 1000).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    text = f"{millions:f}".replace(".", ",")
    if text.endswith(",0"):
        text = text[:-2]
    return f"{text} mio. kr."


def parse_amount(text: object) -> int | None:
    """Danish amount input → int. Accepts '7.600', '7600', '-900', '7 600'; '' → None.

    `text` is what a form or an imported file holds: text, a whole number, or anything else
    (which is read as its text)."""
    if text is None:
        return None
    if isinstance(text, int):
        value = text
    else:
        cleaned = str(text).strip().replace("\xa0", "").replace(" ", "")
        for sign in _MINUS_SIGNS:
            cleaned = cleaned.replace(sign, "-")
        if cleaned == "":
            return None
        if "," in cleaned:
            raise AmountError(_("Angiv beløbet i hele 1.000 kr. uden decimaler, fx 7.600."))
        if not (_PLAIN.fullmatch(cleaned) or _GROUPED.fullmatch(cleaned)):
            shown = str(text) if len(str(text)) <= 30 else f"{str(text)[:30]}…"
            raise AmountError(
                _("„%(text)s“ er ikke et beløb. Skriv fx 7.600, 7600 eller -900.") % {"text": shown}
            )
        # Leading zeros are no value, but int() counts them against Python's digit limit.
        digits = cleaned.replace(".", "").lstrip("-").lstrip("0") or "0"
        if len(digits) > _MAX_DIGITS:
            raise AmountError(_("Beløbet er urealistisk stort (over 10 mia. kr.)."))
        value = -int(digits) if cleaned.startswith("-") else int(digits)
    if abs(value) > MAX_AMOUNT:
        raise AmountError(_("Beløbet er urealistisk stort (over 10 mia. kr.)."))
    return value
