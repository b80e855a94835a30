// Building blocks of the Settings form: every field has its label, its input, the schema's
// complaint (if any) and the bytes it became in the previewed AARQ frame.

import { useId, useState, type ReactNode } from 'react';
import type { SettingBytes } from '../../../src-shared/ipc/contract';
import type { BytesValue } from '../../../src-shared/settings';
import type { FieldNode } from '../../../src-shared/trace';
import { bothForms, switchEncoding } from './draft';
import { useSettings } from './store';

/** The id of the deepest tree node covering exactly [start, start+length). */
function nodeIdOf(root: FieldNode, start: number, length: number): string | undefined {
  let found: string | undefined;
  const walk = (n: FieldNode, id: string) => {
    if (n.start === start && n.length === length) found = id;
    (n.children ?? []).forEach((c, i) => walk(c, `${id}.${i}`));
  };
  walk(root, '0');
  return found;
}

/** The bytes one setting became: "→ wrapper destination wPort 0091 at bytes 4-5"; a click lights them. */
export function SettingBytesLine({ setting }: { setting: string }) {
  const preview = useSettings((s) => s.preview);
  const stale = useSettings((s) => s.stale);
  const pin = useSettings((s) => s.pin);
  const entries: SettingBytes[] = preview?.fields.filter((f) => f.setting === setting) ?? [];
  if (entries.length === 0) return null;
  return (
    <ul className={`setting-bytes${stale ? ' stale' : ''}`} data-testid={`bytes-${setting}`}>
      {entries.map((f, i) => (
        <li key={i}>
          {f.start !== undefined && f.length !== undefined ? (
            <button
              type="button"
              className="bytes-link"
              title="Show these bytes in the preview"
              onClick={() => pin({ start: f.start!, length: f.length! }, preview && nodeIdOf(preview.frame.tree, f.start!, f.length!))}
            >
              → {f.field} <code>{f.hex}</code> at bytes {f.start}
              {f.length > 1 ? `-${f.start + f.length - 1}` : ''}
            </button>
          ) : (
            <span className="bytes-none">
              → {f.field}
              {f.hex ? (
                <>
                  {' '}
                  <code>{f.hex}</code>
                </>
              ) : null}
            </span>
          )}
          <span className="bytes-meaning">{f.meaning}</span>
        </li>
      ))}
    </ul>
  );
}

function Problem({ setting }: { setting: string }) {
  const problem = useSettings((s) => s.problems[setting]);
  if (problem === undefined) return null;
  return (
    <p className="field-problem" role="alert" data-testid={`problem-${setting}`}>
      {problem}
    </p>
  );
}

/** A labelled row: the control, its complaint, its bytes. `setting` is the DeviceSettings key. */
export function Field({ label, setting, hint, children }: { label: string; setting: string; hint?: ReactNode; children(id: string): ReactNode }) {
  const id = useId();
  return (
    <div className="setting-field" data-setting={setting}>
      <label htmlFor={id} className="setting-label">
        {label}
      </label>
      <div className="setting-control">
        {children(id)}
        {hint !== undefined && <span className="setting-hint">{hint}</span>}
      </div>
      <Problem setting={setting} />
      <SettingBytesLine setting={setting} />
    </div>
  );
}

export function TextInput({ id, value, onChange, name, mono }: { id: string; value: string; onChange(v: string): void; name: string; mono?: boolean }) {
  return <input id={id} name={name} className={mono ? 'mono' : undefined} value={value} spellCheck={false} autoComplete="off" onChange={(e) => onChange(e.target.value)} />;
}

export function Select<T extends string>({ id, value, options, onChange, name }: { id: string; value: T; options: ReadonlyArray<readonly [T, string]>; onChange(v: T): void; name: string }) {
  return (
    <select id={id} name={name} value={value} onChange={(e) => onChange(e.target.value as T)}>
      {options.map(([v, text]) => (
        <option key={v} value={v}>
          {text}
        </option>
      ))}
    </select>
  );
}

function EncodingSwitch({ value, onChange, name }: { value: BytesValue; onChange(v: BytesValue): void; name: string }) {
  return (
    <span className="encoding-switch" role="radiogroup" aria-label={`${name} encoding`}>
      {(['ascii', 'hex'] as const).map((enc) => (
        <label key={enc} className="check">
          <input type="radio" name={`${name}-encoding`} checked={value.encoding === enc} onChange={() => onChange(switchEncoding(value, enc))} />
          {enc === 'ascii' ? 'ASCII' : 'hex'}
        </label>
      ))}
    </span>
  );
}

/** A byte string typed as ASCII or hex, showing both forms live: ELS-0000 = 454C532D30303030. */
export function BytesInput({ id, value, onChange, name, secret }: { id: string; value: BytesValue; onChange(v: BytesValue): void; name: string; secret?: boolean }) {
  const [shown, setShown] = useState(!secret);
  const forms = bothForms(value);
  return (
    <span className="bytes-input">
      <input
        id={id}
        name={name}
        type={shown ? 'text' : 'password'}
        className="mono"
        value={value.text}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => onChange({ encoding: value.encoding, text: e.target.value })}
      />
      <EncodingSwitch value={value} onChange={onChange} name={name} />
      {secret && <ShowHide shown={shown} onToggle={() => setShown(!shown)} />}
      {shown && (
        <span className="both-forms" data-testid={`forms-${name}`}>
          {forms ? (
            <>
              <code className="ascii-form">{forms.ascii}</code> = <code className="hex-form">{forms.hex}</code>{' '}
              <span className="muted">({forms.bytes.length} bytes)</span>
            </>
          ) : (
            <span className="muted">not {value.encoding === 'ascii' ? 'printable ASCII' : 'whole bytes of hex'}</span>
          )}
        </span>
      )}
    </span>
  );
}

export function ShowHide({ shown, onToggle }: { shown: boolean; onToggle(): void }) {
  return (
    <button type="button" className="show-hide" aria-pressed={shown} onClick={onToggle}>
      {shown ? 'Hide' : 'Show'}
    </button>
  );
}

/** A key in hex, masked until shown. */
export function SecretInput({ id, value, onChange, name }: { id: string; value: string; onChange(v: string): void; name: string }) {
  const [shown, setShown] = useState(false);
  return (
    <span className="bytes-input">
      <input id={id} name={name} type={shown ? 'text' : 'password'} className="mono" value={value} spellCheck={false} autoComplete="off" onChange={(e) => onChange(e.target.value)} />
      <ShowHide shown={shown} onToggle={() => setShown(!shown)} />
    </span>
  );
}
