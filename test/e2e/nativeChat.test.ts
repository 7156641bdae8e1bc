import * as fs from 'node:fs';
import { useWorkbench } from './support/workbench';

describe('native chat explore', function () {
  this.timeout(180_000);
  const wb = useWorkbench({ settings: { 'workbench.secondarySideBar.defaultVisibility': 'visible' } });
  it('explores', async () => {
    const page = wb().page;
    await page.waitForTimeout(4000);
    await wb().screenshot('nc-x-8');
    await page.mouse.click(1100, 678);
    await page.keyboard.type('@gemini Hello there', { delay: 20 });
    await page.keyboard.press('Enter');
    await page.waitForTimeout(5000);
    await wb().screenshot('nc-x-9');
    fs.writeFileSync('/tmp/ncx/aux.txt', await page.locator('.part.auxiliarybar').innerText().catch((e) => String(e)));
    await page.mouse.click(1100, 678);
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('Plain message without a participant', { delay: 20 });
    await page.keyboard.press('Enter');
    await page.waitForTimeout(5000);
    await wb().screenshot('nc-x-10');
    fs.writeFileSync('/tmp/ncx/body.txt', await page.locator('body').innerText().catch((e) => String(e)));
  });
});
