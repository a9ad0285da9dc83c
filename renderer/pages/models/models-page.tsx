import { useEffect, useState, type FormEvent } from 'react';
import { Page } from '../../components/page';
import { useStudio } from '../../store/index';
import { ModelsTable } from './models-table';

/** Base models: add a folder (picker in the app, a path field in browser mode) or scan the Hugging Face cache. */
export function ModelsPage() {
  const models = useStudio((s) => s.models);
  const loaded = useStudio((s) => s.modelsLoaded);
  const busy = useStudio((s) => s.modelsBusy);
  const lastScan = useStudio((s) => s.lastScan);
  const loadModels = useStudio((s) => s.loadModels);
  const addModel = useStudio((s) => s.addModel);
  const pickAndAddModel = useStudio((s) => s.pickAndAddModel);
  const scanModelCache = useStudio((s) => s.scanModelCache);
  const [showPath, setShowPath] = useState(false);
  const [path, setPath] = useState('');

  useEffect(() => {
    void loadModels();
  }, [loadModels]);

  const onAddFolder = async () => {
    if ((await pickAndAddModel()) === 'unsupported') setShowPath(true);
  };
  const onSubmitPath = async (e: FormEvent) => {
    e.preventDefault();
    if (path.trim() && (await addModel(path.trim()))) setPath('');
  };

  const actions = (
    <>
      <button type="button" className="button" data-testid="scan-cache" disabled={busy !== null} onClick={() => void scanModelCache()}>
        {busy === 'scanning' ? 'Scanning…' : 'Scan Hugging Face cache'}
      </button>
      <button type="button" className="button button-primary" data-testid="add-model" disabled={busy !== null} onClick={() => void onAddFolder()}>
        Add folder…
      </button>
    </>
  );

  return (
    <Page id="models" title="Models" subtitle="Base models to fine-tune: Hugging Face folders with config.json, safetensors and a tokenizer" actions={actions}>
      {showPath && (
        <form className="inline-form" onSubmit={(e) => void onSubmitPath(e)}>
          <label htmlFor="model-path">Model folder on this machine</label>
          <input id="model-path" data-testid="model-path" className="text-input" value={path} placeholder="/home/me/models/Qwen2.5-0.5B-Instruct" onChange={(e) => setPath(e.target.value)} autoFocus />
          <button type="submit" className="button button-primary" disabled={busy !== null || !path.trim()}>
            {busy === 'adding' ? 'Reading…' : 'Add'}
          </button>
        </form>
      )}
      {lastScan && (
        <p className="muted" data-testid="scan-result">
          Scanned {lastScan.cacheDir}: {lastScan.added.length} model{lastScan.added.length === 1 ? '' : 's'} added
          {lastScan.skipped.length > 0 && `, ${lastScan.skipped.length} skipped (${lastScan.skipped.map((s) => s.reason).join('; ')})`}.
        </p>
      )}
      {loaded && models.length === 0 ? <p className="muted">No models yet. Add a folder or scan the Hugging Face cache.</p> : <ModelsTable models={models} />}
    </Page>
  );
}
