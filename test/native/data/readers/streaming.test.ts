import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCsvReader } from '../../../../native/data/readers/csv-reader.js';
import { tempDir } from '../../../helpers/temp-dir.js';

/** Writes `rows` CSV rows of ~100 bytes in 1 MB pieces, so the test itself never holds the file. */
function writeCsv(file: string, rows: number): void {
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, 'id,text,label\n');
  const filler = 'a sentence long enough to make each row about a hundred bytes long and then some';
  let piece: string[] = [];
  for (let i = 0; i < rows; i++) {
    piece.push(i % 50 === 0 ? `${i},"quoted, with a\nnewline ${filler}",${i % 3}` : `${i},${filler} ${i},${i % 3}`);
    if (piece.length === 10_000) {
      fs.writeSync(fd, piece.join('\n') + '\n');
      piece = [];
    }
  }
  fs.writeSync(fd, piece.join('\n') + '\n');
  fs.closeSync(fd);
}

describe('streaming', () => {
  it('parses a ~50 MB CSV with memory growth far below the file size', async () => {
    const file = path.join(tempDir(), 'big.csv');
    const rows = 600_000;
    writeCsv(file, rows);
    const size = fs.statSync(file).size;
    expect(size).toBeGreaterThan(45e6);

    globalThis.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    let count = 0;
    let lastLine = 0;
    for await (const item of openCsvReader(file, ',').rows()) {
      if (item.kind !== 'row') throw new Error(`unexpected problem: ${item.problem.message}`);
      count++;
      lastLine = item.line;
      if ((count & 4095) === 0) peak = Math.max(peak, process.memoryUsage().rss);
    }
    expect(count).toBe(rows);
    expect(lastLine).toBe(1 + rows + rows / 50); // every 50th row spans two lines
    const growth = peak - before;
    expect(growth).toBeLessThan(200 * 2 ** 20);
  }, 60_000);
});
