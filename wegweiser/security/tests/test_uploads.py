"""Uploads through the admin's real forms: files that are not what their names say are refused and nothing is
stored; images come out re-encoded without metadata; documents are served so that browsers never run them."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from wegweiser.security.uploads import UploadRefused, check_document

pytestmark = pytest.mark.django_db
Document = get_document_model()
ImageModel = get_image_model()
GPS_IFD = 0x8825
ORIENTATION = 0x0112


def jpeg_with_gps(size=(60, 30), orientation: int = 1) -> bytes:
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "Camera maker"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 18.0)})
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def png(size=(20, 20), mode="RGBA") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (0, 0, 0, 0) if mode == "RGBA" else 0).save(out, "PNG")
    return out.getvalue()


def upload_image(client, name: str, content: bytes, content_type: str = "image/jpeg"):
    return client.post(
        "/admin/images/add/",
        {
            "title": "Beratungsstelle",
            "file": SimpleUploadedFile(name, content, content_type),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def upload_document(client, name: str, content: bytes, content_type: str = "application/octet-stream"):
    return client.post(
        "/admin/documents/add/",
        {
            "title": "Merkblatt",
            "file": SimpleUploadedFile(name, content, content_type),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def form_errors(response) -> str:
    form = response.context["form"]
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


@pytest.fixture
def admin_client(login):
    return login("admin")


def test_a_photo_loses_its_gps_position_and_is_turned_upright(admin_client):
    before = ImageModel.objects.count()
    response = upload_image(admin_client, "buero.jpg", jpeg_with_gps((60, 30), orientation=6))
    assert response.status_code == 302, form_errors(response)
    image = ImageModel.objects.order_by("-pk").first()
    assert ImageModel.objects.count() == before + 1
    with image.file.open("rb") as stored, Image.open(stored) as picture:
        assert picture.format == "JPEG"
        exif = picture.getexif()
        assert not exif.get_ifd(GPS_IFD) and 0x010F not in exif and exif.get(ORIENTATION, 1) == 1
        assert picture.size == (30, 60)  # turned as the camera said, then stored upright
    assert (image.width, image.height) == (30, 60)


def test_a_transparent_png_stays_a_transparent_png(admin_client):
    response = upload_image(admin_client, "logo.png", png(), "image/png")
    assert response.status_code == 302, form_errors(response)
    with ImageModel.objects.order_by("-pk").first().file.open("rb") as stored, Image.open(stored) as picture:
        assert picture.format == "PNG" and picture.mode == "RGBA"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bild.jpg", b"<?php system($_GET['c']); ?>" + b"\x00" * 100, "valid"),
        ("bild.jpg", png(), "not a valid .jp"),  # a PNG named .jpg
        ("bild.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "format"),
        ("bild.jpg", b"\xff\xd8\xff\xe0" + b"broken" * 20, "valid"),
    ],
)
def test_files_that_are_not_the_image_they_claim_are_refused_and_nothing_is_stored(
    admin_client, name, content, message
):
    before = ImageModel.objects.count()
    response = upload_image(admin_client, name, content)
    assert response.status_code == 200
    assert message in form_errors(response).lower() or "cannot be read" in form_errors(response), form_errors(response)
    assert ImageModel.objects.count() == before


def test_an_oversized_or_huge_image_is_refused(admin_client, settings):
    before = ImageModel.objects.count()
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 500
    response = upload_image(admin_client, "gross.jpg", jpeg_with_gps((400, 400)))
    assert response.status_code == 200
    assert "too big" in form_errors(response) or "too large" in form_errors(response), form_errors(response)
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 1000
    response = upload_image(admin_client, "bombe.png", png((100, 100), "L"), "image/png")
    assert response.status_code == 200 and "pixels" in form_errors(response)
    assert ImageModel.objects.count() == before


def office_package(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, data in entries.items():
            package.writestr(name, data)
    return out.getvalue()


DOCX = office_package(
    {
        "[Content_Types].xml": b'<Types><Override PartName="/word/document.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        "word/document.xml": b"<w:document/>",
    }
)
ODT = office_package({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"})
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("merkblatt.pdf", PDF),
        ("antrag.docx", DOCX),
        ("antrag.odt", ODT),
        ("liste.csv", "Name;Ort\nÄmter;Köln\n".encode()),
    ],
)
def test_real_documents_are_accepted(admin_client, name, content):
    before = Document.objects.count()
    response = upload_document(admin_client, name, content)
    assert response.status_code == 302, form_errors(response)
    assert Document.objects.count() == before + 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("merkblatt.pdf", b"<html><script>alert(1)</script></html>", "not a .pdf file"),
        ("antrag.docx", ODT, "not a .docx file"),
        ("antrag.odt", DOCX, "not a .odt file"),
        ("tabelle.xlsx", office_package({"a.txt": b"x"}), "not a .xlsx file"),
        ("liste.csv", "Name;Ort\nÄmter;Köln\n".encode("latin-1"), "UTF-8"),
        ("liste.txt", b"abc\x00def", "not a .txt file"),
        ("bild.txt", png(), "not a .txt file"),
        ("programm.exe", b"MZ\x90\x00", "cannot be uploaded"),
    ],
)
def test_documents_that_are_not_what_they_claim_are_refused_and_nothing_is_stored(admin_client, name, content, message):
    before = Document.objects.count()
    response = upload_document(admin_client, name, content)
    assert response.status_code == 200
    assert message in form_errors(response), form_errors(response)
    assert Document.objects.count() == before


def test_an_oversized_document_is_refused(admin_client, settings):
    before = Document.objects.count()
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 10  # Wagtail's own setting: its field checks it first, then ours
    response = upload_document(admin_client, "merkblatt.pdf", PDF)
    assert response.status_code == 200
    assert "too big" in form_errors(response) or "too large" in form_errors(response), form_errors(response)
    assert Document.objects.count() == before


def test_html_uploaded_as_text_is_kept_but_served_as_a_download_that_never_runs(
    admin_client, client, monkeypatch, tmp_path
):
    # Served from files, as in production: the test settings keep media in memory, which has no files to send.
    # (Only the documents' storage: changing the STORAGES setting would empty the in-memory published snapshots.)
    monkeypatch.setattr(Document._meta.get_field("file"), "storage", FileSystemStorage(location=tmp_path))
    response = upload_document(admin_client, "hinweis.txt", b"<html><script>alert(document.cookie)</script></html>")
    assert response.status_code == 302, form_errors(response)
    document = Document.objects.order_by("-pk").first()
    served = client.get(document.url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == b"<html><script>alert(document.cookie)</script></html>"
    assert served["Content-Type"].startswith("text/plain")
    assert served["Content-Disposition"].startswith("attachment")
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Security-Policy"] == "default-src 'none'"


def test_the_refusal_is_explained_in_german():
    with translation.override("de"), pytest.raises(UploadRefused) as refused:
        check_document(SimpleUploadedFile("merkblatt.pdf", b"<html></html>"))
    assert "Der Inhalt dieser Datei ist keine .pdf-Datei" in refused.value.messages[0]
