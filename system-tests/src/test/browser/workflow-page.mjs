// Opens a job's Temporal Web UI link in headless Chromium and reports what the page shows.
// usage: node workflow-page.mjs <url> <workflowId> <screenshot.png>
// Prints one JSON line: {title, hasWorkflowId, jobStatus, text} ; exits non-zero on failure.
import { createRequire } from 'node:module';

const require = createRequire(process.env.JOBQUEUE_NODE_MODULES + '/');
const { chromium } = require('playwright-core');

const [url, workflowId, screenshot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.JOBQUEUE_CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
         '--no-first-run', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(url, { waitUntil: 'networkidle', timeout: 30000 });
  await page.getByText(workflowId).first().waitFor({ timeout: 30000 });
  // the search attributes are part of the workflow's details; open them if folded away
  const toggle = page.getByText(/Search Attributes/i).first();
  if (await toggle.count()) {
    await toggle.click().catch(() => {});
  }
  await page.getByText('JobStatus').first().waitFor({ timeout: 15000 });
  await page.screenshot({ path: screenshot, fullPage: true });
  const text = await page.locator('body').innerText();
  const match = text.match(/"?JobStatus"?\s*:?\s*"?([A-Z_]+)"?/);
  console.log(JSON.stringify({
    title: await page.title(),
    hasWorkflowId: text.includes(workflowId),
    jobStatus: match ? match[1] : null,
  }));
} finally {
  await browser.close();
}
