// translator.diff: the Compare tab's two inputs, each decoded exactly as translator.decode does
// (same parser, same stream dissector, same keys), then frame n of A diffed against frame n of B
// (src-main/dlms/dissect/diff.ts). An input that is not hex comes back in its `errors` and no
// pairs are formed, so the user sees which input and where.

import type { TranslatorDiffRequest, TranslatorDiffResponse } from '../../src-shared/ipc/contract';
import { diffFrameLists } from '../dlms/dissect/diff';
import { createTranslatorDecode, type Dissector } from './translator';

export function createTranslatorDiff(dissector: Dissector | undefined): (request: TranslatorDiffRequest) => Promise<TranslatorDiffResponse> {
  const decode = createTranslatorDecode(dissector);
  return async (request) => {
    const common = {
      ...(request.lenient !== undefined ? { lenient: request.lenient } : {}),
      ...(request.layer ? { layer: request.layer } : {}),
      ...(request.keys ? { keys: request.keys } : {}),
    };
    const a = await decode({ text: request.a, ...common });
    const b = await decode({ text: request.b, ...common });
    const readable = a.errors.length === 0 && b.errors.length === 0;
    const pairs = readable ? diffFrameLists(a.frames.map((f) => f.frame), b.frames.map((f) => f.frame)) : [];
    return { a, b, pairs };
  };
}
