// Opens the API reference page in headless Chromium and reports what it shows and what it loaded.
// usage: node api-reference-page.mjs <url> <screenshot.png>
// Prints one JSON line: {title, operations, requests, foreign, errors}; exits non-zero on failure.
import { createRequire } from 'node:module';

const require = createRequire(process.env.JOBQUEUE_NODE_MODULES + '/');
const { chromium } = require('playwright-core');

const [url, screenshot] = process.argv.slice(2);
const origin = new URL(url).origin;
const browser = await chromium.launch({
  executablePath: process.env.JOBQUEUE_CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
         '--no-first-run', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const requests = [];
  const errors = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(url, { waitUntil: 'networkidle', timeout: 30000 });
  await page.locator('.opblock').first().waitFor({ timeout: 30000 });
  await page.screenshot({ path: screenshot, fullPage: true });
  const operations = await page.locator('.opblock').evaluateAll((blocks) =>
    blocks.map((block) => {
      const method = block.querySelector('.opblock-summary-method');
      const path = block.querySelector('.opblock-summary-path');
      return `${method ? method.textContent.trim() : '?'} ${path ? path.textContent.trim().replace(/\u200b/g, '') : '?'}`;
    }));
  console.log(JSON.stringify({
    title: await page.title(),
    operations,
    requests,
    foreign: requests.filter((r) => !r.startsWith(origin + '/') && !r.startsWith('data:')),
    errors,
  }));
} finally {
  await browser.close();
}
