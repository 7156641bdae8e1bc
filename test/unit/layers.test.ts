// The layer rules of the README are checked by lint (eslint.config.mjs), not only written down: a file that
// crosses a runtime gets the rule's message, and an import cycle is refused. Each case lints real text with the
// project's own config, so a rule that is dropped or loosened fails here.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { ESLint } from 'eslint';

const root = resolve(__dirname, '..', '..');
const config = join(root, 'eslint.config.mjs');

async function messages(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root, overrideConfigFile: config });
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layer rules (eslint.config.mjs)', function () {
  this.timeout(60_000);

  it('a core file that imports vscode is refused with what to do instead', async () => {
    const found = await messages('src/core/layerProbe.ts', "import * as vscode from 'vscode';\nexport const x = vscode;\n");
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(found[0], /^no-restricted-imports: .*src\/core runs without VS Code: take what you need as a parameter/);
  });

  it('a core file that imports the extension host or the webview is refused', async () => {
    const host = await messages('src/core/layerProbe.ts', "import { log } from '../vscode/util/log';\nexport const x = log;\n");
    assert.match(host.join('\n'), /src\/core must not import the extension host/);
    const view = await messages('src/core/layerProbe.ts', "import { t } from '../webview/shared/i18n';\nexport const x = t;\n");
    assert.match(view.join('\n'), /src\/core must not import the extension host \(src\/vscode\) or the webview/);
  });

  it('the webview may not import vscode, the host or Node built-ins', async () => {
    assert.match((await messages('src/webview/layerProbe.ts', "import * as vscode from 'vscode';\nexport const x = vscode;\n")).join('\n'),
      /The webview is a browser page: it talks to the host only through the messages of src\/core\/panel\/protocol\.ts/);
    assert.match((await messages('src/webview/layerProbe.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n")).join('\n'),
      /The webview is a browser bundle: Node built-ins are not there/);
  });

  it('the chat panel may not import a feature folder', async () => {
    const found = await messages('src/vscode/panel/chatPanel.ts', "import { x } from '../history/conversationLibrary';\nexport const y = x;\n");
    assert.match(found.join('\n'), /The chat panel imports no feature folder/);
    const allowed = await messages('src/vscode/panel/chatPanel.ts', "import { x } from './viewIds';\nimport { y } from '../../core/panel/protocol';\nexport const z = [x, y];\n");
    assert.deepEqual(allowed.filter((m) => m.startsWith('no-restricted-imports')), []);
  });

  it('the same imports are fine where the layer allows them', async () => {
    const found = await messages('src/vscode/layerProbe.ts', "import * as vscode from 'vscode';\nimport { join } from 'node:path';\nexport const x = [vscode, join];\n");
    assert.deepEqual(found, []);
  });

  it('an import cycle is refused', async () => {
    // Two real files (the cycle rule follows imports on disk), linted with the project's config.
    const dir = mkdtempSync(join(tmpdir(), 'gemini-lint-'));
    try {
      mkdirSync(join(dir, 'src', 'core'), { recursive: true });
      writeFileSync(join(dir, 'src', 'core', 'a.ts'), "import { b } from './b';\nexport const a = () => b();\n");
      writeFileSync(join(dir, 'src', 'core', 'b.ts'), "import { a } from './a';\nexport const b = () => a;\n");
      const eslint = new ESLint({ cwd: dir, overrideConfigFile: config });
      const results = await eslint.lintFiles(['src/core/a.ts']);
      const found = results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`));
      assert.match(found.join('\n'), /^import-x\/no-cycle: /m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('src has no import cycle, type-only imports included (lint\'s rule skips those)', () => {
    // The import graph of every src file by its relative imports, then a depth-first search for a back edge.
    const files: string[] = [];
    const walk = (d: string) => { for (const n of readdirSync(d)) { const p = join(d, n); if (statSync(p).isDirectory()) walk(p); else if (p.endsWith('.ts')) files.push(p); } };
    walk(join(root, 'src'));
    const graph = new Map(files.map((f) => {
      const deps: string[] = [];
      for (const m of readFileSync(f, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
        const t = resolve(dirname(f), m[1]);
        const hit = [`${t}.ts`, join(t, 'index.ts')].find((c) => existsSync(c));
        if (hit) deps.push(hit);
      }
      return [f, deps] as const;
    }));
    assert.ok(files.length > 100 && [...graph.values()].flat().length > 400, 'the graph was read');
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (f: string, path: string[]) => {
      state.set(f, 'open');
      for (const d of graph.get(f) ?? []) {
        if (state.get(d) === 'open') cycles.push([...path.slice(path.indexOf(d)), d].map((p) => relative(root, p)).join(' → '));
        else if (!state.has(d)) visit(d, [...path, d]);
      }
      state.set(f, 'done');
    };
    for (const f of files) if (!state.has(f)) visit(f, [f]);
    assert.deepEqual(cycles, []);
  });
});
