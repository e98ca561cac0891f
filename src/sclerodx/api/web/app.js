// sclerodx web page: a form for a whole case, generated from the case's own JSON Schema
// (GET /v1/schema), so that every field a case can hold has a place; a live assessment;
// the bundled examples loaded into editable fields. No build step, no network beyond this
// server. Decision support, not a diagnosis.
"use strict";

const $ = (id) => document.getElementById(id);
const KEY_STORE = "sclerodx.apiKey";
let schema = null;
let vocab = null;
let root = null; // the rendered form: { el, get(), set(value) }
let timer = null;
let requestNo = 0;

// ---------------------------------------------------------------- clinical words

// Field names as a clinician reads them; anything not listed is spelled from its name.
const LABELS = {
  id: "Patient identifier", age: "Age (years)", sex: "Sex", bmi: "Body-mass index (kg/m²)",
  assessment_date: "Date of assessment", symptom_onset: "Symptom onset",
  course: "Course and progression", pattern: "Course", progression_onset: "Progression since",
  progressive_motor_impairment: "Progressive motor impairment (history or repeated examination)",
  episodes: "Episodes (attacks)", onset: "Onset", resolution: "Resolved on", system: "System",
  side: "Side", evidence: "Evidence", typical_demyelinating: "Typical demyelinating event",
  fever_or_infection: "With fever or infection", residual_deficit: "Residual deficit",
  history: "History", family_history_als: "Family history of ALS",
  family_history_spastic_paraplegia: "Family history of spastic paraplegia",
  cognitive_or_behavioural_impairment: "Cognitive or behavioural impairment",
  area_postrema_syndrome: "Area postrema syndrome (hiccups, nausea, vomiting)",
  exam: "Examination", motor: "Motor examination by region", sensory_loss: "Objective sensory loss",
  sensory_level: "Spinal sensory level", optic_neuritis: "Optic neuritis (visual)",
  internuclear_ophthalmoplegia: "Internuclear ophthalmoplegia", cerebellar_ataxia: "Cerebellar ataxia",
  bladder_dysfunction: "Bladder dysfunction", finger_flexor_weakness: "Finger-flexor weakness",
  knee_extensor_weakness: "Knee-extensor weakness",
  hyperreflexia: "Hyperreflexia", babinski: "Babinski sign", hoffmann: "Hoffmann sign",
  crossed_adductor: "Crossed adductor reflex", spasticity: "Spasticity", clonus: "Clonus",
  jaw_jerk: "Brisk jaw jerk", snout_reflex: "Snout reflex", pseudobulbar_affect: "Pseudobulbar affect",
  abdominal_reflexes_lost: "Abdominal reflexes lost", weakness: "Weakness", atrophy: "Wasting",
  fasciculations: "Fasciculations",
  emg: "Needle EMG (one entry per muscle)", muscle: "Muscle",
  fibrillations_psw: "Fibrillations / positive sharp waves", fasciculation_potentials: "Fasciculation potentials",
  chronic_neurogenic: "Chronic neurogenic change", recruitment: "Recruitment", myopathic_units: "Myopathic motor units",
  provenance: "Source", nerve_conduction: "Nerve conduction", nerve: "Nerve", kind: "Study",
  conduction_block: "Conduction block", response: "Response amplitude",
  mri: "MRI studies", date: "Date", regions_imaged: "Regions imaged", gadolinium: "Gadolinium given",
  lesions: "Lesions", location: "Location", enhancing: "Enhancing", new: "New or enlarging",
  symptomatic: "Symptomatic", central_vein_sign: "Central vein sign", paramagnetic_rim: "Paramagnetic rim",
  size_mm: "Size (mm)", volume_ml: "Volume (mL)", length_segments: "Length (vertebral segments)",
  label: "Label", corticospinal_tract_hyperintensity: "Corticospinal tract hyperintensity",
  cord_compression: "Spondylotic cord compression",
  optic_nerve_tests: "Optic nerve tests (visual)", oct_inter_eye_prnfl_um: "OCT inter-eye pRNFL difference (µm)",
  oct_inter_eye_gcipl_um: "OCT inter-eye GCIPL difference (µm)", vep_delayed: "Visual evoked potentials delayed",
  csf: "Cerebrospinal fluid", ocb: "Oligoclonal bands", igg_index: "IgG index", kflc_index: "κ free light chain index",
  nfl: "Neurofilament light chain", pnfh: "Phosphorylated neurofilament heavy chain",
  white_cells_per_ul: "White cells (per µL)", protein: "Protein", value: "Value", unit: "Unit", assay: "Assay",
  serum: "Serum and antibodies", aqp4_igg: "AQP4-IgG", mog_igg: "MOG-IgG", anti_gm1_igm: "Anti-GM1 IgM",
  ck_u_per_l: "Creatine kinase (U/L)", result: "Result", titer: "Titre",
  genetics: "Genetics", ar_cag_repeats: "Androgen-receptor CAG repeats",
  hsp_panel_positive: "Spastic paraplegia gene panel positive", als_gene: "C9orf72 or SOD1 pathogenic variant",
  microrna: "Circulating microRNA (investigational)", name: "Name", fluid: "Fluid", fold_change: "Fold change",
  other_causes_excluded: "Other causes excluded by investigation", notes: "Notes",
};

