"""Translation status: the rules, with real pages, and a state machine that tries every order of events."""

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from wagtail.models import Page

from wegweiser.content.models import TopicPage
from wegweiser.regions.language_tree import LanguageNode, LanguageTree
from wegweiser.translation import segments as seg
from wegweiser.translation.status import Facts, Status, statuses
from wegweiser.translation.versions import item_statuses, mark_in_translation

_unique = itertools.count(1)


def edit(page: Page, *, minor: bool = False, user=None) -> Page:
    """An editor changes the page's title and text and publishes it (ticking "minor change" or not)."""
    page = Page.objects.get(pk=page.pk).specific
    number = next(_unique)
    page.title = f"{page.title.split(' #')[0]} #{number}"
    page.body = f"<p>Neuer Absatz Nummer {number} über die Anmeldung.</p>"
    page.minor_change = minor
    page.save_revision(user=user).publish()
    return page


def translate(page: Page, language: str, kind: str = seg.MANUAL, publish: bool = True) -> Page:
    """A translator translates every untranslated segment and publishes (or saves a draft)."""
    job = seg.translation_job(page, language)
    seg.fill(job, {s.key: f"[{language}] {s.source}" for s in seg.missing(job)}, kind=kind)
    return seg.save(job, publish=publish)


def review(page: Page, language: str) -> Page:
    """A person reads the machine translation, accepts it and publishes it."""
    job = seg.translation_job(page, language)
    seg.fill(job, {s.key: s.target for s in seg.segments(job) if s.kind == seg.MACHINE}, kind=seg.MANUAL)
    return seg.save(job)


@pytest.fixture
def new_page(musterstadt):
    """A fresh topic page in Musterstadt, translated into English, Persian (from English) and Arabic."""
    parent = TopicPage.objects.child_of(musterstadt).filter(locale__language_code="de").first()
    page = parent.add_child(instance=TopicPage(title="Anmeldung", slug=f"anmeldung-{next(_unique)}", body="<p>A</p>"))
    page.save_revision().publish()
    for language in ("en", "fa", "ar"):
        translate(page, language)
    return page


# --- The rules as pure functions ------------------------------------------------------------------------

TREE = LanguageTree.build(
    [LanguageNode("de", None), LanguageNode("en", "de"), LanguageNode("fa", "en"), LanguageNode("ar", "de")]
)


def test_the_original_is_never_outdated_and_missing_copies_are_missing():
    found = statuses(TREE, {"de": Facts(exists=True, live=True, version=7)})
    assert found == {"de": Status.ORIGINAL, "en": Status.MISSING, "fa": Status.MISSING, "ar": Status.MISSING}


def test_outdated_propagates_down_the_tree_but_not_sideways():
    facts = {
        "de": Facts(exists=True, live=True, version=2),
        "en": Facts(exists=True, live=True, version=1, based_on=1),
        "fa": Facts(exists=True, live=True, version=1, based_on=1),
        "ar": Facts(exists=True, live=True, version=1, based_on=2),
    }
    assert statuses(TREE, facts) == {
        "de": Status.ORIGINAL,
        "en": Status.OUTDATED,
        "fa": Status.OUTDATED,
        "ar": Status.UP_TO_DATE,
    }


def test_work_in_progress_shows_before_outdated_and_machine_after():
    facts = {
        "de": Facts(exists=True, live=True, version=2),
        "en": Facts(exists=True, live=True, version=1, based_on=1, draft=True),
        "fa": Facts(in_translation=True),
        "ar": Facts(exists=True, live=True, version=1, based_on=2, machine=True),
    }
    assert statuses(TREE, facts) == {
        "de": Status.ORIGINAL,
        "en": Status.IN_TRANSLATION,
        "fa": Status.IN_TRANSLATION,
        "ar": Status.MACHINE,
    }


facts_strategy = st.builds(
    Facts,
    exists=st.booleans(),
    live=st.booleans(),
    draft=st.booleans(),
    version=st.integers(0, 3),
    based_on=st.one_of(st.none(), st.integers(0, 3)),
    machine=st.booleans(),
    in_translation=st.booleans(),
)


@settings(max_examples=300)
@given(st.fixed_dictionaries(dict.fromkeys(TREE.nodes, facts_strategy)))
def test_properties_of_the_rules_for_any_facts(facts):
    found = statuses(TREE, facts)
    assert found["de"] in {Status.ORIGINAL, Status.MISSING}
    for code in ("en", "fa", "ar"):
        own = facts[code]
        if own.in_translation:
            assert found[code] == Status.IN_TRANSLATION
        elif not own.exists:
            assert found[code] == Status.MISSING
    # An up-to-date or machine-translated Persian text means English is not outdated.
    if found["fa"] in {Status.UP_TO_DATE, Status.MACHINE} and facts["en"].exists:
        assert found["en"] != Status.OUTDATED
    # Outdated English makes every published Persian copy that is not being worked on outdated.
    fa = facts["fa"]
    if found["en"] == Status.OUTDATED and fa.exists and fa.live and not fa.draft and not fa.in_translation:
        assert found["fa"] == Status.OUTDATED


