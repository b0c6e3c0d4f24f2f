// The tenant console: hash-routed sections over the API, refreshed while they are on screen.
import { call, download, key, query, signIn, signOut, ApiError } from './api.js';
import { lineChart } from './charts.js';

const $ = (selector) => document.querySelector(selector);
const SECTIONS = ['sign-in', 'jobs', 'job', 'dead-letters', 'schedules', 'activity'];
const TERMINAL = ['SUCCEEDED', 'CANCELLED', 'DISCARDED'];
const JOBS_EVERY_MS = 2000;
const STATS_EVERY_MS = 10000;

let timer = null;
let generation = 0;

/** An element with text and attributes; children appended. */
function h(name, attributes = {}, ...children) {
  const node = document.createElement(name);
  for (const [k, v] of Object.entries(attributes)) {
    if (v === undefined || v === null || v === false) {
      continue;
    }
    if (k === 'class') {
      node.className = v;
    } else if (k.startsWith('on')) {
      node.addEventListener(k.slice(2), v);
    } else {
      node.setAttribute(k, v === true ? '' : String(v));
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child !== undefined && child !== null && child !== false) {
      node.append(child instanceof Node ? child : String(child));
    }
  }
  return node;
}

function when(instant) {
  if (!instant) {
    return '—';
  }
  const d = new Date(instant);
  return h('time', { datetime: instant, title: instant }, d.toLocaleString());
}

function badge(status) {
  return h('span', { class: `badge s-${String(status).toLowerCase()}`, 'data-status': status }, status);
}

function notice(text, isError = false) {
  const p = $('#notice');
  p.textContent = text;
  p.className = isError ? 'error' : 'ok';
  p.hidden = !text;
}

function failed(error) {
  if (error instanceof ApiError && error.status === 401) {
    signOut();
    route();
    notice('Your key was refused; sign in again.', true);
    return;
  }
  notice(error.message || String(error), true);
}

function every(ms, work) {
  const mine = generation;
  const tick = async () => {
    if (mine !== generation) {
      return;
    }
    try {
      await work();
    } catch (e) {
      failed(e);
    }
    if (mine === generation) {
      timer = setTimeout(tick, ms);
    }
  };
  tick();
}

function stop() {
  generation++;
  if (timer) {
    clearTimeout(timer);
    timer = null;
  }
}

function show(section) {
  for (const id of SECTIONS) {
    $(`#${id}`).hidden = id !== section;
  }
  $('#nav').hidden = section === 'sign-in';
  for (const link of document.querySelectorAll('#nav a')) {
    const current = link.dataset.section === section || (section === 'job' && link.dataset.section === 'jobs');
    if (current) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
}

// ---- sign in

$('#sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const value = $('#api-key').value.trim();
  const error = $('#sign-in-error');
  error.hidden = true;
  if (!value) {
    error.textContent = 'Enter your API key.';
    error.hidden = false;
    return;
  }
  signIn(value);
  try {
    await call('GET', '/v1/jobs?pageSize=1');
    $('#api-key').value = '';
    if (!location.hash || location.hash === '#sign-in') {
      location.hash = '#jobs';
    } else {
      route();
    }
  } catch (e) {
    signOut();
    error.textContent = e instanceof ApiError && e.status === 401 ? 'That key is not valid.' : e.message;
    error.hidden = false;
  }
});

$('#sign-out').addEventListener('click', () => {
  signOut();
  location.hash = '#sign-in';
  route();
});

// ---- jobs

let jobsToken = null;

function isoFromLocal(value) {
  return value ? new Date(value).toISOString() : '';
}

function jobFilter() {
  const form = $('#job-filter');
  return {
    type: form.type.value,
    status: form.status.value,
    createdAfter: isoFromLocal(form.createdAfter.value),
    createdBefore: isoFromLocal(form.createdBefore.value),
  };
}

