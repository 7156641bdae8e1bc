// Models from the API, end to end in code-server: opening the panel's model picker makes the host list
// the key's models through the SDK (emulator, models.list), the picker then shows their display names
// and capability marks, and a configured id the API now serves under another model (models.get) gets the
// one-time notice whose quick fix writes a current id into the settings; the next request uses it.
import * as assert from 'node:assert/strict';
import { useWorkbench, waitUntil } from './support/workbench';

interface LoggedRequest { method: string; path: string; op: string; status: number; body: Record<string, any> }

describe('models from the API in code-server (picker, rerouted-model notice)', function () {
  this.timeout(180_000);
  // gemini-3-flash-preview is in the static table, but the API's list lacks it and models.get answers
  // with the model that serves it now (test/emulator/README.md, "Models").
  const wb = useWorkbench({ settings: { 'geminiInteractions.model': 'gemini-3-flash-preview' } });

  const control = async (what: string) => (await fetch(`${wb().emulatorUrl}/__emulator/${what}`)).json() as Promise<any>;
  const requests = async (): Promise<LoggedRequest[]> => (await control('requests')).requests;

  it('the picker fills from models.list with display names and marks; the rerouted id gets the notice and the fix', async () => {
    const chat = await wb().openChatView();
    const picker = chat.getByRole('combobox', { name: 'Model' });
    await picker.waitFor({ timeout: 30_000 });
    assert.equal(await picker.inputValue(), 'gemini-3-flash-preview');
    assert.equal((await requests()).filter((r) => r.op === 'models.list').length, 0, 'nothing is listed before the picker is opened');

    await picker.focus();
    await waitUntil('the key\'s models were listed', async () => (await requests()).some((r) => r.op === 'models.list' && r.status === 200));
    // Display names with capability marks, as words a screen reader reads.
    const labelOf = (id: string) => chat.locator(`select.model-picker option[value="${id}"]`).textContent();
    await waitUntil('display names in the picker', async () => /^Gemini 3\.8 Flash · .*tools/.test((await labelOf('gemini-3.8-flash')) ?? ''));
    assert.match((await labelOf('gemini-3.8-flash'))!, /tools, images, thinking/);

    // The configured id is not in the list: models.get says another model serves it → the notice.
    await waitUntil('models.get for the unlisted id', async () => (await requests()).some((r) => r.op === 'models.get' && r.path.endsWith('/models/gemini-3-flash-preview')));
    // As a toast or, when toasts are suppressed, in the notification centre.
    await wb().runCommand('Notifications: Show Notifications');
    const notice = wb().page.locator('.notifications-toasts .notification-toast, .notifications-center .notification-list-item', { hasText: 'gemini-3-flash-preview' }).first();
    await notice.waitFor({ timeout: 20_000 });
    assert.match(await notice.innerText(), /no longer offers gemini-3-flash-preview under that id/);
    await notice.getByRole('button', { name: 'Replace in Settings' }).click();

    // The setting now names the current model: the picker shows it, and the next request uses it.
    await waitUntil('the picker shows the replacement', async () => (await picker.inputValue()) === 'gemini-3.8-flash');
    await wb().sendMessage('Which model answers?');
    await waitUntil('the request went out', async () => (await requests()).some((r) => r.op === 'create'));
    const create = (await requests()).filter((r) => r.op === 'create').at(-1)!;
    assert.equal(create.body.model, 'gemini-3.8-flash');
  });
});
