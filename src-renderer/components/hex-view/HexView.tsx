// Hex view linked to the field tree (Kaitai Web IDE style): the selected node's byte range is
// highlighted; hovering a byte reports its offset (the pane selects the innermost node there);
// the offset where decoding broke is marked.

import { memo, useMemo } from 'react';

export interface HexViewProps {
  title: string;
  hex: string;
  /** Highlighted range, if any. */
  range?: { start: number; length: number } | undefined;
  /** Byte offset where decoding broke, if it did. */
  malformedAt?: number | undefined;
  onHoverByte?(offset: number): void;
  spaceId: string;
}

const PER_ROW = 16;

function bytesOf(hex: string): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < hex.length; i += 2) out.push(parseInt(hex.slice(i, i + 2), 16));
  return out;
}

export const HexView = memo(function HexView({ title, hex, range, malformedAt, onHoverByte, spaceId }: HexViewProps) {
  const bytes = useMemo(() => bytesOf(hex), [hex]);
  const inRange = (i: number) => range !== undefined && i >= range.start && i < range.start + range.length;
  const rows: number[] = [];
  for (let r = 0; r < Math.max(1, Math.ceil(bytes.length / PER_ROW)); r++) rows.push(r * PER_ROW);
  // A malformed frame that ends early gets its marker on a virtual cell one past the last byte.
  const markerPastEnd = malformedAt !== undefined && malformedAt >= bytes.length;

  return (
    <section className="hex-view" aria-label={title} data-space={spaceId}>
      <h3>
        {title} <span className="muted">({bytes.length} bytes)</span>
      </h3>
      <div className="hex-grid">
        {rows.map((offset) => (
          <div className="hex-row" key={offset}>
            <span className="hex-offset">{offset.toString(16).toUpperCase().padStart(4, '0')}</span>
            <span className="hex-bytes">
              {bytes.slice(offset, offset + PER_ROW).map((b, k) => {
                const i = offset + k;
                const cls = ['hex-byte', inRange(i) ? 'hl' : '', i === malformedAt ? 'malformed' : ''].join(' ').trim();
                return (
                  <span key={i} className={cls} data-offset={i} onMouseEnter={() => onHoverByte?.(i)}>
                    {b.toString(16).toUpperCase().padStart(2, '0')}
                  </span>
                );
              })}
              {markerPastEnd && offset === rows[rows.length - 1] && (
                <span className="hex-byte malformed past-end" data-offset={malformedAt} title="decoding broke here: bytes missing">
                  ??
                </span>
              )}
            </span>
            <span className="hex-ascii">
              {bytes.slice(offset, offset + PER_ROW).map((b, k) => (
                <span key={k} className={inRange(offset + k) ? 'hl' : undefined}>
                  {b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.'}
                </span>
              ))}
            </span>
          </div>
        ))}
      </div>
    </section>
  );
});
