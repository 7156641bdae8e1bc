// Files the user hands over, in a repository whose links lead out of the workspace, in the real extension
// host against the emulator: Ask About File, a drop on the chat view, the `@` picker, @folder and the
// native chat's #file read a link only after a question that names where it really leads (declined:
// nothing is sent, and the user is told why); the chat view may attach only files; the native chat's
// error text is redacted as the panel's is.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { startEmulator, type Emulator } from '../emulator/server';
import { cmd } from './support';

type Result = { sent: boolean; problem?: string; reason?: string };
type Question = { message: string; detail: string };
type Attached = { attachments: { name: string }[]; problems: string[] };
const SECRET = 'USER-PRIVATE-KEY-0077';
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A file system of another extension: the chat view has no reason to name its files. */
class OtherFs implements vscode.FileSystemProvider {
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  private readonly data = new TextEncoder().encode(`another extension's data ${SECRET}\n`);
  watch(): vscode.Disposable { return new vscode.Disposable(() => undefined); }
  stat(): vscode.FileStat { return { type: vscode.FileType.File, ctime: 0, mtime: 0, size: this.data.length }; }
  readFile(): Uint8Array { return this.data; }
  readDirectory(): [string, vscode.FileType][] { return []; }
  createDirectory(): void { throw vscode.FileSystemError.NoPermissions(); }
  writeFile(): void { throw vscode.FileSystemError.NoPermissions(); }
  delete(): void { throw vscode.FileSystemError.NoPermissions(); }
  rename(): void { throw vscode.FileSystemError.NoPermissions(); }
}

