import type { SystemSample } from '../../../electron/contract/system.js';
import { Card } from '../../components/card';
import { LineChart } from '../../charts/line-chart';
import { formatMb } from '../../format/format-bytes';
import type { LiveSeries } from './sample-series';

interface GpuChartsProps {
  latest: SystemSample;
  series: LiveSeries;
}

/** One chart per GPU (utilisation and VRAM, both in %), or a plain statement that there is none. */
export function GpuCharts({ latest, series }: GpuChartsProps) {
  if (latest.gpus.length === 0) {
    return (
      <Card title="GPU" className="card-note" testId="no-gpu">
        <p className="note-title">No GPU detected — training runs on the CPU</p>
        <p className="muted">
          The monitor found no GPU it can read (NVIDIA cards are read through nvidia-smi). Training and the self-test use the
          TF.js CPU backend, which is slower but complete.
        </p>
      </Card>
    );
  }
  return (
    <>
      {series.gpus.map((g) => {
        const now = latest.gpus.find((x) => x.index === g.index);
        const util = now?.utilization;
        const facts = [
          util === null || util === undefined ? null : `${util.toFixed(0)} %`,
          now ? `VRAM ${formatMb(now.memoryUsedMb)} / ${formatMb(now.memoryTotalMb)}` : null,
          now?.temperatureC != null ? `${now.temperatureC.toFixed(0)} °C` : null,
        ].filter((f): f is string => f !== null);
        return (
          <Card key={g.index} title={`GPU ${g.index} · ${g.model}`} aside={facts.join(' · ')}>
            <LineChart
              testId={`chart-gpu-${g.index}`}
              label={`GPU ${g.index} utilisation and VRAM used, percent`}
              series={[
                { label: 'Utilisation', color: 'gpu', points: g.utilization },
                { label: 'VRAM used', color: 'vram', points: g.vramPercent },
              ]}
              xMin={series.xMin}
              yMax={100}
              unit="%"
            />
          </Card>
        );
      })}
    </>
  );
}