// Coded values in words.
const WORDS = {
  relapsing_remitting: "relapsing-remitting", progressive_from_onset: "progressive from onset",
  secondary_progressive: "secondary progressive", monophasic: "monophasic (single episode)",
  optic_nerve: "optic nerve", brainstem: "brainstem", cerebellum: "cerebellum", spinal_cord: "spinal cord",
  cerebral_hemisphere: "cerebral hemisphere", objective: "objective (signs on examination)",
  historical: "historical (documented earlier)", reported: "reported by the patient",
  negative: "negative", csf_specific: "CSF-specific bands", csf_specific_and_identical: "CSF-specific plus identical bands",
  identical: "identical in CSF and serum", monoclonal: "monoclonal band",
  periventricular: "periventricular", cortical: "cortical", juxtacortical: "juxtacortical",
  infratentorial: "infratentorial", deep_white_matter: "deep white matter", cortical_juxtacortical: "cortical or juxtacortical",
  brain: "brain", cervical_cord: "cervical cord", thoracic_cord: "thoracic cord", optic_nerves: "optic nerves",
  cell_based: "cell-based assay", elisa: "ELISA", simoa: "Simoa", ella: "Ella",
};

// Yes/no questions rather than signs found present or absent.
const YES_NO = new Set(["other_causes_excluded", "gadolinium", "progressive_motor_impairment", "family_history_als",
  "family_history_spastic_paraplegia", "hsp_panel_positive", "als_gene", "vep_delayed", "fever_or_infection",
  "residual_deficit", "symptomatic", "new", "enhancing"]);

function words(value) { return WORDS[value] || String(value).replaceAll("_", " "); }
// Engine text with identifiers spelled as words (the web page's side of sclerodx.report.wording.plain_words).
const prose = (text) => String(text).replaceAll(">=", "≥").replaceAll("<=", "≤")
  .replace(/\b[a-z0-9]+(?:_[a-z0-9]+)+\b/g, words);
function labelFor(name, sch) {
  return LABELS[name] || (sch && sch.title) || name.replaceAll("_", " ").replace(/^./, (c) => c.toUpperCase());
}

// ---------------------------------------------------------------- small helpers

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function apiKey() { return sessionStorage.getItem(KEY_STORE) || ""; }

class HttpError extends Error {
  constructor(status, body) { super((body && (body.detail || body.title)) || "HTTP " + status); this.status = status; this.body = body; }
}

async function call(url, options) {
  const opts = Object.assign({}, options || {});
  opts.headers = Object.assign({}, opts.headers || {});
  if (apiKey()) opts.headers.Authorization = "Bearer " + apiKey();
  const r = await fetch(url, opts);
  let body = null;
  try { body = await r.json(); } catch (e) { body = null; }
  if (r.status === 401) {
    await askForKey(apiKey() ? "The key was not accepted; enter it again." : null);
    return call(url, options);
  }
  if (!r.ok) throw new HttpError(r.status, body);
  return body;
}

let keyWaiters = [];
function askForKey(message) {
  const panel = $("key-panel");
  if (message) $("key-message").textContent = message;
  panel.hidden = false;
  $("api-key").value = "";
  $("api-key").focus();
  return new Promise((resolve) => keyWaiters.push(resolve));
}

// ---------------------------------------------------------------- schema-driven form

