// The map picker of the place editor (wegweiser/places/panels.py): Leaflet (npm "leaflet", served from
// /static/vendor/leaflet/). Clicking the map or dragging the marker sets latitude and longitude; typing them
// moves the marker. The region's bounding box is drawn, and a point outside it gets a warning at once.
// Without tiles the map is blank but works all the same. "Find from address" asks the server's geocoder.
(() => {
  "use strict";

  const setUp = (box) => {
    const L = window.L;
    const form = box.closest("form");
    const latitude = form && form.querySelector('input[name="latitude"]');
    const longitude = form && form.querySelector('input[name="longitude"]');
    if (!L || !latitude || !longitude) return;
    const settings = JSON.parse(box.dataset.mapPicker);
    const texts = settings.texts;
    const container = box.querySelector("[data-map]");
    const warning = box.querySelector("[data-outside]");
    container.hidden = false;

    L.Icon.Default.imagePath = settings.leaflet_images;
    const map = L.map(container, { scrollWheelZoom: false });
    if (settings.tiles) L.tileLayer(settings.tiles, { maxZoom: 19, attribution: settings.attribution }).addTo(map);
    const area = settings.bounds ? L.latLngBounds(settings.bounds) : null;
    if (area) L.rectangle(area, { color: "#1f6f8b", weight: 2, fill: false, interactive: false }).addTo(map);
    const marker = L.marker([0, 0], { draggable: true, keyboard: true, title: texts.marker, alt: texts.marker });

    const point = () => {
      const lat = Number.parseFloat(latitude.value);
      const lon = Number.parseFloat(longitude.value);
      const valid = Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
      return valid ? L.latLng(lat, lon) : null;
    };
    const show = (centre) => {
      const here = point();
      if (here) {
        marker.setLatLng(here);
        if (!map.hasLayer(marker)) marker.addTo(map);
        if (centre) map.panTo(here);
      } else {
        marker.remove();
      }
      warning.hidden = !(here && area && !area.contains(here));
    };
    const set = (latlng) => {
      latitude.value = latlng.lat.toFixed(6);
      longitude.value = latlng.lng.toFixed(6);
      for (const input of [latitude, longitude]) input.dispatchEvent(new Event("change", { bubbles: true }));
      show(false);
    };

    map.on("click", (event) => set(event.latlng));
    marker.on("dragend", () => set(marker.getLatLng()));
    for (const input of [latitude, longitude]) input.addEventListener("input", () => show(true));

    const start = point();
    if (start) map.setView(start, 16);
    else if (area) map.fitBounds(area);
    else if (settings.centre) map.setView(settings.centre, 12);
    else map.setView([51.16, 10.45], 6); // Germany
    show(false);
    // The map may start in a hidden tab or collapsed panel: redraw when it gets its size.
    new ResizeObserver(() => map.invalidateSize()).observe(container);

    const find = box.querySelector("[data-geocode]");
    const status = box.querySelector("[data-geocode-status]");
    if (!find || !settings.geocode_url) return;
    find.addEventListener("click", async () => {
      const value = (name) => (form.querySelector(`[name="${name}"]`)?.value || "").trim();
      const query = [value("address"), `${value("postcode")} ${value("town")}`.trim()].filter(Boolean).join(", ");
      if (!query) {
        status.textContent = texts.noAddress;
        return;
      }
      status.textContent = texts.searching;
      find.disabled = true;
      const parameters = new URLSearchParams({ q: query });
      if (area) parameters.set("viewbox", [area.getWest(), area.getNorth(), area.getEast(), area.getSouth()].join(","));
      try {
        const response = await fetch(`${settings.geocode_url}?${parameters}`, { headers: { Accept: "application/json" } });
        const answer = await response.json();
        if (!response.ok) throw new Error(answer.error || texts.failed);
        set(L.latLng(answer.latitude, answer.longitude));
        map.setView([answer.latitude, answer.longitude], 17);
        status.textContent = texts.found.replace("%(label)s", answer.label);
      } catch (problem) {
        status.textContent = problem instanceof SyntaxError ? texts.failed : problem.message || texts.failed;
      } finally {
        find.disabled = false;
      }
    });
  };

  const start = () => document.querySelectorAll("[data-map-picker]").forEach(setUp);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();
})();
