// Counting what newcomers read, without tracking (see the privacy note, privacy.html). An item's page says what
// to count (data-count, data-count-id; the region and language are on <body>); this page's view waits in a queue
// on the device with the reader's local date and nothing else, and the queue goes to the server in batches:
// at once when online, else when the device is online again (the "online" event, the next page, or when the
// page is hidden or left). So pages read offline are counted later. No cookies, nothing about the reader.
(() => {
  "use strict";
  const QUEUE = "wegweiser:views-queue";
  const ENDPOINT = "/api/v1/views/";
  // The oldest views are dropped beyond this: a device offline for weeks does not fill its storage.
  const MAX_QUEUED = 500;
  // The most the server takes in one request.
  const BATCH = 200;

  const queue = {
    read() {
      try {
        const views = JSON.parse(localStorage.getItem(QUEUE));
        return Array.isArray(views) ? views : [];
      } catch {
        return [];
      }
    },
    write(views) {
      try {
        if (views.length) localStorage.setItem(QUEUE, JSON.stringify(views.slice(-MAX_QUEUED)));
        else localStorage.removeItem(QUEUE);
      } catch { /* storage full or disabled: views are not counted, the page still works */ }
    },
    // Takes sent views out, each once, wherever they are now: another tab may have added some meanwhile.
    remove(sent) {
      const left = queue.read();
      for (const view of sent) {
        const text = JSON.stringify(view);
        const at = left.findIndex((other) => JSON.stringify(other) === text);
        if (at >= 0) left.splice(at, 1);
      }
      queue.write(left);
    },
  };

  // The reader's own date, YYYY-MM-DD: a page read at night counts for the day the reader lives in.
  function today() {
    const now = new Date();
    const two = (number) => String(number).padStart(2, "0");
    return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
  }

  function countThisPage() {
    const item = document.querySelector("[data-count][data-count-id]");
    const { region, language } = document.body.dataset;
    if (!item || !region || !language) return;
    const given = item.dataset.countId;
    const id = /^\d+$/.test(given) ? Number(given) : given; // pages, events, places by number; news as "local-1"
    queue.write([...queue.read(), { region, language, kind: item.dataset.count, id, day: today() }]);
  }

  // True when the batch is done with: counted (202), or refused for good (another 4xx: it would never be taken).
  // False to try again later: no connection, too many requests (429), or the server failing.
  async function post(views) {
    try {
      const response = await fetch(ENDPOINT, {
        method: "POST",
        keepalive: true,
        credentials: "omit",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ views }),
      });
      return response.ok || (response.status >= 400 && response.status < 500 && response.status !== 429);
    } catch {
      return false;
    }
  }

  // Batches on their way; each is taken out of the queue once (settle).
  const sending = new Set();
  // Whether the last batch this page sent failed: then the server or the connection is in trouble.
  let failing = false;
  function settle(batch) {
    if (batch.settled) return;
    batch.settled = true;
    queue.remove(batch.views);
  }

  async function sendQueued() {
    // Bounded: if the storage cannot be written, the same views would come back for ever.
    for (let round = 0; round < Math.ceil(MAX_QUEUED / BATCH); round += 1) {
      const views = queue.read().slice(0, BATCH);
      if (!views.length) return;
      const batch = { views, settled: false };
      sending.add(batch);
      const done = await post(views);
      sending.delete(batch);
      failing = !done;
      if (!done) return;
      settle(batch);
    }
  }

  // One tab at a time sends the queue (Web Locks, where there are), so that no view is sent twice.
  let flushing = false;
  async function flush() {
    if (flushing || !navigator.onLine || !queue.read().length) return;
    flushing = true;
    try {
      if (navigator.locks) await navigator.locks.request(QUEUE, { ifAvailable: true }, (lock) => lock && sendQueued());
      else await sendQueued();
    } finally {
      flushing = false;
    }
  }

  // Leaving the page: answers may no longer arrive here, but a request sent with keepalive reaches the server all
  // the same. So, while sending works, what is on its way counts as sent (sending it again from the next page would
  // count it twice), and what still waits goes now, in the same way. After a failure, all of it stays for later.
  function leave() {
    if (!navigator.onLine || failing) return;
    for (const batch of sending) settle(batch);
    if (flushing) return;
    const views = queue.read().slice(0, BATCH);
    if (!views.length) return;
    post(views);
    settle({ views, settled: false });
  }

  countThisPage();
  flush();
  addEventListener("online", flush);
  addEventListener("pagehide", leave);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") flush();
  });
})();
