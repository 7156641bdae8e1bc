// The `geminiInteractions.mcpServers` setting: validated, with header values that reference secrets
// (`${secret:NAME}`, stored with "Gemini: Set MCP Secret") resolved. Tokens never live in settings.
import type { McpServer } from './model';

const SECRET_REF = /\$\{secret:([A-Za-z0-9_.-]+)\}/g;

export interface McpConfig {
  servers: McpServer[];
  /** Sentences for the user (a server skipped, a secret missing, a token typed into settings). */
  problems: string[];
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

export function readMcpServers(raw: unknown, secret: (name: string) => string | undefined): McpConfig {
  const servers: McpServer[] = [];
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { servers, problems };
  if (!Array.isArray(raw)) return { servers, problems: ['geminiInteractions.mcpServers must be a list of {name, url, headers?, allowedTools?}.'] };
  raw.forEach((entry, i) => {
    const e = entry as Record<string, unknown>;
    const label = typeof e?.name === 'string' && e.name ? `"${e.name}"` : `#${i + 1}`;
    if (!e || typeof e !== 'object' || typeof e.name !== 'string' || !e.name || typeof e.url !== 'string' || !/^https?:\/\//.test(e.url)) {
      problems.push(`MCP server ${label} was skipped: it needs a name and an http(s) url.`);
      return;
    }
    const headers: Record<string, string> = {};
    let missing: string | undefined;
    if (e.headers && typeof e.headers === 'object') {
      for (const [k, v] of Object.entries(e.headers as Record<string, unknown>)) {
        if (typeof v !== 'string') continue;
        if (/^authorization$/i.test(k) && !SECRET_REF.test(v)) {
          problems.push(`MCP server ${label}: the ${k} header is written in plain settings. Store the token with "Gemini: Set MCP Secret" and write \${secret:NAME} instead.`);
        }
        SECRET_REF.lastIndex = 0;
        headers[k] = v.replace(SECRET_REF, (_m, name: string) => {
          const value = secret(name);
          if (value === undefined) missing = name;
          return value ?? '';
        });
      }
    }
    if (missing) {
      problems.push(`MCP server ${label} was skipped: the secret "${missing}" is not set. Run "Gemini: Set MCP Secret".`);
      return;
    }
    const allowed = Array.isArray(e.allowedTools) ? e.allowedTools.filter((t): t is string => typeof t === 'string') : [];
    servers.push({ name: e.name, url: e.url, ...(Object.keys(headers).length ? { headers } : {}), ...(allowed.length ? { allowedTools: allowed } : {}) });
  });
  return { servers, problems };
}