# --- The rules with real pages ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_demo_starts_up_to_date_in_every_language(musterstadt):
    page = TopicPage.objects.child_of(musterstadt).filter(locale__language_code="de").first()
    found = item_statuses(page)
    assert found.pop("de") == Status.ORIGINAL
    assert set(found.values()) == {Status.UP_TO_DATE}, found


@pytest.mark.django_db
def test_a_major_change_outdates_translations_and_their_translations(new_page):
    edit(new_page)
    found = item_statuses(new_page)
    assert (found["de"], found["en"], found["fa"], found["ar"]) == (Status.ORIGINAL,) + (Status.OUTDATED,) * 3
    translate(new_page, "en")
    found = item_statuses(new_page)
    assert (found["en"], found["fa"], found["ar"]) == (Status.UP_TO_DATE, Status.OUTDATED, Status.OUTDATED)
    translate(new_page, "fa")
    assert item_statuses(new_page)["fa"] == Status.UP_TO_DATE


@pytest.mark.django_db
def test_a_minor_change_and_a_move_keep_translations_up_to_date(new_page, musterstadt):
    edit(new_page, minor=True)
    other_parent = TopicPage.objects.child_of(musterstadt).filter(locale__language_code="de").last()
    Page.objects.get(pk=new_page.pk).move(other_parent, pos="last-child")
    found = item_statuses(new_page)
    assert (found["en"], found["fa"], found["ar"]) == (Status.UP_TO_DATE,) * 3


@pytest.mark.django_db
def test_machine_output_is_marked_until_a_person_reviews_it(new_page):
    edit(new_page)
    translate(new_page, "ar", kind=seg.MACHINE)
    assert item_statuses(new_page)["ar"] == Status.MACHINE
    review(new_page, "ar")
    assert item_statuses(new_page)["ar"] == Status.UP_TO_DATE


@pytest.mark.django_db
def test_a_translation_published_with_source_text_left_in_it_stays_outdated(new_page):
    """wagtail-localize fills untranslated segments with the source text; that is not a translation."""
    edit(new_page)
    seg.save(seg.translation_job(new_page, "ar"))
    assert item_statuses(new_page)["ar"] == Status.OUTDATED


@pytest.mark.django_db
def test_drafts_and_exports_are_in_translation_until_published(new_page):
    edit(new_page)
    translate(new_page, "en", publish=False)
    mark_in_translation(new_page, ["ar"])
    found = item_statuses(new_page)
    assert (found["en"], found["ar"]) == (Status.IN_TRANSLATION, Status.IN_TRANSLATION)
    translate(new_page, "ar")
    assert item_statuses(new_page)["ar"] == Status.UP_TO_DATE


@pytest.mark.django_db
def test_the_minor_change_box_of_the_editor_travels_with_the_revision(new_page, login):
    client = login("musterstadt-editor")
    edit_url = f"/admin/pages/{new_page.pk}/edit/"
    form = client.get(edit_url)
    assert b'name="minor_change"' in form.content
    data = {
        "title": "Anmeldung korrigiert",
        "slug": new_page.slug,
        "body": '{"blocks": [{"key": "a", "type": "unstyled", "text": "A.", "depth": 0, '
        '"inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}',
        "minor_change": "on",
        "action-publish": "action-publish",
    }
    response = client.post(edit_url, data)
    assert response.status_code == 302, response.content[:2000]
    assert Page.objects.get(pk=new_page.pk).title == "Anmeldung korrigiert"
    found = item_statuses(new_page)
    assert (found["en"], found["fa"]) == (Status.UP_TO_DATE, Status.UP_TO_DATE)
    data.update(title="Anmeldung neu", minor_change="")
    assert client.post(edit_url, data).status_code == 302
    assert item_statuses(new_page)["en"] == Status.OUTDATED


# --- A state machine over real pages: every order of edits, translations and reviews ---------------------


