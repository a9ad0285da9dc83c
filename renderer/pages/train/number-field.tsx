import { useId } from 'react';
import { fieldError, LIMITS, type TrainDraft } from './train-draft';

type NumberKey = keyof typeof LIMITS;

interface NumberFieldProps {
  field: NumberKey;
  draft: TrainDraft;
  onChange: (patch: Partial<TrainDraft>) => void;
  hint?: string;
  /** Learning rate and the like: typed as 2e-4, so a text field rather than a spinner. */
  decimal?: boolean;
}

/** One hyperparameter: its limits from the contract, its problem said under it as soon as it is typed. */
export function NumberField({ field, draft, onChange, hint, decimal }: NumberFieldProps) {
  const id = useId();
  const limit = LIMITS[field];
  const error = fieldError(field, draft[field]);
  return (
    <label className="field">
      <span className="field-label">{limit.label}</span>
      <input
        className="text-input"
        type={decimal ? 'text' : 'number'}
        inputMode={decimal ? 'decimal' : 'numeric'}
        min={decimal ? undefined : limit.min}
        max={decimal ? undefined : limit.max}
        step={decimal ? undefined : 1}
        value={draft[field]}
        aria-invalid={error !== null}
        aria-describedby={error || hint ? `${id}-note` : undefined}
        onChange={(e) => onChange({ [field]: e.target.value })}
        data-testid={`train-${field}`}
      />
      {(error || hint) && (
        <span id={`${id}-note`} className={error ? 'warning-text small' : 'muted small'}>
          {error ?? hint}
        </span>
      )}
    </label>
  );
}
