// The status page: plain browser JavaScript, no build. It reads the same API as every caller,
// with the caller's identity (see signIn), and builds the DOM with textContent only, so nothing
// an item or Graph said can become markup.

const params = new URLSearchParams(location.search);
const API = `${location.pathname.replace(/\/status\/?$/, '')}/`;
/** How often the page reads the API (ms); `?refresh=` changes it. */
const REFRESH_MS = Math.max(250, Number(params.get('refresh')) || 2000);
/** With AUTH_MODE=none in Azure the routes keep the function key; `?code=` passes it on. */
const FUNCTION_KEY = params.get('code');
const STATUSES = ['queued', 'retrying', 'succeeded', 'failed', 'canceled'];
const FINISHED = new Set(['succeeded', 'partiallySucceeded', 'failed', 'canceled']);
/** The chart's span: samples older than this are dropped. */
const WINDOW_MS = 5 * 60_000;

const state = { token: null, signInTried: false, signInProblem: null, job: null, filter: '', itemsToken: null, run: null, samples: [], tick: 0 };

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

// ---- calling the API -------------------------------------------------------------------------

async function api(path) {
  let response = await send(path);
  if (response.status === 401 && (await signIn())) response = await send(path);
  if (!response.ok) throw new ApiError(response.status, await problemText(response));
  return response.json();
}

function send(path) {
  const headers = { accept: 'application/json' };
  if (state.token) headers.authorization = `Bearer ${state.token}`;
  if (FUNCTION_KEY) headers['x-functions-key'] = FUNCTION_KEY;
  return fetch(API + path, { headers, credentials: 'same-origin' });
}

/**
 * With AUTH_MODE=entra the API wants a bearer token. The page is meant to sit behind App Service
 * Authentication: the platform signs the user in (a session cookie) and keeps their tokens,
 * and `/.auth/me` hands the page the access token for this API, which it sends like any caller.
 */
async function signIn() {
  if (state.signInTried && !state.token) return false;
  state.signInTried = true;
  if (state.token) {
    // The token was refused: it may have expired; the token store can renew it once.
    state.token = null;
    await fetch('/.auth/refresh', { credentials: 'same-origin' }).catch(() => undefined);
  }
  const me = await fetch('/.auth/me', { credentials: 'same-origin' }).catch(() => undefined);
  if (!me || me.status === 404) {
    state.signInProblem =
      'This service requires sign-in (AUTH_MODE=entra). The page signs in through App Service Authentication, which is not in front of it here; call the API with a token instead, or see the README.';
    return false;
  }
  const identities = me.ok ? await me.json().catch(() => []) : [];
  const token = Array.isArray(identities) ? identities.find((i) => i && i.access_token)?.access_token : undefined;
  if (!token) {
    location.assign(`/.auth/login/aad?post_login_redirect_uri=${encodeURIComponent(location.pathname + location.search)}`);
    return false;
  }
  state.token = token;
  return true;
}

async function problemText(response) {
  const text = await response.text();
  try {
    const problem = JSON.parse(text);
    return `${response.status} ${problem.title ?? ''}${problem.detail ? `: ${problem.detail}` : ''}`;
  } catch {
    return `${response.status} ${text.slice(0, 200)}`;
  }
}

// ---- small DOM helpers -----------------------------------------------------------------------

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'class') node.className = value;
    else if (key === 'data') Object.assign(node.dataset, value);
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(child ?? ''));
  return node;
}

function svg(tag, attributes, text) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

const $ = (selector) => document.querySelector(selector);
const time = (iso) => (iso ? new Date(iso).toLocaleTimeString() : '');
const dateTime = (iso) => (iso ? new Date(iso).toLocaleString() : '');

function notice(message) {
  const node = $('#notice');
  node.textContent = message;
  node.hidden = !message;
}

// ---- jobs ------------------------------------------------------------------------------------

function progressBar(counts) {
  const total = Math.max(counts.total, 1);
  const bar = el('div', { class: 'bar', title: STATUSES.map((s) => `${s} ${counts[s]}`).join(', ') });
  for (const status of ['succeeded', 'failed', 'canceled', 'retrying']) {
    if (counts[status] === 0) continue;
    // Through the style object: the page's CSP refuses style attributes in markup.
    const part = el('span', { class: status });
    part.style.width = `${(100 * counts[status]) / total}%`;
    bar.append(part);
  }
  const done = counts.succeeded + counts.failed + counts.canceled;
  return el('div', {}, bar, el('span', { class: 'progress-text' }, `${done} / ${counts.total} done · ${counts.succeeded} succeeded · ${counts.retrying} retrying`));
}