function resolve(sch) {
  while (sch && sch.$ref) sch = schema.$defs[sch.$ref.split("/").pop()];
  if (sch && sch.anyOf) {
    const inner = sch.anyOf.filter((s) => s.type !== "null");
    if (inner.length === 1) return Object.assign({}, resolve(inner[0]), { nullable: true, description: sch.description || resolve(inner[0]).description });
  }
  return sch || {};
}

const isEmpty = (v) => v === undefined || v === null || v === "" || (typeof v === "object" && !Array.isArray(v) && !Object.keys(v).length);

function field(name, control, sch, full) {
  const wrap = el("div", "field" + (full ? " full" : ""));
  const lab = el("label", "", labelFor(name, sch));
  const id = "f-" + control.dataset.path.replace(/[^a-zA-Z0-9]+/g, "-");
  control.id = id; lab.htmlFor = id;
  if (sch.description) lab.title = sch.description;
  wrap.append(lab, control);
  return wrap;
}

function selectControl(path, options, blank) {
  const s = el("select"); s.dataset.path = path;
  if (blank !== null) s.appendChild(new Option(blank, ""));
  for (const [v, t] of options) s.appendChild(new Option(t, v));
  return s;
}

function scalar(name, sch, path) {
  let control;
  const finding = sch.type === "boolean" && sch.nullable;
  if (name === "muscle" && vocab) {
    control = selectControl(path, vocab.muscles.map((m) => [m.name, m.name.replaceAll("_", " ") + " (" + m.region + ")"]), "—");
  } else if (sch.type === "boolean") {
    const yes = finding && !YES_NO.has(name) ? [["true", "present"], ["false", "absent"]] : [["true", "yes"], ["false", "no"]];
    control = selectControl(path, yes, finding ? "not recorded" : null);
  } else if (sch.enum) {
    control = selectControl(path, sch.enum.map((v) => [v, words(v)]), "—");
  } else {
    control = el(name === "notes" ? "textarea" : "input"); control.dataset.path = path;
    if (sch.type === "number" || sch.type === "integer") {
      control.type = "number"; control.step = sch.type === "integer" ? "1" : "any"; control.inputMode = "decimal";
      for (const k of ["minimum", "maximum"]) if (sch[k] !== undefined) control[k.slice(0, 3)] = sch[k];
    } else if (sch.format === "date") control.type = "date";
    else if (name !== "notes") control.type = "text";
  }
  const get = () => {
    const v = control.value;
    if (v === "") return undefined;
    if (sch.type === "boolean") return v === "true";
    if (sch.type === "number" || sch.type === "integer") return Number(v);
    return v;
  };
  const set = (v) => {
    if (v === undefined || v === null) control.value = sch.type === "boolean" && !sch.nullable && sch.default !== undefined ? String(sch.default) : "";
    else control.value = String(v);
  };
  set(undefined);
  return { el: field(name, control, sch, name === "notes" || name === "muscle"), get, set };
}

function checkboxes(name, sch, path) {
  const items = resolve(sch.items);
  const box = el("fieldset", "checks"); box.dataset.path = path;
  box.appendChild(el("legend", "", labelFor(name, sch)));
  const inputs = items.enum.map((v) => {
    const lab = el("label"); const c = el("input"); c.type = "checkbox"; c.value = v;
    lab.append(c, " " + words(v)); box.appendChild(lab); return c;
  });
  return {
    el: box,
    get: () => { const v = inputs.filter((c) => c.checked).map((c) => c.value); return v.length ? v : undefined; },
    set: (v) => { for (const c of inputs) c.checked = (v || []).includes(c.value); },
  };
}

