import { useEffect, useMemo, useRef } from 'react';
import { EmptyState } from '../../components/empty-state';
import { Page } from '../../components/page';
import { PageIcon } from '../../components/page-icon';
import { Spinner } from '../../components/spinner';
import { datasetsNewestFirst } from '../../store/datasets-slice';
import { isCancellable } from '../../store/jobs-slice';
import { useStudio } from '../../store/index';
import { DatasetDetail } from './dataset-detail';
import { DatasetsTable } from './datasets-table';
import { DropZone } from './drop-zone';
import { ImportOptionsForm } from './import-options';
import { ImportStatus } from './import-status';

export const ACCEPTED_FILES = '.csv,.tsv,.json,.jsonl,.ndjson,.parquet,.txt';

/** Datasets: import (button, file input or drop), the list, and the selected dataset's detail. */
export function DatasetsPage() {
  const list = useStudio((s) => s.datasets);
  const status = useStudio((s) => s.datasetsStatus);
  const selectedId = useStudio((s) => s.selectedDatasetId);
  const loadDatasets = useStudio((s) => s.loadDatasets);
  const selectDataset = useStudio((s) => s.selectDataset);
  const watchDatasetJobs = useStudio((s) => s.watchDatasetJobs);
  const importFile = useStudio((s) => s.importFile);
  const pickAndImport = useStudio((s) => s.pickAndImport);
  const uploading = useStudio((s) => s.uploadProgress !== null);
  const importRunning = useStudio((s) => {
    const job = s.importJobId ? s.jobs[s.importJobId] : undefined;
    return job !== undefined && isCancellable(job);
  });
  const busy = uploading || importRunning;
  const datasets = useMemo(() => datasetsNewestFirst(list), [list]);
  const selected = datasets.find((d) => d.id === selectedId);
  const fileInput = useRef<HTMLInputElement>(null);

  const connected = useStudio((s) => s.connection === 'connected');
  const sweepDatasetJobs = useStudio((s) => s.sweepDatasetJobs);
  // The states of the jobs started here, as one string, so the effect below runs when any changes.
  const trackedStates = useStudio((s) =>
    Object.keys(s.trackedJobs)
      .map((id) => s.jobs[id]?.state ?? '')
      .join(),
  );

  // On open, and again after a reconnection (pushes sent while disconnected are lost).
  useEffect(() => {
    if (connected) void loadDatasets();
  }, [connected, loadDatasets]);
  useEffect(() => watchDatasetJobs(), [watchDatasetJobs]);
  // A completion can also arrive in a `jobs:list` snapshot rather than a push.
  useEffect(() => sweepDatasetJobs(), [trackedStates, sweepDatasetJobs]);
  // With nothing chosen yet, show the newest dataset rather than an empty half page.
  useEffect(() => {
    if (!selectedId && datasets[0]) selectDataset(datasets[0].id);
  }, [selectedId, datasets, selectDataset]);

  const onChoose = async () => {
    // Electron's own picker gives a real path; browser mode answers 'unsupported' and the input uploads.
    if ((await pickAndImport()) === 'unsupported') fileInput.current?.click();
  };

  const actions = (
    <>
      <input
        ref={fileInput}
        type="file"
        className="visually-hidden"
        accept={ACCEPTED_FILES}
        tabIndex={-1}
        aria-hidden="true"
        data-testid="dataset-file-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          // Cleared so choosing the same file again (after fixing it) fires change again.
          e.target.value = '';
          if (file) void importFile(file);
        }}
      />
      <button type="button" className="button button-primary" data-testid="import-dataset" disabled={busy} onClick={() => void onChoose()}>
        Import file…
      </button>
    </>
  );

  return (
    <DropZone onFile={(f) => void importFile(f)} disabled={busy}>
      <Page id="datasets" title="Datasets" subtitle="Training data, imported and versioned: your files are copied in and never modified" actions={actions}>
        <details className="import-options-box">
          <summary>
            Import options <span className="muted small">· or drop a CSV, TSV, JSON, JSONL, Parquet or TXT file anywhere on this page</span>
          </summary>
          <ImportOptionsForm />
        </details>
        <ImportStatus />
        {status === 'loading' && datasets.length === 0 && <Spinner label="Loading datasets…" />}
        {status !== 'loading' && datasets.length === 0 && (
          <EmptyState title="No datasets yet" icon={<PageIcon page="datasets" size={36} />}>
            <p>
              Import a CSV, TSV, JSON, JSONL, Parquet or text file: choose <strong>Import file…</strong> or drop it here. Columns are matched to prompt and
              reply automatically, and you can check the data against a model before training.
            </p>
          </EmptyState>
        )}
        {datasets.length > 0 && <DatasetsTable datasets={datasets} selectedId={selectedId} onSelect={selectDataset} />}
        {selected && <DatasetDetail key={selected.id} dataset={selected} />}
      </Page>
    </DropZone>
  );
}
