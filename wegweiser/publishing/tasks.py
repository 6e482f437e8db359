"""Background rebuilding of snapshots, so that publishing stays quick for the editor."""

from django_tasks import task

from wegweiser.regions.models import RegionPage

from . import snapshots


@task()
def rebuild_snapshots(region_id: int | None, languages: list[str] | None, region_list: bool) -> dict:
    """Rebuild a region's documents in the given languages (all when ``None``) and, if asked, the region list."""
    report = snapshots.Report()
    if region_list:
        report.add(snapshots.rebuild_region_list())
    region = RegionPage.objects.filter(pk=region_id).first() if region_id else None
    if region is not None:
        report.add(snapshots.rebuild_region(region, languages))
    return {"written": report.written, "unchanged": report.unchanged, "removed": report.removed}
