#!/usr/bin/env python3
"""How well search finds the right page for real newcomers' questions, and how fast.

What it does, in one run, on a scratch SQLite database:

1. imports the Integreat region in ``../shared/data/rems-murr-kreis`` (German and English pages) with
   ``import_integreat``'s importer, and lets the region offer Arabic, Ukrainian and French too, falling back to
   German where a page is not translated (as a town would before its translations exist);
2. builds the search index from the published documents, timed (embedding every item, stemming every text);
3. asks every question of ``questions.jsonl`` through the search API (``GET /api/v1/regions/<region>/<lang>/
   search/?q=``, in the question's language) and scores the answer: a hit is any language copy of the page the
   question was written for;
4. prints recall@1, recall@5 and MRR per kind and language, and per kind, beside the targets; the API's latency
   (p50, p99); the index build time, per 1,000 pages; and how long republishing one changed page takes to index;
5. asks the same questions of the web app's offline search (``saved-search.js``, in Node, over what each guide's
   offline download carries) and prints its recall the same way (``--no-offline`` skips it).

Run it with the project's virtualenv: ``.venv/bin/python bench/search_eval.py`` (``--help`` for options).
Nothing outside a temporary directory is written.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = Path(os.environ.get("WEGWEISER_SHARED_DATA", ROOT.parent / "shared" / "data")) / "rems-murr-kreis"
REGION = "rems-murr-kreis"
#: Languages questions are asked in that the imported region does not write in: readers get German pages.
EXTRA_LANGUAGES = ("ar", "uk", "fr")
TARGETS = {"question": 0.95, "topic-question": 0.80, "translated-question": 0.85}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="directory with pages.*.json and questions.jsonl")
    parser.add_argument("--sample", type=int, help="ask only this many questions (a fixed random sample)")
    parser.add_argument("--backend", default="embedded", help="SEARCH_BACKEND (default: %(default)s)")
    parser.add_argument("--no-offline", action="store_true", help="do not measure the web app's offline search")
    parser.add_argument(
        "--scratch", type=Path, help="keep the database here and reuse it next time (skips import and indexing)"
    )
    options = parser.parse_args()
    if not (options.data / "questions.jsonl").exists():
        parser.error(f"{options.data} has no questions.jsonl (set WEGWEISER_SHARED_DATA or --data)")
    if not options.no_offline and shutil.which("node") is None:
        parser.error("measuring the offline search needs Node.js (`node`); install it or pass --no-offline")

    scratch = options.scratch or Path(tempfile.mkdtemp(prefix="wegweiser-search-eval-"))
    scratch.mkdir(parents=True, exist_ok=True)
    os.environ.update({"DJANGO_SETTINGS_MODULE": "wegweiser.settings.dev", "WEGWEISER_VAR_DIR": str(scratch)})
    os.environ["SEARCH_BACKEND"] = options.backend
    os.environ.setdefault("LOG_LEVEL", "WARNING")  # not a line for each of the questions' requests
    os.environ.pop("DATABASE_URL", None)
    try:
        run(options)
    finally:
        if not options.scratch:
            shutil.rmtree(scratch, ignore_errors=True)


def run(options) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import Sum
    from django.test import Client

    from wegweiser.insights.models import UnansweredSearch
    from wegweiser.integreat.models import ImportedPage
    from wegweiser.regions.models import RegionPage
    from wegweiser.search.models import SearchEntry

    call_command("migrate", verbosity=0)
    region = RegionPage.objects.filter(slug=REGION, locale__language_code="de").first()
    if region is None or not SearchEntry.objects.filter(region=region).exists():
        region = import_and_index(options.data)
    UnansweredSearch.objects.filter(region=region).delete()

    # A hit is any language copy of the page: the families' German copies carry the ids questions refer to.
    external = dict(ImportedPage.objects.values_list("page_id", "external_id"))
    family_of = dict(SearchEntry.objects.filter(region=region).values_list("item_id", "family"))
    german_id = {}
    for item_id, family, language in SearchEntry.objects.filter(region=region).values_list(
        "item_id", "family", "language"
    ):
        if language == "de":
            german_id[family] = external.get(item_id)

    questions = [json.loads(line) for line in (options.data / "questions.jsonl").open(encoding="utf-8")]
    if options.sample:
        questions = random.Random(8).sample(questions, min(options.sample, len(questions)))
    client = Client(HTTP_HOST="127.0.0.1")
    ranks: dict[tuple[str, str], list[int]] = defaultdict(list)
    latencies = []
    for question in questions:
        url = f"/api/v1/regions/{REGION}/{question['language']}/search/?" + urlencode({"q": question["question"]})
        started = time.perf_counter()
        response = client.get(url)
        latencies.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}: {response.content[:300]!r}")
        found = [german_id.get(family_of.get(result["id"])) for result in response.json()["results"]]
        ranks[(question["kind"], question["language"])].append(rank_of(question, found))
    print_quality(ranks)
    latencies.sort()
    print(
        f"\nsearch API over {len(latencies)} questions: p50 {percentile(latencies, 50) * 1000:.0f} ms, "
        f"p99 {percentile(latencies, 99) * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms "
        "(target p50 ≤ 50 ms, p99 ≤ 200 ms)"
    )
    unanswered = UnansweredSearch.objects.filter(region=region).aggregate(n=Sum("count"))["n"] or 0
    print(f"counted as without a good answer (for the editors): {unanswered} of {len(latencies)}")
    if not options.no_offline:
        print("\nthe web app's offline search (words only, over the saved guide), the same questions:")
        ranks, milliseconds = offline_ranks(region, questions, german_id, family_of)
        print_quality(ranks, targets=False)
        milliseconds.sort()
        print(
            f"\noffline search in Node over {len(milliseconds)} questions: p50 {percentile(milliseconds, 50):.0f} ms, "
            f"p99 {percentile(milliseconds, 99):.0f} ms, max {milliseconds[-1]:.0f} ms (each guide's words indexed at "
            "its first question)"
        )


def offline_ranks(
    region, questions: list[dict], german_id: dict, family_of: dict
) -> tuple[dict[tuple[str, str], list[int]], list[float]]:
    """Ranks of the gold pages found by ``saved-search.js`` over each guide's saved items (as the offline download
    carries them), run in Node by ``bench/saved_search.js``; and how long each question took, in ms."""
    from django.utils import translation

    from wegweiser.search.service import reader_paths
    from wegweiser.webapp.reading import Guide
    from wegweiser.webapp.searching import saved_search

    guides, family_by_path = {}, {}
    for language in sorted({question["language"] for question in questions}):
        with translation.override(language):
            items, _messages = saved_search(Guide.of(REGION, language))
        guides[language] = {"version": language, "search": items}
        paths = reader_paths(region.id, language)
        family_by_path[language] = {path: family_of.get(item_id) for item_id, path in paths.items()}
    asked = sorted(questions, key=lambda question: question["language"])  # one guide's words indexed at a time
    request = {"guides": guides, "questions": asked, "limit": 10}
    finished = subprocess.run(
        ["node", str(ROOT / "bench" / "saved_search.js")],
        input=json.dumps(request).encode(),
        capture_output=True,
        check=True,
    )
    ranks: dict[tuple[str, str], list[int]] = defaultdict(list)
    answer = json.loads(finished.stdout)
    for question, paths in zip(asked, answer["found"], strict=True):
        language = question["language"]
        found = [german_id.get(family_by_path[language].get(path)) for path in paths]
        ranks[(question["kind"], language)].append(rank_of(question, found))
    return ranks, answer["milliseconds"]


def rank_of(question: dict, found: list) -> int:
    """Where the page the question was written for stands among the German ids found (1 is first), 0 if not found."""
    gold = question["gold_family_id"]
    return found.index(gold) + 1 if gold in found else 0


def import_and_index(data: Path):
    from django.test import override_settings

    from wegweiser.integreat.importing import import_dump, read_dump
    from wegweiser.publishing.snapshots import rebuild_region, rebuild_region_list
    from wegweiser.search import indexing
    from wegweiser.search.models import SearchEntry, SearchWord

    started = time.perf_counter()
    report = import_dump(read_dump(data), REGION, "Rems-Murr-Kreis")
    region = offer_languages(report.region, EXTRA_LANGUAGES)
    rebuild_region_list()
    rebuild_region(region)
    print(f"imported, published and indexed in {time.perf_counter() - started:.0f} s", flush=True)

    # The index alone, from the published documents: what publishing a whole region adds to building its snapshots.
    # Without the cache of passage vectors, which the import above has just filled: every passage is embedded.
    documents = {language: published_documents(region, language) for language in ("de", "en")}
    SearchEntry.objects.filter(region=region).delete()
    SearchWord.objects.filter(region=region).delete()
    started = time.perf_counter()
    with override_settings(SEARCH_EMBEDDING_CACHE=""):
        for language, named in documents.items():
            indexing.update_language(region, language, named)
    built = time.perf_counter() - started
    items = SearchEntry.objects.filter(region=region).count()
    words = SearchWord.objects.filter(region=region).count()
    print(
        f"search index built for {items} items and {words} words in {built:.1f} s ({built / items * 1000:.0f} s per "
        "1,000 items; target ≤ 120 s)",
        flush=True,
    )
    print_incremental(region)
    return region


def published_documents(region, language: str) -> dict:
    from wegweiser.publishing.serving import get_document
    from wegweiser.publishing.snapshots import region_key
    from wegweiser.search.indexing import SEARCHED_DOCUMENTS

    found = {name: get_document(region_key(region.id, language, name)) for name in SEARCHED_DOCUMENTS}
    return {name: document.data for name, document in found.items() if document is not None}


def offer_languages(region, codes):
    """The region offers more languages, translated from German and falling back to it: its copy in each."""
    from wagtail.models import Locale

    from wegweiser.regions.models import RegionLanguage, RegionPage

    region = RegionPage.objects.get(pk=region.pk)
    rows = list(region.languages.all())
    rows += [RegionLanguage(language=code, source_language="de") for code in codes]
    region.languages = rows
    region.fallback_to_source = True
    region.save_revision().publish()
    for code in codes:
        locale, _ = Locale.objects.get_or_create(language_code=code)
        copy = RegionPage.objects.get(pk=region.pk).copy_for_translation(locale)
        copy.save_revision().publish()
    return RegionPage.objects.get(pk=region.pk)


def print_incremental(region) -> None:
    """Republishing one page: only its language's documents and its own entry change."""
    from wegweiser.content.models import TopicPage
    from wegweiser.publishing.snapshots import rebuild_region

    page = TopicPage.objects.live().descendant_of(region).filter(locale__language_code="de").last()
    page = page.specific
    page.body = str(page.body) + "<p>Neu: Termine gibt es jetzt auch am Samstag.</p>"
    page.save_revision().publish()
    started = time.perf_counter()
    rebuild_region(region, ["de"])
    print(
        f"one changed German page: its language republished and reindexed in {time.perf_counter() - started:.1f} s",
        flush=True,
    )


