// deck edit: forms from the kit's JSON Schema, a preview drawn by deck itself. Part of deck (MIT licence);
// no library. Every request carries the page's token; the server checks it, the origin and the files named.
"use strict";

const DeckForm = (() => {
  // The fields of a schema definition, in the model's order, each with the control that edits it.
  function fields(schema, defName, multiline) {
    const def = schema.$defs[defName] || { properties: {} };
    const required = new Set(def.required || []);
    const long = new Set((multiline || {})[defName] || []);
    const out = [];
    for (const [name, prop] of Object.entries(def.properties || {})) {
      const f = { name, required: required.has(name), description: prop.description || "" };
      const types = [].concat(prop.type || []);
      if (prop.$ref) {
        f.kind = "object";
        f.def = prop.$ref.split("/").pop();
      } else if (prop.enum) {
        f.kind = "choice";
        f.options = prop.enum;
      } else if (types.includes("boolean")) {
        f.kind = "bool";
      } else if (types.length === 1 && types[0] === "integer") {
        f.kind = "int";
      } else if (types.includes("array")) {
        f.kind = prop.items && prop.items.$ref ? "skip" : "lines";
      } else if (types.includes("object")) {
        f.kind = "skip";
      } else {
        f.kind = long.has(name) ? "paragraphs" : "line";
      }
      out.push(f);
    }
    return out;
  }

  // A form's value from its controls: {value, fields} (fields: the keys the form edits).
  function collect(container, list) {
    const value = {};
    for (const f of list) {
      if (f.kind === "skip") continue;
      const el = container.querySelector(`[data-field="${f.name}"]`);
      if (!el) continue;
      if (f.kind === "object") {
        const inner = collect(el, JSON.parse(el.dataset.fields));
        if (Object.keys(inner.value).length) value[f.name] = inner.value;
      } else if (f.kind === "bool") {
        if (el.checked || el.dataset.present === "1") value[f.name] = el.checked;
      } else if (f.kind === "int") {
        const t = el.value.trim();
        if (t !== "") value[f.name] = /^-?\d+$/.test(t) ? Number(t) : t;
      } else if (f.kind === "lines") {
        const items = el.value.split("\n").map((s) => s.trim()).filter((s) => s);
        if (items.length) value[f.name] = items;
      } else if (f.kind === "choice") {
        if (el.value) value[f.name] = el.value;
      } else if (el.value !== "") {
        value[f.name] = f.kind === "paragraphs" ? el.value.replace(/\s+$/, "") : el.value;
      }
    }
    return { value, fields: list.filter((f) => f.kind !== "skip").map((f) => f.name) };
  }

  return { fields, collect };
})();

