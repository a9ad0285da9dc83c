import fsp from 'node:fs/promises';
import { type AsyncBuffer, type FileMetaData, parquetMetadataAsync, parquetReadObjects, parquetSchema, type SchemaTree } from 'hyparquet';
import type { DataReader, DataRecord, ReaderInfo, ReaderOptions, ReadItem } from '../types.js';
import { dataError, nothingReadError, throwIfAborted } from './data-error.js';

/**
 * Parquet through hyparquet, one row group at a time over a file handle, so only the current row
 * group's columns are in memory. A row's "line" is its 1-based row number.
 */
export function openParquetReader(file: string, opts: ReaderOptions = {}): DataReader {
  let columns: string[] = [];
  const columnTypes: Record<string, string> = {};
  const notes: string[] = [];

  async function* rows(): AsyncGenerator<ReadItem> {
    const handle = await fsp.open(file, 'r');
    try {
      const size = (await handle.stat()).size;
      if (size === 0) throw nothingReadError(file, 0, 'rows');
      let bytesRead = 0;
      const buffer: AsyncBuffer = {
        byteLength: size,
        async slice(start: number, end?: number): Promise<ArrayBuffer> {
          const stop = Math.min(end ?? size, size);
          const out = new Uint8Array(Math.max(0, stop - start));
          if (out.length > 0) await handle.read(out, 0, out.length, start);
          bytesRead += out.length;
          opts.onBytes?.(Math.min(bytesRead, size), size);
          return out.buffer;
        },
      };
      const metadata = await guard(file, () => parquetMetadataAsync(buffer));
      describeColumns(metadata);
      let rowStart = 0;
      for (const group of metadata.row_groups) {
        throwIfAborted(opts.signal);
        const rowEnd = rowStart + Number(group.num_rows);
        const objects = await guard(file, () => parquetReadObjects({ file: buffer, metadata, rowStart, rowEnd, rowFormat: 'object' }));
        for (let i = 0; i < objects.length; i++) {
          const record: DataRecord = {};
          const source = objects[i]!;
          for (const name of columns) record[name] = toPlain(source[name]);
          yield { kind: 'row', line: rowStart + i + 1, record };
        }
        rowStart = rowEnd;
      }
      if (rowStart === 0) throw nothingReadError(file, size, 'rows');
    } finally {
      await handle.close();
    }
  }

  return {
    rows,
    info: (): ReaderInfo => ({ format: 'parquet', columns, columnTypes, hadBom: false, lineEndings: 'none', notes }),
  };

  function describeColumns(metadata: FileMetaData): void {
    const nested: string[] = [];
    columns = [];
    for (const child of parquetSchema(metadata).children) {
      const name = child.element.name;
      const type = describeType(child);
      columns.push(name);
      columnTypes[name] = type;
      if (child.children.length > 0 || type.startsWith('list<')) nested.push(`${name} (${type})`);
    }
    if (nested.length > 0) notes.push(`Nested columns were read as lists/objects: ${nested.join(', ')}.`);
  }
}

/** Any hyparquet failure means the file is not Parquet we can read; say so in the user's terms. */
async function guard<T>(file: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw dataError(file, 'BAD_PARQUET', `the file is not a readable Parquet file (${reason}). It may be damaged or cut short: export it again and import the new file.`);
  }
}

/** A short type for the column list: 'string', 'int64', 'list<struct>', 'map<string,int32>', 'struct'. */
export function describeType(node: SchemaTree): string {
  const el = node.element;
  if (node.children.length === 0) {
    const logical = el.logical_type?.type;
    if (logical === 'STRING' || el.converted_type === 'UTF8') return 'string';
    if (logical === 'JSON' || el.converted_type === 'JSON') return 'json';
    if (logical === 'TIMESTAMP' || el.converted_type === 'TIMESTAMP_MILLIS' || el.converted_type === 'TIMESTAMP_MICROS') return 'timestamp';
    if (logical === 'DATE' || el.converted_type === 'DATE') return 'date';
    if (logical === 'DECIMAL' || el.converted_type === 'DECIMAL') return 'decimal';
    const base = (el.type ?? 'unknown').toLowerCase();
    const type = base === 'byte_array' || base === 'fixed_len_byte_array' ? 'bytes' : base;
    return el.repetition_type === 'REPEATED' ? `list<${type}>` : type;
  }
  const single = node.children.length === 1 ? node.children[0] : undefined;
  if ((el.converted_type === 'LIST' || el.logical_type?.type === 'LIST') && single) {
    // The standard 3-level list: LIST group > repeated group "list" > "element".
    const item = single.children.length === 1 ? single.children[0]! : single;
    return `list<${describeType(item)}>`;
  }
  if ((el.converted_type === 'MAP' || el.logical_type?.type === 'MAP') && single && single.children.length === 2) {
    return `map<${describeType(single.children[0]!)},${describeType(single.children[1]!)}>`;
  }
  return el.repetition_type === 'REPEATED' ? 'list<struct>' : 'struct';
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Makes hyparquet's values JSON-friendly: BigInt becomes a number when exact, else a string (an
 * id beyond 2^53 must not silently change); bytes become base64; dates become ISO strings.
 */
export function toPlain(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return value;
    case 'bigint':
      return value <= MAX_SAFE && value >= -MAX_SAFE ? Number(value) : value.toString();
    case 'undefined':
      return null;
    case 'object':
      if (value === null) return null;
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
      if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
      if (Array.isArray(value) || ArrayBuffer.isView(value)) return Array.from(value as ArrayLike<unknown>, toPlain);
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlain(v)]));
    default:
      return String(value);
  }
}
