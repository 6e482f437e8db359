"""Reading a page aloud: sentence by sentence, with a voice for the page's language, the sentence highlighted.

Headless Chromium has no voices, so most tests give the page a fake of the device's text-to-speech engine
(``window.speechSynthesis``) with a German and an English voice. It records what it is asked to say in
``window.__spoken`` and says each sentence until the test calls ``__speech.finish()``, firing the events as
browsers do: later, not during the call; ``cancel()`` ends the sentence being read with an "interrupted" error.
"""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

FAKE_SPEECH = """(() => {
  const voices = [
    {name: "Anna", lang: "de-DE", localService: true, default: false, voiceURI: "anna"},
    {name: "Daniel", lang: "en-GB", localService: true, default: true, voiceURI: "daniel"},
  ];
  const engine = new EventTarget();
  let current = null;
  const later = (utterance, handler, event) => setTimeout(() => utterance[handler]?.(event), 0);
  window.__spoken = [];
  window.__speech = {
    calls: [],
    finish() {
      const utterance = current;
      current = null;
      engine.speaking = false;
      if (utterance) later(utterance, "onend", {type: "end"});
    },
  };
  Object.assign(engine, {
    speaking: false, pending: false, paused: false,
    getVoices: () => voices.slice(),
    speak(utterance) {
      window.__speech.calls.push("speak");
      const voice = utterance.voice && utterance.voice.lang;
      window.__spoken.push({text: utterance.text, lang: utterance.lang, voice});
      current = utterance;
      engine.speaking = true;
      later(utterance, "onstart", {type: "start"});
    },
    cancel() {
      window.__speech.calls.push("cancel");
      if (current) later(current, "onerror", {type: "error", error: "interrupted"});
      current = null;
      engine.speaking = false;
    },
    pause() { window.__speech.calls.push("pause"); engine.paused = true; },
    resume() { window.__speech.calls.push("resume"); engine.paused = false; },
  });
  Object.defineProperty(window, "speechSynthesis", {value: engine, configurable: true});
  window.SpeechSynthesisUtterance = class {
    constructor(text) { Object.assign(this, {text, lang: "", voice: null, rate: 1, pitch: 1, volume: 1}); }
  };
})();"""
#: The sentence being highlighted, or null.
HIGHLIGHTED = """() => {
  const highlight = CSS.highlights.get("read-aloud");
  return highlight && highlight.size ? [...highlight][0].toString() : null;
}"""
GESUNDHEIT = "/musterstadt/de/gesundheit/"
FIRST_SENTENCES = [
    "Gesundheit",
    "In Deutschland gibt es eine gute medizinische Versorgung.",
    "Hier erfahren Sie, wie sie funktioniert und wo Sie Hilfe bekommen.",
]


@pytest.fixture
def speaking_page(new_context) -> Callable[..., Page]:
    """A page on a device whose speech engine is the fake above."""

    def make(**options) -> Page:
        context = new_context(**options)
        context.add_init_script(FAKE_SPEECH)
        return context.new_page()

    return make


def spoken(page: Page, count: int) -> list[dict]:
    """What the page has asked the engine to say, once it has asked for ``count`` sentences."""
    page.wait_for_function("(count) => window.__spoken.length >= count", arg=count)
    return page.evaluate("window.__spoken")


def highlighted(page: Page, text: str | None) -> None:
    page.wait_for_function(f"(text) => ({HIGHLIGHTED})() === text", arg=text)


def test_a_german_page_is_read_sentence_by_sentence_with_a_german_voice(speaking_page):
    page = speaking_page()
    page.goto(GESUNDHEIT)
    toggle = page.locator("[data-read-aloud-toggle]")
    expect(toggle).to_be_visible()
    expect(page.locator("[data-read-aloud-next]")).to_be_hidden()
    read = page.locator("main h1, [data-read-aloud]")
    text_before = read.evaluate_all("(elements) => elements.map((element) => element.outerHTML)")

    toggle.click()
    assert spoken(page, 1) == [{"text": "Gesundheit", "lang": "de-DE", "voice": "de-DE"}]
    highlighted(page, "Gesundheit")
    expect(page.locator("[data-read-aloud-next]")).to_be_visible()

    page.evaluate("__speech.finish()")  # the engine has said the heading: on to the first sentence of the text
    assert [s["text"] for s in spoken(page, 2)] == FIRST_SENTENCES[:2]
    highlighted(page, FIRST_SENTENCES[1])

    page.locator("[data-read-aloud-next]").click()
    assert spoken(page, 3)[-1]["text"] == FIRST_SENTENCES[2]
    highlighted(page, FIRST_SENTENCES[2])

    page.locator("[data-read-aloud-previous]").click()
    assert spoken(page, 4)[-1]["text"] == FIRST_SENTENCES[1]
    highlighted(page, FIRST_SENTENCES[1])
    assert all(s["voice"] == "de-DE" and s["lang"] == "de-DE" for s in spoken(page, 4))

    toggle.click()  # pause
    expect(toggle.locator('[data-when="paused"]')).to_be_visible()
    expect(toggle.locator('[data-when="playing"]')).to_be_hidden()
    page.wait_for_timeout(200)
    assert len(spoken(page, 4)) == 4  # nothing more is said
    assert page.evaluate("__speech.calls.at(-1)") == "cancel" and not page.evaluate("speechSynthesis.speaking")
    highlighted(page, FIRST_SENTENCES[1])  # where it will go on

    page.locator("[data-read-aloud-next]").click()  # skipping while paused moves the place, silently
    highlighted(page, FIRST_SENTENCES[2])
    page.wait_for_timeout(100)
    assert len(spoken(page, 4)) == 4
    toggle.click()  # continue
    assert spoken(page, 5)[-1]["text"] == FIRST_SENTENCES[2]
    expect(toggle.locator('[data-when="playing"]')).to_be_visible()

    page.locator("[data-read-aloud-stop]").click()
    highlighted(page, None)
    expect(toggle.locator('[data-when="idle"]')).to_be_visible()
    expect(page.locator("[data-read-aloud-next]")).to_be_hidden()
    text_after = read.evaluate_all("(elements) => elements.map((element) => element.outerHTML)")
    assert text_after == text_before  # the highlight never changed the text


