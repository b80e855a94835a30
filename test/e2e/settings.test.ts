// End to end: the Settings tab of the real renderer (built by Vite, served by the loopback web
// bridge over the real services) in Debian's Chromium: enter the seed thread's final settings,
// see the live AARQ preview become the vendor tool's AARQ, the system title in both forms, the
// conformance as 0x403EDD, and the server address 145 become wrapper destination wPort 0091.
import { describe, expect, it } from 'vitest';
import { seedVector } from '../support/vectors';
import { browserApp } from './harness';

const app = browserApp('settings', { mode: 'web', version: 'e2e', embeddedSimulator: false });
const vendorAarq = seedVector('vendor-aarq-hls-gmac').hex.toUpperCase();

const input = (name: string) => app.page.locator(`.settings-form [name="${name}"]`);
const text = async (testId: string) => (await app.page.getByTestId(testId).textContent()) ?? '';

describe('Settings tab in Chromium over the web bridge', () => {
  it('the seed\'s final settings give the vendor AARQ in the live preview', async () => {
    app.screenshotOnFailure('seed');
    await app.page.getByRole('tab', { name: 'Settings' }).click();
    await expect.poll(() => app.page.getByRole('tab', { name: 'Settings' }).getAttribute('aria-selected')).toBe('true');
    // The defaults preview at once.
    await expect.poll(() => text('preview-summary')).toMatch(/AARQ LN/);

    await input('interface').selectOption('wrapper-tcp');
    await input('clientAddress').fill('1');
    await input('serverLogicalAddress').fill('1');
    await input('referencing').selectOption('ln');
    await input('authentication').selectOption('high-gmac');
    expect(await text('mechanism-name')).toBe('mechanism-name 2.16.756.5.8.2.5');

    // The thread's ASCII title first: both forms shown live.
    await input('clientSystemTitle').fill('ELS-0000');
    await expect.poll(() => text('forms-clientSystemTitle')).toMatch(/^ELS-0000 = 454C532D30303030/);
    // Then the working one, typed as hex: the ASCII form follows.
    await app.page.getByRole('radiogroup', { name: 'clientSystemTitle encoding' }).getByLabel('hex').check();
    await expect.poll(() => input('clientSystemTitle').inputValue()).toBe('454C532D30303030');
    await input('clientSystemTitle').fill('454C531111111111');
    await expect.poll(() => text('forms-clientSystemTitle')).toMatch(/^ELS\.\.\.\.\. = 454C531111111111/);

    await input('challengeMode').selectOption('fixed');
    await input('challengeFixed').fill('92DD5CD6F73ACEB7');
    await app.page.getByLabel('Proposed conformance hex').fill('403EDD');
    await input('maxPduSize').fill('1070');
    await input('securityPolicy').selectOption('none');
    await input('cipherInitiateRequest').selectOption('no');

    await expect.poll(() => text('aarq-hex')).toBe(vendorAarq);
    expect(await text('preview-summary')).toContain('AARQ LN, high-gmac');
    expect(await text('conformance-hex')).toBe('0x403EDD');
    expect(await app.page.locator('.conformance-bits input[name="general-block-transfer"]').isChecked()).toBe(false);
    expect(await app.page.locator('.conformance-bits input[name="general-protection"]').isChecked()).toBe(true);
    expect(await text('bytes-clientSystemTitle')).toContain('A60A0408454C531111111111');
    expect(await text('bytes-proposedConformance')).toContain('5F1F0400403EDD');
    expect(app.pageErrors).toEqual([]);
  });

  it('server address 145 becomes wrapper destination wPort 0091, in the field line and the tree', async () => {
    app.screenshotOnFailure('wport');
    await input('serverLogicalAddress').fill('145');
    await expect.poll(() => text('bytes-serverLogicalAddress')).toContain('wrapper destination wPort 0091 at bytes 4-5');
    const row = app.page.locator('.aarq-preview .tree-row[data-label="destination wPort"]');
    expect(await row.locator('.value').textContent()).toMatch(/^145\b/);
    // The field line lights the bytes in the hex view.
    await app.page.getByTestId('bytes-serverLogicalAddress').getByRole('button').click();
    const lit = app.page.locator('.aarq-preview .hex-view .hex-byte.hl');
    await expect.poll(() => lit.allTextContents()).toEqual(['00', '91']);
    expect(await app.page.locator('.aarq-preview .tree-row.selected').getAttribute('data-label')).toBe('destination wPort');
  });

  it('a refused value gets its message by the field; the preview keeps the last good frame', async () => {
    app.screenshotOnFailure('refused');
    await input('serverLogicalAddress').fill('99999');
    await expect.poll(() => app.page.getByTestId('problem-serverLogicalAddress').isVisible()).toBe(true);
    expect(await text('preview-refused')).toContain('serverLogicalAddress');
    expect(await text('aarq-hex')).toBe(vendorAarq);
    // A title of the wrong length passes the schema but not the AARQ builder: named by its field too.
    await input('serverLogicalAddress').fill('1');
    await input('clientSystemTitle').fill('454C53');
    await expect.poll(() => text('problem-clientSystemTitle')).toMatch(/8 bytes/);
    await input('clientSystemTitle').fill('454C531111111111');
    await expect.poll(() => app.page.getByTestId('problem-clientSystemTitle').count()).toBe(0);
    // Keys are masked until shown.
    expect(await input('blockCipherKey').getAttribute('type')).toBe('password');
    // The builder's refusal travels as the bridge's HTTP 400 (BAD_REQUEST), which Chromium logs
    // as a failed resource: exactly one such, and nothing else.
    expect(app.pageErrors).toEqual([expect.stringContaining('status of 400')]);
  });
});
