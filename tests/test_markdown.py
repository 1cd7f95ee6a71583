from budgetnotes.markdown import render


def test_paragraphs_lists_and_emphasis():
    html = render("Afsætte **11,6 mio. kr.**\n\n- service\n- indsats\n\n1. et\n2. to")
    assert "<strong>11,6 mio. kr.</strong>" in html
    assert html.count("<li>") == 4 and "<ul>" in html and "<ol>" in html


def test_raw_html_is_escaped_not_passed_through():
    html = render('<script>alert(1)</script> <img src="file:///etc/passwd">')
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_images_and_links_are_not_rendered():
    html = render("![x](file:///etc/passwd) [her](http://127.0.0.1/) <http://127.0.0.1/>")
    assert "<img" not in html and "<a " not in html and "href" not in html


def test_empty_text():
    assert render("") == "" and render(None) == ""
