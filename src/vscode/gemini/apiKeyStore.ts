// The Gemini API key: stored in VS Code's SecretStorage, with GEMINI_API_KEY as the fallback; says where the
// key in use comes from and when it changes.
import * as vscode from 'vscode';

const SECRET_KEY = 'geminiInteractions.apiKey';

export type KeySource = 'secretStorage' | 'environment' | 'none';

/** The API key lives in SecretStorage; GEMINI_API_KEY is the fallback for development and demos. */
export class ApiKeyStore {
  private cached: string | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly secrets: vscode.SecretStorage) {
    secrets.onDidChange((e) => {
      if (e.key === SECRET_KEY) {
        this.cached = undefined;
        this.changed.fire();
      }
    });
  }

  async get(): Promise<{ key: string; source: KeySource } | undefined> {
    this.cached ??= (await this.secrets.get(SECRET_KEY)) ?? '';
    if (this.cached) return { key: this.cached, source: 'secretStorage' };
    const env = process.env.GEMINI_API_KEY?.trim();
    return env ? { key: env, source: 'environment' } : undefined;
  }

  /** Known secrets, for log redaction (synchronous: the last values seen). */
  known(): (string | undefined)[] {
    return [this.cached, process.env.GEMINI_API_KEY];
  }

  async set(key: string): Promise<void> {
    this.cached = key;
    await this.secrets.store(SECRET_KEY, key);
    this.changed.fire();
  }

  async clear(): Promise<void> {
    this.cached = '';
    await this.secrets.delete(SECRET_KEY);
    this.changed.fire();
  }
}
