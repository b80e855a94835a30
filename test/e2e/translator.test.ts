// End to end: the real renderer, built by Vite, served by the loopback web bridge over the real
// services, driven in Debian's Chromium with playwright-core (never `playwright install`).
import { describe, expect, it } from 'vitest';
import { seedVector } from '../support/vectors';
import { ocrSeedLine } from '../unit/ipc/seed-text';
import { browserApp } from './harness';

const app = browserApp('translator', { mode: 'web', version: 'e2e' });

async function decode(text: string, lenient: boolean): Promise<void> {
  await app.page.locator('#translator-text').fill(text);
  await app.page.getByLabel(/^Lenient/).setChecked(lenient);
  await app.page.getByRole('button', { name: 'Decode' }).click();
}

describe('translator pane in Chromium over the web bridge', () => {
  it('shows the header with the embedded simulator status and no CSP or script errors', async () => {
    app.screenshotOnFailure('header');
    await expect.poll(() => app.page.locator('.app-name').textContent()).toBe('Meterscope');
    // The app starts its built-in meter as the embedded default, on loopback (4059 or a free port).
    const status = app.services.simulator.status;
    expect(status.state, status.detail).toBe('running');
    const port = status.port;
    expect(port).toBeTypeOf('number');
    await expect.poll(() => app.page.getByTestId('simulator-status').textContent()).toBe(`Simulator: running on 127.0.0.1:${port}`);
    expect(app.pageErrors).toEqual([]);
  });

  it('decodes the vendor AARQ: summary, mechanism, conformance names; a node click highlights its bytes', async () => {
    app.screenshotOnFailure('vendor-aarq');
    const v = seedVector('vendor-aarq-hls-gmac');
    const hex = v.hex.toUpperCase();
    await decode(v.hex, false);
    const summary = app.page.getByTestId('frame-summary');
    await expect.poll(() => summary.count()).toBe(1);
    expect(await summary.textContent()).toMatch(/^AARQ\b/);

    const tree = app.page.locator('.field-tree');
    await expect.poll(() => tree.textContent()).toMatch(/high[- ]level security,? GMAC/i);
    const treeText = (await tree.textContent()) ?? '';
    for (const name of ['general-protection', 'attribute0-supported-with-get', 'block-transfer-with-get-or-read', 'selective-access', 'action']) {
      expect(treeText).toContain(name);
    }

    // Click the conformance row: exactly its bytes light up, and they are the vector's bytes there.
    const row = app.page.locator('.tree-row').filter({ hasText: 'general-protection' }).last();
    await row.click();
    await expect.poll(() => row.getAttribute('class')).toContain('selected');
    const lit = app.page.locator('.hex-view[data-space=""] .hex-byte.hl');
    const offsets = (await lit.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-offset'))))) as number[];
    const bytes = (await lit.allTextContents()).join('');
    expect(offsets.length).toBeGreaterThanOrEqual(3);
    offsets.forEach((o, i) => expect(o).toBe(offsets[0]! + i));
    expect(bytes).toBe(hex.slice(offsets[0]! * 2, (offsets[0]! + offsets.length) * 2));
    expect(bytes.endsWith('403EDD')).toBe(true);
    expect(await row.locator('.range').textContent()).toBe(`[${offsets[0]}+${offsets.length}]`);
  });

  it('hovering a byte selects the innermost node covering it', async () => {
    app.screenshotOnFailure('hover');
    const hex = seedVector('vendor-aarq-hls-gmac').hex.toUpperCase();
    // The mechanism-name OID 2.16.756.5.8.2.5 is encoded as 60 85 74 05 08 02 05.
    const oidAt = hex.indexOf('60857405080205') / 2;
    expect(oidAt).toBeGreaterThan(0);
    await app.page.locator(`.hex-view[data-space=""] .hex-byte[data-offset="${oidAt + 3}"]`).hover();
    const selected = app.page.locator('.tree-row.selected');
    await expect.poll(() => selected.textContent()).toContain('2.16.756.5.8.2.5');
    const range = /\[(\d+)\+(\d+)\]/.exec((await selected.locator('.range').textContent()) ?? '');
    const [start, length] = [Number(range?.[1]), Number(range?.[2])];
    expect(start).toBeLessThanOrEqual(oidAt + 3);
    expect(start + length).toBeGreaterThan(oidAt + 3);
  });

  it('reads the OCR line leniently and shows every substitution', async () => {
    app.screenshotOnFailure('ocr');
    const line = ocrSeedLine();
    await decode(line, false);
    await expect.poll(() => app.page.getByTestId('input-errors').count()).toBe(1);
    await decode(line, true);
    const subs = app.page.getByTestId('substitutions');
    await expect.poll(() => subs.count()).toBe(1);
    const text = (await subs.textContent()) ?? '';
    expect(text).toMatch(/^\d+ substitutions \(lenient\)/);
    expect(text).toContain('‘O’→‘0’');
    expect(text).toContain('‘S’→‘5’');
    await expect.poll(() => app.page.getByTestId('frame-summary').count()).toBe(3);
  });

  it('marks a truncated frame as malformed at its offset', async () => {
    app.screenshotOnFailure('malformed');
    const hex = seedVector('vendor-aarq-hls-gmac').hex;
    const cut = hex.slice(0, 60); // 30 bytes of a 68-byte AARQ
    await decode(cut, false);
    const badge = app.page.locator('.malformed-badge');
    await expect.poll(() => badge.count()).toBe(1);
    const at = Number(/malformed at byte (\d+)/.exec((await badge.textContent()) ?? '')?.[1]);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(at).toBeLessThanOrEqual(30);
    await expect.poll(() => app.page.locator(`.hex-view[data-space=""] .hex-byte.malformed[data-offset="${at}"]`).count()).toBe(1);
    expect(await app.page.locator('.tree-row.problem').count()).toBeGreaterThan(0);
  });
});
