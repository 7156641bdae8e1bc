#!/usr/bin/env node
// `npm start`: builds the extension, packages it, installs it into a private code-server (a real VS Code in
// the browser) and prints the URL. With GEMINI_API_KEY set it talks to Google; without one it runs in demo
// mode against the local Interactions API emulator, and says so.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNode24, ensureCodeServer } from './toolchain.mjs';
import { startCodeServer, installVsix } from '../test/harness/codeServer.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const run = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`${[cmd, ...args].join(' ')} failed (exit ${r.status})`);
};

let node24;
try {
  node24 = ensureNode24();
  ensureCodeServer();
} catch (e) {
  console.error(`[start] ${e.message}`);
  process.exit(1);
}
console.log('Building…');
run(process.execPath, ['esbuild.mjs', '--release']);
// Only the emulator, into the start folder: the tests' out/ is left alone (npm start may run while they do).
const emulatorJs = join(root, '.test-runs', 'start', 'emulator.cjs');
await (await import('esbuild')).build({ entryPoints: [join(root, 'test', 'emulator', 'server.ts')], outfile: emulatorJs,
  bundle: true, platform: 'node', format: 'cjs', target: 'es2022', packages: 'external', logLevel: 'warning' });
const vsix = join(root, '.test-runs', 'start', 'gemini-interactions.vsix');
mkdirSync(dirname(vsix), { recursive: true });
run(node24, [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--out', vsix], { stdio: ['ignore', 'ignore', 'inherit'] });

const key = process.env.GEMINI_API_KEY?.trim();
let emulator;
// The demo workspace sits inside this clone: VS Code should not offer to open the clone's repository.
const settings = { 'workbench.startupEditor': 'none', 'git.openRepositoryInParentFolders': 'never' };
if (!key) {
  const { startEmulator } = require(emulatorJs);
  emulator = await startEmulator({ port: Number(process.env.EMULATOR_PORT ?? 0) || 0 });
  settings['geminiInteractions.apiBaseUrl'] = emulator.url;
  // The emulator's scripted model calls a declared function tool on every message, so the demo starts
  // with workspace tools off; turning the setting on shows the approval flow.
  settings['geminiInteractions.tools.workspace'] = false;
}

const runDir = join(root, '.test-runs', 'start', 'server');
const server = await startCodeServer({
  runDir,
  port: process.env.PORT ? Number(process.env.PORT) : undefined,
  settings,
  env: { GEMINI_API_KEY: key || 'demo-key' },
  smokeDriver: false,
});
installVsix(vsix, { runDir, extensionsDir: server.extensionsDir });
const workspace = join(runDir, 'workspace');
rmSync(workspace, { recursive: true, force: true });
cpSync(join(root, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });

const line = '─'.repeat(72);
console.log(`\n${line}`);
if (emulator) {
  console.log('DEMO MODE: no GEMINI_API_KEY is set, so the extension talks to the LOCAL EMULATOR');
  console.log(`at ${emulator.url} (not Google). Set GEMINI_API_KEY and run npm start again to use Gemini.`);
  console.log('Workspace tools are off in demo mode (its scripted model calls one on every message);');
  console.log('turn on geminiInteractions.tools.workspace to try the approval flow.');
} else {
  console.log('Using Google\'s Gemini API with the key from GEMINI_API_KEY.');
}
console.log(`\nOpen VS Code in your browser:\n\n  ${server.url}/?folder=${encodeURIComponent(workspace)}\n`);
console.log('Then click the Gemini icon in the activity bar. Press Ctrl+C to stop.');
console.log(line);

const stop = async () => {
  await server.close();
  await emulator?.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
