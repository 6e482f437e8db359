// News as notifications: the panel on a region's news page (push_panel.html) subscribes this device to the
// region's news in the page's language, or ends that. A browser has one push subscription; the server keeps it
// once per region and language (API v1, push-subscriptions/), and localStorage remembers which of these this
// device asked for. sw.js shows what arrives. Texts come from the page.
(() => {
  "use strict";
  const panel = document.querySelector("[data-push-panel]");
  if (!panel) return;
  const PAIRS = "wegweiser:push";
  // How long to wait for the service worker (app.js registers it) before giving up.
  const READY_TIMEOUT = 10e3;
  const { region, language, publicKey, subscribeUrl, renewalUrl } = panel.dataset;
  const pair = `${region}/${language}`;
  const template = panel.querySelector("template[data-push-messages]");
  const messages = new Map(
    [...template.content.querySelectorAll("[data-message]")].map((p) => [p.dataset.message, p.textContent.trim()]),
  );
  const status = panel.querySelector("[data-push-status]");
  const control = panel.querySelector("[data-push-control]");
  const button = control.querySelector("button");
  // A detail (the server's own message) follows the sentence.
  const say = (name, detail) => { status.textContent = [messages.get(name) || "", detail || ""].join(" ").trim(); };

  panel.hidden = false;
  if (!("serviceWorker" in navigator && "PushManager" in window && "Notification" in window)) {
    // Safari on iPhone and iPad offers push only to web apps added to the home screen.
    const apple = /iPhone|iPad|iPod/.test(navigator.userAgent) || (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
    say(apple ? "home-screen" : "unsupported");
    return;
  }

  // The region/language pairs this device subscribed to.
  const pairs = {
    all() {
      try {
        const list = JSON.parse(localStorage.getItem(PAIRS));
        return Array.isArray(list) ? list : [];
      } catch {
        return [];
      }
    },
    set(list) {
      try {
        if (list.length) localStorage.setItem(PAIRS, JSON.stringify(list));
        else localStorage.removeItem(PAIRS);
      } catch { /* private mode: subscribed, not remembered */ }
    },
  };

  const decode = (base64url) => {
    const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    return Uint8Array.from(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, "=")), (c) => c.charCodeAt(0));
  };
  const serverKey = decode(publicKey);
  const madeWithServerKey = (subscription) => {
    const key = subscription.options.applicationServerKey;
    const bytes = key ? new Uint8Array(key) : [];
    return bytes.length === serverKey.length && serverKey.every((byte, index) => byte === bytes[index]);
  };
  const endpointAndKeys = (subscription) => {
    const { endpoint, keys } = subscription.toJSON();
    return { endpoint, keys };
  };

  // What to say when something fails: a message's name and the server's explanation, if any.
  class Problem extends Error {
    constructor(name, detail = "") {
      super(name);
      this.detail = detail;
    }
  }

  async function send(url, method, body) {
    const response = await fetch(url, {
      method,
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
      credentials: "omit",
    });
    if (response.ok) return;
    if (response.status === 404) throw new Problem("unavailable");
    const answer = response.status < 500 ? await response.json().catch(() => ({})) : {};
    throw new Problem("failed", typeof answer.error === "string" ? answer.error : "");
  }

  const ready = () => Promise.race([
    navigator.serviceWorker.ready,
    new Promise((resolve, reject) => { setTimeout(reject, READY_TIMEOUT, new Problem("failed")); }),
  ]);

  // The device's subscription, made with the server's current key. One made with an older key (the server's
  // key changed) no longer receives anything: it is replaced, and the server moves what it knew under it.
  async function subscription(manager, create) {
    const found = await manager.getSubscription();
    if (found && madeWithServerKey(found)) return found;
    if (found) await found.unsubscribe();
    if (!create && !(found && pairs.all().length)) return null;
    const made = await manager.subscribe({ userVisibleOnly: true, applicationServerKey: serverKey });
    if (found) await send(renewalUrl, "POST", { old_endpoint: found.endpoint, ...endpointAndKeys(made) });
    return made;
  }

  let subscribed = false;
  const show = (on) => {
    subscribed = on;
    for (const label of button.querySelectorAll("[data-when]")) label.hidden = label.dataset.when !== (on ? "on" : "off");
    button.classList.toggle("secondary", on);
    control.hidden = false;
  };
  const busy = (on) => {
    button.disabled = on;
    panel.setAttribute("aria-busy", String(on));
  };

  async function turnOn() {
    const permission = await Notification.requestPermission();
    if (permission !== "granted") throw new Problem(permission === "denied" ? "denied" : "dismissed");
    const made = await subscription((await ready()).pushManager, true);
    await send(subscribeUrl, "POST", endpointAndKeys(made));
    pairs.set([...new Set([...pairs.all(), pair])]);
    show(true);
    say("on");
  }

  async function turnOff() {
    const found = await (await ready()).pushManager.getSubscription();
    if (found) await send(subscribeUrl, "DELETE", { endpoint: found.endpoint });
    pairs.set(pairs.all().filter((other) => other !== pair));
    if (found && !pairs.all().length) await found.unsubscribe();
    show(false);
    say("off");
  }

  button.addEventListener("click", async () => {
    busy(true);
    say("working");
    try {
      await (subscribed ? turnOff() : turnOn());
    } catch (problem) {
      say(problem instanceof Problem ? problem.message : "failed", problem.detail);
    } finally {
      busy(false);
    }
  });

  // As remembered, if the browser still has the subscription; without one nothing arrives for any pair.
  (async () => {
    let found = null;
    try {
      const registration = await navigator.serviceWorker.getRegistration();
      if (registration && Notification.permission === "granted") found = await subscription(registration.pushManager, false);
    } catch { /* shown as off */ }
    if (!found) pairs.set([]);
    show(Boolean(found) && pairs.all().includes(pair));
    if (subscribed) say("on");
    else if (Notification.permission === "denied") say("denied");
  })();
})();
