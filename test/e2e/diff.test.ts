// End to end: the Compare tab of the real renderer (built by Vite, served by the loopback web
// bridge over the real services) in Debian's Chromium with playwright-core: paste the seed's
// client AARQ and the vendor tool's, see the four setting differences the vector states, and
// follow a row to the bytes in both frames.
import { describe, expect, it } from 'vitest';
import { seedVector } from '../support/vectors';
import { browserApp } from './harness';

const app = browserApp('diff', { mode: 'web', version: 'e2e', embeddedSimulator: false });

async function compare(a: string, b: string): Promise<void> {
  await app.page.locator('#compare-a').fill(a);
  await app.page.locator('#compare-b').fill(b);
  await app.page.getByRole('button', { name: 'Compare', exact: true }).click();
}

/** Offsets and bytes lit in a side's frame hex view. */
async function lit(side: 'a' | 'b'): Promise<{ offsets: number[]; bytes: string }> {
  const cells = app.page.locator(`.compare-side[data-side="${side}"] .hex-view[data-space=""] .hex-byte.hl`);
  const offsets = (await cells.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-offset'))))) as number[];
  return { offsets, bytes: (await cells.allTextContents()).join('') };
}

const client = seedVector('client-aarq-wrapped-sn-plain-dest145');
const vendor = seedVector('vendor-aarq-wrapped');

describe('Compare tab in Chromium over the web bridge', () => {
  it('the seed AARQs: four setting rows in the vector\'s words, then the challenge as per-connection', async () => {
    app.screenshotOnFailure('seed');
    await app.page.getByRole('tab', { name: 'Compare' }).click();
    await expect.poll(() => app.page.getByRole('tab', { name: 'Compare' }).getAttribute('aria-selected')).toBe('true');
    await compare(client.hex, vendor.hex.match(/../g)!.join(' '));
    const settingRows = app.page.locator('.diff-row[data-class="setting"]');
    await expect.poll(() => settingRows.count()).toBe(4);
    const texts = (await settingRows.locator('.diff-explanation').allTextContents()).map((t) => t.toLowerCase());
    for (const s of client.expect.diffAgainstVendor as string[]) {
      const head = s.replace(/\s*\(.*\)$/, '').toLowerCase();
      expect(texts.filter((t) => t.startsWith(head)), s).toHaveLength(1);
    }
    const pc = app.page.locator('.diff-row[data-class="per-connection"]');
    expect(await pc.count()).toBe(1);
    expect(await pc.locator('.diff-field').textContent()).toBe('calling-authentication-value');
    // Settings come first in the table.
    const classes = await app.page.locator('.diff-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-class')));
    expect(classes).toEqual(['setting', 'setting', 'setting', 'setting', 'per-connection']);
    expect(await app.page.getByTestId('compare-summary').textContent()).toMatch(/^4 setting differences · 1 per-connection/);
    expect(app.pageErrors).toEqual([]);
  });

  it('a row lights the field\'s bytes in both frames and selects it in both trees', async () => {
    app.screenshotOnFailure('row');
    const row = app.page.locator('.diff-row', { hasText: 'destination wPort' });
    await row.click();
    await expect.poll(() => row.getAttribute('aria-selected')).toBe('true');
    await expect.poll(async () => (await lit('a')).bytes).toBe('0091');
    expect((await lit('a')).offsets).toEqual([4, 5]);
    expect(await lit('b')).toEqual({ offsets: [4, 5], bytes: '0001' });
    for (const side of ['a', 'b']) {
      expect(await app.page.locator(`.compare-side[data-side="${side}"] .tree-row.selected`).getAttribute('data-label')).toBe('destination wPort');
    }

    // The conformance row: its bytes in A end in the client's 1C0320, in B in the vendor's 403EDD.
    await app.page.locator('.diff-row', { hasText: 'proposed-conformance' }).click();
    await expect.poll(async () => (await lit('a')).bytes).toMatch(/1C0320$/);
    const a = await lit('a');
    expect(a.bytes).toBe(client.hex.toUpperCase().slice(a.offsets[0]! * 2, (a.offsets[0]! + a.offsets.length) * 2));
    expect((await lit('b')).bytes).toMatch(/403EDD$/);
    expect(app.pageErrors).toEqual([]);
  });

  it('ciphered vs plain initiate: one row for the whole CHOICE', async () => {
    app.screenshotOnFailure('ciphered');
    await compare(seedVector('client-aarq-wrapped-sn-ciphered-gmac').hex, vendor.hex);
    const settingRows = app.page.locator('.diff-row[data-class="setting"] .diff-explanation');
    await expect.poll(() => settingRows.allTextContents()).toEqual([
      expect.stringMatching(/^application context SN with ciphering vs LN/),
      'InitiateRequest ciphered (glo-initiate-request) vs plain',
    ]);
  });

  it('input B that is not hex is reported under B, with no table', async () => {
    app.screenshotOnFailure('bad-hex');
    await compare(vendor.hex, '60 0G');
    await expect.poll(() => app.page.getByTestId('compare-input-b').textContent()).toMatch(/B at 4: .*'G' is not a hex digit/);
    expect(await app.page.getByTestId('compare-input-a').count()).toBe(0);
    expect(await app.page.locator('.diff-row').count()).toBe(0);
  });
});