def test_a_sentence_with_a_link_in_it_is_read_and_highlighted_whole(speaking_page):
    page = speaking_page()
    page.goto(GESUNDHEIT)
    page.locator("[data-read-aloud-toggle]").click()
    wanted = "Im Notfall rufen Sie immer die 112."  # "112" is a link
    for _sentence in range(20):
        if page.evaluate(HIGHLIGHTED) == wanted:
            break
        page.locator("[data-read-aloud-next]").click()
    assert spoken(page, 1)[-1]["text"] == wanted
    highlighted(page, wanted)
    ranges = page.evaluate("""() => [...CSS.highlights.get("read-aloud")].map((range) => [
        range.startContainer.parentElement.tagName, range.endContainer.parentElement.tagName])""")
    assert ranges == [["P", "P"]]  # from the text before the link to the full stop after it
    # the last sentence: "next" can go no further, and when it is said the reading ends
    page.locator("[data-read-aloud-next]").click()
    expect(page.locator("[data-read-aloud-next]")).to_be_disabled()
    highlighted(page, "Der Anruf ist kostenlos.")
    page.evaluate("__speech.finish()")
    highlighted(page, None)
    expect(page.locator('[data-read-aloud-toggle] [data-when="idle"]')).to_be_visible()


def test_leichte_sprache_is_read_with_a_german_voice(speaking_page):
    page = speaking_page()
    page.goto("/musterstadt/de-si/ankommen/")
    expect(page.locator("html")).to_have_attribute("lang", "de-DE-x-ls")
    page.locator("[data-read-aloud-toggle]").click()
    first = spoken(page, 1)[0]
    assert (first["lang"], first["voice"]) == ("de-DE", "de-DE")
    assert first["text"] == page.locator("main h1").inner_text()


def test_without_an_arabic_voice_the_reader_is_told_so_in_the_page(speaking_page):
    page = speaking_page(locale="ar")
    page.goto("/musterstadt/ar/arrival/")
    page.locator("[data-read-aloud-toggle]").click()
    status = page.locator("[data-tools-status]")
    expect(status).to_contain_text("العربية")
    expect(status.locator(".notice")).to_be_visible()
    assert page.evaluate("window.__spoken") == []
    assert page.evaluate(HIGHLIGHTED) is None


def test_leaving_the_page_stops_the_reading(speaking_page):
    page = speaking_page()
    page.goto(GESUNDHEIT)
    page.locator("[data-read-aloud-toggle]").click()
    spoken(page, 1)
    page.evaluate("dispatchEvent(new PageTransitionEvent('pagehide', {persisted: true}))")
    assert page.evaluate("__speech.calls.at(-1)") == "cancel"
    highlighted(page, None)


def test_without_the_highlight_api_the_block_being_read_is_marked(new_context):
    context = new_context()
    context.add_init_script(FAKE_SPEECH)
    context.add_init_script("delete window.Highlight;")
    page = context.new_page()
    page.goto(GESUNDHEIT)
    page.locator("[data-read-aloud-toggle]").click()
    spoken(page, 1)
    expect(page.locator(".read-aloud-current")).to_have_count(1)
    expect(page.locator("main h1")).to_have_class(re.compile("read-aloud-current"))
    page.evaluate("__speech.finish()")
    spoken(page, 2)
    expect(page.locator("[data-read-aloud] > p").first).to_have_class(re.compile("read-aloud-current"))
    expect(page.locator(".read-aloud-current")).to_have_count(1)


def test_in_chromium_as_it_is_the_toolbar_works_without_errors(page: Page):
    """No fake: headless Chromium has speech synthesis but (here) no voices; either it reads or it says why not."""
    page.goto(GESUNDHEIT)
    expect(page.locator("[data-tools]")).to_be_visible()
    toggle = page.locator("[data-read-aloud-toggle]")
    expect(toggle).to_be_visible()
    toggle.click()
    playing = toggle.locator('[data-when="playing"]:not([hidden])')
    no_voice = page.locator("[data-tools-status] .notice")
    expect(playing.or_(no_voice)).to_have_count(1, timeout=5000)
    if no_voice.count():
        expect(no_voice).to_contain_text("Deutsch")
    else:
        page.locator("[data-read-aloud-stop]").click()
