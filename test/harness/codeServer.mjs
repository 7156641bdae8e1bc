// Runs a real VS Code offline: code-server (VS Code's server + web workbench) on Node 24, driven by
// headless Chromium through playwright-core. Used by the integration layer (mocha inside the extension
// host, the @vscode/test-electron contract) and by the e2e fixture (test/e2e/support).
// See /work/shared/VSCODE-HOST.md for the recipe this follows.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { format } from 'node:util';
import { fileURLToPath } from 'node:url';
import { ensureChromium, ensureCodeServer, ensureNode24 } from '../../scripts/toolchain.mjs';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Chromium flags: the background-networking ones stop it from flooding a closed network. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A port nobody listens on, or a check that the requested one is free (fails naming the port). */
async function pickPort(port) {
  return await new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', (e) => rej(e.code === 'EADDRINUSE'
      ? new Error(`port ${port} on 127.0.0.1 is busy: stop whatever listens there or choose another port`)
      : e));
    srv.listen(port ?? 0, '127.0.0.1', () => {
      const chosen = srv.address().port;
      srv.close(() => res(chosen));
    });
  });
}

function tail(file, lines = 40) {
  try { return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n'); } catch { return '(no log)'; }
}

/** Environment that keeps every file code-server (and its extension host) writes inside runDir. */
function isolatedEnv(runDir, extra) {
  const d = (p) => { const full = join(runDir, p); mkdirSync(full, { recursive: true }); return full; };
  const env = { ...process.env };
  // A developer's real key must never reach a test run; tests pass the emulator's key explicitly.
  for (const k of ['GEMINI_API_KEY', 'GOOGLE_API_KEY']) delete env[k];
  Object.assign(env, {
    XDG_CONFIG_HOME: d('xdg/config'), XDG_DATA_HOME: d('xdg/data'), XDG_CACHE_HOME: d('xdg/cache'),
    TMPDIR: d('tmp'), XDG_RUNTIME_DIR: d('tmp'),
  }, extra);
  return env;
}

// Servers still running when this process exits (crash, Ctrl-C) are killed with their whole group.
// Signals do not run 'exit' handlers, and a server in its own session does not get the terminal's
// Ctrl-C, so handle them too, then let the signal take its usual course.
const live = new Set();
const killAll = () => { for (const pid of live) { try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ } } };
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(sig, () => { killAll(); if (process.listenerCount(sig) === 0) process.kill(process.pid, sig); });
}

/**
 * Starts code-server in a fresh run dir. settings → <user-data>/User/settings.json (and Machine/) before start.
 * locale: VS Code's display language (code-server's --locale, also written to <user-data>/User/argv.json as
 * VS Code itself keeps it); without a language pack VS Code's own UI stays English, the extension's follows.
 * @returns {Promise<{url: string, port: number, runDir: string, userDataDir: string, extensionsDir: string, logFile: string, close(): Promise<void>}>}
 */
