import pytest

from wegweiser.content.models import TopicPage
from wegweiser.content.rich_text import sanitise_rich_text


@pytest.mark.parametrize(
    "dirty, clean",
    [
        ("<p>Hallo<script>alert(1)</script></p>", "<p>Hallo</p>"),
        ('<p onclick="steal()">Text</p>', "<p>Text</p>"),
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        ('<p style="color:red">x</p><iframe src="https://evil.example"></iframe>', "<p>x</p>"),
        ('<img src=x onerror="alert(1)">', ""),
    ],
)
def test_dangerous_markup_is_removed(dirty, clean):
    assert sanitise_rich_text(dirty) == clean


def test_wagtail_rich_text_format_survives():
    html = (
        '<h2>Termin</h2><p><b>Wichtig:</b> <a href="tel:+497100121040">07100 12-1040</a>, '
        '<a linktype="page" id="12">Anmeldung</a></p><embed embedtype="image" id="3" format="left" alt="Rathaus"/>'
        "<ul><li>eins</li></ul>"
    )
    assert sanitise_rich_text(html) == html


@pytest.mark.django_db
def test_topic_pages_store_only_sanitised_text(musterstadt):
    page = TopicPage(title="Test", slug="test-xss", body='<p>ok</p><script>alert("x")</script>')
    musterstadt.add_child(instance=page)
    page.refresh_from_db()
    assert page.body == "<p>ok</p>"
