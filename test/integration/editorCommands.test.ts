// Explain Selection and Ask About File in the real extension host, against the emulator started inside
// the host: the exact request bodies (content types, MIME types, framing with path and range, `uri` for
// uploads, the upload cache) and every bad input (nothing sent, a clear message).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { startEmulator, type Emulator } from '../emulator/server';

type Result = { sent: boolean; problem?: string; reason?: string };
type Json = Record<string, any>;

/** Ask About File with its question answered (skipQuestion: only under a test runner; the input box is in hostileCommands). */
const ask = (uri: vscode.Uri | undefined, uris: vscode.Uri[] | undefined, options: Json) =>
  vscode.commands.executeCommand<Result>('geminiInteractions.askAboutFile', uri, uris, { skipQuestion: true, ...options });
const explain = () => vscode.commands.executeCommand<Result>('geminiInteractions.explainSelection');

/** A read-only virtual file system: `gemtest:/ok.ts` reads fine, `gemtest:/locked.txt` is refused. */
class TestFs implements vscode.FileSystemProvider {
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  private readonly files: Record<string, Uint8Array> = {
    '/ok.ts': new TextEncoder().encode('export const virtual = true;\n'),
    '/locked.txt': new TextEncoder().encode('secret'),
  };
  watch(): vscode.Disposable { return new vscode.Disposable(() => undefined); }
  stat(uri: vscode.Uri): vscode.FileStat {
    const f = this.files[uri.path];
    if (!f) throw vscode.FileSystemError.FileNotFound(uri);
    return { type: vscode.FileType.File, ctime: 0, mtime: 0, size: f.length };
  }
  readFile(uri: vscode.Uri): Uint8Array {
    if (uri.path === '/locked.txt') throw vscode.FileSystemError.NoPermissions(uri);
    return this.stat(uri) && this.files[uri.path];
  }
  readDirectory(): [string, vscode.FileType][] { return []; }
  createDirectory(): void { throw vscode.FileSystemError.NoPermissions(); }
  writeFile(): void { throw vscode.FileSystemError.NoPermissions(); }
  delete(): void { throw vscode.FileSystemError.NoPermissions(); }
  rename(): void { throw vscode.FileSystemError.NoPermissions(); }
}

