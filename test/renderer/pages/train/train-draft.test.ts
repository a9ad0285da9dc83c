import { describe, expect, it } from 'vitest';
import { TrainEstimateRequest, TrainRequest, type TrainEstimate } from '../../../../electron/contract/jobs.js';
import { memoryParts } from '../../../../renderer/pages/train/memory-parts';
import {
  applyPreset,
  DEFAULT_DRAFT,
  draftErrors,
  draftFromJobSpec,
  draftToRequest,
  estimateRequest,
  fieldError,
  matchingPreset,
  trainableVersions,
  validationStatus,
  versionIdFromDataPath,
  type TrainDraft,
} from '../../../../renderer/pages/train/train-draft';
import { dataset, report, version } from '../datasets/fixtures';

const ready: TrainDraft = { ...DEFAULT_DRAFT, datasetVersionId: 'v2', model: '/models/tiny' };

describe('train draft: presets', () => {
  it('fills the preset fields and keeps the rest', () => {
    const d = applyPreset({ ...ready, seed: '7', method: 'full' }, 'thorough');
    expect(d).toMatchObject({ epochs: '5', rank: '32', evalEvery: '25', earlyStoppingPatience: '3', seed: '7', method: 'full', model: '/models/tiny' });
    expect(applyPreset(d, 'quick')).toMatchObject({ epochs: '1', rank: '8', learningRate: '2e-4', batchSize: '4', maxLength: '256', evalEvery: '0' });
    expect(applyPreset(d, 'balanced')).toMatchObject({ epochs: '3', rank: '16' });
  });

  it('knows which preset the draft still matches, numerically, and says Custom after an edit', () => {
    expect(matchingPreset(DEFAULT_DRAFT)).toBe('quick');
    expect(matchingPreset({ ...applyPreset(ready, 'balanced'), learningRate: '0.0002' })).toBe('balanced');
    expect(matchingPreset({ ...applyPreset(ready, 'balanced'), epochs: '4' })).toBeNull();
  });
});

describe('train draft: validation before anything is sent', () => {
  it('accepts the defaults once a dataset and model are chosen', () => {
    expect(draftErrors(ready)).toEqual({});
    expect(Object.keys(draftErrors(DEFAULT_DRAFT)).sort()).toEqual(['datasetVersionId', 'model']);
  });

  it('says what is wrong with each number, with the contract limits', () => {
    expect(fieldError('epochs', '0')).toMatch(/Epochs is a whole number from 1 to 1000/);
    expect(fieldError('epochs', '1.5')).not.toBeNull();
    expect(fieldError('epochs', '')).not.toBeNull();
    expect(fieldError('maxLength', '4')).toMatch(/from 8 to 32768/);
    expect(fieldError('learningRate', '0')).toMatch(/above 0/);
    expect(fieldError('learningRate', '2e-4')).toBeNull();
    expect(fieldError('learningRate', '2e-')).not.toBeNull();
    expect(fieldError('weightDecay', '0')).toBeNull();
  });

  it('ignores LoRA fields for full fine-tuning', () => {
    expect(draftErrors({ ...ready, rank: '0' })).toHaveProperty('rank');
    expect(draftErrors({ ...ready, rank: '0', method: 'full' })).toEqual({});
  });

  it('builds a request the contract accepts, with force when asked', () => {
    const req = TrainRequest.parse(draftToRequest(applyPreset(ready, 'thorough'), true));
    expect(req).toMatchObject({ datasetVersionId: 'v2', model: '/models/tiny', epochs: 5, learningRate: 1e-4, lora: { rank: 32, alpha: 64 }, evalEvery: 25, earlyStoppingPatience: 3, force: true });
    expect(TrainRequest.parse(draftToRequest(ready)).force).toBe(false);
  });

  it('asks for an estimate only when the fields it depends on are valid', () => {
    expect(estimateRequest({ ...ready, model: '' })).toBeNull();
    expect(estimateRequest({ ...ready, batchSize: '0' })).toBeNull();
    const req = estimateRequest({ ...ready, method: 'full', rank: '16', batchSize: '2', maxLength: '128' });
    expect(TrainEstimateRequest.parse(req)).toMatchObject({ model: '/models/tiny', method: 'full', rank: 16, batchSize: 2, maxLength: 128 });
  });
});

