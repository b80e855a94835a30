// Input side of the translator: the pasted text, lenient toggle, layer selector and the
// optional (masked) keys.

import { KEY_FIELDS, LAYER_CHOICES, useTranslator, type LayerChoice } from './store';

export function TranslatorInput() {
  const { text, lenient, layer, keys, busy, setText, setLenient, setLayer, setKey, decode } = useTranslator();
  return (
    <form
      className="translator-input"
      onSubmit={(e) => {
        e.preventDefault();
        void decode();
      }}
    >
      <label className="field-label" htmlFor="translator-text">
        Hex to decode (log lines, Wireshark dumps, spaced or packed hex; one frame per line)
      </label>
      <textarea
        id="translator-text"
        spellCheck={false}
        autoComplete="off"
        rows={6}
        value={text}
        placeholder="60 42 A1 09 06 07 60 85 74 05 08 01 01 ..."
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void decode();
          }
        }}
      />
      <div className="options-row">
        <label className="check">
          <input type="checkbox" checked={lenient} onChange={(e) => setLenient(e.target.checked)} />
          Lenient (accept OCR look-alikes such as O for 0, S for 5, and report them)
        </label>
        <label>
          Layer{' '}
          <select value={layer} onChange={(e) => setLayer(e.target.value as LayerChoice)} aria-label="Layer">
            {LAYER_CHOICES.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Decoding…' : 'Decode'}
        </button>
      </div>
      <details className="keys">
        <summary>Keys for ciphered APDUs (optional, kept in memory only)</summary>
        <div className="keys-grid">
          {KEY_FIELDS.map((k) => (
            <label key={k.field}>
              <span>
                {k.label} <span className="muted">({k.bytes}, hex)</span>
              </span>
              <input
                type={k.secret ? 'password' : 'text'}
                autoComplete="off"
                spellCheck={false}
                name={k.field}
                value={keys[k.field] ?? ''}
                onChange={(e) => setKey(k.field, e.target.value)}
              />
            </label>
          ))}
        </div>
      </details>
    </form>
  );
}
