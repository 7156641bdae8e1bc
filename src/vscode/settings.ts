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
