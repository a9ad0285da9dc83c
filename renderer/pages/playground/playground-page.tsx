import { PlaceholderPage } from '../placeholder-page';

export function PlaygroundPage() {
  return (
    <PlaceholderPage id="playground" subtitle="Try prompts on your models" emptyTitle="No model to prompt yet" feature="playground">
      Send prompts to a base model or a fine-tuned one, side by side, with temperature, top-k, top-p and repetition penalty
      controls and a fixed seed for reproducible answers.
    </PlaceholderPage>
  );
}
