// Session bench child process (bundled to dist/bench-session.cjs by scripts/bench.mjs). The
// simulator runs in its own process so that each client figure is the client's whole process:
//   sim                      start the simulator (residential meter; the reader client may use GBT)
//                            on a free loopback port, print {"port":N}, run until killed
//   all-one-by-one <port>    connect + object list + every readable attribute, GET normal each
//   all-with-list <port>     the same batched with GET with-list (as many as the PDU allows)
//   year-classic <port>      the whole load profile buffer (a year of 15-minute rows), block transfer
//                            (client max PDU 1024 in every scenario)
//   year-gbt <port>          the same with general block transfer (window 8)
// Prints one JSON line: { mode, requests, attributes, rows, bytesIn, bytesOut, framesIn, innerMs, cpuMs, maxRssKb }.

import { readFileSync } from 'node:fs';
import { startSimulator, defaultDevicePath } from '../sim/index';
import { parseDeviceFile } from '../sim/device-model';
import { Session } from '../session/session';
import { readAllAttributes } from '../session/read-all';
import type { DeviceSettingsInput } from '../../src-shared/settings';

const READER: DeviceSettingsInput = {
  clientAddress: 32,
  authentication: 'low',
  password: { encoding: 'ascii', text: '12345678' },
  timeouts: { connectMs: 5000, responseMs: 20000, retries: 0 },
};

async function sim(): Promise<void> {
  const json = JSON.parse(readFileSync(defaultDevicePath(), 'utf8')) as { associations: { clientAddress: number; conformance: string[] }[] };
  for (const a of json.associations) if (a.clientAddress === 32 && !a.conformance.includes('general-block-transfer')) a.conformance.push('general-block-transfer');
  const handle = await startSimulator({ device: parseDeviceFile(json, 'bench device'), port: 0, transport: 'wrapper-tcp' });
  process.stdout.write(`${JSON.stringify({ port: handle.port })}\n`);
  const stop = (): void => void handle.stop().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

async function client(mode: string, port: number): Promise<void> {
  const gbt = mode === 'year-gbt';
  const session = new Session({
    // A 1024-byte client PDU, as many meters' buffers: the year comes in about a thousand blocks.
    settings: { ...READER, port, maxPduSize: 1024, ...(gbt ? { proposedConformance: 0x603edd, gbtWindowSize: 8 } : { proposedConformance: 0x403edd }) },
    ledger: 'memory',
  });
  let bytesIn = 0;
  let bytesOut = 0;
  let framesIn = 0;
  let framesOut = 0;
  session.on((e) => {
    if (e.kind !== 'frame') return;
    if (e.direction === 'server->client') {
      bytesIn += e.bytes.length;
      framesIn++;
    } else {
      bytesOut += e.bytes.length;
      framesOut++;
    }
  });
  const started = performance.now();
  let attributes = 0;
  let rows = 0;
  await session.connect();
  // Requests: the client's WPDUs between the AARQ and the RLRQ (each one APDU: GET requests and
  // their get-request-next / GBT acknowledgements).
  const framesBefore = framesOut;
  if (mode === 'all-one-by-one' || mode === 'all-with-list') {
    const list = await session.readObjectList();
    const { readings } = await readAllAttributes(session, list, { withList: mode === 'all-with-list', skip: (e, a) => e.classId === 7 && a === 2 });
    attributes = readings.length;
  } else if (mode === 'year-classic' || mode === 'year-gbt') {
    const buffer = await session.get('1-0:99.1.0.255', 2, { classId: 7 });
    rows = buffer.type === 'array' ? buffer.items.length : 0;
  } else throw new Error(`unknown mode ${mode}`);
  const requests = framesOut - framesBefore;
  await session.close();
  const innerMs = performance.now() - started;
  const u = process.resourceUsage();
  process.stdout.write(`${JSON.stringify({ mode, requests, attributes, rows, bytesIn, bytesOut, framesIn, innerMs, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssKb: u.maxRSS })}\n`);
}

const [mode, portText] = process.argv.slice(2);
if (mode === 'sim') void sim();
else if (mode) {
  client(mode, Number(portText)).catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
} else {
  process.stderr.write('usage: bench-session.cjs sim | all-one-by-one|all-with-list|year-classic|year-gbt <port>\n');
  process.exit(2);
}
