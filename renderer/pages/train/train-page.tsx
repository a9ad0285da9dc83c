import { PlaceholderPage } from '../placeholder-page';

export function TrainPage() {
  return (
    <PlaceholderPage id="train" subtitle="Fine-tune a base model on a dataset" emptyTitle="No training form yet" feature="Train page">
      The engine already trains: run <code>npm run demo</code>, or <code>finetune-studio train --model DIR --data FILE --out DIR</code>,
      and watch the run's loss, learning rate and throughput on the Jobs page. Choosing a dataset, a base model and LoRA or
      full fine-tuning options here comes next.
    </PlaceholderPage>
  );
}
