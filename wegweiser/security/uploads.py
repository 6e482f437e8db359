"""Checks for files editors upload into Wagtail's image and document libraries.

A file is accepted only if its content is what its name says: the type is sniffed from the bytes (``filetype``),
office files are looked into (ODF's ``mimetype`` entry, OOXML's ``[Content_Types].xml``), text files must be UTF-8
without NUL bytes. Images are decoded once with a pixel limit (no decompression bombs) and re-encoded by Pillow in
their own format, which drops EXIF, GPS and XMP data (a photo of a counselling office must not carry where it was
taken) after turning the picture upright. SVG is refused: it can carry scripts.

Plugged in through ``WAGTAILIMAGES_IMAGE_FORM_BASE`` and ``WAGTAILDOCS_DOCUMENT_FORM_BASE``, so the single upload,
the multiple upload and the choosers' upload all pass here; a refused file is a form error and nothing is stored.
"""

from __future__ import annotations

import io
import os
import warnings
import zipfile
from typing import IO

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

#: What each document extension must contain: the MIME types ``filetype`` may recognise in it.
DOCUMENT_TYPES: dict[str, set[str]] = {
    "pdf": {"application/pdf"},
    "docx": {"application/zip", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    "xlsx": {"application/zip", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    "pptx": {"application/zip", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
    "odt": {"application/zip", "application/vnd.oasis.opendocument.text"},
    "ods": {"application/zip", "application/vnd.oasis.opendocument.spreadsheet"},
    "odp": {"application/zip", "application/vnd.oasis.opendocument.presentation"},
}
#: The ODF ``mimetype`` entry of each ODF extension.
ODF_MIMETYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
#: The main part's content type that ``[Content_Types].xml`` of each OOXML extension names.
OOXML_MAIN_PARTS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}
TEXT_EXTENSIONS = {"txt", "csv"}
#: Image formats kept as they are (re-encoded in the same format); the extension must name the same one.
IMAGE_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP", "gif": "GIF"}
#: The formats ``filetype`` recognises by its extension names (an animated PNG is a PNG to Pillow).
SNIFFED_IMAGE_FORMATS = {"jpg": "JPEG", "png": "PNG", "apng": "PNG", "webp": "WEBP", "gif": "GIF"}


class UploadRefused(ValidationError):
    """An uploaded file that is not what it claims to be, too large, or of a kind we do not keep."""


def extension_of(name: str) -> str:
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def _read_all(file: IO[bytes]) -> bytes:
    file.seek(0)
    data = file.read()
    file.seek(0)
    return data


def _too_large(size: int, limit: int) -> UploadRefused:
    return UploadRefused(
        _("This file is too large (%(size)s); at most %(limit)s are allowed.")
        % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
        code="file_too_large",
    )


def _not_what_it_says(extension: str) -> UploadRefused:
    return UploadRefused(
        _("The content of this file is not a .%(extension)s file. Save it again in that format and upload it then.")
        % {"extension": extension},
        code="content_mismatch",
    )


# Documents -----------------------------------------------------------------------------------------------------


def check_document(file: UploadedFile) -> None:
    """Refuse a document whose content does not match its extension, or one over ``WAGTAILDOCS_MAX_UPLOAD_SIZE``."""
    extension = extension_of(file.name or "")
    allowed = [item.lower() for item in getattr(settings, "WAGTAILDOCS_EXTENSIONS", None) or []]
    if extension not in allowed or (extension not in DOCUMENT_TYPES and extension not in TEXT_EXTENSIONS):
        raise UploadRefused(
            _("Files of this kind cannot be uploaded. Allowed: %(extensions)s.")
            % {"extensions": ", ".join(sorted(allowed))},
            code="extension_not_allowed",
        )
    limit = settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    if file.size is not None and file.size > limit:
        raise _too_large(file.size, limit)
    data = _read_all(file)
    if len(data) > limit:
        raise _too_large(len(data), limit)
    if extension in TEXT_EXTENSIONS:
        check_text(data, extension)
        return
    kind = filetype.guess(data)
    if kind is None or kind.mime not in DOCUMENT_TYPES[extension]:
        raise _not_what_it_says(extension)
    if extension in ODF_MIMETYPES or extension in OOXML_MAIN_PARTS:
        check_office_package(data, extension)


def check_text(data: bytes, extension: str) -> None:
    """Text (.txt, .csv) is UTF-8 without NUL bytes; a binary file renamed to .txt is not."""
    if b"\x00" in data or filetype.guess(data) is not None:
        raise _not_what_it_says(extension)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise UploadRefused(
            _("This text file is not in UTF-8. Save it as UTF-8 (e.g. \u201cCSV UTF-8\u201d) and upload it again."),
            code="not_utf8",
        ) from None


def check_office_package(data: bytes, extension: str) -> None:
    """An office file is a ZIP package that declares its own type inside; it must declare the extension's."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
            if extension in ODF_MIMETYPES:
                declared = package.read("mimetype").decode("ascii", "replace").strip() if "mimetype" in names else ""
                matches = declared == ODF_MIMETYPES[extension]
            else:
                types = package.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
                matches = OOXML_MAIN_PARTS[extension].encode() in types
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, RuntimeError, NotImplementedError, OSError):
        matches = False
    if not matches:
        raise _not_what_it_says(extension)


# Images --------------------------------------------------------------------------------------------------------


def clean_image(file: UploadedFile) -> SimpleUploadedFile:
    """The uploaded image re-encoded in its own format without metadata, or :class:`UploadRefused`."""
    extension = extension_of(file.name or "")
    if extension not in IMAGE_FORMATS:
        raise UploadRefused(
            _("Images can be uploaded as %(formats)s. Save the picture in one of these formats (SVG is not possible).")
            % {"formats": "JPEG, PNG, WebP, GIF"},
            code="image_format_not_allowed",
        )
    limit = settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    if file.size is not None and file.size > limit:
        raise _too_large(file.size, limit)
    data = _read_all(file)
    kind = filetype.guess(data)
    expected = IMAGE_FORMATS[extension]
    if kind is None or SNIFFED_IMAGE_FORMATS.get(kind.extension) != expected:
        raise _not_what_it_says(extension)
    return SimpleUploadedFile(file.name or f"image.{extension}", reencode_image(data, expected), file.content_type)


def reencode_image(data: bytes, image_format: str) -> bytes:
    """Decode (with the pixel limit) and write the picture again: upright, with its colour profile, nothing else."""
    max_pixels = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format != image_format:
                    raise _not_what_it_says(image_format.lower())
                frames = getattr(image, "n_frames", 1)
                if image.width * image.height * frames > max_pixels:
                    raise UploadRefused(
                        _("This picture has too many pixels (%(pixels)s); at most %(limit)s are allowed.")
                        % {"pixels": f"{image.width * image.height * frames:,}", "limit": f"{max_pixels:,}"},
                        code="too_many_pixels",
                    )
                image.load()
                return _write(image, image_format, frames)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadRefused(_("This picture has too many pixels."), code="too_many_pixels") from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise UploadRefused(
            _("This picture cannot be read; it may be damaged. Save it again and upload it then."), code="broken_image"
        ) from None


def _write(image: Image.Image, image_format: str, frames: int) -> bytes:
    out = io.BytesIO()
    icc_profile = image.info.get("icc_profile")
    options: dict = {"icc_profile": icc_profile} if icc_profile else {}
    if frames > 1:  # an animated GIF or WebP keeps its frames; such files carry no camera metadata worth turning
        options.update(save_all=True, loop=image.info.get("loop", 0), duration=image.info.get("duration", 100))
        if image_format == "GIF" and "transparency" in image.info:
            options["transparency"] = image.info["transparency"]
        image.save(out, format=image_format, **options)
        return out.getvalue()
    upright = ImageOps.exif_transpose(image) or image
    if image_format == "JPEG":
        if upright.mode not in {"RGB", "L", "CMYK"}:
            upright = upright.convert("RGB")
        options.update(quality=90, optimize=True)
    elif image_format == "WEBP":
        options.update(quality=90, lossless=image.info.get("lossless", False))
    elif image_format == "PNG":
        options.update(optimize=True)
        if "transparency" in image.info:
            options["transparency"] = image.info["transparency"]
    elif image_format == "GIF" and "transparency" in image.info:
        options["transparency"] = image.info["transparency"]
    upright.save(out, format=image_format, **options)
    return out.getvalue()


def _readable_or_refused(check):
    """Wagtail's pixel check opens the image and lets a damaged one raise (a server error): a form error instead."""

    def checked(file):
        try:
            return check(file)
        except (OSError, SyntaxError, ValueError, EOFError):
            raise UploadRefused(
                _("This picture cannot be read; it may be damaged. Save it again and upload it then."),
                code="broken_image",
            ) from None

    return checked


# Forms ----------------------------------------------------------------------------------------------------------


class CheckedImageForm(BaseImageForm):
    """Wagtail's image form with the checks above (``WAGTAILIMAGES_IMAGE_FORM_BASE``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None and hasattr(field, "check_image_pixel_size"):
            field.check_image_pixel_size = _readable_or_refused(field.check_image_pixel_size)

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file and "file" in self.changed_data and isinstance(file, UploadedFile):
            return clean_image(file)
        return file


class CheckedDocumentForm(BaseDocumentForm):
    """Wagtail's document form with the checks above (``WAGTAILDOCS_DOCUMENT_FORM_BASE``)."""

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file and "file" in self.changed_data and isinstance(file, UploadedFile):
            check_document(file)
        return file
