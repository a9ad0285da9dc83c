import { useStudio } from '../../store/index';
import { NumberField } from './number-field';
import { matchingPreset, PRESET_IDS, PRESETS, type TrainDraft } from './train-draft';

/** Method, a preset to start from, and every hyperparameter (the rarely changed ones folded away). */
export function Hyperparameters({ draft }: { draft: TrainDraft }) {
  const setDraft = useStudio((s) => s.setTrainDraft);
  const applyPreset = useStudio((s) => s.applyTrainPreset);
  const preset = matchingPreset(draft);
  const lora = draft.method === 'lora';

  return (
    <fieldset className="fieldset train-section" data-testid="train-hyperparameters">
      <legend>3 · Method and hyperparameters</legend>
      <div className="segmented" role="radiogroup" aria-label="Method">
        {(['lora', 'full'] as const).map((m) => (
          <label key={m} className={draft.method === m ? 'segment segment-on' : 'segment'}>
            <input type="radio" name="train-method" value={m} checked={draft.method === m} onChange={() => setDraft({ method: m })} data-testid={`train-method-${m}`} />
            {m === 'lora' ? 'LoRA adapter' : 'Full fine-tuning'}
          </label>
        ))}
      </div>
      <p className="muted small">
        {lora
          ? 'Trains small low-rank adapters beside frozen weights: a fraction of the memory, and the base model stays as it is.'
          : 'Trains every weight: far more memory (gradients and optimizer state for all of them) and a full model folder as output.'}
      </p>

      <div className="preset-row" role="group" aria-label="Presets">
        <span className="field-label">Preset</span>
        {PRESET_IDS.map((id) => (
          <button
            key={id}
            type="button"
            className={preset === id ? 'button button-small preset preset-on' : 'button button-small preset'}
            aria-pressed={preset === id}
            title={PRESETS[id].hint}
            onClick={() => applyPreset(id)}
            data-testid={`preset-${id}`}
          >
            {PRESETS[id].label}
          </button>
        ))}
        <span className="muted small" data-testid="preset-state">
          {preset ? PRESETS[preset].hint : 'Custom: edited after choosing a preset'}
        </span>
      </div>

      <div className="hyper-grid">
        <NumberField field="epochs" draft={draft} onChange={setDraft} />
        <NumberField field="batchSize" draft={draft} onChange={setDraft} />
        <NumberField field="maxLength" draft={draft} onChange={setDraft} hint="tokens; longer rows are cut" />
        <NumberField field="learningRate" draft={draft} onChange={setDraft} decimal />
        {lora && <NumberField field="rank" draft={draft} onChange={setDraft} />}
        {lora && <NumberField field="alpha" draft={draft} onChange={setDraft} decimal hint="scale = alpha / rank" />}
        <NumberField field="evalEvery" draft={draft} onChange={setDraft} hint="steps; 0 = only at the end" />
        <NumberField field="earlyStoppingPatience" draft={draft} onChange={setDraft} hint="patience, in evaluations; 0 = off" />
      </div>

      <details className="disclosure">
        <summary>Advanced</summary>
        <div className="hyper-grid">
          <NumberField field="gradAccumSteps" draft={draft} onChange={setDraft} hint="micro-batches per step" />
          <label className="field">
            <span className="field-label">Schedule</span>
            <select className="select" value={draft.schedule} onChange={(e) => setDraft({ schedule: e.target.value as TrainDraft['schedule'] })} data-testid="train-schedule">
              <option value="cosine">Cosine</option>
              <option value="linear">Linear</option>
              <option value="constant">Constant</option>
            </select>
          </label>
          <NumberField field="warmupSteps" draft={draft} onChange={setDraft} />
          <NumberField field="weightDecay" draft={draft} onChange={setDraft} decimal />
          <NumberField field="checkpointEvery" draft={draft} onChange={setDraft} hint="steps; 0 = only at the end" />
          <NumberField field="seed" draft={draft} onChange={setDraft} />
        </div>
      </details>
    </fieldset>
  );
}
