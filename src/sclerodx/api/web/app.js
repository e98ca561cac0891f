// sclerodx web page: a case form, a live assessment, the bundled examples. No build step, no network
// beyond this server. Decision support, not a diagnosis.
"use strict";

const $ = (id) => document.getElementById(id);
let vocab = null;
let caseData = {};
let timer = null;
let requestNo = 0;

function headers(extra) {
  const h = Object.assign({}, extra || {});
  const key = $("api-key").value.trim();
  if (key) h["Authorization"] = "Bearer " + key;
  return h;
}

async function getJSON(url) {
  const r = await fetch(url, { headers: headers() });
  if (!r.ok) throw new Error(url + ": HTTP " + r.status);
  return r.json();
}

function tri(name, value) {
  const s = document.createElement("select");
  s.name = name;
  for (const [v, t] of [["", "?"], ["true", "present"], ["false", "absent"]]) {
    const o = document.createElement("option");
    o.value = v; o.textContent = t; s.appendChild(o);
  }
  s.value = value === true ? "true" : value === false ? "false" : "";
  return s;
}
const triValue = (s) => (s.value === "" ? null : s.value === "true");

function buildExam() {
  const box = $("exam");
  box.textContent = "";
  for (const [region, signs] of Object.entries(vocab.region_signs)) {
    const div = document.createElement("div");
    div.className = "region"; div.dataset.region = region;
    const h = document.createElement("h4"); h.textContent = region; div.appendChild(h);
    for (const sign of signs) {
      const lab = document.createElement("label"); lab.className = "sign";
      lab.append(sign.replaceAll("_", " ") + " ", tri(sign, null));
      div.appendChild(lab);
    }
    box.appendChild(div);
  }
  const regions = $("mri-regions");
  regions.textContent = "Imaged: ";
  for (const r of vocab.imaged_regions) {
    const lab = document.createElement("label");
    const c = document.createElement("input"); c.type = "checkbox"; c.value = r;
    lab.append(c, " " + r.replaceAll("_", " ")); regions.appendChild(lab);
  }
}

function option(select, value, text) {
  const o = document.createElement("option"); o.value = value; o.textContent = text || value; select.appendChild(o);
}

function addEmgRow(m) {
  m = m || {};
  const tr = document.createElement("tr");
  const sel = document.createElement("select"); sel.name = "muscle";
  for (const mu of vocab.muscles) option(sel, mu.name, mu.name.replaceAll("_", " ") + " (" + mu.region + ")");
  if (m.muscle) sel.value = m.muscle;
  const cells = [sel, tri("fibrillations_psw", m.fibrillations_psw), tri("fasciculation_potentials", m.fasciculation_potentials),
    tri("chronic_neurogenic", m.chronic_neurogenic)];
  const del = document.createElement("button"); del.type = "button"; del.textContent = "×";
  del.onclick = () => { tr.remove(); changed(); };
  for (const c of [...cells, del]) { const td = document.createElement("td"); td.appendChild(c); tr.appendChild(td); }
  tr.dataset.extra = JSON.stringify(m);
  $("emg").tBodies[0].appendChild(tr);
}

function addLesionRow(l) {
  l = l || {};
  const tr = document.createElement("tr");
  const sel = document.createElement("select"); sel.name = "location";
  for (const loc of vocab.lesion_locations) option(sel, loc, loc.replaceAll("_", " "));
  if (l.location) sel.value = l.location;
  const del = document.createElement("button"); del.type = "button"; del.textContent = "×";
  del.onclick = () => { tr.remove(); changed(); };
  for (const c of [sel, tri("enhancing", l.enhancing), del]) { const td = document.createElement("td"); td.appendChild(c); tr.appendChild(td); }
  tr.dataset.extra = JSON.stringify(l);
  $("lesions").tBodies[0].appendChild(tr);
}

function setNumber(id, v) { $(id).value = v === undefined || v === null ? "" : v; }
function num(id) { const v = $(id).value; return v === "" ? null : Number(v); }

