// The Content-Security-Policy of the wizard, one for both windows onto it (the Electron window and
// the browser through `serve`): only the app's own files, no inline script, no eval, no plugins,
// no framing, no form posts. `connect` adds the WebSocket's origin when served over HTTP.

export function contentSecurityPolicy(connect: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${connect.map((c) => ` ${c}`).join('')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