describe('editor commands: Explain Selection and Ask About File', function () {
  this.timeout(60_000);
  let emu: Emulator;
  let root: vscode.Uri;
  let testFs: vscode.Disposable;
  const config = () => vscode.workspace.getConfiguration('geminiInteractions');
  const file = (...p: string[]) => vscode.Uri.joinPath(root, ...p);
  const b64 = (...p: string[]) => Buffer.from(fs.readFileSync(file(...p).fsPath)).toString('base64');
  const creates = () => emu.requests().filter((r) => r.op === 'create');
  const lastInput = () => (creates().at(-1)!.body as Json).input as Json[];

  before(async () => {
    emu = await startEmulator();
    emu.configure({ files: { activeAfterGets: 1 } });
    await config().update('apiBaseUrl', emu.url, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('geminiInteractions.setApiKey', 'test-key');
    root = vscode.workspace.workspaceFolders![0].uri;
    testFs = vscode.workspace.registerFileSystemProvider('gemtest', new TestFs(), { isReadonly: true });
    // A fresh conversation: one left by another suite would chain to an interaction this emulator never saw.
    await vscode.commands.executeCommand('geminiInteractions.newChat');
  });
  beforeEach(() => emu.clearRequests());
  after(async () => {
    testFs.dispose();
    for (const k of ['apiBaseUrl', 'explainInNewChat', 'attachments.inlineMaxBytes', 'attachments.maxTextTokens']) {
      await config().update(k, undefined, vscode.ConfigurationTarget.Global);
    }
    await vscode.commands.executeCommand('geminiInteractions.clearApiKey');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await emu.close();
  });

  // ---- Explain Selection ---------------------------------------------------------------------------

  it('Explain Selection sends every selection in document order, fenced, with path and line ranges', async () => {
    const uri = file('src', 'multi.py');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('a = 1\nb = 2\n\ndef f(x):\n    return x * 2\n\nprint(f(a))\n'));
    const editor = await vscode.window.showTextDocument(uri);
    // Made in reverse order: the request still lists them top to bottom.
    editor.selections = [new vscode.Selection(6, 0, 6, 11), new vscode.Selection(0, 0, 2, 0)];
    const r = await explain();
    assert.equal(r.sent, true);
    assert.deepEqual(lastInput(), [{
      type: 'text',
      text: 'Explain these code selections: what it does, how it works, and anything surprising.\n\n' +
        '`src/multi.py`, lines 1-2:\n```python\na = 1\nb = 2\n\n```\n\n' +
        '`src/multi.py`, line 7:\n```python\nprint(f(a))\n```',
    }]);
  });

  it('Explain Selection with an empty selection explains the enclosing block', async () => {
    const uri = file('src', 'greet.ts');
    const editor = await vscode.window.showTextDocument(uri);
    editor.selection = new vscode.Selection(1, 4, 1, 4);
    const r = await explain();
    assert.equal(r.sent, true);
    assert.deepEqual(lastInput(), [{
      type: 'text',
      text: 'Explain this code (the block around the cursor): what it does, how it works, and anything surprising.\n\n' +
        '`src/greet.ts`, lines 1-3:\n```typescript\nexport function greet(name: string): string {\n  return `Hello, ${name}!`;\n}\n```',
    }]);
  });

  it('Explain Selection with nothing selected outside any block says so and sends nothing', async () => {
    const uri = file('notes.txt');
    const editor = await vscode.window.showTextDocument(uri);
    editor.selection = new vscode.Selection(0, 3, 0, 3);
    const r = await explain();
    assert.equal(r.sent, false);
    assert.match(r.problem!, /^Nothing is selected/);
    assert.equal(creates().length, 0);
  });

  it('Explain Selection works in an untitled document and, with explainInNewChat, starts a new chat', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'javascript', content: 'const z = [1, 2].map((n) => n + 1);\n' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, 0, 35);
    await config().update('explainInNewChat', true, vscode.ConfigurationTarget.Global);
    try {
      const r = await explain();
      assert.equal(r.sent, true);
    } finally {
      await config().update('explainInNewChat', undefined, vscode.ConfigurationTarget.Global);
    }
    const body = creates().at(-1)!.body as Json;
    assert.equal(body.previous_interaction_id, undefined, 'a new conversation has no previous interaction');
    assert.match(body.input[0].text, new RegExp(`\`${doc.uri.path}\`, line 1:\\n\`\`\`javascript\\nconst z = \\[1, 2\\]\\.map\\(\\(n\\) => n \\+ 1\\);\\n\`\`\`$`));
    // Without the setting the next explanation continues that conversation.
    await explain();
    assert.ok((creates().at(-1)!.body as Json).previous_interaction_id, 'continues the current conversation');
  });

  it('Explain Selection in a notebook cell names the notebook and the cell', async () => {
    const data = new vscode.NotebookData([
      new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, '# Title', 'markdown'),
      new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'total = sum(range(10))\nprint(total)', 'python'),
    ]);
    const nb = await vscode.workspace.openNotebookDocument('jupyter-notebook', data);
    await vscode.window.showNotebookDocument(nb);
    const cell = nb.cellAt(1).document;
    const editor = await vscode.window.showTextDocument(cell);
    editor.selection = new vscode.Selection(0, 0, 1, 12);
    const r = await explain();
    assert.equal(r.sent, true);
    assert.match(lastInput()[0].text, /`Untitled-\d+\.ipynb`, cell 2, lines 1-2:\n```python\ntotal = sum\(range\(10\)\)\nprint\(total\)\n```$/);
  });

  // ---- Ask About File ------------------------------------------------------------------------------

  it('Ask About File sends each file as the content type the API expects (inline base64)', async () => {
    const uris = ['src/greet.ts', 'media/tiny.pdf', 'media/pixel.png', 'media/beep.wav', 'media/latin1.txt'].map((p) => file(...p.split('/')));
    const r = await ask(uris[0], uris, { question: 'What are these?' });
    assert.equal(r.sent, true, r.problem);
    const latin1 = 'Le café crème du garçon était déjà très chaud; à côté, la pâtisserie française où l\'on mangeait des crêpes.\n'.repeat(2);
    assert.deepEqual(lastInput(), [
      { type: 'text', text: 'What are these?' },
      { type: 'text', text: 'File `src/greet.ts`:\n```typescript\nexport function greet(name: string): string {\n  return `Hello, ${name}!`;\n}\n\n```' },
      { type: 'text', text: 'File `media/tiny.pdf` (application/pdf):' },
      { type: 'document', data: b64('media', 'tiny.pdf'), mime_type: 'application/pdf' },
      { type: 'text', text: 'File `media/pixel.png` (image/png):' },
      { type: 'image', data: b64('media', 'pixel.png'), mime_type: 'image/png' },
      { type: 'text', text: 'File `media/beep.wav` (audio/wav):' },
      { type: 'audio', data: b64('media', 'beep.wav'), mime_type: 'audio/wav' },
      { type: 'text', text: `File \`media/latin1.txt\`:\n\`\`\`plaintext\n${latin1}\n\`\`\`` },
    ]);
    assert.equal(creates().at(-1)!.status, 200);
  });

  it('Ask About File uploads a file above the inline threshold, sends its uri, and reuses the upload', async () => {
    await config().update('attachments.inlineMaxBytes', 1000, vscode.ConfigurationTarget.Global);
    try {
      const clip = file('media', 'clip.mp4');
      const r = await ask(clip, undefined, { question: 'Describe the clip' });
      assert.equal(r.sent, true, r.problem);
      const uploads = emu.requests().filter((q) => q.op === 'files.upload');
      assert.deepEqual(uploads.map((q) => q.headers['x-goog-upload-command']), ['start', 'upload, finalize']);
      assert.equal(uploads[0].headers['x-goog-upload-header-content-type'], 'video/mp4');
      const input = lastInput();
      assert.equal(input.length, 3);
      assert.deepEqual(input[1], { type: 'text', text: 'File `media/clip.mp4` (video/mp4):' });
      assert.deepEqual(Object.keys(input[2]).sort(), ['mime_type', 'type', 'uri']);
      assert.equal(input[2].type, 'video');
      assert.equal(input[2].mime_type, 'video/mp4');
      assert.match(input[2].uri, new RegExp(`^${emu.url}/v1beta/files/[a-z0-9-]+$`));
      const id = input[2].uri.split('/').pop();
      assert.equal(emu.file(`files/${id}`)!.sizeBytes, fs.statSync(clip.fsPath).size);

      emu.clearRequests();
      const again = await ask(clip, undefined, { question: 'And again?' });
      assert.equal(again.sent, true);
      assert.equal(emu.requests().filter((q) => q.op === 'files.upload').length, 0, 'the second ask does not upload again');
      assert.equal(lastInput()[2].uri, input[2].uri);
    } finally {
      await config().update('attachments.inlineMaxBytes', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('Ask About File reads virtual file systems through workspace.fs', async () => {
    const r = await ask(vscode.Uri.parse('gemtest:/ok.ts'), undefined, { question: 'Explain this file' });
    assert.equal(r.sent, true, r.problem);
    assert.deepEqual(lastInput()[1], { type: 'text', text: 'File `/ok.ts`:\n```typescript\nexport const virtual = true;\n\n```' });
  });

  // ---- bad input -----------------------------------------------------------------------------------

  const refuses = async (uris: vscode.Uri[], reason: string, message: RegExp, options: Json = {}) => {
    const r = await ask(uris[0], uris, { question: 'Q', ...options });
    assert.equal(r.sent, false);
    assert.equal(r.reason, reason);
    assert.match(r.problem!, message);
    assert.equal(creates().length, 0, 'nothing was sent');
  };

  it('refuses an unsupported binary type, naming the supported ones', () =>
    refuses([file('media', 'tool.bin')], 'unsupported', /^tool\.bin is a binary file of a type Gemini does not read\. Supported: text and code files; documents: PDF; images: PNG, JPEG/));

  it('refuses a zero-byte file', () => refuses([file('media', 'empty.txt')], 'empty', /^empty\.txt is empty \(0 bytes\)/));

  it('refuses a directory', () => refuses([file('media')], 'directory', /^media is a folder/));

  it('refuses an unreadable file', () => refuses([vscode.Uri.parse('gemtest:/locked.txt')], 'unreadable', /^Cannot read locked\.txt: permission denied\.$/));

  it('refuses a file over 2 GB (sparse, nothing read)', async () => {
    const big = file('media', 'huge.mp4');
    fs.writeFileSync(big.fsPath, '');
    fs.truncateSync(big.fsPath, 2 * 1024 ** 3 + 1);
    try {
      await refuses([big], 'tooLarge', /^huge\.mp4 is 2\.0 GB: the Gemini Files API takes files up to 2 GB\.$/);
    } finally {
      fs.rmSync(big.fsPath);
    }
  });

  it('a bad file among good ones: nothing is sent or uploaded', async () => {
    await refuses([file('media', 'tiny.pdf'), file('media', 'empty.txt')], 'empty', /empty\.txt/);
    assert.equal(emu.requests().length, 0);
  });

  it('a text file over the token budget: declined → not sent; accepted → its first part, marked as such', async () => {
    await config().update('attachments.maxTextTokens', 100, vscode.ConfigurationTarget.Global);
    try {
      await refuses([file('media', 'long.txt')], 'textTooLarge', /^long\.txt is about 3k tokens \(12 KB\), more than the 100-token budget for one file\.$/, { sendFirstPart: false });
      const r = await ask(file('media', 'long.txt'), undefined, { question: 'Summarise', sendFirstPart: true });
      assert.equal(r.sent, true);
      const text = lastInput()[1].text as string;
      assert.match(text, /^File `media\/long\.txt` \(first 6 of 200 lines\):\n```plaintext\nLine 001 of a long text file/);
      assert.ok(text.length < 100 * 4 + 100);
    } finally {
      await config().update('attachments.maxTextTokens', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('an upload that fails: the message is not sent', async () => {
    await config().update('attachments.inlineMaxBytes', 10, vscode.ConfigurationTarget.Global);
    emu.injectFault({ name: 'server_error', on: 'files.upload', status: 503, times: 5 });
    try {
      await refuses([file('media', 'pixel.png')], 'uploadFailed', /^Uploading pixel\.png failed: .+ The message was not sent\.$/);
    } finally {
      emu.clearFaults();
      await config().update('attachments.inlineMaxBytes', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
