// What the settings need that is read asynchronously, loaded before each request: the MCP secrets the
// settings reference (from secret storage) and the rules files' text; and the warning, once per problem,
// about what is wrong in the settings (an MCP secret not set, ...).
import * as vscode from 'vscode';
import type { Logger } from '../../core/conversation/types';
import { referencedSecrets } from '../../core/tools/mcpConfig';
import { mcpServersSetting, type SettingsContext } from './settings';

export interface SettingsContextSources {
  /** An MCP secret by the name the settings use (`${secret:NAME}`). */
  secret(name: string): PromiseLike<string | undefined>;
  /** The rules files (AGENTS.md, ...) merged under their headers: none in an untrusted workspace. */
  rulesText(): Promise<string | undefined>;
}

export class SettingsContextHost {
  private readonly secretCache = new Map<string, string | undefined>();
  private instructions: string | undefined;
  private readonly reportedProblems = new Set<string>();

  constructor(private readonly sources: SettingsContextSources, private readonly log: Logger) {}

  /** Loads what settings reference asynchronously (MCP secrets, the instructions file) before a request. */
  async refresh(): Promise<void> {
    const names = referencedSecrets(mcpServersSetting().raw);
    for (const n of names) this.secretCache.set(n, await this.sources.secret(n));
    // Rules files (AGENTS.md, GEMINI.md, .gemini/instructions.md): none in an untrusted workspace.
    this.instructions = await this.sources.rulesText();
  }

  context(): SettingsContext {
    return {
      secret: (n) => this.secretCache.get(n),
      instructionsFile: this.instructions,
      problems: (messages) => {
        for (const m of messages) {
          if (this.reportedProblems.has(m)) continue;
          this.reportedProblems.add(m);
          this.log.warn(m);
          void vscode.window.showWarningMessage(m, vscode.l10n.t('Open Settings')).then((c) => {
            if (c) void vscode.commands.executeCommand('workbench.action.openSettings', 'geminiInteractions.mcpServers');
          });
        }
      },
    };
  }
}