def print_quality(ranks: dict[tuple[str, str], list[int]], targets: bool = True) -> None:
    print(f"\n{'kind':<20} {'lang':<5} {'n':>5} {'R@1':>6} {'R@5':>6} {'MRR':>6}")
    by_kind: dict[str, list[int]] = defaultdict(list)
    for (kind, language), found in sorted(ranks.items()):
        by_kind[kind] += found
        print(f"{kind:<20} {language:<5} {len(found):>5} " + " ".join(f"{v:>6.3f}" for v in scores(found)))
    print()
    for kind, found in sorted(by_kind.items()):
        recall1, recall5, mrr = scores(found)
        target = TARGETS.get(kind) if targets else None
        verdict = f"target R@5 ≥ {target:.2f}: {'met' if recall5 >= target else 'NOT met'}" if target else ""
        print(f"{kind:<20} {'all':<5} {len(found):>5} {recall1:>6.3f} {recall5:>6.3f} {mrr:>6.3f}   {verdict}")


def scores(found: list[int]) -> tuple[float, float, float]:
    n = len(found) or 1
    return (
        sum(1 for r in found if r == 1) / n,
        sum(1 for r in found if 1 <= r <= 5) / n,
        sum(1 / r for r in found if r) / n,
    )


def percentile(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1] if len(values) > 1 else values[0]


if __name__ == "__main__":
    main()
