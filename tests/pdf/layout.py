"""The printed layout as WeasyPrint laid it out: pages, tables, headings and cells read from
the layout boxes of a rendered document, for the layout rules (tests/pdf/test_layout_rules.py).

    document = render(documents.note_html(note, districts))
    for table in tables(document): ...

`render` lays a document out exactly as documents.pdf.engine.html_to_pdf does (its stylesheet
object, font configuration, fetcher, base URL and PDF variant), without writing the PDF.
Lengths are CSS px (96 to the inch; `MM` px to the millimetre), y grows down the page.
"""

import re
from dataclasses import dataclass, field
from itertools import pairwise

from weasyprint import HTML
from weasyprint.formatting_structure import boxes

from documents.pdf import documents, engine
from documents.pdf.fetcher import INTERNAL_BASE, SafeURLFetcher

MM = 96 / 25.4
EPSILON = 0.5  # px: WeasyPrint's positions are floats summed from many lengths
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# What may end a line of a header cell that runs on to the next line.
LINE_ENDS = ("-", "\u2010", "/")


def render(html):
    """The laid-out document (weasyprint.Document) of `html`, as the PDF would have it."""
    stylesheet, font_config = engine._prepare(documents.stylesheet_text())
    fetcher = SafeURLFetcher(documents.static_files())
    return HTML(string=html, base_url=INTERNAL_BASE, url_fetcher=fetcher).render(
        stylesheets=[stylesheet],
        font_config=font_config,
        pdf_variant=engine.PDF_VARIANT,
        uncompressed_pdf=True,
    )


def squash(text):
    return " ".join(text.split())


def text_of(box):
    """The text a box prints, whitespace collapsed."""
    return squash(" ".join(b.text for b in box.descendants() if isinstance(b, boxes.TextBox)))


def classes(box):
    element = box.element
    return (element.get("class") or "").split() if element is not None else []


def describe(box):
    """'table.amounts', 'section.keep', 'h2' for messages."""
    return ".".join([box.element_tag or type(box).__name__, *classes(box)])


def top(box):
    return box.border_box_y()


def bottom(box):
    return box.border_box_y() + box.border_height()


def _visible_background(box):
    color = box.style["background_color"]
    return getattr(color, "alpha", 0) > 0


def ink(box):
    """(top, bottom) of what `box` itself prints (lines, rows, images, borders,
    backgrounds), or None: a block that only holds other boxes prints nothing of its own,
    and a block split at the page's end reaches down to it without printing there."""
    if isinstance(box, (boxes.LineBox, boxes.TableRowBox, boxes.ReplacedBox)):
        return top(box), bottom(box)
    if box.border_bottom_width > 0 or _visible_background(box):
        return top(box), bottom(box)
    if box.border_top_width > 0:
        return top(box), top(box) + box.border_top_width
    return None


@dataclass
class Page:
    index: int  # 0-based
    box: object  # the PageBox
    content_top: float
    content_bottom: float

    @property
    def number(self):
        return self.index + 1

    @property
    def root(self):
        """The page's part of the html element (the margin boxes are the other children)."""
        return next(child for child in self.box.children if child.element_tag == "html")

    def ink_boxes(self):
        return [box for box in self.root.descendants() if ink(box)]

    def used_bottom(self):
        """The lowest point anything is printed on this page (the footer aside)."""
        return max((ink(box)[1] for box in self.ink_boxes()), default=self.content_top)

    def used_top(self):
        return min((ink(box)[0] for box in self.ink_boxes()), default=self.content_bottom)

    @property
    def free_at_bottom(self):
        return self.content_bottom - self.used_bottom()

    @property
    def height(self):
        return self.content_bottom - self.content_top


def pages(document):
    result = []
    for index, page in enumerate(document.pages):
        box = page._page_box
        content_top = box.content_box_y()
        result.append(Page(index, box, content_top, content_top + box.height))
    return result


# Tables


