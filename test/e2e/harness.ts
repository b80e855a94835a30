// The e2e harness: the real renderer, built by Vite, served by the loopback web bridge over the
// real services, driven in Debian's Chromium with playwright-core (never `playwright install`).
// browserApp() registers the suite's beforeAll/afterAll; the page is open once beforeAll is done.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, onTestFailed } from 'vitest';
import { createServices, type Services, type ServicesOptions } from '../../src-main/services/index';
import { startWebBridge, type WebBridge } from '../../src-main/web/bridge';
import { REPO_ROOT } from '../support/vectors';

const CHROMIUM = '/usr/bin/chromium';
const RESULTS = resolve(REPO_ROOT, 'test-results');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface BrowserApp {
  /** The app's page (after beforeAll). */
  readonly page: Page;
  /** The services behind the bridge (after beforeAll). */
  readonly services: Services;
  /** Uncaught page errors and console errors, in order. */
  readonly pageErrors: string[];
  /** Saves a full-page screenshot to test-results/e2e-<suite>-<name>.png if the current test fails. */
  screenshotOnFailure(name: string): void;
}

/** Builds the renderer, starts the services with `options` and the bridge, and opens the app in Chromium. */
export function browserApp(suite: string, options: ServicesOptions): BrowserApp {
  let work: string | undefined;
  let services: Services | undefined;
  let bridge: WebBridge | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (see .ci/run)`);
    work = mkdtempSync(join(tmpdir(), `meterscope-e2e-${suite}-`));
    const rendererDir = join(work, 'renderer');
    process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING ??= 'true';
    await build({
      configFile: resolve(REPO_ROOT, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'silent',
      build: { outDir: rendererDir, emptyOutDir: true, sourcemap: false },
    });
    services = await createServices(options);
    bridge = await startWebBridge({ services, rendererDir });
    context = await chromium.launchPersistentContext(join(work, 'profile'), { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const p = context.pages()[0] ?? (await context.newPage());
    page = p;
    p.on('pageerror', (e) => pageErrors.push(e.message));
    p.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    await p.goto(bridge.url);
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await bridge?.close();
    await services?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  return {
    get page(): Page {
      if (page === undefined) throw new Error('e2e: the page is not open (beforeAll failed?)');
      return page;
    },
    get services(): Services {
      if (services === undefined) throw new Error('e2e: the services did not start (beforeAll failed?)');
      return services;
    },
    pageErrors,
    screenshotOnFailure(name: string): void {
      onTestFailed(async () => {
        mkdirSync(RESULTS, { recursive: true });
        await page?.screenshot({ path: join(RESULTS, `e2e-${suite}-${name}.png`), fullPage: true }).catch(() => undefined);
      });
    },
  };
}
