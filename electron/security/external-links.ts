/**
 * The only places the app opens in the user's browser. Anything else (other hosts, http:, file:,
 * custom schemes) is refused, so content shown in the renderer cannot launch arbitrary handlers.
 */
const ALLOWED_HOSTS = new Set(['huggingface.co', 'ollama.com', 'github.com', 'docs.nvidia.com']);

export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && url.username === '' && url.password === '' && ALLOWED_HOSTS.has(url.hostname);
}