function list(name, sch, path) {
  const itemSchema = resolve(sch.items);
  const box = el("fieldset", "list"); box.dataset.path = path;
  box.appendChild(el("legend", "", labelFor(name, sch)));
  const items = el("div", "items"); box.appendChild(items);
  const add = el("button", "add", "Add " + singular(name));
  add.type = "button"; box.appendChild(add);
  let rows = [];
  const renumber = () => rows.forEach((r, i) => { r.head.textContent = singular(name).replace(/^./, (c) => c.toUpperCase()) + " " + (i + 1); });
  const addRow = (value) => {
    const i = rows.length;
    const node = object(null, itemSchema, path + "[" + i + "]", true);
    const card = el("div", "card");
    const head = el("div", "card-head"); const title = el("strong");
    const del = el("button", "remove", "Remove"); del.type = "button";
    head.append(title, del); card.append(head, node.el); items.appendChild(card);
    const row = { node, card, head: title };
    del.onclick = () => { card.remove(); rows = rows.filter((r) => r !== row); renumber(); changed(); };
    rows.push(row); node.set(value || defaults(itemSchema)); renumber();
  };
  add.onclick = () => { addRow(); changed(); };
  return {
    el: box,
    get: () => { const v = rows.map((r) => r.node.get() || {}); return v.length ? v : undefined; },
    set: (v) => { items.textContent = ""; rows = []; for (const x of v || []) addRow(x); },
  };
}

function singular(name) {
  return { episodes: "episode", emg: "muscle", nerve_conduction: "nerve", mri: "MRI study", lesions: "lesion",
    microrna: "microRNA" }[name] || name.replaceAll("_", " ");
}

function defaults(sch) {
  const out = {};
  for (const [k, p] of Object.entries(sch.properties || {})) {
    const r = resolve(p);
    if ((sch.required || []).includes(k) && r.enum) out[k] = r.enum[0];
    if (k === "muscle" && vocab) out[k] = vocab.muscles[0].name;
  }
  return out;
}

function motorExam(sch, path) {
  const box = el("fieldset", "motor"); box.dataset.path = path;
  box.appendChild(el("legend", "", labelFor("motor", sch)));
  const regions = {};
  const regionSchema = resolve(sch.additionalProperties);
  for (const [region, signs] of Object.entries(vocab.region_signs)) {
    const sub = el("fieldset", "region"); sub.appendChild(el("legend", "", region.replace(/^./, (c) => c.toUpperCase())));
    const grid = el("div", "grid"); sub.appendChild(grid);
    regions[region] = {};
    for (const sign of signs) {
      const node = scalar(sign, resolve(regionSchema.properties[sign]), path + "." + region + "." + sign);
      regions[region][sign] = node; grid.appendChild(node.el);
    }
    box.appendChild(sub);
  }
  return {
    el: box,
    get: () => {
      const out = {};
      for (const [region, signs] of Object.entries(regions)) {
        const ex = {};
        for (const [sign, node] of Object.entries(signs)) { const v = node.get(); if (v !== undefined) ex[sign] = v; }
        if (Object.keys(ex).length) out[region] = ex;
      }
      return Object.keys(out).length ? out : undefined;
    },
    set: (v) => { for (const [region, signs] of Object.entries(regions)) for (const [sign, node] of Object.entries(signs)) node.set(((v || {})[region] || {})[sign]); },
  };
}

function object(name, sch, path, bare) {
  const props = sch.properties || {};
  const box = bare ? el("div", "object") : el("fieldset", "object");
  if (!bare) { box.appendChild(el("legend", "", labelFor(name, sch))); box.dataset.path = path; }
  const grid = el("div", "grid"); box.appendChild(grid);
  const children = {};
  for (const [key, raw] of Object.entries(props)) {
    const p = resolve(raw);
    const childPath = path ? path + "." + key : key;
    let node;
    if (p.const !== undefined) { node = { el: null, get: () => p.const, set: () => {} }; }
    else if (key === "motor" && p.additionalProperties) node = motorExam(p, childPath);
    else if (p.type === "array" && resolve(p.items).enum) node = checkboxes(key, p, childPath);
    else if (p.type === "array") node = list(key, p, childPath);
    else if (p.type === "object" || p.properties) node = object(key, p, childPath, false);
    else node = scalar(key, p, childPath);
    children[key] = node;
    if (node.el) (node.el.classList.contains("field") ? grid : box).appendChild(node.el);
  }
  return {
    el: box,
    get: () => {
      const out = {};
      let any = false;
      for (const [key, node] of Object.entries(children)) {
        const v = node.get();
        if (!isEmpty(v)) { out[key] = v; if (props[key].const === undefined) any = true; }
      }
      return any || bare ? out : undefined;
    },
    set: (v) => { for (const [key, node] of Object.entries(children)) node.set((v || {})[key]); },
  };
}

