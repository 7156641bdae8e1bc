// Bundles the extension (Node, CommonJS), the webview (browser) and, with --tests, the test suites.
//   node esbuild.mjs            development build (source maps, not minified)
//   node esbuild.mjs --release  minified release build (what `npm run package` ships)
//   node esbuild.mjs --watch    rebuild on change
//   node esbuild.mjs --tests    also bundle test/** into out/ (mocha and node_modules stay external)
import * as esbuild from 'esbuild';
import { readdirSync, statSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const args = new Set(process.argv.slice(2));
const release = args.has('--release');
const watch = args.has('--watch');
const tests = args.has('--tests') || args.has('--tests-only');
const productBuild = !args.has('--tests-only');

/** @type {esbuild.BuildOptions} */
const common = {
  bundle: true,
  sourcemap: release ? false : 'linked',
  minify: release,
  logLevel: 'info',
  target: 'es2022',
};

const product = [
  {
    ...common,
    entryPoints: { extension: 'src/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    // The SDK is imported with `await import()` from src/core/gemini, so esbuild splits nothing
    // but the require stays lazy: activation never evaluates it.
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: { webview: 'src/webview/main.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    loader: { '.ttf': 'file' },
  },
];

function listTests(dir, pattern) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (pattern.test(name)) out.push(p);
    }
  };
  try { walk(dir); } catch { /* folder absent */ }
  return out;
}

function testBuilds() {
  const entries = [
    ...listTests('test/unit', /\.test\.ts$/),
    ...listTests('test/api', /\.test\.ts$/),
    ...listTests('test/e2e', /\.test\.ts$/),
    ...listTests('test/integration', /(\.test|^index)\.ts$/),
    ...listTests('test/emulator', /^(cli|server)\.ts$/),
    ...listTests('bench', /\.ts$/),
  ];
  const entryPoints = Object.fromEntries(entries.map((p) => [relative('.', p).replace(/^test\//, '').replace(/\.ts$/, ''), p]));
  return [{
    ...common,
    sourcemap: 'inline',
    minify: false,
    entryPoints,
    outdir: 'out',
    platform: 'node',
    format: 'cjs',
    packages: 'external',
    external: ['vscode'],
  }];
}

const builds = [...(productBuild ? product : []), ...(tests ? testBuilds() : [])];
if (tests) rmSync('out', { recursive: true, force: true });

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[watch] watching for changes…');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
