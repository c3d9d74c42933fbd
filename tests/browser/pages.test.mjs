// Every page type of every built portal, at 1280 and 375 px: axe (WCAG 2.1 A and AA), no
// sideways page scroll, every table cell readable, the keyboard, and a screenshot.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  WIDTHS, sites, serve, launch, open, axe, tableProblems, keyboardProblems, focusShown, shotPath,
} from './lib.mjs';

// NIANBAO_ONLY=report narrows a run to the page types it matches (while fixing one).
const only = process.env.NIANBAO_ONLY ? new RegExp(process.env.NIANBAO_ONLY) : null;
const list = sites().map((s) => ({ ...s, pages: s.pages.filter((p) => !only || only.test(p.type)) }));
let browser;
const servers = {};

before(async () => {
  browser = await launch();
  for (const s of list) servers[s.name] = await serve(s.dir, s.base);
});
after(async () => {
  await browser?.close();
  for (const s of Object.values(servers)) s.close();
});

for (const site of list) {
  describe(site.name, () => {
    for (const p of site.pages) {
      for (const width of WIDTHS) {
        test(`${p.type} (${p.path || '/'}) at ${width} px`, async () => {
          const url = servers[site.name].root + p.path;
          const { context, page, response, external, errors } = await open(browser, url, width);
          const problems = [];
          try {
            assert.equal(response.status(), p.status ?? 200, `status of ${url}`);
            // Full page up to 8,000 px: enough to see the layout, small enough to keep.
            const height = await page.evaluate(() => document.documentElement.scrollHeight);
            await page.screenshot({
              path: shotPath(site.name, p.type, width),
              fullPage: true,
              clip: { x: 0, y: 0, width, height: Math.min(height, 8000) },
            });

            const violations = await axe(page);
            for (const v of violations) {
              problems.push(`axe ${v.id} (${v.impact}) ×${v.nodes}: ${v.help} — ${v.first.join(' | ')}`);
            }
            const { scrollWidth, innerWidth } = await page.evaluate(() => ({
              scrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth,
            }));
            if (scrollWidth > innerWidth) problems.push(`page scrolls sideways: ${scrollWidth} > ${innerWidth}`);
            problems.push(...(await page.evaluate(tableProblems)));
            problems.push(...(await page.evaluate(keyboardProblems)));

            // The keyboard: the first Tab reaches the skip link, shown; then each stop shows focus.
            await page.evaluate(() => { window.scrollTo(0, 0); document.activeElement?.blur(); });
            await page.keyboard.press('Tab');
            const first = await page.evaluate(focusShown);
            if (!first.skip) problems.push(`first Tab focuses ${first.what}, not the skip link`);
            if (!first.ok) problems.push(`skip link focus not visible: ${first.what}`);
            for (let i = 0; i < 40; i++) {
              await page.keyboard.press('Tab');
              const f = await page.evaluate(focusShown);
              if (f.what === 'nothing focused') break;
              if (!f.ok) problems.push(`focus not visible on ${f.what}`);
            }
            if (external.length) problems.push(`requests leave the machine: ${external.join(', ')}`);
            if (errors.length) problems.push(`script errors: ${errors.join('; ')}`);
          } finally {
            await context.close();
          }
          assert.deepEqual(problems, [], `${url} at ${width} px`);
        });
      }
    }
  });
}
