# ruff: noqa: E501  (catalogue entries: one msgid, one line)
"""Catalogue entries of ``wegweiser.security`` and ``wegweiser.outbound``: upload checks, outbound fetching (admin only)."""

READER: dict = {}

ADMIN_DE = {
    # Upload checks (wegweiser.security.uploads)
    "This file is too large (%(size)s); at most %(limit)s are allowed.": "Diese Datei ist zu groß (%(size)s); erlaubt sind höchstens %(limit)s.",
    "The content of this file is not a .%(extension)s file. Save it again in that format and upload it then.": "Der Inhalt dieser Datei ist keine .%(extension)s-Datei. Speichern Sie sie noch einmal in diesem Format und laden Sie sie dann hoch.",
    "Files of this kind cannot be uploaded. Allowed: %(extensions)s.": "Dateien dieser Art können nicht hochgeladen werden. Erlaubt: %(extensions)s.",
    "This text file is not in UTF-8. Save it as UTF-8 (e.g. \u201cCSV UTF-8\u201d) and upload it again.": "Diese Textdatei ist nicht in UTF-8. Speichern Sie sie als UTF-8 (z. B. \u201eCSV UTF-8\u201c) und laden Sie sie noch einmal hoch.",
    "Images can be uploaded as %(formats)s. Save the picture in one of these formats (SVG is not possible).": "Bilder können als %(formats)s hochgeladen werden. Speichern Sie das Bild in einem dieser Formate (SVG ist nicht möglich).",
    "This picture has too many pixels (%(pixels)s); at most %(limit)s are allowed.": "Dieses Bild hat zu viele Pixel (%(pixels)s); erlaubt sind höchstens %(limit)s.",
    "This picture has too many pixels.": "Dieses Bild hat zu viele Pixel.",
    "This picture cannot be read; it may be damaged. Save it again and upload it then.": "Dieses Bild kann nicht gelesen werden; vielleicht ist es beschädigt. Speichern Sie es noch einmal und laden Sie es dann hoch.",
    # Outbound fetching (wegweiser.outbound)
    "“%(host)s” is a private or local address; only addresses on the internet can be fetched.": "„%(host)s“ ist eine private oder lokale Adresse; abgerufen werden nur Adressen im Internet.",
    "Only http and https addresses can be fetched, not “%(url)s”.": "Nur http- und https-Adressen können abgerufen werden, nicht „%(url)s“.",
    "“%(url)s” is not a valid address.": "„%(url)s“ ist keine gültige Adresse.",
    "The address redirects more than %(count)s times.": "Die Adresse leitet mehr als %(count)s-mal weiter.",
    "The answer is larger than %(size)s.": "Die Antwort ist größer als %(size)s.",
}
