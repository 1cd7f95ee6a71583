"""Excel appropriation workbooks for analysts.

`api.write_workbook(selection, out)` writes a workbook for one note, a round or a filtered
round; `views` serve them, `manage.py appropriations_xlsx` writes them from the command line.

- `selection`: which notes (round, reader, filters) and which price level;
- `queries`: the database reads, one query each; `contents`: their results, read once;
- `sheets`: one row iterator per sheet (Oversigt, Bevillinger, Data, Tidligere afsatte midler,
  Udløb, Prisindeks); `styles`: the cell styles;
- `package`: the workbook around the sheets (widths, panes, autofilters, table, calcPr, zip);
  `xlsx`: the streaming worksheet that serialises the rows.
"""
