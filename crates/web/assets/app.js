// sdcoach: search as you type, keyboard shortcuts and the theme switch. No dependencies; every
// page works without it.
(function () {
  "use strict";
  const root = document.documentElement;
  const saved = localStorage.getItem("sdcoach-theme");
  if (saved) root.dataset.theme = saved;

  document.addEventListener("DOMContentLoaded", () => {
    const toggle = document.querySelector(".theme");
    if (toggle) {
      toggle.addEventListener("click", () => {
        const dark = root.dataset.theme === "dark" ||
          (!root.dataset.theme && matchMedia("(prefers-color-scheme: dark)").matches);
        root.dataset.theme = dark ? "light" : "dark";
        localStorage.setItem("sdcoach-theme", root.dataset.theme);
      });
    }
    const header = document.getElementById("q");
    const panel = document.getElementById("live-results");
    if (header && panel) liveSearch(header, panel, true);
    const pageInput = document.getElementById("page-q");
    const pageResults = document.getElementById("page-results");
    if (pageInput && pageResults) liveSearch(pageInput, pageResults, false);

    document.addEventListener("keydown", (e) => {
      const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
      if (e.key === "/" && !typing) {
        e.preventDefault();
        (pageInput || header).focus();
      }
    });
  });

  // Fetches result fragments as the user types; in the header the results open as a list
  // navigable with the arrow keys, on the search page they replace the results in place.
  function liveSearch(input, target, dropdown) {
    let timer = 0, seq = 0, selected = -1;
    const options = () => Array.from(target.querySelectorAll(".hit"));
    const close = () => {
      if (!dropdown) return;
      target.hidden = true;
      input.setAttribute("aria-expanded", "false");
      selected = -1;
    };
    const select = (i) => {
      const hits = options();
      if (!hits.length) return;
      selected = (i + hits.length) % hits.length;
      hits.forEach((h, k) => h.setAttribute("aria-selected", k === selected ? "true" : "false"));
      input.setAttribute("aria-activedescendant", hits[selected].id || "");
      hits[selected].scrollIntoView({ block: "nearest" });
    };
    const run = async () => {
      const q = input.value;
      const mine = ++seq;
      if (!q.trim()) { if (dropdown) close(); else target.innerHTML = ""; return; }
      const url = (dropdown ? "/search/results?q=" : "/search/results?mode=page&q=") + encodeURIComponent(q);
      try {
        const res = await fetch(url, { headers: { Accept: "text/html" } });
        if (!res.ok || mine !== seq) return;
        target.innerHTML = await res.text();
        if (dropdown) {
          target.hidden = false;
          input.setAttribute("aria-expanded", "true");
          selected = -1;
        } else {
          history.replaceState(null, "", "/search?q=" + encodeURIComponent(q));
        }
      } catch (_) { /* offline server: keep the last results */ }
    };
    input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, 120); });
    if (!dropdown) return;
    input.addEventListener("keydown", (e) => {
      if (target.hidden) return;
      if (e.key === "ArrowDown") { e.preventDefault(); select(selected + 1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); select(selected - 1); }
      else if (e.key === "Escape") { close(); }
      else if (e.key === "Enter" && selected >= 0) {
        e.preventDefault();
        const link = options()[selected].querySelector("a");
        if (link) location.href = link.href;
      }
    });
    document.addEventListener("click", (e) => { if (!input.form.contains(e.target)) close(); });
  }
})();
