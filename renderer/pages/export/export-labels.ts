import type { ExportFormat, ExportSpec, GgufType } from '../../../electron/contract/exports.js';

// The contract's enums are zod values; repeating the lists keeps zod out of the renderer bundle.
export const GGUF_TYPES: readonly GgufType[] = ['F32', 'F16', 'Q8_0', 'Q6_K', 'Q5_K_M', 'Q4_K_M', 'Q4_0'];

export const FORMATS: readonly { id: ExportFormat; label: string; blurb: string; runtime: string }[] = [
  { id: 'ollama', label: 'Ollama', blurb: 'GGUF + Modelfile with the chat template and stop tokens, created in Ollama in one click', runtime: 'llama.cpp' },
  { id: 'gguf', label: 'GGUF', blurb: 'One file for llama.cpp, LM Studio, GPT4All and friends', runtime: 'llama.cpp' },
  { id: 'onnx', label: 'ONNX', blurb: 'Decoder with past key values (Optimum layout) for onnxruntime', runtime: 'onnxruntime' },
  { id: 'hf', label: 'Hugging Face', blurb: 'Merged safetensors folder, plus the PEFT adapter', runtime: 'the engine, reloaded' },
];

export const QUANT_HINTS: Record<GgufType, string> = {
  F32: 'exact; large',
  F16: 'near-exact; half the size',
  Q8_0: 'very close to F16',
  Q6_K: 'close to F16',
  Q5_K_M: 'good quality, smaller',
  Q4_K_M: 'the usual choice for laptops',
  Q4_0: 'smallest, lowest quality',
};

export function formatLabel(f: ExportFormat): string {
  return FORMATS.find((x) => x.id === f)?.label ?? f;
}

/** "GGUF Q4_K_M", "ONNX int8", "Hugging Face" */
export function exportTitle(spec: ExportSpec): string {
  if (spec.format === 'gguf' || spec.format === 'ollama') return `${formatLabel(spec.format)} ${spec.quant}`;
  if (spec.format === 'onnx') return spec.onnxInt8 ? 'ONNX int8' : 'ONNX F32';
  return formatLabel(spec.format);
}

const base = (p: string) => p.split(/[\\/]/).filter(Boolean).pop() ?? p;

/** Where the weights came from, in a few words. */
export function exportSourceLabel(spec: ExportSpec): string {
  return spec.adapter ? `${base(spec.model)} + ${base(spec.adapter.replace(/[\\/]adapter$/, ''))}` : base(spec.model);
}