@dataclass
class TablePart:
    """The part of a table on one page: its rows there (a long table repeats its heading
    row on every page it runs over)."""

    page: Page
    box: object  # the TableBox
    wrapper: object  # the table wrapper (the caption's and the table's block)
    parent: object = None  # the block the wrapper is in

    def rows(self, group):
        """The rows of the row groups `group` ("thead", "tbody", "tfoot") on this page."""
        return [
            row
            for row_group in self.box.children
            if isinstance(row_group, boxes.TableRowGroupBox) and row_group.element_tag == group
            for row in row_group.children
        ]

    @property
    def caption(self):
        return next(
            (box for box in self.wrapper.children if isinstance(box, boxes.TableCaptionBox)),
            None,
        )


@dataclass
class Table:
    element: object  # the <table> element, the same on every page
    parts: list = field(default_factory=list)

    @property
    def caption(self):
        caption = self.parts[0].caption
        return text_of(caption) if caption is not None else ""

    @property
    def title(self):
        """The caption's title without its number: "Tidligere afsatte midler"."""
        caption = self.parts[0].caption
        if caption is None:
            return ""
        titles = [box for box in caption.descendants() if "table-title" in classes(box)]
        title = text_of(titles[0]) if titles else text_of(caption)
        return re.sub(r"^Tabel \d+ – ", "", title)

    @property
    def name(self):
        return self.caption or describe(self.parts[0].box)

    @property
    def pages(self):
        return [part.page.number for part in self.parts]

    @property
    def split(self):
        return len(self.parts) > 1

    def rows(self, group):
        """Each row of `group` once, on the first page it starts on: [(page number, row)]."""
        seen = set()
        result = []
        for part in self.parts:
            for row in part.rows(group):
                if id(row.element) not in seen:
                    seen.add(id(row.element))
                    result.append((part.page.number, row))
        return result

    def lead_height(self):
        """The height of what opens the block the table is kept in (`.keep`: the heading
        right above it) down to the caption, as laid out on the table's first page: what has
        to share the page with the table."""
        first = self.parts[0]
        parent = first.parent
        if parent is None or "keep" not in classes(parent):
            return 0
        flow = [c for c in parent.children if isinstance(c, boxes.Box) and c.is_in_normal_flow()]
        if not flow or flow[0] is first.wrapper:
            return 0
        start = first.caption if first.caption is not None else first.box
        return top(start) - top(flow[0])

    def whole_height(self):
        """The table's height laid out on one page: the caption, the heading row once, every
        row, the total row, the table's own borders."""
        first = self.parts[0]
        caption = first.caption
        height = caption.margin_height() if caption is not None else 0
        height += sum(row.height for row in first.rows("thead"))
        height += sum(row.height for _, row in self.rows("tbody"))
        height += sum(row.height for _, row in self.rows("tfoot"))
        return height + first.box.border_top_width + first.box.border_bottom_width


def table_of(box):
    """The <table> a table wrapper holds, or None (for other boxes, and for a block laid out
    as a table, such as an expiry sheet's two columns)."""
    if not box.is_table_wrapper:
        return None
    table = next((b for b in box.children if isinstance(b, boxes.TableBox)), None)
    return table if table is not None and table.element_tag == "table" else None


def tables(document):
    """Every table of the document, in order, with its parts page by page."""
    found = {}

    def visit(box, page):
        for child in getattr(box, "children", []):
            if not isinstance(child, boxes.Box):
                continue
            table_box = table_of(child)
            if table_box is None:
                visit(child, page)
                continue
            table = found.setdefault(id(table_box.element), Table(table_box.element))
            table.parts.append(TablePart(page, table_box, child, box))

    for page in pages(document):
        visit(page.root, page)
    return list(found.values())


# Headings and what they introduce


@dataclass
class Item:
    """A heading, a table or a run of text, in the order they print."""

    kind: str  # "heading", "table" or "text"
    text: str  # the heading's text, the table's title (caption without its number)
    page: int
    box: object
    alone: bool = False  # a heading that is all its section holds (no text, no table)


