"""Getting printouts: from the web app's print menu, API v1, the Integreat API's ``pdf/`` and its legacy path;
stored once per content, the whole guide made in the background."""

from datetime import timedelta

import pytest
from django.utils import timezone

from wegweiser.printing import service
from wegweiser.printing.models import Printout
from wegweiser.printing.selection import select
from wegweiser.printing.tasks import make_printout
from wegweiser.publishing import snapshots
from wegweiser.publishing.documents import absolute_url
from wegweiser.publishing.lookup import page_tree, region_document
from wegweiser.publishing.models import snapshot_storage

from .reading import anchors, sheets, title_parts

pytestmark = pytest.mark.django_db

#: The "Arriving" topic of Musterstadt: it has subpages.
ARRIVING = {"de": "/musterstadt/de/ankommen/", "ar": "/musterstadt/ar/arrival/"}


def tree(language: str):
    return page_tree(region_document("musterstadt", language, "pages"))


def pdf_of(response) -> bytes:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


@pytest.fixture
def queued(monkeypatch):
    """Background printouts are queued, not made: the test runs the task when it wants to."""
    calls = []

    class Queue:
        @staticmethod
        def enqueue(printout_id):
            calls.append(printout_id)

    monkeypatch.setattr(service, "make_printout", Queue)
    return calls


@pytest.fixture
def renders(monkeypatch):
    """Counts the renders (the real renderer still runs)."""
    made = []
    real = service.render

    def counting(selection):
        made.append(selection.file_stem)
        return real(selection)

    monkeypatch.setattr(service, "render", counting)
    return made


@pytest.mark.parametrize("language", ["de", "ar"])
def test_a_page_alone_or_with_its_subpages(client, language):
    page = tree(language).find(url=ARRIVING[language])
    below = [entry["id"] for entry in tree(language).descendants(page["id"], 10)]
    assert below
    response = client.get(ARRIVING[language] + "page.pdf")
    assert response["Content-Disposition"] == f'inline; filename="musterstadt-{language}-{page["id"]}.pdf"'
    alone = pdf_of(response)
    assert anchors(alone) == {f"page-{page['id']}"}
    assert page["title"].split()[0] in "\n".join(sheets(alone))
    topic = pdf_of(client.get(ARRIVING[language] + "topic.pdf"))
    assert anchors(topic) == {"contents-title", f"page-{page['id']}"} | {f"page-{id}" for id in below}
    text = "\n".join(sheets(topic))
    assert all(part in text for child in tree(language).children[page["id"]] for part in title_parts(child["title"]))
    assert {"de": "Inhalt", "ar": "المحتويات"}[language] in text


def test_the_same_content_is_rendered_once_and_revalidated_by_its_hash(client, renders):
    first = client.get(ARRIVING["de"] + "page.pdf")
    body = pdf_of(first)
    second = client.get(ARRIVING["de"] + "page.pdf")
    assert pdf_of(second) == body
    assert renders == [f"musterstadt-de-{tree('de').find(url=ARRIVING['de'])['id']}"]
    assert first["ETag"] == second["ETag"] and len(first["ETag"]) == 66
    assert "max-age=300" in first["Cache-Control"]
    unchanged = client.get(ARRIVING["de"] + "page.pdf", headers={"If-None-Match": first["ETag"]})
    assert unchanged.status_code == 304
    assert Printout.objects.filter(status=Printout.Status.READY).count() == 1


def test_a_published_change_makes_a_new_printout_and_removes_the_old(restore_snapshots, musterstadt, client):
    old = client.get(ARRIVING["de"] + "page.pdf")
    pdf_of(old)
    stored = Printout.objects.get()
    page = musterstadt.get_children().get(slug="ankommen").specific
    page.body += "<p>Neu: Sprechstunde am Samstag.</p>"
    page.save_revision().publish()
    snapshots.rebuild_region(musterstadt, ["de"])
    new = client.get(ARRIVING["de"] + "page.pdf")
    assert "Neu: Sprechstunde am Samstag." in "\n".join(sheets(pdf_of(new)))
    assert new["ETag"] != old["ETag"]
    assert list(Printout.objects.values_list("status", flat=True)) == ["ready"]
    assert not Printout.objects.filter(pk=stored.pk).exists()
    assert not snapshot_storage().exists(stored.file_name)


