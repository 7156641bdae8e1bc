// The values of the stored MCP secrets, kept in memory for redaction (the log and stored error text must
// never show one). Loaded from secret storage at activation and kept current when one is set or deleted.
import * as vscode from 'vscode';

export const MCP_SECRET_PREFIX = 'geminiInteractions.mcpSecret.';

export class KnownMcpSecrets implements vscode.Disposable {
  private readonly values = new Map<string, string>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key.startsWith(MCP_SECRET_PREFIX)) void this.reload(e.key);
    });
  }

  /** Reads every stored MCP secret once (names are not known in advance: any `${secret:NAME}` may be stored). */
  async load(): Promise<void> {
    const keys = await this.secrets.keys();
    await Promise.all(keys.filter((k) => k.startsWith(MCP_SECRET_PREFIX)).map((k) => this.reload(k)));
  }

  /** Records a value the moment it is stored (before onDidChange arrives). */
  remember(key: string, value: string): void {
    this.values.set(key, value);
  }

  all(): string[] {
    return [...this.values.values()];
  }

  private async reload(key: string): Promise<void> {
    const v = await this.secrets.get(key);
    if (v) this.values.set(key, v);
    else this.values.delete(key);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
