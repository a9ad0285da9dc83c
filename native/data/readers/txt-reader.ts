import type { DataReader, ReaderInfo, ReaderOptions, ReadItem } from '../types.js';
import { dataError, DEFAULT_MAX_ROW_BYTES, formatBytes, nothingReadError } from './data-error.js';
import { type LineBatch, LineSplitter } from './line-splitter.js';

/**
 * Plain text: one sample per line, or blocks separated by blank lines. 'auto' decides from the first
 * chunk (1 MiB): blocks when some blank-line-separated block there has more than one line.
 */
export function openTxtReader(file: string, opts: ReaderOptions = {}): DataReader {
  const splitter = new LineSplitter(file, opts);
  const max = opts.maxRowBytes ?? DEFAULT_MAX_ROW_BYTES;
  let mode: 'lines' | 'blocks' = opts.txtMode === 'blocks' ? 'blocks' : 'lines';

  async function* rows(): AsyncGenerator<ReadItem> {
    let yielded = 0;
    let decided = opts.txtMode === 'lines' || opts.txtMode === 'blocks';
    let block: string[] = [];
    let blockLine = 0;
    let blockBytes = 0;
    let blockBad = false;

    function* flush(): Generator<ReadItem> {
      if (block.length === 0) return;
      yielded++;
      if (blockBad) yield encodingProblem(blockLine);
      else yield { kind: 'row', line: blockLine, record: { text: block.join('\n') } };
      block = [];
      blockBytes = 0;
      blockBad = false;
    }

    for await (const batch of splitter.batches()) {
      if (!decided) {
        mode = looksLikeBlocks(batch) ? 'blocks' : 'lines';
        decided = true;
      }
      let bad = 0;
      for (let i = 0; i < batch.lines.length; i++) {
        const text = batch.lines[i]!;
        const line = batch.firstLine + i;
        const isBad = batch.badLines[bad] === line;
        if (isBad) bad++;
        if (text.trim() === '') {
          if (mode === 'blocks') yield* flush();
          continue;
        }
        if (mode === 'lines') {
          yielded++;
          yield isBad ? encodingProblem(line) : { kind: 'row', line, record: { text } };
          continue;
        }
        if (block.length === 0) blockLine = line;
        block.push(text);
        blockBad ||= isBad;
        blockBytes += text.length + 1;
        if (blockBytes > max) {
          throw dataError(file, 'ROW_TOO_LARGE', `the text block starting at line ${blockLine} is longer than ${formatBytes(max)}, the most one sample may hold. Separate samples with blank lines, or import one sample per line.`, blockLine);
        }
      }
    }
    yield* flush();
    if (yielded === 0) throw nothingReadError(file, splitter.totalBytes, 'text');
  }

  return {
    rows,
    info: (): ReaderInfo => ({
      format: 'txt',
      columns: ['text'],
      hadBom: splitter.hadBom,
      lineEndings: splitter.lineEndings,
      txtMode: mode,
      notes: [],
    }),
  };
}

function encodingProblem(line: number): ReadItem {
  return { kind: 'problem', problem: { code: 'ENCODING', line, message: `Line ${line} contains bytes that are not valid UTF-8. Save the file as UTF-8 and import again.` } };
}

/**
 * True when blank lines split the text into at least three groups, mostly of more than one line, and
 * groups are short on average: a lines file with a stray blank line or two must stay a lines file.
 */
function looksLikeBlocks(batch: LineBatch): boolean {
  let groups = 0;
  let multiLine = 0;
  let nonBlank = 0;
  let run = 0;
  for (const line of [...batch.lines, '']) {
    if (line.trim() === '') {
      if (run > 0) groups++;
      if (run > 1) multiLine++;
      run = 0;
    } else {
      run++;
      nonBlank++;
    }
  }
  return groups >= 3 && multiLine * 2 >= groups && nonBlank / groups <= MAX_AVERAGE_BLOCK_LINES;
}

const MAX_AVERAGE_BLOCK_LINES = 20;
