// The newcomer web app's core: remembering the chosen region and language, "near me",
// the offline indicator, the high-contrast theme and the service worker. Everything works without it.
(() => {
  "use strict";
  const CHOICE = "wegweiser:choice";
  const CONTRAST = "wegweiser:contrast";
  const body = document.body;
  const store = {
    get(key) { try { return JSON.parse(localStorage.getItem(key)); } catch { return null; } },
    set(key, value) { try { localStorage.setItem(key, JSON.stringify(value)); } catch { /* private mode */ } },
  };

  // Remember the region and language of every guide page; offer them again on the start page.
  if (body.dataset.region) {
    store.set(CHOICE, {
      region: body.dataset.region, regionName: body.dataset.regionName,
      language: body.dataset.language, languageName: body.dataset.languageName,
      home: `/${body.dataset.region}/${body.dataset.language}/`,
    });
  }
  const cont = document.querySelector("[data-continue]");
  const choice = store.get(CHOICE);
  const params = new URLSearchParams(location.search);
  if (cont && choice && !params.has("q") && !params.has("near") && !params.has("choose")) {
    if (params.get("source") === "app") { location.replace(choice.home); return; }
    const link = cont.querySelector("a");
    link.href = choice.home;
    link.textContent = `${choice.regionName} · ${choice.languageName}`;
    cont.hidden = false;
  }

  // "Near me": the server ranks the regions by distance to the position the browser gives.
  const nearMe = document.querySelector("[data-near-me]");
  if (nearMe && "geolocation" in navigator) {
    nearMe.hidden = false;
    nearMe.addEventListener("click", () => {
      nearMe.disabled = true;
      navigator.geolocation.getCurrentPosition(
        (position) => {
          const { latitude, longitude } = position.coords;
          location.href = `/?near=${latitude.toFixed(4)},${longitude.toFixed(4)}`;
        },
        () => {
          nearMe.disabled = false;
          document.querySelector("[data-near-me-error]").hidden = false;
        },
        { timeout: 15000, maximumAge: 600000 },
      );
    });
  }

  // Offline indicator.
  const indicator = document.getElementById("offline-indicator");
  const showState = () => { indicator.hidden = navigator.onLine; };
  addEventListener("online", showState);
  addEventListener("offline", showState);
  showState();

  // High contrast, remembered; the system's "more contrast" setting applies without it (reader.css).
  const toggle = document.querySelector("[data-contrast-toggle]");
  const applyContrast = (on) => {
    if (on) document.documentElement.dataset.contrast = "more";
    else delete document.documentElement.dataset.contrast;
    if (toggle) toggle.setAttribute("aria-pressed", String(on));
  };
  applyContrast(store.get(CONTRAST) === true);
  toggle?.addEventListener("click", () => {
    const on = toggle.getAttribute("aria-pressed") !== "true";
    store.set(CONTRAST, on);
    applyContrast(on);
  });

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js").catch(() => { /* works without: online only */ });
  }
})();