@pytest.mark.parametrize(
    ("language", "waiting", "direction"),
    [("de", "Das PDF wird gerade erstellt", "ltr"), ("ar", "يجري الآن إنشاء ملف PDF", "rtl")],
)
def test_the_whole_guide_is_made_in_the_background(client, queued, language, waiting, direction):
    response = client.get(f"/musterstadt/{language}/guide.pdf")
    assert response.status_code == 202
    assert response["Retry-After"] == "5"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert waiting in html
    assert '<meta http-equiv="refresh" content="5">' in html
    assert f'dir="{direction}"' in html
    printout = Printout.objects.get()
    assert queued == [printout.pk]
    # Asked again while it is being made: not queued twice.
    assert client.get(f"/musterstadt/{language}/guide.pdf").status_code == 202
    assert queued == [printout.pk]
    result = make_printout.call(printout.pk)
    assert result["made"] is True
    guide = sheets(pdf_of(client.get(f"/musterstadt/{language}/guide.pdf")))
    assert len(guide) > 30
    printout.refresh_from_db()
    assert printout.page_id is None and printout.sheets == len(guide) and printout.seconds > 0


def test_while_a_changed_guide_is_made_the_previous_one_is_given(restore_snapshots, musterstadt, client, queued):
    client.get("/musterstadt/de/guide.pdf")
    make_printout.call(queued[-1])
    before = client.get("/musterstadt/de/guide.pdf")
    pdf_of(before)
    page = musterstadt.get_children().get(slug="wohnen").specific
    page.title = "Wohnen und Nachbarschaft"
    page.save_revision().publish()
    snapshots.rebuild_region(musterstadt, ["de"])
    meanwhile = client.get("/musterstadt/de/guide.pdf")
    assert meanwhile["ETag"] == before["ETag"]
    assert "Wohnen und Nachbarschaft" not in "\n".join(sheets(pdf_of(meanwhile)))
    assert "max-age=0" in meanwhile["Cache-Control"]
    assert len(queued) == 2
    make_printout.call(queued[-1])
    after = client.get("/musterstadt/de/guide.pdf")
    assert after["ETag"] != before["ETag"]
    assert "Wohnen und Nachbarschaft" in "\n".join(sheets(pdf_of(after)))
    assert Printout.objects.count() == 1


def test_a_printout_whose_worker_stopped_is_queued_again(client, queued, settings):
    client.get("/musterstadt/de/guide.pdf")
    printout = Printout.objects.get()
    Printout.objects.filter(pk=printout.pk).update(
        started_at=timezone.now() - timedelta(seconds=settings.PRINTOUT_STALE_SECONDS + 1)
    )
    assert client.get("/musterstadt/de/guide.pdf").status_code == 202
    assert queued == [printout.pk, printout.pk]


def test_a_failed_render_is_told_and_tried_again_later(client, monkeypatch, settings):
    def broken(selection):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(service, "render", broken)
    response = client.get(ARRIVING["de"] + "page.pdf")
    assert response.status_code == 503
    assert "konnte gerade nicht erstellt werden" in response.content.decode()
    printout = Printout.objects.get()
    assert printout.status == Printout.Status.FAILED and printout.error == "no fonts"
    monkeypatch.undo()
    # Not at once (a broken page must not be rendered on every request)…
    assert client.get(ARRIVING["de"] + "page.pdf").status_code == 503
    # …but after the retry time.
    past = timezone.now() - timedelta(seconds=settings.PRINTOUT_RETRY_SECONDS + 1)
    Printout.objects.filter(pk=printout.pk).update(finished_at=past)
    pdf_of(client.get(ARRIVING["de"] + "page.pdf"))


def test_unknown_pages_regions_and_languages_are_not_found(client):
    assert client.get("/musterstadt/de/gibt-es-nicht/page.pdf").status_code == 404
    assert client.get("/nirgendwo/de/guide.pdf").status_code == 404
    assert client.get("/musterstadt/ti/guide.pdf").status_code == 404
    assert not Printout.objects.exists()


