// The chat view as a user meets it: open it from the activity bar, send a message, read the streamed
// answer from the (emulated) Gemini API, start a new chat. Screenshots of each step go to
// test-results/screenshots/.
import * as assert from 'node:assert/strict';
import { useWorkbench, waitUntil } from './support/workbench';

describe('chat view', function () {
  this.timeout(120_000);
  const wb = useWorkbench();

  it('opens from the activity bar', async () => {
    const chat = await wb().openChatView();
    await chat.getByRole('textbox', { name: 'Message Gemini' }).waitFor({ timeout: 30_000 });
    await chat.getByRole('button', { name: 'Send' }).waitFor();
    await wb().screenshot('chat-1-opened');
  });

  it('sends a message and shows the model answer', async () => {
    const chat = wb().chatFrame();
    const box = chat.getByRole('textbox', { name: 'Message Gemini' });
    await box.click();
    await box.pressSequentially('Hello Gemini');
    await wb().screenshot('chat-2-typed');
    await chat.getByRole('button', { name: 'Send' }).click();

    const transcript = chat.getByRole('log');
    await transcript.getByText('Hello Gemini').first().waitFor({ timeout: 15_000 });
    const answer = transcript.locator('.turn.model').last();
    await answer.waitFor({ timeout: 30_000 });
    await waitUntil('the model turn shows text', async () => (await answer.innerText()).trim().length > 0);
    await wb().screenshot('chat-3-answered');
  });

  it('Gemini: New Chat empties the transcript', async () => {
    await wb().runCommand('Gemini: New Chat');
    const transcript = wb().chatFrame().getByRole('log');
    await waitUntil('the transcript is empty', async () =>
      (await transcript.locator('.turn').count()) === 0 && !(await transcript.innerText()).includes('Hello Gemini'));
    assert.equal(await transcript.locator('.turn').count(), 0);
    await wb().screenshot('chat-4-new-chat');
  });
});
