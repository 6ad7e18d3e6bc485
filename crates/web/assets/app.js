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

    const lab = document.querySelector(".lab");
    if (lab) designLab(lab);

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

  // The design lab: every edit is kept in local storage and, after a pause in typing, sent to
  // the server, whose analysis replaces the result panel. Only the latest answer is shown.
  function designLab(lab) {
    const editor = document.getElementById("design-editor");
    const result = document.getElementById("design-result");
    const status = document.getElementById("lab-status");
    const original = document.getElementById("lab-original").content.textContent;
    const key = lab.dataset.storageKey;
    const problem = lab.dataset.problem || "";
    let timer = 0, seq = 0;
    const say = (text) => { status.textContent = text; };
    const body = () => {
      const form = new URLSearchParams();
      form.set("text", editor.value);
      if (problem) form.set("problem", problem);
      return form;
    };
    const analyze = async () => {
      const mine = ++seq;
      result.classList.add("stale");
      try {
        const res = await fetch("/design/analyze", { method: "POST", body: body() });
        if (mine !== seq) return;
        if (!res.ok) { say("The server could not analyse the design (" + res.status + ")."); return; }
        result.innerHTML = await res.text();
        result.classList.remove("stale");
        say("");
      } catch (_) {
        if (mine === seq) say("The server is not answering; your text is kept in this browser.");
      }
    };
    const changed = () => {
      try { localStorage.setItem(key, editor.value); } catch (_) { say("This browser would not keep the text; download it to be safe."); }
      clearTimeout(timer);
      timer = setTimeout(analyze, 250);
    };
    const kept = localStorage.getItem(key);
    if (kept !== null && kept !== editor.value) {
      editor.value = kept;
      say("Restored your edits from this browser. Reset loads the original.");
      analyze();
    }
    editor.addEventListener("input", changed);
    editor.addEventListener("keydown", (e) => {
      // Tab indents (flow paths are indented) instead of leaving the editor.
      if (e.key !== "Tab" || e.shiftKey || e.ctrlKey || e.metaKey || e.altKey) return;
      e.preventDefault();
      editor.setRangeText("  ", editor.selectionStart, editor.selectionEnd, "end");
      changed();
    });
    document.getElementById("lab-problem").addEventListener("change", (e) => { e.target.form.submit(); });
    document.getElementById("lab-format").addEventListener("click", async () => {
      try {
        const res = await fetch("/design/format", { method: "POST", body: body() });
        if (!res.ok) { say("Formatting failed (" + res.status + ")."); return; }
        const text = await res.text();
        if (text === editor.value) { say("Already formatted, or a line does not read yet: see the diagnostics."); return; }
        editor.value = text;
        changed();
        say("Formatted.");
      } catch (_) { say("The server is not answering."); }
    });
    document.getElementById("lab-download").addEventListener("click", () => {
      const blob = new Blob([editor.value], { type: "text/plain" });
      const a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = (problem || "design") + ".sd";
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    });
    document.getElementById("lab-open").addEventListener("change", (e) => {
      const file = e.target.files[0];
      if (!file) return;
      const reader = new FileReader();
      reader.onload = () => { editor.value = String(reader.result); changed(); say("Opened " + file.name + "."); };
      reader.onerror = () => say("Could not read " + file.name + ".");
      reader.readAsText(file);
      e.target.value = "";
    });
    document.getElementById("lab-reset").addEventListener("click", () => {
      if (editor.value !== original && !confirm("Discard your edits and load the original design?")) return;
      editor.value = original;
      localStorage.removeItem(key);
      clearTimeout(timer);
      analyze();
      say("Loaded the original.");
    });
    simulatePanel(editor, problem);

    // A diagnostic or finding link selects its line in the editor.
    result.addEventListener("click", (e) => {
      const link = e.target.closest(".goto-line");
      if (!link) return;
      e.preventDefault();
      const lines = editor.value.split("\n");
      const line = Math.max(1, Math.min(lines.length, Number(link.dataset.line) || 1));
      let start = 0;
      for (let i = 0; i < line - 1; i++) start += lines[i].length + 1;
      editor.focus();
      editor.setSelectionRange(start, start + lines[line - 1].length);
      const lineHeight = editor.scrollHeight / lines.length;
      editor.scrollTop = Math.max(0, (line - 5) * lineHeight);
    });
  }

  // The simulate panel: posts the design and the scenario, shows the tables and charts that come
  // back. A run takes up to a few seconds, so the button says so while it waits.
  function simulatePanel(editor, problem) {
    const form = document.getElementById("sim-form");
    if (!form) return;
    const scenario = document.getElementById("sim-scenario");
    const result = document.getElementById("sim-result");
    const status = document.getElementById("sim-status");
    const run = document.getElementById("sim-run");
    const fields = () => {
      const body = new URLSearchParams(new FormData(form));
      body.set("text", editor.value);
      if (problem) body.set("problem", problem);
      return body;
    };
    // Load writes the picked preset for the design in the editor into the scenario box.
    document.getElementById("sim-default").addEventListener("click", async () => {
      try {
        const res = await fetch("/design/simulate/preset", { method: "POST", body: fields() });
        const text = await res.text();
        if (res.ok) {
          scenario.value = text;
          status.textContent = "";
        } else {
          status.textContent = "This preset does not fit the design: " + text + ".";
        }
      } catch (_) { status.textContent = "The server is not answering."; }
    });
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      run.disabled = true;
      status.textContent = "Simulating…";
      try {
        const res = await fetch("/design/simulate", { method: "POST", body: fields() });
        result.innerHTML = await res.text();
        status.textContent = res.ok ? "" : "The simulation failed (" + res.status + ").";
      } catch (_) {
        status.textContent = "The server is not answering.";
      } finally {
        run.disabled = false;
      }
    });
  }
})();