describe('train draft: clone', () => {
  it('reads a stored TrainSpec back, taking the version id from the split file path', () => {
    const spec = { model: '/m', data: '/home/u/.config/fs/datasets/versions/ver-123/train.jsonl', outDir: '/runs/x', method: 'lora', lora: { rank: 16, alpha: 32 }, epochs: 2, batchSize: 8, learningRate: 0.0003, maxLength: 128, schedule: 'linear', seed: 3 };
    const d = draftFromJobSpec(spec, ready);
    expect(d).toMatchObject({ datasetVersionId: 'ver-123', model: '/m', rank: '16', alpha: '32', epochs: '2', batchSize: '8', learningRate: '0.0003', maxLength: '128', schedule: 'linear', seed: '3' });
    // Fields the spec lacks keep the current draft's values.
    expect(d.checkpointEvery).toBe(ready.checkpointEvery);
    expect(versionIdFromDataPath('C:\\data\\datasets\\versions\\abc\\train.jsonl')).toBe('abc');
    expect(versionIdFromDataPath('/elsewhere/file.jsonl')).toBe('');
    expect(draftFromJobSpec(null, ready)).toBe(ready);
  });
});

describe('train draft: dataset choices', () => {
  const raw = version({ id: 'raw', createdAt: 1 });
  const prepA = version({ id: 'prepA', createdAt: 2, splits: { train: 90, validation: 10, test: 0 }, recipe: null });
  const prepB = version({ id: 'prepB', createdAt: 3, splits: { train: 80, validation: 20, test: 0 } });
  const other = dataset({ id: 'd2', name: 'notes' }, [version({ id: 'n1', datasetId: 'd2' })]);

  it('lists only prepared versions, newest first, and the datasets that still need preparing', () => {
    const { prepared, unprepared } = trainableVersions([dataset({ name: 'haiku' }, [raw, prepA, prepB]), other]);
    expect(prepared.map((c) => c.version.id)).toEqual(['prepB', 'prepA']);
    expect(prepared[0]!.label).toBe('haiku v3');
    expect(unprepared.map((d) => d.name)).toEqual(['notes']);
  });

  it('tells whether the latest validation used the chosen model', () => {
    expect(validationStatus(prepA, '/m')).toBe('none');
    const validated = version({ validation: report({ model: { path: '/m', name: 'tiny', hasChatTemplate: true } }) });
    expect(validationStatus(validated, '/m')).toBe('current');
    expect(validationStatus(validated, '/other')).toBe('other-model');
  });
});

describe('memory bar', () => {
  const estimate = (over: Partial<TrainEstimate>): TrainEstimate => ({
    totalParams: 1e6,
    trainableParams: 1e4,
    weightsBytes: 400,
    adapterBytes: 100,
    gradientBytes: 0,
    optimizerBytes: 200,
    activationBytes: 300,
    engineCopiesBytes: 0,
    runtimeBytes: 0,
    totalBytes: 1000,
    availableRamBytes: 2000,
    availableVramBytes: null,
    fits: true,
    warning: null,
    ...over,
  });

  it('scales the parts to the available RAM when the run fits, leaving zero parts out', () => {
    const { parts, availableShare } = memoryParts(estimate({}));
    expect(parts.map((p) => p.key)).toEqual(['weights', 'adapter', 'optimizer', 'activations']);
    expect(parts[0]!.share).toBeCloseTo(0.2);
    expect(availableShare).toBe(1);
  });

  it('scales to the need when it does not fit, so the available marker sits inside the bar', () => {
    const { parts, availableShare } = memoryParts(estimate({ availableRamBytes: 500, fits: false }));
    expect(parts.reduce((s, p) => s + p.share, 0)).toBeCloseTo(1);
    expect(availableShare).toBeCloseTo(0.5);
  });
});
