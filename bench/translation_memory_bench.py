#!/usr/bin/env python3
"""What the translation memory saves the demo region Musterstadt, in words a translator does not have to translate.

What it does, in one run (see bench/README.md), on a scratch SQLite database with the demo loaded:

1. builds the memory from the demo's confirmed translations (``memory.remember_all``);
2. (a) a new language for Musterstadt: the source words of all its items, and how many the memory fills
   - for French, which no region has: only sentences that repeat within Musterstadt,
   - for Arabic as if Musterstadt had none yet, with Musterland's Arabic in the memory,
   - for a second region that starts from a copy of Musterstadt's topic pages;
3. (b) a typical edit: one paragraph of a page rewritten, one sentence of another page changed, and a paragraph of a
   third page reused on a fourth; the words to translate again per language, as the whole page text, with
   wagtail-localize's segment reuse, and with the memory on top;
4. (c) close-match suggestions and exact fills with 100,000 entries in the memory (timings, not targets).

Run it with the project's virtualenv: ``.venv/bin/python bench/translation_memory_bench.py`` (``--help`` for options).
Nothing outside a temporary directory is written; the directory is removed unless ``--keep`` is given.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
REGION = "musterstadt"
OTHER_REGION = "musterland"
PRISTINE = "demo.sqlite3"  # the database right after load_demo; every run works on a fresh copy of it

#: The rewritten paragraph of edit 1 and the changed sentence of edit 2: new text, which nobody has translated.
NEW_PARAGRAPH = (
    "Ab dem 1. Juli gelten neue Öffnungszeiten: montags bis freitags von 8 bis 12 Uhr, donnerstags zusätzlich von "
    "14 bis 18 Uhr. Termine vergeben wir auch telefonisch."
)
NEW_SENTENCE = "Bitte bringen Sie alle Unterlagen im Original und als Kopie mit."


# --- The scratch environment --------------------------------------------------------------------------------------


def project_environment(scratch: Path) -> dict[str, str]:
    """The development settings (DEBUG off) on a scratch SQLite database and scratch file directories."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SNAPSHOT_S3_BUCKET", "DEBUG"}}
    var = scratch / "var"
    env.update(
        DJANGO_SETTINGS_MODULE="wegweiser.settings.dev",
        DEBUG="0",
        WEGWEISER_VAR_DIR=str(var),
        STATIC_ROOT=str(var / "static"),
        MEDIA_ROOT=str(var / "media"),
        SNAPSHOT_ROOT=str(var / "published"),
        SECRET_KEY=secrets.token_urlsafe(50),
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    """Run ``manage.py`` in the scratch environment; stop with its output if it fails."""
    result = subprocess.run(
        [str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"manage.py {args[0]} failed (exit {result.returncode})")


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite database in WAL mode (SQLite's backup API, not a file copy)."""
    target.unlink(missing_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


@contextmanager
def step(label: str) -> Iterator[None]:
    started = time.perf_counter()
    print(f"  {label} …", end="", flush=True)
    yield
    print(f" {time.perf_counter() - started:.1f} s")


def prepare(scratch: Path, env: dict[str, str], reuse: bool) -> None:
    """Migrate and load the demo once (kept as ``demo.sqlite3``), then start from a fresh copy of it."""
    var = scratch / "var"
    var.mkdir(parents=True, exist_ok=True)
    pristine = scratch / PRISTINE
    database = var / "db.sqlite3"
    if not reuse:
        with step("manage.py migrate"):
            manage(env, "migrate", "--verbosity", "0")
        with step("manage.py load_demo (both demo regions)"):
            manage(env, "load_demo")
        copy_database(database, pristine)
    else:
        for suffix in ("-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        copy_database(pristine, database)
        with step("manage.py migrate (the current code's migrations)"):
            manage(env, "migrate", "--verbosity", "0")


# --- Measuring inside Django --------------------------------------------------------------------------------------


@dataclass
class Tally:
    """Source words and segments: all of them, and those the memory filled."""

    words: int = 0
    segments: int = 0
    filled_words: int = 0
    filled_segments: int = 0

    @property
    def to_translate(self) -> int:
        return self.words - self.filled_words

    def line(self, label: str) -> str:
        share = 100 * self.filled_words / self.words if self.words else 0.0
        return (
            f"  {label:<58} {self.words:>7} {self.to_translate:>9} {self.filled_words:>7}  {share:5.1f} %"
            f"   ({self.filled_segments} of {self.segments} segments filled)"
        )


TABLE_HEAD = f"  {'words to translate':<58} {'without':>7} {'with TM':>9} {'filled':>7}  {'saved':>7}"


def translate_as_a_person(language: str, region: Any, items: list, tally: Tally) -> None:
    """Translate every item into ``language`` in tree order, as a translator would with the memory on.

    Before each item, the memory fills what it knows (``fill_exact``); the translator types the rest (here:
    the source text itself, which keeps all inline markup) and confirms it, and the item's sentences go into
    the memory (``remember``), so a sentence that repeats later is filled. Items are not published, which
    changes nothing in what is counted.
    """
    from wegweiser.translation import memory
    from wegweiser.translation import segments as seg

    for item in items:
        try:
            job = seg.translation_job(item, language)
        except seg.SegmentError:
            continue  # e.g. no published text in the source language
        todo = [segment for segment in seg.segments(job) if segment.target is None]
        tally.words += sum(segment.words for segment in todo)
        tally.segments += len(todo)
        filled = memory.fill_exact(job, region)
        tally.filled_words += filled.words
        tally.filled_segments += filled.segments
        seg.fill(job, {segment.key: segment.source for segment in seg.missing(job)}, user=None, tool="bench")
        memory.remember(job, region)


def new_language(region: Any) -> None:
    from wagtail.models import Locale

    from wegweiser.regions.models import RegionLanguage
    from wegweiser.translation import memory

    items = memory.region_items(region)
    print("\n(a) A new language for Musterstadt: source words of all its items (German), what the memory fills")
    print(TABLE_HEAD)
    Locale.objects.get_or_create(language_code="fr")
    RegionLanguage.objects.create(region=region, language="fr", source_language="de", sort_order=99)
    french = Tally()
    started = time.perf_counter()
    translate_as_a_person("fr", region, items, french)
    print(french.line("French (no region has it): repeats within Musterstadt"))
    print(f"    {len(items)} items, {time.perf_counter() - started:.1f} s")


def arabic_as_if_new(region: Any, other: Any) -> None:
    """Musterstadt's Arabic segments emptied, the memory reduced to Musterland's Arabic, then translated again.

    The Arabic items stay; their segments are typed again (the source text stands in for the translation).
    """
    from wagtail_localize.models import StringTranslation

    from wegweiser.translation import memory
    from wegweiser.translation.models import MemoryEntry

    items = memory.region_items(region)
    StringTranslation.objects.filter(
        locale__language_code="ar", context__object_id__in=[item.translation_key for item in items]
    ).delete()
    others = MemoryEntry.objects.filter(target_language="ar").exclude(region=other)
    saved_entries = list(others)
    others.delete()
    kept = MemoryEntry.objects.filter(target_language="ar").count()
    arabic = Tally()
    translate_as_a_person("ar", region, items, arabic)
    print(arabic.line(f"Arabic as if new, the memory has Musterland's ({kept} entries)"))
    # The memory as it was, for what follows (the stand-in translations typed above are dropped).
    MemoryEntry.objects.filter(target_language="ar").exclude(region=other).delete()
    MemoryEntry.objects.bulk_create(saved_entries)


def second_region(region: Any, languages: list[str]) -> None:
    """A new region starting from a copy of Musterstadt's topic pages gets the translations at once."""
    from wagtail.models import Locale, Page

    from wegweiser.content.models import TopicPage
    from wegweiser.regions.models import RegionLanguage, RegionPage
    from wegweiser.translation import memory
    from wegweiser.translation import segments as seg
    from wegweiser.translation.models import MemorySaving

    beispiel = RegionPage(
        title="Beispielstadt", slug="beispielstadt", prefix="Stadt", locale=Locale.objects.get(language_code="de")
    )
    beispiel.languages = [RegionLanguage(language="de", source_language="")] + [
        RegionLanguage(language=code, source_language="de") for code in languages
    ]
    Page.get_first_root_node().add_child(instance=beispiel)
    beispiel.save_revision().publish()
    started = time.perf_counter()
    tops = TopicPage.objects.child_of(region).filter(locale__language_code="de").order_by("path")
    for top in tops:
        top.copy(recursive=True, to=beispiel, keep_live=True, copy_revisions=False)
    copied = TopicPage.objects.descendant_of(beispiel).count()
    copy_seconds = time.perf_counter() - started
    started = time.perf_counter()
    report = memory.fill_region_from_memory(beispiel)
    fill_seconds = time.perf_counter() - started
    print(f"\n  A second region, Beispielstadt, starts from a copy of Musterstadt's {copied} topic pages (German)")
    print(TABLE_HEAD)
    items = memory.region_items(beispiel)
    pages = sum(isinstance(item, TopicPage) for item in items)
    for code in languages:
        tally = Tally()
        for item in items:
            job = seg.translation_job(item, code)
            tally.words += sum(s.words for s in seg.segments(job))
            tally.segments += len(seg.segments(job))
        saved = MemorySaving.objects.filter(region=beispiel, language=code)
        tally.filled_words = sum(saved.values_list("words", flat=True))
        tally.filled_segments = sum(saved.values_list("segments", flat=True))
        counts = report.languages[code]
        print(tally.line(f"{code}: {counts.published} of {pages} pages published at once"))
    print("    (the items include the region's own page, whose name the memory cannot know)")
    print(f"    copying {copy_seconds:.1f} s; fill_region_from_memory (all languages, publishing) {fill_seconds:.1f} s")


@dataclass
class Edit:
    label: str
    page: Any
    change: Callable[[str], str]


def paragraphs(body: str) -> list[str]:
    return re.findall(r"<p>.*?</p>", body, flags=re.S)


def choose_edits(region: Any) -> list[Edit]:
    """Four pages of Musterstadt and what happens to each; chosen by their text, the same in every run."""
    from wegweiser.content.models import TopicPage
    from wegweiser.translation import segments as seg

    pages = list(TopicPage.objects.descendant_of(region).filter(locale__language_code="de").order_by("path"))
    rewritten = next(page for page in pages if len(paragraphs(page.body)) >= 3)
    sentence = next(
        page for page in pages if page is not rewritten and any(p.count(". ") >= 2 for p in paragraphs(page.body))
    )
    donor = next(
        page
        for page in pages
        if page not in (rewritten, sentence) and any(seg.count_words(p) >= 15 for p in paragraphs(page.body))
    )
    reused = next(p for p in paragraphs(donor.body) if seg.count_words(p) >= 15)
    receiver = next(page for page in pages if page not in (rewritten, sentence, donor) and page.body)

    def rewrite(body: str) -> str:
        old = paragraphs(body)[1]
        return body.replace(old, f"<p>{NEW_PARAGRAPH}</p>", 1)

    def change_sentence(body: str) -> str:
        old = next(p for p in paragraphs(body) if p.count(". ") >= 2)
        inner = old[3:-4]
        sentences = re.split(r"(?<=\.) ", inner)
        sentences[-1] = NEW_SENTENCE
        return body.replace(old, "<p>" + " ".join(sentences) + "</p>", 1)

    def add_reused(body: str) -> str:
        return body + reused

    return [
        Edit(f"1 paragraph rewritten on “{rewritten.title}”", rewritten, rewrite),
        Edit(f"1 sentence changed on “{sentence.title}”", sentence, change_sentence),
        Edit(f"a paragraph of “{donor.title}” added to “{receiver.title}”", receiver, add_reused),
    ]


def typical_edit(region: Any) -> list:
    """Edit, publish, and count per language what is left to translate, before and after the memory's fill."""
    from wegweiser.translation import memory
    from wegweiser.translation import segments as seg

    tree = region.language_tree()
    languages = [code for code in tree.children_of(tree.root) if code != "de-si" and code != "fr"]
    edits = choose_edits(region)
    for edit in edits:
        before = {code: seg.missing(seg.translation_job(edit.page, code)) for code in languages}
        untranslated = sum(s.words for segments in before.values() for s in segments)
        if untranslated:
            print(f"    note: {edit.page.title} had {untranslated} untranslated words before the edit")
        edit.page.body = edit.change(edit.page.body)
        edit.page.save_revision().publish()
    print("\n(b) A typical edit in Musterstadt, then words to translate again, per language")
    for edit in edits:
        print(f"    edit: {edit.label}")
    print(f"  {'language':<10} {'whole pages':>12} {'segment reuse':>14} {'+ memory':>9}")
    rows: dict[str, list[int]] = {}
    for code in languages:
        jobs = [seg.translation_job(edit.page, code) for edit in edits]
        rows[code] = [
            sum(s.words for job in jobs for s in seg.segments(job)),
            sum(s.words for job in jobs for s in seg.missing(job)),
        ]
    for edit in edits:
        memory.fill_translations_from_memory.call(edit.page.pk)  # what runs after publishing
    totals = [0, 0, 0]
    for code in languages:
        row = rows[code] + [sum(s.words for edit in edits for s in seg.missing(seg.translation_job(edit.page, code)))]
        totals = [t + r for t, r in zip(totals, row, strict=True)]
        print(f"  {code:<10} {row[0]:>12} {row[1]:>14} {row[2]:>9}")
    print(f"  {'all':<10} {totals[0]:>12} {totals[1]:>14} {totals[2]:>9}")
    print(
        "    whole pages: every word of the edited pages, as when a page is sent to an agency again; segment reuse:"
        "\n    the changed segments (a paragraph, a list item), as wagtail-localize keeps the others; + memory: what"
        "\n    is left when the memory has filled the segments it knows (the reused paragraph). Persian (from English)"
        "\n    follows once the English is done."
    )
    return edits


def large_memory(region: Any, edits: list, entries: int) -> None:
    """Suggestions and exact fills with a memory of ``entries`` German→English entries."""
    from wegweiser.content.models import TopicPage
    from wegweiser.translation import memory
    from wegweiser.translation import segments as seg
    from wegweiser.translation.models import MemoryEntry

    rng = random.Random(1)
    german = TopicPage.objects.descendant_of(region).filter(locale__language_code="de").values_list("body", flat=True)
    vocabulary = sorted({word for body in german for word in re.findall(r"\w{2,}", memory.plain_text(body))})
    started = time.perf_counter()
    batch = []
    for number in range(entries):
        words = rng.choices(vocabulary, k=rng.randint(3, 40))
        text = " ".join(words).capitalize() + f" ({number})."
        batch.append(
            MemoryEntry(
                source_language="de",
                target_language="en",
                source_hash=memory.source_hash(text),
                source_text=text,
                target_text=text.upper(),
                words=len(words) + 1,
            )
        )
        if len(batch) == 5000:
            MemoryEntry.objects.bulk_create(batch)
            batch = []
    MemoryEntry.objects.bulk_create(batch)
    # A close variant of the rewritten paragraph, so that there is something to suggest.
    memory.remember_texts("de", "en", [(NEW_PARAGRAPH.replace("8 bis 12", "9 bis 12"), "Close match.")], None)
    insert_seconds = time.perf_counter() - started
    total = MemoryEntry.objects.filter(source_language="de", target_language="en").count()
    job = seg.translation_job(edits[0].page, "en")
    open_segments = len(seg.missing(job))
    timings = []
    for _attempt in range(3):
        started = time.perf_counter()
        found = memory.suggestions(job)
        timings.append(time.perf_counter() - started)
    scores = [option.score for options in found.values() for option in options]
    fill_timings = []
    for edit in edits:
        job = seg.translation_job(edit.page, "ar")
        started = time.perf_counter()
        memory.fill_exact(job, region)
        fill_timings.append(time.perf_counter() - started)
    print(f"\n(c) A large memory: {total:,} German→English entries ({entries:,} generated in {insert_seconds:.1f} s)")
    print(
        f"  suggestions() for a page with {open_segments} untranslated segment(s): best of 3 "
        f"{1000 * min(timings):.0f} ms; {len(scores)} suggestion(s), scores {scores}"
    )
    print(f"  fill_exact() per page: at most {1000 * max(fill_timings):.0f} ms")


def run(entries: int, second_languages: list[str]) -> None:
    import django

    django.setup()
    from wegweiser.regions.languages import DEFAULT_LANGUAGE
    from wegweiser.regions.models import RegionPage
    from wegweiser.translation import memory
    from wegweiser.translation.models import MemoryEntry

    region = RegionPage.objects.get(slug=REGION, locale__language_code=DEFAULT_LANGUAGE)
    other = RegionPage.objects.get(slug=OTHER_REGION, locale__language_code=DEFAULT_LANGUAGE)
    started = time.perf_counter()
    remembered = memory.remember_all()
    pairs = sorted(set(MemoryEntry.objects.values_list("source_language", "target_language")))
    print(
        f"\nThe memory, built from the demo's confirmed translations: {remembered} entries in "
        f"{time.perf_counter() - started:.1f} s; pairs {', '.join(f'{a}→{b}' for a, b in pairs)}"
    )
    new_language(region)
    arabic_as_if_new(region, other)
    second_region(region, second_languages)
    edits = typical_edit(region)
    if entries:
        large_memory(region, edits, entries)


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=100_000, help="generated memory entries for (c); 0 skips (c)")
    parser.add_argument(
        "--second-region-languages",
        default="en,ar",
        help="languages of the copied region in (a), comma-separated (default: en,ar, like Musterland)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory (the demo database)")
    parser.add_argument(
        "--reuse", type=Path, metavar="DIR", help="the scratch directory of an earlier --keep run: skip load_demo"
    )
    return parser.parse_args()


def main() -> int:
    args = parse_arguments()
    keep = args.keep or args.reuse is not None
    scratch = args.reuse.resolve() if args.reuse else Path(tempfile.mkdtemp(prefix="wegweiser-tm-bench-"))
    if args.reuse and not (scratch / PRISTINE).exists():
        raise SystemExit(f"{scratch} has no {PRISTINE}: not the scratch directory of a run with --keep")
    print(f"Scratch directory: {scratch}{' (kept)' if keep else ' (removed at the end; --keep keeps it)'}")
    try:
        env = project_environment(scratch)
        prepare(scratch, env, reuse=args.reuse is not None)
        os.environ.clear()
        os.environ.update(env)
        sys.path.insert(0, str(ROOT))
        os.chdir(ROOT)
        run(args.entries, [code.strip() for code in args.second_region_languages.split(",") if code.strip()])
    except KeyboardInterrupt:
        return 130
    finally:
        if not keep:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
