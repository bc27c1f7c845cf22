import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkSeed } from '../helpers/bulk-seed.js';
import { call } from '../helpers/api-client.js';
import { CHROMIUM_PATH as CHROMIUM, HAVE_CHROMIUM, NO_CHROMIUM_MESSAGE } from '../helpers/chromium-path.js';
import { startStack, type Stack } from '../helpers/start-stack.js';

const ITEMS = 40;
/** The item whose PATCH the simulator refuses; its error must reach the page as text, never as markup. */
const FAILING = 7;
const INJECTED = 'Injected: <b>not</b> allowed to change this assignment';

if (!HAVE_CHROMIUM) console.error(NO_CHROMIUM_MESSAGE);

let stack: Stack;
let browser: BrowserContext;
let profile: string;

/** The "n / total done" a job's row shows. */
async function doneOf(page: Page, jobId: string): Promise<number> {
  const text = await page.locator(`#jobs tr[data-job-id="${jobId}"] .progress-text`).textContent();
  const match = /^(\d+) \/ (\d+) done/.exec(text ?? '');
  if (!match) throw new Error(`no progress in '${text}'`);
  return Number(match[1]);
}

describe.skipIf(!HAVE_CHROMIUM)('the status page in a real browser', () => {
  beforeAll(async () => {
    const { seed, items } = bulkSeed(ITEMS);
    // A small budget, so the job takes long enough to be watched moving.
    stack = await startStack({ label: 'page', sim: { seed }, env: { GRAPH_WRITE_BUDGET: '4/1s' } });
    stack.sim.setFaults([{ status: 403, code: 'Forbidden', message: INJECTED, pathContains: items[FAILING]!.path.split('/').pop()!, times: 1 }]);
    profile = await mkdtemp(join(tmpdir(), 'bulk-assign-chromium-'));
    // A fresh profile for every run; playwright passes it as --user-data-dir.
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 1000 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  it("shows a running job's progress moving to the end, an item's error from Graph, and each budget's rate", async () => {
    const { items } = bulkSeed(ITEMS);
    const submitted = await call(`${stack.api}/jobs`, { method: 'POST', json: { label: 'page test', items } });
    expect(submitted.status).toBe(202);
    const { jobId } = submitted.body;

    const page = await browser.newPage();
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') failures.push(message.text());
    });
    page.on('response', (response) => {
      if (response.status() >= 400) failures.push(`${response.status()} ${response.url()}`);
    });
    const answer = await page.goto(`${stack.api}/status?refresh=400`);
    expect(answer?.status()).toBe(200);
    expect(answer?.headers()['content-security-policy']).toContain("script-src 'self'");

    await page.locator(`#jobs tr[data-job-id="${jobId}"]`).waitFor();
    const seen = new Set<number>([await doneOf(page, jobId)]);
    while (Math.max(...seen) < ITEMS) {
      await page.waitForTimeout(300);
      seen.add(await doneOf(page, jobId));
    }
    // At least two readings between the start and the end: the bar moved while the job ran.
    expect([...seen].filter((n) => n > 0 && n < ITEMS).length).toBeGreaterThanOrEqual(2);
    await expect.poll(() => page.locator(`#jobs tr[data-job-id="${jobId}"] td`).nth(3).textContent()).toBe('partiallySucceeded');

    await page.locator(`#jobs tr[data-job-id="${jobId}"]`).click();
    await page.locator('#item-filters button[data-status="failed"]').click();
    const failed = page.locator('#items tbody tr[data-status="failed"]');
    await expect.poll(() => failed.count()).toBe(1);
    expect(await failed.getAttribute('data-index')).toBe(String(FAILING));
    const error = failed.locator('.item-error');
    expect(await error.textContent()).toBe(`Forbidden: ${INJECTED}`);
    expect(await error.locator('b').count()).toBe(0);

    await page.locator('#item-filters button[data-status="succeeded"]').click();
    await expect.poll(() => page.locator('#items tbody tr[data-status="succeeded"]').count()).toBe(ITEMS - 1);
    const health = await call(`${stack.api}/health`);
    const keys: string[] = health.body.budgets.budgets.map((b: { key: string }) => b.key);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(await page.locator(`#budgets tr[data-budget="${key}"] td`).nth(2).textContent()).toBe('4/1s');
    expect(await page.locator('#health').textContent()).toBe('healthy');
    if (process.env.STATUS_PAGE_SCREENSHOT) await page.screenshot({ path: process.env.STATUS_PAGE_SCREENSHOT, fullPage: true });
    expect(failures).toEqual([]);
  });

  it('answers 404 problem details for any file the page does not have', async () => {
    for (const name of ['index.html', '..%2Fhost.json', 'status-page.ts']) {
      const { status, headers } = await call(`${stack.api}/status/${name}`);
      expect(status).toBe(404);
      expect(headers.get('content-type')).toContain('application/problem+json');
    }
  });
});

describe.skipIf(!HAVE_CHROMIUM)('the status page with AUTH_MODE=entra and no App Service Authentication in front', () => {
  let entra: Stack;
  let context: BrowserContext;
  let dir: string;

  beforeAll(async () => {
    entra = await startStack({
      label: 'page-entra',
      env: {
        AUTH_MODE: 'entra',
        AUTH_TENANT_ID: '11111111-2222-4333-8444-555555555555',
        AUTH_AUDIENCE: 'api://bulk-assign-test',
        // Never reached: a request without a token is refused before any key is fetched.
        AUTH_OPENID_CONFIG_URL: 'http://127.0.0.1:9/.well-known/openid-configuration',
      },
    });
    dir = await mkdtemp(join(tmpdir(), 'bulk-assign-chromium-'));
    context = await chromium.launchPersistentContext(dir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 90_000);

  afterAll(async () => {
    await context?.close();
    await entra?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('asks the API with no identity, is refused, and says that sign-in is needed instead of showing data', async () => {
    const page = await context.newPage();
    const refused: string[] = [];
    page.on('response', (response) => {
      if (response.url().includes('/api/jobs')) refused.push(`${response.status()} ${response.request().headers().authorization ?? 'no token'}`);
    });
    const answer = await page.goto(`${entra.api}/status?refresh=300`);
    expect(answer?.status()).toBe(200);
    await expect.poll(() => page.locator('#notice').textContent()).toMatch(/^This service requires sign-in \(AUTH_MODE=entra\)\. The page signs in through App Service Authentication/);
    // Still the same explanation after a few more refreshes, each refused the same way.
    await page.waitForTimeout(1200);
    expect(await page.locator('#notice').textContent()).toMatch(/^This service requires sign-in/);
    expect(refused.length).toBeGreaterThan(2);
    expect(new Set(refused)).toEqual(new Set(['401 no token']));
    expect(await page.locator('#jobs tbody tr').count()).toBe(0);
  });
});

if (!HAVE_CHROMIUM) {
  describe('the status page in a real browser', () => {
    it.skip(`DID NOT RUN: no Chromium at ${CHROMIUM}`, () => {});
  });
}
