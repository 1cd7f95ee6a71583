"""Excel appropriation workbooks for analysts (issue 5).

`write_workbook(selection, out)` writes a workbook for one note, a round or a filtered round;
`views` serve them, `manage.py appropriations_xlsx` writes them from the command line.
"""
