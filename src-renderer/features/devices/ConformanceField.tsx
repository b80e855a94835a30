// The proposed conformance block as its 24 named bits (Green Book 9.4.6.1), each a checkbox, with
// the resulting hex beside them (0x403EDD); the hex can be typed too and ticks the boxes.

import { useEffect, useState } from 'react';
import { CONFORMANCE_BITS, conformanceBitValue, conformanceHex } from '../../../src-shared/cosem/conformance';
import { SettingBytesLine } from './fields';
import { useSettings } from './store';

export function ConformanceField() {
  const value = useSettings((s) => s.draft.proposedConformance);
  const update = useSettings((s) => s.update);
  const problem = useSettings((s) => s.problems['proposedConformance']);
  const [text, setText] = useState(conformanceHex(value));
  useEffect(() => setText(conformanceHex(value)), [value]);

  const typed = (t: string) => {
    setText(t);
    const m = /^(?:0x)?([0-9a-f]{1,6})$/i.exec(t.trim());
    if (m?.[1] !== undefined) update({ proposedConformance: parseInt(m[1], 16) });
  };

  return (
    <fieldset className="setting-field conformance" data-setting="proposedConformance">
      <legend className="setting-label">Proposed conformance</legend>
      <div className="conformance-head">
        <span className="conformance-hex" data-testid="conformance-hex">
          {conformanceHex(value)}
        </span>
        <label className="check">
          hex
          <input className="mono conformance-text" aria-label="Proposed conformance hex" value={text} spellCheck={false} onChange={(e) => typed(e.target.value)} />
        </label>
      </div>
      <div className="conformance-bits">
        {CONFORMANCE_BITS.map((name, bit) => {
          const v = conformanceBitValue(name);
          return (
            <label key={name} className="check conformance-bit" title={`bit ${bit}: 0x${v.toString(16).toUpperCase().padStart(6, '0')}`}>
              <input type="checkbox" name={name} checked={(value & v) !== 0} onChange={(e) => update({ proposedConformance: e.target.checked ? (value | v) >>> 0 : value & ~v & 0xffffff })} />
              <span className="bit-no">{bit}</span> {name}
            </label>
          );
        })}
      </div>
      {problem !== undefined && (
        <p className="field-problem" role="alert">
          {problem}
        </p>
      )}
      <SettingBytesLine setting="proposedConformance" />
    </fieldset>
  );
}
