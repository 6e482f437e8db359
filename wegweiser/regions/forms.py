from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminPageForm

from .language_tree import LanguageNode, LanguageTree, LanguageTreeError


class RegionPageForm(WagtailAdminPageForm):
    """Checks that the region's languages form a tree before anything is saved."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "news_from" in self.fields and self.instance.pk:  # a region shows its own news anyway
            field = self.fields["news_from"]
            field.queryset = field.queryset.exclude(translation_key=self.instance.translation_key)

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("languages")
        if formset is None or not formset.is_valid():
            return cleaned_data
        nodes = [
            LanguageNode(
                form.cleaned_data["language"],
                form.cleaned_data.get("source_language") or None,
                form.cleaned_data.get("enabled", True),
                form.cleaned_data.get("visible", True),
                form.cleaned_data.get("editable", True),
            )
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        try:
            LanguageTree.build(nodes)
        except LanguageTreeError as error:
            self.add_error(None, ValidationError(str(error)))
        return cleaned_data
