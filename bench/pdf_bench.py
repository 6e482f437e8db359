"""How long the printed guide of a whole demo region takes to make, and how big it is, per language.

    .venv/bin/python bench/pdf_bench.py                    # loads the demo into a scratch directory first (~5 min)
    .venv/bin/python bench/pdf_bench.py --var var          # measures what `make run` left in var/
    .venv/bin/python bench/pdf_bench.py --languages de ar fa uk --region musterstadt

For each language: the seconds to select the pages from the published snapshots and to render the PDF (WeasyPrint,
one process, one core), the PDF's size in MB and sheets, and the process's peak memory so far. PDFs are written to
the scratch directory (``--keep`` keeps them), never into the data directory's storage, which stays unchanged.
Prints figures, asserts nothing.
"""

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

# Running manage.py against a scratch data directory, as the backup benchmark does.
from backup_bench import manage

ROOT = Path(__file__).resolve().parent.parent


def use_data_directory(var_dir: Path) -> None:
    """Point this process's Django at ``var_dir``, as ``backup_bench.manage`` does for its subprocesses."""
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("SNAPSHOT_S3_BUCKET", None)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="wegweiser.settings.dev",
        WEGWEISER_VAR_DIR=str(var_dir),
        LOG_LEVEL="WARNING",
        MEDIA_ROOT=str(var_dir / "media"),
        SNAPSHOT_ROOT=str(var_dir / "published"),
    )
    sys.path.insert(0, str(ROOT))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(region: str, languages: list[str], output: Path) -> None:
    import django

    django.setup()
    from wegweiser.printing.rendering import render
    from wegweiser.printing.selection import select

    print(f"{'language':8s} {'pages':>5s} {'select s':>8s} {'render s':>8s} {'MB':>6s} {'sheets':>6s} {'peak MB':>8s}")
    for language in languages:
        began = time.perf_counter()
        selection = select(region, language)
        selected = time.perf_counter()
        rendered = render(selection)
        done = time.perf_counter()
        (output / f"{selection.file_stem}.pdf").write_bytes(rendered.pdf)
        print(
            f"{language:8s} {len(selection.entries):5d} {selected - began:8.2f} {done - selected:8.2f} "
            f"{len(rendered.pdf) / 1e6:6.2f} {rendered.sheets:6d} {peak_mb():8.0f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var", type=Path, help="an existing data directory (WEGWEISER_VAR_DIR) with the demo")
    parser.add_argument("--region", default="musterstadt")
    parser.add_argument("--languages", nargs="+", default=["de", "ar"])
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory (and the PDFs)")
    options = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="wegweiser-pdf-bench-"))
    try:
        var_dir = options.var.resolve() if options.var else scratch / "var"
        if options.var is None:
            var_dir.mkdir()
            seconds = sum(
                manage(var_dir, *command)
                for command in (("migrate", "--no-input", "-v", "0"), ("load_demo", "-v", "0"), ("rebuild_snapshots",))
            )
            print(f"demo loaded in {seconds:.0f} s")
        use_data_directory(var_dir)
        measure(options.region, options.languages, scratch)
    finally:
        if options.keep:
            print(f"kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
