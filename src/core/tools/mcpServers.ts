// The MCP servers a request uses: the user's own (user settings) and, after them, the ones this workspace's
// settings add, each only once the user allowed its URL for this workspace. VS Code replaces a list setting
// as a whole, so a workspace list would hide the user's: both lists are read (inspect()) and merged here.
import type { McpServer } from '../conversation/types';
import { readMcpServers, sameUrl } from './mcpConfig';

/** The two `mcpServers` lists: the user's, and the workspace's (absent in Restricted Mode or when unset). */
export interface McpSetting {
  user: unknown;
  workspace?: unknown;
}

/** What the user answered for a workspace server's URL in this workspace. */
export type McpDecision = 'allowed' | 'declined';

/** A server by name and URL, and whose settings define it. */
export interface McpServerRef {
  name: string;
  url: string;
  origin: 'user' | 'workspace';
}

export interface McpServers {
  /** What the request sends (header values resolved). */
  servers: McpServer[];
  /** The same servers by name, URL and origin (the panel header lists them). */
  active: McpServerRef[];
  /** Workspace servers left out because the user has not answered for their URL yet (asked before a request). */
  unanswered: McpServerRef[];
  /** Workspace servers left out because the user did not allow their URL. */
  declined: McpServerRef[];
  /** Sentences for the user (a server skipped, a secret missing, a token typed into settings). */
  problems: string[];
  /** The problems about a secret withheld from a workspace's server (also shown on the turn). */
  refusals: string[];
}

/** The key a decision is kept under: the URL as parsed (so spellings of one URL share an answer). */
export function mcpUrlKey(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

/**
 * The user's servers, then the workspace's. A workspace entry that repeats a user server (same name, in
 * any case, or same URL) is dropped: the user's entry wins. A workspace server is sent only when
 * `decision(url)` is 'allowed'; the others are returned as unanswered or declined. Secrets follow
 * readMcpServers: a workspace server gets one only where the user's own settings send it to that URL.
 */
export function effectiveMcpServers(setting: McpSetting, secret: (name: string) => string | undefined, decision: (url: string) => McpDecision | undefined): McpServers {
  const own = readMcpServers(setting.user, secret, { origin: 'user' });
  const out: McpServers = {
    servers: [...own.servers],
    active: own.servers.map((s) => ({ name: s.name, url: s.url, origin: 'user' as const })),
    unanswered: [], declined: [],
    problems: [...own.problems], refusals: [...own.refusals],
  };
  if (setting.workspace === undefined || setting.workspace === null) return out;
  const theirs = readMcpServers(notTheUsers(setting.workspace, setting.user), secret, { origin: 'workspace', userServers: setting.user });
  out.problems.push(...theirs.problems);
  out.refusals.push(...theirs.refusals);
  for (const s of theirs.servers) {
    const ref = { name: s.name, url: s.url, origin: 'workspace' as const };
    const d = decision(s.url);
    if (d === 'allowed') {
      out.servers.push(s);
      out.active.push(ref);
    } else {
      (d === 'declined' ? out.declined : out.unanswered).push(ref);
    }
  }
  return out;
}

/** The workspace's entries without those that repeat one of the user's servers (by name or URL). */
function notTheUsers(workspace: unknown, user: unknown): unknown {
  if (!Array.isArray(workspace) || !Array.isArray(user)) return workspace;
  const fields = (e: unknown) => {
    const o = (e && typeof e === 'object' ? e : {}) as { name?: unknown; url?: unknown };
    return { name: typeof o.name === 'string' ? o.name.toLowerCase() : undefined, url: typeof o.url === 'string' ? o.url : undefined };
  };
  const mine = user.map(fields);
  return workspace.filter((e) => {
    const { name, url } = fields(e);
    return !mine.some((m) => (name !== undefined && m.name === name) || (url !== undefined && m.url !== undefined && sameUrl(m.url, url)));
  });
}
