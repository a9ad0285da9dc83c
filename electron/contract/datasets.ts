import { z } from 'zod';
import { ROLES_BY_KIND, SCHEMA_KINDS } from './dataset-roles.js';
import { AppError } from './errors.js';

/**
 * Datasets (issue 4): an imported file becomes a dataset version (rows stored as JSONL beside the
 * database); preparing one makes a new version with its recipe and lineage.
 */

export const DataFormat = z.enum(['csv', 'tsv', 'json', 'jsonl', 'parquet', 'txt']);
export type DataFormat = z.infer<typeof DataFormat>;

/** What a dataset's rows are for; each kind has its own roles (ROLES_BY_KIND). */
export const SchemaKind = z.enum(SCHEMA_KINDS);
export type SchemaKind = z.infer<typeof SchemaKind>;
export { ROLES_BY_KIND };

const ColumnName = z.string().min(1).max(512);

/** Which column plays which role; the user can override what detection chose. */
export const ColumnMapping = z
  .object({
    kind: SchemaKind,
    columns: z.record(z.string().min(1).max(32), ColumnName),
  })
  .strict();
export type ColumnMapping = z.infer<typeof ColumnMapping>;

export const RowProblem = z.object({
  code: z.string(),
  line: z.number(),
  field: z.string().optional(),
  message: z.string(),
});
export type RowProblem = z.infer<typeof RowProblem>;

export const Detection = z.object({
  mapping: ColumnMapping.nullable(),
  /** Share of sampled rows that fit the mapping (0..1). */
  confidence: z.number(),
  reasons: z.array(z.string()),
  /** Other kinds that also fit, best first, for the mapping editor. */
  alternatives: z.array(ColumnMapping),
});
export type Detection = z.infer<typeof Detection>;

export const Histogram = z.object({ edges: z.array(z.number()), counts: z.array(z.number()) });
export type Histogram = z.infer<typeof Histogram>;

/** The validation report: what training would meet, found before it starts. */
export const ValidationReport = z.object({
  versionId: z.string(),
  createdAt: z.number(),
  model: z.object({ path: z.string(), name: z.string(), hasChatTemplate: z.boolean() }).nullable(),
  mapping: ColumnMapping.nullable(),
  maxLength: z.number(),
  rows: z.number(),
  usableRows: z.number(),
  problems: z.object({
    counts: z.record(z.string(), z.number()),
    /** The first problems of each code (capped), with the row's line. */
    samples: z.array(RowProblem),
  }),
  duplicates: z.object({ exact: z.number(), normalized: z.number(), examples: z.array(z.object({ line: z.number(), firstLine: z.number(), text: z.string() })) }),
  tokens: z
    .object({
      histogram: Histogram,
      p50: z.number(),
      p95: z.number(),
      max: z.number(),
      mean: z.number(),
      truncated: z.number(),
      truncatedPercent: z.number(),
      /** Completion tokens lost to truncation, when prompts alone fill maxLength (no learning signal). */
      emptyAfterTruncation: z.number(),
    })
    .nullable(),
  labels: z
    .object({
      counts: z.record(z.string(), z.number()),
      /** Largest class count over smallest. */
      imbalanceRatio: z.number(),
    })
    .nullable(),
  leakage: z.object({ between: z.string(), count: z.number(), examples: z.array(z.string()) }).nullable(),
  /** Sample rows rendered exactly as training will see them, special tokens visible. */
  templateLint: z.array(z.object({ line: z.number(), rendered: z.string(), promptTokens: z.number(), completionTokens: z.number() })),
  warnings: z.array(z.string()),
  rowsPerSecond: z.number(),
});
export type ValidationReport = z.infer<typeof ValidationReport>;

export const SplitCounts = z.object({ train: z.number(), validation: z.number(), test: z.number() });

/** How a prepared version was made, so it can be understood and made again. */
export const PrepareRecipe = z
  .object({
    sources: z
      .array(z.object({ versionId: z.string().min(1).max(64), percent: z.number().gt(0).max(100) }).strict())
      .min(1)
      .max(16),
    clean: z.object({ trim: z.boolean().default(true), collapseWhitespace: z.boolean().default(false), dropEmpty: z.boolean().default(true) }).strict().default({ trim: true, collapseWhitespace: false, dropEmpty: true }),
    dedup: z.enum(['none', 'exact', 'normalized']).default('exact'),
    maxRows: z.number().int().min(1).max(100_000_000).optional(),
    split: z
      .object({ validation: z.number().min(0).max(0.5).default(0.1), test: z.number().min(0).max(0.5).default(0), seed: z.number().int().min(0).max(2 ** 31 - 1).default(42), stratify: z.boolean().default(true) })
      .strict()
      .default({ validation: 0.1, test: 0, seed: 42, stratify: true }),
    /** How conversations are written: kept as messages (the model's own chat template renders them at training), or flattened to text. */
    template: z.enum(['model', 'alpaca', 'chatml']).default('model'),
    name: z.string().min(1).max(200).optional(),
  })
  .strict();
export type PrepareRecipe = z.infer<typeof PrepareRecipe>;
export type PrepareRecipeInput = z.input<typeof PrepareRecipe>;

