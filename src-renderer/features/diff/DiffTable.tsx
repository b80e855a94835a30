// The table of differences (TanStack Table, core features only): settings first, then the
// per-connection ones; a row click selects the field in both frames' trees and hex views.

import { createColumnHelper, tableFeatures, useTable } from '@tanstack/react-table';
import type { FieldDiff, FieldDiffSide } from '../../../src-shared/diff';

const features = tableFeatures({});
const helper = createColumnHelper<typeof features, FieldDiff>();

function sideText(s: FieldDiffSide | undefined): string {
  if (!s) return '—';
  return s.value !== undefined && s.value !== '' ? s.value : (s.hex ?? '');
}

const KIND_TEXT: Readonly<Record<FieldDiff['kind'], string>> = {
  changed: '',
  'only-in-a': 'only in A',
  'only-in-b': 'only in B',
};

const columns = helper.columns([
  helper.accessor('class', {
    header: 'Class',
    cell: (info) => <span className={`class-badge class-${info.getValue()}`}>{info.getValue()}</span>,
  }),
  helper.accessor('path', {
    header: 'Field',
    cell: (info) => {
      const path = info.getValue();
      const kind = KIND_TEXT[info.row.original.kind];
      return (
        <span className="diff-field" title={path}>
          {path.split(' / ').pop()}
          {kind && <span className="muted"> ({kind})</span>}
        </span>
      );
    },
  }),
  helper.accessor((d) => sideText(d.a), { id: 'a', header: 'A', cell: (info) => <span className="value">{info.getValue()}</span> }),
  helper.accessor((d) => sideText(d.b), { id: 'b', header: 'B', cell: (info) => <span className="value">{info.getValue()}</span> }),
  helper.accessor('explanation', { header: 'What differs', cell: (info) => <span className="diff-explanation">{info.getValue()}</span> }),
]);

export interface DiffTableProps {
  diffs: FieldDiff[];
  selected: number | undefined;
  onSelect(index: number, diff: FieldDiff): void;
}

export function DiffTable({ diffs, selected, onSelect }: DiffTableProps) {
  const table = useTable({ features, columns, data: diffs });
  return (
    <table className="diff-table" aria-label="Differences">
      <thead>
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id}>
            {group.headers.map((header) => (
              <th key={header.id} scope="col">
                {header.isPlaceholder ? null : <table.FlexRender header={header} />}
              </th>
            ))}
          </tr>
        ))}
      </thead>
      <tbody>
        {table.getRowModel().rows.map((row) => (
          <tr
            key={row.id}
            className={`diff-row${row.index === selected ? ' selected' : ''}`}
            data-class={row.original.class}
            data-path={row.original.path}
            aria-selected={row.index === selected}
            tabIndex={0}
            onClick={() => onSelect(row.index, row.original)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                onSelect(row.index, row.original);
              }
            }}
          >
            {row.getAllCells().map((cell) => (
              <td key={cell.id}>
                <table.FlexRender cell={cell} />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
