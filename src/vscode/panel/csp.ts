// The chat webview's Content-Security-Policy, in one place (no `vscode` import) so the browser tests
// load the bundled webview under exactly the policy the extension ships.

/** `cspSource` is the webview's own resource origin; `nonce` is fresh per load. */
export function webviewCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data: blob:`,
    `media-src ${cspSource} data: blob:`,
    "frame-src 'none'",
    "connect-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}
