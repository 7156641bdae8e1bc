// Explorer helpers for the attachment tests: select rows (Ctrl+click for more) and run Ask About File
// from the context menu, answering its question box.
import type { Workbench } from './workbench';
import { waitUntil } from './workbench';

export function explorerRow(wb: Workbench, name: string) {
  return wb.page.locator('.explorer-folders-view').getByRole('treeitem', { name, exact: true });
}

/** Right-click → Ask About File… → (optional) type the question → Enter. Retries a menu click that did not take. */
export async function askFromExplorer(wb: Workbench, rows: string[], question?: string): Promise<void> {
  const page = wb.page;
  await explorerRow(wb, rows[0]).click();
  for (const r of rows.slice(1)) await explorerRow(wb, r).click({ modifiers: ['Control'] });
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 0; ; attempt++) {
    await explorerRow(wb, rows.at(-1)!).click({ button: 'right' });
    const item = page.getByRole('menuitem', { name: 'Ask About File…' });
    await item.waitFor({ state: 'visible', timeout: 10_000 });
    await item.hover();
    await item.click();
    try {
      await input.waitFor({ state: 'visible', timeout: 5_000 });
      break;
    } catch (e) {
      if (attempt > 1) throw e;
      await page.keyboard.press('Escape');
    }
  }
  await waitUntil('the default question', async () => /^Explain th(is file|ese files)$/.test(await input.inputValue()));
  if (question) await input.fill(question);
  await page.keyboard.press('Enter');
}
