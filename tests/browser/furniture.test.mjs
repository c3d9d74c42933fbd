// What a portal page carries besides its content: 打印 and 字号, print, dark and forced-colours
// modes, reading without JavaScript, navigation state, landmarks and titles a reader can tell apart.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { sites, serve, launch, open, axe } from './lib.mjs';

const list = sites();
const bundled = list.find((s) => s.name === 'bundled') || list[0];
const page = (type) => bundled.pages.find((p) => p.type === type);
// The generated portal's agencies have five years each: their pages have a trend chart.
const corpus = list.find((s) => s.name === 'corpus') || bundled;
let browser;
let server;
let corpusServer;

before(async () => {
  browser = await launch();
  server = await serve(bundled.dir, bundled.base);
  corpusServer = await serve(corpus.dir, corpus.base);
});
after(async () => {
  await browser?.close();
  server?.close();
  corpusServer?.close();
});

test('打印 prints and 字号 A+/A− change the text size, remembered across pages', async () => {
  const url = server.root + page('report-2021').path;
  const { context, page: p } = await open(browser, url, 375);
  try {
    await p.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; });
    const size = () => p.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    assert.equal(await p.locator('.tools').isVisible(), true, 'the tools show when scripts run');
    const before = await size();
    await p.getByRole('button', { name: /A\+/ }).click();
    const larger = await size();
    assert.ok(larger > before, `A+ makes text larger: ${before} → ${larger}`);
    await p.getByRole('button', { name: '打印' }).click();
    assert.equal(await p.evaluate(() => window.__printed), 1, '打印 opens the print dialog');
    // The next page keeps the reader's size; A− brings it back.
    await p.goto(server.root + page('agency').path);
    assert.equal(await size(), larger, 'the size is kept');
    await p.getByRole('button', { name: /A−/ }).click();
    assert.equal(await size(), before);
    // Larger text still fits the phone: the page does not scroll sideways.
    await p.getByRole('button', { name: /A\+/ }).click();
    await p.getByRole('button', { name: /A\+/ }).click();
    const wide = await p.evaluate(() => document.scrollingElement.scrollWidth - innerWidth);
    assert.ok(wide <= 0, `page scrolls sideways by ${wide}px at 125%`);
  } finally {
    await context.close();
  }
});

test('without JavaScript every page reads and the tools stay out of the way', async () => {
  for (const type of ['report-2021', 'home', 'year']) {
    const { context, page: p } = await open(browser, server.root + page(type).path, 375, { javaScriptEnabled: false });
    try {
      assert.equal(await p.locator('.tools').isVisible(), false, `${type}: no dead buttons`);
      assert.ok(await p.evaluate(() => document.scrollingElement.scrollWidth <= innerWidth), `${type}: no sideways scroll`);
      if (type === 'report-2021') {
        assert.equal(await p.locator('#applications').isVisible(), true);
        assert.equal(await p.locator('.scroll-hint').first().isVisible(), true, 'the wide table says it scrolls');
        assert.equal(await p.locator('#review-phone').isVisible(), true, '四 row by row on a phone');
        assert.equal(await p.locator('#review').isVisible(), false);
      }
    } finally {
      await context.close();
    }
  }
});

test('on a wide screen 四 is the official fifteen-column table', async () => {
  const { context, page: p } = await open(browser, server.root + page('report-2021').path, 1280);
  try {
    assert.equal(await p.locator('#review').isVisible(), true);
    assert.equal(await p.locator('#review-phone').isVisible(), false);
    // Nothing overflows at 1280 px, so no table says it scrolls.
    assert.equal(await p.locator('.scroll-hint:visible').count(), 0);
  } finally {
    await context.close();
  }
});

test('printed, a report is its content: no navigation or tools, tables whole, rows unsplit', async () => {
  const { context, page: p } = await open(browser, server.root + page('report-2021').path, 1280);
  try {
    await p.emulateMedia({ media: 'print' });
    const s = await p.evaluate(() => {
      const style = (sel, prop) => getComputedStyle(document.querySelector(sel))[prop];
      return {
        nav: style('.site-header nav', 'display'),
        tools: style('.tools', 'display'),
        wrap: style('#applications', 'display') && style('.table-wrap', 'overflowX'),
        row: style('#applications tbody tr', 'breakInside'),
        official: style('#review', 'display'),
        phone: getComputedStyle(document.querySelector('#review-phone').closest('.table-block')).display,
        widest: Math.max(...[...document.querySelectorAll('table')].map((t) => t.getBoundingClientRect().right)),
        page: document.documentElement.getBoundingClientRect().width,
      };
    });
    assert.equal(s.nav, 'none');
    assert.equal(s.tools, 'none');
    assert.equal(s.wrap, 'visible', 'tables are not clipped to a scroll box on paper');
    assert.equal(s.row, 'avoid', 'no table row is split across pages');
    assert.equal(s.phone, 'none', 'the official layout of 四 is printed');
    assert.ok(s.widest <= s.page + 1, `tables fit the page: ${s.widest} > ${s.page}`);
    const pdf = await p.pdf({ format: 'A4', preferCSSPageSize: true });
    assert.ok(pdf.length > 10_000, 'the report prints to PDF');
  } finally {
    await context.close();
  }
});

