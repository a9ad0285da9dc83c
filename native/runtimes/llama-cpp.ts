/** The one file that touches node-llama-cpp (STYLE.md rule 8). Prebuilt binaries only: nothing is built or downloaded. */
export type LlamaCppModule = typeof import('node-llama-cpp');

export async function loadLlamaCpp(): Promise<LlamaCppModule> {
  return (await import('node-llama-cpp')) as LlamaCppModule;
}

/** Starts llama.cpp on the CPU and reports which prebuilt binary it chose. */
export async function llamaCppStatus(): Promise<{ version: string; detail: string }> {
  const { getLlama } = await loadLlamaCpp();
  const llama = await getLlama({ build: 'never', gpu: false, logLevel: 'error' as never });
  try {
    return { version: llama.llamaCppRelease.release, detail: `${llama.buildType} build, cpu` };
  } finally {
    await llama.dispose();
  }
}

type LlamaSequence = import('node-llama-cpp').LlamaContextSequence;

/**
 * Loads a GGUF on the CPU into a context set up for exact comparisons: one thread, an F32 KV cache
 * (the default F16 cache alone moves logits by ~6e-3, FACTS.md) and no flash attention (on the CPU
 * it multiplies in F16, ~3e-3 on its own). Everything is disposed when `use` settles. Run this in a
 * child process: a malformed GGUF can abort the whole process.
 */
async function withExactSequence<T>(ggufPath: string, contextSize: number, use: (sequence: LlamaSequence) => Promise<T>): Promise<T> {
  const { getLlama } = await loadLlamaCpp();
  const llama = await getLlama({ build: 'never', gpu: false, logLevel: 'error' as never });
  try {
    const model = await llama.loadModel({ modelPath: ggufPath });
    const context = await model.createContext({
      contextSize: Math.max(64, contextSize),
      threads: 1,
      flashAttention: false,
      experimentalKvCacheKeyType: 'F32',
      experimentalKvCacheValueType: 'F32',
    });
    return await use(context.getSequence());
  } finally {
    await llama.dispose();
  }
}

/** log p(next token | tokens[0..i]) for every position i. */
export function nextTokenLogProbs(ggufPath: string, tokens: readonly number[], vocabSize: number): Promise<number[][]> {
  return withExactSequence(ggufPath, tokens.length + 8, async (sequence) => {
    const out = await sequence.controlledEvaluate(
      tokens.map((t) => [t as never, { generateNext: { probabilities: true, options: { temperature: 1, topK: 0, topP: 1, minP: 0 } } }] as const) as never,
    );
    return out.map((o) => {
      const row = new Array<number>(vocabSize).fill(-Infinity);
      for (const [tok, p] of o?.next.probabilities ?? []) row[tok as unknown as number] = Math.log(p);
      return row;
    });
  });
}

/** Greedy continuations of several prompts (token ids), each stopped at a stop id or `maxNewTokens`. */
export function greedyContinuations(ggufPath: string, prompts: readonly (readonly number[])[], maxNewTokens: number, stopIds: readonly number[]): Promise<number[][]> {
  const longest = Math.max(...prompts.map((p) => p.length));
  return withExactSequence(ggufPath, longest + maxNewTokens + 8, async (sequence) => {
    const out: number[][] = [];
    for (const prompt of prompts) {
      await sequence.clearHistory();
      const got: number[] = [];
      for await (const token of sequence.evaluate([...prompt] as never, { temperature: 0 })) {
        const id = token as unknown as number;
        if (stopIds.includes(id)) break;
        got.push(id);
        if (got.length >= maxNewTokens) break;
      }
      out.push(got);
    }
    return out;
  });
}