function renderJobs(jobs) {
  const rows = jobs.map((job) =>
    el(
      'tr',
      { class: `selectable${state.job === job.jobId ? ' selected' : ''}`, data: { jobId: job.jobId }, onclick: () => selectJob(job.jobId) },
      el('td', {}, dateTime(job.createdAt)),
      el('td', {}, job.label ?? job.jobId),
      el('td', {}, job.source),
      el('td', { class: `status-${job.status}` }, job.status),
      el('td', {}, progressBar(job.counts)),
      el('td', { class: job.counts.failed ? 'status-failed' : '' }, String(job.counts.failed)),
    ),
  );
  $('#jobs tbody').replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { colspan: 6, class: 'muted' }, 'No jobs yet.'))]));
}

function selectJob(jobId) {
  state.job = jobId;
  state.filter = '';
  $('#items-section').hidden = false;
  $('#items-job').textContent = jobId;
  for (const row of document.querySelectorAll('#jobs tbody tr')) row.classList.toggle('selected', row.dataset.jobId === jobId);
  renderFilters();
  void loadItems(false);
}

function renderFilters() {
  const buttons = ['', ...STATUSES].map((status) =>
    el('button', { type: 'button', 'aria-pressed': String(state.filter === status), data: { status }, onclick: () => { state.filter = status; renderFilters(); void loadItems(false); } }, status || 'all'),
  );
  $('#item-filters').replaceChildren(...buttons);
}

async function loadItems(more) {
  if (!state.job) return;
  const query = new URLSearchParams({ limit: '200' });
  if (state.filter) query.set('status', state.filter);
  if (more && state.itemsToken) query.set('continuationToken', state.itemsToken);
  const jobId = state.job;
  const page = await api(`jobs/${encodeURIComponent(jobId)}/items?${query}`);
  if (jobId !== state.job) return;
  const rows = page.items.map((item) => {
    const error = item.error ? `${item.error.code ?? ''}: ${item.error.message ?? ''}` : '';
    return el(
      'tr',
      { data: { index: String(item.index), status: item.status } },
      el('td', {}, String(item.index)),
      el('td', {}, item.ref ?? ''),
      el('td', { class: 'path' }, item.action ? `${item.action} ${item.policy ?? ''}` : `${item.apiVersion} ${item.path}`),
      el('td', { class: `status-${item.status}` }, item.noop ? `${item.status} (no-op)` : item.status),
      el('td', {}, String(item.attempts)),
      el('td', {}, item.httpStatus === null ? '' : String(item.httpStatus)),
      el('td', { class: 'item-error' }, error),
    );
  });
  const body = $('#items tbody');
  if (more) body.append(...rows);
  else body.replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { colspan: 7, class: 'muted' }, 'No items with this status.'))]));
  state.itemsToken = page.continuationToken;
  $('#more-items').hidden = !page.continuationToken;
}

// ---- budgets ---------------------------------------------------------------------------------

/**
 * Each Graph budget from /api/health (`budgets.budgets`: one per throttling family, or one
 * shared): its rate, the pause Graph asked for while it lasts, and the waiting room's backlog,
 * for writes and reads. A service that does not report them yet shows its configured rates.
 */
