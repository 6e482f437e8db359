"""Phone numbers newcomers dial and points on the map: what editors may store."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from wegweiser.content.validators import outside_bounding_box, phone_link, validate_phone_number


@pytest.mark.parametrize(
    ("written", "dialled"),
    [
        ("030 23125 120", "tel:+493023125120"),  # German numbers need no country code
        ("(069) 90009-000", "tel:+496990009000"),
        ("+43 1 5123456", "tel:+4315123456"),  # and foreign ones keep theirs
        ("0152 28817386", "tel:+4915228817386"),
    ],
)
def test_valid_numbers_are_kept_and_dialled_internationally(written, dialled):
    validate_phone_number(written)
    assert phone_link(written) == dialled


@pytest.mark.parametrize("written", ["12", "phone me", "0301", "+49 30", "07000 123-100"])
def test_invalid_numbers_are_refused_with_a_hint(written):
    with pytest.raises(ValidationError) as refused:
        validate_phone_number(written)
    assert "area code" in str(refused.value.messages[0])
    assert written in refused.value.messages[0]
    assert phone_link(written) == ""


def test_no_number_is_allowed():
    validate_phone_number("")
    assert phone_link("") == ""


def test_points_outside_the_bounding_box():
    region = SimpleNamespace(min_latitude=48.70, min_longitude=9.25, max_latitude=48.78, max_longitude=9.37)
    assert not outside_bounding_box(region, 48.74, 9.31)
    assert not outside_bounding_box(region, 48.70, 9.37)  # the edge belongs to the region
    assert outside_bounding_box(region, 52.52, 13.40)  # Berlin
    assert outside_bounding_box(region, 48.74, 9.40)
    assert not outside_bounding_box(region, None, 9.31)  # unknown points are not warned about
    assert not outside_bounding_box(
        SimpleNamespace(**dict.fromkeys(vars(region))), 52.52, 13.40
    )  # nor regions without a box
