import type { ReactNode } from 'react';

/**
 * The keyboard target of a selectable table row (the row itself takes mouse clicks): a pressed-state
 * button in the first cell. It stops the click from reaching the row, which would select twice.
 */
export function RowSelectButton({ selected, onSelect, children }: { selected: boolean; onSelect: () => void; children: ReactNode }) {
  return (
    <button
      type="button"
      className="link-button"
      aria-pressed={selected}
      onClick={(e) => {
        e.stopPropagation();
        onSelect();
      }}
    >
      {children}
    </button>
  );
}