def items(document):
    """Headings, tables and text blocks in document order, each once (at its first page)."""
    result = []
    seen = set()

    def visit(box, page, siblings):
        element = box.element
        table_box = table_of(box)
        if table_box is not None:
            if id(table_box.element) not in seen:
                seen.add(id(table_box.element))
                table = Table(table_box.element, [TablePart(page, table_box, box)])
                result.append(Item("table", table.title, page.number, box))
            return
        if box.element_tag in HEADINGS and isinstance(box, boxes.BlockBox):
            if id(element) not in seen:
                seen.add(id(element))
                alone = siblings == [box]
                result.append(Item("heading", text_of(box), page.number, box, alone))
            return
        children = getattr(box, "children", [])
        if any(isinstance(child, boxes.LineBox) for child in children):
            if id(element) not in seen:
                seen.add(id(element))
                result.append(Item("text", text_of(box), page.number, box))
            return
        flow = [c for c in children if isinstance(c, boxes.Box) and c.is_in_normal_flow()]
        for child in children:
            if isinstance(child, boxes.Box):
                visit(child, page, flow)

    for page in pages(document):
        visit(page.root, page, [page.root])
    return result


def repeated_headings(document):
    """[(heading, table caption)] where the heading nearest above a table says the table's
    own title again (or the first words of it): one thing printed twice."""
    found = []
    heading = None
    for item in items(document):
        if item.kind == "heading":
            heading = item
        elif item.kind == "table" and heading is not None:
            said, title = heading.text.casefold(), item.text.casefold()
            if title and (said == title or title.startswith(said + " ")):
                found.append((heading.text, text_of(item.box.children[0])))
    return found


# Cells


def _text_boxes(box):
    return [b for b in box.descendants() if isinstance(b, boxes.TextBox) and b.text.strip()]


def cell_text_extent(cell):
    """(left, right) of the text a cell prints, or None for an empty cell."""
    texts = _text_boxes(cell)
    if not texts:
        return None
    return min(t.position_x for t in texts), max(t.position_x + t.width for t in texts)


def cell_problems(row, min_gap=1 * MM):
    """What is wrong with a row's cells: text outside its cell's content box, or closer than
    `min_gap` to the next cell's text."""
    problems = []
    previous = None
    for cell in row.children:
        label = text_of(cell)
        extent = cell_text_extent(cell)
        if extent is None:
            continue
        left, right = cell.content_box_x(), cell.content_box_x() + cell.width
        if extent[0] < left - EPSILON or extent[1] > right + EPSILON:
            problems.append(
                f"{label!r} runs out of its cell ({extent[0]:.1f}–{extent[1]:.1f} px in a "
                f"cell of {left:.1f}–{right:.1f} px)"
            )
        if previous is not None and extent[0] - previous[1] < min_gap - EPSILON:
            problems.append(
                f"{previous[2]!r} and {label!r} are {extent[0] - previous[1]:.1f} px apart "
                f"(at least {min_gap:.1f} px)"
            )
        previous = (*extent, label)
    return problems


def broken_words(cell):
    """Words of a cell broken at the end of a line without a hyphen ("Bevillin" | "g")."""
    lines = [b for b in cell.descendants() if isinstance(b, boxes.LineBox)]
    texts = [squash(" ".join(t.text for t in _text_boxes(line))) for line in lines]
    texts = [text for text in texts if text]
    source = squash(" ".join(cell.element.itertext())) if cell.element is not None else ""
    broken = []
    for line, following in pairwise(texts):
        if line.endswith(LINE_ENDS) or not following:
            continue
        if f"{line} {following.split()[0]}" not in source and source:
            broken.append(f"{line.split()[-1]}|{following.split()[0]}")
    return broken


# The last page


@dataclass
class TrailingPage:
    """What the last page holds and whether it would have fitted on the page before."""

    blocks: list  # descriptions of the outermost boxes on the last page
    needed: float  # its height, plus the margin that would have parted it from what is above
    free: float  # the room left at the bottom of the page before

    @property
    def would_have_fitted(self):
        return self.needed <= self.free - EPSILON


