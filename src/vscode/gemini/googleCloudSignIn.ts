// "Gemini: Sign in with Google Cloud…": finds the Application Default Credentials Google's auth library would use
// and names the account and project it found, then switches the backend to Google Cloud in the user's settings; or,
// without credentials, explains the one command to run (`gcloud auth application-default login`) and, only if the
// user agrees, opens a terminal with it typed (not run). The credentials are never read beyond their type and the
// account they name, never stored and never logged.
import * as vscode from 'vscode';
import { findGoogleCloudSetup } from '../../core/gemini/googleCloudSetup';
import { readBackend } from '../settings/backendSettings';
import { SECTION } from '../settings/settings';

const BACKEND_SETTING = 'geminiInteractions.backend';

export const ADC_LOGIN_COMMAND = 'gcloud auth application-default login';

/** The dialogs of the walk-through (tests script them). `choose` returns the chosen action or undefined. */
export interface SignInUi {
  choose(message: string, detail: string, actions: string[]): Thenable<string | undefined>;
  inputProject(prompt: string, value: string | undefined): Thenable<string | undefined>;
  openTerminal(command: string): void;
}

export interface SignInResult {
  state: 'found' | 'missing';
  account?: string;
  project?: string;
  /** What the first dialog said. */
  message: string;
  /** What the user did: switched to Google Cloud, opened the terminal, or nothing. */
  outcome: 'switched' | 'terminal' | 'dismissed';
}

const defaultUi: SignInUi = {
  choose: (message, detail, actions) => vscode.window.showInformationMessage(message, { modal: true, detail }, ...actions),
  inputProject: (prompt, value) => vscode.window.showInputBox({ prompt, value, ignoreFocusOut: true, placeHolder: vscode.l10n.t('my-project-id') }),
  openTerminal: (command) => {
    const terminal = vscode.window.createTerminal({ name: 'Google Cloud sign-in' });
    terminal.show();
    // Typed, not run: the user presses Enter (and sees what runs).
    terminal.sendText(command, false);
  },
};

export async function signInWithGoogleCloud(ui: SignInUi = defaultUi, log?: { info(m: string): void }): Promise<SignInResult> {
  const setup = findGoogleCloudSetup();
  if (!setup.adc) {
    const open = vscode.l10n.t('Open a Terminal with It');
    const message = vscode.l10n.t('No Google Cloud credentials were found on this machine.');
    const detail = vscode.l10n.t('Run this command once, sign in with your work account in the browser it opens, then run "Gemini: Sign in with Google Cloud…" again:\n\n{0}\n\nOn a cloud workstation or with a service account, set GOOGLE_APPLICATION_CREDENTIALS instead. The extension never stores your credentials: Google\'s auth library reads and refreshes them.', ADC_LOGIN_COMMAND);
    const choice = await ui.choose(message, detail, [open]);
    if (choice === open) {
      ui.openTerminal(ADC_LOGIN_COMMAND);
      return { state: 'missing', message, outcome: 'terminal' };
    }
    return { state: 'missing', message, outcome: 'dismissed' };
  }
  const account = setup.adc.account ?? setup.gcloudAccount ?? vscode.l10n.t('an account the credentials file does not name');
  // The user's own project (never one a workspace's settings chose: that one is asked about before use).
  let project = vscode.workspace.getConfiguration(SECTION).inspect<string>('googleCloud.project')?.globalValue?.trim() || setup.project;
  const use = vscode.l10n.t('Use Google Cloud');
  const other = vscode.l10n.t('Choose Another Project…');
  const message = project
    ? vscode.l10n.t('Google Cloud credentials found for {0}. Gemini requests would go to the project {1}.', account, project)
    : vscode.l10n.t('Google Cloud credentials found for {0}, but no project: choose the project that receives and pays for the requests.', account);
  const detail = vscode.l10n.t('Credentials: {0} ({1}). Location: {2}. Your code is sent to this project and processed in this location.', setup.adc.path, setup.adc.type, readBackend().location);
  const choice = await ui.choose(message, detail, project ? [use, other] : [other]);
  if (choice === other) {
    project = (await ui.inputProject(vscode.l10n.t('Google Cloud project ID for Gemini requests'), project))?.trim() || undefined;
    if (!project) return { state: 'found', account, message, outcome: 'dismissed' };
  } else if (choice !== use) {
    return { state: 'found', account, ...(project ? { project } : {}), message, outcome: 'dismissed' };
  }
  const c = vscode.workspace.getConfiguration(SECTION);
  await c.update('backend', 'googleCloud', vscode.ConfigurationTarget.Global);
  await c.update('googleCloud.project', project, vscode.ConfigurationTarget.Global);
  log?.info(`the backend is now Google Cloud, project ${project}`);
  const done = vscode.l10n.t('Gemini now uses Google Cloud: project {0}, location {1}. Set {2} to geminiApi to go back to your API key.', project!, readBackend().location, BACKEND_SETTING);
  void vscode.window.showInformationMessage(done);
  return { state: 'found', account, project, message, outcome: 'switched' };
}

export function registerGoogleCloudSignIn(log: { info(m: string): void }): vscode.Disposable {
  return vscode.commands.registerCommand('geminiInteractions.signInGoogleCloud', () => signInWithGoogleCloud(defaultUi, log));
}
