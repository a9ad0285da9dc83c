import path from 'node:path';
import type { PlaygroundTarget } from '../contract/playground.js';

/** A target's stable id: its kind and resolved paths, so the same model is the same worker and the same history. */
export function targetId(t: PlaygroundTarget): string {
  const r = (p: string) => path.resolve(p);
  switch (t.kind) {
    case 'engine':
      return t.adapter ? `engine:${r(t.model)}+${r(t.adapter)}` : `engine:${r(t.model)}`;
    case 'gguf-auto':
      return t.adapter ? `gguf-auto:${r(t.model)}+${r(t.adapter)}` : `gguf-auto:${r(t.model)}`;
    case 'gguf':
      return `gguf:${r(t.file)}`;
    case 'onnx':
      return `onnx:${r(t.folder)}`;
  }
}

/** A short name for a target when no option list names it (a path's last parts). */
export function targetLabel(t: PlaygroundTarget): string {
  const base = (p: string) => path.basename(path.resolve(p));
  const tail = (p: string) => path.basename(path.dirname(path.resolve(p)));
  switch (t.kind) {
    case 'engine':
      return t.adapter ? `${base(t.model)} + ${tail(t.adapter)}/${base(t.adapter)}` : base(t.model);
    case 'gguf-auto':
      return `${t.adapter ? `${base(t.model)} + ${tail(t.adapter)}` : base(t.model)} (GGUF, llama.cpp)`;
    case 'gguf':
      return base(t.file);
    case 'onnx':
      return `${base(t.folder)} (ONNX)`;
  }
}
