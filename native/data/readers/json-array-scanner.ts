import type { ReadItem } from '../types.js';
import { formatBytes } from './data-error.js';
import { parseLine } from './jsonl-reader.js';

/** A whole-file verdict from the scanner; the reader turns it into a DATA_ERROR for the file. */
export class ScanError extends Error {
  constructor(
    readonly problem: 'NOT_JSON_ARRAY' | 'ROW_TOO_LARGE',
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

type Phase = 'start' | 'object' | 'array' | 'element' | 'objectTail' | 'after';

const QUOTE = 34;
const BACKSLASH = 92;
const LF = 10;
const CR = 13;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;

/**
 * Cuts a JSON array into its top-level elements without parsing the whole file: it tracks only
 * string/escape state and bracket depth, hands each element's text (with the line it starts on) to
 * JSON.parse, and so holds one element at a time. A top-level object is accepted when it wraps the
 * rows in an array property ({"data": [...]}); the first such array is the rows.
 */
export class JsonArrayScanner {
  line = 1;
  crlf = 0;
  lf = 0;
  /** Set once the decoder has replaced invalid UTF-8, so elements holding U+FFFD are reported. */
  sawBadBytes = false;
  rowsKey: string | null = null;
  arrayClosed = false;
  private phase: Phase = 'start';
  private depth = 0;
  private rowsDepth = 1;
  private inString = false;
  private escape = false;
  private prev = 0;
  private parts: string[] = [];
  private partsLen = 0;
  private elemStart = 0;
  private elemLine = 1;
  private keyStart = -1;
  private lastKey = '';
  private topObjectHadNoArray = false;

  constructor(private readonly maxRowBytes: number) {}

  /** Scans the next piece of decoded text; returns the rows and problems completed inside it. */
  feed(t: string): ReadItem[] {
    const out: ReadItem[] = [];
    for (let i = 0; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c === LF) {
        this.line++;
        if (this.prev === CR) this.crlf++;
        else this.lf++;
      }
      this.prev = c;
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (c === BACKSLASH) this.escape = true;
        else if (c === QUOTE) {
          this.inString = false;
          if (this.keyStart >= 0) this.lastKey = t.slice(this.keyStart, i);
          this.keyStart = -1;
        }
        continue;
      }
      if (c === 32 || c === LF || c === CR || c === 9) continue;
      switch (this.phase) {
        case 'start':
          if (c === OPEN_BRACKET) this.phase = 'array';
          else if (c === OPEN_BRACE) this.phase = 'object';
          else throw new ScanError('NOT_JSON_ARRAY', `the file is not a JSON array of rows (it starts with "${t.slice(i, i + 20)}"). A .json file must hold [ {...}, {...} ]; save one object per line as .jsonl instead if that suits you.`, this.line);
          this.depth = 1;
          break;
        case 'object':
          this.scanObject(c, i);
          break;
        case 'objectTail':
          if (c === QUOTE) this.inString = true;
          else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth++;
          else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --this.depth === 0) this.phase = 'after';
          break;
        case 'array':
          if (c === COMMA) break;
          if (c === CLOSE_BRACKET || c === CLOSE_BRACE) {
            this.closeArray();
            break;
          }
          this.phase = 'element';
          this.elemStart = i;
          this.elemLine = this.line;
          if (c === QUOTE) this.inString = true;
          else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth++;
          break;
        case 'element':
          if (c === QUOTE) this.inString = true;
          else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth++;
          else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
            if (this.depth === this.rowsDepth) {
              out.push(this.endElement(t, i));
              this.closeArray();
            } else this.depth--;
          } else if (c === COMMA && this.depth === this.rowsDepth) {
            out.push(this.endElement(t, i));
            this.phase = 'array';
          }
          break;
        case 'after':
          throw new ScanError(
            'NOT_JSON_ARRAY',
            c === OPEN_BRACE
              ? `the file holds several JSON values one after another (a second one starts at line ${this.line}). If it has one object per line it is JSON Lines: rename it to .jsonl or choose the JSONL format.`
              : `there is more text after the JSON ${this.topObjectHadNoArray ? 'object' : 'array'} ends (at line ${this.line}). Remove it and import again.`,
            this.line,
          );
      }
    }
    if (this.phase === 'element') {
      this.parts.push(t.slice(this.elemStart));
      this.partsLen += t.length - this.elemStart;
      this.elemStart = 0;
      if (this.partsLen > this.maxRowBytes) {
        throw new ScanError('ROW_TOO_LARGE', `the item starting at line ${this.elemLine} is larger than ${formatBytes(this.maxRowBytes)}, the most one row may hold. Check for an unclosed string or bracket there, or split the item.`, this.elemLine);
      }
    }
    if (this.keyStart >= 0) this.keyStart = 0; // a key cut by the chunk edge keeps only its tail: good enough for a note
    return out;
  }

  /** Call after the last text; returns what the end of the file completes (an unfinished element). */
  end(): ReadItem[] {
    switch (this.phase) {
      case 'start':
        return [];
      case 'element':
        return [{ kind: 'problem', problem: { code: 'BAD_JSON', line: this.elemLine, message: `The item starting at line ${this.elemLine} is not closed before the end of the file (the file may be cut short). Fix or remove it and import again.` } }];
      case 'object':
      case 'after':
        if (this.phase === 'object' || this.topObjectHadNoArray) {
          throw new ScanError('NOT_JSON_ARRAY', 'the file is a single JSON object, not an array of rows. Put the rows in a top-level array [ {...}, {...} ], or save one object per line as .jsonl.', 1);
        }
        return [];
      default:
        return [];
    }
  }

  /** Inside a top-level object, before the rows: the first array-valued property becomes the rows. */
  private scanObject(c: number, i: number): void {
    if (c === QUOTE) {
      this.inString = true;
      if (this.depth === 1) this.keyStart = i + 1;
    } else if (c === OPEN_BRACKET && this.depth === 1) {
      this.depth = 2;
      this.rowsDepth = 2;
      this.rowsKey = this.lastKey;
      this.phase = 'array';
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth++;
    else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --this.depth === 0) {
      this.phase = 'after';
      this.topObjectHadNoArray = true;
    }
  }

  private closeArray(): void {
    this.arrayClosed = true;
    this.depth = this.rowsDepth - 1;
    this.phase = this.rowsDepth === 1 ? 'after' : 'objectTail';
  }

  private endElement(t: string, i: number): ReadItem {
    const piece = t.slice(this.elemStart, i);
    const text = this.parts.length > 0 ? this.parts.join('') + piece : piece;
    this.parts = [];
    this.partsLen = 0;
    const line = this.elemLine;
    if (this.sawBadBytes && text.includes('\uFFFD')) {
      return { kind: 'problem', problem: { code: 'ENCODING', line, message: `The item at line ${line} contains bytes that are not valid UTF-8. Save the file as UTF-8 and import again.` } };
    }
    return parseLine(text, line, `The item at line ${line}`);
  }
}
