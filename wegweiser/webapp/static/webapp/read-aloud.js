// Reading a page aloud with the device's own voices (Web Speech API), one sentence at a time, the sentence
// being read highlighted. The toolbar (tools.html) holds the buttons and every message; without speech
// synthesis the read-aloud buttons stay hidden.
(() => {
  "use strict";
  const controls = document.querySelector("[data-read-aloud-controls]");
  const text = document.querySelector("[data-read-aloud]");
  const synth = window.speechSynthesis;
  if (!controls || !text || !synth || !window.SpeechSynthesisUtterance) return;

  const toolbar = controls.closest("[data-tools]");
  const status = toolbar.querySelector("[data-tools-status]");
  const toggle = controls.querySelector("[data-read-aloud-toggle]");
  const previous = controls.querySelector("[data-read-aloud-previous]");
  const next = controls.querySelector("[data-read-aloud-next]");
  const stopButton = controls.querySelector("[data-read-aloud-stop]");

  // The language to speak: the page's, without private-use subtags (de-DE-x-ls, Leichte Sprache, is German).
  const speechLang = (document.documentElement.lang || "en").split(/-x-/i)[0];
  const tag = (lang) => (lang || "").replace(/_/g, "-").toLowerCase();
  const primary = tag(speechLang).split("-")[0];

  // Sentences, each with a DOM Range over the text nodes it spans, so links and bold text inside a
  // sentence need no change to the page. Text is read in runs: a run ends at a block element or <br>.
  const BLOCKS = new Set(["ADDRESS", "ARTICLE", "ASIDE", "BLOCKQUOTE", "CAPTION", "DD", "DIV", "DL", "DT",
    "FIGCAPTION", "FIGURE", "FOOTER", "H1", "H2", "H3", "H4", "H5", "H6", "HEADER", "LI", "OL", "P", "PRE",
    "SECTION", "TABLE", "TD", "TH", "TR", "UL"]);
  const SKIP = "script, style, noscript, template, svg, button, [hidden], [aria-hidden='true']";
  const WORDS = /[\p{L}\p{N}]/u;

  function blockOf(node, root) {
    let element = node.parentElement;
    while (element !== root && !BLOCKS.has(element.tagName)) element = element.parentElement;
    return element;
  }

  function runsOf(root) {
    const runs = [];
    let run = null;
    let breaks = 0;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode: (node) => (node.nodeType === Node.ELEMENT_NODE && node.matches(SKIP)
        ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeType === Node.ELEMENT_NODE) {
        if (node.tagName === "BR") breaks += 1;
        continue;
      }
      const block = blockOf(node, root);
      if (!run || run.block !== block || run.breaks !== breaks) {
        run = { block, breaks, text: "", pieces: [] };
        runs.push(run);
      }
      run.pieces.push({ node, start: run.text.length });
      run.text += node.data;
    }
    return runs;
  }

  // Where a character offset of a run lies: the text node and the offset in it.
  function position(run, offset, atEnd) {
    for (const piece of run.pieces) {
      const end = piece.start + piece.node.length;
      if (atEnd ? offset <= end : offset < end) return [piece.node, offset - piece.start];
    }
    const last = run.pieces[run.pieces.length - 1];
    return [last.node, last.node.length];
  }

  function split(value) {
    if (window.Intl && Intl.Segmenter) {
      try {
        return Array.from(new Intl.Segmenter(speechLang, { granularity: "sentence" }).segment(value),
          (part) => [part.index, part.index + part.segment.length]);
      } catch { /* an unknown language tag: the rule below */ }
    }
    const parts = [];
    const ends = /[.!?؟।۔።]+["'”’»)]*(\s+|$)/gu;
    let start = 0;
    for (let found = ends.exec(value); found && start < value.length; found = ends.exec(value)) {
      parts.push([start, found.index + found[0].length]);
      start = found.index + found[0].length;
    }
    if (start < value.length) parts.push([start, value.length]);
    return parts;
  }

  function sentencesOf(roots) {
    const sentences = [];
    for (const root of roots) {
      for (const run of runsOf(root)) {
        for (let [start, end] of split(run.text)) {
          while (start < end && /\s/.test(run.text[start])) start += 1;
          while (end > start && /\s/.test(run.text[end - 1])) end -= 1;
          const spoken = run.text.slice(start, end).replace(/\s+/g, " ");
          if (!WORDS.test(spoken)) continue;
          const range = document.createRange();
          range.setStart(...position(run, start, false));
          range.setEnd(...position(run, end, true));
          sentences.push({ text: spoken, range, block: run.block });
        }
      }
    }
    return sentences;
  }

  // A voice for the language: the exact tag and on the device if possible.
  function chooseVoice() {
    const voices = synth.getVoices().filter((voice) => tag(voice.lang).split("-")[0] === primary);
    const exact = voices.filter((voice) => tag(voice.lang) === tag(speechLang));
    return exact.find((voice) => voice.localService) || exact[0]
      || voices.find((voice) => voice.default) || voices.find((voice) => voice.localService) || voices[0] || null;
  }

  // Voices may arrive a moment after the page loads.
  function voicesLoaded() {
    if (synth.getVoices().length) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        synth.removeEventListener("voiceschanged", done);
        resolve();
      };
      const timer = setTimeout(done, 2000);
      synth.addEventListener("voiceschanged", done);
    });
  }

  // Highlighting: the CSS Custom Highlight API, else a class on the sentence's block.
  const canHighlight = Boolean(window.CSS && CSS.highlights && window.Highlight);
  let marked = null;
  function unmark() {
    if (canHighlight) CSS.highlights.delete("read-aloud");
    marked?.classList.remove("read-aloud-current");
    marked = null;
  }
  function mark(sentence) {
    unmark();
    if (canHighlight) {
      CSS.highlights.set("read-aloud", new Highlight(sentence.range));
    } else {
      marked = sentence.block;
      marked.classList.add("read-aloud-current");
    }
    const box = sentence.range.getBoundingClientRect();
    if (box.height && (box.top < 0 || box.bottom > window.innerHeight)) {
      const smooth = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      const element = sentence.range.startContainer.parentElement;
      element.scrollIntoView({ block: "center", behavior: smooth ? "smooth" : "auto" });
    }
  }

  function say(name) {
    const message = document.querySelector(`template[data-tools-message="${name}"]`);
    status.replaceChildren(message ? message.content.cloneNode(true) : "");
  }

  let sentences = null;
  let index = 0;
  let state = "idle"; // idle, playing or paused
  let voice = null;
  let current = null; // the utterance being spoken; kept so that it is not collected before it ends

  function show() {
    const focused = document.activeElement;
    for (const label of toggle.querySelectorAll("[data-when]")) label.hidden = label.dataset.when !== state;
    previous.hidden = next.hidden = stopButton.hidden = state === "idle";
    previous.disabled = index === 0;
    next.disabled = !sentences || index >= sentences.length - 1;
    if (focused !== toggle && controls.contains(focused) && (focused.hidden || focused.disabled)) toggle.focus();
  }

  function silence() {
    current = null;
    synth.cancel();
  }

  function speak() {
    const sentence = sentences[index];
    mark(sentence);
    const utterance = new SpeechSynthesisUtterance(sentence.text);
    utterance.lang = speechLang;
    utterance.voice = voice;
    utterance.onend = () => {
      if (current !== utterance) return; // cancelled: something else is being read
      if (index < sentences.length - 1) {
        index += 1;
        speak();
        show();
      } else {
        stop();
      }
    };
    utterance.onerror = () => {
      if (current === utterance) stop();
    };
    current = utterance;
    if (synth.paused) synth.resume();
    synth.speak(utterance);
  }

  let starting = false;
  async function play() {
    sentences ||= sentencesOf([document.querySelector("main h1"), text].filter(Boolean));
    if (!sentences.length || starting) return;
    starting = true;
    await voicesLoaded();
    starting = false;
    voice = chooseVoice();
    if (!voice) {
      say("no-voice");
      return;
    }
    say(null);
    state = "playing";
    silence();
    speak();
    show();
  }

  function pause() {
    state = "paused";
    silence();
    show();
  }

  function resume() {
    state = "playing";
    speak();
    show();
  }

  function stop() {
    state = "idle";
    index = 0;
    silence();
    unmark();
    show();
  }

  function move(step) {
    index = Math.min(Math.max(index + step, 0), sentences.length - 1);
    if (state === "playing") {
      silence();
      speak();
    } else {
      mark(sentences[index]);
    }
    show();
  }

  toggle.addEventListener("click", () => {
    if (state === "idle") play();
    else if (state === "playing") pause();
    else resume();
  });
  previous.addEventListener("click", () => move(-1));
  next.addEventListener("click", () => move(1));
  stopButton.addEventListener("click", () => {
    stop();
    toggle.focus();
  });
  addEventListener("pagehide", () => {
    if (state !== "idle") stop();
  });

  toolbar.hidden = false;
  controls.hidden = false;
})();
