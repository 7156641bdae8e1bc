// The `geminiInteractions.mcpServers` setting: validated, with header values that reference secrets
// (`${secret:NAME}`, stored with "Gemini: Set MCP Secret") resolved. Tokens never live in settings.
import type { McpServer } from '../conversation/types';

const SECRET_REF = /\$\{secret:([A-Za-z0-9_.-]+)\}/g;

// User-visible sentences, in one place (to be routed through vscode.l10n.t later).
const MESSAGES = {
  notAList: 'geminiInteractions.mcpServers must be a list of {name, url, headers?, allowedTools?}.',
  skippedInvalid: (label: string) => `MCP server ${label} was skipped: it needs a name and an http(s) url.`,
  plainToken: (label: string, header: string) => `MCP server ${label}: the ${header} header is written in plain settings. Store the token with "Gemini: Set MCP Secret" and write \${secret:NAME} instead.`,
  secretRefused: (label: string, names: string) => `MCP server ${label} was skipped: it is defined in this workspace's settings, and your secret ${names} is sent only to MCP servers in your own user settings. Add the server to your user settings to use it.`,
  secretMissing: (label: string, name: string) => `MCP server ${label} was skipped: the secret "${name}" is not set. Run "Gemini: Set MCP Secret".`,
};

/**
 * Which settings a list of `mcpServers` comes from: the user's own (user/global settings) or the workspace's
 * (`.vscode/settings.json`). Both are read and merged (src/core/tools/mcpServers.ts).
 */
export interface McpSource {
  origin: 'user' | 'workspace';
  /** The user's own list (globalValue), to recognise a workspace entry that repeats one of the user's. */
  userServers?: unknown;
}

export interface McpConfig {
  servers: McpServer[];
  /** Sentences for the user (a server skipped, a secret missing, a token typed into settings). */
  problems: string[];
  /** The problems about a secret withheld from a workspace's server (also shown on the turn). */
  refusals: string[];
}

/** Names of every secret the setting references (to load them before a request). */
export function referencedSecrets(raw: unknown): string[] {
  const names = new Set<string>();
  if (!Array.isArray(raw)) return [];
  for (const s of raw) {
    const headers = (s as { headers?: unknown })?.headers;
    if (headers && typeof headers === 'object') {
      for (const v of Object.values(headers)) if (typeof v === 'string') for (const m of v.matchAll(SECRET_REF)) names.add(m[1]);
    }
  }
  return [...names];
}

/**
 * Whether the user's secret NAME may be filled into a header of a server at URL. Secrets are the user's:
 * they go only to servers the user's own settings name. A workspace-defined server (a cloned repository
 * can define any URL) gets a secret only when the user's own settings already send that same secret to
 * that same URL, so nothing new leaves.
 */
export function maySendSecret(source: McpSource, url: string, name: string): boolean {
  if (source.origin === 'user') return true;
  if (!Array.isArray(source.userServers)) return false;
  return source.userServers.some((s) => {
    const e = s as { url?: unknown; headers?: unknown };
    return typeof e?.url === 'string' && sameUrl(e.url, url) && referencedSecrets([e]).includes(name);
  });
}

/** Whether two URLs name the same server (parsed, so `HTTPS://X/` and `https://x/` agree). */
export function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return false;
  }
}

export function readMcpServers(raw: unknown, secret: (name: string) => string | undefined, source: McpSource): McpConfig {
  const servers: McpServer[] = [];
  const problems: string[] = [];
  const refusals: string[] = [];
  if (raw === undefined || raw === null) return { servers, problems, refusals };
  if (!Array.isArray(raw)) return { servers, problems: [MESSAGES.notAList], refusals };
  raw.forEach((entry, i) => {
    const e = entry as Record<string, unknown>;
    const label = typeof e?.name === 'string' && e.name ? `"${e.name}"` : `#${i + 1}`;
    if (!e || typeof e !== 'object' || typeof e.name !== 'string' || !e.name || typeof e.url !== 'string' || !/^https?:\/\//.test(e.url)) {
      problems.push(MESSAGES.skippedInvalid(label));
      return;
    }
    const headers: Record<string, string> = {};
    let missing: string | undefined;
    const refused = new Set<string>();
    if (e.headers && typeof e.headers === 'object') {
      for (const [k, v] of Object.entries(e.headers as Record<string, unknown>)) {
        if (typeof v !== 'string') continue;
        if (/^authorization$/i.test(k) && !SECRET_REF.test(v)) {
          problems.push(MESSAGES.plainToken(label, k));
        }
        SECRET_REF.lastIndex = 0;
        headers[k] = v.replace(SECRET_REF, (_m, name: string) => {
          if (!maySendSecret(source, e.url as string, name)) {
            refused.add(name);
            return '';
          }
          const value = secret(name);
          if (value === undefined) missing = name;
          return value ?? '';
        });
      }
    }
    if (refused.size) {
      const m = MESSAGES.secretRefused(label, [...refused].map((n) => `"${n}"`).join(', '));
      problems.push(m);
      refusals.push(m);
      return;
    }
    if (missing) {
      problems.push(MESSAGES.secretMissing(label, missing));
      return;
    }
    const allowed = Array.isArray(e.allowedTools) ? e.allowedTools.filter((t): t is string => typeof t === 'string') : [];
    servers.push({ name: e.name, url: e.url, ...(Object.keys(headers).length ? { headers } : {}), ...(allowed.length ? { allowedTools: allowed } : {}) });
  });
  return { servers, problems, refusals };
}
