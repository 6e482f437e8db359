"""Structured logs: one JSON object per line, with the request id, the access line of each request and task names;
nothing a newcomer typed and no secret from a URL."""

import io
import json
import logging

import pytest
from django_tasks import task

from wegweiser.operations import logs


@pytest.fixture
def json_lines():
    """What the production handler writes (JSON formatter and context filter), captured."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.JsonFormatter())
    handler.addFilter(logs.ContextFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    level = logs.access_logger.level
    logs.access_logger.setLevel(logging.INFO)

    def lines() -> list[dict]:
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    yield lines
    root.removeHandler(handler)
    logs.access_logger.setLevel(level)


def access_lines(lines: list[dict]) -> list[dict]:
    return [line for line in lines if line["logger"] == "wegweiser.requests"]


def test_each_request_gets_one_access_line_with_its_id_and_without_the_query(client, db, json_lines):
    response = client.get(
        "/musterstadt/de/search/?q=Kita+f%C3%BCr+mein+Kind", HTTP_X_REQUEST_ID="nginx-0123456789abcdef"
    )
    assert response["X-Request-ID"] == "nginx-0123456789abcdef"
    [line] = access_lines(json_lines())
    assert line["request_id"] == "nginx-0123456789abcdef"
    assert line["method"] == "GET"
    assert line["path"] == "/musterstadt/de/search/"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float)
    assert line["level"] == "INFO"
    assert line["time"][:2] == "20"
    assert "Kita" not in json.dumps(json_lines())


@pytest.mark.parametrize("header", ["", "short", "a b c d e f g h", "x" * 65, "id\nfake log line"])
def test_a_missing_or_odd_request_id_is_replaced(client, db, json_lines, header):
    response = client.get("/musterstadt/de/", HTTP_X_REQUEST_ID=header)
    request_id = response["X-Request-ID"]
    assert request_id != header and len(request_id) == 32
    assert access_lines(json_lines())[0]["request_id"] == request_id


def test_secret_parts_of_paths_are_not_logged(client, db, json_lines):
    client.get("/verification/secret-link-abcdef0123456789/")
    [line] = access_lines(json_lines())
    assert line["path"] == "/verification/…/"
    assert "secret-link" not in json.dumps(json_lines())


def test_lines_written_during_a_request_carry_its_id(rf, json_lines):
    def view(request):
        logging.getLogger("wegweiser.somewhere").warning("the geocoder did not answer")
        from django.http import HttpResponse

        return HttpResponse("ok")

    request = rf.get("/anything/", HTTP_X_REQUEST_ID="req-42-abcdefgh")
    logs.RequestLogMiddleware(view)(request)
    warning = next(line for line in json_lines() if line["logger"] == "wegweiser.somewhere")
    assert warning["request_id"] == "req-42-abcdefgh"
    assert warning["message"] == "the geocoder did not answer"
    assert warning["level"] == "WARNING"


def test_successful_health_checks_are_not_logged(client, db, json_lines):
    client.get("/health/")
    assert access_lines(json_lines()) == []


@task()
def rebuild_something() -> None:
    logging.getLogger("wegweiser.publishing").warning("rebuilding")


def test_lines_written_by_a_task_name_it(db, json_lines):
    rebuild_something.enqueue()
    line = next(line for line in json_lines() if line["message"] == "rebuilding")
    assert line["task"] == "wegweiser.operations.tests.test_logs.rebuild_something"
    assert line["task_id"]
    logging.getLogger("wegweiser.publishing").warning("after the task")
    assert "task" not in json_lines()[-1]


def test_log_format_must_be_text_or_json():
    from django.core.exceptions import ImproperlyConfigured

    assert logs.logging_config("json", "INFO")["handlers"]["console"]["formatter"] == "json"
    with pytest.raises(ImproperlyConfigured, match="LOG_FORMAT"):
        logs.logging_config("xml", "INFO")