// case -> form
function fillForm() {
  setNumber("age", caseData.age);
  $("sex").value = caseData.sex || "";
  const motor = (caseData.exam && caseData.exam.motor) || {};
  for (const div of $("exam").children) {
    const ex = motor[div.dataset.region] || {};
    for (const s of div.querySelectorAll("select")) s.value = ex[s.name] === true ? "true" : ex[s.name] === false ? "false" : "";
  }
  $("emg").tBodies[0].textContent = "";
  for (const m of caseData.emg || []) addEmgRow(m);
  const study = (caseData.mri || [])[0] || {};
  $("mri-date").value = study.date || "";
  for (const c of $("mri-regions").querySelectorAll("input")) c.checked = (study.regions_imaged || []).includes(c.value);
  $("lesions").tBodies[0].textContent = "";
  for (const l of study.lesions || []) addLesionRow(l);
  setNumber("serum-nfl", caseData.serum && caseData.serum.nfl && caseData.serum.nfl.unit === "pg/mL" ? caseData.serum.nfl.value : null);
  $("ocb").value = (caseData.csf && caseData.csf.ocb) || "";
  setNumber("igg", caseData.csf && caseData.csf.igg_index);
  setNumber("kflc", caseData.csf && caseData.csf.kflc_index);
}

function setOrDelete(obj, key, value) { if (value === null || value === "" || value === undefined) delete obj[key]; else obj[key] = value; }

// form -> case (fields the form does not show are kept)
function readForm() {
  const c = caseData;
  setOrDelete(c, "age", num("age"));
  setOrDelete(c, "sex", $("sex").value);
  const motor = {};
  for (const div of $("exam").children) {
    const ex = Object.assign({}, ((c.exam && c.exam.motor) || {})[div.dataset.region] || {});
    for (const s of div.querySelectorAll("select")) setOrDelete(ex, s.name, triValue(s));
    if (Object.keys(ex).length) motor[div.dataset.region] = ex;
  }
  c.exam = Object.assign({}, c.exam || {}, { motor });
  c.emg = [...$("emg").tBodies[0].rows].map((tr) => {
    const m = JSON.parse(tr.dataset.extra);
    for (const s of tr.querySelectorAll("select")) setOrDelete(m, s.name, s.name === "muscle" ? s.value : triValue(s));
    return m;
  });
  const lesions = [...$("lesions").tBodies[0].rows].map((tr) => {
    const l = JSON.parse(tr.dataset.extra);
    for (const s of tr.querySelectorAll("select")) setOrDelete(l, s.name, s.name === "location" ? s.value : triValue(s));
    return l;
  });
  const regions = [...$("mri-regions").querySelectorAll("input:checked")].map((i) => i.value);
  const rest = (c.mri || []).slice(1);
  if ($("mri-date").value && regions.length) {
    const first = Object.assign({}, (c.mri || [])[0] || {}, { date: $("mri-date").value, regions_imaged: regions, lesions });
    c.mri = [first, ...rest];
  } else c.mri = rest;
  const nfl = num("serum-nfl");
  if (nfl !== null) c.serum = Object.assign({}, c.serum || {}, { nfl: { value: nfl, unit: "pg/mL" } });
  else if (c.serum && c.serum.nfl && c.serum.nfl.unit === "pg/mL") delete c.serum.nfl;
  c.csf = Object.assign({}, c.csf || {});
  setOrDelete(c.csf, "ocb", $("ocb").value);
  setOrDelete(c.csf, "igg_index", num("igg"));
  setOrDelete(c.csf, "kflc_index", num("kflc"));
  for (const k of ["serum", "csf"]) if (c[k] && !Object.keys(c[k]).length) delete c[k];
  $("case-json").textContent = JSON.stringify(c, null, 2);
}

function changed() { clearTimeout(timer); timer = setTimeout(assessNow, 250); }

function el(tag, cls, text) { const e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; }

function renderVerdicts(criteria) {
  const box = $("verdicts"); box.textContent = "";
  for (const key of Object.keys(criteria)) {
    const r = criteria[key];
    if (!r || typeof r !== "object") continue;
    const div = el("div", "verdict " + r.status);
    div.dataset.criterion = key;
    div.appendChild(el("strong", "", r.name + ": "));
    div.appendChild(el("span", "label", r.label + (r.provisional ? " (provisional)" : "")));
    if (r.missing && r.missing.length) div.appendChild(el("div", "missing", "Missing: " + r.missing.join("; ")));
    box.appendChild(div);
  }
}

