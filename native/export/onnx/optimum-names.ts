/**
 * The input/output layout Hugging Face Optimum gives a decoder exported with past key values
 * (TextDecoderWithPositionIdsOnnxConfig + add_past_key_values), so Optimum's ORTModelForCausalLM,
 * transformers.js and onnxruntime-genai-style loaders can drive our file as they drive theirs.
 */
export const DIM = {
  batch: 'batch_size',
  sequence: 'sequence_length',
  past: 'past_sequence_length',
  total: 'past_sequence_length + sequence_length',
} as const;

export const INPUT_IDS = 'input_ids';
export const ATTENTION_MASK = 'attention_mask';
export const POSITION_IDS = 'position_ids';
export const LOGITS = 'logits';

export const pastKey = (layer: number) => `past_key_values.${layer}.key`;
export const pastValue = (layer: number) => `past_key_values.${layer}.value`;
export const presentKey = (layer: number) => `present.${layer}.key`;
export const presentValue = (layer: number) => `present.${layer}.value`;

/** Graph inputs in Optimum's order (the forward signature's): ids, mask, positions, then each layer's key and value. */
export function optimumInputNames(layers: number): string[] {
  const past = Array.from({ length: layers }, (_, i) => [pastKey(i), pastValue(i)]).flat();
  return [INPUT_IDS, ATTENTION_MASK, POSITION_IDS, ...past];
}

export function optimumOutputNames(layers: number): string[] {
  return [LOGITS, ...Array.from({ length: layers }, (_, i) => [presentKey(i), presentValue(i)]).flat()];
}

/** The file names of an exported folder. model.onnx.data holds every weight (external data, always). */
export const MODEL_FILE = 'model.onnx';
export const DATA_FILE = 'model.onnx.data';
export const OPSET = 17;
/** IR version 8 is the one that goes with opset 17 (onnx's VERSION_TABLE, release 1.12). */
export const IR_VERSION = 8;
