"""Post a rendered form back the way a browser would: its current values, with changes."""


def form_data(*forms):
    """The values the page shows for `forms` (forms or formsets), keyed by their HTML names."""
    data = {}
    for form in forms:
        if hasattr(form, "management_form"):
            data.update(form_data(form.management_form))
            for member in form.forms:
                data.update(form_data(member))
            continue
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            if value is True:
                value = "on"
            if isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            else:
                data[bound.html_name] = str(value)
    return data
