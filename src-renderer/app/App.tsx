import { useEffect } from 'react';
import { TranslatorPane } from '../features/translator/TranslatorPane';
import { useApp } from './app-store';
import { Header } from './Header';

export function App() {
  const init = useApp((s) => s.init);
  useEffect(() => init(), [init]);
  return (
    <div className="app">
      <Header />
      <TranslatorPane />
    </div>
  );
}
