// The places map: Leaflet (npm "leaflet", served from /static/vendor/leaflet/), loaded only after the
// page is shown, so the list is readable at once and works without the map or its tiles.
(() => {
  "use strict";
  const container = document.querySelector("[data-map]");
  if (!container) return;
  const settings = JSON.parse(document.getElementById("map-settings").textContent);
  const places = JSON.parse(document.getElementById("map-places").textContent);
  if (!places.length) return;

  const load = (tag, attributes) => new Promise((resolve, reject) => {
    const element = Object.assign(document.createElement(tag), attributes);
    element.onload = resolve;
    element.onerror = reject;
    document.head.append(element);
  });

  const show = async () => {
    await Promise.all([
      load("link", { rel: "stylesheet", href: settings.leaflet_css }),
      load("script", { src: settings.leaflet_js }),
    ]);
    container.hidden = false;
    const L = window.L;
    L.Icon.Default.imagePath = settings.leaflet_images;
    const map = L.map(container, { scrollWheelZoom: false });
    if (settings.tiles) {
      L.tileLayer(settings.tiles, { maxZoom: 19, attribution: settings.attribution }).addTo(map);
    }
    // Each place's marker: its category's icon (SVG from map-settings) on its category's colour.
    const markerIcon = (place) => {
      const svg = (settings.icons || {})[place.icon];
      if (!svg) return new L.Icon.Default();
      const badge = document.createElement("span");
      badge.className = "place-marker-badge";
      badge.style.backgroundColor = place.colour || "#1f6f8b"; // an invalid colour is ignored, never injected
      badge.innerHTML = svg; // our own Lucide SVG, rendered by the server
      return L.divIcon({ className: "place-marker", html: badge, iconSize: [32, 32], iconAnchor: [16, 16], popupAnchor: [0, -16] });
    };
    const markers = places.map((place) =>
      L.marker([place.lat, place.lon], { icon: markerIcon(place), title: place.title, alt: place.title, keyboard: true })
        .bindPopup(() => {
          const link = document.createElement("a");
          link.href = place.path;
          link.textContent = place.title;
          return link;
        }));
    const group = L.featureGroup(markers).addTo(map);
    const [[west, south], [east, north]] = settings.bounds;
    map.fitBounds(markers.length > 1 ? group.getBounds().pad(0.2) : [[south, west], [north, east]]);
    if (markers.length === 1) map.setView(markers[0].getLatLng(), 15);
  };

  const start = () => show().catch(() => { container.hidden = true; });
  if (document.readyState === "complete") start();
  else addEventListener("load", start, { once: true });
})();
