// Guides saved for offline use: the panel on a guide's start page (offline_panel.html) saves, updates and
// removes them; on every page of a saved guide the copy is brought up to date quietly; offline, the search
// page searches the saved copy. sw.js answers from the caches written here. Texts come from the page.
(() => {
  "use strict";
  const body = document.body;
  if (!body.dataset.region) return;
  const guide = `${body.dataset.region}/${body.dataset.language}`;
  const lang = document.documentElement.lang;
  const manifestUrl = new URL(`/${guide}/offline.json`, location.href).href;
  // All saved guides together may use this much (SI units, as the sizes are shown).
  const LIMIT = 50e6;
  const CONCURRENCY = 4;
  // How often a saved guide asks whether it changed, at most.
  const CHECK_EVERY = 10 * 60e3;
  const RECORDS = "wegweiser:offline";
  const STASH = `wegweiser:offline-messages:${body.dataset.language}`;
  const cacheName = (key) => `wegweiser-guide:${key}`;
  const supported = "caches" in window && "serviceWorker" in navigator;

  // What is saved, by guide: { version, etag, size, saved, checked }. The pages themselves are in Cache Storage.
  const records = {
    all() { try { return JSON.parse(localStorage.getItem(RECORDS)) || {}; } catch { return {}; } },
    get(key) { return this.all()[key] || null; },
    set(key, value) {
      const all = this.all();
      if (value) all[key] = value; else delete all[key];
      try { localStorage.setItem(RECORDS, JSON.stringify(all)); } catch { /* private mode: saved, not recorded */ }
    },
  };

  async function fetchManifest(etag) {
    const response = await fetch(manifestUrl, { cache: "no-store", headers: etag ? { "If-None-Match": etag } : {} });
    if (response.status === 304) return null;
    if (!response.ok) throw new Error(`offline.json: ${response.status}`);
    return { manifest: await response.json(), etag: response.headers.get("ETag") };
  }

  // Fetch entries into the cache, a few at a time; each is tried twice.
  async function download(cache, entries, progress) {
    let next = 0;
    let done = 0;
    const fetchOne = async (entry) => {
      for (let attempt = 0; ; attempt += 1) {
        try {
          const response = await fetch(entry.url, { cache: "no-cache", credentials: "same-origin" });
          if (!response.ok) throw new Error(`${entry.url}: ${response.status}`);
          return await cache.put(new URL(entry.url, location.href).href, response);
        } catch (problem) {
          if (attempt) throw problem;
        }
      }
    };
    const worker = async () => {
      while (next < entries.length) {
        await fetchOne(entries[next++]);
        progress(++done, entries.length);
      }
    };
    progress(0, entries.length);
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  }

  // Save a guide, or bring a saved one up to date: only entries whose version changed are fetched,
  // entries no longer listed are deleted. The manifest is kept too: offline search reads it.
  async function bringUpToDate(fetched, progress) {
    const { manifest, etag } = fetched;
    const href = (entry) => new URL(entry.url, location.href).href;
    const cache = await caches.open(cacheName(guide));
    const old = await cache.match(manifestUrl).then((r) => (r ? r.json() : null)).catch(() => null);
    const known = new Map((old ? old.entries : []).map((entry) => [href(entry), entry.version]));
    await download(cache, manifest.entries.filter((entry) => known.get(href(entry)) !== entry.version), progress);
    const wanted = new Set([manifestUrl, ...manifest.entries.map(href)]);
    for (const request of await cache.keys()) {
      if (!wanted.has(request.url)) await cache.delete(request);
    }
    const headers = { "Content-Type": "application/json", ETag: etag || "" };
    await cache.put(manifestUrl, new Response(JSON.stringify(manifest), { headers }));
    const now = Date.now();
    records.set(guide, { version: manifest.version, etag, size: manifest.size, saved: now, checked: now });
  }

  // Quietly, on any page of a saved guide while online.
  async function checkForUpdate(force, progress = () => {}) {
    const record = records.get(guide);
    if (!record || !navigator.onLine || (!force && Date.now() - record.checked < CHECK_EVERY)) return false;
    if (!(await caches.has(cacheName(guide)))) { // the browser cleared it
      records.set(guide, null);
      return false;
    }
    const fetched = await fetchManifest(record.etag);
    if (fetched) await bringUpToDate(fetched, progress);
    else records.set(guide, { ...record, checked: Date.now() });
    return true;
  }

  async function remove() {
    await caches.delete(cacheName(guide));
    records.set(guide, null);
    // Pages of this guide kept from visits go too; the start page stays for the notice offline (sw.js).
    for (const name of await caches.keys()) {
      if (!name.startsWith("wegweiser-pages-")) continue;
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        if (new URL(request.url).pathname.startsWith(`/${guide}/`)) await cache.delete(request);
      }
    }
  }

  // Formatting in the page's language.
  const formatSize = (bytes) => {
    const [value, unit] = bytes < 1e6 ? [bytes / 1e3, "kilobyte"] : [bytes / 1e6, "megabyte"];
    return new Intl.NumberFormat(lang, { style: "unit", unit, maximumFractionDigits: 1 }).format(value);
  };
  const formatDate = (time) => new Intl.DateTimeFormat(lang, { dateStyle: "medium" }).format(new Date(time));

  // The panel on the start page.
  const panel = document.querySelector("[data-offline-panel]");
  if (panel) {
    const template = panel.querySelector("template[data-offline-messages]");
    const messages = new Map(
      [...template.content.querySelectorAll("[data-message]")].map((p) => [p.dataset.message, p.textContent.trim()]),
    );
    try { localStorage.setItem(STASH, JSON.stringify({ "search-unsaved": messages.get("search-unsaved") })); } catch { /* */ }
    const text = (name, values = {}) => messages.get(name).replace(/\{(\w+)\}/g, (match, key) => values[key] ?? match);
    const status = panel.querySelector("[data-offline-status]");
    const bar = panel.querySelector("[data-offline-progress]");
    const wrappers = {};
    const buttons = {};
    for (const name of ["save", "update", "remove"]) {
      wrappers[name] = panel.querySelector(`[data-offline-${name}]`);
      buttons[name] = wrappers[name].querySelector("button");
    }
    const say = (name, values) => { status.textContent = text(name, values); };
    const show = (...names) => {
      for (const [name, wrapper] of Object.entries(wrappers)) wrapper.hidden = !names.includes(name);
    };
    const busy = (on) => {
      for (const button of Object.values(buttons)) button.disabled = on;
      bar.hidden = !on;
      panel.setAttribute("aria-busy", String(on));
    };
    const progress = (done, total) => {
      bar.max = Math.max(total, 1);
      bar.value = done;
      say("progress", { done: done.toLocaleString(lang), total: total.toLocaleString(lang) });
    };
    let offered = null; // the manifest whose size is shown

    const showSaved = () => {
      const record = records.get(guide);
      say("saved", { size: formatSize(record.size), date: formatDate(record.saved) });
      show("update", "remove");
    };
    const offer = async () => {
      show();
      if (!navigator.onLine) { say("offline"); return; }
      say("checking");
      try {
        offered = await fetchManifest();
        say("size", { size: formatSize(offered.manifest.size) });
        show("save");
      } catch {
        say("failed");
      }
    };

    buttons.save.addEventListener("click", async () => {
      if (!navigator.onLine) { say("offline"); return; }
      busy(true);
      try {
        offered = offered || (await fetchManifest());
        const size = offered.manifest.size;
        const others = Object.entries(records.all()).reduce((sum, [key, r]) => sum + (key === guide ? 0 : r.size), 0);
        const estimate = await navigator.storage?.estimate?.().catch(() => null);
        if (others + size > LIMIT) {
          say("too-big", { limit: formatSize(LIMIT) });
        } else if (estimate && estimate.quota - estimate.usage < size) {
          say("no-room");
        } else {
          navigator.storage?.persist?.().catch(() => {}); // asks the browser not to clear it when space runs low
          await bringUpToDate(offered, progress);
          showSaved();
        }
      } catch {
        await caches.delete(cacheName(guide));
        records.set(guide, null);
        say("failed");
      } finally {
        busy(false);
      }
    });
    buttons.update.addEventListener("click", async () => {
      busy(true);
      say("updating");
      try {
        if (!navigator.onLine) say("offline");
        else if (await checkForUpdate(true, progress)) showSaved();
        else await offer();
      } catch {
        say("failed");
      } finally {
        busy(false);
      }
    });
    buttons.remove.addEventListener("click", async () => {
      busy(true);
      try { await remove(); } finally { busy(false); }
      offered = null;
      await offer();
      status.textContent = `${text("removed")} ${status.textContent}`;
    });

    (async () => {
      if (!supported) { say("unsupported"); return; }
      // Offline, sw.js shows the start page instead of a page that is not saved; say so at the top.
      const missing = document.querySelector("[data-offline-missing]:not([hidden])");
      if (missing) document.querySelector("main").prepend(missing);
      if (records.get(guide) && (await caches.has(cacheName(guide)))) {
        showSaved();
        return;
      }
      records.set(guide, null);
      // The size is worked out on the server on demand: ask only when the reader comes to the panel.
      let looked = false;
      const seen = new IntersectionObserver((changes) => {
        if (changes.some((change) => change.isIntersecting)) { seen.disconnect(); looked = true; offer(); }
      }, { rootMargin: "200px" });
      seen.observe(panel);
      addEventListener("online", () => { if (looked && !offered && !records.get(guide)) offer(); });
    })();
  }

  if (supported) checkForUpdate(false).catch(() => { /* next time */ });

  // Searching the saved copy (saved-search.js), offline. Results look as on the server (search.html), texts come
  // from the manifest.
  const form = document.querySelector("[data-search-form]");
  const results = document.querySelector("[data-search-results]");
  if (!form || !results || !supported) return;
  const SNIPPET_WORDS = 30;
  const { wordsOf, find } = globalThis.wegweiserSavedSearch;

  // The stretch of the text with most matching words, those marked (as service.snippet does on the server).
  const snippet = (text, matched) => {
    const tokens = text.split(/\s+/).filter(Boolean);
    const hits = tokens.map((token) => wordsOf(token).some((word) => matched.has(word)));
    let start = 0;
    let best = -1;
    let count = 0;
    hits.forEach((hit, end) => {
      count += hit - (end >= SNIPPET_WORDS && hits[end - SNIPPET_WORDS] ? 1 : 0);
      if (end >= Math.min(SNIPPET_WORDS, tokens.length) - 1 && count > best) [best, start] = [count, Math.max(end - SNIPPET_WORDS + 1, 0)];
    });
    start = best > 0 ? Math.max(start - 3, 0) : 0;
    const paragraph = Object.assign(document.createElement("p"), { className: "search-snippet" });
    if (start) paragraph.append("… ");
    tokens.slice(start, start + SNIPPET_WORDS).forEach((token, number) => {
      if (number) paragraph.append(" ");
      paragraph.append(hits[start + number] ? Object.assign(document.createElement("mark"), { textContent: token }) : token);
    });
    if (start + SNIPPET_WORDS < tokens.length) paragraph.append(" …");
    return paragraph;
  };

  // An item shown in another language (not translated yet): marked so, with a note naming the language.
  const inLanguage = (element, language) => {
    if (language) Object.assign(element, { lang: language.tag, dir: language.dir });
    return element;
  };
  const fallbackNote = (messages, language) => {
    const note = Object.assign(document.createElement("p"), { className: "card-meta search-fallback" });
    const [before, after = ""] = messages.fallback.split("{language}");
    note.append(before, Object.assign(document.createElement("bdi"), { lang: language.tag, textContent: language.name }), after);
    return note;
  };

  const input = form.querySelector("input[name=q]");
  const searchSaved = async (query) => {
    const saved = await caches.match(manifestUrl);
    if (!saved) {
      let message = "";
      try { message = JSON.parse(localStorage.getItem(STASH))["search-unsaved"]; } catch { /* unknown */ }
      const notice = Object.assign(document.createElement("p"), { className: "notice", textContent: message });
      notice.setAttribute("role", "status");
      results.replaceChildren(...(message ? [notice] : []));
      return;
    }
    const manifest = await saved.json();
    const messages = manifest.messages;
    const { found, matched } = find(manifest, query, messages.results.length - 1);
    const count = Object.assign(document.createElement("p"), { textContent: messages.results[found.length] });
    count.setAttribute("role", "status");
    if (!found.length) {
      results.replaceChildren(count, Object.assign(document.createElement("p"), { className: "search-none", textContent: messages.none || "" }));
      return;
    }
    const list = Object.assign(document.createElement("ul"), { className: "cards search-results" });
    for (const { item } of found) {
      const language = item.language ? (messages.languages || {})[item.language] : null;
      const card = Object.assign(document.createElement("li"), { className: "card" });
      card.dataset.kind = item.kind || "";
      const kind = Object.assign(document.createElement("p"), { className: "card-label", textContent: (messages.kinds || {})[item.kind] || "" });
      const link = Object.assign(document.createElement("a"), { className: "card-title", href: item.path, textContent: item.title });
      card.append(kind, inLanguage(link, language));
      if (language) card.append(fallbackNote(messages, language));
      card.append(inLanguage(snippet(item.text ?? item.excerpt ?? "", matched), language));
      list.append(card);
    }
    results.replaceChildren(count, list);
  };

  form.addEventListener("submit", (event) => {
    if (navigator.onLine) return; // the server searches; sw.js shows the saved search page if that fails
    event.preventDefault();
    const query = input.value.trim();
    const url = new URL(location.href);
    url.searchParams.set("q", query);
    history.pushState(null, "", url);
    searchSaved(query);
  });
  // A search page from the cache shows another query's results, or none: search the saved copy.
  const asked = () => (new URLSearchParams(location.search).get("q") || "").trim().slice(0, 200);
  const query = asked();
  if (query && (input.defaultValue.trim() !== query || !navigator.onLine)) {
    input.value = query;
    searchSaved(query);
  }
  addEventListener("popstate", () => {
    if (navigator.onLine) return;
    input.value = asked();
    if (input.value) searchSaved(input.value); else results.replaceChildren();
  });
})();
