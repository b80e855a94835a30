// Bench child process (bundled to dist/bench.cjs by scripts/bench.mjs). One mode per process so
// that wall time, CPU time and peak RSS are whole-process figures:
//   gen <file> <count>       write the deterministic capture
//   baseline <file>          plain decoders, no sink: frame codec + APDU codec
//   dissect <file>           dissect(): field tree with byte ranges and hex, summary
//   dissect-keys <file>      dissect() with keys: ciphered APDUs decrypted into subtrees
// Prints one JSON line: { mode, frames, bytes, innerMs, malformed, cpuMs, maxRssKb }.

import { readFileSync, writeFileSync } from 'node:fs';
import { ByteReader } from '../dlms/codec/byte-reader';
import { decodeApdu } from '../dlms/apdu';
import { decodeHdlcFrame, stripLlc } from '../dlms/framing/hdlc/frame';
import { decodeWrapperFrame } from '../dlms/framing/wrapper';
import { dissect } from '../dlms/dissect/index';
import { generateCapture, parseCapture, serializeCapture, type CaptureRecord } from './capture';

const KEYS = { ek: '000102030405060708090A0B0C0D0E0F', ak: 'D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF', clientSystemTitle: '4D4D4D0000000001' };

function baseline(rec: CaptureRecord): boolean {
  try {
    if (rec.kind === 'hdlc') {
      const f = decodeHdlcFrame(ByteReader.from(rec.bytes), { checksums: 'report' });
      if (f.information) decodeApdu(ByteReader.from(stripLlc(f.information)));
    } else {
      decodeApdu(ByteReader.from(decodeWrapperFrame(ByteReader.from(rec.bytes)).apdu));
    }
    return true;
  } catch {
    return false;
  }
}

function main(argv: string[]): void {
  const [mode, file, countText] = argv;
  if (!mode || !file) throw new Error('usage: bench.cjs gen|baseline|dissect|dissect-keys <file> [count]');
  const started = performance.now();
  let frames = 0;
  let bytes = 0;
  let malformed = 0;
  if (mode === 'gen') {
    const records = generateCapture(Number(countText ?? 100_000));
    const buf = serializeCapture(records);
    writeFileSync(file, buf);
    frames = records.length;
    bytes = records.reduce((n, r) => n + r.bytes.length, 0);
  } else {
    const records = parseCapture(new Uint8Array(readFileSync(file)));
    const withKeys = mode === 'dissect-keys';
    for (const rec of records) {
      frames++;
      bytes += rec.bytes.length;
      if (mode === 'baseline') {
        if (!baseline(rec)) malformed++;
      } else if (mode === 'dissect' || withKeys) {
        const out = dissect(rec.bytes, withKeys ? { layer: rec.kind, keys: KEYS } : { layer: rec.kind });
        if (out.some((f) => f.malformedAt !== undefined)) malformed++;
      } else throw new Error(`unknown mode ${mode}`);
    }
  }
  const innerMs = performance.now() - started;
  const u = process.resourceUsage();
  process.stdout.write(
    `${JSON.stringify({ mode, frames, bytes, innerMs, malformed, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssKb: u.maxRSS })}\n`,
  );
}

main(process.argv.slice(2));
