// The MCP servers a workspace's settings add (a cloned repository can name any URL, and Gemini may call a
// server's tools with what it has seen): the user's answer per workspace and URL, asked in a modal that names
// the server and its URL before the request that would send it, kept in workspace state; "Gemini: Manage
// Workspace MCP Servers" to change the answers; and the servers in use, as the panel header lists them.
import * as vscode from 'vscode';
import type { Logger } from '../../core/conversation/types';
import type { McpInfo } from '../../core/panel/protocol';
import { referencedSecrets } from '../../core/tools/mcpConfig';
import { effectiveMcpServers, mcpUrlKey, type McpDecision, type McpServerRef } from '../../core/tools/mcpServers';
import type { CommandHandlers } from '../panel/router';
import { mcpServersSetting, SECTION } from '../settings/settings';
import type { McpConsentPort } from '../settings/settingsContext';

/** This workspace's answers: URL (as parsed) → allowed or declined. */
const DECISIONS_KEY = 'geminiInteractions.workspaceMcpServers';

/** What the question was answered with; undefined when it was dismissed (asked again next time). */
export type McpAnswer = 'allow' | 'decline' | undefined;
export type McpQuestion = (server: McpServerRef) => Promise<McpAnswer>;

export interface WorkspaceMcpDeps {
  workspaceState: vscode.Memento;
  /** An MCP secret by the name the settings use (to tell which servers the header may list as used). */
  secret(name: string): PromiseLike<string | undefined>;
  log: Logger;
  /** The question; a modal (askInModal) unless a test answers it. */
  ask?: McpQuestion;
}

