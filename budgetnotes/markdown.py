"""Safe Markdown for the text sections: paragraphs, bullet and numbered lists, bold, italics.

Raw HTML is escaped (never passed through), images are not rendered, and links become plain
text, so nothing a user types can fetch or point at anything, in a page or in a PDF.
"""

from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

_md = (
    MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    .disable(["image", "link", "autolink", "html_block", "html_inline", "reference"])
    .disable(["heading", "lheading", "code", "fence", "hr"])
)


def render(text):
    """Markdown text → safe HTML (a SafeString)."""
    if not text:
        return mark_safe("")
    return mark_safe(_md.render(text))
