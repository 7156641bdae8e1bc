// "Gemini: Show What the API Refused…": the thinking levels, tools, tool search and input kinds the Gemini API
// refused per model (core/models/learnedRefusals.ts), each with its date, the server's words and when it will be
// tried again; picking one offers to forget it now (the next request tries it again). Linked from the settings
// descriptions of `thinkingLevel` and `models`, since a setting's description cannot list them itself.
import * as vscode from 'vscode';
import { kindOf, REFUSAL_TTL_DAYS, type LearnedRefusal, type LearnedRefusals } from '../../core/models/learnedRefusals';
import { toolLabel } from '../../core/gemini/resilientStream';

const DAY_MS = 24 * 60 * 60 * 1000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A refusal's stable key (kind, model, what): what tests pass to forget one without the quick pick. */
export const refusalKey = (r: LearnedRefusal): string => `${kindOf(r)}:${r.model}:${r.level}`;

/** What was refused, as a short label. */
export function refusalLabel(r: LearnedRefusal): string {
  switch (kindOf(r)) {
    case 'thinkingLevel': return vscode.l10n.t('Thinking level "{0}"', r.level);
    case 'toolSearch': return vscode.l10n.t('Tool search');
    case 'tool': return vscode.l10n.t('Tool: {0}', toolLabel(r.level));
    case 'inputKind': return vscode.l10n.t('Input of type {0}', r.level);
  }
}

interface Item extends vscode.QuickPickItem { refusal?: LearnedRefusal; all?: true }

/**
 * Shows the list; in tests, `forget` names the keys to forget (or 'all') instead of asking. Returns the keys
 * listed, so a test sees what the user would have seen.
 */
export async function showLearnedRefusals(refusals: LearnedRefusals, forget?: readonly string[] | 'all'): Promise<string[]> {
  const list = refusals.all().sort((a, b) => b.at - a.at);
  const keys = list.map(refusalKey);
  if (forget) {
    for (const r of list) if (forget === 'all' || forget.includes(refusalKey(r))) await refusals.forget(r.model, r.level, kindOf(r));
    return keys;
  }
  if (!list.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('The Gemini API has refused nothing in the last {0} days: every thinking level, tool and input kind you chose is sent.', REFUSAL_TTL_DAYS));
    return keys;
  }
  const items: Item[] = list.map((r) => ({
    label: refusalLabel(r),
    iconPath: new vscode.ThemeIcon('circle-slash'),
    description: r.model,
    detail: [
      vscode.l10n.t('Refused on {0}; left out until {1}.', day(r.at), day(r.at + refusals.ttlDays * DAY_MS)),
      r.message ? vscode.l10n.t('The API said: {0}', r.message) : '',
    ].filter(Boolean).join(' '),
    refusal: r,
  }));
  items.push({ label: vscode.l10n.t('Forget All'), iconPath: new vscode.ThemeIcon('trash'), all: true });
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('What the Gemini API refused'),
    placeHolder: vscode.l10n.t('Each is left out of requests to that model. Pick one to try it again on the next request.'),
    matchOnDescription: true, matchOnDetail: true,
  });
  if (!picked) return keys;
  const forgetLabel = vscode.l10n.t('Forget');
  const question = picked.all
    ? vscode.l10n.t('Forget every refusal? The next requests try each of them again, and a model that still refuses one costs one failed request before it is learned again.')
    : vscode.l10n.t('Forget that {0} refused {1}? The next request tries it again.', picked.refusal!.model, refusalLabel(picked.refusal!));
  if (await vscode.window.showWarningMessage(question, { modal: true }, forgetLabel) !== forgetLabel) return keys;
  if (picked.all) await refusals.clear();
  else await refusals.forget(picked.refusal!.model, picked.refusal!.level, kindOf(picked.refusal!));
  return keys;
}

export function registerLearnedRefusalsCommand(refusals: LearnedRefusals, testMode: boolean): vscode.Disposable {
  // Only tests pass what to forget: a command link in a setting's description must not act for the user.
  return vscode.commands.registerCommand('geminiInteractions.showLearnedRefusals', (forget?: unknown) =>
    showLearnedRefusals(refusals, testMode && (forget === 'all' || Array.isArray(forget)) ? (forget === 'all' ? 'all' : (forget as unknown[]).filter((k): k is string => typeof k === 'string')) : undefined));
}