function differentialItems(d) {
  if (!d) return [];
  for (const value of Object.values(d)) {
    if (Array.isArray(value) && value.length && typeof value[0] === "object" && value[0] !== null &&
        typeof (value[0].probability ?? value[0].posterior) === "number") {
      return value.map((x) => ({ label: x.label || x.name || x.diagnosis, p: x.probability ?? x.posterior }));
    }
  }
  return [];
}

function renderDifferential(d) {
  const box = $("differential"); box.textContent = "";
  const items = differentialItems(d).sort((a, b) => b.p - a.p);
  if (!items.length) { box.appendChild(el("p", "hint", "No differential available.")); return; }
  for (const it of items) {
    const row = el("div", "bar"); row.appendChild(el("span", "label", it.label));
    const track = el("span", "track"); const fill = el("span", "fill");
    fill.style.width = (100 * it.p).toFixed(1) + "%"; fill.style.display = "block";
    track.appendChild(fill); row.appendChild(track);
    row.appendChild(el("span", "pct", (100 * it.p).toFixed(0) + "%"));
    box.appendChild(row);
  }
  const next = Object.entries(d).find(([k]) => k.startsWith("next"));
  const nbox = $("next-test"); nbox.textContent = "";
  const tests = next ? [].concat(next[1] || []) : [];
  if (!tests.length) nbox.appendChild(el("p", "hint", "—"));
  for (const t of tests) nbox.appendChild(el("p", "", typeof t === "string" ? t : (t.test || t.name || t.label || JSON.stringify(t)) + (t.reason ? " — " + t.reason : "")));
}

function renderBiomarkers(b) {
  const ul = $("biomarkers"); ul.textContent = "";
  for (const it of (b && b.items) || []) ul.appendChild(el("li", "", `${it.fluid} ${it.analyte} ${it.value}${it.unit ? " " + it.unit : ""}: ${it.interpretation}`));
}

async function assessNow() {
  readForm();
  const mine = ++requestNo;
  $("status").textContent = "Assessing…";
  const r = await fetch("/v1/assess", { method: "POST", headers: headers({ "Content-Type": "application/json" }), body: JSON.stringify(caseData) });
  const body = await r.json();
  if (mine !== requestNo) return;
  const problems = $("problems");
  if (!r.ok) {
    problems.hidden = false; problems.textContent = "";
    problems.appendChild(el("strong", "", body.title + ": "));
    for (const e of body.errors && body.errors.length ? body.errors : [{ field: "", detail: body.detail }]) problems.appendChild(el("div", "", (e.field ? e.field + ": " : "") + e.detail));
    $("status").textContent = "The case needs a correction.";
    return;
  }
  problems.hidden = true;
  const a = body.assessment;
  $("status").textContent = "Assessed" + (a.case_id ? " " + a.case_id : "") + ".";
  renderVerdicts(a.criteria);
  renderDifferential(a.differential);
  renderBiomarkers(a.biomarkers);
  $("result-disclaimer").textContent = body.disclaimer;
}

async function init() {
  vocab = await getJSON("/v1/vocabulary");
  buildExam();
  for (const ex of await getJSON("/v1/examples")) option($("example"), ex.name);
  $("example").onchange = async () => {
    if (!$("example").value) return;
    caseData = await getJSON("/v1/examples/" + encodeURIComponent($("example").value));
    fillForm(); assessNow();
  };
  $("clear").onclick = () => { caseData = {}; $("example").value = ""; fillForm(); assessNow(); };
  $("add-emg").onclick = () => { addEmgRow({ muscle: vocab.muscles[0].name }); changed(); };
  $("add-lesion").onclick = () => { addLesionRow({ location: vocab.lesion_locations[0] }); changed(); };
  $("form-panel").addEventListener("change", changed);
  $("form-panel").addEventListener("input", changed);
  readForm();
}

init().catch((e) => { $("status").textContent = "Could not start: " + e.message; });
