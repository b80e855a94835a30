import { useEffect, useState } from 'react';
import { SettingsPane } from '../features/devices/SettingsPane';
import { ComparePane } from '../features/diff/ComparePane';
import { TranslatorPane } from '../features/translator/TranslatorPane';
import { useApp } from './app-store';
import { Header } from './Header';
import './tabs.css';

const TABS = [
  { id: 'translator', label: 'Translator' },
  { id: 'compare', label: 'Compare' },
  { id: 'settings', label: 'Settings' },
] as const;

type TabId = (typeof TABS)[number]['id'];

export function App() {
  const init = useApp((s) => s.init);
  const [tab, setTab] = useState<TabId>('translator');
  useEffect(() => init(), [init]);
  return (
    <div className="app">
      <Header />
      <nav className="tabs" role="tablist" aria-label="Views">
        {TABS.map((t) => (
          <button key={t.id} type="button" role="tab" id={`tab-${t.id}`} aria-selected={tab === t.id} className={`tab${tab === t.id ? ' active' : ''}`} onClick={() => setTab(t.id)}>
            {t.label}
          </button>
        ))}
      </nav>
      {/* Each pane keeps its state in its own store, so switching tabs loses nothing. */}
      <div role="tabpanel" aria-labelledby={`tab-${tab}`}>
        {tab === 'translator' ? <TranslatorPane /> : tab === 'compare' ? <ComparePane /> : <SettingsPane />}
      </div>
    </div>
  );
}
