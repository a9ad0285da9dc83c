import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cachedModelFolders, huggingFaceCacheDir } from '../../../electron/models/model-library.js';
import { Services } from '../../../electron/services.js';
import { builtWorker, repoRoot } from '../../helpers/fixtures.js';
import { tempDir } from '../../helpers/temp-dir.js';

const TINY = path.resolve(repoRoot, '..', 'shared', 'data', 'hf-tiny-random-llama');
let services: Services | null = null;
afterEach(async () => {
  await services?.close();
  services = null;
});

describe('model library', () => {
  it('registers the bundled demo model on a fresh install', async () => {
    services = new Services({ dataDir: tempDir(), mode: 'web', workerEntry: builtWorker });
    await services.bundledReady;
    const [demo] = services.store.models.list();
    expect(demo).toMatchObject({ name: 'demo-llama', architecture: 'llama', bundled: true, hasChatTemplate: true, dtype: 'F32' });
    expect(demo!.parameterCount).toBeGreaterThan(100_000);
    // Full fine-tuning holds F32 weights, gradients and AdamW's two moments (16 bytes a parameter); LoRA at
    // least the weights. (At 148K parameters activations dominate both, so neither is much the larger.)
    expect(demo!.memory.fullBytes).toBeGreaterThan(demo!.parameterCount * 16);
    expect(demo!.memory.loraR8Bytes).toBeGreaterThan(demo!.parameterCount * 4);
  });

  it('adds a real Hugging Face folder through the router, with its warnings, and removes it', async () => {
    services = new Services({ dataDir: tempDir(), mode: 'web', workerEntry: builtWorker });
    const session = { id: 's', send: () => undefined };
    const added = await services.router.dispatch('models:add', { path: TINY }, { session });
    expect(added).toMatchObject({ ok: true, data: { architecture: 'llama', parameterCount: 1_032_272, vocabSize: 32000, contextLength: 2048, bundled: false } });
    if (!added.ok) return;
    const model = added.data as { id: string; warnings: string[] };
    expect(model.warnings.join('\n')).toMatch(/bos_token_id/);
    const missing = await services.router.dispatch('models:add', { path: path.join(TINY, 'nope') }, { session });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const broken = tempDir();
    fs.writeFileSync(path.join(broken, 'config.json'), '{"model_type": "gpt_neox"}');
    expect(await services.router.dispatch('models:add', { path: broken }, { session })).toMatchObject({ ok: false, error: { code: 'MODEL_ERROR' } });
    expect(await services.router.dispatch('models:remove', { id: model.id }, { session })).toEqual({ ok: true, data: { removed: true } });
    expect(await services.router.dispatch('dialog:pickFolder', {}, { session })).toEqual({ ok: true, data: { path: null } });
  });

  it('finds snapshot folders in a Hugging Face cache layout', () => {
    const cache = tempDir();
    const snap = path.join(cache, 'models--org--tiny', 'snapshots', 'a'.repeat(40));
    fs.mkdirSync(snap, { recursive: true });
    fs.writeFileSync(path.join(snap, 'config.json'), '{}');
    fs.mkdirSync(path.join(cache, 'datasets--x--y', 'snapshots', 'b'), { recursive: true });
    expect(cachedModelFolders(cache)).toEqual([snap]);
    expect(cachedModelFolders(path.join(cache, 'missing'))).toEqual([]);
    expect(huggingFaceCacheDir({ HF_HOME: '/h' })).toBe(path.join('/h', 'hub'));
    expect(huggingFaceCacheDir({ HF_HUB_CACHE: '/c', HF_HOME: '/h' })).toBe('/c');
  });
});