class TranslationLife(RuleBasedStateMachine):
    """Drives one page through edits, translations, reviews, drafts and moves, and compares its status in
    every language with a model written independently of the implementation: each language remembers the
    "generation" of its source it last reflected."""

    region = None  # set by the test

    @initialize()
    def create(self):
        parent = TopicPage.objects.child_of(self.region).filter(locale__language_code="de").first()
        self.page = parent.add_child(instance=TopicPage(title="Start", slug=f"leben-{next(_unique)}", body="<p>S</p>"))
        self.page.save_revision().publish()
        self.tree = {"en": "de", "fa": "en", "ar": "de"}
        self.generation = {"de": 1}  # bumped by every change of a language's text that is not minor
        self.reflects: dict[str, int] = {}  # the source generation a translation last reflected
        self.pending = {"en": True, "fa": True, "ar": True}  # source text changed since last translated
        self.machine: dict[str, bool] = {}
        self.draft: dict[str, bool] = {}
        self.prefilled: dict[str, bool] = {}  # a draft holds manual translations of the current source text

    def _children(self, language):
        return [code for code, source in self.tree.items() if source == language]

    def _text_changed(self, language):
        for child in self._children(language):
            self.pending[child] = True
            self.prefilled[child] = False

    def _exists(self, language):
        return language == "de" or language in self.reflects

    @rule(minor=st.booleans())
    def edit_original(self, minor):
        edit(self.page, minor=minor)
        if not minor:
            self.generation["de"] += 1
        self._text_changed("de")

    @rule(language=st.sampled_from(["en", "fa", "ar"]), machine=st.booleans())
    def translate(self, language, machine):
        source = self.tree[language]
        if not self._exists(source):
            return
        translate(self.page, language, kind=seg.MACHINE if machine else seg.MANUAL)
        if self.pending[language]:
            self.generation[language] = self.generation.get(language, 0) + 1
            self.machine[language] = machine and not self.prefilled.get(language)
            self._text_changed(language)
        self.pending[language] = False
        self.reflects[language] = self.generation[source]
        self.draft[language] = False

    @rule(language=st.sampled_from(["en", "fa", "ar"]))
    def review(self, language):
        if not self._exists(language) or self.pending[language]:
            return
        review(self.page, language)
        self.machine[language] = False
        self.reflects[language] = self.generation[self.tree[language]]
        self.draft[language] = False

    @precondition(lambda self: any(self._exists(code) for code in ("en", "fa", "ar")))
    @rule(language=st.sampled_from(["en", "fa", "ar"]))
    def start_draft(self, language):
        if not self._exists(language) or not self.pending[language]:
            return
        translate(self.page, language, publish=False)
        self.draft[language] = True
        self.prefilled[language] = True

    @rule()
    def move(self):
        parents = TopicPage.objects.child_of(self.region).filter(locale__language_code="de")
        target = parents.exclude(pk=self.page.get_parent().pk).first()
        Page.objects.get(pk=self.page.pk).move(target, pos="last-child")

    def expected(self, language):
        if language == "de":
            return Status.ORIGINAL
        if self.draft.get(language):
            return Status.IN_TRANSLATION
        if not self._exists(language):
            return Status.MISSING
        chain, stale = language, False
        while chain != "de":
            source = self.tree[chain]
            if chain in self.reflects and self._exists(source) and self.reflects[chain] < self.generation[source]:
                stale = True
            chain = source
        if stale:
            return Status.OUTDATED
        return Status.MACHINE if self.machine.get(language) else Status.UP_TO_DATE

    @invariant()
    def status_matches_the_model(self):
        if not hasattr(self, "page"):
            return
        found = item_statuses(self.page)
        for language in ("de", "en", "fa", "ar"):
            assert found[language] == self.expected(language), (language, found, self.__dict__)


@pytest.mark.django_db
def test_status_follows_the_rules_in_any_order_of_events(musterstadt):
    TranslationLife.region = musterstadt
    run_state_machine_as_test(
        TranslationLife,
        settings=settings(
            max_examples=20,
            stateful_step_count=10,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )


@pytest.mark.django_db
def test_content_from_before_status_was_kept_starts_up_to_date(musterstadt):
    from django.core.management import CommandError, call_command

    from wegweiser.translation.models import TextVersion

    TextVersion.objects.filter(region=musterstadt).delete()
    page = TopicPage.objects.child_of(musterstadt).filter(locale__language_code="de").first()
    assert set(item_statuses(page).values()) == {Status.ORIGINAL, Status.UP_TO_DATE}  # no versions: nothing outdated
    call_command("record_translation_status", region="musterstadt", verbosity=0)
    versions = TextVersion.objects.filter(translation_key=page.translation_key)
    assert {v.language for v in versions} == set(musterstadt.language_tree().enabled_codes())
    assert all(v.words > 0 for v in versions)
    found = item_statuses(page)
    assert found.pop("de") == Status.ORIGINAL and set(found.values()) == {Status.UP_TO_DATE}
    edit(page)
    assert item_statuses(page)["en"] == Status.OUTDATED
    with pytest.raises(CommandError, match="no region"):
        call_command("record_translation_status", region="nowhere")


@pytest.mark.django_db
def test_a_person_translating_the_changed_text_leaves_no_machine_text(musterstadt):
    """Machine-translated, then the original changed (title and text), then a person translated what changed:
    nothing readers see is a machine translation any more (the address part, the slug, is not text)."""
    parent = TopicPage.objects.child_of(musterstadt).filter(locale__language_code="de").first()
    page = parent.add_child(instance=TopicPage(title="Start", slug=f"leben-{next(_unique)}", body="<p>S</p>"))
    page.save_revision().publish()
    translate(page, "en", kind=seg.MACHINE)
    assert item_statuses(page)["en"] == Status.MACHINE
    edit(page)
    translate(page, "en")
    assert item_statuses(page)["en"] == Status.UP_TO_DATE
