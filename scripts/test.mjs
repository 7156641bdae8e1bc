// `npm test`: ensure the toolchain, build, type-check (one check per runtime), lint, then run the test layers and print a summary.
//   node scripts/test.mjs                      all layers: unit, integration, e2e
//   node scripts/test.mjs unit e2e             only those layers (build, type-check and lint always run)
// unit        mocha on out/unit/**/*.test.js and out/api/**/*.test.js (Node 24)
// integration mocha inside code-server's extension host, real vscode API (test/integration)
// e2e         mocha + Playwright driving the workbench and the chat webview in headless Chromium
// A layer that cannot run counts as failed (with how to fix it); pending tests count as failures.
// The last line is always `N passed, N failed`.
// TEST_GREP=pattern runs only the tests whose full title matches (all layers), for quick iteration.
// HARNESS_VERBOSE=1 also shows the workbench's own log during the integration layer.
// Artifacts: test-results/screenshots/*.png (e2e), .test-runs/ (run dirs of failed runs).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium, ensureCodeServer, ensureNode24 } from './toolchain.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const LAYERS = ['unit', 'integration', 'e2e'];
const selected = process.argv.slice(2);
const unknown = selected.filter((l) => !LAYERS.includes(l));
if (unknown.length) {
  console.error(`unknown layer(s): ${unknown.join(', ')}; choose from ${LAYERS.join(', ')}`);
  process.exit(2);
}
const layers = selected.length ? LAYERS.filter((l) => selected.includes(l)) : LAYERS;

// Everything that executes tests runs on Node 24 (the Node of VS Code 1.139's extension host):
// on another Node, get Node 24 and re-run this script with it.
if (process.versions.node.split('.')[0] !== '24') {
  let node24;
  try { node24 = ensureNode24(); } catch (e) {
    console.error(`[test] ${e.message}\n0 passed, 1 failed`);
    process.exit(1);
  }
  if (node24 !== process.execPath) {
    const env = { ...process.env, PATH: `${dirname(node24)}:${process.env.PATH}` };
    const r = spawnSync(node24, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit', env, cwd: root });
    process.exit(r.status ?? 1);
  }
}
process.chdir(root);

// Run dirs of earlier runs (kept when they failed) go once their process is gone.
function pruneRunDirs() {
  const dir = join(root, '.test-runs');
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const pid = Number(/^(?:integration|e2e|unit)-(\d+)/.exec(name)?.[1]);
    if (!pid || pid === process.pid) continue;
    try { process.kill(pid, 0); } catch { rmSync(join(dir, name), { recursive: true, force: true }); }
  }
}
pruneRunDirs();

const results = [];
const seconds = (t0) => ((Date.now() - t0) / 1000).toFixed(1);
const banner = (title) => console.log(`\n━━━ ${title} ${'━'.repeat(Math.max(0, 70 - title.length))}`);
function record(layer, t0, passed, failed, note) {
  results.push({ layer, passed, failed, time: seconds(t0), note });
  if (note) console.error(`[test] ${layer}: ${note}`);
}

function findFiles(dir, suffix) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith(suffix)).map((f) => join(dir, f)).sort();
}

/** Runs mocha under this Node with the spec output live and the counts read back from a JSON file. */
function runMocha(layer, files, timeoutMs, t0) {
  if (!files.length) return record(layer, t0, 0, 1, `no test files found for this layer (looked for ${layer === 'unit' ? 'out/unit, out/api' : `out/${layer}`}/**/*.test.js)`);
  mkdirSync(join(root, '.test-runs'), { recursive: true });
  const summary = join(root, '.test-runs', `${layer}-${process.pid}.json`);
  rmSync(summary, { force: true });
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'mocha', 'bin', 'mocha.js'),
    '--reporter', join(root, 'test', 'harness', 'specSummary.cjs'), '--reporter-option', `output=${summary}`,
    '--timeout', String(timeoutMs), ...(process.env.TEST_GREP ? ['--grep', process.env.TEST_GREP] : []), ...files], { stdio: 'inherit', cwd: root });
  if (!existsSync(summary)) return record(layer, t0, 0, 1, `mocha stopped before reporting (exit ${r.status ?? r.signal}); see its output above`);
  const s = JSON.parse(readFileSync(summary, 'utf8'));
  rmSync(summary, { force: true });
  record(layer, t0, s.passed, s.failed + s.pending, s.pending ? `${s.pending} pending/skipped test(s) counted as failed` : undefined);
}

