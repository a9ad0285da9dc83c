import type { Model } from '../../../electron/contract/models.js';
import { formatBytes } from '../../format/format-bytes';
import { formatParams } from '../../format/format-count';
import { useStudio } from '../../store/index';

/** The base model: the Models page's list; its shape and chat template decide how rows are rendered. */
export function ModelPicker({ models, value }: { models: Model[]; value: string }) {
  const setDraft = useStudio((s) => s.setTrainDraft);
  const setPage = useStudio((s) => s.setPage);
  const model = models.find((m) => m.path === value);
  return (
    <fieldset className="fieldset train-section" data-testid="train-model-section">
      <legend>2 · Base model</legend>
      {models.length === 0 ? (
        <p className="muted">
          No models yet.{' '}
          <button type="button" className="link-button" onClick={() => setPage('models')}>
            Add one on the Models page
          </button>
          .
        </p>
      ) : (
        <label className="field">
          <span className="field-label">Model</span>
          <select className="select" value={value} onChange={(e) => setDraft({ model: e.target.value })} data-testid="train-model">
            {!model && <option value="">Choose a model…</option>}
            {models.map((m) => (
              <option key={m.id} value={m.path}>
                {m.name}
                {m.bundled ? ' (bundled)' : ''} · {formatParams(m.parameterCount)} parameters
              </option>
            ))}
          </select>
        </label>
      )}
      {model && (
        <>
          <dl className="facts facts-inline train-facts">
            <div className="fact">
              <dt>Architecture</dt>
              <dd>{model.architecture}</dd>
            </div>
            <div className="fact">
              <dt>Parameters</dt>
              <dd>{formatParams(model.parameterCount)}</dd>
            </div>
            <div className="fact">
              <dt>Context</dt>
              <dd>{model.contextLength.toLocaleString('en')}</dd>
            </div>
            <div className="fact">
              <dt>On disk</dt>
              <dd>{formatBytes(model.sizeOnDiskBytes)}</dd>
            </div>
            <div className="fact">
              <dt>Chat template</dt>
              <dd>{model.hasChatTemplate ? 'yes' : 'no (Alpaca format)'}</dd>
            </div>
          </dl>
          {model.warnings.map((w) => (
            <p key={w} className="warning-text small">
              ⚠ {w}
            </p>
          ))}
        </>
      )}
    </fieldset>
  );
}
