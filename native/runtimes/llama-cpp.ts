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
