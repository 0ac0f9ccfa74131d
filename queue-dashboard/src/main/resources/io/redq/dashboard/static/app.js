// The redq dashboard page. Everything that comes from Redis (queue names, task ids, payloads,
// error messages) is attacker-controlled: it is only ever put in the page as text (textContent,
// setAttribute of numbers), never parsed as HTML. Changes carry the X-Redq-Dashboard header, which
// a form on another site cannot send.
'use strict';

const POLL_MS = 1500;
const PAGE = 50;
const state = { readOnly: true, queue: null, offset: 0, recordId: null };

const $ = (id) => document.getElementById(id);

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

function time(ms) {
  return ms > 0 ? new Date(ms).toISOString().replace('T', ' ').replace('Z', ' UTC') : '';
}

function setStatus(text, error) {
  const s = $('status');
  s.textContent = text;
  s.classList.toggle('error', Boolean(error));
}

async function api(method, path) {
  const headers = { 'Accept': 'application/json' };
  if (method !== 'GET') headers['X-Redq-Dashboard'] = '1';
  const res = await fetch('/api/' + path, { method, headers, credentials: 'same-origin', cache: 'no-store' });
  let body = null;
  try { body = await res.json(); } catch (e) { body = null; }
  if (!res.ok) {
    throw new Error((body && body.error) || ('HTTP ' + res.status));
  }
  return body;
}

function q(name) {
  return 'queues/' + encodeURIComponent(name);
}

function sparkline(values) {
  const ns = 'http://www.w3.org/2000/svg';
  const w = 120, h = 24;
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('class', 'spark');
  svg.setAttribute('width', String(w));
  svg.setAttribute('height', String(h));
  svg.setAttribute('viewBox', '0 0 ' + w + ' ' + h);
  const nums = values.map(Number).filter(Number.isFinite);
  if (nums.length > 1) {
    const max = Math.max(1, ...nums);
    const step = w / (nums.length - 1);
    const points = nums.map((v, i) => (i * step).toFixed(1) + ',' + (h - 1 - (v / max) * (h - 2)).toFixed(1));
    const line = document.createElementNS(ns, 'polyline');
    line.setAttribute('points', points.join(' '));
    line.setAttribute('fill', 'none');
    line.setAttribute('stroke', '#7a1f1f');
    line.setAttribute('stroke-width', '1.5');
    svg.appendChild(line);
  }
  return svg;
}

function renderQueues(queues) {
  const body = $('queues').tBodies[0];
  body.replaceChildren();
  $('no-queues').hidden = queues.length > 0;
  for (const row of queues) {
    const tr = el('tr');
    tr.dataset.queue = row.name;
    if (row.name === state.queue) tr.classList.add('selected');
    tr.appendChild(el('td', row.name, 'c-name text'));
    for (const k of ['ready', 'active', 'delayed', 'dead', 'consumers', 'completed']) {
      tr.appendChild(el('td', row[k], 'c-' + k));
    }
    tr.appendChild(el('td', row.throughput === null ? '–' : row.throughput.toFixed(1), 'c-throughput'));
    const spark = el('td', null, 'c-spark');
    spark.appendChild(sparkline(row.throughputHistory || []));
    tr.appendChild(spark);
    tr.appendChild(el('td', row.paused ? 'yes' : 'no', 'c-paused'));
    tr.addEventListener('click', () => selectQueue(row.name));
    body.appendChild(tr);
  }
}

function renderWorkers(consumers) {
  const body = $('workers').tBodies[0];
  body.replaceChildren();
  $('no-workers').hidden = consumers.length > 0;
  for (const c of consumers) {
    const tr = el('tr');
    tr.dataset.consumer = c.id;
    tr.appendChild(el('td', c.id, 'text'));
    tr.appendChild(el('td', c.alive ? 'live' : 'expired (awaiting recovery)', c.alive ? '' : 'expired'));
    tr.appendChild(el('td', (c.leaseLeftMs / 1000).toFixed(1) + ' s'));
    tr.appendChild(el('td', c.inFlight, 'c-inflight'));
    body.appendChild(tr);
  }
}

