"""Template filters for the Danish number format: {{ value|amount }} → 7.600, {{ x|millions }}."""

from django import template

from budgetnotes import numbers

register = template.Library()


@register.filter
def amount(value):
    """A cell: 7.600, -900, blank for None, 0 for zero."""
    return numbers.format_amount(value)


@register.filter
def signed_amount(value):
    """A difference: +400, -900, 0."""
    text = numbers.format_amount(value)
    return f"+{text}" if value and value > 0 else text


@register.filter
def millions(value):
    return numbers.format_millions(value)


@register.filter
def cells(line, years):
    """A totals.Line's amounts in year order (None for blank cells)."""
    return line.cells(years)


@register.filter
def area_label(code):
    """'overfoersler' → 'Overførsler mv.'; unknown or blank codes print as given."""
    from budgetnotes.choices import SteeringArea

    try:
        return SteeringArea(code).label
    except ValueError:
        return code


@register.inclusion_tag("partials/breadcrumbs.html")
def breadcrumbs(*parts):
    """{% breadcrumbs "Budgetrunder" rounds_url round.name round_url "Rediger" %}: label/URL
    pairs leading to the page, then the page's own label. One trail for every page."""
    *pairs, current = parts
    return {"links": list(zip(pairs[::2], pairs[1::2], strict=True)), "current": current}


@register.filter
def unbreakable(text):
    """A label printed on one line: no-break spaces, and a word joiner after each slash
    ("Vesterbro/Kgs.\u00a0Enghave" may otherwise break after the slash)."""
    return str(text).replace(" ", "\u00a0").replace("/", "/\u2060")


@register.filter
def markdown(text):
    """A text section as safe HTML (budgetnotes.markdown: no raw HTML, no images, no links)."""
    from budgetnotes.markdown import render

    return render(text)


@register.filter
def readable_by(obj, user):
    """{% if note|readable_by:user %}: the access rule (budgetnotes.access.can_view)."""
    from budgetnotes.access import can_view

    return obj is not None and can_view(user, obj)
