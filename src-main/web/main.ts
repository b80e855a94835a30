// `npm run web`: the services behind the loopback bridge, the URL (with its token) printed.
//   node dist/main/web.cjs [--port N] [--open] [--no-simulator] [--renderer DIR]
// Built by vite (mode "main") next to main.cjs; the renderer is expected in ../renderer.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createServices } from '../services/index';
import { startWebBridge } from './bridge';

interface Args {
  port: number;
  open: boolean;
  simulator: boolean;
  rendererDir: string;
}

function parseArgs(argv: string[], here: string): Args {
  const args: Args = { port: 0, open: false, simulator: true, rendererDir: resolve(here, '../renderer') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--open') args.open = true;
    else if (a === '--no-simulator') args.simulator = false;
    else if (a === '--port' || a === '--renderer') {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      if (a === '--port') {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--port ${v}: not a port number`);
        args.port = n;
      } else args.rendererDir = resolve(v);
    } else throw new Error(`unknown argument ${a} (use --port N, --open, --no-simulator, --renderer DIR)`);
  }
  return args;
}

function packageVersion(here: string): string {
  for (const p of [resolve(here, '../../package.json'), resolve(here, '../package.json')]) {
    try {
      const v = (JSON.parse(readFileSync(p, 'utf8')) as { version?: unknown }).version;
      if (typeof v === 'string') return v;
    } catch {
      // try the next candidate
    }
  }
  return '0.0.0';
}

function openBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  const child = spawn(cmd, args as string[], { stdio: 'ignore', detached: true });
  child.on('error', () => process.stderr.write(`could not open a browser (${cmd}); open the URL yourself\n`));
  child.unref();
}

export async function runWeb(argv: string[], here: string): Promise<void> {
  const args = parseArgs(argv, here);
  const services = await createServices({ mode: 'web', version: packageVersion(here), embeddedSimulator: args.simulator });
  const bridge = await startWebBridge({ services, rendererDir: args.rendererDir, port: args.port });
  const sim = services.simulator.status;
  process.stdout.write(
    `Meterscope web bridge on loopback only. Open:\n\n  ${bridge.url}\n\n` +
      `Simulator: ${sim.state}${sim.port ? ` on ${sim.host}:${sim.port}` : ''}. Ctrl+C to stop.\n`,
  );
  if (args.open) openBrowser(bridge.url);
  const shutdown = () => {
    void Promise.all([bridge.close(), services.stop()]).then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

// The bundle is CommonJS: __dirname is the bundle's folder (dist/main).
runWeb(process.argv.slice(2), typeof __dirname === 'string' ? __dirname : dirname(process.argv[1] ?? '.')).catch((e: unknown) => {
  process.stderr.write(`meterscope web: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
