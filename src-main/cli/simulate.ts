// `meterscope simulate`: runs the built-in meter until SIGINT/SIGTERM and says where it listens and
// which associations it offers (client address, mechanism, password or key references). Keys are
// shown only with --show-keys.
import { type CliCommand, EXIT_OK, UsageError } from './command';
import { startSimulator, type SimulatorTransport } from '../sim/runner';
import { loadDeviceFile, type DeviceModel } from '../sim/device-model';
import type { SimulatorFaults } from '../sim/server';
import { DeviceFileError } from '../sim/device-model';
import { toHex } from '../../src-shared/hex';

const USAGE = `Usage: meterscope simulate [--port 4059] [--host 127.0.0.1] [--hdlc | --udp] [--device FILE]
                          [--fault delay=MS,drop-after=N,corrupt=N:K,exception=N,refuse-gbt] [--show-keys]

Runs the built-in meter (default: assets/devices/residential-meter.json) until Ctrl-C.
  --port N       TCP/UDP port (0 = any free port)       --hdlc   HDLC over TCP instead of the wrapper
  --udp          wrapper over UDP                       --device a meterscope device file (JSON)
  --fault LIST   delay=MS each response; drop-after=N frames sent; corrupt=N:K byte K of frame N;
                 exception=N answer request N with an exception-response; refuse-gbt
  --show-keys    print the keys of ciphered associations (never by default)
`;

function count(name: string, v: string): number {
  if (!/^\d+$/.test(v)) throw new UsageError(`--fault ${name} needs a whole number, got '${v}'`);
  return Number(v);
}

/** "delay=50,drop-after=3,corrupt=2:10,exception=4,refuse-gbt" → faults. */
export function parseFaults(text: string): SimulatorFaults {
  const f: SimulatorFaults = {};
  for (const item of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [name = '', value = ''] = item.split('=', 2);
    switch (name) {
      case 'delay':
        f.delayMs = count(name, value);
        break;
      case 'drop-after':
        f.dropAfterFrame = count(name, value);
        break;
      case 'corrupt': {
        const [frame = '', byte = ''] = value.split(':');
        f.corrupt = { frame: count(name, frame), byte: count(name, byte) };
        break;
      }
      case 'exception':
        f.exceptionOnRequest = count(name, value);
        break;
      case 'refuse-gbt':
        f.refuseGbt = true;
        break;
      default:
        throw new UsageError(`unknown fault '${name}' (delay, drop-after, corrupt, exception, refuse-gbt)`);
    }
  }
  return f;
}

const MECHANISMS = ['none (lowest)', 'LLS (password)', 'HLS manufacturer', 'HLS-MD5', 'HLS-SHA1', 'HLS-GMAC', 'HLS-SHA256', 'HLS-ECDSA'];
const POLICIES = ['no ciphering', 'authenticated', 'encrypted', 'authenticated and encrypted'];

/** The associations, one line each; keys only when asked. */
export function describeAssociations(device: DeviceModel, showKeys: boolean): string[] {
  return device.associations.map((a) => {
    const parts = [`client ${a.clientAddress} ${a.name}`, `${a.applicationContext}`, MECHANISMS[a.mechanism] ?? `mechanism ${a.mechanism}`];
    if (a.mechanism === 1) parts.push(`password '${String.fromCharCode(...(a.password ?? []))}'`);
    if (a.hlsSecret) parts.push(showKeys ? `HLS secret ${toHex(a.hlsSecret)}` : 'HLS secret (--show-keys)');
    const keySet = [...device.keySets].find(([, k]) => k === a.keys)?.[0] ?? '?';
    if (a.securityPolicy !== 0 || a.mechanism === 5) {
      parts.push(`${POLICIES[a.securityPolicy]}, suite ${a.securitySuite}`);
      parts.push(showKeys ? `EK ${toHex(a.keys.ek)} AK ${toHex(a.keys.ak)}` : `keys '${keySet}' (--show-keys)`);
    }
    return `  ${parts.join(', ')}`;
  });
}

export const simulateCommand: CliCommand = {
  name: 'simulate',
  summary: 'run the built-in meter simulator (wrapper TCP/UDP or HDLC over TCP)',
  usage: USAGE,
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    hdlc: { type: 'boolean' },
    udp: { type: 'boolean' },
    device: { type: 'string' },
    fault: { type: 'string' },
    'show-keys': { type: 'boolean' },
  },
  async run(ctx) {
    const v = ctx.values;
    if (v.hdlc && v.udp) throw new UsageError('--hdlc and --udp exclude each other (HDLC runs over TCP)');
    const portText = typeof v.port === 'string' ? v.port : '4059';
    if (!/^\d+$/.test(portText) || Number(portText) > 65535) throw new UsageError(`--port must be 0..65535, got '${portText}'`);
    const transport: SimulatorTransport = v.hdlc ? 'hdlc-tcp' : v.udp ? 'wrapper-udp' : 'wrapper-tcp';
    const faults = typeof v.fault === 'string' ? parseFaults(v.fault) : {};
    let device: DeviceModel | undefined;
    if (typeof v.device === 'string') {
      try {
        device = loadDeviceFile(v.device);
      } catch (e) {
        if (e instanceof DeviceFileError) throw new UsageError(e.message);
        throw e;
      }
    }
    const sim = await startSimulator({ ...(device ? { device } : {}), host: typeof v.host === 'string' ? v.host : '127.0.0.1', port: Number(portText), transport, faults });
    const d = sim.device;
    const addr = transport === 'hdlc-tcp' ? `HDLC server address ${d.addressing.hdlc.serverLogicalAddress}/${d.addressing.hdlc.serverPhysicalAddress}` : `server wPort ${d.addressing.wrapper.serverWPort}`;
    ctx.stdout(`${d.identity.name} (system title ${toHex(d.identity.systemTitle)}) listening on ${transport} ${sim.host}:${sim.port}, ${addr}\n`);
    ctx.stdout(`associations:\n${describeAssociations(d, v['show-keys'] === true).join('\n')}\n`);
    if (Object.keys(faults).length > 0) ctx.stdout(`faults: ${JSON.stringify(faults)}\n`);
    await new Promise<void>((done) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        void sim.stop().then(done);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    ctx.stdout('simulator stopped\n');
    return EXIT_OK;
  },
};
