"""Importing external calendars: from a calendar site on a local server (good, changed, broken, failing,
too large, hanging), de-duplicated by UID, with nothing lost when a feed breaks; the admin, the command
and the scheduled task."""

import threading
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from wegweiser.events.importing import import_feed
from wegweiser.events.models import CalendarFeed, EventCategory, EventPage
from wegweiser.events.recurrence import end_of_day_utc, parse_rule
from wegweiser.events.tasks import import_due_calendars
from wegweiser.organisations.models import Organisation

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


class CalendarSite:
    """A calendar site on localhost: each path answers with a status, headers and body, or hangs."""

    def __init__(self):
        self.pages: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.requests: list[str] = []
        self.release = threading.Event()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                site.requests.append(self.path)
                if self.path == "/hang.ics":
                    site.release.wait(30)
                    return
                status, headers, body = site.pages.get(self.path, (404, {}, b"not found"))
                self.send_response(status)
                for name, value in {"Content-Length": str(len(body)), **headers}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def serve(self, path: str, body: bytes | str, status: int = 200, **headers: str) -> str:
        data = body.encode() if isinstance(body, str) else body
        self.pages[path] = (status, {"Content-Type": "text/calendar; charset=utf-8", **headers}, data)
        return self.url(path)

    def stop(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site() -> Iterator[CalendarSite]:
    running = CalendarSite()
    yield running
    running.stop()


def next_weekday(weekday: int, after_days: int = 1) -> date:
    day = timezone.now().astimezone(BERLIN).date() + timedelta(days=after_days)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def stamp(day: date, clock: time) -> str:
    return f"{day:%Y%m%d}T{clock:%H%M%S}"


def calendar(*events: str) -> str:
    body = "".join(f"BEGIN:VEVENT\r\n{event.strip()}\r\nEND:VEVENT\r\n" for event in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//Kalender//DE\r\n{body}END:VCALENDAR\r\n"


def vevent(uid: str, summary: str, *lines: str) -> str:
    return "\r\n".join([f"UID:{uid}", "DTSTAMP:20260101T000000Z", f"SUMMARY:{summary}", *lines])


class Feeds:
    """The calendar of a counselling office, as it is and as it changes."""

    def __init__(self):
        self.tuesday = next_weekday(1, after_days=7)
        self.skipped = self.tuesday + timedelta(weeks=2)
        self.moved = self.tuesday + timedelta(weeks=3)
        self.friday = next_weekday(4)
        self.saturday = next_weekday(5)

    def cafe(self, title: str = "Sprachtreff") -> str:
        return vevent(
            "cafe@beratung.example",
            title,
            f"DTSTART;TZID=Europe/Berlin:{stamp(self.tuesday, time(18))}",
            f"DTEND;TZID=Europe/Berlin:{stamp(self.tuesday, time(20))}",
            "RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=" + f"{self.tuesday + timedelta(weeks=20):%Y%m%d}",
            f"EXDATE;TZID=Europe/Berlin:{stamp(self.skipped, time(18))}",
            "LOCATION:Volkshochschule Musterstadt\\, Hauptstraße 5",
            "DESCRIPTION:Deutsch üben bei Kaffee.\\n\\nFür alle.",
        )

    def moved_date(self) -> str:
        return vevent(
            "cafe@beratung.example",
            "Sprachtreff (im Rathaus)",
            f"RECURRENCE-ID;TZID=Europe/Berlin:{stamp(self.moved, time(18))}",
            f"DTSTART;TZID=Europe/Berlin:{stamp(self.moved + timedelta(days=1), time(17))}",
            f"DTEND;TZID=Europe/Berlin:{stamp(self.moved + timedelta(days=1), time(19))}",
            "LOCATION:Rathaus Musterstadt",
        )

    def online(self) -> str:
        return vevent(
            "online@beratung.example",
            "Online-Sprechstunde <b>Aufenthalt</b>",
            f"DTSTART:{self.friday:%Y%m%d}T090000Z",
            "DURATION:PT1H",
            "LOCATION:https://meet.beratung.example/sprechstunde",
            'DESCRIPTION:<p>Fragen zum <strong>Aufenthalt</strong></p><script>alert("x")</script>',
        )

    def festival(self) -> str:
        return vevent(
            "fest@beratung.example",
            "Fest der Kulturen",
            f"DTSTART;VALUE=DATE:{self.saturday:%Y%m%d}",
            f"DTEND;VALUE=DATE:{self.saturday + timedelta(days=2):%Y%m%d}",
            "LOCATION:Marktplatz",
        )

    def extra_dates(self) -> str:
        return vevent(
            "kurs@beratung.example",
            "Nähkurs",
            f"DTSTART:{stamp(self.friday, time(15))}",  # floating: Musterstadt's time
            "DURATION:PT2H",
            "RRULE:FREQ=WEEKLY;COUNT=4",
            f"RDATE:{stamp(self.friday + timedelta(days=1), time(15))}",
        )

    @staticmethod
    def without_start() -> str:
        return vevent("kaputt@beratung.example", "Ohne Beginn", "LOCATION:Irgendwo")

    @staticmethod
    def long_ago() -> str:
        return vevent("alt@beratung.example", "Sommerfest 2020", "DTSTART:20200704T140000Z", "DTEND:20200704T180000Z")

    def first(self) -> str:
        return calendar(
            self.cafe(),
            self.moved_date(),
            self.online(),
            self.festival(),
            self.extra_dates(),
            self.without_start(),
            self.long_ago(),
        )

    def second(self) -> str:
        """The café is renamed, the online hours and the course are gone, the festival is cancelled."""
        cancelled = self.festival().replace("LOCATION:Marktplatz", "STATUS:CANCELLED")
        return calendar(self.cafe("Sprachtreff am Dienstag"), self.moved_date(), cancelled, self.long_ago())


@pytest.fixture
def feeds() -> Feeds:
    return Feeds()


@pytest.fixture
def feed(musterstadt, site, feeds) -> CalendarFeed:
    category = EventCategory.objects.create(name="Beratung")
    organisation = Organisation.objects.create(region=musterstadt, name="Beratungsstelle Test")
    return CalendarFeed.objects.create(
        region=musterstadt,
        name="Beratungsstelle",
        url=site.serve("/feed.ics", feeds.first()),
        category=category,
        organisation=organisation,
    )


def imported(feed: CalendarFeed) -> dict[str, EventPage]:
    return {event.ical_uid: event for event in EventPage.objects.filter(calendar_feed=feed)}


def test_a_feed_becomes_published_events_in_the_regions_language(feed, feeds, musterstadt):
    report = import_feed(feed)
    assert not report.error
    assert (report.created, report.past) == (5, 1)
    events = imported(feed)
    assert set(events) == {
        "cafe@beratung.example",
        f"cafe@beratung.example#{stamp(feeds.moved, time(18))}",
        "online@beratung.example",
        "fest@beratung.example",
        "kurs@beratung.example",
    }
    assert all(
        e.live and e.locale.language_code == "de" and e.get_parent().slug == "veranstaltungen" for e in events.values()
    )
    cafe = events["cafe@beratung.example"]
    assert cafe.start.astimezone(BERLIN) == datetime.combine(feeds.tuesday, time(18), BERLIN)
    # UNTIL as a date is the end of that day in Musterstadt, in UTC.
    last_day = feeds.tuesday + timedelta(weeks=20)
    assert parse_rule(cafe.recurrence_rule) == {
        "FREQ": "WEEKLY",
        "BYDAY": "TU",
        "UNTIL": end_of_day_utc(last_day, BERLIN),
    }
    # The excluded date and the moved date are both exceptions; the moved date is an event of its own.
    assert cafe.exception_dates == [feeds.skipped.isoformat(), feeds.moved.isoformat()]
    assert cafe.place is not None and cafe.place.title == "Volkshochschule Musterstadt"
    assert cafe.body == "<p>Deutsch üben bei Kaffee.</p><p>Für alle.</p>"
    assert (cafe.category, cafe.organisation) == (feed.category, feed.organisation)
    moved = events[f"cafe@beratung.example#{stamp(feeds.moved, time(18))}"]
    assert moved.start.astimezone(BERLIN).date() == feeds.moved + timedelta(days=1) and not moved.recurrence_rule
    online = events["online@beratung.example"]
    assert online.title == "Online-Sprechstunde Aufenthalt"
    assert online.meeting_url == "https://meet.beratung.example/sprechstunde"
    assert "<script>" not in online.body and "<strong>Aufenthalt</strong>" in online.body
    festival = events["fest@beratung.example"]
    assert festival.all_day and festival.end.astimezone(BERLIN) == datetime.combine(
        feeds.saturday + timedelta(days=1), time(23, 59, 59), BERLIN
    )
    assert "Marktplatz" in festival.body and festival.place is None
    course = events["kurs@beratung.example"]
    assert course.start.astimezone(BERLIN).time() == time(15)  # a floating time is Musterstadt's
    problems = " | ".join(report.problems)
    assert "kaputt@beratung.example “Ohne Beginn”: It has no start (DTSTART)." in problems
    assert "kurs@beratung.example “Nähkurs”: Its extra dates (RDATE) are dropped" in problems
    feed.refresh_from_db()
    assert feed.last_error == "" and feed.last_succeeded_at is not None and feed.last_counts["created"] == 5
    assert feed.last_problems == report.problems


def test_importing_again_updates_unpublishes_and_leaves_hand_edited_events_alone(feed, feeds, site):
    import_feed(feed)
    again = import_feed(feed)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    # An editor takes over the course: their change stays, whatever the calendar says.
    editor = get_user_model().objects.get(username="musterstadt-editor")
    course = imported(feed)["kurs@beratung.example"]
    course.title = "Nähkurs (mit Anmeldung)"
    course.save_revision(user=editor, log_action=True).publish(user=editor)
    site.serve("/feed.ics", feeds.second())
    report = import_feed(feed)
    assert not report.error
    events = imported(feed)
    assert events["cafe@beratung.example"].title == "Sprachtreff am Dienstag" and report.updated == 1
    assert not events["online@beratung.example"].live and not events["fest@beratung.example"].live
    assert report.unpublished == 2
    assert events["kurs@beratung.example"].live and events["kurs@beratung.example"].title == "Nähkurs (mit Anmeldung)"
    assert report.kept == 1
    # Nothing is added twice.
    assert EventPage.objects.filter(ical_uid="cafe@beratung.example").count() == 1


@pytest.mark.parametrize(
    "path, body, status, message",
    [
        ("/error.ics", "Internal Server Error", 500, "The server answered with HTTP 500 instead of the calendar."),
        ("/page.ics", "<html><body>Kalender</body></html>", 200, "This is not an iCalendar file"),
        ("/broken.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nnot a content line\r\nEND:VCALENDAR\r\n", 200, "broken"),
        ("/cut.ics", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n", 200, "broken"),
        ("/empty.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", 200, "The calendar has no events"),
        ("/missing.ics", None, 404, "HTTP 404"),
    ],
)
def test_a_broken_feed_records_the_error_and_changes_no_event(feed, site, path, body, status, message):
    import_feed(feed)
    before = {uid: (e.title, e.live) for uid, e in imported(feed).items()}
    succeeded = CalendarFeed.objects.get(pk=feed.pk).last_succeeded_at
    feed.url = site.serve(path, body, status) if body is not None else site.url(path)
    report = import_feed(feed)
    assert message in report.error
    assert {uid: (e.title, e.live) for uid, e in imported(feed).items()} == before
    feed.refresh_from_db()
    assert message in feed.last_error and feed.last_succeeded_at == succeeded


def test_an_oversized_feed_is_refused(feed, site, feeds, settings):
    settings.CALENDAR_IMPORT_MAX_BYTES = 2_000
    feed.url = site.serve("/big.ics", feeds.first() + "X-PADDING:" + "x" * 5_000)
    assert "larger than" in import_feed(feed).error
    # Also without a Content-Length the server could lie about.
    feed.url = site.serve("/big-chunked.ics", feeds.first() * 3, **{"Content-Length": "100"})
    assert import_feed(feed).error and not imported(feed)


def test_a_hanging_server_times_out(feed, site, settings):
    settings.CALENDAR_IMPORT_TIMEOUT = 0.5
    feed.url = site.url("/hang.ics")
    assert "did not answer within 0.5 seconds" in import_feed(feed).error
    assert not imported(feed)


def test_a_redirect_is_followed(feed, site, feeds):
    site.serve("/moved.ics", "", 301, Location="/feed.ics")
    feed.url = site.url("/moved.ics")
    assert import_feed(feed).created == 5


def test_private_addresses_are_refused_unless_allowed(feed, site, settings):
    settings.CALENDAR_IMPORT_ALLOW_PRIVATE_ADDRESSES = False
    report = import_feed(feed)
    assert "is a private or local address" in report.error
    assert site.requests == [] and not imported(feed)


def test_only_http_and_https_addresses_are_accepted(musterstadt):
    with pytest.raises(ValidationError) as problem:
        CalendarFeed(region=musterstadt, name="FTP", url="ftp://example.org/k.ics").full_clean()
    assert "url" in problem.value.message_dict
    with pytest.raises(ValidationError):
        CalendarFeed(region=musterstadt, name="Nichts").full_clean()


# The admin ------------------------------------------------------------------------------------------


def test_editors_manage_their_regions_feeds_only(feed, login, musterland):
    client = login("musterstadt-editor")
    listing = client.get("/admin/calendarfeed/")
    assert listing.status_code == 200 and "Beratungsstelle" in listing.content.decode()
    other_region = CalendarFeed.objects.create(
        region=musterland, name="Landkreis-Kalender", url="https://example.org/k.ics"
    )
    assert "Landkreis-Kalender" not in client.get("/admin/calendarfeed/").content.decode()
    for address in (f"/admin/calendarfeed/edit/{other_region.pk}/", f"/admin/calendarfeed/import/{other_region.pk}/"):
        assert client.get(address).status_code == 404
    assert client.post(f"/admin/calendarfeed/import/{other_region.pk}/").status_code == 404
    assert client.post(f"/admin/calendarfeed/delete/{other_region.pk}/").status_code == 404
    outsider = login("musterland-editor")
    assert outsider.get(f"/admin/calendarfeed/edit/{feed.pk}/").status_code == 404
    translator = login("musterstadt-translator")
    assert translator.get("/admin/calendarfeed/").status_code in (302, 403)


def test_import_now_shows_what_happened_and_errors_stay_visible(feed, login, site):
    client = login("musterstadt-editor")
    response = client.post(f"/admin/calendarfeed/import/{feed.pk}/", follow=True)
    assert "5 new" in response.content.decode()
    assert "kaputt@beratung.example" in client.get(f"/admin/calendarfeed/edit/{feed.pk}/").content.decode()
    feed.url = site.serve("/down.ics", "down", 503)
    feed.save()
    client.post(f"/admin/calendarfeed/import/{feed.pk}/")
    message = "The server answered with HTTP 503 instead of the calendar."
    assert message in client.get("/admin/calendarfeed/").content.decode()
    assert message in client.get(f"/admin/calendarfeed/edit/{feed.pk}/").content.decode()


def test_a_calendar_file_is_imported_once_by_upload(feed, login, feeds):
    client = login("musterstadt-editor")
    upload = SimpleUploadedFile("kalender.ics", calendar(feeds.festival()).encode(), content_type="text/calendar")
    response = client.post(f"/admin/calendarfeed/import/{feed.pk}/", {"file": upload})
    assert response.status_code == 302
    assert list(imported(feed)) == ["fest@beratung.example"]
    wrong = SimpleUploadedFile("kalender.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = client.post(f"/admin/calendarfeed/import/{feed.pk}/", {"file": wrong})
    assert response.status_code == 200 and list(imported(feed)) == ["fest@beratung.example"]


def test_a_new_feed_is_imported_when_saved_and_webcal_addresses_work(login, musterstadt, site, feeds):
    site.serve("/neu.ics", calendar(feeds.online()))
    client = login("musterstadt-editor")
    response = client.post(
        "/admin/calendarfeed/new/",
        {
            "region": musterstadt.pk,
            "name": "Neuer Kalender",
            "url": site.url("/neu.ics").replace("http://", "webcal://"),
            "interval_hours": "12",
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    feed = CalendarFeed.objects.get(name="Neuer Kalender")
    assert feed.url.startswith("https://")
    # https to a plain http server fails, and says so; the editor fixes the address.
    assert feed.last_error
    feed.url = site.url("/neu.ics")
    feed.save()
    assert import_feed(feed).created == 1


# Command and schedule -----------------------------------------------------------------------------


def test_the_command_imports_a_feed_or_the_due_ones(feed, site, capsys):
    call_command("import_calendars", "--feed", str(feed.pk))
    assert "5 new" in capsys.readouterr().out
    call_command("import_calendars", "--due")  # just imported: not due
    assert "No calendar feeds to import." in capsys.readouterr().out
    CalendarFeed.objects.filter(pk=feed.pk).update(last_checked_at=timezone.now() - timedelta(hours=25))
    call_command("import_calendars", "--due")
    assert "5 unchanged" in capsys.readouterr().out
    with pytest.raises(CommandError, match="no calendar feed with the id 999999"):
        call_command("import_calendars", "--feed", "999999")
    feed.url = site.url("/gone.ics")
    feed.save()
    with pytest.raises(CommandError, match="1 of 1 calendar feeds could not be imported"):
        call_command("import_calendars", "--feed", str(feed.pk))


def test_the_scheduled_task_imports_due_feeds(feed):
    assert set(import_due_calendars.call()) == {str(feed.pk)}
    assert imported(feed)
    assert import_due_calendars.call() == {}  # checked just now


def test_the_task_keeps_one_run_waiting_with_the_database_backend(feed, settings):
    from django_tasks_db.models import DBTaskResult

    from wegweiser.events.tasks import ensure_import_scheduled

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    ensure_import_scheduled()
    ensure_import_scheduled()
    waiting = DBTaskResult.objects.filter(task_path="wegweiser.events.tasks.import_due_calendars")
    assert waiting.count() == 1 and waiting.get().run_after > timezone.now()
