"""Machine translation in the admin: a region's settings and usage, and "machine translate this item".

Mounted at ``/admin/translation/machine/``. A region's managers and editors (and superusers) change
its settings; its translators, editors and managers run machine translation; people of other
regions see nothing of it (404).
"""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail.admin.auth import require_admin_access
from wagtail.models import Page

from wegweiser.regions.languages import BY_CODE
from wegweiser.regions.models import RegionPage, RegionRole
from wegweiser.regions.tenancy import region_of_page, regions_of_user

from . import machine
from .models import MachineTranslationSettings, MachineTranslationUsage

Role = RegionRole.Role
CONFIGURE_ROLES = {Role.MANAGER, Role.EDITOR}
TRANSLATE_ROLES = {Role.MANAGER, Role.EDITOR, Role.TRANSLATOR}


def roles_in(user, region: RegionPage) -> set[str]:
    """The roles the user has in the region."""
    return set(RegionRole.objects.filter(region=region.canonical, group__user=user).values_list("role", flat=True))


def can_configure(user, region: RegionPage) -> bool:
    """Managers and editors decide whether, with which provider and how much their region machine translates."""
    return user.is_superuser or bool(roles_in(user, region) & CONFIGURE_ROLES)


def can_translate(user, region: RegionPage) -> bool:
    """Translators, editors and managers may spend the region's machine translation budget."""
    return user.is_superuser or bool(roles_in(user, region) & TRANSLATE_ROLES)


def _region_or_404(user, region_id: int) -> RegionPage:
    region = get_object_or_404(RegionPage, id=region_id).canonical
    if not regions_of_user(user).filter(id=region.id).exists():
        raise Http404
    return region


def _translated_languages(region: RegionPage) -> list[tuple[str, str]]:
    """``(language, source language)`` for every language the region translates into, in the tree's order."""
    tree = region.language_tree()
    return [(code, node.source) for code, node in tree.nodes.items() if node.source]


def _language_label(code: str) -> str:
    language = BY_CODE.get(code)
    if language is None:
        return code
    if language.native_name == language.english_name:
        return language.native_name
    return f"{language.native_name} ({language.english_name})"


# ---------------------------------------------------------------------------------------------
# Settings
# ---------------------------------------------------------------------------------------------


