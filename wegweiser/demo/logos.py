"""Logos for the demo regions, drawn here (a shield in the region's colour with its initial), so that the
printed guide's cover shows one as a municipality's would."""

from io import BytesIO

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw, ImageFont
from wagtail.images import get_image_model

from wegweiser.regions.models import RegionPage

#: The demo regions' colours.
COLOURS = {"musterstadt": "#0b5cad", "musterland": "#2e7d32"}
SIZE = 400


def shield(initial: str, colour: str) -> bytes:
    """A PNG of a shield with a white initial on it."""
    image = Image.new("RGBA", (SIZE, SIZE), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    top, bottom = 20, SIZE - 20
    outline = [(40, top), (SIZE - 40, top), (SIZE - 40, SIZE * 0.55), (SIZE / 2, bottom), (40, SIZE * 0.55)]
    draw.polygon(outline, fill=colour)
    draw.line([*outline, outline[0]], fill="#ffffff", width=10)
    font = ImageFont.load_default(size=190)
    draw.text((SIZE / 2, SIZE * 0.45), initial, fill="#ffffff", font=font, anchor="mm")
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def give_logo(region: RegionPage) -> None:
    """Draw the region's logo into its collection and set it, unless the region has one."""
    if region.logo_id:
        return
    colour = COLOURS.get(region.slug, "#555555")
    name = f"{region.slug}-logo.png"
    logo = get_image_model().objects.create(
        title=f"{region.full_name} – Logo",
        file=ImageFile(BytesIO(shield(region.title[:1].upper(), colour)), name=name),
        collection=region.collection,
    )
    region.logo = logo
    region.save_revision().publish()  # the revision carries the logo, so that the next publish keeps it
    RegionPage.objects.filter(translation_key=region.translation_key).update(logo=logo)  # synchronised field
