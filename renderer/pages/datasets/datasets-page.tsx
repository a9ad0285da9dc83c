import { PlaceholderPage } from '../placeholder-page';

export function DatasetsPage() {
  return (
    <PlaceholderPage id="datasets" subtitle="Training data, imported and versioned" emptyTitle="No datasets yet" feature="datasets">
      Import CSV, JSONL or Parquet files, map their columns to prompt and response, and check the data before it is used for
      training. Your files are copied in and never modified.
    </PlaceholderPage>
  );
}
