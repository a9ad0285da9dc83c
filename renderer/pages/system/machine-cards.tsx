import type { SystemInfo } from '../../../electron/contract/system.js';
import { Card } from '../../components/card';
import { formatBytes } from '../../format/format-bytes';
import { CpuFlags } from './cpu-flags';

function Facts({ rows }: { rows: [string, string][] }) {
  return (
    <dl className="facts">
      {rows.map(([k, v]) => (
        <div key={k} className="fact">
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The machine as `system:info` describes it: OS, CPU, memory, GPUs and where the app keeps its data. */
export function MachineCards({ info }: { info: SystemInfo }) {
  const { os, cpu, memory, gpus, app } = info;
  return (
    <div className="card-grid">
      <Card title="Operating system">
        <Facts rows={[['System', os.distro || os.platform], ['Release', os.release], ['Platform', `${os.platform} (${os.arch})`]]} />
      </Card>
      <Card title="CPU" testId="cpu-card">
        <Facts rows={[['Model', cpu.brand], ['Cores', `${cpu.physicalCores} physical, ${cpu.cores} logical`]]} />
        <CpuFlags flags={cpu.flags} />
      </Card>
      <Card title="Memory">
        <Facts rows={[['Installed', formatBytes(memory.totalBytes)]]} />
      </Card>
      <Card title="GPUs">
        {gpus.length === 0 ? (
          <p className="muted">No GPU detected — training runs on the CPU.</p>
        ) : (
          <ul className="plain-list">
            {gpus.map((g, i) => (
              <li key={`${i}-${g.model}`}>
                <strong>{g.model}</strong>
                <span className="muted">
                  {' '}
                  {g.vendor}
                  {g.vramMb !== null ? ` · ${formatBytes(g.vramMb * 1024 * 1024)} VRAM` : ''}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="Finetune Studio" className="card-wide">
        <Facts rows={[['Version', app.version], ['Mode', app.mode === 'web' ? 'Browser mode' : 'Desktop app'], ['Data directory', app.dataDir]]} />
      </Card>
    </div>
  );
}
