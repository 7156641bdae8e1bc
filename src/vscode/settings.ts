import * as vscode from 'vscode';
import type { TurnSettings } from '../core/model';
import { checkBaseUrl, type EndpointCheck } from '../core/endpoint';

export const SECTION = 'geminiInteractions';

export function readTurnSettings(): TurnSettings {
  const c = vscode.workspace.getConfiguration(SECTION);
  return {
    model: c.get<string>('model') || 'gemini-3.5-flash',
    store: c.get<boolean>('store', true),
    systemInstruction: c.get<string>('systemInstruction') || undefined,
    tools: {
      codeExecution: c.get<boolean>('tools.codeExecution', false),
      urlContext: c.get<boolean>('tools.urlContext', false),
      googleSearch: c.get<boolean>('tools.googleSearch', false),
    },
  };
}

export function readEndpoint(): EndpointCheck & { apiVersion: string } {
  const c = vscode.workspace.getConfiguration(SECTION);
  return { ...checkBaseUrl(c.get<string>('apiBaseUrl')), apiVersion: c.get<string>('apiVersion') || 'v1' };
}

// ---- panel settings (model picker, tool toggles) ----

/** The picker's models: the `models` list setting, plus the current model when it is not in the list. */
export function readModels(): string[] {
  const listed = vscode.workspace.getConfiguration(SECTION).get<string[]>('models') ?? [];
  const current = readTurnSettings().model;
  const models = listed.filter((m) => typeof m === 'string' && m.trim());
  return models.includes(current) ? models : [current, ...models];
}

/** Writes a setting where it takes effect: the workspace when it is set there, else the user settings. */
export async function updateSetting(key: string, value: unknown): Promise<void> {
  const c = vscode.workspace.getConfiguration(SECTION);
  const i = c.inspect(key);
  const target = i?.workspaceFolderValue !== undefined ? vscode.ConfigurationTarget.WorkspaceFolder
    : i?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await c.update(key, value, target);
}