function renderBudgets(health) {
  const head = $('#budgets thead');
  const body = $('#budgets tbody');
  const list = health.budgets?.budgets;
  if (!Array.isArray(list)) {
    head.replaceChildren(el('tr', {}, el('th', {}, 'budget'), el('th', {}, 'writes'), el('th', {}, 'reads')));
    body.replaceChildren(el('tr', {}, el('td', {}, 'all families (one budget)'), el('td', {}, health.configuration?.graphWriteBudget ?? ''), el('td', {}, health.configuration?.graphReadBudget ?? '')));
    $('#budget-note').textContent = 'This service does not report its budgets per family.';
    return;
  }
  head.replaceChildren(
    el('tr', {}, ...['budget', 'families', 'writes', 'write pause', 'bulk backlog', 'drains in', 'reads', 'read pause'].map((h) => el('th', {}, h))),
  );
  body.replaceChildren(
    ...list.map((b) =>
      el(
        'tr',
        { data: { budget: b.key } },
        el('td', {}, b.key),
        el('td', {}, (b.families ?? []).join(', ')),
        el('td', {}, b.writes?.error ? `unreadable: ${b.writes.error}` : (b.writes?.rate ?? '')),
        pauseCell(b.writes?.pausedUntil),
        el('td', {}, String(b.writes?.backlog ?? '')),
        el('td', {}, b.writes?.backlogSeconds ? `${b.writes.backlogSeconds} s` : ''),
        el('td', {}, b.reads?.error ? `unreadable: ${b.reads.error}` : (b.reads?.rate ?? '')),
        pauseCell(b.reads?.pausedUntil),
      ),
    ),
  );
  $('#budget-note').textContent =
    health.budgets.scope === 'shared' ? 'One budget for every family (GRAPH_BUDGET_SCOPE=shared).' : 'One budget per Intune throttling family; a 429 pauses only its own.';
}

function pauseCell(until) {
  const left = until ? Date.parse(until) - Date.now() : 0;
  return left > 0 ? el('td', { class: 'paused' }, `paused ${Math.ceil(left / 1000)} s`) : el('td', { class: 'muted' }, 'no');
}

// ---- throttling chart ------------------------------------------------------------------------

/** Counts, in the running jobs, the items waiting to be retried after a 429. */
async function sampleThrottling(jobs) {
  const running = jobs.filter((j) => !FINISHED.has(j.status) && j.counts.retrying > 0).slice(0, 5);
  let throttled = 0;
  for (const job of running) {
    const page = await api(`jobs/${encodeURIComponent(job.jobId)}/items?status=retrying&limit=1000`);
    throttled += page.items.filter((i) => i.httpStatus === 429).length;
  }
  state.samples.push({ at: Date.now(), throttled });
  while (state.samples[0] && state.samples[0].at < Date.now() - WINDOW_MS) state.samples.shift();
  drawChart();
}

/** The last five minutes (or since the page opened), time left to right, one bar per sample. */
function drawChart() {
  const chart = $('#throttle-chart');
  const width = 1000;
  const height = 120;
  const now = Date.now();
  const first = state.samples[0]?.at ?? now;
  const span = Math.min(WINDOW_MS, Math.max(60_000, now - first));
  const x = (at) => width - ((now - at) / span) * width;
  const top = Math.max(1, ...state.samples.map((s) => s.throttled));
  const barWidth = Math.max(1, (width * REFRESH_MS) / span - 1);
  const nodes = [svg('line', { class: 'axis', x1: 0, y1: height - 15, x2: width, y2: height - 15 }), svg('text', { x: 2, y: 10 }, `${top}`)];
  for (const sample of state.samples) {
    const h = ((height - 25) * sample.throttled) / top;
    if (h > 0 && x(sample.at) >= 0) nodes.push(svg('rect', { class: 'throttled', x: x(sample.at) - barWidth, y: height - 15 - h, width: barWidth, height: h }));
  }
  nodes.push(svg('text', { x: 2, y: height - 2 }, `${Math.round(span / 1000)} s ago`), svg('text', { x: width - 24, y: height - 2 }, 'now'));
  chart.replaceChildren(...nodes);
}

// ---- reconciliation --------------------------------------------------------------------------

function renderRuns(runs) {
  const rows = runs.map((run) => {
    const c = run.counts ?? {};
    return el(
      'tr',
      { class: `selectable${state.run === run.reconciliationId ? ' selected' : ''}`, data: { runId: run.reconciliationId }, onclick: () => void selectRun(run.reconciliationId) },
      el('td', {}, dateTime(run.requestedAt)),
      el('td', {}, run.trigger),
      el('td', { class: `status-${run.status}` }, run.status),
      el('td', {}, run.dryRun ? 'yes' : 'no'),
      ...['declared', 'inSync', 'changed', 'missing', 'undeclared'].map((k) => el('td', {}, c[k] === undefined ? '' : String(c[k]))),
      el('td', {}, run.jobId ?? ''),
    );
  });
  $('#runs tbody').replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { colspan: 10, class: 'muted' }, 'No reconciliation runs yet.'))]));
}