def _margin_top(box):
    """The margin above a box as styled (WeasyPrint drops it at the top of a page)."""
    value = box.style["margin_top"]
    return value.value if getattr(value, "unit", None) == "px" else 0


def _margin_bottom(box):
    """The margin below the last thing printed in `box`: WeasyPrint puts a block on a page
    only with its bottom margin, which it then drops at the end of the page."""
    return max([b.margin_bottom for b in _last_chain(box)], default=0)


def _first_chain(box):
    """The box and its first in-flow children, down to the first line or row: their top
    margins meet (collapse) above the first thing printed."""
    chain = []
    while isinstance(box, boxes.BlockContainerBox):
        chain.append(box)
        children = [c for c in box.children if isinstance(c, boxes.Box) and c.is_in_normal_flow()]
        if not children:
            break
        box = children[0]
    return chain


def _last_chain(box):
    chain = []
    while isinstance(box, boxes.BlockContainerBox):
        chain.append(box)
        children = [c for c in box.children if isinstance(c, boxes.Box) and c.is_in_normal_flow()]
        if not children:
            break
        box = children[-1]
    return chain


def outermost_blocks(page):
    """The boxes on a page below the containers that run over from the page before
    (html, body, the article, a section begun earlier): what the page itself holds."""
    box = page.root
    while True:
        children = [c for c in box.children if isinstance(c, boxes.Box) and c.is_in_normal_flow()]
        if len(children) != 1 or not isinstance(children[0], boxes.BlockBox):
            return children or [box]
        if children[0].is_table_wrapper or children[0].element_tag in HEADINGS:
            return children
        box = children[0]


def _ink_extent(box):
    """(top, bottom) of what is printed inside `box` (itself aside), or None."""
    extents = [ink(b) for b in box.descendants() if b is not box and ink(b)]
    if not extents:
        return None
    return min(e[0] for e in extents), max(e[1] for e in extents)


def _columns(page):
    """{element: cell} of the columns of a block laid out as a table (an expiry sheet's two
    parts side by side): what runs over from one page to the next runs over in its column."""
    return {
        id(cell.element): cell
        for box in page.root.descendants()
        if box.is_table_wrapper and table_of(box) is None
        for cell in box.descendants()
        if isinstance(cell, boxes.TableCellBox)
    }


def trailing(document):
    """What the last page holds, measured against the room at the bottom of the page before:
    one TrailingPage, or one per column that runs over (an expiry sheet's); [] for a
    one-page document."""
    laid_out = pages(document)
    if len(laid_out) < 2:
        return []
    last, before = laid_out[-1], laid_out[-2]
    columns, columns_before = _columns(last), _columns(before)
    if columns:
        result = []
        for key, cell in columns.items():
            extent, above = _ink_extent(cell), columns_before.get(key)
            if extent is None or above is None:
                continue
            used = _ink_extent(above)
            blocks = [c for c in cell.children if isinstance(c, boxes.Box)]
            gap = max(
                [_margin_top(box) for box in _first_chain(blocks[0])]
                + [box.margin_bottom for box in _last_chain(above)],
                default=0,
            )
            free = before.content_bottom - (used[1] if used else top(above))
            needed = extent[1] - extent[0] + gap + _margin_bottom(blocks[-1])
            description = [f"{describe(cell)}: {describe(block)}" for block in blocks]
            result.append(TrailingPage(description, needed, free))
        return result
    blocks = outermost_blocks(last)
    gap = max(
        [_margin_top(box) for box in _first_chain(blocks[0])]
        + [box.margin_bottom for box in _last_chain(before.root)],
        default=0,
    )
    needed = last.used_bottom() - last.used_top() + gap + _margin_bottom(blocks[-1])
    return [TrailingPage([describe(block) for block in blocks], needed, before.free_at_bottom)]
