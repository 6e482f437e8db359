"""Snapshots on S3-compatible storage, against a local S3 server (moto) speaking the real protocol over HTTP."""

import gzip
import json
import socket

import boto3
import pytest
from django.core.files.storage import storages
from moto.server import ThreadedMotoServer
from storages.backends.s3 import S3Storage

from wegweiser.publishing import snapshots
from wegweiser.publishing.models import Snapshot
from wegweiser.publishing.snapshots import region_key

pytestmark = pytest.mark.django_db
BUCKET = "wegweiser-snapshots"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def s3_snapshots(s3_endpoint, monkeypatch):
    """The ``snapshots`` storage is an S3 bucket for this test; the other tests keep theirs."""
    credentials = {"aws_access_key_id": "wegweiser", "aws_secret_access_key": "wegweiser-secret"}
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="eu-central-1", **credentials)
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})
    bucket = S3Storage(
        bucket_name=BUCKET,
        endpoint_url=s3_endpoint,
        access_key=credentials["aws_access_key_id"],
        secret_key=credentials["aws_secret_access_key"],
        region_name="eu-central-1",
        file_overwrite=True,
    )
    storages["snapshots"]  # the configured storage is made first, so that the test can swap it and swap it back
    monkeypatch.setitem(storages._storages, "snapshots", bucket)
    return client


def test_snapshots_are_written_to_and_served_from_an_s3_bucket(s3_snapshots, musterstadt, client):
    # A new storage is filled by a rebuild: what is missing there is written even if unchanged.
    report = snapshots.rebuild_region_list()
    report.add(snapshots.rebuild_region(musterstadt, ["ar"]))
    assert report.written >= 7 and report.unchanged == 0
    snapshot = Snapshot.objects.get(key=region_key(musterstadt.id, "ar", "pages"))
    stored = s3_snapshots.get_object(Bucket=BUCKET, Key=snapshot.storage_name(suffix=".gz"))["Body"].read()
    pages = json.loads(gzip.decompress(stored))
    assert pages[0]["path"].startswith("/musterstadt/ar/")

    response = client.get("/api/v3/musterstadt/ar/pages/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200 and response["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(response.content)) == pages


def test_the_other_tests_keep_their_storage(musterstadt, client):
    assert client.get("/api/v3/musterstadt/ar/pages/").status_code == 200
