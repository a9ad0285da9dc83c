import fs from 'node:fs/promises';
import path from 'node:path';
import type { onnx as P } from 'onnx-proto';
import { onnx, type DataTypeValue } from './graph-builder.js';

/** Tensors of at least this size start on a 64 KiB boundary, so a runtime may mmap them (onnx's save_model aligns the same way; 64 KiB is Windows' granularity, a multiple of Linux's 4 KiB). */
const ALIGN_THRESHOLD = 1 << 20;
const ALIGN = 1 << 16;

/**
 * Streams initializer bytes into one external data file (ONNX's external data format): each
 * TensorProto carries location/offset/length (offset and length as decimal strings) instead of
 * raw bytes, so model.onnx stays far below protobuf's 2 GB limit and weights are written one
 * tensor at a time, never held together in memory.
 */
export class ExternalDataWriter {
  private offset = 0;

  private constructor(
    private readonly handle: fs.FileHandle,
    readonly file: string,
  ) {}

  static async create(file: string): Promise<ExternalDataWriter> {
    return new ExternalDataWriter(await fs.open(file, 'w'), file);
  }

  get bytesWritten(): number {
    return this.offset;
  }

  async add(name: string, dataType: DataTypeValue, dims: number[], bytes: Uint8Array): Promise<P.ITensorProto> {
    if (bytes.byteLength >= ALIGN_THRESHOLD && this.offset % ALIGN !== 0) {
      const pad = ALIGN - (this.offset % ALIGN);
      await this.handle.write(new Uint8Array(pad), 0, pad, this.offset);
      this.offset += pad;
    }
    const at = this.offset;
    await this.handle.write(bytes, 0, bytes.byteLength, at);
    this.offset += bytes.byteLength;
    return {
      name,
      dataType,
      dims,
      dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
      externalData: [
        { key: 'location', value: path.basename(this.file) },
        { key: 'offset', value: String(at) },
        { key: 'length', value: String(bytes.byteLength) },
      ],
    };
  }

  async close(): Promise<void> {
    await this.handle.sync();
    await this.handle.close();
  }
}
