import { describe, expect, it } from 'vitest';
import { metricPanels } from '../../../../renderer/pages/jobs/metric-panels';
import { logFileName, logText } from '../../../../renderer/pages/jobs/log-text';
import { measuredStepMs, parseStepMessage, runProgress, totalFromProgress } from '../../../../renderer/pages/jobs/run-progress';
import { runName } from '../../../../renderer/pages/jobs/compare-runs';
import { job } from '../../fakes';

const train = (over = {}) => job({ id: 't1', kind: 'train', state: 'running', spec: { epochs: 2 }, startedAt: 1000, ...over });

describe('run progress', () => {
  it('reads the worker progress message', () => {
    expect(parseStepMessage('step 12/40 loss 1.2345')).toEqual({ step: 12, total: 40 });
    expect(parseStepMessage('Loading model and tokenizer')).toBeNull();
    expect(parseStepMessage(null)).toBeNull();
  });

  it('measures the recent pace, leaving out a pause before a resume', () => {
    expect(measuredStepMs([])).toBeNull();
    expect(measuredStepMs([{ step: 3, t: 0 }])).toBeNull();
    expect(measuredStepMs([{ step: 1, t: 0 }, { step: 2, t: 500 }, { step: 4, t: 1500 }])).toBe(500);
    expect(measuredStepMs([{ step: 1, t: 0 }, { step: 2, t: 100 }, { step: 3, t: 600_000 }, { step: 4, t: 600_200 }])).toBe(200);
  });

  it('gives epoch, step, percent and ETA from measured step times', () => {
    const p = runProgress(train({ message: 'step 15/40 loss 1.0' }), [{ step: 13, t: 10_000 }, { step: 15, t: 11_000 }], 15, 20_000);
    expect(p).toMatchObject({ step: 15, totalSteps: 40, epoch: 1, epochs: 2, stepMs: 500, etaMs: 25 * 500 });
    expect(p.fraction).toBeCloseTo(15 / 40);
    expect(runProgress(train({ message: 'step 21/40 loss 1.0' }), [], null, 0).epoch).toBe(2);
  });

  it('falls back to the average since the start before two steps were timed', () => {
    const p = runProgress(train({ message: 'step 10/40 loss 1.0', startedAt: 0 }), [], null, 5000);
    expect(p.stepMs).toBe(500);
    expect(p.etaMs).toBe(15_000);
  });

  it('shows a finished run as done, with the last step from the stored loss', () => {
    const p = runProgress(train({ state: 'completed', message: 'Completed', progress: 1 }), [], 40, 0);
    expect(p).toMatchObject({ step: 40, totalSteps: 40, epoch: 2, fraction: 1, etaMs: null });
  });

  it('does not claim the last step for a run that stopped early', () => {
    const p = runProgress(train({ state: 'completed', message: 'Completed', progress: 1, result: { status: 'early-stopped' } }), [], 12, 0);
    expect(p).toMatchObject({ step: 12, totalSteps: null, epoch: null, fraction: 1 });
  });

  it('reads the total of an interrupted run back from its stored progress', () => {
    const p = runProgress(train({ state: 'interrupted', message: 'The app stopped', progress: 0.03 + (0.95 * 7) / 150, spec: { epochs: 30 } }), [], 7, 0);
    expect(p).toMatchObject({ step: 7, totalSteps: 150, epoch: 2, epochs: 30 });
    expect(totalFromProgress(0.02, 3)).toBeNull();
    expect(totalFromProgress(0.5, null)).toBeNull();
  });
});

describe('metric panels', () => {
  it('puts validation loss on the loss chart and keeps the order of the issue', () => {
    const pts = [{ step: 1, value: 1 }];
    const panels = metricPanels({ tokens_per_s: pts, lr: pts, val_loss: pts, loss: pts, grad_norm: pts, val_perplexity: pts });
    expect(panels.map((p) => p.id)).toEqual(['loss', 'lr', 'grad_norm', 'tokens_per_s']);
    expect(panels[0]!.series.map((s) => s.label)).toEqual(['Training loss', 'Validation loss']);
    expect(metricPanels({})).toEqual([]);
  });
});

describe('log text and run names', () => {
  it('writes one ISO-timestamped line per entry', () => {
    const text = logText([
      { jobId: 't', t: Date.UTC(2026, 0, 2, 3, 4, 5, 6), level: 'INFO', message: 'backend wasm' },
      { jobId: 't', t: Date.UTC(2026, 0, 2, 3, 4, 6), level: 'ERROR', message: 'boom' },
    ]);
    expect(text).toBe('2026-01-02T03:04:05.006Z INFO   backend wasm\n2026-01-02T03:04:06.000Z ERROR  boom\n');
    expect(logText([])).toBe('');
    expect(logFileName({ id: 'abcdef123456', kind: 'train' })).toBe('train-abcdef12.log');
  });

  it('names a run by what tells runs apart', () => {
    expect(runName({ learningRate: 0.0002, lora: { rank: 16 } }, 'abcdef123')).toBe('abcdef12 lr 2e-4 r16');
    expect(runName({ method: 'full' }, 'x')).toBe('x full');
  });
});
