// Files into a conversation as a user does it: right-click files in the Explorer → Ask About File, drop
// files on the chat panel, `@`-mention a file; and the bad-input messages, with the draft kept when an
// upload fails. Requests are checked in the emulator's log. Screenshots in test-results/screenshots/.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { useWorkbench, waitUntil } from './support/workbench';
import { askFromExplorer as askFrom, explorerRow as rowOf } from './support/explorer';

type Logged = { op: string; status: number; body: any; headers: Record<string, string> };

describe('attachments', function () {
  this.timeout(180_000);
  // Small threshold: the PDF and the video go through the Files API, the 69-byte PNG inline.
  // A small token budget: the 200-line long.txt is over it.
  const wb = useWorkbench({ settings: { 'geminiInteractions.attachments.inlineMaxBytes': 100, 'geminiInteractions.attachments.maxTextTokens': 100 } });
  const requests = async (): Promise<Logged[]> => (await (await fetch(`${wb().emulatorUrl}/__emulator/requests`)).json()).requests;
  const clearRequests = () => fetch(`${wb().emulatorUrl}/__emulator/requests`, { method: 'DELETE' });
  const lastCreate = async () => (await requests()).filter((r) => r.op === 'create').at(-1);

  const explorerRow = async (name: string) => rowOf(wb(), name);

  async function showMediaFolder(): Promise<void> {
    await wb().runCommand('View: Show Explorer');
    const media = await explorerRow('media');
    await media.waitFor({ timeout: 30_000 });
    if ((await media.getAttribute('aria-expanded')) !== 'true') await media.click();
    await (await explorerRow('tiny.pdf')).waitFor();
  }

  async function askFromExplorer(rows: string[], question?: string): Promise<void> {
    await showMediaFolder();
    await askFrom(wb(), rows, question);
  }

  async function clearComposer(): Promise<void> {
    const chat = wb().chatFrame();
    await chat.getByRole('textbox', { name: 'Message Gemini' }).fill('');
    const remove = chat.getByRole('list', { name: 'Attachments to send' }).getByRole('button', { name: /^Remove / });
    while (await remove.count()) await remove.first().click();
  }

  /** Waits for the answer that quotes `question` (the emulator quotes the prompt) to finish streaming. */
  async function answerTo(question: string) {
    const turn = wb().chatFrame().getByRole('log').locator('.turn.model').filter({ hasText: question }).last();
    await turn.waitFor({ timeout: 30_000 });
    await waitUntil('the answer streamed in', async () => /What the emulator can do/i.test(await turn.innerText()), 30_000);
    return turn;
  }

  it('right-click a PDF in the Explorer → Ask About File → it is uploaded, sent by uri, and the answer streams', async () => {
    await clearRequests();
    await askFromExplorer(['tiny.pdf']);
    await answerTo('Explain this file');
    const create = (await lastCreate())!;
    assert.equal(create.status, 200);
    assert.equal(create.body.input[0].text, 'Explain this file');
    assert.equal(create.body.input[2].type, 'document');
    assert.equal(create.body.input[2].mime_type, 'application/pdf');
    assert.match(create.body.input[2].uri, /\/v1beta\/files\//);
    await wb().screenshot('attach-1-pdf-answered');
  });

  it('right-click an image (with the PDF also selected) → both go in one message', async () => {
    await clearRequests();
    await askFromExplorer(['tiny.pdf', 'pixel.png'], 'What do these show?');
    await answerTo('What do these show?');
    const input = (await lastCreate())!.body.input;
    assert.equal(input[0].text, 'What do these show?');
    const media = input.filter((c: any) => c.type !== 'text');
    assert.deepEqual(media.map((c: any) => [c.type, c.mime_type, 'uri' in c ? 'uri' : 'data']).sort(), [['document', 'application/pdf', 'uri'], ['image', 'image/png', 'data']]);
    assert.equal((await requests()).filter((r) => r.op === 'files.upload').length, 0, 'the PDF upload was reused');
    await wb().screenshot('attach-2-pdf-and-image');
  });

  it('drop a file from the Explorer and an image from the OS on the panel → chips → sent', async () => {
    await clearRequests();
    const chat = await wb().openChatView();
    const uri = pathToFileURL(path.join(wb().workspace, 'src', 'greet.ts')).href;
    const png = [...fs.readFileSync(path.join(wb().workspace, 'media', 'pixel.png'))];
    await chat.locator('body').evaluate((body, [u, bytes]) => {
      const drop = (dt: DataTransfer) => body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      const a = new DataTransfer();
      a.setData('text/uri-list', u as string);
      drop(a);
      const b = new DataTransfer();
      b.items.add(new File([new Uint8Array(bytes as number[])], 'dot.png', { type: 'image/png' }));
      drop(b);
    }, [uri, png] as const);
    const chips = chat.getByRole('list', { name: 'Attachments to send' }).getByRole('listitem');
    await waitUntil('two chips', async () => (await chips.count()) === 2);
    const labels = (await chips.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))).sort();
    assert.deepEqual(labels, ['dot.png — image/png, 69 B', 'greet.ts — text, 76 B']);
    await wb().screenshot('attach-3-dropped-chips');
    const box = chat.getByRole('textbox', { name: 'Message Gemini' });
    await box.fill('Explain the dropped files');
    await chat.getByRole('button', { name: 'Send' }).click();
    await answerTo('Explain the dropped files');
    const input = (await lastCreate())!.body.input;
    assert.equal(input[0].text, 'Explain the dropped files');
    assert.ok(input.some((c: any) => c.type === 'text' && /^File `src\/greet\.ts`:\n```typescript\nexport function greet/.test(c.text)));
    assert.ok(input.some((c: any) => c.type === 'text' && c.text === 'File `dot.png` (image/png):'));
    assert.ok(input.some((c: any) => JSON.stringify(c) === JSON.stringify({ type: 'image', data: Buffer.from(png).toString('base64'), mime_type: 'image/png' })));
    assert.equal(await chips.count(), 0, 'sent attachments leave the composer');
  });

  it('paste an image from the clipboard → chip; paste an https image link → offered and sent by uri', async () => {
    await clearRequests();
    const chat = await wb().openChatView();
    const box = chat.getByRole('textbox', { name: 'Message Gemini' });
    const png = [...fs.readFileSync(path.join(wb().workspace, 'media', 'pixel.png'))];
    await box.evaluate((el, bytes) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(bytes)], 'image.png', { type: 'image/png' }));
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    }, png);
    const chips = chat.getByRole('list', { name: 'Attachments to send' }).getByRole('listitem');
    await waitUntil('the pasted image is a chip', async () => (await chips.count()) === 1);
    assert.equal(await chips.first().getAttribute('aria-label'), 'pasted-image.png — image/png, 69 B');

    await box.fill('What is this cat doing? https://example.com/pics/cat.png');
    await box.evaluate((el) => {
      const dt = new DataTransfer();
      dt.setData('text/plain', 'https://example.com/pics/cat.png');
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    });
    await chat.getByRole('button', { name: 'Attach image by URL' }).click();
    await waitUntil('the link is a chip', async () => (await chips.count()) === 2);
    assert.equal(await chips.nth(1).getAttribute('aria-label'), 'cat.png — image/png, link');
    assert.equal(await box.inputValue(), 'What is this cat doing?', 'the link left the text');
    await wb().screenshot('attach-4-pasted');
    await chat.getByRole('button', { name: 'Send' }).click();
    await answerTo('What is this cat doing?');
    const input = (await lastCreate())!.body.input;
    assert.deepEqual(input.filter((c: any) => c.type === 'image').map((c: any) => c.uri ?? `data:${c.data.length}`),
      [`data:${Buffer.from(png).toString('base64').length}`, 'https://example.com/pics/cat.png']);
    assert.equal(input.find((c: any) => c.uri)!.mime_type, 'image/png');
  });

  it('@ in the message box opens the file picker and attaches the file as text', async () => {
    const chat = await wb().openChatView();
    const box = chat.getByRole('textbox', { name: 'Message Gemini' });
    await box.click();
    await box.pressSequentially('Review @');
    const input = wb().page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('greet');
    await wb().page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'greet.ts' }).first().click();
    const chips = chat.getByRole('list', { name: 'Attachments to send' }).getByRole('listitem');
    await waitUntil('the mentioned file is a chip', async () => (await chips.count()) === 1);
    assert.equal(await box.inputValue(), 'Review @greet.ts ');
    await wb().screenshot('attach-5-mention');
    await chips.first().getByRole('button', { name: 'Remove greet.ts' }).click();
    assert.equal(await chips.count(), 0);
    await clearComposer();
  });

  it('bad input: an empty file and an unsupported binary get clear messages; nothing is sent', async () => {
    await clearRequests();
    const banner = wb().chatFrame().locator('.error-banner');
    await askFromExplorer(['empty.txt']);
    await banner.filter({ hasText: 'empty.txt is empty (0 bytes): there is nothing to send.' }).waitFor({ timeout: 15_000 });
    await askFromExplorer(['tool.bin']);
    await banner.filter({ hasText: 'tool.bin is a binary file of a type Gemini does not read. Supported: text and code files; documents: PDF; images: PNG, JPEG' }).waitFor({ timeout: 15_000 });
    await wb().screenshot('attach-6-bad-input');
    assert.equal((await requests()).filter((r) => r.op === 'create').length, 0);
    // The question is kept in the composer; the refused files are not.
    const chat = wb().chatFrame();
    assert.match(await chat.getByRole('textbox', { name: 'Message Gemini' }).inputValue(), /Explain this file/);
    assert.equal(await chat.getByRole('list', { name: 'Attachments to send' }).getByRole('listitem').count(), 0);
    await clearComposer();
  });

  it('a text file over the token budget: warns with its estimated size and offers to send the first part', async () => {
    await clearRequests();
    await askFromExplorer(['long.txt'], 'Summarise the log');
    const dialog = wb().page.locator('.monaco-dialog-box');
    await dialog.getByText('long.txt is about 3k tokens (12 KB), more than the 100-token budget for one file.').waitFor({ timeout: 15_000 });
    await wb().screenshot('attach-7-text-too-large');
    await dialog.getByRole('button', { name: 'Send First Part' }).click();
    await answerTo('Summarise the log');
    const input = (await lastCreate())!.body.input;
    assert.match(input[1].text, /^File `media\/long\.txt` \(first 6 of 200 lines\):\n```plaintext\nLine 001/);
  });

  it('a failed upload: nothing is sent, the question and the attachment stay in the composer; Send then works', async () => {
    await clearRequests();
    await fetch(`${wb().emulatorUrl}/__emulator/fault`, { method: 'POST', body: JSON.stringify({ name: 'server_error', on: 'files.upload', status: 503 }) });
    await askFromExplorer(['clip.mp4'], 'What happens in the clip?');
    const chat = wb().chatFrame();
    await chat.locator('.error-banner').filter({ hasText: /Uploading clip\.mp4 failed: .* The message was not sent\./ }).waitFor({ timeout: 20_000 });
    const box = chat.getByRole('textbox', { name: 'Message Gemini' });
    await waitUntil('the draft is back', async () => (await box.inputValue()) === 'What happens in the clip?');
    const chips = chat.getByRole('list', { name: 'Attachments to send' }).getByRole('listitem');
    assert.match(await chips.first().getAttribute('aria-label') ?? '', /^clip\.mp4 — video\/mp4, 2\.0 KB$/);
    assert.equal((await requests()).filter((r) => r.op === 'create').length, 0, 'nothing was sent');
    await wb().screenshot('attach-8-upload-failed-draft-kept');

    await chat.getByRole('button', { name: 'Send' }).click();
    await answerTo('What happens in the clip?');
    const input = (await lastCreate())!.body.input;
    assert.equal(input[0].text, 'What happens in the clip?');
    assert.equal(input[2].type, 'video');
    assert.equal(input[2].mime_type, 'video/mp4');
    assert.match(input[2].uri, /\/v1beta\/files\//);
  });
});