(() => {
  const token = document.querySelector('meta[name="deck-token"]').content;
  const $ = (id) => document.getElementById(id);
  let schema = null;
  let current = null; // the card being edited: {deck, card, place, fields}
  let timer = null;
  let asked = 0; // previews asked; an older answer never overwrites a newer one

  async function api(path, body) {
    const opts = { headers: { "X-Deck-Token": token } };
    if (body !== undefined) {
      opts.method = "POST";
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    const r = await fetch(path, opts);
    const data = await r.json();
    if (!r.ok) throw new Error(data.error || r.statusText);
    return data;
  }

  function status(text) {
    $("status").textContent = text;
  }

  function showProblems(list) {
    const ul = $("problems");
    ul.replaceChildren();
    for (const p of list) {
      const li = document.createElement("li");
      li.textContent = p;
      li.className = / error: /.test(p) ? "error" : "warning";
      ul.append(li);
    }
    if (!list.length) {
      const li = document.createElement("li");
      li.textContent = "none";
      ul.append(li);
    }
  }

  function showImages(images, stale) {
    for (const side of ["front", "back"]) {
      const img = $(side);
      if (images && images[side]) img.src = images[side];
      img.classList.toggle("stale", !!stale);
    }
  }

  function control(f, value, id) {
    let el;
    if (f.kind === "paragraphs" || f.kind === "lines") {
      el = document.createElement("textarea");
      el.value = f.kind === "lines" ? (value || []).join("\n") : value == null ? "" : String(value);
      el.rows = f.kind === "lines" ? Math.max(2, (value || []).length + 1) : 4;
    } else if (f.kind === "choice") {
      el = document.createElement("select");
      for (const o of [""].concat(f.options)) {
        const opt = document.createElement("option");
        opt.value = o;
        opt.textContent = o || "—";
        el.append(opt);
      }
      el.value = value || "";
    } else if (f.kind === "bool") {
      el = document.createElement("input");
      el.type = "checkbox";
      el.checked = !!value;
      el.dataset.present = value === undefined ? "0" : "1";
    } else {
      el = document.createElement("input");
      el.type = f.kind === "int" ? "text" : "text";
      if (f.kind === "int") el.inputMode = "numeric";
      el.value = value == null ? "" : String(value);
    }
    el.id = id;
    el.dataset.field = f.name;
    if (f.required) el.setAttribute("aria-required", "true");
    return el;
  }

  function build(container, defName, value, prefix) {
    const list = DeckForm.fields(schema.schema, defName, schema.multiline);
    for (const f of list) {
      if (f.kind === "skip") continue;
      const id = `${prefix}${f.name}`;
      if (f.kind === "object") {
        const fs = document.createElement("fieldset");
        const legend = document.createElement("legend");
        legend.textContent = f.name;
        fs.append(legend);
        fs.dataset.field = f.name;
        fs.dataset.fields = JSON.stringify(DeckForm.fields(schema.schema, f.def, schema.multiline));
        build(fs, f.def, (value || {})[f.name] || {}, `${id}-`);
        container.append(fs);
        continue;
      }
      const div = document.createElement("div");
      div.className = "field";
      const label = document.createElement("label");
      label.htmlFor = id;
      label.textContent = f.name + (f.required ? " *" : "") + (f.kind === "lines" ? " (one per line)" : "");
      div.append(label);
      div.append(control(f, (value || {})[f.name], id));
      if (f.description) {
        const hint = document.createElement("div");
        hint.className = "hint";
        hint.id = `${id}-hint`;
        hint.textContent = f.description;
        div.querySelector("[data-field]").setAttribute("aria-describedby", hint.id);
        div.append(hint);
      }
      container.append(div);
    }
    return list;
  }

  function request() {
    const { value, fields } = DeckForm.collect($("card-form"), current.fields);
    const p = current.place;
    return { deck: current.deck, card: current.card, file: p.file, path: p.path, own: p.own, chain: p.chain, value, fields };
  }

  async function preview() {
    const mine = ++asked;
    status("checking…");
    showImages(null, true);
    try {
      const r = await api("/api/preview", request());
      if (mine !== asked) return;
      showProblems(r.problems);
      showImages(r.images, !r.ok);
      status(r.ok ? "checked: unsaved changes" : "not valid: see the problems");
      $("save").disabled = !r.ok || !current.place.editable;
    } catch (e) {
      if (mine === asked) status(e.message);
    }
  }

  async function save() {
    status("saving…");
    try {
      const r = await api("/api/save", request());
      showProblems(r.problems);
      if (r.saved) {
        status(`saved in ${r.saved}`);
        $("save").disabled = true;
        if (!current.place.own) current.place = await api(`/api/card?deck=${encodeURIComponent(current.deck)}&card=${encodeURIComponent(current.card)}`);
      } else {
        status("not saved: the kit would not be valid");
      }
    } catch (e) {
      status(`not saved: ${e.message}`);
    }
  }

  async function open(deck, card, button) {
    for (const b of document.querySelectorAll("nav button")) b.setAttribute("aria-current", String(b === button));
    status("loading…");
    const place = await api(`/api/card?deck=${encodeURIComponent(deck)}&card=${encodeURIComponent(card)}`);
    current = { deck, card, place };
    $("card-title").textContent = button.textContent;
    $("card-where").textContent = `${place.file} · ${place.def}` + (place.own ? "" : " · changes go to this kit's own file");
    const form = $("card-form");
    form.replaceChildren();
    current.fields = build(form, place.def, place.value, "f-");
    showProblems(place.problems);
    showImages(place.images, false);
    $("save").disabled = true;
    status(place.editable ? "" : "read only: start an overlay to change this kit");
  }

  async function load() {
    schema = await api("/api/schema");
    const info = await api("/api/info");
    $("kit-title").textContent = info.kit.title;
    $("kit-dir").textContent = info.kit.dir;
    document.title = `deck edit — ${info.kit.title}`;
    $("bundled").hidden = !info.kit.bundled;
    const nav = $("cards");
    nav.replaceChildren();
    for (const d of info.decks) {
      const h = document.createElement("h2");
      h.textContent = d.title;
      const ul = document.createElement("ul");
      for (const c of d.cards) {
        const li = document.createElement("li");
        const b = document.createElement("button");
        b.type = "button";
        b.textContent = c.title;
        b.dataset.deck = d.id;
        b.dataset.card = c.id;
        b.addEventListener("click", () => open(d.id, c.id, b).catch((e) => status(e.message)));
        li.append(b);
        ul.append(li);
      }
      nav.append(h, ul);
    }
    showProblems(info.problems);
  }

  $("card-form").addEventListener("input", () => {
    if (!current) return;
    $("save").disabled = true;
    clearTimeout(timer);
    timer = setTimeout(preview, 250);
  });
  $("card-form").addEventListener("submit", (e) => e.preventDefault());
  $("save").addEventListener("click", save);
  $("overlay-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      const r = await api("/api/overlay", { dir: $("overlay-dir").value });
      status(`opened the new kit ${r.opened}`);
      current = null;
      $("card-form").replaceChildren();
      await load();
    } catch (err) {
      status(`no overlay: ${err.message}`);
    }
  });
  window.DeckForm = DeckForm;
  load().catch((e) => status(e.message));
})();
