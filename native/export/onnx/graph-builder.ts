import onnxProto from 'onnx-proto';
import type { onnx as P } from 'onnx-proto';

const { onnx } = onnxProto;
export const DataType = onnx.TensorProto.DataType;
export type DataTypeValue = P.TensorProto.DataType;

/** An attribute value: numbers are INT unless listed in `floats`, arrays are INTS (FLOATS likewise). */
export type AttrValue = number | number[] | { float: number } | { floats: number[] };

/** One tensor's bytes as ONNX stores them: little-endian, row-major. */
export function bytesOf(a: Float32Array | Int8Array | BigInt64Array): Uint8Array {
  // onnx-proto's rawData must be a Uint8Array view; a Float32Array is silently mis-encoded (FACTS.md).
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function attribute(name: string, v: AttrValue): P.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof v === 'number') return { name, type: T.INT, i: v };
  if (Array.isArray(v)) return { name, type: T.INTS, ints: v };
  if ('float' in v) return { name, type: T.FLOAT, f: v.float };
  return { name, type: T.FLOATS, floats: v.floats };
}

/**
 * Collects nodes and initializers of one ONNX graph with generated, readable value names
 * (`l3.attn.q`, `l3.attn.q_1`, ...). It knows nothing about decoders; decoder-graph.ts does.
 */
export class GraphBuilder {
  readonly nodes: P.INodeProto[] = [];
  readonly initializers: P.ITensorProto[] = [];
  private readonly used = new Set<string>();

  /** A fresh value name built from `hint`. */
  name(hint: string): string {
    let n = hint;
    for (let i = 1; this.used.has(n); i++) n = `${hint}_${i}`;
    this.used.add(n);
    return n;
  }

  /** Reserves a name that must appear exactly as given (graph inputs and outputs). */
  reserve(name: string): string {
    if (this.used.has(name)) throw new Error(`ONNX value name ${name} used twice`);
    this.used.add(name);
    return name;
  }

  /** A node with one output; `out` names it exactly (a graph output), else it is derived from `hint`. */
  op(opType: string, inputs: string[], hint: string, attrs: Record<string, AttrValue> = {}, out?: string): string {
    return this.opN(opType, inputs, [out ?? this.name(hint)], attrs)[0]!;
  }

  opN(opType: string, inputs: string[], outputs: string[], attrs: Record<string, AttrValue> = {}): string[] {
    this.nodes.push({
      opType,
      name: `${opType}_${this.nodes.length}`,
      input: inputs,
      output: outputs,
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return outputs;
  }

  /** A small constant stored inside model.onnx (shapes, axes, scalars). */
  constant(hint: string, dataType: DataTypeValue, dims: number[], data: Float32Array | Int8Array | BigInt64Array): string {
    const name = this.name(hint);
    this.initializers.push({ name, dataType, dims, rawData: Uint8Array.from(bytesOf(data)) });
    return name;
  }

  int64(hint: string, values: number[], scalar = false): string {
    return this.constant(hint, DataType.INT64, scalar ? [] : [values.length], BigInt64Array.from(values.map((v) => BigInt(v))));
  }

  float(hint: string, value: number): string {
    return this.constant(hint, DataType.FLOAT, [], Float32Array.of(value));
  }

  /** An initializer whose bytes live elsewhere (external data), described by `tensor`. */
  addInitializer(tensor: P.ITensorProto): string {
    this.reserve(tensor.name!);
    this.initializers.push(tensor);
    return tensor.name!;
  }
}

/** A graph input or output: element type and dims, each a number or a symbolic name. */
export function valueInfo(name: string, elemType: DataTypeValue, dims: (number | string)[]): P.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  };
}

export { onnx };
