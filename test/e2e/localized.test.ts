// The extension in French and in Brazilian Portuguese: code-server started with --locale (VS Code's own
// UI stays English without a language pack, which is not available offline; vscode.env.language follows
// the flag, and so do the extension's strings). The chat view, a command from the palette, an answer's
// footer and the header's context meter, an error card and the approval card, each with a screenshot.
import * as assert from 'node:assert/strict';
import { useWorkbench, waitUntil } from './support/workbench';

interface Expected {
  locale: string;
  input: string;
  send: string;
  emptyTitle: string;
  newChat: string;
  tokens: RegExp;
  duration: RegExp;
  done: string;
  serverError: RegExp;
  retry: string;
  showLog: string;
  region: string;
  allowOnce: string;
  allowAlways: string;
  wantsToRun: string;
  deny: string;
  /** The header's context meter: its accessible name, text and tooltip (issue 17); the count may pass 1,000 (tool declarations count as input). */
  meterName: string;
  meter: RegExp;
  meterTitle: RegExp;
  /** The composer's mode control: the radio group's name and its modes (Ask, Plan, Agent). */
  modeGroup: string;
  modes: string[];
}

const LANGUAGES: Expected[] = [
  {
    locale: 'fr', modeGroup: 'Mode', modes: ['Demander', 'Planifier', 'Agent'], input: 'Message pour Gemini', send: 'Envoyer', emptyTitle: 'Discuter avec Gemini',
    newChat: 'Gemini: Nouvelle conversation', tokens: /\d+ en entrée\s*\d+ en sortie.*\d+ jetons au total/s, duration: /\d+,\d s/,
    done: 'Gemini a fini de répondre.', serverError: /L'API Gemini a rencontré une erreur de serveur \(500/, retry: 'Réessayer', showLog: 'Afficher le journal',
    region: 'Autorisations des outils', allowOnce: 'Autoriser une fois', allowAlways: 'Toujours autoriser read_file dans cet espace de travail',
    wantsToRun: 'Gemini veut exécuter read_file', deny: 'Refuser',
    meterName: 'Contexte utilisé', meter: /^\d+(?:,\d+)?(?:\sk)? \/ 1\sM jetons \(0\s%\)$/, meterTitle: /^Contexte\s: \d{1,3}(?:\s\d{3})* des 1\s048\s576 jetons d’entrée du modèle \(0\s%\)/,
  },
  {
    locale: 'pt-br', modeGroup: 'Modo', modes: ['Perguntar', 'Planejar', 'Agente'], input: 'Mensagem para o Gemini', send: 'Enviar', emptyTitle: 'Converse com o Gemini',
    newChat: 'Gemini: Novo Chat', tokens: /\d+ de entrada\s*\d+ de saída.*\d+ tokens no total/s, duration: /\d+,\d s/,
    done: 'O Gemini terminou de responder.', serverError: /A API Gemini teve um erro de servidor \(500/, retry: 'Tentar Novamente', showLog: 'Mostrar Log',
    region: 'Aprovações de ferramentas', allowOnce: 'Permitir uma vez', allowAlways: 'Sempre permitir read_file neste workspace',
    wantsToRun: 'O Gemini quer executar read_file', deny: 'Negar',
    meterName: 'Contexto usado', meter: /^\d+(?:,\d+)?(?:\smil)? \/ 1\smi tokens \(0%\)$/, meterTitle: /^Contexto: \d{1,3}(?:\.\d{3})* dos 1\.048\.576 tokens de entrada do modelo \(0%\)/,
  },
];

for (const x of LANGUAGES) {
  describe(`localized UI (${x.locale})`, function () {
    this.timeout(180_000);
    const wb = useWorkbench({ locale: x.locale, settings: { 'geminiInteractions.tools.workspace': true } });
    const control = (path: string, method: string, body?: unknown) =>
      fetch(`${wb().emulatorUrl}/__emulator/${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });

    async function send(text: string): Promise<void> {
      const box = wb().chatFrame().getByRole('textbox', { name: x.input });
      await box.click();
      await box.fill(text);
      await wb().chatFrame().getByRole('button', { name: x.send }).click();
    }

    it('vscode.env.language follows --locale, and the chat view speaks it', async () => {
      const chat = await wb().openChatView();
      await chat.getByRole('textbox', { name: x.input }).waitFor({ timeout: 30_000 });
      // The webview's <html lang> is vscode.env.language (src/vscode/panel/chatView.ts), then the locale Intl uses.
      assert.equal((await chat.locator('html').getAttribute('lang'))?.toLowerCase(), x.locale);
      await chat.getByRole('heading', { name: x.emptyTitle }).waitFor();
      await chat.getByRole('button', { name: x.send }).waitFor();
      const modes = chat.getByRole('radiogroup', { name: x.modeGroup });
      for (const name of x.modes) await modes.getByRole('radio', { name, exact: true }).waitFor();
      // Longer names give way (ellipsis): the Attach button beside them stays inside the composer.
      const [attach, composer] = [await chat.locator('.composer .button.attach').boundingBox(), await chat.locator('.composer').boundingBox()];
      assert.ok(attach && composer && attach.x >= composer.x && attach.width > 10, `Attach is visible in the composer (${JSON.stringify({ attach, composer })})`);
      await wb().screenshot(`l10n-${x.locale}-1-view`);
    });

    it('an answer has its footer in the language (tokens, duration), the header meter too, and is announced in it', async () => {
      // A plain text answer (the scripted model would otherwise call a workspace tool first).
      await control('scenario', 'POST', { name: 'text', words: 12 });
      await send('Bonjour / Olá');
      const turn = wb().chatFrame().getByRole('log').locator('.turn.model').last();
      await turn.locator('.footer').waitFor({ timeout: 30_000 });
      const footer = await turn.locator('.footer').innerText();
      assert.match(footer, x.tokens);
      assert.match(footer, x.duration);
      assert.equal(await wb().chatFrame().getByRole('status').textContent(), x.done);
      const meter = wb().chatFrame().getByRole('meter', { name: x.meterName });
      await waitUntil('the context meter shows', () => meter.isVisible());
      assert.match(await meter.innerText(), x.meter);
      assert.match((await meter.getAttribute('title'))!, x.meterTitle);
      await wb().screenshot(`l10n-${x.locale}-2-answer`);
    });

    it('runs a command by its translated title from the palette', async () => {
      // First what the user sees: F1, the translated title typed, its row in the Command Palette.
      const page = wb().page;
      await page.locator('.part.statusbar').click({ position: { x: 2, y: 2 } });
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible' });
      await input.fill(`>${x.newChat}`);
      await page.locator(`.quick-input-list .monaco-list-row[aria-label^=${JSON.stringify(x.newChat)}]`).first().waitFor();
      await wb().screenshot(`l10n-${x.locale}-3-palette`);
      await page.keyboard.press('Escape');
      await wb().runCommand(x.newChat);
      const log = wb().chatFrame().getByRole('log');
      await waitUntil('the transcript is empty', async () => (await log.locator('.turn').count()) === 0);
      await wb().chatFrame().getByRole('heading', { name: x.emptyTitle }).waitFor();
      await wb().screenshot(`l10n-${x.locale}-3-new-chat`);
    });

    it('shows an error card in the language, with its actions', async () => {
      await control('fault', 'POST', { name: 'server_error', status: 500, times: 50 });
      try {
        await send('Erreur / Erro');
        const error = wb().chatFrame().getByRole('log').locator('.turn.model').last().locator('.turn-error');
        await error.waitFor({ timeout: 60_000 });
        assert.match(await error.innerText(), x.serverError);
        await error.getByRole('button', { name: x.retry }).waitFor();
        await error.getByRole('button', { name: x.showLog }).waitFor();
        await wb().screenshot(`l10n-${x.locale}-4-error`);
      } finally {
        await control('fault', 'DELETE');
      }
    });

    it('shows the tool approval card in the language', async () => {
      await control('scenario', 'POST', { name: 'function_call', function: 'read_file', args: { path: 'notes.txt' } });
      await send('notes.txt ?');
      const region = wb().chatFrame().getByRole('region', { name: x.region });
      const allow = region.getByRole('button', { name: x.allowOnce });
      await allow.waitFor({ timeout: 30_000 });
      assert.match(await region.innerText(), new RegExp(x.wantsToRun));
      await region.getByRole('button', { name: x.allowAlways }).waitFor();
      await wb().screenshot(`l10n-${x.locale}-5-approval`);
      // Deny it once the card is armed (clicks in its first 500 ms are ignored), so the run ends.
      const deny = region.getByRole('button', { name: x.deny });
      await waitUntil('the buttons are armed', async () => deny.evaluate((b) => !b.hasAttribute('aria-disabled')));
      await deny.click();
      await waitUntil('the approval is gone', async () => region.isHidden());
    });
  });
}