function buildForm() {
  const form = $("case-form");
  form.textContent = "";
  root = object("case", schema, "", true);
  // top-level scalars read as the patient block
  const patient = el("fieldset", "object"); patient.appendChild(el("legend", "", "Patient"));
  patient.appendChild(root.el.querySelector(".grid"));
  form.append(patient, ...root.el.childNodes);
}

// ---------------------------------------------------------------- results

function clearResults(message) {
  $("verdicts").textContent = ""; $("differential").textContent = ""; $("next-tests").textContent = "";
  $("biomarkers").textContent = ""; $("coexistence").hidden = true;
  $("not-excluded").textContent = ""; $("not-excluded-box").hidden = true;
  $("other-causes").textContent = ""; $("other-causes-box").hidden = true; $("coexisting").textContent = "";
  $("results").classList.add("stale");
  if (message) $("verdicts").appendChild(el("p", "hint", message));
}

function renderVerdicts(criteria) {
  const box = $("verdicts"); box.textContent = "";
  const keys = Object.keys(criteria).filter((k) => criteria[k] && typeof criteria[k] === "object" && criteria[k].status);
  keys.sort((a, b) => (criteria[a].relevance === "secondary") - (criteria[b].relevance === "secondary"));
  for (const key of keys) {
    const r = criteria[key];
    if (!r || typeof r !== "object") continue;
    const div = el("div", "verdict " + r.status);
    if (r.relevance === "secondary") div.classList.add("secondary");
    div.dataset.criterion = key;
    div.appendChild(el("strong", "", r.name + ": "));
    div.appendChild(el("span", "label", prose(r.label) + (r.provisional ? " (provisional)" : "")));
    div.appendChild(el("span", "status", " · " + { met: "met", not_met: "not met", indeterminate: "undetermined" }[r.status]));
    if (r.missing && r.missing.length) {
      const head = r.relevance === "secondary" ? "Would be needed (not advice for this case): " : "Still needed: ";
      div.appendChild(el("div", "missing", head + prose(r.missing.join(" "))));
    }
    box.appendChild(div);
  }
  const co = $("coexistence");
  co.hidden = !criteria.coexistence; co.textContent = criteria.coexistence || "";
}

const pct = (p) => (p >= 0.9995 ? ">99.9%" : p < 0.0005 ? "<0.1%" : p >= 0.995 || p < 0.005 ? (100 * p).toFixed(1) + "%" : (100 * p).toFixed(0) + "%");

function renderDifferential(d) {
  const box = $("differential"); box.textContent = "";
  for (const p of d.posteriors.slice(0, 6)) {
    const row = el("div", "bar"); row.appendChild(el("span", "label", p.label));
    const track = el("span", "track"); const fill = el("span", "fill");
    fill.style.width = (100 * p.probability).toFixed(1) + "%";
    const range = el("span", "range"); range.style.left = (100 * p.interval_low).toFixed(1) + "%";
    range.style.width = (100 * (p.interval_high - p.interval_low)).toFixed(1) + "%";
    track.append(range, fill); row.appendChild(track);
    row.appendChild(el("span", "pct", pct(p.probability) + " (" + (100 * p.interval_low).toFixed(0) + "–" + (100 * p.interval_high).toFixed(0) + "%)"));
    box.appendChild(row);
  }
  // a diagnosis defined by a test not yet done: "not excluded; do X"
  const ne = $("not-excluded"); ne.textContent = "";
  for (const n of d.not_excluded || []) {
    const test = d.next_tests.find((t) => t.test === n.test);
    ne.appendChild(el("li", "", n.reason + (test ? " Do: " + test.label + "." : "")));
  }
  $("not-excluded-box").hidden = !(d.not_excluded || []).length;
  // the named causes inside "other" (Differential.other_causes)
  const oc = $("other-causes"); oc.textContent = "";
  const causes = (d.other_causes || []).slice(0, 3);
  for (const c of causes) oc.appendChild(el("li", "", c.label + " " + pct(c.probability) + " (do " + c.test_label + ")"));
  $("other-causes-box").hidden = !causes.length;
  // MS and ALS together, outside the single-diagnosis probabilities
  const co = $("coexisting"); co.textContent = "";
  for (const c of d.coexistence || []) co.appendChild(el("p", "coexist", c.reason));
  const ol = $("next-tests"); ol.textContent = "";
  for (const t of d.next_tests.slice(0, 3)) {
    const li = el("li"); li.appendChild(el("strong", "", t.label));
    li.appendChild(el("div", "hint", "Changes the leading diagnosis with probability " + pct(t.probability_leader_changes) +
      "; expected information " + t.expected_information_gain_bits.toFixed(2) + " bits."));
    ol.appendChild(li);
  }
}