/** The mix rules of every prepare (percentages add up to 100, each version once): main checks them before queuing, the worker again before reading. */
export function checkMix(sources: readonly { versionId: string; percent: number }[]): void {
  const total = sources.reduce((a, s) => a + s.percent, 0);
  if (Math.abs(total - 100) > 1e-6) throw new AppError('VALIDATION_ERROR', `The mix percentages add up to ${total}, not 100`, { issues: [{ path: ['sources'], message: 'percentages must sum to 100' }] });
  if (new Set(sources.map((s) => s.versionId)).size !== sources.length) throw new AppError('VALIDATION_ERROR', 'Each dataset version can be used only once in a mix', { issues: [{ path: ['sources'], message: 'duplicate source' }] });
}

export const DatasetVersion = z.object({
  id: z.string(),
  datasetId: z.string(),
  parentId: z.string().nullable(),
  format: z.string(),
  sourceName: z.string(),
  sha256: z.string(),
  bytes: z.number(),
  rows: z.number(),
  columns: z.array(z.string()),
  columnTypes: z.record(z.string(), z.string()),
  mapping: ColumnMapping.nullable(),
  detection: Detection,
  importProblems: z.object({ count: z.number(), samples: z.array(RowProblem) }),
  notes: z.array(z.string()),
  recipe: PrepareRecipe.nullable(),
  splits: SplitCounts.nullable(),
  validation: ValidationReport.nullable(),
  createdAt: z.number(),
});
export type DatasetVersion = z.infer<typeof DatasetVersion>;

export const Dataset = z.object({ id: z.string(), name: z.string(), createdAt: z.number(), versions: z.array(DatasetVersion) });
export type Dataset = z.infer<typeof Dataset>;

const FilePath = z.string().min(1).max(4096);

export const ImportDataSpec = z
  .object({
    /** The user's file; it is copied, never modified. */
    file: FilePath,
    name: z.string().min(1).max(200).optional(),
    format: DataFormat.optional(),
    txtMode: z.enum(['auto', 'lines', 'blocks']).default('auto'),
    /** Keep going past unreadable rows (they are listed); otherwise the first bad rows fail the import. */
    skipBadRows: z.boolean().default(false),
    /** Import as a new version of this dataset rather than a new dataset. */
    datasetId: z.string().min(1).max(64).optional(),
  })
  .strict();
export type ImportDataSpec = z.infer<typeof ImportDataSpec>;

export const ValidateDataSpec = z
  .object({
    versionId: z.string().min(1).max(64),
    /** A base model folder whose tokenizer and chat template training will use. */
    model: FilePath.optional(),
    maxLength: z.number().int().min(8).max(131072).default(512),
  })
  .strict();
export type ValidateDataSpec = z.infer<typeof ValidateDataSpec>;

export const PreviewRequest = z
  .object({ versionId: z.string().min(1).max(64), offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(200).default(50), split: z.enum(['all', 'train', 'validation', 'test']).default('all') })
  .strict();

export const Preview = z.object({ total: z.number(), offset: z.number(), rows: z.array(z.object({ line: z.number(), record: z.record(z.string(), z.unknown()) })) });
export type Preview = z.infer<typeof Preview>;

/**
 * The on-disk layout of a dataset version folder, shared by the worker (writes) and main (reads):
 * rows.jsonl holds one `{"l": line, "r": record}` per row; meta.json holds `VersionMeta`, whose
 * `offsets[k]` is the byte offset of row k × ROWS_INDEX_EVERY, so a page is one seek away.
 * A prepared version also has train.jsonl / validation.jsonl / test.jsonl of canonical samples.
 */
export const ROWS_INDEX_EVERY = 1000;
export const ROWS_FILE = 'rows.jsonl';
export const META_FILE = 'meta.json';
export const SPLIT_FILES = { train: 'train.jsonl', validation: 'validation.jsonl', test: 'test.jsonl' } as const;

export interface StoredRow {
  l: number;
  r: Record<string, unknown>;
}

export interface VersionMeta {
  format: DataFormat;
  sourceName: string;
  sha256: string;
  bytes: number;
  rows: number;
  columns: string[];
  columnTypes: Record<string, string>;
  notes: string[];
  detection: Detection;
  importProblems: { count: number; samples: RowProblem[] };
  offsets: number[];
  splits: { train: number; validation: number; test: number } | null;
  /** Offsets of the split files, same stride as `offsets`. */
  splitOffsets?: { train: number[]; validation: number[]; test: number[] };
}

const Id = z.string().min(1).max(64);

/** The worker's side of a dataset job; main fills in folders and mappings from the store. */
export const ImportJobSpec = ImportDataSpec.extend({ versionId: Id, stagingDir: FilePath }).strict();
export type ImportJobSpec = z.infer<typeof ImportJobSpec>;

export const ValidateJobSpec = z
  .object({ versionId: Id, rowsFile: FilePath, rows: z.number().int().min(0), mapping: ColumnMapping.nullable(), model: FilePath.optional(), maxLength: z.number().int().min(8).max(131072), reportFile: FilePath })
  .strict();
export type ValidateJobSpec = z.infer<typeof ValidateJobSpec>;

export const PrepareJobSpec = z
  .object({
    recipe: PrepareRecipe,
    sources: z.array(z.object({ versionId: Id, rowsFile: FilePath, mapping: ColumnMapping, percent: z.number() }).strict()).min(1),
    datasetId: Id,
    versionId: Id,
    stagingDir: FilePath,
  })
  .strict();
export type PrepareJobSpec = z.infer<typeof PrepareJobSpec>;
