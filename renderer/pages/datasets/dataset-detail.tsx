import { useState } from 'react';
import type { Dataset } from '../../../electron/contract/datasets.js';
import { latestVersion } from '../../store/datasets-slice';
import { useStudio } from '../../store/index';
import { DeleteDialog } from './delete-dialog';
import { downloadText } from '../../client/download-file';
import { JobStrip } from './job-strip';
import { MappingEditor } from './mapping-editor';
import { PrepareDialog } from './prepare-dialog';
import { PreviewTable } from './preview-table';
import { DetailTabs, type DetailTab } from './detail-tabs';
import { ValidationPanel } from './validation-panel';
import { VersionList } from './version-list';
import { VersionSummary } from './version-summary';

/** One dataset: its versions, the chosen version's facts, and tabs for rows, mapping and validation. */
export function DatasetDetail({ dataset }: { dataset: Dataset }) {
  const selectedVersionId = useStudio((s) => s.selectedVersionId);
  const selectVersion = useStudio((s) => s.selectVersion);
  const fetchReport = useStudio((s) => s.fetchReport);
  const prepareJob = useStudio((s) => {
    const id = s.prepareJobs[dataset.id];
    return id ? s.jobs[id] : undefined;
  });
  const [tab, setTab] = useState<DetailTab>('preview');
  const [dialog, setDialog] = useState<'prepare' | 'delete' | null>(null);
  const [savingReport, setSavingReport] = useState(false);
  const version = dataset.versions.find((v) => v.id === selectedVersionId) ?? latestVersion(dataset);
  if (!version) return null;

  const saveReport = async () => {
    setSavingReport(true);
    try {
      const report = await fetchReport(version.id);
      if (report) downloadText(report.fileName, report.html, 'text/html');
    } finally {
      setSavingReport(false);
    }
  };

  return (
    <section className="card dataset-detail" data-testid="dataset-detail" aria-labelledby="dataset-detail-title">
      <header className="dataset-detail-header">
        <div>
          <h2 id="dataset-detail-title">{dataset.name}</h2>
          <p className="muted small mono">{dataset.id}</p>
        </div>
        <div className="button-row">
          <button
            type="button"
            className="button"
            onClick={() => setDialog('prepare')}
            disabled={!version.mapping}
            title={version.mapping ? 'Clean, deduplicate, mix and split into a new version' : 'Save a column mapping first'}
            data-testid="open-prepare"
          >
            Prepare…
          </button>
          <button type="button" className="button" onClick={() => void saveReport()} disabled={savingReport} data-testid="save-report">
            {savingReport ? 'Building report…' : 'Save report'}
          </button>
          <button type="button" className="button button-danger" onClick={() => setDialog('delete')} data-testid="delete-dataset">
            Delete…
          </button>
        </div>
      </header>
      {prepareJob && <JobStrip job={prepareJob} label="Preparing a new version" testId="prepare-status" />}
      <VersionList dataset={dataset} selectedId={version.id} onSelect={selectVersion} />
      <VersionSummary version={version} />
      <DetailTabs tab={tab} onTab={setTab} validated={version.validation !== null} />
      <div className="tab-panel" role="tabpanel" id={`dataset-tab-${tab}`} aria-labelledby={`dataset-tab-button-${tab}`}>
        {tab === 'preview' && <PreviewTable key={version.id} version={version} />}
        {tab === 'mapping' && <MappingEditor key={version.id} version={version} />}
        {tab === 'validation' && <ValidationPanel key={version.id} version={version} />}
      </div>
      {dialog === 'prepare' && <PrepareDialog dataset={dataset} version={version} onClose={() => setDialog(null)} />}
      {dialog === 'delete' && <DeleteDialog dataset={dataset} onClose={() => setDialog(null)} />}
    </section>
  );
}
