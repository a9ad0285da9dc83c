import { PlaceholderPage } from '../placeholder-page';

export function ModelsPage() {
  return (
    <PlaceholderPage id="models" subtitle="Base models to fine-tune" emptyTitle="No base models yet" feature="models">
      Add a Hugging Face model folder, pick one from the local Hugging Face cache, or download one from the Hub: Llama-style
      decoders (Llama, Qwen2, Mistral) and BERT-style encoders for classification.
    </PlaceholderPage>
  );
}
