import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

// scripts/toolchain.mjs is plain ESM run by the system Node; load it as it ships, not bundled.
interface Toolchain {
  nestedNpmEnv(base: Record<string, string | undefined>, opts?: { nodeBinDir?: string; nodedir?: string }): Record<string, string>;
  rerunCommand(env?: Record<string, string | undefined>): string;
  ToolchainError: new (step: string, fix: string) => Error;
}
const toolchainUrl = pathToFileURL(resolve(__dirname, '..', '..', 'scripts', 'toolchain.mjs')).href;
const load = (): Promise<Toolchain> => import(toolchainUrl) as Promise<Toolchain>;

// What the outer `npm test` (npm 11 on the system Node 20) exports to its scripts.
const OUTER_NPM_ENV = {
  npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
  npm_config_node_gyp: '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
  npm_config_global_prefix: '/usr',
  npm_config_local_prefix: '/work/main',
  npm_config_registry: 'https://registry.example.test/',
  NPM_CONFIG_HTTPS_PROXY: 'http://proxy.example.test:3128',
  npm_lifecycle_event: 'test',
  npm_lifecycle_script: 'node scripts/test.mjs',
  npm_package_name: 'gemini-interactions',
  npm_package_json: '/work/main/package.json',
  npm_node_execpath: '/usr/bin/node',
  npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
  npm_command: 'test',
  INIT_CWD: '/work/main',
  NODE: '/usr/bin/node',
  HOME: '/home/user',
  PATH: '/usr/local/bin:/usr/bin:/bin',
};

describe('toolchain: environment of nested npm runs', () => {
  it('drops the outer npm\'s config, lifecycle, package and exec-path variables', async () => {
    const { nestedNpmEnv } = await load();
    const env = nestedNpmEnv(OUTER_NPM_ENV);
    for (const k of ['npm_config_user_agent', 'npm_config_node_gyp', 'npm_config_global_prefix', 'npm_config_local_prefix',
      'npm_lifecycle_event', 'npm_lifecycle_script', 'npm_package_name', 'npm_package_json', 'npm_node_execpath',
      'npm_execpath', 'npm_command', 'INIT_CWD', 'NODE']) {
      assert.equal(k in env, false, `${k} must not be inherited`);
    }
    assert.equal(env.HOME, '/home/user');
  });

  it('keeps the settings that say how to reach the registry (a mirror or proxy set in the environment)', async () => {
    const { nestedNpmEnv } = await load();
    const env = nestedNpmEnv(OUTER_NPM_ENV);
    assert.equal(env.npm_config_registry, 'https://registry.example.test/');
    assert.equal(env.NPM_CONFIG_HTTPS_PROXY, 'http://proxy.example.test:3128');
  });

  it('puts the chosen Node first in PATH and sets nodedir on purpose', async () => {
    const { nestedNpmEnv } = await load();
    const env = nestedNpmEnv(OUTER_NPM_ENV, { nodeBinDir: '/cache/node24/bin', nodedir: '/cache/node24' });
    assert.equal(env.PATH, `/cache/node24/bin${delimiter}/usr/local/bin:/usr/bin:/bin`);
    assert.equal(env.npm_config_nodedir, '/cache/node24');
    assert.equal(nestedNpmEnv({ HOME: '/h' }).PATH, undefined, 'no PATH is invented when there was none and no Node was chosen');
  });

  it('does not change the environment it was given', async () => {
    const { nestedNpmEnv } = await load();
    const base = { ...OUTER_NPM_ENV };
    nestedNpmEnv(base, { nodeBinDir: '/x', nodedir: '/y' });
    assert.deepEqual(base, OUTER_NPM_ENV);
  });

  // The failure this guards against: code-server's postinstall reads the Node major from
  // $npm_config_user_agent, and a nested npm takes the outer npm's value as its own.
  it('a nested npm on this Node reports this Node in its user agent (the outer npm\'s Node 20 does not leak in)', async function () {
    this.timeout(60_000);
    const { nestedNpmEnv } = await load();
    const dir = mkdtempSync(join(tmpdir(), 'nested-npm-'));
    try {
      writeFileSync(join(dir, 'package.json'), JSON.stringify({
        name: 'probe', version: '1.0.0', private: true,
        scripts: { probe: 'node -e "process.stdout.write(\'UA=\' + process.env.npm_config_user_agent)"' },
      }));
      const outer = { ...process.env, ...OUTER_NPM_ENV, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH}` };
      const ua = (env: Record<string, string | undefined>): string => {
        const r = spawnSync('npm', ['run', '--silent', 'probe'], { cwd: dir, env, encoding: 'utf8' });
        assert.equal(r.status, 0, `npm run failed: ${r.stderr}`);
        return /UA=(.*)/.exec(r.stdout)?.[1] ?? '';
      };
      // As before the fix: the inherited variable wins over the Node that actually runs npm.
      assert.match(ua(outer), /node\/v20\.20\.2/, 'control: the raw outer environment reproduces the bug');
      const fixed = ua(nestedNpmEnv(outer, { nodeBinDir: dirname(process.execPath) }));
      assert.match(fixed, new RegExp(`node/v${process.versions.node.replace(/\./g, '\\.')}\\b`));
      assert.doesNotMatch(fixed, /node\/v20\./);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('toolchain: a failed step says what to do in one sentence', () => {
  it('names the step, the fix and the command to rerun', async () => {
    const { ToolchainError, rerunCommand } = await load();
    assert.equal(rerunCommand({ npm_lifecycle_event: 'test' }), 'npm test');
    assert.equal(rerunCommand({ npm_lifecycle_event: 'start' }), 'npm start');
    assert.equal(rerunCommand({ npm_lifecycle_event: 'bench' }), 'npm run bench');
    const e = new ToolchainError('install code-server 4.139.1 from npm', 'install a C/C++ toolchain');
    assert.match(e.message, /^The toolchain step "install code-server 4\.139\.1 from npm" failed: install a C\/C\+\+ toolchain, then rerun `[^`]+`\.$/);
  });

  it('an install that cannot reach the registry fails with that sentence (no partial success, nothing skipped)', async function () {
    this.timeout(120_000);
    const cache = mkdtempSync(join(tmpdir(), 'empty-toolchain-cache-'));
    try {
      const script = `import(${JSON.stringify(toolchainUrl)}).then((t) => { t.ensureCodeServer(); console.log('INSTALLED'); })` +
        `.catch((e) => { console.log('ERROR ' + e.message); process.exit(3); })`;
      const r = spawnSync(process.execPath, ['-e', script], {
        encoding: 'utf8',
        // The outer npm's variables are there, as under `npm test`; the registry is a closed port.
        env: { ...process.env, ...OUTER_NPM_ENV, PATH: process.env.PATH, HOME: process.env.HOME, XDG_CACHE_HOME: cache,
          npm_config_registry: 'http://127.0.0.1:9/', npm_config_fetch_retries: '0', npm_config_fetch_timeout: '5000',
          npm_config_cache: join(cache, 'npm-cache') },
      });
      assert.equal(r.status, 3, r.stdout + r.stderr);
      assert.doesNotMatch(r.stdout, /INSTALLED/);
      assert.match(r.stdout, /^ERROR The toolchain step "install Node 24\.\d+\.\d+ from npm" failed: .*registry.*, then rerun `npm test`\.$/m);
      assert.match(r.stderr, /step 1\/2: installing Node 24/, 'the step is announced before it runs');
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});