def test_a_change_of_logo_or_content_changes_the_hash(musterstadt):
    selection = select("musterstadt", "de", path=ARRIVING["de"])
    same = select("musterstadt", "de", path=ARRIVING["de"])
    assert selection.content_hash == same.content_hash
    same.logo = ""
    assert selection.content_hash != same.content_hash
    with_subpages = select("musterstadt", "de", path=ARRIVING["de"], subpages=True)
    assert with_subpages.content_hash != selection.content_hash


# --- API v1 -----------------------------------------------------------------------------------------------------


def test_api_v1_gives_a_page_or_topic_as_pdf(client):
    page = tree("ar").find(url=ARRIVING["ar"])
    response = client.get("/api/v1/regions/musterstadt/ar/pdf/", {"page": page["id"], "subpages": "true"})
    assert response["Access-Control-Allow-Origin"] == "*"
    pdf = pdf_of(response)
    assert {f"page-{child['id']}" for child in tree("ar").children[page["id"]]} < anchors(pdf)
    assert "المحتويات" in "\n".join(sheets(pdf))


def test_api_v1_answers_202_while_the_guide_is_made(client, queued):
    response = client.get("/api/v1/regions/musterstadt/de/pdf/")
    assert response.status_code == 202
    assert response.json() == {"status": "building", "retry_after": 5}
    assert response["Retry-After"] == "5"
    make_printout.call(queued[0])
    pdf_of(client.get("/api/v1/regions/musterstadt/de/pdf/"))


def test_api_v1_refuses_bad_requests_with_json(client):
    missing = client.get("/api/v1/regions/musterstadt/de/pdf/", {"page": 99999999})
    assert missing.status_code == 404 and "no page" in missing.json()["error"]
    bad = client.get("/api/v1/regions/musterstadt/de/pdf/", {"page": "eins"})
    assert bad.status_code in (400, 422) and "error" in bad.json()
    assert client.get("/api/v1/regions/musterstadt/xx/pdf/").status_code == 404
    assert not Printout.objects.exists()


def test_the_openapi_schema_describes_the_pdf():
    from wegweiser.api.v1 import api

    operation = api.get_openapi_schema()["paths"]["/api/v1/regions/{region}/{language}/pdf/"]["get"]
    responses = {str(status): response for status, response in operation["responses"].items()}
    assert "application/pdf" in responses["200"]["content"]
    assert {"202", "404"} <= set(responses)
    assert {parameter["name"] for parameter in operation["parameters"]} >= {"page", "subpages"}


# --- Integreat's API -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    ["/api/v3/musterstadt/de/pdf/", "/api/v3/musterstadt/de/pdf", "/musterstadt/de/wp-json/ig-mpdf/v1/pdf/"],
)
def test_integreat_pdf_redirects_to_the_printout(client, address):
    response = client.get(address, {"url": absolute_url(ARRIVING["de"])})
    assert response.status_code == 302
    assert response["Location"] == absolute_url(ARRIVING["de"] + "topic.pdf")
    assert response["Access-Control-Allow-Origin"] == "*"
    whole = client.get(address)
    assert whole.status_code == 302 and whole["Location"] == absolute_url("/musterstadt/de/guide.pdf")
    by_path = client.get(address, {"url": ARRIVING["de"]})
    assert by_path["Location"] == response["Location"]
    missing = client.get(address, {"url": "/musterstadt/de/gibt-es-nicht/"})
    assert missing.status_code == 404 and "error" in missing.json()
    assert client.get(address.replace("/de/", "/xx/")).status_code == 404


# --- The web app's print menu ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "label"), [("de", "Drucken oder als PDF speichern"), ("ar", "طباعة أو حفظ كملف PDF")]
)
def test_topic_pages_have_a_print_menu(client, language, label):
    html = client.get(ARRIVING[language]).content.decode()
    assert label in html
    assert f'href="{ARRIVING[language]}page.pdf"' in html
    assert f'href="{ARRIVING[language]}topic.pdf"' in html
    assert f'href="/musterstadt/{language}/guide.pdf"' in html
    # A page without subpages offers no topic PDF.
    leaf = next(page for page in tree(language).pages if page["id"] not in tree(language).children)
    leaf_html = client.get(leaf["path"]).content.decode()
    assert f'href="{leaf["path"]}page.pdf"' in leaf_html and "topic.pdf" not in leaf_html
