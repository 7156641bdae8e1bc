// A failed answer's error card, with the actions that can fix it.
import type { TurnError } from '../../../core/conversation/types';
import { el } from '../../shared/dom';
import { post } from '../../shared/host';
import { actionButton } from '../../shared/actionButton';

/** An error as a card with what the user can do: Retry (on the last turn), Set API Key, Open Settings. */
export function errorCard(error: TurnError, isLast: () => boolean): HTMLElement {
  // Not an alert of its own: the view's live region announces the failure once (main.ts).
  const err = el('div', 'turn-error');
  const icon = el('span', 'codicon codicon-error');
  icon.setAttribute('aria-hidden', 'true');
  const text = el('span', 'error-text');
  text.textContent = error.code ? `${error.message} (${error.code})` : error.message;
  err.append(icon, text);
  const actions = el('span', 'error-actions');
  if (error.action === 'retry' || (!error.action && error.code !== '400' && error.code !== '403')) {
    // Only the last answer can be retried (later turns were built on it): styles.css hides the others.
    actions.append(actionButton('retry', {
      onClick: (b) => {
        if (!isLast() || b.getAttribute('aria-disabled') === 'true') return;
        // aria-disabled, not disabled: a disabled button drops the keyboard focus to <body>. The card is
        // replaced by the new attempt in a moment, and focus then moves to the message box (main.ts).
        b.setAttribute('aria-disabled', 'true');
        post({ type: 'retry' });
      },
    }));
  }
  if (error.action === 'setApiKey') actions.append(actionButton('setApiKey'));
  if (error.action === 'signInGoogleCloud') actions.append(actionButton('signInGoogleCloud'));
  if (error.manageKeys) actions.append(actionButton('manageKeys'));
  if (error.action === 'openSettings' || error.code === '400' || error.code === '404') actions.append(actionButton('openSettings'));
  actions.append(actionButton('showLog'));
  err.append(actions);
  return err;
}
