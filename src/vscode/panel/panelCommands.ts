// The panel's own commands and messages: the view loaded, New Chat, Stop, Retry, the header's model and tool
// controls, the buttons of error cards (Set API Key, Open Settings, Show Log, Manage Keys), links from model
// output, and the bytes of media shown by ref.
import * as vscode from 'vscode';
import { MANAGE_KEYS_URL } from '../../core/gemini/errors';
import { openModelLink } from '../../core/panel/links';
import type { Logger } from '../../core/conversation/types';
import { hostMessages } from '../l10n/coreStrings';
import { updateSetting } from '../settings/settings';
import type { ChatPanel } from './chatPanel';
import type { CommandHandlers, RequestHandlers } from './router';

export function registerPanelCommands(panel: ChatPanel, reveal: () => Promise<void>, showLog: () => void): vscode.Disposable[] {
  const reg = vscode.commands.registerCommand;
  return [
    reg('geminiInteractions.newChat', async () => {
      await reveal();
      await panel.newChat();
    }),
    reg('geminiInteractions.showLog', () => showLog()),
  ];
}

export function panelHandlers(panel: ChatPanel, log: Logger): Pick<CommandHandlers,
  'ready' | 'stop' | 'newChat' | 'retry' | 'runCommand' | 'openLink' | 'setModel' | 'setTool'> {
  return {
    ready: () => panel.ready(),
    stop: () => panel.stop(),
    newChat: () => panel.newChat(),
    retry: () => panel.retry(),
    runCommand: async (msg) => {
      if (msg.command === 'manageKeys') { await vscode.env.openExternal(vscode.Uri.parse(MANAGE_KEYS_URL)); return; }
      const id = {
        setApiKey: 'geminiInteractions.setApiKey', openSettings: 'workbench.action.openSettings', showLog: 'geminiInteractions.showLog',
        signInGoogleCloud: 'geminiInteractions.signInGoogleCloud', indexWorkspace: 'geminiInteractions.indexWorkspace', updateIndex: 'geminiInteractions.updateIndex',
      }[msg.command];
      await vscode.commands.executeCommand(id, ...(msg.command === 'openSettings' ? ['geminiInteractions'] : []));
    },
    openLink: async (msg) => {
      // Links from model output open only after a click, and only http(s) and mailto; mail always asks
      // first, and so does a link whose text names another address (src/core/panel/links.ts).
      const result = await openModelLink(String(msg.url), typeof msg.text === 'string' ? msg.text : undefined, {
        confirm: (message, detail, action) => Promise.resolve(vscode.window.showWarningMessage(message, { modal: true, detail }, action)),
        open: (url) => Promise.resolve(vscode.env.openExternal(vscode.Uri.parse(url, true))),
      }, hostMessages);
      if (result === 'refused') log.warn(`Not opening a link with a disallowed scheme: ${String(msg.url).slice(0, 80)}`);
    },
    setModel: async (msg) => {
      if (typeof msg.model === 'string' && msg.model.trim()) await updateSetting('model', msg.model.trim());
    },
    setTool: async (msg) => {
      if (['codeExecution', 'urlContext', 'googleSearch', 'googleMaps', 'fileSearch'].includes(msg.tool)) await updateSetting(`tools.${msg.tool}`, !!msg.enabled);
    },
  };
}

export function panelRequests(panel: ChatPanel): Pick<RequestHandlers, 'loadMedia'> {
  return { loadMedia: (r) => panel.loadMedia(r.ref) };
}
