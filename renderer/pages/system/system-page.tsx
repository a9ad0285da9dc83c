import { useEffect } from 'react';
import { Page } from '../../components/page';
import { Spinner } from '../../components/spinner';
import { useStudio } from '../../store/index';
import { LiveUsage } from './live-usage';
import { MachineCards } from './machine-cards';
import { RuntimesCard } from './runtimes-card';
import { VersionsCard } from './versions-card';

export function SystemPage() {
  const info = useStudio((s) => s.systemInfo);
  const status = useStudio((s) => s.systemInfoStatus);
  const error = useStudio((s) => s.systemInfoError);
  const load = useStudio((s) => s.loadSystemInfo);
  const watchSamples = useStudio((s) => s.watchSamples);

  // Samples flow only while this page is open; main stops polling when nobody listens.
  useEffect(() => watchSamples(), [watchSamples]);
  useEffect(() => {
    if (status === 'idle') void load();
  }, [status, load]);

  return (
    <Page
      id="system"
      title="System"
      subtitle="This machine's hardware, the runtimes that load on it, and live usage"
      actions={
        <button type="button" className="button" onClick={() => void load()} disabled={status === 'loading'}>
          {status === 'loading' ? 'Probing…' : 'Probe again'}
        </button>
      }
    >
      <LiveUsage />
      <section className="section" aria-labelledby="machine-title" aria-busy={status === 'loading'}>
        <header className="section-header">
          <h2 id="machine-title">Machine and runtimes</h2>
        </header>
        {status === 'loading' && !info && (
          <div className="loading-panel">
            <Spinner label="Probing hardware and runtimes…" />
            <p className="muted">This starts the compute worker to see which TF.js backends, onnxruntime and llama.cpp load here; it can take a few seconds.</p>
          </div>
        )}
        {status === 'error' && !info && error && (
          <div className="error-panel" role="alert">
            <p>
              <code>{error.code}</code> {error.message}
            </p>
            <button type="button" className="button" onClick={() => void load()}>
              Try again
            </button>
          </div>
        )}
        {info && (
          <>
            <MachineCards info={info} />
            <h2 className="subsection-title">Runtimes</h2>
            <RuntimesCard runtimes={info.runtimes} />
            <VersionsCard versions={info.versions} />
          </>
        )}
      </section>
    </Page>
  );
}