function jobRow(job) {
  return h('tr', { 'data-job': job.jobId },
    h('td', {}, h('a', { href: `#job/${encodeURIComponent(job.jobId)}`, class: 'mono' }, job.jobId)),
    h('td', {}, job.type),
    h('td', {}, badge(job.status)),
    h('td', {}, when(job.createdAt)),
    h('td', {}, when(job.updatedAt)));
}

async function loadJobs(append) {
  const params = { ...jobFilter(), pageSize: 50 };
  if (append) {
    params.pageToken = jobsToken;
  }
  const page = await call('GET', `/v1/jobs${query(params)}`);
  const body = $('#job-table tbody');
  const rows = page.items.map(jobRow);
  if (append) {
    body.append(...rows);
  } else {
    body.replaceChildren(...rows);
  }
  jobsToken = page.nextPageToken;
  $('#jobs-more').hidden = !jobsToken;
  $('#jobs-empty').hidden = body.children.length > 0;
}

function jobsView() {
  show('jobs');
  const live = $('#job-filter').live;
  every(JOBS_EVERY_MS, async () => {
    // live: the first page again; otherwise once
    await loadJobs(false);
    if (!live.checked) {
      stop();
    }
  });
}

$('#job-filter').addEventListener('submit', (event) => {
  event.preventDefault();
  const f = jobFilter();
  if (f.createdAfter && f.createdBefore && f.createdAfter >= f.createdBefore) {
    notice('"Created before" must be later than "Created after".', true);
    return;
  }
  notice('');
  stop();
  jobsView();
});
$('#job-filter').live.addEventListener('change', () => {
  stop();
  jobsView();
});
$('#jobs-more').addEventListener('click', () => {
  stop(); // more pages: live refresh would replace them
  $('#job-filter').live.checked = false;
  loadJobs(true).catch(failed);
});

// ---- one job

function field(term, value) {
  return [h('dt', {}, term), h('dd', {}, value === undefined || value === null ? '—' : value)];
}

function progress(p) {
  if (!p) {
    return null;
  }
  return h('span', {},
    h('progress', { max: p.total || 1, value: p.done, 'aria-label': 'progress' }),
    ` ${p.done} / ${p.total}`);
}

async function saveResult(job) {
  try {
    const { blob, type } = await download(`/v1/jobs/${encodeURIComponent(job.jobId)}/result`);
    const url = URL.createObjectURL(blob);
    const a = h('a', { href: url, download: `${job.jobId}${type.includes('pdf') ? '.pdf' : '.json'}` });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  } catch (e) {
    failed(e);
  }
}

async function cancel(job) {
  try {
    await call('DELETE', `/v1/jobs/${encodeURIComponent(job.jobId)}`);
    notice(`Cancel requested for ${job.jobId}.`);
  } catch (e) {
    failed(e);
  }
}

function timeline(job) {
  const steps = [['created', job.createdAt]];
  if (job.runAt) {
    steps.push(['due', job.runAt]);
  }
  if (job.nextAttemptAt) {
    steps.push(['next attempt', job.nextAttemptAt]);
  }
  steps.push([`${job.status.toLowerCase()}`, job.updatedAt]);
  return h('ol', { class: 'timeline' }, steps.map(([what, at]) => h('li', {}, h('strong', {}, what), ' ', when(at))));
}

const KINDS = {
  CREATED: 'created', SCHEDULED: 'scheduled', STARTED: 'attempt started', ATTEMPT_FAILED: 'attempt failed',
  RETRY_SCHEDULED: 'retry scheduled', COMPLETED: 'attempt completed', DEAD_LETTERED: 'dead-lettered',
  REDRIVEN: 'redriven', DISCARDED: 'discarded', CANCEL_REQUESTED: 'cancel requested', CANCELLED: 'cancelled',
  SUCCEEDED: 'succeeded', FAILED: 'workflow failed', TIMED_OUT: 'timed out', TERMINATED: 'terminated',
};

