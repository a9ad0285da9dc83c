import fs from 'node:fs';
import path from 'node:path';
import { ROWS_FILE, ROWS_INDEX_EVERY, SPLIT_FILES, type Preview, type StoredRow, type VersionMeta } from '../contract/datasets.js';

const CHUNK = 256 * 1024;

/** Reads `count` lines starting `skip` lines after byte `start`, without reading the rest of the file. */
function readLines(file: string, start: number, skip: number, count: number): string[] {
  const fd = fs.openSync(file, 'r');
  try {
    const out: string[] = [];
    const buf = Buffer.alloc(CHUNK);
    let pos = start;
    let rest = '';
    let toSkip = skip;
    while (out.length < count) {
      const n = fs.readSync(fd, buf, 0, CHUNK, pos);
      if (n === 0) break;
      pos += n;
      const lines = (rest + buf.toString('utf8', 0, n)).split('\n');
      rest = lines.pop()!;
      for (const line of lines) {
        if (toSkip > 0) toSkip--;
        else if (out.length < count) out.push(line);
      }
    }
    if (rest && out.length < count && toSkip === 0) out.push(rest);
    return out;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * One page of a version's rows (or of one split of a prepared version): one seek through the
 * offsets index, then at most ROWS_INDEX_EVERY + limit lines read. Split files hold training
 * records rather than {l, r} rows; their rows are numbered by position.
 */
export function previewRows(folder: string, meta: VersionMeta, split: 'all' | 'train' | 'validation' | 'test', offset: number, limit: number): Preview {
  const isSplit = split !== 'all';
  const total = isSplit ? (meta.splits?.[split] ?? 0) : meta.rows;
  const offsets = isSplit ? (meta.splitOffsets?.[split] ?? []) : meta.offsets;
  if (offset >= total || offsets.length === 0) return { total, offset, rows: [] };
  const block = Math.floor(offset / ROWS_INDEX_EVERY);
  const file = path.join(folder, isSplit ? SPLIT_FILES[split] : ROWS_FILE);
  const lines = readLines(file, offsets[block]!, offset - block * ROWS_INDEX_EVERY, limit);
  const rows = lines.map((line, i) => {
    const parsed = JSON.parse(line) as StoredRow | Record<string, unknown>;
    return isSplit ? { line: offset + i + 1, record: parsed as Record<string, unknown> } : { line: (parsed as StoredRow).l, record: (parsed as StoredRow).r };
  });
  return { total, offset, rows };
}
