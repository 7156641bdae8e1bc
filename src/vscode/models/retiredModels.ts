// One-time notice for retired model ids left in the user's settings (gemini-2.5-pro / -flash, retired
// 2026-12-01, from core/models/modelFacts.ts; and ids the API's model list says are retired or rerouted), and
// for a retired Deep Research agent (shut down, not forwarded): a button replaces them in the settings scope
// where each was set. Shown once per set of retired ids (globalState), so a user who declines is not asked on
// every window.
import * as vscode from 'vscode';
import { RETIRED_MODELS, findRetiredSettings, retiredToAnnounce, type RetiredSetting } from '../../core/models/models';
import { replacementFor, unlistedIds } from '../../core/models/catalogue';
import { agentFact } from '../../core/models/modelFacts';
import type { ModelCatalogueHost } from './modelCatalogue';
import { SECTION } from '../settings/settings';

export const RETIRED_NOTICE_KEY = 'geminiInteractions.retiredModelsNoticeShown';

// User and workspace settings. (Folder settings of a multi-root workspace would need a resource per folder.)
const SCOPES = [
  ['globalValue', vscode.ConfigurationTarget.Global],
  ['workspaceValue', vscode.ConfigurationTarget.Workspace],
] as const;

type SettingValue = { key: 'model' | 'models'; scope: string; value: unknown };

function settingValues(): SettingValue[] {
  const c = vscode.workspace.getConfiguration(SECTION);
  const values: SettingValue[] = [];
  for (const key of ['model', 'models'] as const) {
    const i = c.inspect(key);
    for (const [scope] of SCOPES) values.push({ key, scope, value: i?.[scope] });
  }
  return values;
}

/** Retired ids in `model` and `models`, per scope where they are set (defaults are ours and current). */
export function retiredInSettings(replace?: (id: string) => string | undefined): RetiredSetting[] {
  return findRetiredSettings(settingValues(), replace);
}

/** Writes the replacements where the retired ids were set. */
export async function replaceRetired(found: RetiredSetting[]): Promise<void> {
  const c = vscode.workspace.getConfiguration(SECTION);
  for (const f of found) {
    const target = SCOPES.find(([s]) => s === f.scope)?.[1] ?? vscode.ConfigurationTarget.Global;
    await c.update(f.key, f.fixed, target);
  }
}

type Ask = (message: string, action: string) => Thenable<string | undefined>;
type Outcome = 'none' | 'shown-before' | 'replaced' | 'dismissed';
const warn: Ask = (m, a) => vscode.window.showWarningMessage(m, a);

/** Shows the notice once (statically known retired ids); resolves to what was done (for tests and the log). */
export async function checkRetiredModels(state: vscode.Memento, log: { info(m: string): void }, ask: Ask = warn): Promise<Outcome> {
  const found = retiredInSettings();
  return notify(found, (id) => RETIRED_MODELS[id]!, state, log, ask, (ids, to) => ids.length === 1
    // Google routes the retired 2.5 ids to newer models (INTERACTIONS-API.md §3.1a): requests are answered, by another model.
    ? vscode.l10n.t('Your settings still use {0}, which Google retired on 2026-12-01: requests to it are now answered by a newer model that Google chooses, and may be refused later. Replace it with {1} where it is set?', ids[0]!, to)
    : vscode.l10n.t('Your settings still use {0}, which Google retired on 2026-12-01: requests to them are now answered by newer models that Google chooses, and may be refused later. Replace them with {1} where they are set?', ids.join(vscode.l10n.t(' and ')), to));
}

/**
 * The same notice for what the API says (the key's model list): a configured id the list lacks that
 * `models.get` answers 404 for (retired) or with another model (rerouted). Runs after a listing.
 */