/** GET /v1/jobs/{jobId}/history as a list, oldest first: time, what, attempt, error. */
function history(found) {
  if (found.error) {
    return h('p', { class: 'muted', id: 'job-history' }, `History unavailable: ${found.error}`);
  }
  const list = h('ol', { class: 'history', id: 'job-history' }, found.history.entries.map((e) => {
    const what = [KINDS[e.kind] || e.kind.toLowerCase()];
    if (e.attempt) {
      what.push(`#${e.attempt}`);
    }
    if (e.activity) {
      what.push(`(${e.activity})`);
    }
    return h('li', { 'data-kind': e.kind, 'data-attempt': e.attempt ?? undefined },
      when(e.at), ' ', h('strong', {}, what.join(' ')),
      e.nextAt ? [' until ', when(e.nextAt)] : null,
      e.error ? [h('br'), h('span', { class: 'mono history-error' },
        `${e.error.type ?? 'error'}: ${e.error.message ?? ''}${e.error.nonRetryable ? ' (not retryable)' : ''}`)] : null);
  }));
  if (!found.history.truncated) {
    return list;
  }
  return [list, h('p', { class: 'muted' }, 'The history is longer than what was read of it: its latest entries are missing.')];
}

function jobDetail(job, deadLetter, found) {
  const actions = h('div', { class: 'actions' });
  if (job.status === 'SUCCEEDED') {
    actions.append(h('button', { type: 'button', id: 'download-result', onclick: () => saveResult(job) }, 'Download result'));
  }
  if (!TERMINAL.includes(job.status) && job.status !== 'DEAD_LETTERED' && !job.cancelRequested) {
    actions.append(h('button', { type: 'button', class: 'danger', onclick: () => cancel(job) }, 'Cancel job'));
  }
  if (job.status === 'DEAD_LETTERED') {
    actions.append(h('a', { href: `#dead-letters`, class: 'button' }, 'Open in dead letters'));
  }
  if (job.links && job.links.temporalUi) {
    actions.append(h('a', { href: job.links.temporalUi, target: '_blank', rel: 'noopener noreferrer', class: 'button quiet', id: 'temporal-link' }, 'Temporal UI (operators) ↗'));
  }
  const parts = [
    h('dl', { class: 'fields' },
      field('Status', badge(job.status)),
      field('Type', job.type),
      field('Attempt', job.attempt === null || job.attempt === undefined ? '—' : `${job.attempt}${job.maxAttempts ? ` of ${job.maxAttempts}` : ''}`),
      field('Progress', progress(job.progress)),
      field('Last error', job.lastError ? `${job.lastError.type}: ${job.lastError.message}` : null),
      field('Cancel requested', job.cancelRequested ? 'yes' : null)),
    h('h3', {}, 'Timeline'),
    timeline(job),
    h('h3', {}, 'History'),
    history(found),
  ];
  if (deadLetter) {
    parts.push(h('h3', {}, 'Attempts'), attempts(deadLetter.attempts));
  }
  if (job.result !== null && job.result !== undefined) {
    parts.push(h('h3', {}, 'Result'), h('pre', { class: 'json', tabindex: 0 }, JSON.stringify(job.result, null, 2)));
  }
  parts.push(actions);
  return parts;
}

function attempts(list) {
  if (!list || list.length === 0) {
    return h('p', { class: 'muted' }, 'No failed attempts recorded.');
  }
  return h('ol', { class: 'attempts' }, list.map((a) =>
    h('li', {}, h('strong', {}, `#${a.attempt} ${a.type}`), a.retryable ? ' (retryable)' : ' (not retryable)', ' ', when(a.failedAt), h('br'), h('span', { class: 'mono' }, a.message || ''))));
}

async function findDeadLetter(jobId, type) {
  let token = null;
  for (let i = 0; i < 5; i++) {
    const page = await call('GET', `/v1/dead-letters${query({ type, pageSize: 100, pageToken: token })}`);
    const found = page.items.find((d) => d.jobId === jobId);
    if (found || !page.nextPageToken) {
      return found || null;
    }
    token = page.nextPageToken;
  }
  return null;
}

