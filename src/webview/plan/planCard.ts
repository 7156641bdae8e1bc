// The card under a Plan mode answer: its checklist (read from the answer by src/core/modes/planChecklist.ts) as
// editable steps, each with a labelled text field, a done box and Remove; Add step; and Carry out this plan, which
// asks the host to switch to Agent and send the checklist as edited. Edits are kept per turn in the webview's UI
// state, so a redraw of the turn, or the view hidden and shown again, keeps them.
import type { ModelTurn } from '../../core/conversation/types';
import { answerText } from '../../core/conversation/transcript';
import { parsePlanChecklist, type PlanItem } from '../../core/modes/planChecklist';
import { button, el } from '../shared/dom';
import { post, saveUiState, uiState } from '../shared/host';
import { t } from '../shared/i18n';

/** The checklist of each plan as the user edited it, by turn id (the most recently edited last). */
const drafts = new Map<string, PlanItem[]>(Object.entries(uiState().planDrafts ?? {}));
/** Edited plans kept in the UI state: the latest ones (the state is saved whole on every change). */
const MAX_SAVED_DRAFTS = 20;

/** An edit of a plan's checklist: kept, and saved with the view's UI state. */
function edited(turnId: string, items: PlanItem[]): void {
  drafts.delete(turnId);
  drafts.set(turnId, items);
  const saved = [...drafts].slice(-MAX_SAVED_DRAFTS);
  saveUiState({ planDrafts: Object.fromEntries(saved) });
}

/** The card for a finished Plan turn whose answer ends with a checklist; undefined for any other turn. */
export function planCard(turn: ModelTurn): HTMLElement | undefined {
  if (turn.mode !== 'plan' || turn.state !== 'done') return undefined;
  const items = drafts.get(turn.id) ?? parsePlanChecklist(answerText(turn));
  if (!items) return undefined;
  drafts.set(turn.id, items);
  const card = el('section', 'plan-card');
  const headingId = `plan-card-${turn.id}`;
  card.setAttribute('aria-labelledby', headingId);
  const heading = el('h3');
  heading.id = headingId;
  const icon = el('span', 'codicon codicon-checklist');
  icon.setAttribute('aria-hidden', 'true');
  const title = el('span');
  title.textContent = t('planCard.label');
  heading.append(icon, title);
  const list = el('ol', 'plan-items');
  const add = button(t('planCard.add'), 'plan-add', 'codicon-add', true);
  const carry = button(t('planCard.carryOut'), 'plan-carry-out', 'codicon-play', true);
  const hint = el('span', 'plan-hint');
  hint.id = `${headingId}-hint`;
  hint.textContent = t('planCard.hint');
  carry.setAttribute('aria-describedby', hint.id);

  const render = (focusAt?: number) => {
    list.replaceChildren(...items.map((item, i) => stepRow(item, i)));
    carry.disabled = !items.some((i) => i.text.trim());
    if (focusAt === undefined) return;
    const inputs = list.querySelectorAll<HTMLInputElement>('.plan-item-text');
    (inputs[Math.min(focusAt, inputs.length - 1)] ?? add).focus();
  };
  const stepRow = (item: PlanItem, i: number): HTMLElement => {
    const row = el('li', 'plan-item');
    const done = document.createElement('input');
    done.type = 'checkbox';
    done.className = 'plan-item-done';
    done.checked = item.done;
    done.setAttribute('aria-label', t('planCard.stepDone', i + 1));
    done.addEventListener('change', () => {
      item.done = done.checked;
      edited(turn.id, items);
    });
    const text = document.createElement('input');
    text.type = 'text';
    text.className = 'plan-item-text';
    text.value = item.text;
    text.setAttribute('aria-label', t('planCard.step', i + 1));
    text.addEventListener('input', () => {
      item.text = text.value;
      carry.disabled = !items.some((x) => x.text.trim());
      edited(turn.id, items);
    });
    // Enter in a step adds the next one, as in a list editor.
    text.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter' || e.isComposing) return;
      e.preventDefault();
      items.splice(i + 1, 0, { text: '', done: false });
      edited(turn.id, items);
      render(i + 1);
    });
    const remove = button(t('planCard.remove', i + 1), 'plan-remove', 'codicon-trash');
    remove.addEventListener('click', () => {
      items.splice(i, 1);
      edited(turn.id, items);
      render(i);
    });
    row.append(done, text, remove);
    return row;
  };
  add.addEventListener('click', () => {
    items.push({ text: '', done: false });
    edited(turn.id, items);
    render(items.length - 1);
  });
  carry.addEventListener('click', () => {
    const steps = items.map((i) => ({ text: i.text.trim(), done: i.done })).filter((i) => i.text);
    if (steps.length) post({ type: 'carryOutPlan', turnId: turn.id, items: steps });
  });
  render();
  const actions = el('div', 'plan-actions');
  actions.append(add, carry, hint);
  card.append(heading, list, actions);
  return card;
}
