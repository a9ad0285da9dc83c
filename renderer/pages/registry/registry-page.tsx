import { PlaceholderPage } from '../placeholder-page';

export function RegistryPage() {
  return (
    <PlaceholderPage id="registry" subtitle="Named model versions and their stages" emptyTitle="No registered models yet" feature="registry">
      Give fine-tuned models names and versions, move them from staging to production, and see which dataset, base model and
      run produced each one.
    </PlaceholderPage>
  );
}