let itemsToken = null;
let itemsJob = null;

async function loadItems(append) {
  const status = $('#item-filter').status.value;
  const page = await call('GET', `/v1/jobs/${encodeURIComponent(itemsJob)}/items${query({ status, pageSize: 100, pageToken: append ? itemsToken : null })}`);
  const rows = page.items.map((item) => h('tr', { 'data-recipient': item.to, 'data-outcome': item.status },
    h('td', {}, item.index), h('td', { class: 'mono' }, item.to), h('td', {}, badge(item.status)),
    h('td', {}, item.code ?? '—'), h('td', {}, item.message || item.errorType || '')));
  const body = $('#item-table tbody');
  if (append) {
    body.append(...rows);
  } else {
    body.replaceChildren(...rows);
  }
  itemsToken = page.nextPageToken;
  $('#items-more').hidden = !itemsToken;
}

$('#item-filter').addEventListener('submit', (event) => {
  event.preventDefault();
  loadItems(false).catch(failed);
});
$('#items-more').addEventListener('click', () => loadItems(true).catch(failed));

function jobView(jobId) {
  show('job');
  $('#job-title').textContent = `Job ${jobId}`;
  $('#job-detail').replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
  $('#job-items').hidden = true;
  itemsJob = jobId;
  let found = null;
  every(JOBS_EVERY_MS, async () => {
    let job;
    try {
      job = await call('GET', `/v1/jobs/${encodeURIComponent(jobId)}`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        stop();
        $('#job-detail').replaceChildren(h('p', {}, 'There is no such job for this key.'));
      }
      throw e;
    }
    const deadLetter = job.status === 'DEAD_LETTERED' ? await findDeadLetter(jobId, job.type) : null;
    // read again only when the job moved: a history can be thousands of events
    const seen = `${job.status} ${job.attempt} ${job.updatedAt} ${job.cancelRequested}`;
    if (!found || found.seen !== seen) {
      try {
        found = { seen, history: await call('GET', `/v1/jobs/${encodeURIComponent(jobId)}/history`) };
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) {
          throw e;
        }
        found = { seen: null, error: e.message };
      }
    }
    $('#job-detail').replaceChildren(...jobDetail(job, deadLetter, found));
    if (job.type === 'email-batch') {
      $('#job-items').hidden = false;
      await loadItems(false);
    }
    if (TERMINAL.includes(job.status) || job.status === 'DEAD_LETTERED') {
      stop();
    }
  });
}

// ---- dead letters

let dlToken = null;

function dlFilter() {
  const form = $('#dl-filter');
  return { type: form.type.value, errorType: form.errorType.value.trim() };
}

function deadLetterCard(d) {
  const payload = d.request && d.request.payload !== undefined ? JSON.stringify(d.request.payload, null, 2) : '';
  const editorId = `payload-${d.jobId}`;
  const editor = h('textarea', { id: editorId, rows: 8, spellcheck: 'false', class: 'mono', 'aria-describedby': `${editorId}-hint` }, payload);
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const redrive = async (edited) => {
    error.hidden = true;
    let body = {};
    if (edited) {
      try {
        body = { payload: JSON.parse(editor.value) };
      } catch (e) {
        error.textContent = `The payload is not valid JSON: ${e.message}`;
        error.hidden = false;
        editor.focus();
        return;
      }
    }
    try {
      await call('POST', `/v1/dead-letters/${encodeURIComponent(d.jobId)}/redrive`, body);
      notice(`Redriven: ${d.jobId}.`);
      card.remove();
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    }
  };
  const discard = async () => {
    if (!window.confirm(`Discard ${d.jobId}? It will not run again.`)) {
      return;
    }
    try {
      await call('DELETE', `/v1/dead-letters/${encodeURIComponent(d.jobId)}?reason=${encodeURIComponent('discarded from the console')}`);
      notice(`Discarded: ${d.jobId}.`);
      card.remove();
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    }
  };
  const card = h('li', { class: 'card', 'data-dead-letter': d.jobId },
    h('h3', {}, h('a', { href: `#job/${encodeURIComponent(d.jobId)}`, class: 'mono' }, d.jobId), ' ', h('span', { class: 'muted' }, d.type)),
    h('p', {}, h('strong', {}, d.errorType), ': ', d.message),
    h('p', { class: 'muted' }, 'Parked ', when(d.deadLetteredAt), `, redriven ${d.redrives} times before; expires `, when(d.expiresAt)),
    h('details', {}, h('summary', {}, `Attempts (${(d.attempts || []).length})`), attempts(d.attempts)),
    h('details', { class: 'edit' }, h('summary', {}, 'Edit payload and redrive'),
      h('label', { for: editorId }, 'Payload (JSON)'), editor,
      h('p', { id: `${editorId}-hint`, class: 'hint' }, 'The job runs again under the same id with a fresh retry budget and this payload.'),
      h('button', { type: 'button', class: 'redrive-edited', onclick: () => redrive(true) }, 'Redrive with this payload')),
    error,
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'redrive', onclick: () => redrive(false) }, 'Redrive'),
      h('button', { type: 'button', class: 'danger discard', onclick: discard }, 'Discard')));
  return card;
}