class MachineTranslationSettingsForm(forms.Form):
    """Whether a region machine translates, its monthly word budget and the provider for each language."""

    enabled = forms.BooleanField(label=gettext_lazy("Machine translation switched on"), required=False)
    monthly_word_budget = forms.IntegerField(
        label=gettext_lazy("Words per month"),
        min_value=0,
        max_value=100_000_000,
        help_text=gettext_lazy("Machine translation stops for the month once this many words have been sent."),
    )
    default_provider = forms.ChoiceField(
        label=gettext_lazy("Default provider"),
        required=False,
        help_text=gettext_lazy("Used for every language that has no provider of its own."),
    )

    def __init__(self, *args, region: RegionPage, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.region = region
        self.languages = _translated_languages(region)
        names = machine.provider_names()
        unknown = gettext_lazy("Unknown provider “%(value)s”; choose one this server offers.")
        self.fields["default_provider"].choices = [("", _("None"))] + [(name, name) for name in names]
        self.fields["default_provider"].error_messages["invalid_choice"] = unknown
        for code, source in self.languages:
            self.fields[self.field_name(code)] = forms.ChoiceField(
                label=_("%(language)s, translated from %(source)s")
                % {"language": _language_label(code), "source": _language_label(source)},
                required=False,
                choices=[("", _("Default provider"))] + [(name, name) for name in names],
                error_messages={"invalid_choice": unknown},
            )

    @staticmethod
    def field_name(code: str) -> str:
        return f"provider_{code.replace('-', '_')}"

    def language_fields(self) -> list[forms.BoundField]:
        return [self[self.field_name(code)] for code, _source in self.languages]

    def clean(self) -> dict:
        data = super().clean()
        chosen = {code: data.get(self.field_name(code)) for code, _source in self.languages}
        for code, source in self.languages:
            name = chosen.get(code)
            if not name:
                continue
            try:
                supported = machine.get_provider(name).supports(source, code)
            except machine.MachineTranslationError as error:
                self.add_error(self.field_name(code), str(error))
                continue
            if not supported:
                self.add_error(
                    self.field_name(code),
                    _("%(provider)s cannot translate from %(source)s into %(target)s.")
                    % {"provider": name, "source": _language_label(source), "target": _language_label(code)},
                )
        if data.get("enabled") and not data.get("default_provider") and not any(chosen.values()):
            self.add_error(
                "default_provider",
                _("Choose a default provider or a provider for a language to switch machine translation on."),
            )
        return data

    def save(self) -> MachineTranslationSettings:
        settings, _created = MachineTranslationSettings.objects.update_or_create(
            region=self.region,
            defaults={
                "enabled": self.cleaned_data["enabled"],
                "monthly_word_budget": self.cleaned_data["monthly_word_budget"],
                "default_provider": self.cleaned_data["default_provider"],
                "providers": {
                    code: self.cleaned_data[self.field_name(code)]
                    for code, _source in self.languages
                    if self.cleaned_data[self.field_name(code)]
                },
            },
        )
        return settings


def _initial(config: MachineTranslationSettings, languages: list[tuple[str, str]]) -> dict:
    initial = {
        "enabled": config.enabled,
        "monthly_word_budget": config.monthly_word_budget,
        "default_provider": config.default_provider,
    }
    for code, _source in languages:
        initial[MachineTranslationSettingsForm.field_name(code)] = (config.providers or {}).get(code, "")
    return initial


def _months_back(start: datetime, months: int) -> datetime:
    month_index = start.year * 12 + start.month - 1 - months
    return start.replace(year=month_index // 12, month=month_index % 12 + 1)


def usage_report(region: RegionPage) -> dict:
    """What the region machine translated: this month by language and provider, and the last 12 months."""
    status = machine.budget_status(region)
    this_month = MachineTranslationUsage.objects.filter(region=region, created_at__gte=machine.month_start())
    since = _months_back(machine.month_start(), 11)
    months = (
        MachineTranslationUsage.objects.filter(region=region, created_at__gte=since)
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(words=Sum("words"))
        .order_by("-month")
    )
    return {
        "status": status,
        "percent": min(100, round(100 * status.used / status.budget)) if status.budget else 100,
        "by_language": [
            {"language": _language_label(row["language"]), "words": row["words"]}
            for row in this_month.values("language").annotate(words=Sum("words")).order_by("-words", "language")
        ],
        "by_provider": list(this_month.values("provider").annotate(words=Sum("words")).order_by("-words", "provider")),
        "months": list(months),
        "year_total": sum(row["words"] for row in months),
    }


def _language_rows(region: RegionPage, config: MachineTranslationSettings) -> list[dict]:
    """Each translated language with the provider it uses and whether that provider can translate it."""
    rows = []
    for code, source in _translated_languages(region):
        name = machine.provider_name_for(config, code)
        supported: bool | None = None
        if name:
            try:
                supported = machine.get_provider(name).supports(source, code)
            except machine.MachineTranslationError:
                supported = None
        rows.append(
            {
                "code": code,
                "label": _language_label(code),
                "source": _language_label(source),
                "provider": name,
                "own": bool((config.providers or {}).get(code)),
                "supported": supported,
            }
        )
    return rows


@require_admin_access
def index(request: HttpRequest) -> HttpResponse:
    """The regions whose machine translation the user may see."""
    regions = list(regions_of_user(request.user).order_by("title"))
    if len(regions) == 1:
        return redirect("translation_machine_region", region_id=regions[0].id)
    rows = [
        {"region": region, "config": machine.settings_of(region), "budget": machine.budget_status(region)}
        for region in regions
    ]
    return render(request, "translation/machine_index.html", {"rows": rows, "header_icon": "globe"})


@require_admin_access
@require_http_methods(["GET", "POST"])
def region_settings(request: HttpRequest, region_id: int) -> HttpResponse:
    """A region's machine translation: on/off, budget, providers, and what has been used."""
    region = _region_or_404(request.user, region_id)
    editable = can_configure(request.user, region)
    config = machine.settings_of(region)
    languages = _translated_languages(region)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        form = MachineTranslationSettingsForm(request.POST, region=region)
        if form.is_valid():
            form.save()
            messages.success(request, _("Machine translation settings of %(region)s saved.") % {"region": region})
            return redirect("translation_machine_region", region_id=region.id)
        messages.error(request, _("The settings could not be saved; please correct the errors below."))
    else:
        form = MachineTranslationSettingsForm(initial=_initial(config, languages), region=region)
    return render(
        request,
        "translation/machine_settings.html",
        {
            "region": region,
            "form": form,
            "editable": editable,
            "config": config,
            "providers": machine.provider_names(),
            "languages": _language_rows(region, config),
            "usage": usage_report(region),
            "header_icon": "globe",
        },
    )


# ---------------------------------------------------------------------------------------------
# Translating an item
# ---------------------------------------------------------------------------------------------


def _next_url(request: HttpRequest, fallback: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


def _translatable_languages(region: RegionPage) -> list[str]:
    """Languages translators may fill: enabled, editable, and not the one the region writes in."""
    tree = region.language_tree()
    return [code for code, node in tree.nodes.items() if node.source and node.enabled and node.editable]


@require_admin_access
@require_http_methods(["GET", "POST"])
def translate_item(request: HttpRequest, page_id: int) -> HttpResponse:
    """GET: choose the languages to machine translate an item into. POST: do it and go back to ``next``."""
    item = get_object_or_404(Page, id=page_id).specific
    region = region_of_page(item)
    if region is None or not regions_of_user(request.user).filter(id=region.id).exists():
        raise Http404
    if not can_translate(request.user, region):
        raise PermissionDenied
    here = reverse("translation_machine_translate", args=[item.id])
    offered = _translatable_languages(region)
    config = machine.settings_of(region)
    if request.method == "GET":
        return render(
            request,
            "translation/machine_translate.html",
            {
                "item": item,
                "region": region,
                "config": config,
                "budget": machine.budget_status(region),
                "languages": [row for row in _language_rows(region, config) if row["code"] in offered],
                "next": _next_url(request, ""),
                "can_configure": can_configure(request.user, region),
                "header_icon": "globe",
            },
        )
    back = _next_url(request, here)
    chosen = request.POST.getlist("languages")
    unknown = [code for code in chosen if code not in offered]
    if unknown:
        messages.error(
            request,
            _("%(region)s cannot machine translate into %(languages)s.")
            % {"region": region, "languages": ", ".join(unknown)},
        )
        return redirect(back)
    if not chosen:
        messages.error(request, _("Choose at least one language to machine translate into."))
        return redirect(back)
    for code in chosen:
        try:
            result = machine.machine_translate(item, code, user=request.user)
        except machine.MachineTranslationError as error:
            messages.error(request, f"{_language_label(code)}: {error}")
            continue
        if not result.segments and not result.failed:
            messages.info(
                request,
                _("“%(item)s” has nothing left to translate into %(language)s.")
                % {"item": item.title, "language": _language_label(code)},
            )
            continue
        if result.segments:
            counts = {
                "item": item.title,
                "language": _language_label(code),
                "provider": result.provider,
                "segments": result.segments,
                "words": result.words,
            }
            if result.published:
                text = _(
                    "“%(item)s” was machine translated into %(language)s with %(provider)s: %(segments)d segments, "
                    "%(words)d words. It is published and marked as machine translated until someone reviews it."
                )
            else:
                text = _(
                    "“%(item)s” was machine translated into %(language)s with %(provider)s: %(segments)d segments, "
                    "%(words)d words. It is saved as a draft for an editor to review and publish."
                )
            messages.success(request, text % counts)
        if result.failed:
            messages.warning(
                request,
                _("%(count)d segments of “%(item)s” in %(language)s keep their source text, because %(reasons)s.")
                % {
                    "count": len(result.failed),
                    "item": item.title,
                    "language": _language_label(code),
                    "reasons": "; ".join(f"“{text}”: {why}" for text, why in result.failed[:3]),
                },
            )
    return redirect(back)


urlpatterns = [
    path("", index, name="translation_machine_index"),
    path("<int:region_id>/", region_settings, name="translation_machine_region"),
    path("translate/<int:page_id>/", translate_item, name="translation_machine_translate"),
]