test('dark mode: 0 axe violations, charts and tables readable', async () => {
  for (const type of ['report-2021', 'agency', 'summary', 'home']) {
    const { context, page: p } = await open(browser, server.root + page(type).path, 375, { colorScheme: 'dark' });
    try {
      const bg = await p.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.notEqual(bg, 'rgb(255, 255, 255)', `${type}: dark background`);
      const violations = await axe(p);
      assert.deepEqual(violations.map((v) => `${v.id}: ${v.first.join(' | ')}`), [], `${type} in dark mode`);
    } finally {
      await context.close();
    }
  }
});

test('charts: text at least 12 px on a phone, and seen in forced-colours mode', async () => {
  for (const type of ['agency', 'summary']) {
    for (const forced of [false, true]) {
      const path = corpus.pages.find((p) => p.type === type).path;
      const { context, page: p } = await open(browser, corpusServer.root + path, 375, forced ? { forcedColors: 'active' } : {});
      try {
        const r = await p.evaluate(() => {
          const svg = document.querySelector('svg.chart');
          if (!svg) return null;
          const texts = [...svg.querySelectorAll('text')];
          const bg = getComputedStyle(document.body).backgroundColor;
          return {
            smallest: Math.min(...texts.map((t) => t.getBoundingClientRect().height)),
            fills: [...new Set(texts.map((t) => getComputedStyle(t).fill))],
            bg,
            titles: texts.filter((t) => t.classList.contains('axis-title')).length,
            described: svg.querySelector('desc')?.textContent.length ?? 0,
          };
        });
        assert.ok(r, `${type}: a chart`);
        assert.ok(r.smallest >= 12, `${type}: chart text ${r.smallest.toFixed(1)} px high`);
        assert.ok(!r.fills.includes(r.bg), `${type}${forced ? ' (forced colours)' : ''}: text drawn in the background colour ${r.bg}`);
        assert.ok(r.titles >= 2, `${type}: axis titles`);
        assert.ok(r.described > 10, `${type}: a description lists the figures`);
      } finally {
        await context.close();
      }
    }
  }
});

test('navigation marks where the reader is, and no landmark is empty', async () => {
  const year = page('year').path.match(/\d{4}/)[0];
  const expect = { home: ['首页', 'page'], year: [`${year}年`, 'page'], summary: [`${year}年`, 'true'], data: ['数据下载', 'page'], sitemap: ['网站地图', 'page'] };
  for (const p0 of bundled.pages) {
    const { context, page: p } = await open(browser, server.root + p0.path, 1280);
    try {
      const current = await p.evaluate(() => [...document.querySelectorAll('nav[aria-label="主导航"] [aria-current]')]
        .map((a) => [a.textContent.trim(), a.getAttribute('aria-current')]));
      assert.deepEqual(current, expect[p0.type] ? [expect[p0.type]] : [], `${p0.type}: aria-current`);
      const empty = await p.evaluate(() => [...document.querySelectorAll('header, nav, main, aside, footer, section[aria-label], section[aria-labelledby]')]
        .filter((el) => !el.textContent.trim()).map((el) => el.outerHTML.slice(0, 60)));
      assert.deepEqual(empty, [], `${p0.type}: empty landmarks`);
    } finally {
      await context.close();
    }
  }
});

test('every report page has a title of its own, naming the agency', () => {
  for (const site of list) {
    const titles = new Map();
    for (const agency of readdirSync(site.dir)) {
      const dir = join(site.dir, agency);
      if (!existsSync(join(dir, 'index.html'))) continue;
      for (const y of readdirSync(dir).filter((d) => /^\d{4}$/.test(d))) {
        const html = readFileSync(join(dir, y, 'index.html'), 'utf8');
        const title = html.match(/<title>([^<]*)<\/title>/)[1];
        const h1 = html.match(/<h1>([^<]*)<\/h1>/)[1];
        assert.ok(!titles.has(title), `${site.name}: ${agency}/${y} has the title of ${titles.get(title)}: ${title}`);
        titles.set(title, `${agency}/${y}`);
        assert.ok(h1.includes(y), `${agency}/${y}: h1 names the year: ${h1}`);
      }
    }
    assert.ok(titles.size >= 5, `${site.name}: ${titles.size} report pages`);
  }
});
