// "Was this helpful?": sends the reader's feedback to API v1. Offline, it waits in a queue on the device
// and is sent once the device is online again (on the "online" event or the next page load).
(() => {
  "use strict";
  const QUEUE = "wegweiser:feedback-queue";
  const MAX_QUEUED = 50;

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

  // Sent: "sent"; refused by the server (it will never be taken): "refused"; no connection: "offline".
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
    return response.status >= 500 || response.status === 429 ? "offline" : "refused";
  }

  // One page at a time sends the queue (Web Locks, where there are), each item once.
  let flushing = false;
  async function sendQueued() {
    for (let items = queue.read(); items.length; items = queue.read()) {
      const [first] = items;
      if (await send(first) === "offline") break;
      queue.write(queue.read().filter((item) => item.id !== first.id));
    }
  }
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
    const result = navigator.onLine ? await send(item) : "offline";
    button.disabled = false;
    if (result === "offline") {
      queue.write([...queue.read(), item]);
      done("queued");
    } else {
      done(result === "sent" ? "sent" : "failed");
    }
  });

  section.hidden = false;
})();