async function loadDeadLetters(append) {
  const page = await call('GET', `/v1/dead-letters${query({ ...dlFilter(), pageSize: 50, pageToken: append ? dlToken : null })}`);
  const cards = page.items.map(deadLetterCard);
  const list = $('#dl-list');
  if (append) {
    list.append(...cards);
  } else {
    list.replaceChildren(...cards);
  }
  dlToken = page.nextPageToken;
  $('#dl-more').hidden = !dlToken;
  $('#dl-empty').hidden = list.children.length > 0;
}

function deadLettersView() {
  show('dead-letters');
  loadDeadLetters(false).catch(failed);
}

$('#dl-filter').addEventListener('submit', (event) => {
  event.preventDefault();
  loadDeadLetters(false).catch(failed);
});
$('#dl-more').addEventListener('click', () => loadDeadLetters(true).catch(failed));
$('#dl-bulk').addEventListener('click', async () => {
  const f = dlFilter();
  const what = [f.type && `type ${f.type}`, f.errorType && `error ${f.errorType}`].filter(Boolean).join(', ') || 'all your dead letters';
  if (!window.confirm(`Redrive ${what}?`)) {
    return;
  }
  const body = {};
  if (f.type) { body.type = f.type; }
  if (f.errorType) { body.errorType = f.errorType; }
  const status = $('#dl-bulk-status');
  try {
    const started = await call('POST', '/v1/dead-letters/redrive', body, { 'Idempotency-Key': `console-${crypto.randomUUID()}` });
    status.hidden = false;
    const poll = async () => {
      const s = await call('GET', `/v1/dead-letters/redrives/${encodeURIComponent(started.id)}`);
      status.textContent = `Bulk redrive ${s.status}: ${s.redriven} of ${s.selected} redriven, ${s.skipped} skipped, ${s.failed} failed.`;
      if (s.status === 'RUNNING' || s.status === 'STARTED') {
        setTimeout(() => poll().catch(failed), 1000);
      } else {
        loadDeadLetters(false).catch(failed);
      }
    };
    await poll();
  } catch (e) {
    failed(e);
  }
});

// ---- schedules

let schToken = null;