// The integration and e2e layers need code-server and Chromium. They are installed once, up front (a
// first run takes about 4 minutes); if that fails, both layers count as failed with the one sentence
// that says which step broke and how to fix it, never as skipped.
let toolchainError;
function needBrowserTools() {
  if (toolchainError) throw toolchainError;
  try {
    ensureCodeServer();
    ensureChromium();
  } catch (e) {
    toolchainError = e;
    throw e;
  }
}

if (layers.includes('integration') || layers.includes('e2e')) {
  banner('toolchain: code-server and Chromium');
  const t = Date.now();
  try { needBrowserTools(); console.log(`[test] toolchain ready (${seconds(t)} s)`); } catch (e) { console.error(`[test] ${e.message}`); }
}

// ── build + type-check ───────────────────────────────────────────────────────────────────────────
let t0 = Date.now();
banner('build: node esbuild.mjs --tests');
const built = spawnSync(process.execPath, ['esbuild.mjs', '--tests'], { stdio: 'inherit' }).status === 0;
if (!built) record('build', t0, 0, 1, 'the build failed (see esbuild output above); no layer can run');
else record('build', t0, 1, 0);

// One type check per runtime: the whole tree, then src/core without DOM or VS Code types, then the webview
// without Node types (tsconfig.core.json, tsconfig.webview.json), so a file cannot lean on another runtime.
for (const project of ['tsconfig.json', 'tsconfig.core.json', 'tsconfig.webview.json']) {
  t0 = Date.now();
  banner(`typecheck: tsc -p ${project} --noEmit`);
  const typed = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project, '--noEmit'], { stdio: 'inherit' }).status === 0;
  record(`typecheck ${project.replace(/^tsconfig\.?|\.?json$/g, '') || 'all'}`, t0, typed ? 1 : 0, typed ? 0 : 1, typed ? undefined : 'type errors (see above)');
}

// The layer rules (eslint.config.mjs): a core file importing vscode, the webview importing Node, an import cycle.
t0 = Date.now();
banner('lint: eslint .');
const linted = spawnSync(process.execPath, [join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '.'], { stdio: 'inherit' }).status === 0;
record('lint', t0, linted ? 1 : 0, linted ? 0 : 1, linted ? undefined : 'lint errors (see above; `npm run lint` shows them alone)');

// ── layers ───────────────────────────────────────────────────────────────────────────────────────
for (const layer of layers) {
  t0 = Date.now();
  banner(layer);
  if (!built) { record(layer, t0, 0, 1, 'not run because the build failed'); continue; }
  try {
    if (layer === 'unit') {
      runMocha(layer, [...findFiles(join(root, 'out', 'unit'), '.test.js'), ...findFiles(join(root, 'out', 'api'), '.test.js')], 10_000, t0);
    } else if (layer === 'integration') {
      needBrowserTools();
      const { runExtensionHostTests } = await import('../test/harness/codeServer.mjs');
      // A fresh copy of the fixture folder: tests may edit files.
      const workspace = mkdtempSync(join(tmpdir(), 'gemini-ws-'));
      cpSync(join(root, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
      const runDir = join(root, '.test-runs', `integration-${process.pid}`);
      const r = await runExtensionHostTests({
        extensionDevelopmentPath: root,
        extensionTestsPath: join(root, 'out', 'integration', 'index.js'),
        // A cap on the whole suite (a hung host fails with the log kept), with room for a loaded 2-core machine.
        workspace, runDir, timeoutMs: 600_000,
        // The emulator calls a declared function on every message: tools stay off unless a test turns them on.
        settings: { 'geminiInteractions.tools.workspace': false },
      });
      rmSync(workspace, { recursive: true, force: true });
      const ok = r.failed + r.pending === 0 && !r.error;
      if (ok) rmSync(runDir, { recursive: true, force: true });
      else console.error(`[test] integration: logs kept in ${runDir} (code-server.log, workbench-console.log)`);
      record(layer, t0, r.passed, r.failed + r.pending, r.error ?? (r.pending ? `${r.pending} pending test(s) counted as failed` : undefined));
    } else if (layer === 'e2e') {
      needBrowserTools();
      runMocha(layer, findFiles(join(root, 'out', 'e2e'), '.test.js'), 180_000, t0);
    }
  } catch (e) {
    record(layer, t0, 0, 1, `could not run. ${e.message}`);
  }
}

// ── summary ──────────────────────────────────────────────────────────────────────────────────────
banner('summary');
for (const r of results) {
  console.log(`${r.layer.padEnd(17)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(4)} failed  ${r.time.padStart(6)} s${r.note ? `  — ${r.note.split('\n')[0]}` : ''}`);
}
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