function renderBiomarkers(b) {
  const ul = $("biomarkers"); ul.textContent = "";
  for (const it of (b && b.items) || []) ul.appendChild(el("li", "", `${it.fluid} ${it.analyte} ${typeof it.value === "string" ? words(it.value) : it.value}${it.unit ? " " + it.unit : ""}: ${prose(it.interpretation)}`));
}

function showProblems(body, status) {
  const problems = $("problems");
  problems.hidden = false; problems.textContent = "";
  for (const c of document.querySelectorAll(".invalid")) { c.classList.remove("invalid"); c.removeAttribute("aria-invalid"); }
  problems.appendChild(el("strong", "", (body && body.title) || "Error " + status));
  const errs = body && body.errors && body.errors.length ? body.errors : [{ field: "", detail: (body && body.detail) || "" }];
  for (const e of errs) {
    const line = el("div", "", (e.field ? labelPath(e.field) + ": " : "") + e.detail);
    problems.appendChild(line);
    const control = e.field && document.querySelector(`[data-path="${CSS.escape(e.field)}"]`);
    if (control) { control.classList.add("invalid"); control.setAttribute("aria-invalid", "true"); }
  }
}

// "emg[0].muscle" -> "Needle EMG (one entry per muscle) 1 › Muscle"
function labelPath(path) {
  return path.split(".").map((part) => {
    const m = part.match(/^([a-z0-9_]+)(?:\[(\d+)\])?$/);
    if (!m) return part;
    return labelFor(m[1]) + (m[2] !== undefined ? " " + (Number(m[2]) + 1) : "");
  }).join(" › ");
}

// ---------------------------------------------------------------- assessment

function changed() { clearTimeout(timer); timer = setTimeout(assessNow, 300); }

async function assessNow() {
  const mine = ++requestNo;
  const caseData = root.get();
  $("status").textContent = "Assessing…";
  try {
    const body = await call("/v1/assess", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(caseData) });
    if (mine !== requestNo) return;
    $("problems").hidden = true;
    for (const c of document.querySelectorAll(".invalid")) { c.classList.remove("invalid"); c.removeAttribute("aria-invalid"); }
    const a = body.assessment;
    $("results").classList.remove("stale");
    $("status").textContent = "Assessed" + (a.case_id ? " " + a.case_id : "") + ".";
    renderVerdicts(a.criteria);
    renderDifferential(a.differential);
    renderBiomarkers(a.biomarkers);
    $("result-disclaimer").textContent = body.disclaimer;
  } catch (e) {
    if (mine !== requestNo) return;
    clearResults("No result: the case needs a correction (see above).");
    if (e instanceof HttpError) showProblems(e.body, e.status);
    else showProblems({ title: "Could not reach the server", detail: e.message }, 0);
    $("status").textContent = "The case needs a correction.";
  }
}

async function init() {
  $("key-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    sessionStorage.setItem(KEY_STORE, $("api-key").value.trim());
    $("key-panel").hidden = true;
    const waiting = keyWaiters; keyWaiters = [];
    for (const w of waiting) w();
  });
  const health = await fetch("/healthz").then((r) => r.json()).catch(() => ({}));
  if (health.auth && !apiKey()) await askForKey(null);
  [schema, vocab] = await Promise.all([call("/v1/schema"), call("/v1/vocabulary")]);
  buildForm();
  for (const ex of await call("/v1/examples")) $("example").appendChild(new Option(ex.name.replaceAll("-", " "), ex.name));
  $("example").onchange = async () => {
    if (!$("example").value) return;
    root.set(await call("/v1/examples/" + encodeURIComponent($("example").value)));
    assessNow();
  };
  $("clear").onclick = () => { $("example").value = ""; root.set({}); assessNow(); };
  $("case-form").addEventListener("change", changed);
  $("case-form").addEventListener("input", changed);
  $("status").textContent = "Enter findings or load an example.";
}

init().catch((e) => { $("status").textContent = "Could not start: " + e.message; });
