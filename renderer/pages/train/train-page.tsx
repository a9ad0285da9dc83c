import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Card } from '../../components/card';
import { ErrorPanel } from '../../components/error-panel';
import { Page } from '../../components/page';
import { useStudio } from '../../store/index';
import { DatasetPicker } from './dataset-picker';
import { Hyperparameters } from './hyperparameters';
import { MemoryEstimate } from './memory-estimate';
import { ModelPicker } from './model-picker';
import { StartAnywayDialog } from './start-dialog';
import { draftErrors, estimateRequest, trainableVersions } from './train-draft';

/** How long the form must be still before the memory estimate is asked again. */
const ESTIMATE_DEBOUNCE_MS = 350;

/** Train: a prepared dataset, a base model, LoRA or full and its hyperparameters, checked before anything is queued. */
export function TrainPage() {
  const draft = useStudio((s) => s.trainDraft);
  const datasets = useStudio((s) => s.datasets);
  const models = useStudio((s) => s.models);
  const estimate = useStudio((s) => s.trainEstimate);
  const estimateStatus = useStudio((s) => s.trainEstimateStatus);
  const starting = useStudio((s) => s.trainStarting);
  const startError = useStudio((s) => s.trainStartError);
  const connected = useStudio((s) => s.connection === 'connected');
  const setDraft = useStudio((s) => s.setTrainDraft);
  const loadDatasets = useStudio((s) => s.loadDatasets);
  const loadModels = useStudio((s) => s.loadModels);
  const watchDatasetJobs = useStudio((s) => s.watchDatasetJobs);
  const sweepDatasetJobs = useStudio((s) => s.sweepDatasetJobs);
  const loadEstimate = useStudio((s) => s.loadTrainEstimate);
  const startTraining = useStudio((s) => s.startTraining);
  const trackedStates = useStudio((s) =>
    Object.keys(s.trackedJobs)
      .map((id) => s.jobs[id]?.state ?? '')
      .join(),
  );
  const [confirming, setConfirming] = useState(false);
  const [submitted, setSubmitted] = useState(false);

  useEffect(() => {
    if (!connected) return;
    void loadDatasets();
    void loadModels();
  }, [connected, loadDatasets, loadModels]);
  // A validation started here reloads its dataset when it completes, as on the Datasets page.
  useEffect(() => watchDatasetJobs(), [watchDatasetJobs]);
  useEffect(() => sweepDatasetJobs(), [trackedStates, sweepDatasetJobs]);

  const { prepared } = useMemo(() => trainableVersions(datasets), [datasets]);
  // Until the user picks: the newest prepared version, and the bundled model (else the first).
  useEffect(() => {
    if (!draft.datasetVersionId && prepared[0]) setDraft({ datasetVersionId: prepared[0].version.id });
  }, [draft.datasetVersionId, prepared, setDraft]);
  useEffect(() => {
    const fallback = models.find((m) => m.bundled) ?? models[0];
    if (!draft.model && fallback) setDraft({ model: fallback.path });
  }, [draft.model, models, setDraft]);

  const estimateKey = JSON.stringify(estimateRequest(draft));
  useEffect(() => {
    if (!connected) return;
    const timer = setTimeout(() => void loadEstimate(), ESTIMATE_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [estimateKey, connected, loadEstimate]);

  const errors = draftErrors(draft);
  const problems = Object.values(errors);
  const version = prepared.find((c) => c.version.id === draft.datasetVersionId)?.version;
  const steps = version?.splits ? Math.ceil(version.splits.train / Math.max(1, Number(draft.batchSize))) * Math.max(1, Number(draft.epochs)) : null;
  const willNotFit = estimate !== null && estimateStatus === 'ready' && !estimate.fits;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (problems.length > 0 || starting) return;
    if (willNotFit) setConfirming(true);
    else void startTraining(false);
  };

  return (
    <Page id="train" title="Train" subtitle="Fine-tune a base model on a prepared dataset: LoRA adapters or every weight">
      <form className="train-layout" onSubmit={onSubmit} noValidate data-testid="train-form">
        <div className="train-main">
          <DatasetPicker datasets={datasets} draft={draft} models={models} />
          <ModelPicker models={models} value={draft.model} />
          <Hyperparameters draft={draft} />
        </div>
        <aside className="train-aside">
          <MemoryEstimate />
          <Card title="Run" testId="train-summary">
            {steps !== null && (
              <p className="muted small">
                ≈ {steps.toLocaleString('en')} batches of {draft.batchSize} over {draft.epochs} epoch{draft.epochs === '1' ? '' : 's'}
                {Number(draft.gradAccumSteps) > 1 ? `, ${Math.ceil(steps / Number(draft.gradAccumSteps)).toLocaleString('en')} optimizer steps` : ''}.
              </p>
            )}
            {submitted && problems.length > 0 && (
              <ul className="warnings" data-testid="train-problems">
                {problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            )}
            {startError && (
              <ErrorPanel error={startError} testId="train-start-error">
                {startError.code === 'RESOURCE_EXHAUSTED' && (
                  <button type="button" className="button button-small button-danger" onClick={() => void startTraining(true)}>
                    Start anyway
                  </button>
                )}
              </ErrorPanel>
            )}
            <button type="submit" className="button button-primary train-start" disabled={starting || (submitted && problems.length > 0)} data-testid="train-start">
              {starting ? 'Queueing…' : willNotFit ? 'Start training…' : 'Start training'}
            </button>
            <p className="muted small">Checked again by the app before it is queued: the dataset, the model, the template and memory.</p>
          </Card>
        </aside>
      </form>
      {confirming && estimate && (
        <StartAnywayDialog
          estimate={estimate}
          onClose={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            void startTraining(true);
          }}
        />
      )}
    </Page>
  );
}
