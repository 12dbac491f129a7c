from django.template.loader import render_to_string


def test_the_500_page_renders_without_a_request_or_database():
    html = render_to_string("500.html")
    assert "Something went wrong on our side" in html
    assert "{%" not in html and "<link" not in html  # self-contained: no static files needed
