// Where an edit really lands (src/core/edits/editTarget.ts) and what it may touch (editPolicy.ts): with real
// links in a temporary workspace, a link named like a harmless file that leads into .git/ or .vscode/ is refused,
// and the protected places are checked on the real path, Windows spellings included.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveWriteTarget } from '../../src/core/edits/editTarget';
import { editPathProblem } from '../../src/core/edits/editPolicy';

describe('edit targets on the disk', () => {
  let root: string;
  let outside: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'gemini-edit-ws-'));
    outside = mkdtempSync(join(tmpdir(), 'gemini-edit-out-'));
    mkdirSync(join(root, '.git'));
    writeFileSync(join(root, '.git', 'config'), '[core]\n');
    mkdirSync(join(root, '.vscode'));
    mkdirSync(join(root, 'src'));
    writeFileSync(join(root, 'src', 'a.ts'), 'export {};\n');
    symlinkSync(join(root, '.git', 'config'), join(root, 'git.ini'));
    symlinkSync(join(root, '.vscode'), join(root, 'config'));
    symlinkSync(join(root, 'src'), join(root, 'lib'));
    symlinkSync(outside, join(root, 'out'));
    symlinkSync(join(root, 'nowhere'), join(root, 'dangling.txt'));
  });
  afterEach(() => { rmSync(root, { recursive: true, force: true }); rmSync(outside, { recursive: true, force: true }); });

  it('a plain file, existing or new (in an existing or new folder), is written where it is named', async () => {
    assert.deepEqual(await resolveWriteTarget(join(root, 'src', 'a.ts'), root), { ok: true, realRelative: 'src/a.ts' });
    assert.deepEqual(await resolveWriteTarget(join(root, 'src', 'new.ts'), root), { ok: true, realRelative: 'src/new.ts' });
    assert.deepEqual(await resolveWriteTarget(join(root, 'new', 'deep', 'b.ts'), root), { ok: true, realRelative: 'new/deep/b.ts' });
  });

  it('a link to .git/config is refused as a link, naming where it leads', async () => {
    assert.deepEqual(await resolveWriteTarget(join(root, 'git.ini'), root), { ok: false, reason: 'link', real: '.git/config' });
  });

  it('a new file under a link to .vscode/ is refused (create_file config/tasks.json)', async () => {
    assert.deepEqual(await resolveWriteTarget(join(root, 'config', 'tasks.json'), root), { ok: false, reason: 'link', real: '.vscode/tasks.json' });
  });

  it('any link inside the workspace is refused, even to a harmless file; a link out is outside', async () => {
    assert.deepEqual(await resolveWriteTarget(join(root, 'lib', 'a.ts'), root), { ok: false, reason: 'link', real: 'src/a.ts' });
    const r = await resolveWriteTarget(join(root, 'out', 'x.txt'), root);
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.reason, 'outside');
  });

  it('a dangling link is refused, not followed to create its target', async () => {
    const r = await resolveWriteTarget(join(root, 'dangling.txt'), root);
    assert.equal(!r.ok && r.reason, 'link');
  });

  it('a workspace opened through a link still writes its own files', async () => {
    const alias = `${root}-alias`;
    symlinkSync(root, alias);
    try {
      assert.deepEqual(await resolveWriteTarget(join(alias, 'src', 'a.ts'), alias), { ok: true, realRelative: 'src/a.ts' });
      assert.equal((await resolveWriteTarget(join(alias, 'git.ini'), alias)).ok, false);
    } finally {
      rmSync(alias);
    }
  });
});

describe('protected places for edits', () => {
  const refused = (p: string, rules: string[] = []) => editPathProblem(p, rules) !== undefined;

  it('version control, editor settings and dependencies, also as Windows spells them (trailing dots and spaces, case)', () => {
    for (const p of ['.git/config', '.GIT/config', '.git./config', '.git /hooks/pre-commit', 'a/node_modules/x.js', '.vscode./tasks.json']) assert.ok(refused(p), p);
  });

  it('what runs code: CI workflows, git hooks, dev containers, workspace files, direnv', () => {
    for (const p of ['.github/workflows/ci.yml', '.GitHub/Workflows/x.yml', '.husky/pre-commit', '.devcontainer/devcontainer.json', 'team.code-workspace', 'sub/x.CODE-WORKSPACE', '.envrc']) {
      assert.ok(refused(p), p);
    }
    assert.ok(!refused('.github/ISSUE_TEMPLATE.md'), 'the rest of .github is ordinary');
    assert.ok(!refused('docs/workflows/ci.yml'), 'only the workspace root .github/workflows');
  });

  it('the rules files, as configured, because they steer every later answer', () => {
    const rules = ['AGENTS.md', 'GEMINI.md', '.gemini/instructions.md', 'docs/team-rules.md'];
    for (const p of ['AGENTS.md', 'agents.md', '.gemini/instructions.md', 'docs/team-rules.md']) assert.match(editPathProblem(p, rules) ?? '', /rules file/, p);
    assert.ok(!refused('docs/AGENTS.md', rules), 'only the configured path');
    assert.ok(!refused('src/app.ts', rules));
  });
});
