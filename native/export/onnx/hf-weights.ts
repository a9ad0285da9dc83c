import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../electron/contract/errors.js';
import { SafetensorsFile } from '../../models/safetensors.js';
import { SafetensorsModelFiles } from '../../models/safetensors-model-files.js';

interface Adapter {
  file: SafetensorsFile;
  scale: number;
  rank: number;
}

/**
 * Reads a Hugging Face checkpoint one tensor at a time for the ONNX writer, with a PEFT LoRA
 * adapter merged in (W + alpha/r · B·A, as gguf-decoder.ts does) and linear weights handed out
 * transposed to ONNX MatMul's [in, out] (FACTS.md: the transpose of PyTorch's [out, in]).
 */
export class HfWeightSource {
  private constructor(
    private readonly files: SafetensorsModelFiles,
    private readonly adapter: Adapter | null,
  ) {}

  static async open(modelDir: string, adapterDir?: string): Promise<HfWeightSource> {
    const files = await SafetensorsModelFiles.open(modelDir);
    if (!adapterDir) return new HfWeightSource(files, null);
    const configFile = path.join(adapterDir, 'adapter_config.json');
    let ac: { r?: number; lora_alpha?: number; peft_type?: string };
    try {
      ac = JSON.parse(await fs.readFile(configFile, 'utf8')) as typeof ac;
    } catch (err) {
      throw new AppError('MODEL_ERROR', `${configFile}: cannot read the adapter config (${(err as Error).message})`, { file: configFile });
    }
    if (ac.peft_type !== 'LORA' || !ac.r || !ac.lora_alpha) throw new AppError('MODEL_ERROR', `${configFile}: not a LoRA adapter config (needs peft_type LORA, r and lora_alpha)`, { file: configFile });
    const file = await SafetensorsFile.open(path.join(adapterDir, 'adapter_model.safetensors'));
    return new HfWeightSource(files, { file, scale: ac.lora_alpha / ac.r, rank: ac.r });
  }

  has(name: string): boolean {
    return this.files.has(name);
  }

  /** A tensor as stored (F16/BF16 widened), after checking its shape. */
  async read(name: string, shape: number[]): Promise<Float32Array> {
    if (!this.files.has(name)) throw new AppError('MODEL_ERROR', `${this.files.dir}: tensor ${name} is missing`, { tensor: name });
    const found = this.files.info(name).shape;
    if (found.length !== shape.length || found.some((d, i) => d !== shape[i])) {
      throw new AppError('MODEL_ERROR', `${this.files.fileOf(name)}: tensor ${name} has shape [${found}], expected [${shape}]`, { tensor: name });
    }
    return this.files.read(name);
  }

  /** An nn.Linear weight stored [out, in], returned as [in, out] with its LoRA pair (if any) merged. */
  async linear(name: string, out: number, inp: number): Promise<Float32Array> {
    const w = await this.read(name, [out, inp]);
    const t = new Float32Array(w.length);
    for (let o = 0; o < out; o++) {
      const row = o * inp;
      for (let i = 0; i < inp; i++) t[i * out + o] = w[row + i]!;
    }
    const lora = await this.loraPair(name, out, inp);
    if (lora) mergeLoraTransposed(t, lora.a, lora.b, out, inp, lora.rank, lora.scale);
    return t;
  }

  private async loraPair(name: string, out: number, inp: number): Promise<{ a: Float32Array; b: Float32Array; rank: number; scale: number } | null> {
    if (!this.adapter) return null;
    const peft = `base_model.model.${name.replace(/\.weight$/, '')}`;
    const { file, rank, scale } = this.adapter;
    if (!file.has(`${peft}.lora_A.weight`)) return null;
    const read = async (key: string, shape: number[]) => {
      if (!file.has(key)) throw new AppError('MODEL_ERROR', `${file.file}: missing tensor ${key}`, { file: file.file, tensor: key });
      const found = file.info(key).shape;
      if (found.length !== 2 || found[0] !== shape[0] || found[1] !== shape[1]) throw new AppError('MODEL_ERROR', `${file.file}: tensor ${key} has shape [${found}], expected [${shape}]`, { file: file.file, tensor: key });
      return file.read(key);
    };
    return { a: await read(`${peft}.lora_A.weight`, [rank, inp]), b: await read(`${peft}.lora_B.weight`, [out, rank]), rank, scale };
  }
}

/**
 * t[i, o] += scale · Σ_k B[o, k] · A[k, i], on the transposed ([in, out]) weight, with PEFT's A [r, in]
 * and B [out, r]. B is transposed first so the inner loop runs along contiguous rows of both.
 */
export function mergeLoraTransposed(t: Float32Array, a: Float32Array, b: Float32Array, out: number, inp: number, r: number, scale: number): void {
  const bt = new Float32Array(r * out);
  for (let o = 0; o < out; o++) for (let k = 0; k < r; k++) bt[k * out + o] = b[o * r + k]! * scale;
  for (let i = 0; i < inp; i++) {
    const row = i * out;
    for (let k = 0; k < r; k++) {
      const av = a[k * inp + i]!;
      if (av === 0) continue;
      const bk = k * out;
      for (let o = 0; o < out; o++) t[row + o]! += av * bt[bk + o]!;
    }
  }
}
