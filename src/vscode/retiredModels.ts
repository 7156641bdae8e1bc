// One-time notice for retired model ids left in the user's settings (gemini-2.5-pro / -flash, retired
// 2026-12-01): a button replaces them in the settings scope where each was set. Shown once per set of
// retired ids (globalState), so a user who declines is not asked on every window.
import * as vscode from 'vscode';
import { RETIRED_MODELS, findRetiredSettings, retiredToAnnounce, type RetiredSetting } from '../core/models';
import { SECTION } from './settings';

export const RETIRED_NOTICE_KEY = 'geminiInteractions.retiredModelsNoticeShown';

// User and workspace settings. (Folder settings of a multi-root workspace would need a resource per folder.)
const SCOPES = [
  ['globalValue', vscode.ConfigurationTarget.Global],
  ['workspaceValue', vscode.ConfigurationTarget.Workspace],
] as const;

/** Retired ids in `model` and `models`, per scope where they are set (defaults are ours and current). */
export function retiredInSettings(): RetiredSetting[] {
  const c = vscode.workspace.getConfiguration(SECTION);
  const values: { key: 'model' | 'models'; scope: string; value: unknown }[] = [];
  for (const key of ['model', 'models'] as const) {
    const i = c.inspect(key);
    for (const [scope] of SCOPES) values.push({ key, scope, value: i?.[scope] });
  }
  return findRetiredSettings(values);
}

/** Writes the replacements where the retired ids were set. */
export async function replaceRetired(found: RetiredSetting[]): Promise<void> {
  const c = vscode.workspace.getConfiguration(SECTION);
  for (const f of found) {
    const target = SCOPES.find(([s]) => s === f.scope)?.[1] ?? vscode.ConfigurationTarget.Global;
    await c.update(f.key, f.fixed, target);
  }
}

/** Shows the notice once; resolves to what was done (for tests and the log). */
export async function checkRetiredModels(state: vscode.Memento, log: { info(m: string): void },
  ask: (message: string, action: string) => Thenable<string | undefined> = (m, a) => vscode.window.showWarningMessage(m, a)): Promise<'none' | 'shown-before' | 'replaced' | 'dismissed'> {
  const found = retiredInSettings();
  if (!found.length) return 'none';
  const shown = state.get<string[]>(RETIRED_NOTICE_KEY, []);
  const ids = retiredToAnnounce(found, shown);
  if (!ids.length) return 'shown-before';
  await state.update(RETIRED_NOTICE_KEY, [...new Set([...shown, ...ids])]);
  const action = vscode.l10n.t('Replace in Settings');
  const and = vscode.l10n.t(' and ');
  const replacements = ids.map((id) => RETIRED_MODELS[id]).join(and);
  const choice = await ask(
    ids.length === 1
      ? vscode.l10n.t('Your settings still use {0}, which Google retired on 2026-12-01, so requests to it fail. Replace it with {1} where it is set?', ids[0]!, replacements)
      : vscode.l10n.t('Your settings still use {0}, which Google retired on 2026-12-01, so requests to them fail. Replace them with {1} where they are set?', ids.join(and), replacements),
    action,
  );
  if (choice !== action) return 'dismissed';
  await replaceRetired(found);
  log.info(`replaced retired models in settings: ${found.map((f) => `${f.key} (${f.scope}): ${f.retired.join(', ')}`).join('; ')}`);
  return 'replaced';
}
