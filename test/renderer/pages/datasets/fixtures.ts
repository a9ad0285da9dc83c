import type { Dataset, DatasetVersion, ValidationReport } from '../../../../electron/contract/datasets.js';

export function version(over: Partial<DatasetVersion> = {}): DatasetVersion {
  const mapping = { kind: 'instruction' as const, columns: { instruction: 'instruction', output: 'output', input: 'input' } };
  return {
    id: 'v1',
    datasetId: 'd1',
    parentId: null,
    format: 'csv',
    sourceName: 'data.csv',
    sha256: 'ab'.repeat(32),
    bytes: 1234,
    rows: 120,
    columns: ['instruction', 'input', 'output'],
    columnTypes: {},
    mapping,
    detection: { mapping, confidence: 1, reasons: ['columns match'], alternatives: [] },
    importProblems: { count: 0, samples: [] },
    notes: [],
    recipe: null,
    splits: null,
    validation: null,
    createdAt: 1_700_000_000_000,
    ...over,
  };
}

export function dataset(over: Partial<Dataset> = {}, versions: DatasetVersion[] = [version()]): Dataset {
  return { id: 'd1', name: 'data', createdAt: 1_700_000_000_000, versions, ...over };
}

export function report(over: Partial<ValidationReport> = {}): ValidationReport {
  return {
    versionId: 'v1',
    createdAt: 1_700_000_100_000,
    model: null,
    mapping: null,
    maxLength: 512,
    rows: 120,
    usableRows: 120,
    problems: { counts: {}, samples: [] },
    duplicates: { exact: 0, normalized: 0, examples: [] },
    tokens: null,
    labels: null,
    leakage: null,
    templateLint: [],
    warnings: [],
    rowsPerSecond: 1000,
    ...over,
  };
}
