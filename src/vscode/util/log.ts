// The extension's log: one LogOutputChannel ("Gemini Interactions"), every line redacted of the known secrets.
import * as vscode from 'vscode';
import type { Logger } from '../../core/conversation/types';
import { redact } from '../../core/util/redact';

/** The extension's LogOutputChannel; every line is redacted (API keys never reach the log). */
export function createLogger(secrets: () => (string | undefined)[]): Logger & vscode.Disposable & { show(): void } {
  const channel = vscode.window.createOutputChannel('Gemini Interactions', { log: true });
  const clean = (m: string) => redact(m, secrets());
  return {
    debug: (m) => channel.debug(clean(m)),
    info: (m) => channel.info(clean(m)),
    warn: (m) => channel.warn(clean(m)),
    error: (m) => channel.error(clean(m)),
    show: () => channel.show(true),
    dispose: () => channel.dispose(),
  };
}
