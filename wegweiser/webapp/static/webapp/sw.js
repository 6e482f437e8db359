// The service worker. offline.py writes VERSION, SHELL (the app shell's URLs) and STATIC_URL in front of this file.
//
// Caches: the app shell, pages the reader opened (bounded), the start page of each guide visited (for the
// offline notice), all versioned and replaced with a new worker; and the guides saved for offline use
// ("wegweiser-guide:<region>/<language>", written by offline.js), which stay until the reader removes them.
/* global VERSION, SHELL, STATIC_URL */
"use strict";

const SHELL_CACHE = `wegweiser-shell-${VERSION}`;
const PAGES_CACHE = `wegweiser-pages-${VERSION}`;
const HOMES_CACHE = `wegweiser-homes-${VERSION}`;
const GUIDE_PREFIX = "wegweiser-guide:";
const OWN = [SHELL_CACHE, PAGES_CACHE, HOMES_CACHE];
const MAX_PAGES = 60;
const MAX_HOMES = 10;
// How long a page may take before a saved copy is shown instead.
const NETWORK_TIMEOUT = 3000;
// Paths that are not the reader's pages: the editor, the APIs, files.
const NOT_PAGES = /^\/(admin|api|documents|media|static|django-admin)\/|\/wp-json\//;
const GUIDE = /^\/([-a-z0-9]+)\/([a-z]{2,3}(?:-[a-z]{2,4})?)\//;
// Django's ManifestStaticFilesStorage puts 12 hex digits of the content's hash in a file's name.
const HASHED = /\.[0-9a-f]{12}\.[a-z0-9]+$/;
const ANY = { ignoreVary: true };

self.addEventListener("install", (event) => {
  const shell = caches.open(SHELL_CACHE).then((cache) => cache.addAll(SHELL));
  event.waitUntil(Promise.all([apiPastWorker(event), shell]).then(() => self.skipWaiting()));
});

// The APIs (feedback, counting what was read, push subscriptions) are never this worker's business: where the
// browser has static routing, their requests go straight to the network. Chromium otherwise loses most requests a
// page sends as it is left (keepalive, counting.js) on their way through a worker.
function apiPastWorker(event) {
  if (!event.addRoutes || typeof URLPattern === "undefined") return Promise.resolve();
  const api = { condition: { urlPattern: new URLPattern({ pathname: "/api/*" }) }, source: "network" };
  return event.addRoutes(api).catch(() => { /* without: the fetch handler lets them pass */ });
}

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("wegweiser-") && !name.startsWith(GUIDE_PREFIX) && !OWN.includes(name)) {
        await caches.delete(name);
      }
    }
    await self.clients.claim();
    // The pages open when this worker took over count as visited: the very first page is kept too.
    for (const client of await self.clients.matchAll({ type: "window" })) {
      const url = new URL(client.url);
      url.hash = "";
      if (url.origin !== location.origin || !url.pathname.endsWith("/") || NOT_PAGES.test(url.pathname)) continue;
      const response = await fetch(url.href).catch(() => null);
      if (response && response.ok) await keep(url, response);
    }
  })());
});

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== location.origin) return;
  if (request.mode === "navigate") {
    if (url.pathname.endsWith("/") && !NOT_PAGES.test(url.pathname)) event.respondWith(page(event, url));
  } else if (url.pathname.startsWith(STATIC_URL) && request.destination) {
    event.respondWith(staticFile(event, url));
  } else if (request.destination === "image") {
    event.respondWith(caches.match(request, ANY).then((cached) => cached || fetch(request)));
  }
  // Everything else, e.g. offline.js downloading a guide, goes to the network untouched.
});

// Pages: one the reader has opened comes from the cache at once and is refreshed in the background for
// the next visit; others from the network, or after a few seconds from the saved guide.
async function page(event, url) {
  const { request } = event;
  const network = fetch(request).then((response) => {
    if (response.ok && response.type === "basic") event.waitUntil(keep(url, response.clone()));
    return response;
  });
  const visited = await (await caches.open(PAGES_CACHE)).match(request, ANY);
  if (visited) {
    event.waitUntil(network.catch(() => null));
    return visited;
  }
  const saved = await savedCopy(url);
  if (!saved) {
    try {
      return await network;
    } catch {
      return (await offlinePage(url)) || Response.error();
    }
  }
  const timeout = new Promise((resolve) => { setTimeout(resolve, NETWORK_TIMEOUT, null); });
  const answer = await Promise.race([network.catch(() => null), timeout]);
  event.waitUntil(network.catch(() => null));
  return answer && answer.status < 500 ? answer : saved;
}

async function keep(url, response) {
  const pages = await caches.open(PAGES_CACHE);
  await pages.delete(url.href, ANY); // put again at the end: the oldest are dropped first
  await pages.put(url.href, response);
  const keys = await pages.keys();
  await Promise.all(keys.slice(0, Math.max(keys.length - MAX_PAGES, 0)).map((key) => pages.delete(key)));
  // Keep the guide's start page, for the notice shown offline when a page is not saved.
  const guide = url.pathname.match(GUIDE);
  if (!guide) return;
  const home = new URL(guide[0], url).href;
  const homes = await caches.open(HOMES_CACHE);
  if (url.pathname === guide[0] && !url.search) {
    await homes.put(home, await pages.match(url.href, ANY));
  } else if (!(await homes.match(home, ANY))) {
    const answer = await fetch(home).catch(() => null);
    if (answer && answer.ok) await homes.put(home, answer);
  }
  const homeKeys = await homes.keys();
  await Promise.all(homeKeys.slice(0, Math.max(homeKeys.length - MAX_HOMES, 0)).map((key) => homes.delete(key)));
}

