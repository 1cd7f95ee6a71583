import pytest

from budgetnotes.numbers import AmountError, format_amount, format_millions, parse_amount


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (7600, "7.600"),
        (30400, "30.400"),
        (-900, "-900"),
        (0, "0"),
        (None, ""),
        (1234567, "1.234.567"),
    ],
)
def test_format_amount(value, text):
    assert format_amount(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (11600, "11,6 mio. kr."),
        (500, "0,5 mio. kr."),
        (2000, "2 mio. kr."),
        (-900, "-0,9 mio. kr."),
    ],
)
def test_format_millions(value, text):
    assert format_millions(value) == text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("7.600", 7600),
        ("7600", 7600),
        ("-900", -900),
        (" 7 600 ", 7600),
        ("\u2212900", -900),
        ("1.234.567", 1234567),
        ("", None),
        ("0", 0),
    ],
)
def test_parse_amount_accepts_danish_input(text, value):
    assert parse_amount(text) == value


@pytest.mark.parametrize(
    "text", ["7.6.00", "76.00", "abc", "7,6", "1e3", "7.60", "--900", "7600kr"]
)
def test_parse_amount_refuses_what_is_not_an_amount(text):
    with pytest.raises(AmountError):
        parse_amount(text)


def test_parse_amount_refuses_absurd_amounts():
    with pytest.raises(AmountError, match="urealistisk"):
        parse_amount("99.000.000")
