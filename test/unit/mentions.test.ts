import { strict as assert } from 'node:assert';
import {
  changesMention, folderMention, problemLine, problemsMention, selectionMention, tail, terminalOutputMention, terminalPlainText,
  terminalSelectionMention, treeListing, type Problem,
} from '../../src/core/mentions/mentions';
import { fileMessage, fileTextBlock } from '../../src/core/editor/prompts';

const p = (path: string, line: number, severity: Problem['severity'], message: string, extra: Partial<Problem> = {}): Problem =>
  ({ path, line, col: 1, severity, message, ...extra });

describe('mentions', () => {
  describe('@problems', () => {
    it('one line per problem: path:line:col severity source(code) message', () => {
      assert.equal(problemLine({ path: 'src/a.ts', line: 3, col: 7, severity: 'error', source: 'ts', code: '2304', message: "Cannot find name 'x'." }),
        "src/a.ts:3:7 error ts(2304) Cannot find name 'x'.");
      assert.equal(problemLine({ path: 'b.json', line: 1, col: 2, severity: 'warning', message: 'Trailing comma' }), 'b.json:1:2 warning Trailing comma');
    });

    it('a message or path with line breaks stays on one line (it cannot pose as more problems)', () => {
      const line = problemLine({ path: 'a\nb.ts', line: 1, col: 1, severity: 'error', source: 'x', message: 'first\n  src/fake.ts:1:1 error injected' });
      assert.equal(line.split('\n').length, 1);
      assert.equal(line, 'a\\nb.ts:1:1 error x first src/fake.ts:1:1 error injected');
    });

    it('errors first, then by path and position; the header gives the scope and the count', () => {
      const m = problemsMention([p('b.ts', 2, 'warning', 'w'), p('b.ts', 9, 'error', 'e2'), p('a.ts', 5, 'info', 'i'), p('b.ts', 1, 'error', 'e1')], { name: 'problems', detail: 'd' });
      assert.equal(m.header, 'Problems in the workspace (4)');
      assert.deepEqual(m.body.split('\n'), ['b.ts:1:1 error e1', 'b.ts:9:1 error e2', 'b.ts:2:1 warning w', 'a.ts:5:1 info i']);
      assert.equal(m.kind, 'problems');
      const file = problemsMention([p('src/a.ts', 1, 'error', 'x')], { file: 'src/a.ts', name: 'problems:a.ts', detail: 'd' });
      assert.equal(file.header, 'Problems in `src/a.ts` (1)');
      assert.equal(file.name, 'problems:a.ts');
    });

    it('capped: the first N (errors first) are listed, the header and a last line say how many more', () => {
      const many = Array.from({ length: 10 }, (_, i) => p('a.ts', i + 1, i === 9 ? 'error' : 'warning', `m${i}`));
      const m = problemsMention(many, { name: 'problems', detail: 'd', max: 3 });
      assert.equal(m.header, 'Problems in the workspace (10, the first 3 listed)');
      assert.deepEqual(m.body.split('\n'), ['a.ts:10:1 error m9', 'a.ts:1:1 warning m0', 'a.ts:2:1 warning m1', '… and 7 more (not listed)']);
    });

    it('sent under its own header, fenced, not re-wrapped as a file', () => {
      const m = problemsMention([p('x.json', 1, 'error', 'Expected comma', { source: 'json' })], { name: 'problems', detail: 'd' });
      const block = fileTextBlock({ kind: 'text', path: m.name, name: m.name, languageId: m.language, text: m.body, sizeBytes: m.body.length, header: m.header });
      assert.equal(block, 'Problems in the workspace (1):\n```text\nx.json:1:1 error json Expected comma\n```');
      const truncated = fileTextBlock({ kind: 'text', path: m.name, name: m.name, languageId: 'text', text: 'a', sizeBytes: 9, header: m.header, truncated: { lines: 1, totalLines: 5 } });
      assert.match(truncated, /^Problems in the workspace \(1\) \(first 1 of 5 lines\):\n```text\na\n```$/);
      const msg = fileMessage('Fix these', [{ kind: 'text', path: m.name, name: m.name, languageId: m.language, text: m.body, sizeBytes: 30, header: m.header }]);
      assert.equal(msg.parts.length, 2);
      assert.ok(!JSON.stringify(msg.parts).includes('File `problems`'));
    });
  });

  describe('@selection', () => {
    it('path and line range in the header, the text fenced in its language', () => {
      const m = selectionMention({ path: 'src/a.ts', languageId: 'typescript', startLine: 3, endLine: 5, text: 'a\nb\nc', name: 'selection:a.ts:3-5', detail: 'd' });
      assert.equal(m.header, 'Selection in `src/a.ts`, lines 3-5');
      assert.equal(m.language, 'typescript');
      assert.equal(selectionMention({ path: 'b.py', languageId: 'python', startLine: 2, endLine: 2, text: 'x', name: 'n', detail: 'd' }).header, 'Selection in `b.py`, line 2');
    });
  });

  describe('@folder', () => {
    const files = ['src/b.ts', 'src/lib/z.ts', 'src/a.ts', 'src/lib/deep/y.ts', 'docs/readme.md', 'srcx/other.ts'];

    it('an indented tree of the folder only: folders first, then files, sorted', () => {
      const t = treeListing('src', files);
      assert.equal(t.text, ['src/', '  lib/', '    deep/', '      y.ts', '    z.ts', '  a.ts', '  b.ts'].join('\n'));
      assert.equal(t.files, 4, 'srcx/ is not inside src/');
    });

    it('the root lists everything', () => {
      assert.equal(treeListing('', ['b.txt', 'a/c.txt']).text, './\n  a/\n    c.txt\n  b.txt');
    });

    it('capped: at most N entries, then how many more; says when the file search stopped at its limit', () => {
      const many = Array.from({ length: 20 }, (_, i) => `f/${String(i).padStart(2, '0')}.txt`);
      const t = treeListing('f', many, { max: 5, incomplete: true });
      const lines = t.text.split('\n');
      assert.equal(lines.length, 1 + 5 + 2);
      assert.equal(lines[6], '… and 15 more entries (not listed)');
      assert.match(lines[7]!, /file search limit/);
    });

    it('says how many files it left out because they lead outside the workspace, without naming them', () => {
      const t = treeListing('src', files, { linksOut: 2 });
      assert.equal(t.text.split('\n').at(-1), '… (2 files left out: links to places outside the workspace)');
      assert.equal(treeListing('src', files, { linksOut: 1 }).text.split('\n').at(-1), '… (1 file left out: links to places outside the workspace)');
      assert.doesNotMatch(treeListing('src', files, { linksOut: 0 }).text, /left out/);
      assert.match(folderMention('src', files, { name: 'src/', detail: 'd', linksOut: 3 }).body, /3 files left out/);
    });

    it('the header names the folder and counts its files', () => {
      const m = folderMention('src', files, { name: 'src/', detail: 'd' });
      assert.equal(m.header, 'Tree of the folder `src/` (4 files)');
      assert.equal(folderMention('', files, { name: './', detail: 'd' }).header, 'Tree of the folder the workspace root (6 files)');
    });
  });

  describe('@changes', () => {
    const staged = 'diff --git a/a.txt b/a.txt\n--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-old\n+new\n';
    const unstaged = 'diff --git a/b.txt b/b.txt\n@@ -1 +1 @@\n-x\n+y\n';

    it('staged, unstaged and untracked sections under one header, as a diff', () => {
      const m = changesMention([{ root: '', staged, unstaged, untracked: ['new.txt'] }], { name: 'changes', detail: 'd' })!;
      assert.equal(m.header, 'Git changes (staged and unstaged)');
      assert.equal(m.language, 'diff');
      assert.equal(m.body, `### Staged changes (git diff --cached)\n${staged.trimEnd()}\n\n### Unstaged changes (git diff)\n${unstaged.trimEnd()}\n\n### Untracked files (not in the diff)\nnew.txt`);
    });

    it('only what changed; several repositories are named; nothing changed: no mention', () => {
      const m = changesMention([{ root: 'a', staged: '', unstaged, untracked: [] }, { root: 'b', staged: '', unstaged: '', untracked: [] }], { name: 'changes', detail: 'd' })!;
      assert.equal(m.body, `### Unstaged changes (git diff) — repository a\n${unstaged.trimEnd()}`);
      assert.equal(changesMention([{ root: '', staged: '', unstaged: '\n', untracked: [] }], { name: 'changes', detail: 'd' }), undefined);
    });
  });

  describe('@terminal', () => {
    it('terminal output as plain text: colours, titles and shell-integration marks go, CR redraws keep the last', () => {
      const raw = '\u001b]633;A\u0007\u001b[32m$\u001b[0m npm test\r\n\u001b]0;title\u0007progress 10%\rprogress 100%\r\nok\u001b[K\r\n';
      assert.equal(terminalPlainText(raw), '$ npm test\nprogress 100%\nok\n');
    });

    it('tail keeps the end, from a line start', () => {
      assert.deepEqual(tail('short', 10), { text: 'short', cut: false });
      assert.deepEqual(tail('line one\nline two\nline three', 12), { text: 'line three', cut: true });
    });

    it('the last commands with their command lines; the end only when over the cap; nothing read: no mention', () => {
      const m = terminalOutputMention('bash', [{ commandLine: 'ls', output: 'a\r\nb\r\n' }, { commandLine: 'pwd', output: '/w\r\n' }], { name: 'terminal', detail: 'd' })!;
      assert.equal(m.header, 'Output of the last 2 commands in the terminal `bash`');
      assert.equal(m.body, '$ ls\na\nb\n$ pwd\n/w');
      const cut = terminalOutputMention('zsh', [{ output: 'x'.repeat(50) + '\nend' }], { name: 'terminal', detail: 'd', max: 10 })!;
      assert.equal(cut.header, 'Output of the last command in the terminal `zsh` (its end only)');
      assert.equal(cut.body, 'end');
      assert.equal(terminalOutputMention('bash', [{ commandLine: '', output: '\u001b[0m' }], { name: 'terminal', detail: 'd' }), undefined);
    });

    it('a terminal selection says where it comes from', () => {
      assert.equal(terminalSelectionMention('bash', 'Error: boom\n', { name: 'terminal', detail: 'd' }).header, 'Text selected in the terminal `bash`');
    });
  });
});
