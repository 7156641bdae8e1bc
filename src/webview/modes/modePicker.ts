// The composer's mode control (Ask, Plan, Agent): a radio group, as the ARIA pattern has it. Tab reaches the
// checked mode, the arrow keys (and Home, End) move to another and choose it, each radio is announced with its
// name, its state and what the mode lets Gemini do. The host remembers the choice per workspace and sends it
// back in the view state.
import { CHAT_MODES, DEFAULT_CHAT_MODE, type ChatMode } from '../../core/modes/chatModes';
import type { ViewState } from '../../core/panel/protocol';
import { el } from '../shared/dom';
import { t } from '../shared/i18n';

const ICONS: Record<ChatMode, string> = { ask: 'codicon-comment-discussion', plan: 'codicon-checklist', agent: 'codicon-tools' };
const NAME_KEYS = { ask: 'mode.ask', plan: 'mode.plan', agent: 'mode.agent' } as const;
const TITLE_KEYS = { ask: 'mode.askTitle', plan: 'mode.planTitle', agent: 'mode.agentTitle' } as const;

/** The tool families the settings allow (view state); both, until the host says otherwise. */
type ModeTools = NonNullable<ViewState['modeTools']>;
const ALL_TOOLS: ModeTools = { read: true, edit: true };

/** The mode's name in the display language (the control, the label on a turn). */
export function modeName(mode: ChatMode): string {
  return t(NAME_KEYS[mode]);
}

export function modeIcon(mode: ChatMode): string {
  return ICONS[mode];
}

export class ModePicker {
  readonly element: HTMLElement;
  private readonly radios = new Map<ChatMode, HTMLElement>();
  private readonly descriptions = new Map<ChatMode, HTMLElement>();
  private mode: ChatMode = DEFAULT_CHAT_MODE;

  constructor(private readonly choose: (mode: ChatMode) => void) {
    this.element = el('div', 'mode-picker');
    this.element.setAttribute('role', 'radiogroup');
    this.element.setAttribute('aria-label', t('mode.label'));
    for (const mode of CHAT_MODES) {
      const radio = el('div', `mode-option ${mode}`);
      radio.setAttribute('role', 'radio');
      radio.dataset.mode = mode;
      // Named by the mode alone; what the mode lets Gemini do is its description, read after the name.
      radio.setAttribute('aria-label', modeName(mode));
      const description = el('span', 'sr-only');
      description.id = `mode-description-${mode}`;
      radio.setAttribute('aria-describedby', description.id);
      this.descriptions.set(mode, description);
      const icon = el('span', `codicon ${ICONS[mode]}`);
      icon.setAttribute('aria-hidden', 'true');
      const name = el('span', 'mode-name');
      name.textContent = modeName(mode);
      radio.append(icon, name, description);
      radio.addEventListener('click', () => this.pick(mode, true));
      radio.addEventListener('keydown', (e) => this.onKey(e, mode));
      this.radios.set(mode, radio);
      this.element.append(radio);
    }
    this.describe(ALL_TOOLS);
    this.show(this.mode);
  }

  /**
   * The host's mode (view state), and the tool families the settings allow: a mode that would declare one they
   * turn off says so in its tooltip and description (the mode never adds it).
   */
  update(mode: ChatMode | undefined, tools: ModeTools = ALL_TOOLS): void {
    this.describe(tools);
    this.show(mode ?? DEFAULT_CHAT_MODE);
  }

  /** Each mode's tooltip and description: what it lets Gemini do, and which of its tools the settings keep off. */
  private describe(tools: ModeTools): void {
    for (const m of CHAT_MODES) {
      const off = m === 'ask' ? undefined : !tools.read ? t('mode.noWorkspaceTools') : m === 'agent' && !tools.edit ? t('mode.noEditTools') : undefined;
      const text = off ? `${t(TITLE_KEYS[m])} ${off}` : t(TITLE_KEYS[m]);
      const radio = this.radios.get(m)!;
      radio.title = text;
      radio.classList.toggle('limited', !!off);
      this.descriptions.get(m)!.textContent = text;
    }
  }

  private onKey(e: KeyboardEvent, from: ChatMode): void {
    const i = CHAT_MODES.indexOf(from);
    const n = CHAT_MODES.length;
    const to = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? CHAT_MODES[(i + 1) % n]
      : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? CHAT_MODES[(i - 1 + n) % n]
        : e.key === 'Home' ? CHAT_MODES[0]
          : e.key === 'End' ? CHAT_MODES[n - 1]
            : e.key === ' ' || e.key === 'Enter' ? from : undefined;
    if (!to) return;
    e.preventDefault();
    this.pick(to, true);
  }

  private pick(mode: ChatMode, focus: boolean): void {
    const changed = mode !== this.mode;
    this.show(mode);
    if (focus) this.radios.get(mode)?.focus();
    if (changed) this.choose(mode);
  }

  /** Checked radio and roving tab stop: only the checked mode is in the Tab order. */
  private show(mode: ChatMode): void {
    this.mode = mode;
    for (const [m, radio] of this.radios) {
      radio.setAttribute('aria-checked', String(m === mode));
      radio.tabIndex = m === mode ? 0 : -1;
      radio.classList.toggle('checked', m === mode);
    }
  }
}
