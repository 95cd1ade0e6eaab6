// End-to-end test in real VS Code (code-server) driven by headless Chromium: the installed
// extension reports the example's problems in the Problems panel, and a quick fix from the light
// bulb removes one. Usage: node code-server.js URL WORKSPACE SCREENSHOT
const { chromium } = require('playwright-core');

const [url, workspace, screenshot] = process.argv.slice(2);

async function problems(page) {
  return page.$$eval('.markers-panel .monaco-tl-contents', (rows) => rows.map((r) => r.innerText));
}

/** Shows only the Problems rows that match `text` (the panel is virtualised). */
async function filterProblems(page, text) {
  const input = await page.waitForSelector('.markers-panel-container input, input[placeholder^="Filter"]', { timeout: 10000 });
  await input.fill(text);
  await page.waitForTimeout(800);
}

async function waitFor(what, fn, timeout = 60000) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    last = await fn();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  let code = 1;
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  try {
    await page.goto(`${url}/?folder=${encodeURIComponent(workspace)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 90000 });
    await page.waitForTimeout(4000);
    // Open the tool YAML with mistakes.
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget input');
    await page.keyboard.type('search.yaml');
    await page.waitForTimeout(1000);
    await page.keyboard.press('Enter');
    await page.waitForSelector('.squiggly-error, .squiggly-warning', { timeout: 90000 });
    await page.keyboard.press('Control+Shift+M');
    const all = await waitFor('dify-lsp problems', async () => {
      const r = await problems(page);
      return r.some((t) => t.includes('dify-lsp')) ? r : null;
    });
    console.log(`problems panel: ${JSON.stringify(all.slice(0, 3))}`);
    await filterProblems(page, 'DIFY408');
    await waitFor('DIFY408 in Problems', async () => (await problems(page)).some((t) => t.includes('DIFY408')));
    // The quoted number default: go to it and apply the quick fix.
    await page.keyboard.press('Control+G');
    await page.waitForSelector('.quick-input-widget input');
    await page.keyboard.type(`${process.env.FIX_LINE}:${process.env.FIX_COLUMN}`);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(1000);
    await page.keyboard.press('Control+.');
    const item = await page.waitForSelector('.action-widget .action-list-item, .context-view .monaco-list-row', { timeout: 20000 });
    console.log(`quick fix offered: ${JSON.stringify(await item.innerText())}`);
    await page.keyboard.press('Enter');
    await waitFor('DIFY408 to disappear', async () => !(await problems(page)).some((t) => t.includes('DIFY408')), 30000);
    await filterProblems(page, 'DIFY409');
    await waitFor('DIFY409 to stay', async () => (await problems(page)).some((t) => t.includes('DIFY409')), 10000);
    console.log('the quick fix removed DIFY408 and left the rest');
    await filterProblems(page, '');
    await page.waitForTimeout(500);
    await page.screenshot({ path: screenshot });
    code = 0;
  } catch (e) {
    console.error(`FAIL: ${e.message}`);
    await page.screenshot({ path: screenshot }).catch(() => {});
    code = 1;
  } finally {
    await browser.close();
  }
  console.log(code === 0 ? 'PASS' : 'FAIL');
  process.exit(code);
})();
