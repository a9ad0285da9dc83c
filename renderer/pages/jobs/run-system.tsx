import { useEffect, useMemo } from 'react';
import { LineChart } from '../../charts/line-chart';
import { Card } from '../../components/card';
import { formatBytes } from '../../format/format-bytes';
import { useStudio } from '../../store/index';
import { GpuCharts } from '../system/gpu-charts';
import { buildSeries } from '../system/sample-series';

/** The System page's live CPU, RAM, GPU and VRAM charts, beside a running job's metrics (the monitor samples only while someone watches). */
export function RunSystem() {
  const watchSamples = useStudio((s) => s.watchSamples);
  const samples = useStudio((s) => s.samples);
  useEffect(() => watchSamples(), [watchSamples]);
  const series = useMemo(() => buildSeries(samples), [samples]);
  const latest = samples[samples.length - 1];
  return (
    <section className="detail-section run-system" data-testid="run-system" aria-label="System during the run">
      <h3>System during the run</h3>
      {!latest ? (
        <p className="muted small">Waiting for the system monitor…</p>
      ) : (
        <div className="chart-grid system-mini">
          <Card title="CPU" aside={`${latest.cpuPercent.toFixed(0)} %`}>
            <LineChart testId="run-chart-cpu" label={`CPU usage, now ${latest.cpuPercent.toFixed(0)} percent`} series={[{ label: 'CPU', color: 'cpu', points: series.cpu }]} xMin={series.xMin} yMax={100} unit="%" />
          </Card>
          <Card title="Memory" aside={`${formatBytes(latest.memUsedBytes)} of ${formatBytes(latest.memTotalBytes)}`}>
            <LineChart
              testId="run-chart-ram"
              label={`Memory used, now ${formatBytes(latest.memUsedBytes)}`}
              series={[{ label: 'Used', color: 'ram', points: series.ramGb }]}
              xMin={series.xMin}
              yMax={Math.max(1, Math.ceil(series.ramTotalGb))}
              unit="GB"
            />
          </Card>
          <GpuCharts latest={latest} series={series} />
        </div>
      )}
    </section>
  );
}
