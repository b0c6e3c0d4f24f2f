// Drives the tenant console in headless Chromium as two tenants and reports what it saw.
// usage: node console-page.mjs <consoleUrl> <keyA> <keyB> <deadLetterJobId> <batchJobId>
//        <correctedRecipient> <scheduleId> <screenshotDir>
// Tenant A signs in, submits an email through the API and watches the list reach SUCCEEDED,
// opens it, reads a batch's recipients, redrives the dead letter with a corrected payload and reads
// its history, reads the charts, walks the page with Tab, and is shown on a phone; tenant B signs in and looks for
// A's jobs. Prints one JSON line at the end; exits non-zero when a step fails.
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const require = createRequire(process.env.JOBQUEUE_NODE_MODULES + '/');
const { chromium } = require('playwright-core');

const [url, keyA, keyB, deadLetterId, batchId, corrected, scheduleId, shots] = process.argv.slice(2);
const origin = new URL(url).origin;
const WAIT = 120000;
const report = { requests: 0, foreign: [], errors: [], navigations: 0 };
const log = (message) => console.error(`[console-page] ${message}`);
const shot = (page, name) => page.screenshot({ path: path.join(shots, name), fullPage: true });

const browser = await chromium.launch({
  executablePath: process.env.JOBQUEUE_CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
         '--no-first-run', '--disable-component-update', '--disable-sync'],
});

async function open(viewport, extra = {}) {
  const context = await browser.newContext({ viewport, acceptDownloads: true, ...extra });
  const page = await context.newPage();
  page.on('request', (request) => {
    report.requests++;
    const u = request.url();
    if (!u.startsWith(origin + '/') && !u.startsWith('data:') && !u.startsWith('blob:')) {
      report.foreign.push(u);
    }
  });
  page.on('console', (m) => { if (m.type() === 'error') report.errors.push(m.text()); });
  page.on('pageerror', (e) => report.errors.push(String(e)));
  return { context, page };
}

/** Signs in with the keyboard alone: the key field has focus, Enter submits. */
async function signIn(page, key) {
  await page.goto(url, { waitUntil: 'networkidle', timeout: 30000 });
  await page.locator('#sign-in').waitFor({ state: 'visible', timeout: 30000 });
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
  if (focused !== 'api-key') {
    throw new Error(`the key field has no focus (${focused})`);
  }
  await page.keyboard.type(key);
  await page.keyboard.press('Enter');
  await page.locator('#jobs').waitFor({ state: 'visible', timeout: 30000 });
}

const rowStatus = (page, jobId) =>
  page.locator(`#job-table tr[data-job="${jobId}"] [data-status]`).first().getAttribute('data-status', { timeout: 1000 }).catch(() => null);

