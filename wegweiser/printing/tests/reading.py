"""Reading generated PDFs back (pypdf): the text of each sheet, the table of contents, where text was drawn."""

import io
import re
from dataclasses import dataclass

from pypdf import PdfReader

_LEADER = re.compile(r"(?:\s?\.){3,}")
ARABIC_RUN = re.compile(r"[\u0600-\u06ff][\u0600-\u06ff\s]*[\u0600-\u06ff]|[\u0600-\u06ff]")


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def sheets(pdf: bytes) -> list[str]:
    """The text of every sheet of the PDF, in order."""
    return [page.extract_text() for page in reader(pdf).pages]


def fonts(pdf: bytes) -> set[str]:
    """The names of the fonts embedded in the PDF, without their subset prefix (``Noto-Naskh-Arabic``)."""
    names = set()
    for page in reader(pdf).pages:
        for font in page["/Resources"].get("/Font", {}).values():  # type: ignore[attr-defined]
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def anchors(pdf: bytes) -> set[str]:
    """The PDF's named destinations: one per printed page (``page-<id>``), the contents and the imprint."""
    return set(reader(pdf).named_destinations)


def image_widths(pdf: bytes, sheet: int) -> list[int]:
    """The pixel widths of the images drawn on a sheet (0-based); QR codes are drawn as paths, not images."""
    objects = reader(pdf).pages[sheet]["/Resources"].get("/XObject", {})  # type: ignore[attr-defined]
    return [
        int(xobject["/Width"])
        for xobject in (o.get_object() for o in objects.values())
        if xobject["/Subtype"] == "/Image"
    ]


def contents(pdf: bytes, titles: list[str]) -> dict[str, int]:
    """The table of contents: each title's sheet number as printed after its dotted leader.

    A line of the contents reads ``Title ....... 12`` (in right-to-left text the parts come out in another order),
    so the number is what is left of the line without the title and the dots.
    """
    lines = [line for text in sheets(pdf)[1:4] for line in text.splitlines() if _LEADER.search(line)]
    found = {}
    for title in titles:
        readings = []
        for line in lines:
            if all(part in line for part in title_parts(title)):
                rest = line
                for part in title_parts(title):
                    rest = rest.replace(part, " ", 1)
                rest = _LEADER.sub(" ", rest)
                # The line of this title leaves only the number ("Psychische Gesundheit" leaves a word of it).
                readings.append((len(re.sub(r"[\d\s.]", "", rest)), int(re.findall(r"\d+", rest)[-1])))
        found[title] = min(readings)[1]
    return found


def title_parts(title: str) -> list[str]:
    """What of a title survives extraction as one piece: the whole title, or its Arabic-script runs (right-to-left
    runs and left-to-right words in between are drawn, and extracted, as separate pieces)."""
    runs = ARABIC_RUN.findall(title)
    return [run.strip() for run in runs] if runs else [title]


@dataclass
class Drawn:
    text: str
    x: float
    y: float


def drawn_text(pdf: bytes, sheet: int) -> list[Drawn]:
    """Pieces of text on a sheet (0-based) with where each begins, in points from the bottom left."""
    pieces = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            pieces.append(Drawn(text.strip(), tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]))

    reader(pdf).pages[sheet].extract_text(visitor_text=visit)
    return pieces