async function selectRun(id) {
  state.run = id;
  const run = await api(`reconciliations/${encodeURIComponent(id)}`);
  $('#drift').hidden = false;
  $('#drift-run').textContent = id;
  const rows = (run.drift ?? []).map((d) =>
    el(
      'tr',
      {},
      el('td', {}, d.kind),
      el('td', {}, d.file ? `${d.file} [${d.position}]` : ''),
      el('td', { class: 'path' }, d.path ?? ''),
      el('td', {}, (d.changed ?? []).join(', ')),
      el('td', {}, d.before ? describe(pick(d.before, d.changed)) : ''),
      el('td', {}, d.after ? describe(pick(d.after, d.changed)) : ''),
    ),
  );
  const failure = run.failure ? [el('tr', {}, el('td', { colspan: 6, class: 'item-error' }, `failed: ${JSON.stringify(run.failure)}`))] : [];
  const errors = (run.errors ?? []).map((e) => el('tr', {}, el('td', { colspan: 6, class: 'item-error' }, typeof e === 'string' ? e : `${e.file ?? ''} ${e.field ?? ''}: ${e.message ?? ''}`)));
  $('#drift-table tbody').replaceChildren(...failure, ...errors, ...(rows.length ? rows : [el('tr', {}, el('td', { colspan: 6, class: 'muted' }, 'No drift.'))]));
}

function pick(value, keys) {
  if (!keys || keys.length === 0) return value;
  return Object.fromEntries(keys.map((k) => [k, value[k]]));
}

/** `target: group 9a00…, filter include 9f00…; intent: apply`: an assignment as a person reads it. */
function describe(value) {
  return Object.entries(value)
    .filter(([key]) => key !== 'id' && key !== '@odata.type')
    .map(([key, v]) => `${key}: ${key === 'target' && v ? describeTarget(v) : JSON.stringify(v)}`)
    .join('; ');
}

function describeTarget(target) {
  const kind = String(target['@odata.type'] ?? '').replace(/^#?microsoft\.graph\./, '').replace(/AssignmentTarget$/, '');
  const id = target.groupId ?? target.collectionId ?? target.entraObjectId ?? '';
  const filter = target.deviceAndAppManagementAssignmentFilterId
    ? `, filter ${target.deviceAndAppManagementAssignmentFilterType ?? ''} ${target.deviceAndAppManagementAssignmentFilterId}`
    : '';
  return `${kind}${id ? ` ${id}` : ''}${target.targetType ? ` (${target.targetType})` : ''}${filter}`;
}

// ---- the refresh loop ------------------------------------------------------------------------

async function refresh() {
  try {
    const slow = state.tick % 5 === 0;
    state.tick += 1;
    const [{ jobs }, health, runs] = await Promise.all([
      api('jobs?limit=20'),
      slow ? fetch(`${API}health`).then((r) => r.json()).catch(() => undefined) : undefined,
      slow ? api('reconciliations?limit=10') : undefined,
    ]);
    renderJobs(jobs);
    if (health) {
      $('#health').textContent = health.status ?? 'unknown';
      $('#health').className = `pill ${health.status ?? ''}`;
      renderBudgets(health);
    }
    if (runs) renderRuns(runs.reconciliations ?? runs.runs ?? []);
    const selected = jobs.find((j) => j.jobId === state.job);
    if (selected && !(FINISHED.has(selected.status) && state.loadedFinished === state.job + state.filter)) {
      await loadItems(false);
      if (FINISHED.has(selected.status)) state.loadedFinished = state.job + state.filter;
    }
    await sampleThrottling(jobs);
    $('#updated').textContent = `updated ${new Date().toLocaleTimeString()}`;
    notice('');
  } catch (error) {
    // A refusal the page cannot sign in past is explained once, the same way at every refresh.
    notice(error.status === 401 && state.signInProblem ? state.signInProblem : `Could not read the service: ${error.message}`);
  } finally {
    setTimeout(refresh, REFRESH_MS);
  }
}

$('#more-items').addEventListener('click', () => void loadItems(true));
void refresh();
