import type { TfBackendName } from '../../electron/contract/jobs.js';
import { loadChatModel } from '../engine/chat-model.js';
import { generate } from '../engine/generate.js';
import { Rng } from '../engine/rng.js';
import { pickToken } from '../engine/sampling.js';
import type { GenerateInput } from '../protocol.js';
import { HostDecoder } from './host-decoder.js';
import { firstStop, type Runner, type RunnerStep, type StopReason } from './runner.js';
import { samplingOptions } from './sampling-options.js';
import { chatMessages } from './text-side.js';

export interface EngineRunnerOptions {
  model: string;
  adapter?: string;
  backend?: TfBackendName;
  /** Generate through TF.js (engine/generate.ts) instead of the host decode path; FTS_PLAYGROUND_TFJS=1 does the same. */
  tfjs?: boolean;
}

/**
 * The engine: the model loaded by the engine's loader with the adapter applied (what training
 * produced), its tokenizer, chat template and sampler. Decoding runs on the host decode path
 * (host-decoder.ts) unless TF.js is asked for; both sample with engine/sampling.ts and the same seed.
 */
export async function loadEngineRunner(opts: EngineRunnerOptions): Promise<Runner> {
  const m = await loadChatModel(opts);
  const decode = (ids: number[]) => m.tokenizer.decode(ids, { skipSpecialTokens: true });
  const promptIds = (input: GenerateInput) => (input.mode === 'chat' ? m.promptIds(chatMessages(input)) : m.tokenizer.encode(input.prompt, { addSpecialTokens: true }));
  const maxPositions = m.config.maxPositionEmbeddings;

  if (opts.tfjs || process.env.FTS_PLAYGROUND_TFJS === '1') {
    return {
      runtime: `engine (${m.backend}, TF.js)`,
      async *generate(input: GenerateInput, signal: AbortSignal): AsyncGenerator<RunnerStep, StopReason> {
        const ids = promptIds(input);
        // Positions past the model's context would be extrapolated rope: stop there instead.
        const room = Math.max(0, maxPositions - ids.length);
        return yield* generate(m.tf, m.config, m.weights, ids, decode, {
          ...samplingOptions(input.params),
          maxNewTokens: Math.min(input.params.maxNewTokens, room),
          seed: input.params.seed,
          eosTokenIds: m.stopIds,
          stopStrings: input.params.stop,
          signal,
        });
      },
      dispose: () => Promise.resolve(m.dispose()),
    };
  }

  const host = await HostDecoder.fromEngine(m.config, m.weights, maxPositions);
  // The host copy is all generation needs: free the TF.js tensors.
  m.dispose();
  return {
    runtime: `engine (host decode, ${host.kernel})`,
    // The same loop as engine/generate.ts: prompt once, then one token per step, stop ids and stop strings.
    async *generate(input: GenerateInput, signal: AbortSignal): AsyncGenerator<RunnerStep, StopReason> {
      const p = input.params;
      const opts = samplingOptions(p);
      const rng = new Rng(p.seed);
      const all = promptIds(input);
      const max = Math.min(p.maxNewTokens, Math.max(0, maxPositions - all.length));
      const generated: number[] = [];
      host.reset();
      let step: number[] = [...all];
      for (let n = 0; n < max; n++) {
        if (signal.aborted) return 'cancelled';
        const id = pickToken(host.forward(step), all, opts, rng);
        if (m.stopIds.includes(id)) return 'eos';
        all.push(id);
        generated.push(id);
        const text = decode(generated);
        const stop = firstStop(text, p.stop);
        if (stop !== -1) {
          yield { text: text.slice(0, stop) };
          return 'stop-string';
        }
        yield { text };
        step = [id];
      }
      return 'max-tokens';
    },
    dispose: () => Promise.resolve(),
  };
}