describe('hostile links: attachments and mentions', function () {
  this.timeout(60_000);
  let emu: Emulator;
  let outside: string;
  let realKey: string;
  let otherFs: vscode.Disposable;
  const config = () => vscode.workspace.getConfiguration('geminiInteractions');
  const root = () => vscode.workspace.workspaceFolders![0].uri;
  const inWs = (...p: string[]) => vscode.Uri.joinPath(root(), ...p);
  const creates = () => emu.requests().filter((r) => r.op === 'create');
  const asked = async () => (await cmd<Question[]>('internal.outsideQuestions')) ?? [];
  const noSecretSent = () => assert.doesNotMatch(JSON.stringify(emu.requests()), new RegExp(SECRET), 'the private file was not sent');
  let savedBase: unknown;

  before(async () => {
    savedBase = config().inspect('apiBaseUrl')?.globalValue;
    emu = await startEmulator();
    await config().update('apiBaseUrl', emu.url, vscode.ConfigurationTarget.Global);
    await cmd('setApiKey', 'test-key');
    // The user's private files, and a repository folder that links to them.
    outside = mkdtempSync(join(tmpdir(), 'gemini-links-'));
    mkdirSync(join(outside, '.ssh'));
    writeFileSync(join(outside, '.ssh', 'id_rsa'), `${SECRET}\n`);
    writeFileSync(join(outside, 'leak.md'), `${SECRET}\n`);
    realKey = realpathSync(join(outside, '.ssh', 'id_rsa'));
    const dir = join(root().fsPath, 'linkdir');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'readme.md'), 'An honest file.\n');
    symlinkSync(join(outside, '.ssh', 'id_rsa'), join(dir, 'notes.md'));
    symlinkSync(outside, join(dir, 'home'));
    otherFs = vscode.workspace.registerFileSystemProvider('gemother', new OtherFs(), { isReadonly: true });
    await cmd('newChat');
  });
  after(async () => {
    otherFs.dispose();
    rmSync(join(root().fsPath, 'linkdir'), { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
    await config().update('apiBaseUrl', savedBase, vscode.ConfigurationTarget.Global);
    await cmd('newChat');
    await cmd('clearApiKey');
    await emu.close();
  });
  beforeEach(async () => {
    emu.reset();
    await cmd('internal.answerOutsideQuestions', false);
  });

  it('Ask About File on a link to a file outside the workspace asks, naming the real target; declined, nothing is sent', async () => {
    const link = inWs('linkdir', 'notes.md');
    const r = await vscode.commands.executeCommand<Result>('geminiInteractions.askAboutFile', link, undefined, { question: 'What is this?', skipQuestion: true });
    assert.equal(r.sent, false);
    assert.equal(r.reason, 'outside');
    assert.match(r.problem!, new RegExp(`^Not sent: linkdir/notes\\.md leads outside the workspace, to ${escape(realKey)}\\.$`));
    const questions = await asked();
    assert.equal(questions.length, 1);
    assert.equal(questions[0]!.message, `linkdir/notes.md is a link to ${realKey}, outside the workspace. Send that file to Gemini (Google)?`);
    assert.equal(creates().length, 0, 'nothing was sent');
    noSecretSent();

    // An honest file of the same folder goes without a question.
    const ok = await vscode.commands.executeCommand<Result>('geminiInteractions.askAboutFile', inWs('linkdir', 'readme.md'), undefined, { question: 'And this?', skipQuestion: true });
    assert.equal(ok.sent, true, ok.problem);
    assert.equal((await asked()).length, 0);
  });

  it('a drop of the link on the chat view asks, and attaches nothing when declined; allowed once, it is attached', async () => {
    const link = inWs('linkdir', 'notes.md').toString();
    const declined = (await cmd<Attached>('internal.attach', { type: 'attachUris', uris: [link] }))!;
    assert.deepEqual(declined.attachments, []);
    assert.deepEqual(declined.problems, [`Not attached: linkdir/notes.md leads outside the workspace, to ${realKey}.`]);
    assert.match((await asked())[0]?.message ?? '', new RegExp(`is a link to ${escape(realKey)}, outside the workspace`));

    await cmd('internal.answerOutsideQuestions', true);
    const allowed = (await cmd<Attached>('internal.attach', { type: 'attachUris', uris: [link] }))!;
    assert.deepEqual(allowed.attachments.map((a) => a.name), ['notes.md']);
    assert.equal((await asked()).length, 1, 'asked once');
    noSecretSent();
  });

  it('a file outside the workspace named by the chat view is asked about too (the view cannot choose files)', async () => {
    const r = (await cmd<Attached>('internal.attach', { type: 'attachUris', uris: [vscode.Uri.file(join(outside, 'leak.md')).toString()] }))!;
    assert.deepEqual(r.attachments, []);
    assert.deepEqual(r.problems, [`Not attached: ${realpathSync(join(outside, 'leak.md'))} is outside the workspace.`]);
    const q = await asked();
    assert.equal(q.length, 1);
    assert.equal(q[0]!.message, `${realpathSync(join(outside, 'leak.md'))} is outside the workspace. Send it to Gemini (Google)?`);
  });

  it('the chat view may attach only files: other schemes are refused, saying which, and nothing is read', async () => {
    const r = (await cmd<Attached>('internal.attach', { type: 'attachUris', uris: ['gemother:/data.txt', 'not a uri', inWs('linkdir', 'readme.md').toString()] }))!;
    assert.deepEqual(r.attachments.map((a) => a.name), ['readme.md'], 'the workspace file is attached');
    assert.deepEqual(r.problems, [
      'Not attached: gemother:/data.txt. Only files on the disk or in the workspace can be attached here, not "gemother:" addresses.',
      'Not attached: not a uri is not the address of a file.',
    ]);
    assert.equal((await asked()).length, 0);
  });

  it('the @ picker and @folder leave out files that lead outside the workspace, and @folder says how many', async () => {
    const listed = (await cmd<{ files: string[]; outside: number }>('internal.mentionFiles'))!;
    assert.ok(listed.files.includes('linkdir/readme.md'), JSON.stringify(listed.files));
    assert.deepEqual(listed.files.filter((f) => f.startsWith('linkdir/') && f !== 'linkdir/readme.md'), [], 'no link out is offered');
    assert.ok(listed.outside >= 2, `${listed.outside} left out`);

    const folder = (await cmd<{ folders: string[]; tree?: { body: string; header: string } }>('internal.folderMention', 'linkdir'))!;
    assert.ok(folder.folders.includes('linkdir/'));
    assert.ok(!folder.folders.some((f) => f.startsWith('linkdir/home')), 'the linked folder is not offered');
    assert.equal(folder.tree!.header, 'Tree of the folder `linkdir/` (1 files)');
    assert.equal(folder.tree!.body, `linkdir/\n  readme.md\n… (${listed.outside} files left out: links to places outside the workspace)`);
    assert.doesNotMatch(folder.tree!.body, /notes\.md|leak\.md|id_rsa/);
  });

  it('native #file through a link: asked, and declined nothing is sent; the response says why', async () => {
    const r = (await cmd<{ result: vscode.ChatResult; markdown: string }>('internal.nativeChat', 'What is in this file?', [inWs('linkdir', 'notes.md').toString()]))!;
    assert.equal(r.result.errorDetails?.message, `Not sent: linkdir/notes.md leads outside the workspace, to ${realKey}.`);
    assert.equal((await asked()).length, 1);
    assert.equal(creates().length, 0, 'nothing was sent');
    noSecretSent();
  });

  it("native chat: an error that echoes the key is redacted in what VS Code keeps in the chat's history", async () => {
    const echo = 'The request carried test-key in a header it should not have';
    emu.injectFault({ name: 'server_error', status: 400, message: echo });
    const r = (await cmd<{ result: vscode.ChatResult }>('internal.nativeChat', 'Hello'))!;
    assert.equal(r.result.errorDetails?.message, 'The Gemini API rejected the request: The request carried [REDACTED] in a header it should not have');

    // The language model provider: the error its caller (and that caller's chat history) gets.
    emu.injectFault({ name: 'server_error', status: 400, message: echo });
    const [model] = await vscode.lm.selectChatModels({ vendor: 'gemini-interactions' });
    let thrown = '';
    try {
      const response = await model!.sendRequest([vscode.LanguageModelChatMessage.User('Hello')], {});
      for await (const _ of response.stream) { /* until the error */ }
    } catch (e) {
      thrown = String((e as Error).message);
    }
    assert.match(thrown, /The request carried \[REDACTED\] in a header/);
    assert.doesNotMatch(thrown, /test-key/);
  });
});
