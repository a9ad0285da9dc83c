import { PlaceholderPage } from '../placeholder-page';

export function ExportPage() {
  return (
    <PlaceholderPage id="export" subtitle="GGUF + Ollama, ONNX and Hugging Face exports" emptyTitle="No exports yet" feature="export">
      Export a fine-tuned model to GGUF with an Ollama Modelfile, to ONNX, or to a Hugging Face folder. Every export is checked
      against llama.cpp or onnxruntime before it is marked done, and the report is kept with it.
    </PlaceholderPage>
  );
}
