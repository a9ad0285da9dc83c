import fs from 'node:fs';

/** A minimal GGUF v3 header reader for tests (metadata scalars and tensor types), independent of the writer. */
export interface GgufHeader {
  version: number;
  meta: Map<string, unknown>;
  tensors: { name: string; dims: number[]; type: number; offset: number }[];
}

export function readGgufHeader(file: string): GgufHeader {
  const b = fs.readFileSync(file);
  let o = 0;
  const u32 = () => ((o += 4), b.readUInt32LE(o - 4));
  const u64 = () => ((o += 8), Number(b.readBigUInt64LE(o - 8)));
  const str = () => {
    const n = u64();
    o += n;
    return b.toString('utf8', o - n, o);
  };
  const value = (t: number): unknown => {
    switch (t) {
      case 0: return b.readUInt8(o++);
      case 1: return b.readInt8(o++);
      case 4: return u32();
      case 5: return ((o += 4), b.readInt32LE(o - 4));
      case 6: return ((o += 4), b.readFloatLE(o - 4));
      case 7: return b.readUInt8(o++) !== 0;
      case 8: return str();
      case 9: {
        const et = u32();
        const n = u64();
        return Array.from({ length: n }, () => value(et));
      }
      default: throw new Error(`value type ${t} not handled`);
    }
  };
  if (b.toString('ascii', 0, 4) !== 'GGUF') throw new Error('not GGUF');
  o = 4;
  const version = u32();
  const nt = u64();
  const nkv = u64();
  const meta = new Map<string, unknown>();
  for (let i = 0; i < nkv; i++) {
    const k = str();
    meta.set(k, value(u32()));
  }
  const tensors = Array.from({ length: nt }, () => {
    const name = str();
    const nd = u32();
    const dims = Array.from({ length: nd }, u64);
    return { name, dims, type: u32(), offset: u64() };
  });
  return { version, meta, tensors };
}
