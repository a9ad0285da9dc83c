import { useRef, type KeyboardEvent } from 'react';

export type DetailTab = 'preview' | 'mapping' | 'validation';

const TABS: { id: DetailTab; label: string }[] = [
  { id: 'preview', label: 'Rows' },
  { id: 'mapping', label: 'Columns & schema' },
  { id: 'validation', label: 'Validation' },
];

/** WAI-ARIA tabs: one tab stop, arrow keys (and Home/End) move between tabs and select them. */
export function DetailTabs({ tab, onTab, validated }: { tab: DetailTab; onTab: (t: DetailTab) => void; validated: boolean }) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKey = (e: KeyboardEvent) => {
    const i = TABS.findIndex((t) => t.id === tab);
    const next = e.key === 'ArrowRight' ? (i + 1) % TABS.length : e.key === 'ArrowLeft' ? (i + TABS.length - 1) % TABS.length : e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : -1;
    if (next < 0) return;
    e.preventDefault();
    onTab(TABS[next]!.id);
    refs.current[next]?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label="Dataset version" onKeyDown={onKey}>
      {TABS.map((t, i) => (
        <button
          key={t.id}
          ref={(el) => {
            refs.current[i] = el;
          }}
          type="button"
          role="tab"
          id={`dataset-tab-button-${t.id}`}
          aria-selected={t.id === tab}
          aria-controls={`dataset-tab-${t.id}`}
          tabIndex={t.id === tab ? 0 : -1}
          className={t.id === tab ? 'tab tab-selected' : 'tab'}
          onClick={() => onTab(t.id)}
          data-testid={`tab-${t.id}`}
        >
          {t.label}
          {t.id === 'validation' && validated && <span className="tab-dot" aria-label="(validated)" />}
        </button>
      ))}
    </div>
  );
}
