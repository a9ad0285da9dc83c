import type { JobState } from '../../../electron/contract/jobs.js';
import { Badge } from '../../components/badge';
import { STATE_TONES } from './job-labels';

export function JobStateBadge({ state }: { state: JobState }) {
  return (
    <Badge tone={STATE_TONES[state]} testId="job-state">
      {state}
    </Badge>
  );
}
