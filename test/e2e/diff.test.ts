// End to end: the Compare tab of the real renderer (built by Vite, served by the loopback web
// bridge over the real services) in Debian's Chromium with playwright-core: paste the seed's
// client AARQ and the vendor tool's, see the four setting differences the vector states, and
// follow a row to the bytes in both frames.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { createServices, type Services } from '../../src-main/services/index';
import { startWebBridge, type WebBridge } from '../../src-main/web/bridge';
import { REPO_ROOT, seedVector } from '../support/vectors';

const CHROMIUM = '/usr/bin/chromium';
const RESULTS = resolve(REPO_ROOT, 'test-results');

let work: string;
let services: Services;
let bridge: WebBridge;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (see .ci/run)`);
  work = mkdtempSync(join(tmpdir(), 'meterscope-e2e-diff-'));
  const rendererDir = join(work, 'renderer');
  process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING ??= 'true';
  await build({
    configFile: resolve(REPO_ROOT, 'vite.config.ts'),
    mode: 'production',
    logLevel: 'silent',
    build: { outDir: rendererDir, emptyOutDir: true, sourcemap: false },
  });
  services = await createServices({ mode: 'web', version: 'e2e', embeddedSimulator: false });
  bridge = await startWebBridge({ services, rendererDir });
  context = await chromium.launchPersistentContext(join(work, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  await page.goto(bridge.url);
}, 120_000);

afterAll(async () => {
  await context?.close();
  await bridge?.close();
  await services?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

function screenshotOnFailure(name: string): void {
  onTestFailed(async () => {
    mkdirSync(RESULTS, { recursive: true });
    await page?.screenshot({ path: join(RESULTS, `e2e-diff-${name}.png`), fullPage: true }).catch(() => undefined);
  });
}

async function compare(a: string, b: string): Promise<void> {
  await page.locator('#compare-a').fill(a);
  await page.locator('#compare-b').fill(b);
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
}

/** Offsets and bytes lit in a side's frame hex view. */
async function lit(side: 'a' | 'b'): Promise<{ offsets: number[]; bytes: string }> {
  const cells = page.locator(`.compare-side[data-side="${side}"] .hex-view[data-space=""] .hex-byte.hl`);
  const offsets = (await cells.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-offset'))))) as number[];
  return { offsets, bytes: (await cells.allTextContents()).join('') };
}

const client = seedVector('client-aarq-wrapped-sn-plain-dest145');
const vendor = seedVector('vendor-aarq-wrapped');

describe('Compare tab in Chromium over the web bridge', () => {
  it('the seed AARQs: four setting rows in the vector\'s words, then the challenge as per-connection', async () => {
    screenshotOnFailure('seed');
    await page.getByRole('tab', { name: 'Compare' }).click();
    await expect.poll(() => page.getByRole('tab', { name: 'Compare' }).getAttribute('aria-selected')).toBe('true');
    await compare(client.hex, vendor.hex.match(/../g)!.join(' '));
    const settingRows = page.locator('.diff-row[data-class="setting"]');
    await expect.poll(() => settingRows.count()).toBe(4);
    const texts = (await settingRows.locator('.diff-explanation').allTextContents()).map((t) => t.toLowerCase());
    for (const s of client.expect.diffAgainstVendor as string[]) {
      const head = s.replace(/\s*\(.*\)$/, '').toLowerCase();
      expect(texts.filter((t) => t.startsWith(head)), s).toHaveLength(1);
    }
    const pc = page.locator('.diff-row[data-class="per-connection"]');
    expect(await pc.count()).toBe(1);
    expect(await pc.locator('.diff-field').textContent()).toBe('calling-authentication-value');
    // Settings come first in the table.
    const classes = await page.locator('.diff-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-class')));
    expect(classes).toEqual(['setting', 'setting', 'setting', 'setting', 'per-connection']);
    expect(await page.getByTestId('compare-summary').textContent()).toMatch(/^4 setting differences · 1 per-connection/);
    expect(pageErrors).toEqual([]);
  });

  it('a row lights the field\'s bytes in both frames and selects it in both trees', async () => {
    screenshotOnFailure('row');
    const row = page.locator('.diff-row', { hasText: 'destination wPort' });
    await row.click();
    await expect.poll(() => row.getAttribute('aria-selected')).toBe('true');
    await expect.poll(async () => (await lit('a')).bytes).toBe('0091');
    expect((await lit('a')).offsets).toEqual([4, 5]);
    expect(await lit('b')).toEqual({ offsets: [4, 5], bytes: '0001' });
    for (const side of ['a', 'b']) {
      expect(await page.locator(`.compare-side[data-side="${side}"] .tree-row.selected`).getAttribute('data-label')).toBe('destination wPort');
    }

    // The conformance row: its bytes in A end in the client's 1C0320, in B in the vendor's 403EDD.
    await page.locator('.diff-row', { hasText: 'proposed-conformance' }).click();
    await expect.poll(async () => (await lit('a')).bytes).toMatch(/1C0320$/);
    const a = await lit('a');
    expect(a.bytes).toBe(client.hex.toUpperCase().slice(a.offsets[0]! * 2, (a.offsets[0]! + a.offsets.length) * 2));
    expect((await lit('b')).bytes).toMatch(/403EDD$/);
    expect(pageErrors).toEqual([]);
  });

  it('ciphered vs plain initiate: one row for the whole CHOICE', async () => {
    screenshotOnFailure('ciphered');
    await compare(seedVector('client-aarq-wrapped-sn-ciphered-gmac').hex, vendor.hex);
    const settingRows = page.locator('.diff-row[data-class="setting"] .diff-explanation');
    await expect.poll(() => settingRows.allTextContents()).toEqual([
      expect.stringMatching(/^application context SN with ciphering vs LN/),
      'InitiateRequest ciphered (glo-initiate-request) vs plain',
    ]);
  });

  it('input B that is not hex is reported under B, with no table', async () => {
    screenshotOnFailure('bad-hex');
    await compare(vendor.hex, '60 0G');
    await expect.poll(() => page.getByTestId('compare-input-b').textContent()).toMatch(/B at 4: .*'G' is not a hex digit/);
    expect(await page.getByTestId('compare-input-a').count()).toBe(0);
    expect(await page.locator('.diff-row').count()).toBe(0);
  });
});
