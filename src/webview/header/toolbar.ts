// The panel header: the conversation list button, the model picker and the built-in tool toggles.
// Changes go to the host, which writes the settings; the next `state` message confirms them.
import type { PanelTool, ViewState } from '../../core/panel/protocol';
import { button, el } from '../shared/dom';
import { post } from '../shared/host';
import { t as tr } from '../shared/i18n';
import type { UiKey } from '../../core/l10n/ui/en';
import type { CatalogueEntry } from '../../core/models/catalogue';
import { modelFact } from '../../core/models/modelFacts';

type ModelChoice = Pick<CatalogueEntry, 'id' | 'displayName' | 'group'> & Partial<Pick<CatalogueEntry, 'tools' | 'images' | 'thinking'>>;

/**
 * "Gemini 3.8 Flash · tools, images, thinking": the marks are words, so a screen reader reads them too. A routed id
 * (modelFacts.ts) says which model answers it: "Gemini 3.7 Flash → answered by Gemini 3.8 Flash".
 */
function optionLabel(c: ModelChoice): string {
  const marks = [c.tools && tr('toolbar.markTools'), c.images && tr('toolbar.markImages'), c.thinking && tr('toolbar.markThinking')].filter(Boolean);
  const routedTo = modelFact(c.id)?.routedTo;
  const name = routedTo ? tr('toolbar.routed', c.displayName === c.id ? displayName(c.id) : c.displayName, displayName(routedTo)) : c.displayName;
  return marks.length ? `${name} · ${marks.join(', ')}` : name;
}

const displayName = (id: string) => modelFact(id)?.displayName ?? id;

const TOOLS: { tool: PanelTool; label: UiKey; icon: string }[] = [
  { tool: 'codeExecution', label: 'tool.codeExecution', icon: 'codicon-terminal' },
  { tool: 'urlContext', label: 'tool.urlContext', icon: 'codicon-link' },
  { tool: 'googleSearch', label: 'tool.googleSearch', icon: 'codicon-search' },
  { tool: 'googleMaps', label: 'tool.googleMaps', icon: 'codicon-location' },
  { tool: 'fileSearch', label: 'tool.fileSearch', icon: 'codicon-library' },
];

export class Toolbar {
  readonly element: HTMLElement;
  readonly historyButton: HTMLButtonElement;
  private readonly model: HTMLSelectElement;
  private readonly toggles = new Map<PanelTool, HTMLButtonElement>();
  private listed = false;

  constructor(onHistory: () => void) {
    this.element = el('div', 'toolbar');
    this.element.setAttribute('role', 'toolbar');
    this.element.setAttribute('aria-label', tr('toolbar.label'));
    this.historyButton = button(tr('toolbar.conversations'), 'history-button', 'codicon-history');
    this.historyButton.setAttribute('aria-expanded', 'false');
    this.historyButton.addEventListener('click', onHistory);

    this.model = el('select', 'model-picker');
    this.model.setAttribute('aria-label', tr('toolbar.model'));
    this.model.title = tr('toolbar.modelTitle', 'geminiInteractions.model');
    // Busy until the host's state confirms the new setting (the next turn uses it from then on).
    // Opening the picker asks for the key's model list once (the host caches it a day).
    const wantList = () => { if (!this.listed) { this.listed = true; post({ type: 'listModels' }); } };
    this.model.addEventListener('focus', wantList);
    this.model.addEventListener('pointerdown', wantList);
    this.model.addEventListener('change', () => {
      this.model.setAttribute('aria-busy', 'true');
      post({ type: 'setModel', model: this.model.value });
    });

    const tools = el('div', 'tool-toggles');
    for (const t of TOOLS) {
      const b = button(tr(t.label), `tool-toggle ${t.tool}`, t.icon);
      b.setAttribute('aria-pressed', 'false');
      b.addEventListener('click', () => {
        const enabled = b.getAttribute('aria-pressed') !== 'true';
        b.setAttribute('aria-busy', 'true'); // aria-pressed changes when the host's state confirms it
        post({ type: 'setTool', tool: t.tool, enabled });
      });
      this.toggles.set(t.tool, b);
      tools.append(b);
    }
    this.element.append(this.historyButton, this.model, tools);
  }

  update(state: ViewState): void {
    const models = state.models?.length ? state.models : [state.model];
    // With the key's model list: display names, capability marks, and the other models the key can use.
    const choices: ModelChoice[] = state.modelChoices?.length ? state.modelChoices
      : models.map((id) => ({ id, displayName: id, group: 'configured' }));
    const sig = JSON.stringify(choices);
    if (this.model.dataset.sig !== sig) {
      this.model.dataset.sig = sig;
      const option = (c: ModelChoice) => {
        const o = el('option');
        o.value = c.id;
        o.textContent = optionLabel(c);
        o.title = c.id;
        return o;
      };
      const mine = choices.filter((c) => c.group === 'configured');
      const more = choices.filter((c) => c.group === 'api');
      if (!more.length) this.model.replaceChildren(...mine.map(option));
      else {
        const group = (label: string, items: ModelChoice[]) => {
          const g = el('optgroup');
          g.label = label;
          g.append(...items.map(option));
          return g;
        };
        this.model.replaceChildren(group(tr('toolbar.groupConfigured'), mine), group(tr('toolbar.groupApi'), more));
      }
    }
    this.model.value = state.model;
    this.model.removeAttribute('aria-busy');
    for (const t of TOOLS) {
      const on = !!state.tools?.[t.tool];
      const b = this.toggles.get(t.tool)!;
      // File Search needs a store (geminiInteractions.tools.fileSearchStores): no toggle without one.
      b.hidden = state.tools?.[t.tool] === undefined && t.tool === 'fileSearch';
      b.setAttribute('aria-pressed', String(on));
      b.removeAttribute('aria-busy');
      b.title = tr(on ? 'toolbar.toolOn' : 'toolbar.toolOff', tr(t.label), `geminiInteractions.tools.${t.tool}`);
    }
  }

  setHistoryOpen(open: boolean): void {
    this.historyButton.setAttribute('aria-expanded', String(open));
  }
}
