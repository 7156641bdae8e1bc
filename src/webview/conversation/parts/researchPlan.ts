// Under a Deep Research plan: the Start research button and the hint to revise it instead.
import { button, el } from '../../shared/dom';
import { post } from '../../shared/host';
import { t as tr } from '../../shared/i18n';

/** Under a Deep Research plan: Start research, or reply in the message box to revise the plan. */
export function researchPlanView(): HTMLElement {
  const box = el('div', 'research-plan');
  box.setAttribute('role', 'group');
  box.setAttribute('aria-label', PLAN_TEXT.label);
  const hint = el('span', 'research-plan-hint');
  hint.textContent = PLAN_TEXT.hint;
  const start = button(PLAN_TEXT.start, 'start-research', 'codicon-play', true);
  start.addEventListener('click', () => post({ type: 'startPlannedResearch' }));
  box.append(start, hint);
  return box;
}

const PLAN_TEXT = {
  get label() { return tr('plan.label'); },
  get start() { return tr('plan.start'); },
  get hint() { return tr('plan.hint'); },
};