function scheduleCard(s) {
  const act = async (what) => {
    try {
      if (what === 'trigger') {
        await call('POST', `/v1/schedules/${encodeURIComponent(s.id)}/trigger`);
        notice(`Triggered ${s.id}.`);
      } else {
        await call('PATCH', `/v1/schedules/${encodeURIComponent(s.id)}`, { paused: what === 'pause' });
        notice(`${what === 'pause' ? 'Paused' : 'Resumed'} ${s.id}.`);
      }
      loadSchedules(false).catch(failed);
    } catch (e) {
      failed(e);
    }
  };
  return h('li', { class: 'card', 'data-schedule': s.id },
    h('h3', {}, h('span', { class: 'mono' }, s.id), ' ', s.paused ? badge('PAUSED') : badge('ACTIVE')),
    h('p', {}, s.cron ? `cron ${s.cron}` : `every ${s.interval}`, s.timeZone ? ` (${s.timeZone})` : '', s.note ? ` — ${s.note}` : ''),
    h('p', { class: 'muted' }, 'Next: ', (s.nextActionTimes || []).slice(0, 3).map((t, i) => [i ? ', ' : '', when(t)])),
    h('p', { class: 'muted' }, 'Recent: ', (s.recentActions || []).length === 0 ? 'none' : (s.recentActions || []).slice(-3).map((a, i) => [i ? ', ' : '', h('a', { href: `#job/${encodeURIComponent(a.jobId)}`, class: 'mono' }, a.jobId)])),
    h('div', { class: 'actions' },
      s.paused
        ? h('button', { type: 'button', onclick: () => act('resume') }, 'Resume')
        : h('button', { type: 'button', onclick: () => act('pause') }, 'Pause'),
      h('button', { type: 'button', onclick: () => act('trigger') }, 'Trigger now')));
}

async function loadSchedules(append) {
  const page = await call('GET', `/v1/schedules${query({ pageSize: 50, pageToken: append ? schToken : null })}`);
  const list = $('#sch-list');
  const cards = page.items.map(scheduleCard);
  if (append) {
    list.append(...cards);
  } else {
    list.replaceChildren(...cards);
  }
  schToken = page.nextPageToken;
  $('#sch-more').hidden = !schToken;
  $('#sch-empty').hidden = list.children.length > 0;
}

$('#sch-more').addEventListener('click', () => loadSchedules(true).catch(failed));

// ---- activity

function sum(types, field) {
  const all = Object.values(types);
  return all[0][field].map((_, i) => all.reduce((a, t) => a + t[field][i], 0));
}

async function loadStats() {
  const stats = await call('GET', '/v1/stats?window=PT1H');
  const c = stats.current;
  $('#act-current').replaceChildren(
    ...field('Under way', h('span', { 'data-figure': 'underWay' }, c.underWay)),
    ...field('Scheduled', h('span', { 'data-figure': 'scheduled' }, c.scheduled)),
    ...field('Dead letters', h('span', { 'data-figure': 'deadLettered' }, c.deadLettered)));
  lineChart($('#chart-throughput'), stats.minutes, [
    { name: 'started', values: sum(stats.types, 'started'), css: 'c1' },
    { name: 'succeeded', values: sum(stats.types, 'succeeded'), css: 'c2' },
    { name: 'dead-lettered', values: sum(stats.types, 'deadLettered'), css: 'c3' },
    { name: 'cancelled', values: sum(stats.types, 'cancelled'), css: 'c4' },
  ], 'Jobs per minute');
  lineChart($('#chart-depth'), stats.minutes, [{ name: 'in flight now', values: stats.inFlight, css: 'c1' }], 'Jobs in flight',
    (values) => values[values.length - 1]);
  $('#act-note').textContent = `As of ${new Date(stats.computedAt).toLocaleTimeString()}${stats.complete ? '' : '; busy window: older minutes undercount'}.`;
}

// ---- routing

function route() {
  stop();
  notice('');
  if (!key()) {
    show('sign-in');
    $('#api-key').focus();
    return;
  }
  const hash = decodeURIComponent(location.hash.slice(1));
  if (hash.startsWith('job/')) {
    jobView(hash.slice(4));
  } else if (hash === 'dead-letters') {
    deadLettersView();
  } else if (hash === 'schedules') {
    show('schedules');
    loadSchedules(false).catch(failed);
  } else if (hash === 'activity') {
    show('activity');
    every(STATS_EVERY_MS, loadStats);
  } else {
    jobsView();
  }
}

window.addEventListener('hashchange', route);
route();
