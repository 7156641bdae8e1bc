// Small DOM helpers. Everything from the model goes in through textContent or the sanitiser, never innerHTML.

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  return e;
}

/** A button with a codicon; `withText` also shows the label (otherwise it is the accessible name and tooltip). */
export function button(label: string, name: string, icon: string, withText = false): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = `button ${name}`;
  b.setAttribute('aria-label', label);
  b.title = label;
  const i = el('span', `codicon ${icon}`);
  i.setAttribute('aria-hidden', 'true');
  b.append(i);
  if (withText) {
    const t = el('span');
    t.textContent = label;
    b.append(t);
  }
  return b;
}
