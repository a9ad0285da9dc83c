import { AppError } from '../../electron/contract/errors.js';

/**
 * The one way native/models reports a bad model file: MODEL_ERROR whose message starts with the file
 * (and tensor, when there is one) so the user knows what to fix, with the same in `details`.
 */
export function modelError(file: string, problem: string, tensor?: string): AppError {
  const where = tensor === undefined ? file : `${file} (tensor '${tensor}')`;
  return new AppError('MODEL_ERROR', `${where}: ${problem}`, tensor === undefined ? { file } : { file, tensor });
}

/** The message of anything thrown, for wrapping a library's error in ours. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
