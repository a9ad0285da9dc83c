import { DatasetsPage } from '../pages/datasets/datasets-page';
import { ExportPage } from '../pages/export/export-page';
import { JobsPage } from '../pages/jobs/jobs-page';
import { ModelsPage } from '../pages/models/models-page';
import { PlaygroundPage } from '../pages/playground/playground-page';
import { RegistryPage } from '../pages/registry/registry-page';
import { SystemPage } from '../pages/system/system-page';
import { TrainPage } from '../pages/train/train-page';
import type { PageId } from '../store/nav-slice';

export function PageView({ page }: { page: PageId }) {
  switch (page) {
    case 'datasets':
      return <DatasetsPage />;
    case 'models':
      return <ModelsPage />;
    case 'train':
      return <TrainPage />;
    case 'jobs':
      return <JobsPage />;
    case 'playground':
      return <PlaygroundPage />;
    case 'export':
      return <ExportPage />;
    case 'registry':
      return <RegistryPage />;
    case 'system':
      return <SystemPage />;
  }
}
