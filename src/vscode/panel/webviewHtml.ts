// The chat webview's markup, in one place with no `vscode` import: the extension serves it, and the
// browser tests load exactly this page, only adding their scripts at the two extension points.
import { webviewCsp } from './csp';
import type { UiLanguage } from '../../core/l10n/uiStrings';

export interface ChatHtmlOptions {
  /** The webview's resource origin (`webview.cspSource`). */
  cspSource: string;
  /** Fresh per load; every script carries it. */
  nonce: string;
  /** URIs of dist/webview.css and dist/webview.js as the webview can load them. */
  styleUri: string;
  scriptUri: string;
  /** BCP 47 language of the UI (VS Code's display language). */
  lang?: string;
  /** The view's strings in that language (src/core/ui); English when absent. */
  ui?: UiLanguage;
  /** Test harness only: inline scripts run before the bundle (e.g. an acquireVsCodeApi shim). */
  preludeScripts?: readonly string[];
  /** Test harness only: more script URIs loaded after the bundle (e.g. a benchmark's baseline). */
  extraScriptUris?: readonly string[];
}

const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function chatWebviewHtml(o: ChatHtmlOptions): string {
  const nonce = escapeAttr(o.nonce);
  const script = (body: string) => `<script nonce="${nonce}">${body.replace(/<\/script/gi, '<\\/script')}</script>`;
  const src = (uri: string) => `<script nonce="${nonce}" src="${escapeAttr(uri)}"></script>`;
  return `<!DOCTYPE html>
<html lang="${escapeAttr(o.lang ?? 'en')}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${webviewCsp(o.cspSource, o.nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(o.styleUri)}">
<title>Gemini Chat</title>
</head>
<body${o.ui ? ` data-ui="${escapeAttr(JSON.stringify(o.ui))}"` : ''}>
<div id="app"></div>
${(o.preludeScripts ?? []).map(script).join('\n')}
${src(o.scriptUri)}
${(o.extraScriptUris ?? []).map(src).join('\n')}
</body>
</html>`;
}
