#!/usr/bin/env node
// `npm run emulator -- --port 8787`: builds and starts the local Interactions API emulator.
import { spawnSync } from 'node:child_process';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const b = spawnSync(process.execPath, ['esbuild.mjs', '--tests-only'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
if (b.status !== 0) process.exit(b.status ?? 1);
const r = spawnSync(process.execPath, [join(root, 'out', 'emulator', 'cli.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
