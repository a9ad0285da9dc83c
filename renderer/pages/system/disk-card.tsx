import type { SystemSample } from '../../../electron/contract/system.js';
import { Card } from '../../components/card';
import { ProgressBar } from '../../components/progress-bar';
import { formatBytes } from '../../format/format-bytes';
import { useStudio } from '../../store/index';

/** Free space where datasets, checkpoints and exports go: the figure that decides whether a run fits. */
export function DiskCard({ sample }: { sample: SystemSample }) {
  const dataDir = useStudio((s) => s.systemInfo?.app.dataDir ?? null);
  const used = sample.diskTotalBytes > 0 ? 1 - sample.diskFreeBytes / sample.diskTotalBytes : 0;
  return (
    <Card title="Disk (data directory)" aside={`${formatBytes(sample.diskFreeBytes)} free`} testId="disk-free">
      <div className="disk-figures">
        <span className="big-figure">{formatBytes(sample.diskFreeBytes)}</span>
        <span className="muted">free of {formatBytes(sample.diskTotalBytes)}</span>
      </div>
      <ProgressBar value={used} label="Disk used" tone={used > 0.9 ? 'danger' : 'neutral'} />
      {dataDir && (
        <p className="muted small path" title={dataDir}>
          {dataDir}
        </p>
      )}
    </Card>
  );
}
