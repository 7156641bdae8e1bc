// The codebase index in the real extension host, through the real SDK to the emulator's File Search stores:
// "Index This Workspace" uploads the workspace's text files (never secrets, ignored files or binaries) with
// their paths and hashes, a chat turn then sends `file_search` with the store and gets a file citation, a
// saved file is uploaded again and a deleted one removed (file events, batched), and "Delete Codebase Index"
// deletes the store on the emulator.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startEmulator, type Emulator } from '../emulator/server';
import { cmd, waitFor } from './support';

type Status = { state: string; store?: string; files: number; pending: number };

describe('codebase index on Gemini File Search', function () {
  this.timeout(120_000);
  let emu: Emulator;
  const config = () => vscode.workspace.getConfiguration('geminiInteractions');
  const root = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
  const write = (rel: string, text: string) => { fs.mkdirSync(path.dirname(path.join(root(), rel)), { recursive: true }); fs.writeFileSync(path.join(root(), rel), text); };
  const status = async () => (await cmd<Status>('internal.codeIndexStatus'))!;
  const sha = (t: string) => createHash('sha256').update(t).digest('hex');
  let savedBase: unknown;

  before(async () => {
    savedBase = config().inspect('apiBaseUrl')?.globalValue;
    emu = await startEmulator();
    await config().update('apiBaseUrl', emu.url, vscode.ConfigurationTarget.Global);
    await cmd('setApiKey', 'test-key');
    write('indexed/retry.ts', 'export function retryPolicy(attempt: number) {\n  return Math.min(1000 * 2 ** attempt, 30000);\n}\n');
    write('indexed/.env', 'API_TOKEN=do-not-upload\n');
    write('indexed/ignored/secret-plan.ts', 'export const hidden = true;\n');
    write('indexed/.gitignore', 'ignored/\n');
    write('indexed/package-lock.json', '{}\n');
    write('indexed/gone.ts', 'export const soonDeleted = 1;\n');
  });
  after(async () => {
    await cmd('internal.deleteIndex', true).then(undefined, () => undefined);
    fs.rmSync(path.join(root(), 'indexed'), { recursive: true, force: true });
    await config().update('apiBaseUrl', savedBase, vscode.ConfigurationTarget.Global);
    await cmd('newChat');
    await cmd('clearApiKey');
    await emu.close();
  });

  it('indexes the text files of the workspace with their paths and hashes; secrets, ignored files, lock files and binaries stay out', async () => {
    assert.equal((await status()).state, 'none');
    const r = await cmd<{ uploaded: string[]; failed: unknown[] }>('internal.indexWorkspace', true);
    assert.deepEqual(r!.failed, []);
    const s = await status();
    assert.equal(s.state, 'ready');
    const docs = emu.storeDocuments(s.store!);
    const names = docs.map((d) => d.displayName).sort();
    assert.ok(names.includes('indexed/retry.ts') && names.includes('indexed/gone.ts') && names.includes('src/greet.ts') && names.includes('README.md'), names.join());
    for (const out of ['indexed/.env', 'indexed/ignored/secret-plan.ts', 'indexed/package-lock.json', 'media/pixel.png', 'media/tool.bin', 'media/empty.txt']) {
      assert.ok(!names.includes(out), `${out} must not be uploaded`);
    }
    const retry = docs.find((d) => d.displayName === 'indexed/retry.ts')!;
    assert.deepEqual(retry.customMetadata, [{ key: 'path', stringValue: 'indexed/retry.ts' }, { key: 'sha256', stringValue: sha(fs.readFileSync(path.join(root(), 'indexed/retry.ts'), 'utf8')) }]);
    assert.equal(s.files, docs.length);
    // Nothing changed: a second run uploads nothing.
    emu.clearRequests();
    await cmd('internal.indexWorkspace', true);
    assert.equal(emu.requests().filter((q) => q.op === 'stores.upload').length, 0);
  });

  it('a chat turn sends file_search with the workspace\'s store and shows the file it cites', async () => {
    const { store } = await status();
    await cmd('newChat');
    await cmd('internal.send', 'Where is retryPolicy defined?');
    const create = emu.requests().filter((q) => q.op === 'create' && q.status === 200).at(-1)!.body as Record<string, any>;
    const tool = (create.tools as any[]).find((t) => t.type === 'file_search');
    assert.deepEqual(tool.file_search_store_names, [store]);
    const turn = await waitFor('the answer', async () => {
      const last = await cmd<any>('internal.lastModelTurn');
      return last?.state === 'done' ? last : undefined;
    });
    const citations = turn.parts.flatMap((p: any) => p.citations ?? []);
    assert.ok(citations.some((c: any) => c.kind === 'file' && c.title === 'indexed/retry.ts'), JSON.stringify(citations));
  });

  it('a saved file is uploaded again (its old document deleted) and a deleted file removed, in one batched update', async () => {
    const { store } = await status();
    const before = emu.storeDocuments(store!).find((d) => d.displayName === 'indexed/retry.ts')!;
    const doc = await vscode.workspace.openTextDocument(path.join(root(), 'indexed/retry.ts'));
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(0, 0), '// capped exponential backoff\n');
    await vscode.workspace.applyEdit(edit);
    await doc.save();
    fs.rmSync(path.join(root(), 'indexed/gone.ts'));
    await waitFor('both file events', async () => (await status()).pending >= 2, 20_000);
    emu.clearRequests();
    await cmd('internal.codeIndexFlush');
    const after = emu.storeDocuments(store!);
    const retry = after.find((d) => d.displayName === 'indexed/retry.ts')!;
    assert.notEqual(retry.name, before.name, 'a new document');
    assert.ok(!after.some((d) => d.name === before.name), 'the old one is deleted');
    assert.equal(retry.customMetadata[1]!.stringValue, sha(fs.readFileSync(path.join(root(), 'indexed/retry.ts'), 'utf8')));
    assert.ok(!after.some((d) => d.displayName === 'indexed/gone.ts'), 'the deleted file is removed');
    assert.equal(emu.requests().filter((q) => q.op === 'stores.upload' && q.body && !('bytes' in (q.body as object))).length, 1, 'only the changed file');
  });

  it('a citation opens the cited file at the lines the cited text is on now; a path outside the workspace is refused', async () => {
    const original = 'export function retryPolicy(attempt: number) {\n  return Math.min(1000 * 2 ** attempt, 30000);\n}\n';
    const quote = 'indexed/retry.ts has:\n\n```\nexport function retryPolicy(attempt: number) {\n  return Math.min(1000 * 2 ** attempt, 30000);\n```';
    // The file gained a first line since it was indexed: the text is found one line lower.
    assert.equal(await cmd('internal.openCitation', { path: 'indexed/retry.ts', quote, sha256: sha(original) }), 'opened');
    const editor = vscode.window.activeTextEditor!;
    assert.ok(editor.document.uri.fsPath.endsWith(path.join('indexed', 'retry.ts')));
    assert.equal(editor.selection.start.line, 1);
    assert.equal(editor.selection.end.line, 2);
    assert.equal(await cmd('internal.openCitation', { path: 'indexed/retry.ts', quote: 'function thatWasRemoved() {}' }), 'moved');
    for (const bad of ['../outside.txt', '/etc/passwd', 'indexed/../../x', 'C:\\x']) {
      assert.equal(await cmd('internal.openCitation', { path: bad, quote }), 'refused', bad);
    }
    assert.equal(await cmd('internal.openCitation', { path: 'indexed/never-there.ts', quote }), 'notFound');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Delete Codebase Index deletes the store on Google\'s side; turns no longer send it', async () => {
    const { store } = await status();
    assert.equal(await cmd('internal.deleteIndex', true), true);
    assert.deepEqual(emu.storeDocuments(store!), []);
    assert.equal((await status()).state, 'none');
    emu.clearRequests();
    await cmd('newChat');
    await cmd('internal.send', 'Hello again');
    const create = emu.requests().filter((q) => q.op === 'create' && q.status === 200).at(-1)!.body as Record<string, any>;
    assert.ok(!((create.tools ?? []) as any[]).some((t) => t.type === 'file_search'));
  });
});
