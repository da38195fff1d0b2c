// The admin's enhancements; every form works without them.
// - the date field shows how its text reads, as it is typed (GET /admin/date-preview);
// - pickers fill their <datalist> with suggestions as the editor types (GET /admin/suggest/…);
// - "Add another" adds a blank row to a list of rows;
// - a running ingestion's page follows its progress and goes to the review queue when done;
// - the review queue's "select all".
(function () {
  "use strict";

  function debounce(fn, ms) {
    let timer = null;
    return function (...args) { clearTimeout(timer); timer = setTimeout(() => fn.apply(this, args), ms); };
  }

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((r) => (r.ok ? r.json() : Promise.reject(r.status)));
  }

  // Date preview
  const dateInput = document.querySelector("[data-date-preview]");
  const output = document.getElementById("date-preview");
  if (dateInput && output) {
    const show = debounce(() => {
      const text = dateInput.value.trim();
      if (!text) { output.textContent = ""; return; }
      const url = dateInput.dataset.datePreview + "?text=" + encodeURIComponent(text);
      getJSON(url).then((d) => {
        output.classList.toggle("bad", !d.ok);
        output.textContent = "";
        if (!d.ok) { output.textContent = d.error; return; }
        output.append("Reads as ");
        const strong = document.createElement("strong");
        strong.textContent = d.label;
        output.append(strong, `: ${d.start} to ${d.end}, precision ${d.precision}, EDTF `);
        const code = document.createElement("code");
        code.textContent = d.edtf;
        output.append(code);
      }).catch(() => {});
    }, 250);
    dateInput.addEventListener("input", show);
  }

  // Suggestions into <datalist>
  function wireSuggestions(input) {
    const list = document.getElementById(input.getAttribute("list"));
    if (!list || !list.dataset.suggest || input.dataset.wired) return;
    input.dataset.wired = "1";
    input.addEventListener("input", debounce(() => {
      const url = list.dataset.suggest + "?q=" + encodeURIComponent(input.value.trim());
      getJSON(url).then((items) => {
        list.replaceChildren(...items.map((item) => {
          const option = document.createElement("option");
          option.value = item.value;
          option.label = item.label;
          return option;
        }));
      }).catch(() => {});
    }, 200));
  }
  document.querySelectorAll("input[list]").forEach(wireSuggestions);

  // "Add another" row
  document.querySelectorAll("[data-add-row]").forEach((button) => {
    button.addEventListener("click", () => {
      const group = button.closest("[data-rows]");
      const rows = group.querySelectorAll(".link-row, .citation-row");
      const last = rows[rows.length - 1];
      const copy = last.cloneNode(true);
      copy.classList.remove("has-error");
      copy.removeAttribute("id");
      copy.querySelectorAll(".field-error").forEach((e) => e.remove());
      copy.querySelectorAll("input, textarea, select").forEach((field) => {
        field.removeAttribute("aria-invalid");
        field.removeAttribute("data-wired");
        if (field.type === "checkbox") { field.checked = false; field.value = String(rows.length); }
        else if (field.tagName === "SELECT") { field.selectedIndex = field.name.endsWith("_role") ? field.selectedIndex : 0; }
        else { field.value = ""; }
      });
      copy.querySelectorAll("input[type=checkbox][name=citation_remove]").forEach((b) => b.closest("label").remove());
      last.after(copy);
      copy.querySelectorAll("input[list]").forEach(wireSuggestions);
      const first = copy.querySelector("input, textarea, select");
      if (first) first.focus();
    });
  });

  // Ingestion progress
  const run = document.getElementById("run-progress");
  if (run && run.dataset.progress) {
    const stage = run.querySelector("[data-stage]");
    const poll = () => getJSON(run.dataset.progress).then((status) => {
      if (status.finished) {
        if (status.next && run.dataset.follow) { window.location.assign(status.next); }
        else { window.location.reload(); }
        return;
      }
      if (stage) stage.textContent = status.stage;
      setTimeout(poll, 1000);
    }).catch(() => setTimeout(poll, 3000));
    if (stage) setTimeout(poll, 500);
  }

  // Review queue: select all
  document.querySelectorAll("[data-select-all]").forEach((box) => {
    box.addEventListener("change", () => {
      document.querySelectorAll(`input[type=checkbox][name="${box.dataset.selectAll}"]`)
        .forEach((b) => { b.checked = box.checked; });
    });
  });
})();
