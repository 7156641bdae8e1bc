// The bundled chat webview (dist/webview.js + webview.css) in headless Chromium, without VS Code: a
// local server serves it under exactly the CSP the extension ships (src/vscode/panel/csp.ts) with a minimal
// acquireVsCodeApi shim. Host messages are dispatched as `message` events, as VS Code does. Every
// request that would leave the local origin is recorded and aborted; CSP violations and anything a
// payload could trigger (alert & co., extra postMessage calls) are recorded too. Used by the hostile
// corpus test and the render benchmarks.
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { HostToWebview, WebviewToHost } from '../../../src/core/panel/protocol';
import { chatWebviewHtml } from '../../../src/vscode/panel/webviewHtml';
import { repoRoot } from './workbench';

export interface Trap {
  /** Messages the webview posted to the "host". */
  posted: WebviewToHost[];
  /** alert/confirm/prompt/print calls, and window.__xss writes, made by anything. */
  fired: string[];
  /** CSP violations reported by the page. */
  violations: string[];
}

export interface WebviewPage {
  page: Page;
  origin: string;
  /** Requests for anything but the local origin (all aborted). */
  remoteRequests: string[];
  send(...messages: HostToWebview[]): Promise<void>;
  trap(): Promise<Trap>;
  close(): Promise<void>;
}

const MIME: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.map': 'application/json' };

const ISOLATION = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp', 'cross-origin-resource-policy': 'same-origin' };

function shim(): string {
  // Runs before the webview bundle. Anything a hostile payload could use to show it ran is trapped.
  return `
window.__trap = { posted: [], fired: [], violations: [] };
const fire = (what) => window.__trap.fired.push(String(what));
for (const f of ['alert', 'confirm', 'prompt', 'print']) window[f] = (...a) => fire(f + '(' + a.join(',') + ')');
Object.defineProperty(window, '__xss', { set(v) { fire('__xss=' + v); }, get() { return undefined; } });
let state;
window.acquireVsCodeApi = () => ({
  postMessage: (m) => window.__trap.posted.push(JSON.parse(JSON.stringify(m))),
  getState: () => state,
  setState: (s) => { state = s; },
});
document.addEventListener('securitypolicyviolation', (e) => window.__trap.violations.push(e.violatedDirective + ' ' + e.blockedURI));
`;
}

function html(origin: string, nonce: string, extra: string[]): string {
  // The shipped markup (src/vscode/panel/webviewHtml.ts), extended only by the trap shim and extra scripts.
  return chatWebviewHtml({
    cspSource: origin, nonce, styleUri: `${origin}/dist/webview.css`, scriptUri: `${origin}/dist/webview.js`,
    preludeScripts: [shim()], extraScriptUris: extra.map((f) => `${origin}/extra/${path.basename(f)}`),
  });
}

/** Headless Debian Chromium with the harness's flags (test/harness/codeServer.mjs). */
async function launchBrowser(): Promise<Browser> {
  const harness = await import(pathToFileURL(path.join(repoRoot, 'test', 'harness', 'codeServer.mjs')).href) as { CHROMIUM_ARGS: string[] };
  const toolchain = await import(pathToFileURL(path.join(repoRoot, 'scripts', 'toolchain.mjs')).href) as { ensureChromium(): string };
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: toolchain.ensureChromium(), headless: true, args: harness.CHROMIUM_ARGS });
}

/** `extraScripts`: more browser bundles (absolute paths) loaded after the webview, e.g. a benchmark's baseline. */
export async function openWebviewPage(opts: { viewport?: { width: number; height: number }; extraScripts?: string[] } = {}): Promise<WebviewPage> {
  const extra = opts.extraScripts ?? [];
  const webviewJs = path.join(repoRoot, 'dist', 'webview.js');
  if (!fs.existsSync(webviewJs)) throw new Error(`${webviewJs} is missing: run \`node esbuild.mjs\` first`);
  const nonce = Math.random().toString(36).slice(2) + Date.now().toString(36);
  let origin = '';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === '/' || url.pathname === '/index.html') {
      // Cross-origin isolated: performance.now() then has 5 µs resolution instead of 100 µs (benchmarks).
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...ISOLATION });
      res.end(html(origin, nonce, extra));
      return;
    }
    const script = extra.find((f) => url.pathname === `/extra/${path.basename(f)}`);
    if (script) {
      res.writeHead(200, { 'content-type': 'text/javascript', ...ISOLATION });
      res.end(fs.readFileSync(script));
      return;
    }
    const file = path.join(repoRoot, 'dist', path.basename(url.pathname));
    if (url.pathname.startsWith('/dist/') && fs.existsSync(file)) {
      res.writeHead(200, { 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream', ...ISOLATION });
      res.end(fs.readFileSync(file));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 420, height: 800 } });
  const remoteRequests: string[] = [];
  // Every frame's requests go through the context: anything not local is recorded and never sent.
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith(`${origin}/`) || u.startsWith('data:') || u.startsWith('blob:')) return route.continue();
    remoteRequests.push(u);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('request', (r) => {
    const u = r.url();
    if (!(u.startsWith(`${origin}/`) || u.startsWith('data:') || u.startsWith('blob:')) && !remoteRequests.includes(u)) remoteRequests.push(u);
  });
  page.on('pageerror', (e) => { throw e; });
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => (window as unknown as { __trap: Trap }).__trap.posted.some((m) => m.type === 'ready'));
  return {
    page, origin, remoteRequests,
    async send(...messages) {
      // Then one frame: streamed text is shown at the next animation frame. A finished answer with a
      // long remainder is drawn over a few more (aria-busy until then): wait for those too.
      await page.evaluate(async (ms) => {
        for (const m of ms) window.dispatchEvent(new MessageEvent('message', { data: m }));
        do await new Promise((r) => requestAnimationFrame(() => r(undefined)));
        while (document.querySelector('.turn.model[aria-busy="true"]:not(.streaming)'));
      }, messages);
    },
    trap: () => page.evaluate(() => (window as unknown as { __trap: Trap }).__trap),
    async close() {
      await browser.close().catch(() => {});
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
