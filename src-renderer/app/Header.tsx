// The header: app name and version, how it runs, and the embedded simulator's status.

import type { SimulatorStatus } from '../../src-shared/ipc/contract';
import { useApp } from './app-store';

function simulatorText(s: SimulatorStatus | undefined): string {
  if (!s) return 'unknown';
  if (s.state === 'running') return `running on ${s.host ?? '127.0.0.1'}:${s.port ?? '?'}`;
  return s.state;
}

export function Header() {
  const { info, simulator, connectionError } = useApp();
  return (
    <header className="app-header">
      <div className="brand">
        <span className="app-name">Meterscope</span>
        {info && (
          <span className="muted">
            {info.version} · {info.mode === 'web' ? 'web bridge' : 'desktop'}
          </span>
        )}
      </div>
      <div className="header-status">
        {connectionError && <span className="status status-failed">{connectionError}</span>}
        <span
          className={`status status-${(simulator?.state ?? 'unknown').replace(/\s+/g, '-')}`}
          data-testid="simulator-status"
          title={simulator?.detail ?? ''}
        >
          Simulator: {simulatorText(simulator)}
        </span>
      </div>
    </header>
  );
}
