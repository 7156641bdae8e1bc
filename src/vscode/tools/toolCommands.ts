// The tools' commands: Set MCP Secret… (kept in secret storage, referenced from the MCP settings) and
// Reset Tool Approvals (forget every "always allow").
import * as vscode from 'vscode';
import { referencedSecrets } from '../../core/tools/mcpConfig';
import { mcpServersSetting } from '../settings/settings';
import { MCP_SECRET_PREFIX, type KnownMcpSecrets } from './mcpSecrets';
import type { ToolApprovals } from './toolApprovals';

export interface ToolCommandDeps {
  secrets: vscode.SecretStorage;
  mcpSecrets: KnownMcpSecrets;
  approvals: Pick<ToolApprovals, 'resetAlwaysAllowed'>;
  /** Only under a test runner: the value may come as an argument (a command link must not set it). */
  testMode: boolean;
}

export function registerToolCommands({ secrets, mcpSecrets, approvals, testMode }: ToolCommandDeps): vscode.Disposable[] {
  const reg = vscode.commands.registerCommand;
  return [
    reg('geminiInteractions.setMcpSecret', async (name?: unknown, value?: unknown) => {
      // The names the user's own servers reference (a workspace's servers never get a secret of theirs).
      const known = referencedSecrets(mcpServersSetting().user);
      let secretName = typeof name === 'string' ? name : undefined;
      if (!secretName) {
        const other = `$(add) ${vscode.l10n.t('Other…')}`;
        const picked = known.length
          ? await vscode.window.showQuickPick([...known, other], { title: vscode.l10n.t('MCP secret to set'), placeHolder: vscode.l10n.t('Referenced in geminiInteractions.mcpServers as {0}', '${secret:NAME}') })
          : other;
        if (!picked) return;
        secretName = picked === other
          ? await vscode.window.showInputBox({ title: vscode.l10n.t('Secret name'), prompt: vscode.l10n.t('Use it in a header value as {0}', '${secret:NAME}'), validateInput: (v) => (/^[A-Za-z0-9_.-]+$/.test(v) ? undefined : vscode.l10n.t('Letters, digits, _ . - only')) })
          : picked;
      }
      if (!secretName) return;
      // Only tests pass the value; a command link must not replace the user's token with its own.
      const secret = testMode && typeof value === 'string' ? value : await vscode.window.showInputBox({ title: vscode.l10n.t('Value of {0}', secretName), password: true, ignoreFocusOut: true, prompt: vscode.l10n.t('Kept in VS Code\'s secret storage, never in settings.') });
      if (secret === undefined) return;
      mcpSecrets.remember(MCP_SECRET_PREFIX + secretName, secret); // redacted from the log from now on
      await secrets.store(MCP_SECRET_PREFIX + secretName, secret);
      if (!(testMode && typeof value === 'string')) void vscode.window.showInformationMessage(vscode.l10n.t('MCP secret "{0}" saved in secret storage.', secretName));
    }),

    reg('geminiInteractions.resetToolApprovals', async () => {
      await approvals.resetAlwaysAllowed();
      void vscode.window.showInformationMessage(vscode.l10n.t('Gemini will ask again before running any workspace tool.'));
    }),
  ];
}
