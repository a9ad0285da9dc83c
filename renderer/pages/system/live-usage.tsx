import { useMemo } from 'react';
import { Card } from '../../components/card';
import { LineChart } from '../../charts/line-chart';
import { formatBytes } from '../../format/format-bytes';
import { useStudio } from '../../store/index';
import { DiskCard } from './disk-card';
import { GpuCharts } from './gpu-charts';
import { buildSeries } from './sample-series';

/** CPU, memory, GPU and disk, redrawn on every `system:sample` while the System page is open. */
export function LiveUsage() {
  const samples = useStudio((s) => s.samples);
  const received = useStudio((s) => s.samplesReceived);
  const series = useMemo(() => buildSeries(samples), [samples]);
  const latest = samples[samples.length - 1];

  return (
    <section className="section" aria-labelledby="live-usage-title">
      <header className="section-header">
        <h2 id="live-usage-title">Live usage</h2>
        <span className="muted" data-testid="sample-count">
          Samples received: {received}
        </span>
      </header>
      {!latest && <p className="muted">Waiting for the first reading from the system monitor…</p>}
      <div className="chart-grid">
        <Card title="CPU" aside={latest ? `${latest.cpuPercent.toFixed(0)} %` : '—'}>
          <LineChart
            testId="chart-cpu"
            label={latest ? `CPU usage, now ${latest.cpuPercent.toFixed(0)} percent` : 'CPU usage'}
            series={[{ label: 'CPU', color: 'cpu', points: series.cpu }]}
            xMin={series.xMin}
            yMax={100}
            unit="%"
          />
        </Card>
        <Card title="Memory" aside={latest ? `${formatBytes(latest.memUsedBytes)} of ${formatBytes(latest.memTotalBytes)}` : '—'}>
          <LineChart
            testId="chart-ram"
            label={latest ? `Memory used, now ${formatBytes(latest.memUsedBytes)} of ${formatBytes(latest.memTotalBytes)}` : 'Memory used'}
            series={[{ label: 'Used', color: 'ram', points: series.ramGb }]}
            xMin={series.xMin}
            yMax={Math.max(1, Math.ceil(series.ramTotalGb))}
            unit="GB"
          />
        </Card>
        {latest && <GpuCharts latest={latest} series={series} />}
        {latest && <DiskCard sample={latest} />}
      </div>
    </section>
  );
}
