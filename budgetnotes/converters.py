"""URL converter for note codes (BI22), so words like "udloeb" or "xlsx" never match a note."""


class NoteCodeConverter:
    regex = "[A-Za-zÆØÅæøå]{1,6}[0-9]{1,4}"

    def to_python(self, value):
        return value.upper()

    def to_url(self, value):
        return value
