// `npm run bench`: builds the benchmarks, runs every bench/*.bench.ts (each in its own process, on
// Node 24 like the tests) and writes BENCHMARKS.md with the machine and the date.
//   node bench/run.mjs                 all benchmarks
//   node bench/run.mjs render upload   only those whose file name contains one of the words
// Each benchmark module's default export is `async () => ({ title, markdown })`; it measures a naive
// baseline in the same run and reports the ratio.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, release, platform } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNode24 } from '../scripts/toolchain.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

if (process.versions.node.split('.')[0] !== '24') {
  const node24 = ensureNode24();
  const env = { ...process.env, PATH: `${dirname(node24)}:${process.env.PATH}` };
  const r = spawnSync(node24, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit', env });
  process.exit(r.status ?? 1);
}

const build = spawnSync(process.execPath, ['esbuild.mjs', '--tests'], { stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) process.exit(build.status ?? 1);

// Each section says when and at which commit it was measured, so a partial run cannot pass old numbers
// off as today's.
const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout?.trim() || 'unknown commit';
const dirty = spawnSync('git', ['status', '--porcelain', '--', 'src', 'bench', 'test'], { encoding: 'utf8' }).stdout?.trim();
const runStamp = `${new Date().toISOString().slice(0, 10)} at ${commit}${dirty ? ' + uncommitted changes' : ''}`;
const filters = process.argv.slice(2);
const all = readdirSync('bench').filter((f) => f.endsWith('.bench.ts')).sort();
const chosen = filters.length ? all.filter((f) => filters.some((w) => f.includes(w))) : all;
const sections = [];
let failed = 0;
for (const file of chosen) {
  const js = join(root, 'out', 'bench', file.replace(/\.ts$/, '.js'));
  console.log(`\n▶ ${file}`);
  const t0 = Date.now();
  // One process per benchmark: a clean heap, and --expose-gc for the memory measurements.
  const script = `require(${JSON.stringify(js)}).default().then((r) => { process.stdout.write('\\n@@BENCH@@' + JSON.stringify(r)); }, (e) => { console.error(e); process.exit(1); });`;
  const r = spawnSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 });
  const marker = r.stdout?.lastIndexOf('@@BENCH@@') ?? -1;
  if (r.status !== 0 || marker < 0) {
    failed++;
    process.stdout.write(r.stdout ?? '');
    console.error(`✗ ${file} failed`);
    sections.push(`## ${file}\n\nFailed to run (exit ${r.status}).\n`);
    continue;
  }
  process.stdout.write(r.stdout.slice(0, marker));
  const result = JSON.parse(r.stdout.slice(marker + '@@BENCH@@'.length));
  console.log(result.markdown);
  console.log(`(${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  sections.push(`## ${result.title}\n\n_${file}_ · measured ${runStamp}\n\n${result.markdown.trim()}\n`);
}

const cpu = cpus();
const header = [
  '# Benchmarks',
  '',
  'Written by `npm run bench` (bench/run.mjs). Each benchmark measures a naive baseline in the same run and reports the ratio.',
  'Each section names the date and commit it was measured at; the header is the last run\'s (all sections were measured in one run when their stamps agree).',
  '',
  `- Date: ${new Date().toISOString()}`,
  `- Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${platform()} ${release()}`,
  `- Node: ${process.version}`,
  '',
].join('\n');

// A partial run keeps the other sections of the existing file.
let kept = [];
if (filters.length && existsSync('BENCHMARKS.md')) {
  const old = readFileSync('BENCHMARKS.md', 'utf8').split(/^(?=## )/m).slice(1);
  const ran = new Set(chosen);
  kept = old.filter((s) => ![...ran].some((f) => s.includes(`_${f}_`)));
}
writeFileSync('BENCHMARKS.md', `${header}\n${[...kept, ...sections].join('\n')}`);
console.log(`\nBENCHMARKS.md written (${sections.length} run, ${failed} failed)`);
process.exit(failed ? 1 : 0);
