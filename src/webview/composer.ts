// The message box: Enter sends, Shift+Enter adds a line, Up recalls the last message; Send and Stop.
import { button, el } from './dom';
import { saveUiState, uiState } from './host';

export class Composer {
  readonly element: HTMLFormElement;
  readonly input: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private lastSent = '';
  private busy = false;

  constructor(private readonly handlers: { send(text: string): void; stop(): void }) {
    this.element = el('form', 'composer');
    this.input = document.createElement('textarea');
    this.input.className = 'input';
    this.input.rows = 3;
    this.input.placeholder = 'Ask Gemini… (Enter to send, Shift+Enter for a new line)';
    this.input.setAttribute('aria-label', 'Message Gemini');
    const buttons = el('div', 'buttons');
    this.sendButton = button('Send', 'send', 'codicon-send');
    this.sendButton.type = 'submit';
    this.stopButton = button('Stop', 'stop', 'codicon-debug-stop');
    this.stopButton.hidden = true;
    buttons.append(this.stopButton, this.sendButton);
    this.element.append(this.input, buttons);

    this.input.value = uiState().draft;
    this.input.addEventListener('input', () => saveUiState({ draft: this.input.value }));
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.submit();
      } else if (e.key === 'ArrowUp' && this.input.value === '' && this.lastSent) {
        e.preventDefault();
        this.input.value = this.lastSent;
      }
    });
    this.element.addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit();
    });
    this.stopButton.addEventListener('click', () => this.handlers.stop());
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    this.stopButton.hidden = !busy;
    this.sendButton.disabled = busy;
  }

  focus(): void {
    this.input.focus();
  }

  private submit(): void {
    const text = this.input.value;
    if (!text.trim() || this.busy) return;
    this.lastSent = text;
    this.input.value = '';
    saveUiState({ draft: '' });
    this.handlers.send(text);
  }
}
