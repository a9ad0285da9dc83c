/**
 * The one Content-Security-Policy for the renderer, used by Electron (response header and meta tag)
 * and by browser mode. No inline or eval'd script; styles only from our files (React sets style
 * properties through the CSSOM, which style-src does not restrict).
 */
export function contentSecurityPolicy(connectSrc: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${connectSrc.length ? ' ' + connectSrc.join(' ') : ''}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}
