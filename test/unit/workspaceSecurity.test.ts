// The workspace tools against a hostile workspace on the disk: links out of it (files, folders,
// /etc/passwd, /dev/zero), special files, the model's regex, Windows paths.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkRealPath, checkRealPaths, readRegularFile, realRoots } from '../../src/core/tools/fsGuard';
import { compileQuery, searchLines } from '../../src/core/tools/textSearch';
import { relativeInside, resolveWorkspacePath } from '../../src/core/tools/workspaceTools';

describe('workspace tools on the disk: links and special files', () => {
  let base: string;
  let ws: string;
  let roots: string[];
  before(async () => {
    base = mkdtempSync(join(tmpdir(), 'gemini-guard-'));
    ws = join(base, 'ws');
    mkdirSync(join(ws, 'docs'), { recursive: true });
    mkdirSync(join(base, 'home', '.ssh'), { recursive: true });
    writeFileSync(join(base, 'home', '.ssh', 'id_rsa'), 'PRIVATE KEY');
    writeFileSync(join(ws, 'docs', 'real.md'), 'inside');
    symlinkSync(join(base, 'home', '.ssh', 'id_rsa'), join(ws, 'docs', 'notes.md'));
    symlinkSync(join(base, 'home'), join(ws, 'homedir'));
    symlinkSync('/etc/passwd', join(ws, 'passwd'));
    symlinkSync('/dev/zero', join(ws, 'zero'));
    symlinkSync('real.md', join(ws, 'docs', 'alias.md'));
    execFileSync('mkfifo', [join(ws, 'pipe')]);
    roots = await realRoots([ws]);
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  it('refuses a link to a file outside the workspace (docs/notes.md -> ~/.ssh/id_rsa)', async () => {
    const c = await checkRealPath(join(ws, 'docs', 'notes.md'), roots, 'docs/notes.md');
    assert.equal(c.ok, false);
    assert.match((c as { message: string }).message, /docs\/notes\.md is a link to a place outside the workspace/);
  });

  it('says where a link out really leads (the question before an attachment names it)', async () => {
    const c = await checkRealPath(join(ws, 'docs', 'notes.md'), roots, 'docs/notes.md');
    assert.equal(!c.ok && c.reason === 'outside' && c.real, realpathSync(join(base, 'home', '.ssh', 'id_rsa')));
    const through = await checkRealPath(join(ws, 'homedir', '.ssh', 'id_rsa'), roots, 'homedir/.ssh/id_rsa');
    assert.equal(!through.ok && through.reason === 'outside' && through.real, realpathSync(join(base, 'home', '.ssh', 'id_rsa')));
  });

  it('checks many paths (the @ picker) with the same check, in their order', async () => {
    const paths = ['docs/real.md', 'docs/notes.md', 'docs/alias.md', 'homedir/.ssh/id_rsa', 'missing.md'].map((p) => join(ws, p));
    const checks = await checkRealPaths(paths, roots);
    assert.deepEqual(checks.map((c) => (c.ok ? 'inside' : c.reason)), ['inside', 'outside', 'inside', 'outside', 'missing']);
    assert.deepEqual(await checkRealPaths([], roots), []);
  });

  it('refuses a path through a linked folder, and links to /etc/passwd and /dev/zero', async () => {
    for (const p of ['homedir/.ssh/id_rsa', 'homedir', 'passwd', 'zero']) {
      assert.equal((await checkRealPath(join(ws, p), roots, p)).ok, false, p);
    }
  });

  it('accepts a link inside the workspace and says it is one (for the approval card)', async () => {
    const c = await checkRealPath(join(ws, 'docs', 'alias.md'), roots, 'docs/alias.md');
    assert.deepEqual(c, { ok: true, real: join(roots[0], 'docs', 'real.md'), linked: true });
    const plain = await checkRealPath(join(ws, 'docs', 'real.md'), roots, 'docs/real.md');
    assert.equal(plain.ok && plain.linked, false);
  });

  it('a workspace folder that is itself a link counts as where it points', async () => {
    const linkedRoot = join(base, 'ws-link');
    symlinkSync(ws, linkedRoot);
    const rs = await realRoots([linkedRoot]);
    assert.equal((await checkRealPath(join(linkedRoot, 'docs', 'real.md'), rs, 'docs/real.md')).ok, true);
    assert.equal((await checkRealPath(join(linkedRoot, 'docs', 'notes.md'), rs, 'docs/notes.md')).ok, false);
  });

  it('reads only regular files: /dev/zero and a FIFO are refused at once (no hang, no endless read)', async () => {
    const t0 = Date.now();
    await assert.rejects(readRegularFile('/dev/zero', 2 * 1024 * 1024, 'zero'), /not a regular file/);
    await assert.rejects(readRegularFile(join(ws, 'pipe'), 1024, 'pipe'), /not a regular file/);
    assert.ok(Date.now() - t0 < 1000);
  });

  it('enforces the limit while reading: refuse, or cut to the limit', async () => {
    writeFileSync(join(ws, 'big.txt'), 'x'.repeat(5000));
    await assert.rejects(readRegularFile(join(ws, 'big.txt'), 4096, 'big.txt'), /too large/);
    const cut = await readRegularFile(join(ws, 'big.txt'), 4096, 'big.txt', 'truncate');
    assert.equal(cut.data.length, 4096);
    assert.equal(cut.truncated, true);
    const small = await readRegularFile(join(ws, 'docs', 'real.md'), 4096, 'real.md');
    assert.deepEqual([small.data.toString(), small.truncated], ['inside', false]);
  });
});

describe("search_text: the model's regex in linear time, with a budget and Stop", () => {
  it('the catastrophic pattern (.*.*)*# on long lines returns at once (RE2, no backtracking)', () => {
    const m = compileQuery('(.*.*)*#', true);
    const hits: string[] = [];
    const text = Array.from({ length: 200 }, () => 'a'.repeat(2000)).join('\n');
    const t0 = Date.now();
    assert.equal(searchLines('a.txt', text, m, hits, 100, { deadline: Date.now() + 60_000 }), 'more');
    assert.deepEqual(hits, []);
    // JavaScript's RegExp takes over 20 s on one such line; RE2 is linear in the input.
    assert.ok(Date.now() - t0 < 2000, `took ${Date.now() - t0} ms`);
    // And a classic exponential one.
    assert.equal(compileQuery('^(a+)+$', true).test('a'.repeat(50_000) + '!'), false);
  });

  it('matches like before: literal text case-insensitively, regexes as written', () => {
    const hits: string[] = [];
    searchLines('src/a.ts', 'const Secret = 1;\r\nnone\nsecret()', compileQuery('SECRET', false), hits, 10, { deadline: Infinity });
    assert.deepEqual(hits, ['src/a.ts:1: const Secret = 1;', 'src/a.ts:3: secret()']);
    const re: string[] = [];
    searchLines('b.ts', 'fooBar\nfoobar', compileQuery('foo[A-Z]', true), re, 10, { deadline: Infinity });
    assert.deepEqual(re, ['b.ts:1: fooBar']);
    // A literal query with regex characters is still literal.
    assert.equal(compileQuery('a.*(b', false).test('x a.*(b y'), true);
    assert.equal(compileQuery('a.*(b', false).test('axxb'), false);
  });

  it('patterns RE2 cannot run are refused with a sentence (not run in RegExp)', () => {
    assert.throws(() => compileQuery('(a)\\1', true), /not supported.*RE2 syntax/);
    assert.throws(() => compileQuery('(?=x)', true), /not supported/);
  });

  it('stops when the signal is aborted, and when the time budget is used up', () => {
    const text = Array.from({ length: 10_000 }, (_, i) => `line ${i}`).join('\n');
    const ac = new AbortController();
    ac.abort();
    const hits: string[] = [];
    assert.equal(searchLines('a', text, compileQuery('line', false), hits, 100_000, { deadline: Infinity, signal: ac.signal }), 'aborted');
    assert.equal(hits.length, 0);
    let clock = 0;
    const timed: string[] = [];
    // Each budget check advances the clock by 1: the deadline passes after a few checks.
    assert.equal(searchLines('a', text, compileQuery('line', false), timed, 100_000, { deadline: 3, now: () => clock++ }), 'timeout');
    assert.ok(timed.length > 0 && timed.length < 10_000, `${timed.length}`);
    const full: string[] = [];
    assert.equal(searchLines('a', text, compileQuery('line', false), full, 5, { deadline: Infinity }), 'full');
    assert.equal(full.length, 6);
  });
});

describe('workspace paths on Windows', () => {
  const roots = ['/c:/ws']; // how VS Code's Uri.path writes C:\ws
  it('accepts drive paths inside the workspace in any spelling', () => {
    for (const p of ['C:\\ws\\a.ts', 'c:/ws/a.ts', 'C:/WS/a.ts', '/c:/ws/a.ts', 'c:\\ws\\src\\..\\a.ts']) {
      const r = resolveWorkspacePath(roots, p, { windows: true });
      assert.ok(r.ok, p);
      assert.equal(r.ok && r.relative.toLowerCase(), 'a.ts', p);
    }
    assert.deepEqual(resolveWorkspacePath(roots, 'C:\\ws', { windows: true }), { ok: true, root: '/c:/ws', relative: '' });
    assert.equal(relativeInside('C:\\ws', 'c:/ws/src/x.ts', true), 'src/x.ts');
  });
  it('refuses other drives, other folders, and escapes', () => {
    for (const p of ['D:\\ws\\a.ts', 'C:\\wsx\\a.ts', 'C:\\ws\\..\\secret.txt', 'C:\\Windows\\win.ini', 'd:a.ts']) {
      assert.equal(resolveWorkspacePath(roots, p, { windows: true }).ok, false, p);
    }
  });
  it('refuses reserved device names and alternate data streams', () => {
    for (const p of ['CON', 'nul', 'src/NUL.txt', 'aux.tar.gz', 'COM1', 'lpt9.log', 'prn ', 'C:\\ws\\con', 'a.txt:secret']) {
      const r = resolveWorkspacePath(roots, p, { windows: true });
      assert.equal(r.ok, false, p);
    }
    assert.match((resolveWorkspacePath(roots, 'NUL', { windows: true }) as { message: string }).message, /Windows device/);
    // Names that only start like one are files.
    for (const p of ['console.ts', 'null.md', 'com10.txt', 'src/auxiliary.ts']) assert.equal(resolveWorkspacePath(roots, p, { windows: true }).ok, true, p);
    // On Linux, `nul` is just a name.
    assert.equal(resolveWorkspacePath(['/home/u/ws'], 'nul').ok, true);
  });
  it('POSIX paths keep comparing case-sensitively', () => {
    assert.equal(resolveWorkspacePath(['/home/u/ws'], '/home/u/WS/a.ts').ok, false);
    assert.equal(resolveWorkspacePath(['/home/u/ws'], '/home/u/ws/a.ts').ok, true);
  });
});
