// The line under the panel header that names the MCP servers sent with every request: the user's, then the
// ones this workspace's settings add that the user allowed (marked as the workspace's), and those it adds that
// are not used. Each server is a button (its URL in its name and tooltip) that asks the host to open its
// settings or the list of the workspace's servers. (In an untrusted workspace VS Code does not read the
// workspace's list at all: only the user's servers are listed, and used.)
import type { McpInfo } from '../../core/panel/protocol';
import type { McpServerRef } from '../../core/tools/mcpServers';
import { el } from '../shared/dom';
import { post } from '../shared/host';
import { t } from '../shared/i18n';

export class McpLine {
  readonly element: HTMLElement;
  private shown = '';

  constructor() {
    this.element = el('div', 'mcp-line');
    this.element.setAttribute('role', 'group');
    this.element.setAttribute('aria-label', t('mcp.label'));
    this.element.hidden = true;
  }

  update(info: McpInfo | undefined): void {
    const key = JSON.stringify(info ?? null);
    if (key === this.shown) return; // keeps the focus on a button across state messages
    this.shown = key;
    this.element.replaceChildren();
    const servers = info?.servers ?? [];
    const notUsed = info?.notUsed ?? [];
    this.element.hidden = !servers.length && !notUsed.length;
    if (this.element.hidden) return;
    const icon = el('span', 'codicon codicon-mcp');
    icon.setAttribute('aria-hidden', 'true');
    this.element.append(icon);
    if (servers.length) {
      this.element.append(this.prefix(t('mcp.prefix')));
      this.list(servers, false);
    }
    if (notUsed.length) {
      if (servers.length) this.element.append(document.createTextNode(' · '));
      this.element.append(this.prefix(t('mcp.notUsedPrefix')));
      this.list(notUsed, true);
    }
  }

  private prefix(text: string): HTMLElement {
    const p = el('span', 'mcp-prefix');
    p.textContent = text;
    return p;
  }

  private list(servers: McpServerRef[], off: boolean): void {
    servers.forEach((s, i) => {
      const b = el('button', off ? 'mcp-server mcp-off' : 'mcp-server');
      b.type = 'button';
      b.dataset.origin = s.origin;
      b.textContent = s.name;
      const name = off ? t('mcp.notUsed', s.name, s.url) : s.origin === 'workspace' ? t('mcp.workspace', s.name, s.url) : t('mcp.user', s.name, s.url);
      b.title = name;
      b.setAttribute('aria-label', name);
      b.addEventListener('click', () => post({ type: 'openMcpServers', origin: s.origin }));
      if (i > 0) this.element.append(document.createTextNode(', '));
      this.element.append(b);
      // A server the workspace adds is marked as such where it is used.
      if (s.origin === 'workspace' && !off) {
        const mark = el('span', 'mcp-origin');
        mark.textContent = t('mcp.workspaceMark');
        this.element.append(mark);
      }
    });
  }
}