export async function checkApiRetiredModels(catalogue: ModelCatalogueHost, state: vscode.Memento, log: { info(m: string): void }, ask: Ask = warn): Promise<Outcome> {
  const listed = await catalogue.listed();
  if (!listed) return 'none';
  const configured = settingValues().flatMap((v) => (typeof v.value === 'string' ? [v.value] : Array.isArray(v.value) ? v.value.filter((x): x is string => typeof x === 'string') : []));
  const unlisted = unlistedIds(configured, listed);
  if (!unlisted.length) return 'none';
  const resolutions = await catalogue.resolve(unlisted);
  const to = new Map(resolutions.map((r) => [r.id, replacementFor(r, listed)]));
  const rerouted = new Set(resolutions.filter((r) => r.kind === 'rerouted').map((r) => r.id));
  const found = retiredInSettings((id) => to.get(id));
  return notify(found, (id) => to.get(id)!, state, log, ask, (ids, repl) => ids.some((id) => rerouted.has(id))
    ? vscode.l10n.t('The Gemini API no longer offers {0} under that id (retired, or now served by another model). Replace it with {1} where it is set?', ids.join(vscode.l10n.t(' and ')), repl)
    : vscode.l10n.t('The Gemini API says {0} is retired (your key\'s model list lacks it), so requests to it fail. Replace it with {1} where it is set?', ids.join(vscode.l10n.t(' and ')), repl));
}

/**
 * A retired agent in `researchAgent` (deep-research-pro-preview-12-2025, shut down on 2026-10-23 with no
 * forwarding, so /research fails with it): the same one-time notice, with the replacement from the facts.
 */
export async function checkRetiredAgent(state: vscode.Memento, log: { info(m: string): void }, ask: Ask = warn): Promise<Outcome> {
  const c = vscode.workspace.getConfiguration(SECTION);
  const i = c.inspect<string>('researchAgent');
  const found = SCOPES.flatMap(([scope, target]) => {
    const id = i?.[scope];
    const fact = typeof id === 'string' ? agentFact(id) : undefined;
    return fact?.retiredOn && fact.replacement ? [{ target, fact }] : [];
  });
  if (!found.length) return 'none';
  const shown = state.get<string[]>(RETIRED_NOTICE_KEY, []);
  const ids = [...new Set(found.map((f) => f.fact.id))];
  if (ids.every((id) => shown.includes(id))) return 'shown-before';
  await state.update(RETIRED_NOTICE_KEY, [...new Set([...shown, ...ids])]);
  const { fact } = found[0]!;
  const action = vscode.l10n.t('Replace in Settings');
  const choice = await ask(vscode.l10n.t('Your settings use the Deep Research agent {0}, which Google shut down on {1} without forwarding it, so /research fails with it. Replace it with {2} where it is set?', fact.id, fact.retiredOn!, fact.replacement!), action);
  if (choice !== action) return 'dismissed';
  for (const f of found) await c.update('researchAgent', f.fact.replacement, f.target);
  log.info(`replaced the retired agent ${fact.id} in settings with ${fact.replacement}`);
  return 'replaced';
}

async function notify(found: RetiredSetting[], replacement: (id: string) => string, state: vscode.Memento, log: { info(m: string): void }, ask: Ask,
  message: (ids: string[], replacements: string) => string): Promise<Outcome> {
  if (!found.length) return 'none';
  const shown = state.get<string[]>(RETIRED_NOTICE_KEY, []);
  const ids = retiredToAnnounce(found, shown);
  if (!ids.length) return 'shown-before';
  await state.update(RETIRED_NOTICE_KEY, [...new Set([...shown, ...ids])]);
  const action = vscode.l10n.t('Replace in Settings');
  const replacements = [...new Set(ids.map(replacement))].join(vscode.l10n.t(' and '));
  const choice = await ask(message(ids, replacements), action);
  if (choice !== action) return 'dismissed';
  await replaceRetired(found);
  log.info(`replaced retired models in settings: ${found.map((f) => `${f.key} (${f.scope}): ${f.retired.join(', ')}`).join('; ')}`);
  return 'replaced';
}
