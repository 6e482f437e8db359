"""Finding a region by name, town, postal code or position; matching forgiving about spelling."""

import pytest

from wegweiser.webapp import region_finder
from wegweiser.webapp.matching import closeness, distance, normalise


def region(path, name, kind="city", lat=None, lon=None, towns=(), codes=()):
    return {
        "path": path,
        "name": name,
        "name_without_prefix": name.split(" ", 1)[-1],
        "kind": kind,
        "latitude": lat,
        "longitude": lon,
        "towns": [{"name": t, "latitude": la, "longitude": lo} for t, la, lo in towns],
        "postal_codes": list(codes),
    }


REGIONS = [
    region(
        "rems-murr",
        "Landkreis Rems-Murr-Kreis",
        "district",
        48.88,
        9.48,
        towns=[("Schorndorf", 48.805, 9.528), ("Backnang", 48.947, 9.43), ("Waiblingen", 48.83, 9.316)],
        codes=["73614", "71522"],
    ),
    region("augsburg", "Stadt Augsburg", lat=48.366, lon=10.898),
    region("muenchen", "Stadt München", lat=48.137, lon=11.575),
    region("dortmund", "Stadt Dortmund", lat=51.514, lon=7.465),
    region("nowhere", "Stadt Ohneort"),  # no coordinates: never "near"
]


@pytest.mark.parametrize(
    "query, first, via",
    [
        ("Schorndrf", "rems-murr", "Schorndorf"),
        ("schorndorf", "rems-murr", "Schorndorf"),
        ("Backnag", "rems-murr", "Backnang"),
        ("Augsbrug", "augsburg", ""),  # swapped letters
        ("munchen", "muenchen", ""),  # without the umlaut
        ("MÜNCHEN", "muenchen", ""),
        ("Rems", "rems-murr", ""),
        ("715", "rems-murr", "71522"),
    ],
)
def test_search_is_typo_tolerant_and_knows_towns(query, first, via):
    found = region_finder.search(REGIONS, query)
    assert found[0].region["path"] == first
    assert found[0].via == via


def test_short_queries_must_be_right_and_nonsense_finds_nothing():
    assert region_finder.search(REGIONS, "Xyzzy") == []
    assert [f.region["path"] for f in region_finder.search(REGIONS, "Dort")] == ["dortmund"]
    assert region_finder.search(REGIONS, "Dprt") == []  # four letters leave no room for typos


def test_nearest_three_by_centre_or_town():
    found = region_finder.nearest(REGIONS, 48.80, 9.53)  # in Schorndorf
    assert [f.region["path"] for f in found] == ["rems-murr", "augsburg", "muenchen"]
    distances = [f.distance_km or 0.0 for f in found]
    assert found[0].via == "Schorndorf" and distances[0] < 1
    assert 100 < distances[1] < 120  # Schorndorf–Augsburg as the crow flies


def test_normalise_folds_case_accents_and_letter_forms():
    assert normalise("Schwäbisch  Gmünd!") == "schwabisch gmund"
    assert normalise("Straße") == "strasse"
    assert normalise("أحمد") == normalise("احمد")  # alef with hamza
    assert normalise("كتاب") == normalise("کتاب")  # Arabic and Persian kaf
    assert normalise("علي") == normalise("على") == normalise("علی")  # yeh forms
    assert normalise("مُدرسة") == normalise("مدرسه")  # vowel marks and teh marbuta
    assert normalise("KIRIKKALE") == "kirikkale" and normalise("ırmak") == "irmak"


def test_distance_counts_edits_and_stops_at_the_limit():
    assert distance("schorndorf", "schorndorf", 2) == 0
    assert distance("schorndrf", "schorndorf", 2) == 1
    assert distance("augsbrug", "augsburg", 2) == 1  # a swap is one edit
    assert distance("abcdef", "uvwxyz", 2) == 3


def test_closeness_ranks_exact_before_prefix_before_inside_before_typos():
    assert closeness("augsburg", "augsburg") == 0
    assert closeness("augs", "augsburg") == 1
    assert closeness("murr", "rems murr kreis") == 1
    assert closeness("sburg", "augsburg") == 2
    assert closeness("augsbrug", "augsburg") == 3
    assert closeness("", "augsburg") is None
