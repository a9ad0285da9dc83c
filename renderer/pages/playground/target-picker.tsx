import type { TargetOption } from '../../../electron/contract/playground.js';

const GROUPS: { group: TargetOption['group']; label: string }[] = [
  { group: 'base', label: 'Base models (engine)' },
  { group: 'fine-tuned', label: 'Fine-tuned' },
  { group: 'gguf', label: 'GGUF (llama.cpp)' },
  { group: 'onnx', label: 'ONNX (onnxruntime)' },
];

interface TargetPickerProps {
  options: readonly TargetOption[];
  value: string | null;
  /** Targets other columns already use (a target answers once per prompt). */
  taken: ReadonlySet<string>;
  onChange(id: string | null): void;
  disabled?: boolean;
}

/** The target of one column, grouped by where it comes from; targets that cannot run say why. */
export function TargetPicker({ options, value, taken, onChange, disabled }: TargetPickerProps) {
  return (
    <select className="pg-target-select" data-testid="pg-target-select" aria-label="Target" value={value ?? ''} disabled={disabled} onChange={(e) => onChange(e.target.value || null)}>
      <option value="">Choose a target…</option>
      {GROUPS.map(({ group, label }) => {
        const list = options.filter((o) => o.group === group);
        if (list.length === 0) return null;
        return (
          <optgroup key={group} label={label}>
            {list.map((o) => (
              <option key={o.id} value={o.id} disabled={o.unavailable !== null || (taken.has(o.id) && o.id !== value)} title={o.detail}>
                {o.unavailable ? `${o.label} — ${o.unavailable}` : o.label}
              </option>
            ))}
          </optgroup>
        );
      })}
    </select>
  );
}
