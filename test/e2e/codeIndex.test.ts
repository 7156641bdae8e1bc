// The codebase index in code-server (issue 27): the empty view offers to index the workspace; VS Code's modal
// says how many files go where before anything is uploaded (and that a secret-looking file stays out); a
// progress notification runs; the header line then shows the index; an answer cites the file it used, and the
// citation opens that file in the editor with the cited lines selected.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useWorkbench, waitUntil } from './support/workbench';
import { describeViolations, runAxe } from './support/axe';

describe('codebase index in the panel', function () {
  this.timeout(240_000);
  const wb = useWorkbench({});
  const dialog = () => wb().page.locator('.monaco-dialog-box');

  it('the empty view offers it; the question names the files and bytes; then the header line shows the index', async () => {
    fs.writeFileSync(path.join(wb().workspace, 'retry.ts'), '// Backoff for failed requests.\nexport function retryPolicy(attempt: number) {\n  return Math.min(1000 * 2 ** attempt, 30000);\n}\n');
    fs.writeFileSync(path.join(wb().workspace, '.env'), 'TOKEN=never-uploaded\n');
    const chat = await wb().openChatView();
    const offer = chat.getByRole('button', { name: 'Index workspace…' });
    await offer.waitFor({ timeout: 30_000 });
    const onOffer = (await runAxe(chat)).filter((v) => v.nodes.some((n) => n.target.join(' ').includes('index')));
    assert.deepEqual(onOffer, [], describeViolations(onOffer));
    await offer.click();
    const question = dialog().getByText(/^Upload \d+ files of this workspace \(.+\) to a Gemini File Search store\?$/);
    await question.waitFor({ timeout: 30_000 });
    assert.match(await dialog().innerText(), /files that look like secrets \(1\)/);
    await wb().screenshot('index-1-question');
    assert.equal(((await wb().emulatorControl('requests')).requests as { op: string }[]).filter((r) => r.op.startsWith('stores.')).length, 0, 'nothing uploaded before the answer');
    await dialog().getByRole('button', { name: /^Index \d+ Files$/ }).click();
    const line = chat.getByRole('group', { name: 'Codebase index' });
    await waitUntil('the index line', async () => /Codebase: \d+ files indexed/.test(await line.innerText().catch(() => '')), 60_000);
    await wb().screenshot('index-2-ready');
    assert.equal(await chat.getByRole('button', { name: 'Index workspace…' }).count(), 0, 'no longer offered');
    const uploads = ((await wb().emulatorControl('requests')).requests as { op: string; body?: any }[]).filter((r) => r.op === 'stores.upload' && r.body && !('bytes' in r.body));
    assert.ok(uploads.some((u) => u.body.displayName === 'retry.ts'), 'retry.ts uploaded');
    assert.ok(!uploads.some((u) => u.body.displayName === '.env'), '.env never uploaded');
  });

  it('an answer cites the file; the citation opens it with the cited lines selected', async () => {
    const chat = wb().chatFrame();
    await wb().sendMessage('Where is retryPolicy defined?');
    const cite = chat.getByRole('group', { name: 'Sources' }).getByRole('link', { name: 'retry.ts' });
    await cite.waitFor({ timeout: 60_000 });
    const request = ((await wb().emulatorControl('requests')).requests as { op: string; body?: any }[]).filter((r) => r.op === 'create').at(-1)!;
    assert.ok((request.body.tools as any[]).some((t) => t.type === 'file_search' && /^fileSearchStores\//.test(t.file_search_store_names[0])));
    await cite.click();
    await wb().page.locator('.tabs-container').getByRole('tab', { name: /retry\.ts/ }).waitFor({ timeout: 20_000 });
    // The status bar reads the selection: the cited chunk (lines 2–4 of the file) is selected, the cursor at its end.
    let bar = '';
    await waitUntil('the cited lines are selected', async () => /Ln 4, Col 2 \(\d+ selected\)/.test(bar = await wb().page.locator('.statusbar').innerText()), 20_000)
      .catch((e) => { throw new Error(`${(e as Error).message}; the status bar says: ${bar}`); });
    await wb().screenshot('index-3-citation');
  });
});
