// Sharing a page (the device's share sheet, else copying the link), its QR code drawn on the device,
// and printing. The buttons and messages are in tools.html; without JavaScript they stay hidden.
(() => {
  "use strict";
  const group = document.querySelector("[data-share-tools]");
  if (!group) return;
  const toolbar = group.closest("[data-tools]");
  const status = toolbar.querySelector("[data-tools-status]");
  const dialog = document.querySelector("[data-qr-dialog]");
  const qrButton = group.querySelector("[data-qr-open]");
  const address = () => location.href.split("#")[0];
  const title = () => (document.querySelector("main h1")?.textContent || document.title).trim();

  function say(name, url) {
    const message = document.querySelector(`template[data-tools-message="${name}"]`).content.cloneNode(true);
    const slot = message.querySelector("[data-url]");
    if (slot) slot.textContent = url;
    status.replaceChildren(message);
  }

  group.querySelector("[data-share]").addEventListener("click", async () => {
    const url = address();
    if (navigator.share) {
      try {
        await navigator.share({ title: title(), url });
        return;
      } catch (problem) {
        if (problem.name === "AbortError") return; // the reader closed the share sheet
      }
    }
    try {
      await navigator.clipboard.writeText(url);
      say("copied");
    } catch {
      say("copy-failed", url);
    }
  });

  // qrcode-generator is loaded only when a QR code is asked for.
  let library = null;
  function loadLibrary() {
    library ||= new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = qrButton.dataset.qrScript;
      script.onload = () => (window.qrcode ? resolve(window.qrcode) : reject(new Error("no qrcode")));
      script.onerror = () => {
        library = null;
        script.remove();
        reject(new Error("qrcode-generator did not load"));
      };
      document.head.append(script);
    });
    return library;
  }

  // The code as SVG: one square per dark module, in a single path, with a quiet zone of four modules.
  function drawCode(qrcode, text) {
    const qr = qrcode(0, "M");
    qr.addData(text);
    qr.make();
    const count = qr.getModuleCount();
    const size = count + 8;
    let d = "";
    for (let row = 0; row < count; row += 1) {
      for (let col = 0; col < count; col += 1) {
        if (qr.isDark(row, col)) d += `M${col + 4} ${row + 4}h1v1h-1z`;
      }
    }
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", `0 0 ${size} ${size}`);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-labelledby", dialog.getAttribute("aria-labelledby"));
    svg.setAttribute("shape-rendering", "crispEdges");
    const background = document.createElementNS(ns, "rect");
    background.setAttribute("width", size);
    background.setAttribute("height", size);
    background.setAttribute("fill", "#fff");
    const modules = document.createElementNS(ns, "path");
    modules.setAttribute("d", d);
    modules.setAttribute("fill", "#000");
    svg.append(background, modules);
    return svg;
  }

  qrButton.addEventListener("click", async () => {
    const url = address();
    try {
      const qrcode = await loadLibrary();
      dialog.querySelector("[data-qr-code]").replaceChildren(drawCode(qrcode, url));
    } catch {
      say("qr-failed");
      return;
    }
    dialog.querySelector("[data-qr-url]").textContent = url;
    dialog.showModal();
  });
  dialog.addEventListener("click", (event) => { // a click on the backdrop closes it
    const box = dialog.getBoundingClientRect();
    const inside = box.left <= event.clientX && event.clientX <= box.right
      && box.top <= event.clientY && event.clientY <= box.bottom;
    if (event.target === dialog && !inside) dialog.close();
  });

  group.querySelector("[data-print]").addEventListener("click", () => window.print());

  toolbar.hidden = false;
  group.hidden = false;
})();