try {
  // ---- tenant A, desktop
  const a = await open({ width: 1280, height: 900 });
  const pageA = a.page;
  pageA.on('framenavigated', (frame) => { if (frame === pageA.mainFrame()) report.navigations++; });
  await signIn(pageA, keyA);
  log('A signed in');
  const navigationsAfterSignIn = report.navigations;

  // submitted through the API (from the page's origin, with A's key); the page is not reloaded
  // due a little later, so that the list shows it waiting before it shows it done
  const submitted = await pageA.evaluate(async (key) => {
    const runAt = new Date(Date.now() + 15000).toISOString();
    const response = await fetch('/v1/jobs', {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'email', runAt, payload: { to: ['watched@example.com'], subject: 'Watched', text: 'from the console test' } }),
    });
    return { status: response.status, body: await response.json() };
  }, keyA);
  if (submitted.status !== 202) {
    throw new Error(`POST /v1/jobs answered ${submitted.status}: ${JSON.stringify(submitted.body)}`);
  }
  const jobId = submitted.body.jobId;
  report.jobId = jobId;
  const seen = [];
  const deadline = Date.now() + WAIT;
  for (;;) {
    const status = await rowStatus(pageA, jobId);
    if (status && seen[seen.length - 1] !== status) {
      seen.push(status);
    }
    if (status === 'SUCCEEDED') {
      break;
    }
    if (Date.now() > deadline) {
      throw new Error(`job ${jobId} never showed SUCCEEDED in the list; saw ${seen}`);
    }
    await pageA.waitForTimeout(200);
  }
  report.listStatuses = seen;
  report.reloadedWhileWatching = report.navigations !== navigationsAfterSignIn;
  await shot(pageA, 'console-jobs.png');
  log(`A watched ${jobId}: ${seen}`);

  // the job's detail, opened from its link with the keyboard (live refresh off first, so that the
  // list is not redrawn under the focus)
  await Promise.all([
    pageA.waitForResponse((r) => r.url().includes('/v1/jobs?'), { timeout: 30000 }),
    pageA.locator('#job-filter input[name="live"]').uncheck(),
  ]);
  for (let tries = 0; ; tries++) {
    await pageA.locator(`#job-table tr[data-job="${jobId}"] a`).focus({ timeout: 30000 });
    await pageA.keyboard.press('Enter');
    try {
      await pageA.locator('#job').waitFor({ state: 'visible', timeout: 5000 });
      break;
    } catch (e) {
      if (tries >= 3) {
        throw e; // the list was redrawn under the focus each time
      }
    }
  }
  await pageA.locator('#job-detail [data-status="SUCCEEDED"]').waitFor({ timeout: WAIT });
  report.detailText = await pageA.locator('#job-detail').innerText();
  report.temporalLink = await pageA.locator('#temporal-link').getAttribute('href');
  const [download] = await Promise.all([
    pageA.waitForEvent('download', { timeout: 30000 }),
    pageA.locator('#download-result').click(),
  ]);
  report.downloadName = download.suggestedFilename();
  report.downloadText = await readFile(await download.path(), 'utf8');
  await shot(pageA, 'console-job.png');
  log('A read the detail');

  // a batch's per-recipient outcomes
  await pageA.goto(`${url}#job/${encodeURIComponent(batchId)}`);
  await pageA.locator('#item-table tbody tr').first().waitFor({ timeout: WAIT });
  report.recipients = await pageA.locator('#item-table tbody tr').evaluateAll((rows) =>
    rows.map((r) => ({ to: r.dataset.recipient, outcome: r.dataset.outcome })));
  await pageA.locator('#item-filter select').selectOption('failed');
  await pageA.locator('#item-filter button').click();
  await pageA.waitForFunction(() => [...document.querySelectorAll('#item-table tbody tr')].every((r) => r.dataset.outcome === 'failed'), null, { timeout: 30000 });
  report.failedRecipients = await pageA.locator('#item-table tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.recipient));
  await shot(pageA, 'console-batch.png');
  log('A read the batch');

  // the dead letter, redriven with a corrected payload
  await pageA.goto(`${url}#dead-letters`);
  const card = pageA.locator(`li[data-dead-letter="${deadLetterId}"]`);
  await card.waitFor({ timeout: WAIT });
  report.deadLetterText = await card.innerText();
  await card.locator('details.edit summary').click();
  const editor = card.locator('textarea');
  const payload = JSON.parse(await editor.inputValue());
  payload.to = [corrected];
  await editor.fill(JSON.stringify(payload, null, 2));
  await shot(pageA, 'console-dead-letters.png');
  await card.locator('button.redrive-edited').click();
  await card.waitFor({ state: 'detached', timeout: 30000 });
  report.redriveNotice = await pageA.locator('#notice').innerText();
  log('A redrove the dead letter');

  // the redriven job's detail: its history, from the bounced attempt to the redrive's delivery
  await pageA.goto(`${url}#job/${encodeURIComponent(deadLetterId)}`);
  await pageA.locator('#job-detail [data-status="SUCCEEDED"]').waitFor({ timeout: WAIT });
  await pageA.locator('#job-history li[data-kind="SUCCEEDED"]').waitFor({ timeout: WAIT });
  report.history = await pageA.locator('#job-history li').evaluateAll((items) =>
    items.map((i) => ({ kind: i.dataset.kind, attempt: i.dataset.attempt || null, text: i.textContent })));
  await shot(pageA, 'console-job-history.png');
  log('A read the redriven job\'s history');

  // the schedule, paused from the page
  await pageA.goto(`${url}#schedules`);
  const schedule = pageA.locator(`li[data-schedule="${scheduleId}"]`);
  await schedule.waitFor({ timeout: WAIT });
  report.scheduleText = await schedule.innerText();
  await schedule.getByRole('button', { name: 'Pause' }).click();
  await pageA.locator(`li[data-schedule="${scheduleId}"] [data-status="PAUSED"]`).waitFor({ timeout: 30000 });
  await shot(pageA, 'console-schedules.png');
  log('A paused the schedule');

  // the charts
  await pageA.goto(`${url}#activity`);
  // a flat line has no height, so the charts are awaited as drawn, not as visible
  await pageA.locator('#chart-throughput svg polyline').first().waitFor({ state: 'attached', timeout: WAIT });
  await pageA.locator('#chart-depth svg polyline').first().waitFor({ state: 'attached', timeout: WAIT });
  report.charts = {
    throughputLegend: await pageA.locator('#chart-throughput .legend').innerText(),
    throughputLabel: await pageA.locator('#chart-throughput svg').getAttribute('aria-label'),
    depthLegend: await pageA.locator('#chart-depth .legend').innerText(),
    throughputDots: await pageA.locator('#chart-throughput circle').count(),
    depthDots: await pageA.locator('#chart-depth circle').count(),
    figures: await pageA.locator('#act-current').innerText(),
  };
  await shot(pageA, 'console-activity.png');
  log('A read the charts');

  // the keyboard: from the top of the jobs page, what Tab reaches
  await pageA.goto(`${url}#jobs`);
  await pageA.locator(`#job-table tr[data-job="${jobId}"]`).waitFor({ timeout: WAIT });
  await pageA.locator('#job-filter').evaluate((form) => { form.live.checked = false; form.live.dispatchEvent(new Event('change')); });
  await pageA.evaluate(() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); });
  const reached = [];
  for (let i = 0; i < 60; i++) {
    await pageA.keyboard.press('Tab');
    reached.push(await pageA.evaluate(() => {
      const e = document.activeElement;
      if (!e || e === document.body) {
        return '';
      }
      const name = (e.getAttribute('aria-label') || e.textContent || e.name || e.id || '').trim().replace(/\s+/g, ' ');
      const visible = e.getBoundingClientRect().width > 0;
      return `${e.tagName.toLowerCase()}:${name}${visible ? '' : ' (invisible)'}`;
    }));
  }
  report.tabOrder = reached;
  await a.context.close();

  // ---- tenant A on a phone
  const phone = await open({ width: 390, height: 844 }, { isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  await signIn(phone.page, keyA);
  await phone.page.locator(`#job-table tr[data-job="${jobId}"]`).waitFor({ timeout: WAIT });
  report.phone = await phone.page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    fontSize: parseFloat(getComputedStyle(document.body).fontSize),
    listScrollWidth: document.querySelector('#jobs .scroll').scrollWidth,
    listWidth: document.querySelector('#jobs .scroll').clientWidth,
  }));
  await shot(phone.page, 'console-phone-jobs.png');
  await phone.page.goto(`${url}#job/${encodeURIComponent(jobId)}`);
  await phone.page.locator('#job-detail [data-status="SUCCEEDED"]').waitFor({ timeout: WAIT });
  report.phone.detailScrollWidth = await phone.page.evaluate(() => document.documentElement.scrollWidth);
  // what sticks out past the screen's right edge, named, so that a failure says which element
  report.phone.detailOverflow = await phone.page.evaluate(() => [...document.querySelectorAll('main *')]
    .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5 && !e.closest('.scroll, pre'))
    .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className ? `.${String(e.className).split(' ').join('.')}` : ''}: ${(e.textContent || '').trim().slice(0, 60)}`));
  await shot(phone.page, 'console-phone-job.png');
  await phone.context.close();
  log('phone screenshots taken');

  // ---- tenant B: none of A's jobs, dead letters or figures
  const b = await open({ width: 1280, height: 900 });
  await signIn(b.page, keyB);
  await b.page.waitForFunction(() => !document.querySelector('#jobs-empty').hidden || document.querySelector('#job-table tbody tr'), null, { timeout: WAIT });
  report.tenantB = {
    jobs: await b.page.locator('#job-table tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.job)),
    text: await b.page.locator('main').innerText(),
  };
  await shot(b.page, 'console-tenant-b-jobs.png');
  await b.page.goto(`${url}#job/${encodeURIComponent(jobId)}`);
  await b.page.locator('#notice.error').waitFor({ timeout: WAIT });
  report.tenantB.foreignJobNotice = await b.page.locator('#notice').innerText();
  report.tenantB.foreignJobDetail = await b.page.locator('#job-detail').innerText();
  await b.page.goto(`${url}#dead-letters`);
  await b.page.waitForFunction(() => !document.querySelector('#dl-empty').hidden || document.querySelector('#dl-list li'), null, { timeout: WAIT });
  report.tenantB.deadLetters = await b.page.locator('#dl-list li').evaluateAll((items) => items.map((i) => i.dataset.deadLetter));
  await b.page.goto(`${url}#schedules`);
  await b.page.waitForFunction(() => !document.querySelector('#sch-empty').hidden || document.querySelector('#sch-list li'), null, { timeout: WAIT });
  report.tenantB.schedules = await b.page.locator('#sch-list li').evaluateAll((items) => items.map((i) => i.dataset.schedule));
  await b.page.goto(`${url}#activity`);
  await b.page.locator('#chart-throughput svg polyline').first().waitFor({ state: 'attached', timeout: WAIT });
  report.tenantB.throughputLegend = await b.page.locator('#chart-throughput .legend').innerText();
  await shot(b.page, 'console-tenant-b-activity.png');
  await b.context.close();
  log('B looked');
  console.log(JSON.stringify(report));
} catch (e) {
  report.failure = String(e && e.stack ? e.stack : e);
  console.log(JSON.stringify(report));
  process.exitCode = 1;
} finally {
  await browser.close();
}