export async function startCodeServer({ runDir, port, env = {}, settings = {}, extensionsDir,
  smokeDriver = true, workspaceTrust = false, readyTimeoutMs = 60_000, locale } = {}) {
  if (!runDir) throw new Error('startCodeServer: runDir is required');
  const node = ensureNode24();
  const entry = ensureCodeServer();
  const chosen = await pickPort(port);
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  const userDataDir = join(runDir, 'user-data');
  extensionsDir ??= join(runDir, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  // The same settings as the machine's (code-server is a remote: machine-overridable settings such as
  // apiBaseUrl stay seen by the extension host even after the extension itself writes a user setting).
  mkdirSync(join(userDataDir, 'Machine'), { recursive: true });
  writeFileSync(join(userDataDir, 'Machine', 'settings.json'), JSON.stringify(settings, null, 2));
  if (locale) {
    writeFileSync(join(userDataDir, 'User', 'argv.json'), JSON.stringify({ locale }, null, 2));
    registerEmptyLanguagePack(userDataDir, locale);
  }

  const args = [entry, '--config', '/dev/null', '--bind-addr', `127.0.0.1:${chosen}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override',
    // Without it every closed browser leaves an extension host running for hours.
    '--reconnection-grace-time', '5',
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  if (!workspaceTrust) args.push('--disable-workspace-trust');
  if (locale) args.push('--locale', locale);
  // Makes the web workbench honour the URL `payload` (extensionDevelopmentPath, extensionTestsPath);
  // side effect: notification toasts are suppressed.
  if (smokeDriver) args.push('--vscode-option', 'enable-smoke-test-driver');

  const logFile = join(runDir, 'code-server.log');
  const fd = openSync(logFile, 'w');
  // detached = setsid: the server is a process-group leader, so kill(-pid) also ends its children.
  const child = spawn(node, args, { detached: true, stdio: ['ignore', fd, fd], env: isolatedEnv(runDir, env) });
  closeSync(fd);
  live.add(child.pid);
  let exited = null;
  const exitPromise = new Promise((res) => child.once('exit', (code, signal) => { exited = { code, signal }; live.delete(child.pid); res(); }));

  const close = async () => {
    if (exited) return;
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
    const timer = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 5000);
    await exitPromise;
    clearTimeout(timer);
    // Children (extension host, pty host) may outlive the leader by a moment; finish them too.
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* group empty */ }
  };

  const url = `http://127.0.0.1:${chosen}`;
  const deadline = Date.now() + readyTimeoutMs;
  while (true) {
    if (exited) throw new Error(`code-server exited (code ${exited.code}, signal ${exited.signal}) before it was ready. Log ${logFile}:\n${tail(logFile)}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      await close();
      throw new Error(`code-server did not answer ${url}/healthz within ${readyTimeoutMs} ms. Log ${logFile}:\n${tail(logFile)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, port: chosen, runDir, userDataDir, extensionsDir, logFile, close };
}

/**
 * VS Code resolves a display language only when a language pack for it is registered in
 * <user-data>/languagepacks.json; otherwise it falls back to English and vscode.env.language says "en".
 * Real packs come from the Marketplace (not reachable offline), so this registers an empty one: VS Code's
 * own strings stay English (each missing translation falls back), while the display language, and with
 * it vscode.env.language and the extension's l10n bundles, is `locale`.
 */
function registerEmptyLanguagePack(userDataDir, locale) {
  const translations = join(userDataDir, `empty-language-pack.${locale}.i18n.json`);
  writeFileSync(translations, JSON.stringify({ contents: {} }));
  writeFileSync(join(userDataDir, 'languagepacks.json'), JSON.stringify({
    [locale]: { hash: `empty-${locale}`, label: locale, translations: { vscode: translations },
      // VS Code reads the pack's extension id (e.g. for "Configure Display Language"); none is installed.
      extensions: [{ extensionIdentifier: { id: `test.empty-language-pack-${locale}` }, version: '0.0.0' }] },
  }, null, 2));
}

/** Installs a packaged extension into extensionsDir (what a user gets from the marketplace). */
export function installVsix(vsixPath, { runDir, extensionsDir }) {
  const r = spawnSync(ensureNode24(), [ensureCodeServer(), '--config', '/dev/null', '--extensions-dir', extensionsDir,
    '--install-extension', vsixPath], { encoding: 'utf8', env: isolatedEnv(runDir, {}) });
  if (r.status !== 0) throw new Error(`installing ${vsixPath} failed:\n${r.stdout}${r.stderr}`);
}

/** Workbench URL that opens `folder` and hands the payload (a list of [key, value]) to the smoke-test driver. */
export function workbenchUrl(server, { folder, payload = [] }) {
  const q = new URLSearchParams();
  if (folder) q.set('folder', folder);
  if (payload.length) q.set('payload', JSON.stringify(payload));
  return `${server.url}/?${q}`;
}

/** A path on the server as VS Code's remote URI (what the payload expects). */
export const remoteUri = (server, absPath) => `vscode-remote://127.0.0.1:${server.port}${resolve(absPath)}`;

/** Headless Chromium in a fresh profile. */
export async function launchChromium(profileDir, options = {}) {
  const { chromium } = await import('playwright-core');
  rmSync(profileDir, { recursive: true, force: true });
  return chromium.launchPersistentContext(profileDir, {
    executablePath: ensureChromium(), headless: true, args: CHROMIUM_ARGS, ...options,
  });
}

export const RESULT_PREFIX = 'INTEGRATION-RESULT ';
const HOST_TAG = '\u2063host\u2063'; // invisible; marks the extension host's console messages

/**
 * Runs the test index (exports run(), as for @vscode/test-electron) inside code-server's extension host.
 * The host's console (mocha's report) is streamed to stdout; counts come from the INTEGRATION-RESULT line.
 * @returns {Promise<{passed: number, failed: number, pending: number, exitCode: number, error?: string}>}
 */
export async function runExtensionHostTests({ extensionDevelopmentPath = repoRoot, extensionTestsPath, workspace,
  env = {}, settings = {}, timeoutMs = 120_000, runDir = join(repoRoot, '.test-runs', `integration-${process.pid}`) }) {
  const server = await startCodeServer({ runDir, env: { ...env, EXTENSION_HOST_LOG_TAG: HOST_TAG }, settings });
  let context;
  try {
    context = await launchChromium(join(runDir, 'chromium'));
    const page = context.pages()[0] ?? await context.newPage();
    let result = null;
    let resolveExit;
    const exited = new Promise((res) => { resolveExit = res; });
    // Everything the workbench logs goes to a file; only the extension host's console (tagged by
    // test/integration/index.ts) is shown, unless HARNESS_VERBOSE=1.
    const consoleLog = join(runDir, 'workbench-console.log');
    const verbose = process.env.HARNESS_VERBOSE === '1';
    const errors = []; // the workbench's error-level messages, shown when the suite never reports
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      let text = Array.isArray(args) ? format(...args) : String(args);
      appendFileSync(consoleLog, `[${type}] ${text}\n`);
      if (type === 'error') errors.push(text.split('\n').slice(0, 12).join('\n'));
      const tagged = text.startsWith(HOST_TAG);
      if (tagged) text = text.slice(HOST_TAG.length);
      for (const line of text.split('\n')) {
        const at = line.indexOf(RESULT_PREFIX);
        if (at >= 0) { try { result = JSON.parse(line.slice(at + RESULT_PREFIX.length)); } catch { /* partial line */ } }
      }
      if (tagged || verbose) process.stdout.write(text.endsWith('\n') ? text : text + '\n');
    });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
    const payload = [
      ['extensionDevelopmentPath', remoteUri(server, extensionDevelopmentPath)],
      ['extensionTestsPath', remoteUri(server, extensionTestsPath)],
      ['skipWelcome', 'true'], ['skipReleaseNotes', 'true'],
    ];
    await page.goto(workbenchUrl(server, { folder: workspace, payload }));
    let timer;
    const timedOut = new Promise((res) => { timer = setTimeout(() => res('timeout'), timeoutMs); });
    const exitCode = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (exitCode === 'timeout') {
      return { passed: result?.passed ?? 0, failed: (result?.failed ?? 0) + 1, pending: result?.pending ?? 0, exitCode: 1,
        error: `the extension host tests did not finish within ${timeoutMs} ms (code-server log: ${server.logFile})` };
    }
    if (!result) {
      // run() never reported: the index failed to load, or the extension host crashed.
      return { passed: 0, failed: 1, pending: 0, exitCode: exitCode || 1,
        error: `no ${RESULT_PREFIX.trim()} line from the extension host (exit code ${exitCode}): the test index failed to ` +
          `load or the host crashed. Logs: ${consoleLog}, ${server.logFile}. Errors the workbench logged:\n` +
          errors.filter((e) => !/ENOTFOUND|authentication provider/.test(e)).slice(-5).join('\n') };
    }
    if (exitCode !== 0 && result.failed + (result.pending ?? 0) === 0) {
      return { ...result, failed: 1, exitCode, error: `all tests passed but the extension host exited with code ${exitCode}; see ${consoleLog}` };
    }
    return { passed: result.passed, failed: result.failed, pending: result.pending ?? 0, exitCode };
  } finally {
    await context?.close().catch(() => {});
    await server.close();
  }
}
