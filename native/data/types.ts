/**
 * The shapes shared by the dataset readers, schema detection, import, validation and preparation
 * (issue 4). Readers turn a user's file into records; everything after works on records.
 */

export type DataFormat = 'csv' | 'tsv' | 'json' | 'jsonl' | 'parquet' | 'txt';

/** One row of a user's file: column name -> value (strings for CSV/TXT, any JSON value otherwise). */
export type DataRecord = Record<string, unknown>;

/** Why one row could not be read; the import lists these and either skips the rows or fails. */
export type RowProblemCode =
  | 'BAD_JSON' // a JSONL line or JSON array item that does not parse
  | 'NOT_AN_OBJECT' // a JSON row that is a number, string, array or null
  | 'ENCODING' // bytes that are not valid UTF-8
  | 'RAGGED_ROW' // a CSV/TSV row with more or fewer fields than the header
  | 'BAD_QUOTES' // a CSV field whose quotes do not close
  | 'WRONG_TYPE' // a value of the wrong type for the role it is mapped to
  | 'MISSING_FIELD' // a required field absent or empty
  | 'SCHEMA_MISMATCH'; // a row shaped like another schema than the dataset's

export interface RowProblem {
  code: RowProblemCode;
  /** 1-based line in the user's file where the row starts (Parquet: 1-based row number). */
  line: number;
  /** The column or field concerned, when there is one. */
  field?: string;
  message: string;
}

/** A whole-file failure: nothing is imported. */
export type FileProblemCode =
  | 'EMPTY_FILE'
  | 'NO_ROWS' // a header and nothing else, or only blank lines
  | 'BINARY_FILE'
  | 'ROW_TOO_LARGE' // one line/row over the reader's limit (protects memory)
  | 'UNSUPPORTED_FORMAT'
  | 'NOT_JSON_ARRAY' // a .json file that is not one top-level array
  | 'BAD_PARQUET'
  | 'UNREADABLE';

/** What a reader yields, in file order. */
export type ReadItem = { kind: 'row'; line: number; record: DataRecord } | { kind: 'problem'; problem: RowProblem };

export interface ReaderOptions {
  /** Bytes of the file read so far, for a progress bar (called at most every few MB). */
  onBytes?: (bytesRead: number, totalBytes: number) => void;
  signal?: AbortSignal;
  /** TXT only: a sample per line, or blocks separated by blank lines; 'auto' looks at the file. */
  txtMode?: 'lines' | 'blocks' | 'auto';
  /** The longest line or record accepted, in bytes (default 4 MiB); longer gives ROW_TOO_LARGE. */
  maxRowBytes?: number;
}

/** Describes what a reader saw of the file as a whole (columns in file order). */
export interface ReaderInfo {
  format: DataFormat;
  columns: string[];
  /** Column name -> a short type description when the format declares one (Parquet). */
  columnTypes?: Record<string, string>;
  hadBom: boolean;
  lineEndings: 'lf' | 'crlf' | 'mixed' | 'none';
  txtMode?: 'lines' | 'blocks';
  /** Things the user should know about how the file was read (renamed columns, nested Parquet columns). */
  notes?: string[];
}

/**
 * Opens `file` as `format` and streams its rows. `info()` is complete once iteration has finished
 * (columns are known after the header, line endings after the last byte). Whole-file failures throw
 * an AppError('DATA_ERROR', message, { file, problem: FileProblemCode, line? }).
 */
export interface DataReader {
  rows(): AsyncGenerator<ReadItem>;
  info(): ReaderInfo;
}