export class WorkspaceMcpServers implements McpConsentPort, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when an answer changes or the workspace is trusted (the header lists other servers). */
  readonly onDidChange = this.changed.event;
  /** Open questions by URL, so concurrent requests (panel, native chat) ask once. */
  private readonly questions = new Map<string, Promise<void>>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private readonly question: McpQuestion;

  constructor(private readonly deps: WorkspaceMcpDeps) {
    this.question = deps.ask ?? askInModal;
    this.disposables.push(vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()));
  }

  decision(url: string): McpDecision | undefined {
    return this.decisions()[mcpUrlKey(url)];
  }

  /** Asks about each server in turn (one question per URL at a time), keeping each answer. */
  async ask(servers: readonly McpServerRef[]): Promise<void> {
    for (const s of servers) await this.askOnce(s);
  }

  /** The header's list: the servers used (the user's, then the workspace's allowed ones) and those left out. */
  async panelInfo(): Promise<McpInfo> {
    const setting = mcpServersSetting();
    const names = referencedSecrets([setting.user, setting.workspace].flatMap((l) => (Array.isArray(l) ? l : [])));
    const values = new Map<string, string | undefined>();
    // A secret that cannot be read counts as missing (its server is skipped when sending too).
    for (const n of names) values.set(n, await Promise.resolve(this.deps.secret(n)).catch(() => undefined));
    const m = effectiveMcpServers(setting, (n) => values.get(n), (url) => this.decision(url));
    const notUsed = [...m.unanswered, ...m.declined];
    return { servers: m.active, ...(notUsed.length ? { notUsed } : {}) };
  }

  /**
   * "Gemini: Manage Workspace MCP Servers": a checked list of the workspace's servers; checked ones are
   * allowed, the others declined. `allow` (URLs) stands for the user's choice, under a test runner only.
   */
  async manage(allow?: readonly string[]): Promise<void> {
    const setting = mcpServersSetting();
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showInformationMessage(vscode.l10n.t('This workspace is not trusted: the MCP servers its settings add are not used.'));
      return;
    }
    // Which servers are listed does not depend on secrets (a server refused a secret is never used).
    const m = effectiveMcpServers(setting, () => '', (url) => this.decision(url));
    const theirs = [...m.active.filter((s) => s.origin === 'workspace'), ...m.unanswered, ...m.declined];
    if (!theirs.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('This workspace\'s settings add no MCP servers. Your own servers (user settings) are always used.'));
      return;
    }
    let allowed: Set<string>;
    if (allow) {
      allowed = new Set(allow.map(mcpUrlKey));
    } else {
      const items = theirs.map((s) => ({ label: s.name, description: s.url, picked: this.decision(s.url) === 'allowed', url: s.url }));
      const picked = await vscode.window.showQuickPick(items, {
        canPickMany: true,
        title: vscode.l10n.t('MCP servers from this workspace\'s settings'),
        placeHolder: vscode.l10n.t('Check the servers Gemini may use here (and send what it has seen)'),
      });
      if (!picked) return;
      allowed = new Set(picked.map((p) => mcpUrlKey(p.url)));
    }
    const next = { ...this.decisions() };
    for (const s of theirs) next[mcpUrlKey(s.url)] = allowed.has(mcpUrlKey(s.url)) ? 'allowed' : 'declined';
    await this.save(next);
    this.deps.log.info(`workspace MCP servers reviewed: ${theirs.map((s) => `"${s.name}" (${s.url}) ${next[mcpUrlKey(s.url)]}`).join(', ')}`);
  }

  /** A server in the panel header: the user's opens the settings, the workspace's the list above. */
  async openFromPanel(origin: unknown): Promise<void> {
    if (origin === 'workspace') return this.manage();
    await vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.mcpServers`);
  }

  private askOnce(s: McpServerRef): Promise<void> {
    const key = mcpUrlKey(s.url);
    let asking = this.questions.get(key);
    if (!asking) {
      asking = (async () => {
        if (this.decision(s.url)) return; // answered meanwhile (another request, the list)
        const answer = await this.question(s);
        if (!answer) {
          this.deps.log.info(`the question about the workspace's MCP server "${s.name}" (${s.url}) was dismissed: it is left out, and asked again next time`);
          return;
        }
        await this.save({ ...this.decisions(), [key]: answer === 'allow' ? 'allowed' : 'declined' });
        this.deps.log.info(`the workspace's MCP server "${s.name}" (${s.url}) was ${answer === 'allow' ? 'allowed' : 'declined'} for this workspace`);
      })().finally(() => this.questions.delete(key));
      this.questions.set(key, asking);
    }
    return asking;
  }

  private decisions(): Record<string, McpDecision> {
    const v = this.deps.workspaceState.get<unknown>(DECISIONS_KEY);
    return v && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, McpDecision> : {};
  }

  private async save(decisions: Record<string, McpDecision>): Promise<void> {
    await this.deps.workspaceState.update(DECISIONS_KEY, decisions);
    this.changed.fire();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** The question: a modal naming the server and its URL, as for a workspace's apiBaseUrl. */
export async function askInModal(s: McpServerRef): Promise<McpAnswer> {
  const allow = vscode.l10n.t('Allow for This Workspace');
  const decline = vscode.l10n.t('Don\'t Allow');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('This workspace\'s settings add the MCP server "{0}" at {1}.', s.name, s.url),
    {
      modal: true,
      detail: vscode.l10n.t('Gemini could call its tools with anything in the conversation, the files it has read included; Google\'s servers make the calls to {0}. The server is defined in this workspace\'s settings ({1}), not in yours: allow it only if you trust this repository and that server. Your own MCP servers are used either way.', s.url, `${SECTION}.mcpServers`),
    },
    allow, decline,
  );
  return choice === allow ? 'allow' : choice === decline ? 'decline' : undefined;
}

export function registerWorkspaceMcpCommands(mcp: Pick<WorkspaceMcpServers, 'manage'>, testMode: boolean): vscode.Disposable[] {
  return [
    // Only tests pass the answer: a command link must not allow a server for the user.
    vscode.commands.registerCommand('geminiInteractions.manageWorkspaceMcpServers', (allow?: unknown) =>
      mcp.manage(testMode && Array.isArray(allow) ? allow.filter((u): u is string => typeof u === 'string') : undefined)),
  ];
}

/** A server listed under the panel header: its settings, or the list of the workspace's servers. */
export function mcpHandlers(mcp: Pick<WorkspaceMcpServers, 'openFromPanel'>): Pick<CommandHandlers, 'openMcpServers'> {
  return { openMcpServers: (m) => mcp.openFromPanel(m.origin) };
}
