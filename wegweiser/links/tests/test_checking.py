"""Checking web addresses against local sites: each answer, redirects, refused HEAD, hanging servers, and the
checker's manners (limited concurrency, one request at a time per host with a gap, its User-Agent)."""

import socket

from wegweiser.links.checking import ask_all

from .sites import Site, Visit


def test_each_kind_of_answer_is_told_apart(site):
    paths = ["/good", "/moved", "/temporary", "/missing", "/error", "/no-head"]
    answers = ask_all(site.url(path) for path in paths)

    good, moved, temporary, missing, error, no_head = (answers[site.url(path)] for path in paths)
    assert (good.outcome, good.status_code, good.final_url) == ("ok", 200, "")
    assert (moved.outcome, moved.final_url) == ("redirected", site.url("/good"))
    assert (temporary.outcome, temporary.final_url) == ("ok", site.url("/good"))
    assert (missing.outcome, missing.status_code) == ("broken", 404)
    assert "HTTP 404" in missing.error
    assert (error.outcome, error.status_code) == ("broken", 500)
    assert (no_head.outcome, no_head.status_code) == ("ok", 200)


def test_head_first_and_get_only_when_head_is_refused(site):
    ask_all([site.url("/good"), site.url("/no-head")])

    methods = {(visit.path, visit.method) for visit in site.visits}
    assert methods == {("/good", "HEAD"), ("/no-head", "HEAD"), ("/no-head", "GET")}


def test_a_hanging_server_is_given_up_on_after_the_timeout(site, settings):
    settings.LINK_CHECK_TIMEOUT = 0.5

    answer = ask_all([site.url("/hang")])[site.url("/hang")]

    assert answer.outcome == "broken"
    assert answer.status_code is None
    assert "did not answer within 0.5 seconds" in answer.error


def test_a_refused_connection_and_an_unknown_host_are_broken(site):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nobody listens there
    refused = f"http://127.0.0.1:{port}/good"
    unknown = "http://no-such-host.invalid/page"

    answers = ask_all([refused, unknown])

    assert answers[refused].outcome == "broken"
    assert "could not be reached" in answers[refused].error
    assert answers[unknown].outcome == "broken"
    assert "cannot be found" in answers[unknown].error


def test_private_addresses_are_not_asked_unless_allowed(site, settings):
    settings.LINK_CHECK_ALLOW_PRIVATE_ADDRESSES = False

    answer = ask_all([site.url("/good")])[site.url("/good")]

    assert answer.outcome == "broken"
    assert "private or local address" in answer.error
    assert site.visits == []


def test_only_http_and_https_are_asked(site):
    answer = ask_all(["ftp://example.org/file"])["ftp://example.org/file"]

    assert answer.outcome == "broken"
    assert "Only http and https" in answer.error


def test_the_checker_says_who_it_is(site, settings):
    settings.LINK_CHECK_USER_AGENT = "Wegweiser link checker (test)"

    ask_all([site.url("/good")])

    assert [visit.user_agent for visit in site.visits] == ["Wegweiser link checker (test)"]


def overlapping(visits: list[Visit]) -> int:
    """The largest number of requests that were being answered at the same moment."""
    events = sorted([(visit.started, 1) for visit in visits] + [(visit.ended, -1) for visit in visits])
    most = current = 0
    for _moment, change in events:
        current += change
        most = max(most, current)
    return most


def test_concurrency_is_limited_and_each_host_is_asked_one_at_a_time_with_a_gap(settings):
    settings.LINK_CHECK_ALLOW_PRIVATE_ADDRESSES = True
    settings.LINK_CHECK_CONCURRENCY = 2
    settings.LINK_CHECK_HOST_GAP = 0.2
    settings.LINK_CHECK_TIMEOUT = 5
    log: list[Visit] = []
    sites = [Site(f"127.0.0.{number}", log) for number in (2, 3, 4, 5)]
    for each in sites:
        each.slow_seconds = 0.1
    try:
        urls = [each.url(f"/slow/{number}") for each in sites for number in range(3)]

        answers = ask_all(urls)
    finally:
        for each in sites:
            each.stop()

    assert {answer.outcome for answer in answers.values()} == {"ok"}
    assert len(log) == 12
    assert overlapping(log) == 2  # several hosts at once, but never more than the limit
    for each in sites:
        host = each.url("").removeprefix("http://")
        visits = sorted((visit for visit in log if visit.host == host), key=lambda visit: visit.started)
        assert len(visits) == 3
        for before, after in zip(visits, visits[1:], strict=False):
            assert after.started >= before.ended + 0.2  # one at a time, with the gap in between
