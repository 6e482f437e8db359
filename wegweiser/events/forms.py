"""The editor's form for events: times in the region's timezone, repetition as choices, exceptions as dates.

Wagtail shows dates and times in the editor's own timezone (their profile's). An event in
Musterstadt happens at 18:00 Musterstadt time, wherever the editor sits, so start and end are
entered and shown in the region's timezone instead.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateTimeInput

from wegweiser.content.forms import RegionContentForm

from . import recurrence
from .recurrence import (
    MONTH_DAY_CHOICES,
    POSITION_CHOICES,
    REPEATING,
    WEEKDAY_CHOICES,
    Ending,
    Frequency,
    Recurrence,
)
from .times import all_day_span, region_zone

BLANK = [("", "—")]
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


class RegionDateTimeField(forms.DateTimeField):
    """A date and time entered and shown in ``zone`` (the region's), not in the editor's timezone."""

    zone: ZoneInfo | None = None

    def prepare_value(self, value):
        with timezone.override(self.zone or timezone.get_current_timezone()):
            return super().prepare_value(value)

    def to_python(self, value):
        with timezone.override(self.zone or timezone.get_current_timezone()):
            return super().to_python(value)


class RecurrenceWidget(forms.MultiWidget):
    """The rule as choices: frequency, interval, weekdays, day or weekday of the month, end; or as text."""

    template_name = "events/widgets/recurrence.html"

    class Media:
        js = ["events/recurrence.js"]
        css = {"all": ["events/recurrence.css"]}

    def __init__(self, attrs=None):
        #: Set by the form: the region's timezone and the event's local start (for sensible defaults).
        self.zone = ZoneInfo(settings.TIME_ZONE)
        self.start: datetime | None = None
        widgets = {
            "frequency": forms.Select(choices=Frequency.choices, attrs={"data-recurrence-frequency": ""}),
            "interval": forms.NumberInput(attrs={"min": 1, "max": 999, "class": "recurrence-number"}),
            "weekdays": forms.CheckboxSelectMultiple(choices=WEEKDAY_CHOICES),
            "month_day": forms.Select(choices=BLANK + MONTH_DAY_CHOICES),
            "position": forms.Select(choices=BLANK + POSITION_CHOICES),
            "weekday": forms.Select(choices=BLANK + WEEKDAY_CHOICES),
            "ending": forms.RadioSelect(choices=Ending.choices),
            "until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "count": forms.NumberInput(attrs={"min": 1, "max": 9999, "class": "recurrence-number"}),
            "text": forms.TextInput(attrs={"dir": "ltr", "spellcheck": "false"}),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value):
        shown = recurrence.decompose(value or "", self.zone, self.start)
        return [
            shown.frequency,
            shown.interval,
            shown.weekdays,
            shown.month_day,
            shown.position,
            shown.weekday,
            shown.ending,
            shown.until,
            shown.count,
            shown.text,
        ]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        values = value if isinstance(value, list | tuple) else self.decompress(value)
        frequency, ending = str(values[0] or ""), str(values[6] or Ending.NEVER)
        repeating = frequency in REPEATING
        context["shown"] = {
            "repeating": repeating,
            "daily": frequency == Frequency.DAILY,
            "weekly": frequency == Frequency.WEEKLY,
            "monthly_date": frequency == Frequency.MONTHLY_BY_DATE,
            "monthly_weekday": frequency == Frequency.MONTHLY_BY_WEEKDAY,
            "yearly": frequency == Frequency.YEARLY,
            "custom": frequency == Frequency.CUSTOM,
            "until": repeating and ending == Ending.UNTIL,
            "count": repeating and ending == Ending.COUNT,
        }
        return context


class RecurrenceField(forms.MultiValueField):
    """Gives the RFC 5545 rule (``FREQ=…``, without ``RRULE:``) the choices make, or ``""`` for none."""

    widget = RecurrenceWidget

    def __init__(self, **kwargs):
        fields = (
            forms.ChoiceField(choices=Frequency.choices),
            forms.IntegerField(),
            forms.MultipleChoiceField(choices=WEEKDAY_CHOICES),
            forms.TypedChoiceField(choices=BLANK + MONTH_DAY_CHOICES, coerce=int, empty_value=None),
            forms.TypedChoiceField(choices=BLANK + POSITION_CHOICES, coerce=int, empty_value=None),
            forms.ChoiceField(choices=BLANK + WEEKDAY_CHOICES),
            forms.ChoiceField(choices=Ending.choices),
            forms.DateField(input_formats=DATE_INPUT_FORMATS),
            forms.IntegerField(),
            forms.CharField(max_length=500),
        )
        for field in fields:
            field.required = False
        super().__init__(fields, require_all_fields=False, required=False, **kwargs)

    #: Set by the form: the region's timezone, in which "until" days end.
    zone = ZoneInfo(settings.TIME_ZONE)

    def compress(self, data_list) -> str:
        if not data_list:
            return ""
        frequency, interval, weekdays, month_day, position, weekday, ending, until, count, text = data_list
        chosen = Recurrence(
            frequency=frequency or Frequency.NONE,
            interval=interval,
            weekdays=list(weekdays or []),
            month_day=month_day,
            position=position,
            weekday=weekday or "",
            ending=ending or Ending.NEVER,
            until=until,
            count=count,
            text=text or "",
        )
        if chosen.frequency != Frequency.CUSTOM and interval is None:
            chosen.interval = 1
        return recurrence.compose(chosen, self.zone)


class ExceptionDatesWidget(forms.Widget):
    """One date field per exception, and an empty one for the next (a button adds more)."""

    template_name = "events/widgets/exception_dates.html"

    class Media:
        js = ["events/recurrence.js"]
        css = {"all": ["events/recurrence.css"]}

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name, [])

    def value_omitted_from_data(self, data, files, name):
        return False  # no dates is an answer: no exceptions

    def format_value(self, value):
        return [str(day) for day in value or []]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["dates"] = [day for day in self.format_value(value) if day]
        return context


class ExceptionDatesField(forms.Field):
    """Dates (``YYYY-MM-DD`` or ``DD.MM.YYYY``), sorted, each once."""

    widget = ExceptionDatesWidget

    def to_python(self, value) -> list[date]:
        if value in self.empty_values:
            return []
        if isinstance(value, str):
            value = [value]
        days: set[date] = set()
        for item in value:
            if isinstance(item, date):
                days.add(item)
                continue
            text = str(item).strip()
            if not text:
                continue
            days.add(_parse_date(text))
        return sorted(days)

    def prepare_value(self, value):
        try:
            return [day.isoformat() for day in self.to_python(value)]
        except ValidationError:
            return value

    def has_changed(self, initial, data) -> bool:
        try:
            return self.to_python(initial) != self.to_python(data)
        except ValidationError:
            return True


def _parse_date(text: str) -> date:
    for pattern in DATE_INPUT_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationError(_("“%(value)s” is not a date."), params={"value": text}, code="invalid")


class EventPageForm(RegionContentForm):
    """Start and end in the region's timezone; the rule composed from choices and checked against the start."""

    start = RegionDateTimeField(label=_("start"), widget=AdminDateTimeInput)
    end = RegionDateTimeField(label=_("end"), widget=AdminDateTimeInput)
    recurrence_rule = RecurrenceField(label=_("repeats"))
    exception_dates = ExceptionDatesField(
        label=_("exceptions"),
        required=False,
        help_text=_("Days on which the event does not take place (e.g. holidays). Clear a date to remove it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = region_zone(self.instance if self.instance.pk else self.parent_page)
        for name in ("start", "end"):
            self.fields[name].zone = self.zone
            self.fields[name].help_text = _("Time in the region: %(zone)s.") % {"zone": self.zone.key}
        self.fields["recurrence_rule"].zone = self.zone
        widget = self.fields["recurrence_rule"].widget
        widget.zone = self.zone
        widget.start = self.instance.start.astimezone(self.zone) if self.instance.start else None

    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("start"), cleaned_data.get("end")
        if cleaned_data.get("all_day") and start and end:
            cleaned_data["start"], cleaned_data["end"] = start, end = all_day_span(start, end, self.zone)
        exceptions = cleaned_data.get("exception_dates") or []
        if start and "recurrence_rule" not in self.errors and "exception_dates" not in self.errors:
            rule = cleaned_data.get("recurrence_rule") or ""
            for field, messages in recurrence.problems(rule, start, self.zone, exceptions).items():
                for message in messages:
                    self.add_error(field, message)
        if "exception_dates" in cleaned_data:
            cleaned_data["exception_dates"] = [day.isoformat() for day in exceptions]
        return cleaned_data
