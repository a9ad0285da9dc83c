import { useEffect, useMemo } from 'react';
import { Card } from '../../components/card';
import { Page } from '../../components/page';
import { useStudio } from '../../store';
import { jobsNewestFirst } from '../../store/jobs-slice';
import { ExportForm, sourceOptions } from './export-form';
import { ExportList } from './export-list';

/** Exports of fine-tuned (or base) models, each proven by an independent runtime, with its report. */
export function ExportPage() {
  const jobs = useStudio((s) => s.jobs);
  const models = useStudio((s) => s.models);
  const loadJobs = useStudio((s) => s.loadJobs);
  const loadModels = useStudio((s) => s.loadModels);
  useEffect(() => {
    void loadJobs();
    void loadModels();
  }, [loadJobs, loadModels]);
  const all = useMemo(() => jobsNewestFirst(jobs), [jobs]);
  const trainJobs = all.filter((j) => j.kind === 'train' && j.state === 'completed');
  const exportJobs = all.filter((j) => j.kind === 'export');
  const options = useMemo(() => sourceOptions(trainJobs, models), [trainJobs.map((j) => j.id).join(), models]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <Page id="export" title="Export" subtitle="GGUF + Ollama, ONNX and Hugging Face — each checked by llama.cpp or onnxruntime before it is kept">
      <div className="export-layout">
        <Card title="New export">
          <ExportForm options={options} />
        </Card>
        <Card title="Exports" aside={exportJobs.length ? String(exportJobs.length) : undefined} testId="export-list">
          <ExportList jobs={exportJobs} />
        </Card>
      </div>
    </Page>
  );
}
