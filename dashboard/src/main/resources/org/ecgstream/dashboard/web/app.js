// ecg-stream dashboard: one EventSource per page; the server pushes a snapshot, then changes.
// Ward page: lead II sweep per bed. Bed page (?bed=ID): every lead of one bed.
'use strict';

const view = document.body.dataset.view;
const bedParam = new URLSearchParams(location.search).get('bed');
const state = { csrf: null, user: null, beds: new Map(), alarms: new Map(), labels: new Map(), models: new Map(),
  vitals: new Map(), vitalsStaleAfterMs: 10000 };
const traces = new Map(); // ward: bed -> Trace; bed page: lead -> Trace
const PRIORITY = { HIGH: 0, MEDIUM: 1, LOW: 2, UNKNOWN: 3 };

/** A sweeping trace: samples drain at their rate from a small jitter buffer, with an eraser gap ahead. */
class Trace {
  constructor(canvas, seconds) {
    this.canvas = canvas; this.seconds = seconds; this.queue = []; this.rate = 125;
    this.x = 0; this.lastY = null; this.debt = 0; this.started = false; this.drawn = 0;
  }
  push(rate, uv) {
    this.rate = rate;
    for (const v of uv) this.queue.push(v);
    if (this.queue.length > rate * 3) this.queue.splice(0, this.queue.length - rate); // fell behind: jump ahead
  }
  draw(dt) {
    const c = this.canvas, ctx = c.getContext('2d');
    if (c.width !== c.clientWidth) { c.width = c.clientWidth; c.height = c.clientHeight; this.x = 0; this.lastY = null; }
    if (!this.started && this.queue.length < this.rate * 0.5) return;
    this.started = true;
    this.debt += dt * this.rate;
    let n = Math.min(Math.floor(this.debt), this.queue.length);
    this.debt -= Math.floor(this.debt);
    if (this.queue.length === 0) { this.started = false; return; }
    const w = c.width, h = c.height, px = w / (this.rate * this.seconds), mid = h / 2, perMv = h / 3;
    ctx.strokeStyle = '#5cff7a'; ctx.lineWidth = 1.3;
    ctx.beginPath();
    for (let i = 0; i < n; i++) {
      const v = this.queue.shift();
      const y = Math.max(1, Math.min(h - 1, mid - (v / 1000) * perMv));
      const x2 = this.x + px;
      ctx.clearRect(this.x, 0, 12, h);
      if (this.lastY !== null) { ctx.moveTo(this.x, this.lastY); ctx.lineTo(x2, y); }
      this.x = x2; this.lastY = y; this.drawn++;
      if (this.x >= w) { this.x = 0; this.lastY = null; }
    }
    ctx.stroke();
  }
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function bedCard(bed) {
  let card = document.getElementById('bed-' + bed);
  if (card) return card;
  card = el('section', 'bed');
  card.id = 'bed-' + bed;
  card.dataset.bed = bed;
  const head = el('div', 'bed-head');
  const link = el('a', null, bed);
  link.href = '/bed?bed=' + encodeURIComponent(bed);
  head.append(link, el('span', 'patient'), el('span', 'hr'));
  const canvas = el('canvas', 'trace');
  card.append(head, canvas, el('div', 'alarms'), el('div', 'labels'));
  const grid = document.getElementById('beds');
  const after = [...grid.children].find(c => c.dataset.bed > bed);
  grid.insertBefore(card, after || null);
  traces.set(bed, new Trace(canvas, 5));
  return card;
}

function bedContainer(bed) {
  if (view === 'ward') return bedCard(bed);
  return bed === bedParam ? document.getElementById('bed-info') : null;
}

function renderBed(bed) {
  const box = bedContainer(bed);
  if (!box) return;
  const info = state.beds.get(bed) || {};
  const alarms = [...state.alarms.values()].filter(a => a.bedKey === bed && a.state !== 'CLEARED')
    .sort((a, b) => PRIORITY[a.priority] - PRIORITY[b.priority] || b.eventTimeMillis - a.eventTimeMillis);
  let patient = box.querySelector('.patient'), hr = box.querySelector('.hr');
  if (!patient) { // bed page: build the header once
    patient = el('span', 'patient'); hr = el('span', 'hr');
    box.append(patient, hr, el('div', 'alarms'), el('div', 'labels'));
  }
  patient.textContent = info.patientId ? 'patient ' + info.patientId : '';
  renderHeartRate(bed, hr);
  const list = box.querySelector('.alarms');
  list.replaceChildren(...alarms.map(alarmRow));
  box.classList.remove('prio-HIGH', 'prio-MEDIUM', 'prio-LOW');
  const top = alarms.find(a => a.state !== 'ACKNOWLEDGED');
  if (top && view === 'ward') box.classList.add('prio-' + top.priority);
  const labels = state.labels.get(bed);
  box.querySelector('.labels').textContent = labels
    ? labels.scores.slice(0, 3).map(s => s.label + ' ' + s.score.toFixed(2)).join(' · ') + '  (' + labels.model + ')'
    : '';
}

const REASONS = { ASYSTOLE: 'asystole', VENTRICULAR_FIBRILLATION: 'VF', SIGNAL_LOST: 'signal lost', NOISE: 'noisy signal', TOO_FEW_BEATS: 'too few beats' };

/** The bed's heart rate from ecg.vitals: the number, or -- with why (not valid, stale, none yet). */
function renderHeartRate(bed, hr) {
  const v = state.vitals.get(bed);
  const ageMs = v ? performance.now() - v.receivedAt : Infinity;
  let value = '--', why, title;
  if (!v) {
    why = 'no HR yet'; title = 'no vitals from the alarm job for this bed yet';
  } else if (ageMs > state.vitalsStaleAfterMs) {
    why = 'stale'; title = 'no vitals for ' + Math.round(ageMs / 1000) + ' s (expected every 2 s)';
  } else if (!v.valid) {
    why = REASONS[v.reason] || v.reason; title = v.detail || v.reason;
  } else {
    value = String(Math.round(v.bpm)); why = 'bpm';
    title = v.beats + ' beats in ' + Math.round(v.spanMillis / 1000) + ' s to ' + new Date(v.measuredAtMillis).toLocaleTimeString();
  }
  hr.replaceChildren(el('small', null, 'HR '), el('span', 'hr-value', value), el('small', 'hr-why', ' ' + why));
  hr.title = title;
  hr.classList.toggle('hr-invalid', value === '--');
}

function applyVitals(v) {
  v.receivedAt = performance.now() - (v.ageMillis || 0);
  state.vitals.set(v.bed, v);
  refreshHeartRate(v.bed);
}

/** Redraws a shown bed's heart rate; a ward card appears with the bed's first frames, not its vitals. */
function refreshHeartRate(bed) {
  if (view === 'ward' ? !state.beds.has(bed) : bed !== bedParam) return;
  const hr = bedContainer(bed).querySelector('.hr');
  if (hr) renderHeartRate(bed, hr);
}

function alarmRow(a) {
  const row = el('div', 'alarm ' + a.priority + ' state-' + a.state);
  row.dataset.alarmId = a.alarmId;
  row.append(el('span', 'kind', a.kind), ' ', el('span', 'message', a.message));
  const st = a.state === 'ACKNOWLEDGED' ? 'ACKNOWLEDGED' : a.ackRequestedBy ? 'ack sent by ' + a.ackRequestedBy : a.state;
  row.append(el('span', 'state', st));
  const ev = Object.entries(a.evidence || {}).map(([k, v]) => k + '=' + v).join(', ');
  if (ev) row.append(el('div', 'evidence', ev));
  if (a.state !== 'ACKNOWLEDGED' && !a.ackRequestedBy) {
    const b = el('button', 'ack', 'Acknowledge');
    b.addEventListener('click', () => acknowledge(a.alarmId, b));
    row.append(b);
  }
  return row;
}

async function acknowledge(alarmId, button) {
  button.disabled = true;
  const r = await fetch('/api/alarms/' + encodeURIComponent(alarmId) + '/ack',
    { method: 'POST', headers: { 'X-CSRF-Token': state.csrf }, credentials: 'same-origin' });
  if (r.status === 401) { location.href = '/login'; return; }
  if (!r.ok) { button.disabled = false; button.textContent = 'Retry acknowledge'; return; }
  applyAlarm(await r.json());
}

function applyAlarm(a) {
  const held = state.alarms.get(a.alarmId);
  if (held && held.stateSeq > a.stateSeq) return;
  state.alarms.set(a.alarmId, a);
  renderBed(a.bedKey);
}

function renderModels() {
  let text = [...state.models.values()].map(m => m.model + ' ' + m.version + ' (' + m.stage + ')').join(' · ');
  if (!text) { // no registry events (e.g. the demo loads its bundle directly): the versions that labelled
    text = [...new Set([...state.labels.values()].map(l => l.model + ' (' + l.stage + ')'))].join(' · ');
  }
  document.getElementById('models').textContent = text ? 'model ' + text : '';
}

function buildLeads(names) {
  const box = document.getElementById('leads');
  for (const name of names) {
    if (traces.has(name)) continue;
    const row = el('div', 'lead-row');
    const canvas = el('canvas', 'trace');
    row.append(el('span', 'lead-name', name), canvas);
    box.append(row);
    traces.set(name, new Trace(canvas, 5));
  }
}

function connect() {
  const status = document.getElementById('status');
  const url = '/api/events' + (view === 'bed' ? '?bed=' + encodeURIComponent(bedParam) : '');
  const source = new EventSource(url);
  source.addEventListener('snapshot', e => {
    const s = JSON.parse(e.data);
    state.csrf = s.csrfToken; state.user = s.user;
    document.getElementById('user').textContent = s.user;
    state.beds.clear(); state.alarms.clear(); state.labels.clear(); state.models.clear(); state.vitals.clear();
    state.vitalsStaleAfterMs = s.vitalsStaleAfterMillis || state.vitalsStaleAfterMs;
    (s.vitals || []).forEach(v => { v.receivedAt = performance.now() - (v.ageMillis || 0); state.vitals.set(v.bed, v); });
    s.beds.forEach(b => state.beds.set(b.bed, b));
    s.alarms.forEach(a => state.alarms.set(a.alarmId, a));
    s.labels.forEach(l => state.labels.set(l.bed, l));
    s.models.forEach(m => state.models.set(m.model + '/' + m.stage, m));
    if (view === 'ward') {
      document.querySelectorAll('.bed .alarms').forEach(x => x.replaceChildren());
      state.beds.forEach((b, key) => renderBed(key));
    } else {
      document.getElementById('bed-title').textContent = 'Bed ' + bedParam;
      renderBed(bedParam);
    }
    renderModels();
    status.textContent = 'live'; status.classList.remove('bad');
  });
  source.addEventListener('bed', e => { const b = JSON.parse(e.data); state.beds.set(b.bed, b); renderBed(b.bed); });
  source.addEventListener('alarm', e => applyAlarm(JSON.parse(e.data)));
  source.addEventListener('labels', e => {
    const l = JSON.parse(e.data);
    const known = state.labels.has(l.bed);
    state.labels.set(l.bed, l);
    renderBed(l.bed);
    if (!known) renderModels();
  });
  source.addEventListener('vitals', e => {
    for (const v of Object.values(JSON.parse(e.data))) applyVitals(v);
  });
  source.addEventListener('model', e => { const m = JSON.parse(e.data); state.models.set(m.model + '/' + m.stage, m); renderModels(); });
  source.addEventListener('wave', e => {
    const w = JSON.parse(e.data);
    for (const [bed, chunk] of Object.entries(w)) {
      if (!traces.has(bed)) { state.beds.set(bed, state.beds.get(bed) || { bed }); renderBed(bed); }
      traces.get(bed).push(chunk.rateHz, chunk.uv);
    }
  });
  source.addEventListener('leads', e => {
    const l = JSON.parse(e.data);
    buildLeads(Object.keys(l.leads));
    for (const [lead, uv] of Object.entries(l.leads)) traces.get(lead).push(l.rateHz, uv);
  });
  source.onerror = async () => {
    status.textContent = 'reconnecting…'; status.classList.add('bad');
    const r = await fetch('/api/session', { credentials: 'same-origin' });
    if (r.status === 401) { source.close(); location.href = '/login'; }
  };
}

let last = performance.now();
function frame(now) {
  const dt = Math.min(0.5, (now - last) / 1000);
  last = now;
  traces.forEach(t => t.draw(dt));
  requestAnimationFrame(frame);
}

connect();
requestAnimationFrame(frame);
// Vitals that stop coming turn stale without any event: look once a second.
setInterval(() => state.vitals.forEach((v, bed) => refreshHeartRate(bed)), 1000);
