// The one builder of the buttons that offer a way out of a problem (Set API Key, Open Settings, Manage
// API Keys, Retry, Show Log): a failed answer's error card, the error banner and the empty view use it,
// so a label, icon or command is fixed in one place.
import type { WebviewToHost } from '../../core/panel/protocol';
import type { UiKey } from '../../core/l10n/ui/en';
import { button } from './dom';
import { post } from './host';
import { t } from './i18n';

/** The host commands these buttons run. */
type HostCommand = Extract<WebviewToHost, { type: 'runCommand' }>['command'];

export type Action = HostCommand | 'retry';

const ACTIONS: Record<Action, { label: UiKey; className: string; icon: string; iconOnly?: boolean }> = {
  retry: { label: 'action.retry', className: 'retry', icon: 'codicon-refresh' },
  setApiKey: { label: 'action.setApiKey', className: 'set-key', icon: 'codicon-key' },
  manageKeys: { label: 'action.manageKeys', className: 'manage-keys', icon: 'codicon-link-external' },
  openSettings: { label: 'action.openSettings', className: 'open-settings', icon: 'codicon-settings-gear' },
  signInGoogleCloud: { label: 'action.signInGoogleCloud', className: 'sign-in-google-cloud', icon: 'codicon-cloud' },
  // Icon only, beside the actions that fix the problem: its label is the tooltip and accessible name.
  showLog: { label: 'action.showLog', className: 'show-log', icon: 'codicon-output', iconOnly: true },
  indexWorkspace: { label: 'action.indexWorkspace', className: 'index-workspace', icon: 'codicon-database' },
  updateIndex: { label: 'action.updateIndex', className: 'update-index', icon: 'codicon-sync' },
};

export interface ActionButtonOptions {
  /** The button's class instead of the action's usual one (the error banner's buttons are classed by command). */
  className?: string;
  /** What a click does instead (the error card's Retry checks first that its answer is the last). */
  onClick?: (b: HTMLButtonElement) => void;
}

/** A button for `action`; by default a click asks the host to retry, or to run the command of that name. */
export function actionButton(action: Action, options: ActionButtonOptions = {}): HTMLButtonElement {
  const a = ACTIONS[action];
  const b = button(t(a.label), options.className ?? a.className, a.icon, !a.iconOnly);
  const { onClick } = options;
  b.addEventListener('click', onClick ? () => onClick(b) : () => post(action === 'retry' ? { type: 'retry' } : { type: 'runCommand', command: action }));
  return b;
}