function renderDead(page) {
  const body = $('dead').tBodies[0];
  body.replaceChildren();
  $('no-dead').hidden = page.records.length > 0;
  const last = page.offset + page.records.length;
  $('dead-range').textContent = page.total === 0 ? '' : '(' + (page.offset + 1) + '–' + last + ' of ' + page.total + ')';
  $('dead-prev').disabled = page.offset === 0;
  $('dead-next').disabled = last >= page.total;
  for (const r of page.records) {
    const tr = el('tr');
    tr.dataset.id = r.id;
    tr.appendChild(el('td', r.id, 'text'));
    tr.appendChild(el('td', r.type, 'text'));
    tr.appendChild(el('td', r.reason, 'text'));
    tr.appendChild(el('td', [r.errorClass, r.errorMessage].filter(Boolean).join(': '), 'text'));
    tr.appendChild(el('td', r.attempts));
    tr.appendChild(el('td', time(r.failedAt)));
    tr.addEventListener('click', () => showRecord(r.id));
    body.appendChild(tr);
  }
}

async function refreshQueues() {
  try {
    const data = await api('GET', 'queues');
    renderQueues(data.queues);
    if (state.queue) {
      const w = await api('GET', q(state.queue) + '/workers');
      renderWorkers(w.consumers);
    }
    setStatus('updated ' + new Date().toLocaleTimeString());
  } catch (e) {
    setStatus(e.message, true);
  }
}

async function refreshDead() {
  if (!state.queue) return;
  try {
    renderDead(await api('GET', q(state.queue) + '/dead?offset=' + state.offset + '&limit=' + PAGE));
  } catch (e) {
    setStatus(e.message, true);
  }
}

function selectQueue(name) {
  state.queue = name;
  state.offset = 0;
  $('selected-queue').textContent = name;
  $('queue-detail').hidden = false;
  $('record').hidden = true;
  refreshQueues();
  refreshDead();
}

async function showRecord(id) {
  try {
    const r = await api('GET', q(state.queue) + '/dead/' + encodeURIComponent(id));
    state.recordId = r.id;
    $('record-id').textContent = r.id;
    $('record-type').textContent = r.type;
    $('record-reason').textContent = r.reason;
    $('record-error').textContent = [r.errorClass, r.errorMessage].filter(Boolean).join(': ');
    $('record-attempts').textContent = r.attempts;
    $('record-deliveries').textContent = r.envelope.deliveries;
    $('record-enqueued').textContent = time(r.enqueuedAt);
    $('record-failed').textContent = time(r.failedAt);
    $('record-stack').textContent = r.stackHead || '';
    $('record-payload').textContent = JSON.stringify(r.envelope.payload, null, 2);
    $('record-headers').textContent = JSON.stringify(r.envelope.headers || {}, null, 2);
    $('requeue').hidden = state.readOnly;
    $('delete').hidden = state.readOnly;
    $('record').hidden = false;
  } catch (e) {
    setStatus(e.message, true);
  }
}

async function change(method, suffix, done) {
  const id = state.recordId;
  try {
    await api(method, q(state.queue) + '/dead/' + encodeURIComponent(id) + suffix);
    setStatus(done + ' ' + id);
    $('record').hidden = true;
    state.recordId = null;
    refreshDead();
    refreshQueues();
  } catch (e) {
    setStatus(e.message, true);
  }
}

async function start() {
  try {
    const config = await api('GET', 'config');
    state.readOnly = config.readOnly;
    $('mode').hidden = !config.readOnly;
  } catch (e) {
    setStatus(e.message, true);
  }
  $('requeue').addEventListener('click', () => change('POST', '/requeue', 'requeued'));
  $('delete').addEventListener('click', () => change('DELETE', '', 'deleted'));
  $('record-close').addEventListener('click', () => { $('record').hidden = true; });
  $('dead-prev').addEventListener('click', () => { state.offset = Math.max(0, state.offset - PAGE); refreshDead(); });
  $('dead-next').addEventListener('click', () => { state.offset += PAGE; refreshDead(); });
  $('dead-refresh').addEventListener('click', refreshDead);
  refreshQueues();
  setInterval(refreshQueues, POLL_MS);
}

document.addEventListener('DOMContentLoaded', start);
