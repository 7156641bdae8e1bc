#!/usr/bin/env node
// `npm run package`: the release bundle, then `vsce package` on Node 24 (@vscode/vsce 4 declares Node ≥ 22;
// the system Node may be 20). Writes gemini-interactions.vsix.
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNode24 } from './toolchain.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) { console.error(`[package] ${[cmd, ...args].join(' ')} failed (exit ${r.status ?? r.signal})`); process.exit(1); }
};
try {
  const node24 = ensureNode24();
  run(process.execPath, ['esbuild.mjs', '--release']);
  run(node24, [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--out', 'gemini-interactions.vsix']);
} catch (e) {
  console.error(`[package] ${e.message}`);
  process.exit(1);
}
