// Google Cloud in code-server, as a user meets it: "Gemini: Sign in with Google Cloud…" without credentials (the
// explanation in VS Code's dialog, the terminal only after the button) and with credentials (the account and project
// named, the backend switched); and Restricted Mode, where a repository's settings that choose Google Cloud and a
// project are ignored without a question (the message goes to the Gemini API with the key).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { useWorkbench, waitUntil } from './support/workbench';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gcloud-e2e-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('Sign in with Google Cloud, no credentials on the machine', function () {
  this.timeout(180_000);
  const wb = useWorkbench({ env: { GOOGLE_APPLICATION_CREDENTIALS: path.join(scratch, 'missing.json'), CLOUDSDK_CONFIG: path.join(scratch, 'no-gcloud') } });
  const dialog = () => wb().page.locator('.monaco-dialog-box');

  it('explains the one command, and opens a terminal with it only after the button', async () => {
    await wb().runCommand('Gemini: Sign in with Google Cloud…');
    await dialog().getByText('No Google Cloud credentials were found on this machine.').waitFor({ timeout: 30_000 });
    assert.match(await dialog().innerText(), /gcloud auth application-default login/);
    assert.equal(await wb().page.locator('.part.panel .terminal-wrapper').count(), 0, 'no terminal before the button');
    await wb().screenshot('gcloud-1-no-credentials');
    await dialog().getByRole('button', { name: 'Open a Terminal with It' }).click();
    await wb().page.locator('.part.panel').getByText(/Google Cloud sign-in/).first().waitFor({ timeout: 30_000 });
    await wb().screenshot('gcloud-2-terminal');
  });
});

describe('Sign in with Google Cloud, with credentials', function () {
  this.timeout(180_000);
  const key = path.join(scratch, 'sa.json');
  // Read for its type and account only; never sent anywhere by this test.
  fs.writeFileSync(key, JSON.stringify({ type: 'service_account', client_email: 'ci-bot@corp-ai.iam.gserviceaccount.com', private_key: 'not-a-real-key' }));
  const wb = useWorkbench({ env: { GOOGLE_APPLICATION_CREDENTIALS: key, GOOGLE_CLOUD_PROJECT: 'corp-ai', CLOUDSDK_CONFIG: path.join(scratch, 'no-gcloud') } });
  const dialog = () => wb().page.locator('.monaco-dialog-box');

  it('names the account and project, and Use Google Cloud switches the backend in the user settings', async () => {
    await wb().runCommand('Gemini: Sign in with Google Cloud…');
    await dialog().getByText('Google Cloud credentials found for ci-bot@corp-ai.iam.gserviceaccount.com. Gemini requests would go to the project corp-ai.').waitFor({ timeout: 30_000 });
    await wb().screenshot('gcloud-3-found');
    await dialog().getByRole('button', { name: 'Use Google Cloud' }).click();
    await wb().page.getByText(/Gemini now uses Google Cloud: project corp-ai, location global/).first().waitFor({ timeout: 30_000 });
  });
});

describe('Google Cloud settings of a repository in Restricted Mode', function () {
  this.timeout(180_000);
  const wb = useWorkbench({ workspaceTrust: true });
  const creates = async () => ((await wb().emulatorControl('requests')).requests as { op: string; path: string }[]).filter((r) => r.op === 'create');

  it('are ignored, without a question: the message goes to the Gemini API with the key', async () => {
    const page = wb().page;
    const no = page.getByRole('button', { name: /No, I don.t trust the authors/ });
    if (await no.isVisible()) await no.click();
    await page.locator('.statusbar').getByText('Restricted Mode').waitFor({ timeout: 30_000 });
    fs.mkdirSync(path.join(wb().workspace, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(wb().workspace, '.vscode', 'settings.json'), JSON.stringify({
      'geminiInteractions.backend': 'googleCloud',
      'geminiInteractions.googleCloud.project': 'repo-project',
    }));
    const chat = await wb().openChatView();
    await chat.getByRole('textbox', { name: 'Message Gemini' }).waitFor({ timeout: 30_000 });
    await new Promise((r) => setTimeout(r, 3000)); // the file watcher reads the repository's settings
    await wb().sendMessage('Where does this go?');
    await waitUntil('the message was sent', async () => (await creates()).length === 1, 30_000);
    assert.equal(await page.locator('.monaco-dialog-box').count(), 0, 'no question');
    assert.equal((await creates())[0].path, '/v1/interactions');
  });
});
