// What the settings need that is read asynchronously, loaded before each request: the MCP secrets the
// settings reference (from secret storage), the rules files' text, and the user's answer for each MCP server
// this workspace's settings add (asked here, before the request that would use it); and the warning, once
// per problem, about what is wrong in the settings (an MCP secret not set, ...).
import * as vscode from 'vscode';
import type { Logger } from '../../core/conversation/types';
import { referencedSecrets } from '../../core/tools/mcpConfig';
import { effectiveMcpServers, type McpDecision, type McpServerRef, type McpSetting } from '../../core/tools/mcpServers';
import { mcpServersSetting, type SettingsContext } from './settings';

/** The user's answers for the MCP servers this workspace's settings add (src/vscode/tools/workspaceMcp.ts). */
export interface McpConsentPort {
  /** The answer kept for this URL in this workspace, if any. */
  decision(url: string): McpDecision | undefined;
  /** Asks about each server (its name and URL) and keeps the answers; resolves when all are answered or dismissed. */
  ask(servers: readonly McpServerRef[]): Promise<void>;
}

export interface SettingsContextSources {
  /** An MCP secret by the name the settings use (`${secret:NAME}`). */
  secret(name: string): PromiseLike<string | undefined>;
  /** The rules files (AGENTS.md, ...) merged under their headers: none in an untrusted workspace. */
  rulesText(): Promise<string | undefined>;
  /** Without it, no server of the workspace's settings is used. */
  mcp?: McpConsentPort;
  /** The codebase index's File Search store, when the user built it here and it is on. */
  indexStore?(): string | undefined;
}

export class SettingsContextHost {
  private readonly secretCache = new Map<string, string | undefined>();
  private instructions: string | undefined;
  private readonly reportedProblems = new Set<string>();
  /** Workspace MCP servers declined when asked by the last refresh (that turn says so). */
  private declinedNow: McpServerRef[] = [];
  /** The log says once per window which workspace MCP servers are left out. */
  private readonly loggedLeftOut = new Set<string>();

  constructor(private readonly sources: SettingsContextSources, private readonly log: Logger) {}

  /** Loads what settings reference asynchronously (MCP secrets, the instructions file) before a request. */
  async refresh(): Promise<void> {
    const setting = mcpServersSetting();
    const names = referencedSecrets([setting.user, setting.workspace].flatMap((l) => (Array.isArray(l) ? l : [])));
    for (const n of names) this.secretCache.set(n, await this.sources.secret(n));
    // Rules files (AGENTS.md, GEMINI.md, .gemini/instructions.md): none in an untrusted workspace.
    this.instructions = await this.sources.rulesText();
    this.declinedNow = await this.askAboutWorkspaceMcp(setting);
  }

  /**
   * Asks about the workspace's MCP servers the user has not answered for (a modal naming each server and
   * its URL), before the request that would send them; returns those declined now. The servers left out
   * are logged once per window.
   */
  private async askAboutWorkspaceMcp(setting: McpSetting): Promise<McpServerRef[]> {
    if (setting.workspace === undefined) return [];
    const consent = this.sources.mcp;
    const decision = (url: string) => consent?.decision(url);
    const secret = (n: string) => this.secretCache.get(n);
    const before = effectiveMcpServers(setting, secret, decision);
    if (consent && before.unanswered.length) await consent.ask(before.unanswered);
    const after = effectiveMcpServers(setting, secret, decision);
    for (const s of [...after.unanswered, ...after.declined]) {
      const why = after.declined.includes(s) ? 'not allowed in this workspace' : 'not answered yet';
      const line = `MCP server "${s.name}" (${s.url}) from this workspace's settings is left out: ${why}.`;
      if (this.loggedLeftOut.has(line)) continue;
      this.loggedLeftOut.add(line);
      this.log.info(line);
    }
    const askedNow = new Set(before.unanswered.map((s) => s.url));
    return after.declined.filter((s) => askedNow.has(s.url));
  }

  context(): SettingsContext {
    return {
      secret: (n) => this.secretCache.get(n),
      instructionsFile: this.instructions,
      mcpDecision: (url) => this.sources.mcp?.decision(url),
      mcpDeclinedNow: this.declinedNow,
      indexStore: this.sources.indexStore?.(),
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
