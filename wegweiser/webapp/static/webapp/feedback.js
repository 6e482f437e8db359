// "Was this helpful?": sends the reader's feedback to API v1. Offline, it waits in a queue on the device
// and is sent once the device is online again (on the "online" event or the next page load).
// When the server has had too much feedback from this connection (429), the feedback waits in the same
// queue, and nothing is sent before the time the server named (Retry-After) has passed.
(() => {
  "use strict";
  const QUEUE = "wegweiser:feedback-queue";
  const RETRY_AT = "wegweiser:feedback-retry-at";
  const MAX_QUEUED = 50;
  const DEFAULT_WAIT = 10 * 60; // seconds, when the server names no time
  const LONGEST_WAIT = 24 * 60 * 60;

  const queue = {
    read() {
      try {
        const items = JSON.parse(localStorage.getItem(QUEUE));
        return Array.isArray(items) ? items : [];
      } catch {
        return [];
      }
    },
    write(items) {
      try {
        if (items.length) localStorage.setItem(QUEUE, JSON.stringify(items.slice(-MAX_QUEUED)));
        else localStorage.removeItem(QUEUE);
      } catch { /* storage full or disabled: the feedback is lost, the page still works */ }
    },
  };

  // Until when the server takes no feedback from here (milliseconds since 1970; 0: it takes it now).
  const pause = {
    until() {
      try {
        const at = Number(localStorage.getItem(RETRY_AT));
        return Number.isFinite(at) && at > Date.now() ? at : 0;
      } catch {
        return 0;
      }
    },
    start(response) {
      const asked = Number.parseInt(response.headers.get("Retry-After"), 10);
      const seconds = Math.min(Number.isFinite(asked) && asked > 0 ? asked : DEFAULT_WAIT, LONGEST_WAIT);
      try {
        localStorage.setItem(RETRY_AT, String(Date.now() + seconds * 1000));
      } catch { /* storage disabled: the next page load may try once more, and wait again */ }
      setTimeout(flush, seconds * 1000 + 1000);
    },
  };

  // Sent: "sent"; refused by the server (it will never be taken): "refused"; no connection: "offline";
  // too much feedback from this connection for now: "limited".
  async function send(item) {
    let response;
    try {
      response = await fetch(item.endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(item.body),
        credentials: "omit",
      });
    } catch {
      return "offline";
    }
    if (response.ok) return "sent";
    if (response.status === 429) {
      pause.start(response);
      return "limited";
    }
    return response.status >= 500 ? "offline" : "refused";
  }

  // One page at a time sends the queue (Web Locks, where there are), each item once.
  let flushing = false;
  async function sendQueued() {
    for (let items = queue.read(); items.length; items = queue.read()) {
      const [first] = items;
      const result = await send(first);
      if (result === "offline" || result === "limited") break;
      queue.write(queue.read().filter((item) => item.id !== first.id));
    }
  }
  async function flush() {
    if (flushing || !navigator.onLine || pause.until() || !queue.read().length) return;
    flushing = true;
    try {
      if (navigator.locks) await navigator.locks.request(QUEUE, { ifAvailable: true }, (lock) => lock && sendQueued());
      else await sendQueued();
    } finally {
      flushing = false;
    }
  }

  addEventListener("online", flush);
  flush();

  const section = document.querySelector("[data-feedback]");
  if (!section) return;
  const form = section.querySelector("[data-feedback-form]");
  const status = section.querySelector("[data-feedback-status]");
  const say = (name) => {
    const message = document.querySelector(`template[data-feedback-message="${name}"]`);
    status.replaceChildren(message.content.cloneNode(true));
  };
  const done = (name) => {
    form.hidden = true;
    say(name);
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const rating = data.get("rating") || "";
    const comment = (data.get("comment") || "").trim();
    if (data.get("website")) { // only robots fill the hidden field: thank them, send nothing
      done("sent");
      return;
    }
    if (!rating && !comment) {
      say("empty");
      form.querySelector("input[name=rating]").focus();
      return;
    }
    const item = {
      id: `${Date.now()}-${Math.random().toString(36).slice(2)}`,
      endpoint: section.dataset.endpoint,
      body: { kind: section.dataset.kind, rating, comment, page_path: section.dataset.pagePath },
    };
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    let result = "offline";
    if (pause.until()) result = "limited";
    else if (navigator.onLine) result = await send(item);
    button.disabled = false;
    if (result === "offline" || result === "limited") {
      queue.write([...queue.read(), item]);
      done(result === "limited" ? "limited" : "queued");
    } else {
      done(result === "sent" ? "sent" : "failed");
    }
  });

  section.hidden = false;
})();
