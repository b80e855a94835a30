// Text from the seed forum thread used as translator input.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SHARED_DIR } from '../../support/vectors';

/** The OCR'd line: three retries of the same wrapped AARQ, misread characters and all. */
export function ocrSeedLine(): string {
  const thread = readFileSync(resolve(SHARED_DIR, 'seed/forum-thread-hls-gmac-tcpip.txt'), 'utf8');
  const line = thread.split('\n').find((l) => l.startsWith('— 16:51:23'));
  if (!line) throw new Error('OCR line not found in the seed thread');
  return line;
}
