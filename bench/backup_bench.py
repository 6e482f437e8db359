"""How big and how fast `manage.py backup` and `restore` are for the demo (or for an existing data directory).

    .venv/bin/python bench/backup_bench.py                 # loads the demo into a scratch directory first (~5 min)
    .venv/bin/python bench/backup_bench.py --var var       # backs up what `make run` left in var/ (read only)

Prints the archive's size, its members and the time of each step. The restore goes into a new empty scratch
directory, so the data directory measured is never changed. SQLite only (the embedded default).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(var_dir: Path, *arguments: str) -> float:
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    environment.update(
        DJANGO_SETTINGS_MODULE="wegweiser.settings.dev",
        WEGWEISER_VAR_DIR=str(var_dir),
        LOG_LEVEL="WARNING",
        # The demo's files stay inside the scratch directory, whatever the caller's environment says.
        MEDIA_ROOT=str(var_dir / "media"),
        SNAPSHOT_ROOT=str(var_dir / "published"),
    )
    environment.pop("SNAPSHOT_S3_BUCKET", None)
    started = time.monotonic()
    subprocess.run([sys.executable, "manage.py", *arguments], cwd=ROOT, env=environment, check=True)
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var", type=Path, help="an existing data directory (WEGWEISER_VAR_DIR) to back up")
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory")
    options = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="wegweiser-backup-bench-"))
    timings: dict[str, float] = {}
    try:
        source = options.var.resolve() if options.var else scratch / "source"
        if options.var is None:
            source.mkdir()
            timings["migrate + load_demo + rebuild_snapshots"] = (
                manage(source, "migrate", "--no-input", "-v", "0")
                + manage(source, "load_demo", "-v", "0")
                + manage(source, "rebuild_snapshots", "-v", "0")
            )
        archive = scratch / "wegweiser-bench.tar.gz"
        timings["backup"] = manage(source, "backup", "--output", str(archive))
        target = scratch / "restored"
        target.mkdir()
        timings["restore (into an empty directory)"] = manage(target, "restore", str(archive))

        with tarfile.open(archive) as opened:
            member = opened.extractfile("manifest.json")
            assert member is not None, "the archive has no manifest.json"
            manifest = json.loads(member.read())
        database = manifest["members"][manifest["database"]["file"]]["size"]
        print()
        print(f"archive             {archive.stat().st_size / 1e6:8.1f} MB (gzip)")
        print(f"database copy       {database / 1e6:8.1f} MB ({manifest['database']['vendor']}, uncompressed)")
        print(f"media files         {manifest['files']['media']:8d}")
        print(f"published files     {manifest['files']['published']:8d}")
        for step, seconds in timings.items():
            print(f"{step:40s} {seconds:7.1f} s")
    finally:
        if options.keep:
            print(f"kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
