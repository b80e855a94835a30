// End to end: the real renderer, built by Vite, served by the loopback web bridge over the real
// services, driven in Debian's Chromium with playwright-core (never `playwright install`).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { createServices, type Services } from '../../src-main/services/index';
import { startWebBridge, type WebBridge } from '../../src-main/web/bridge';
import { REPO_ROOT, seedVector } from '../support/vectors';
import { ocrSeedLine } from '../unit/ipc/seed-text';

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
  work = mkdtempSync(join(tmpdir(), 'meterscope-e2e-'));
  const rendererDir = join(work, 'renderer');
  process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING ??= 'true';
  await build({
    configFile: resolve(REPO_ROOT, 'vite.config.ts'),
    mode: 'production',
    logLevel: 'silent',
    build: { outDir: rendererDir, emptyOutDir: true, sourcemap: false },
  });
  services = await createServices({ mode: 'web', version: 'e2e' });
  bridge = await startWebBridge({ services, rendererDir });
  context = await chromium.launchPersistentContext(join(work, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
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
    await page?.screenshot({ path: join(RESULTS, `e2e-translator-${name}.png`), fullPage: true }).catch(() => undefined);
  });
}

async function decode(text: string, lenient: boolean): Promise<void> {
  await page.locator('#translator-text').fill(text);
  await page.getByLabel(/^Lenient/).setChecked(lenient);
  await page.getByRole('button', { name: 'Decode' }).click();
}

describe('translator pane in Chromium over the web bridge', () => {
  it('shows the header with the embedded simulator status and no CSP or script errors', async () => {
    screenshotOnFailure('header');
    await expect.poll(() => page.locator('.app-name').textContent()).toBe('Meterscope');
    // The app starts its built-in meter as the embedded default, on loopback (4059 or a free port).
    const status = services.simulator.status;
    expect(status.state, status.detail).toBe('running');
    const port = status.port;
    expect(port).toBeTypeOf('number');
    await expect.poll(() => page.getByTestId('simulator-status').textContent()).toBe(`Simulator: running on 127.0.0.1:${port}`);
    expect(pageErrors).toEqual([]);
  });

  it('decodes the vendor AARQ: summary, mechanism, conformance names; a node click highlights its bytes', async () => {
    screenshotOnFailure('vendor-aarq');
    const v = seedVector('vendor-aarq-hls-gmac');
    const hex = v.hex.toUpperCase();
    await decode(v.hex, false);
    const summary = page.getByTestId('frame-summary');
    await expect.poll(() => summary.count()).toBe(1);
    expect(await summary.textContent()).toMatch(/^AARQ\b/);

    const tree = page.locator('.field-tree');
    await expect.poll(() => tree.textContent()).toMatch(/high[- ]level security,? GMAC/i);
    const treeText = (await tree.textContent()) ?? '';
    for (const name of ['general-protection', 'attribute0-supported-with-get', 'block-transfer-with-get-or-read', 'selective-access', 'action']) {
      expect(treeText).toContain(name);
    }

    // Click the conformance row: exactly its bytes light up, and they are the vector's bytes there.
    const row = page.locator('.tree-row').filter({ hasText: 'general-protection' }).last();
    await row.click();
    await expect.poll(() => row.getAttribute('class')).toContain('selected');
    const lit = page.locator('.hex-view[data-space=""] .hex-byte.hl');
    const offsets = (await lit.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-offset'))))) as number[];
    const bytes = (await lit.allTextContents()).join('');
    expect(offsets.length).toBeGreaterThanOrEqual(3);
    offsets.forEach((o, i) => expect(o).toBe(offsets[0]! + i));
    expect(bytes).toBe(hex.slice(offsets[0]! * 2, (offsets[0]! + offsets.length) * 2));
    expect(bytes.endsWith('403EDD')).toBe(true);
    expect(await row.locator('.range').textContent()).toBe(`[${offsets[0]}+${offsets.length}]`);
  });

  it('hovering a byte selects the innermost node covering it', async () => {
    screenshotOnFailure('hover');
    const hex = seedVector('vendor-aarq-hls-gmac').hex.toUpperCase();
    // The mechanism-name OID 2.16.756.5.8.2.5 is encoded as 60 85 74 05 08 02 05.
    const oidAt = hex.indexOf('60857405080205') / 2;
    expect(oidAt).toBeGreaterThan(0);
    await page.locator(`.hex-view[data-space=""] .hex-byte[data-offset="${oidAt + 3}"]`).hover();
    const selected = page.locator('.tree-row.selected');
    await expect.poll(() => selected.textContent()).toContain('2.16.756.5.8.2.5');
    const range = /\[(\d+)\+(\d+)\]/.exec((await selected.locator('.range').textContent()) ?? '');
    const [start, length] = [Number(range?.[1]), Number(range?.[2])];
    expect(start).toBeLessThanOrEqual(oidAt + 3);
    expect(start + length).toBeGreaterThan(oidAt + 3);
  });

  it('reads the OCR line leniently and shows every substitution', async () => {
    screenshotOnFailure('ocr');
    const line = ocrSeedLine();
    await decode(line, false);
    await expect.poll(() => page.getByTestId('input-errors').count()).toBe(1);
    await decode(line, true);
    const subs = page.getByTestId('substitutions');
    await expect.poll(() => subs.count()).toBe(1);
    const text = (await subs.textContent()) ?? '';
    expect(text).toMatch(/^\d+ substitutions \(lenient\)/);
    expect(text).toContain('‘O’→‘0’');
    expect(text).toContain('‘S’→‘5’');
    await expect.poll(() => page.getByTestId('frame-summary').count()).toBe(3);
  });

  it('marks a truncated frame as malformed at its offset', async () => {
    screenshotOnFailure('malformed');
    const hex = seedVector('vendor-aarq-hls-gmac').hex;
    const cut = hex.slice(0, 60); // 30 bytes of a 68-byte AARQ
    await decode(cut, false);
    const badge = page.locator('.malformed-badge');
    await expect.poll(() => badge.count()).toBe(1);
    const at = Number(/malformed at byte (\d+)/.exec((await badge.textContent()) ?? '')?.[1]);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(at).toBeLessThanOrEqual(30);
    await expect.poll(() => page.locator(`.hex-view[data-space=""] .hex-byte.malformed[data-offset="${at}"]`).count()).toBe(1);
    expect(await page.locator('.tree-row.problem').count()).toBeGreaterThan(0);
  });
});
