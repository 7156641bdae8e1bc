// Helpers the extension-host suites share.
import * as vscode from 'vscode';

/** Polls `fn` until it returns something other than undefined or false. */
export async function waitFor<T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs one of the extension's commands (`geminiInteractions.<id>`). */
export const cmd = <T = unknown>(id: string, ...args: unknown[]) => vscode.commands.executeCommand<T>(`geminiInteractions.${id}`, ...args);