// The page in a saved guide; a search or a filtered list as saved (offline.js searches the saved copy);
// one date of a recurring event as the event.
async function savedCopy(url) {
  const exact = await matchSaved(url.href);
  if (exact) return exact;
  if (url.search) {
    const plain = await matchSaved(url.origin + url.pathname);
    if (plain) return plain;
  }
  if (url.pathname.includes("$")) return matchSaved(url.origin + url.pathname.replace(/\$[^/]*\/$/, "/"));
  return undefined;
}

async function matchSaved(href) {
  for (const name of await caches.keys()) {
    if (name.startsWith(GUIDE_PREFIX)) {
      const found = await (await caches.open(name)).match(href, ANY);
      if (found) return found;
    }
  }
  return undefined;
}

// Offline and not saved: the guide's start page with the notice that says so (in the reader's language:
// the notice is part of the page, see offline_panel.html). Pages of other guides or the region list as saved.
async function offlinePage(url) {
  if (url.search) {
    const plain = await caches.match(url.origin + url.pathname, ANY);
    if (plain) return plain;
  }
  const guide = url.pathname.match(GUIDE);
  const home = guide ? new URL(guide[0], url).href : null;
  let response = home && ((await matchSaved(home)) || (await caches.match(home, ANY)));
  if (!response) {
    const keys = await (await caches.open(HOMES_CACHE)).keys();
    response = keys.length ? await caches.match(keys[keys.length - 1], ANY) : undefined;
  }
  if (!response) return undefined;
  const html = (await response.text()).replace("data-offline-missing hidden", "data-offline-missing");
  return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8" } });
}

// Static files: hashed names never change, so the cache answers; others are refreshed in the background.
async function staticFile(event, url) {
  const { request } = event;
  const cached = await caches.match(request, ANY);
  if (cached && HASHED.test(url.pathname)) return cached;
  const network = fetch(request).then(async (response) => {
    if (response.ok) await (await caches.open(SHELL_CACHE)).put(request, response.clone());
    return response;
  });
  if (!cached) return network;
  event.waitUntil(network.catch(() => null));
  return cached;
}

// News as notifications (push.js subscribes). The server sends a news item as JSON: title, body, url, lang,
// dir, tag and icon. A browser requires a notification for every push, so one that cannot be read is shown
// as a plain notice that leads to the start page.
self.addEventListener("push", (event) => {
  event.waitUntil(showNews(event.data));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(openNews(event.notification));
});

self.addEventListener("pushsubscriptionchange", (event) => {
  event.waitUntil(renewSubscription(event));
});

function showNews(data) {
  let news = {};
  try {
    news = (data && data.json()) || {};
  } catch { /* not JSON */ }
  const text = (value) => (typeof value === "string" ? value : "");
  const icon = text(news.icon) || `${STATIC_URL}webapp/icon.svg`;
  return self.registration.showNotification(text(news.title) || "Wegweiser", {
    body: text(news.body),
    icon,
    badge: icon,
    lang: text(news.lang),
    dir: ["ltr", "rtl"].includes(news.dir) ? news.dir : "auto",
    tag: text(news.tag),
    data: { url: ownPath(news.url) },
  });
}

// A path on this site; anything else (another site, javascript:…) becomes the start page.
function ownPath(value) {
  if (typeof value !== "string") return "/";
  try {
    const url = new URL(value, location.origin);
    if (url.origin === location.origin) return url.pathname + url.search + url.hash;
  } catch { /* not a URL */ }
  return "/";
}

// The news item in a window of the web app that is open already, else in a new one.
async function openNews(notification) {
  const url = new URL(ownPath(notification.data && notification.data.url), location.origin).href;
  const windows = await self.clients.matchAll({ type: "window" });
  const open = windows.find((client) => client.focused) || windows[0];
  if (open) {
    await open.focus().catch(() => { /* only while handling the tap */ });
    if (await open.navigate(url).then(() => true, () => false)) return;
  }
  await self.clients.openWindow(url);
}

// The push service replaced the subscription: subscribe again with the same server key, and let the server
// move every region and language from the old endpoint to the new one.
async function renewSubscription({ oldSubscription, newSubscription }) {
  if (!oldSubscription) return;
  const applicationServerKey = oldSubscription.options && oldSubscription.options.applicationServerKey;
  const renewed = newSubscription
    || (applicationServerKey && await self.registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey }));
  if (!renewed) return;
  const { endpoint, keys } = renewed.toJSON();
  await fetch("/api/v1/push-subscriptions/renewal/", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ old_endpoint: oldSubscription.endpoint, endpoint, keys }),
    credentials: "omit",
  });
}
