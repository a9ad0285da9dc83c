import { PlaceholderPage } from '../placeholder-page';

export function TrainPage() {
  return (
    <PlaceholderPage id="train" subtitle="Fine-tune a base model on a dataset" emptyTitle="Nothing to train yet" feature="training">
      Choose a dataset and a base model, set LoRA and optimiser options, and watch loss and learning rate live while the run
      checkpoints itself so it can resume.
    </PlaceholderPage>
  );
}
