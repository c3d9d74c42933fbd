// Shared by the browser tests: the built portals (made by run.sh), a static server that
// serves each under its base path, the system Chromium, and the checks run inside pages.

import { readFileSync, readdirSync, existsSync, statSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, extname, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
export const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const WIDTHS = [1280, 375];
export const SCREENSHOTS = process.env.NIANBAO_SCREENSHOTS || join(here, 'screenshots');

/// Where run.sh put the built sites: `<out>/<name>/` with `<out>/<name>.base` holding the base path.
export const OUT = process.env.NIANBAO_SITES || join(here, 'out');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.csv': 'text/csv; charset=utf-8', '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.wasm': 'application/wasm', '.xlsx': 'application/octet-stream',
};

/// Serve `dir` under `base` (e.g. `/nianbao/`) on a free port, as a web server would: index.html
/// for folders, a redirect for a folder without its slash, 404.html with status 404.
export function serve(dir, base) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const send = (status, file) => {
      res.writeHead(status, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
      res.end(readFileSync(file));
    };
    const notFound = () => existsSync(join(dir, '404.html'))
      ? send(404, join(dir, '404.html')) : (res.writeHead(404), res.end());
    if (!path.startsWith(base) || path.includes('..')) return notFound();
    let file = join(dir, path.slice(base.length));
    if (existsSync(file) && statSync(file).isDirectory()) {
      if (!path.endsWith('/')) {
        res.writeHead(301, { location: path + '/' });
        return res.end();
      }
      file = join(file, 'index.html');
    }
    return existsSync(file) ? send(200, file) : notFound();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    resolve({ root: `http://127.0.0.1:${server.address().port}${base}`, close: () => server.close() });
  }));
}

/// The built sites, each with one page of every type the site has.
export function sites() {
  if (!existsSync(OUT)) throw new Error(`no built sites in ${OUT}: run tests/browser/run.sh`);
  return readdirSync(OUT)
    .filter((n) => existsSync(join(OUT, `${n}.base`)))
    .sort()
    .map((name) => {
      const dir = join(OUT, name);
      const base = readFileSync(join(OUT, `${name}.base`), 'utf8').trim();
      return { name, dir, base, pages: pagesOf(dir) };
    });
}

/// One page of each type: the first report of each format, its agency, the latest year.
function pagesOf(dir) {
  const pages = [{ type: 'home', path: '' }];
  const byFormat = {};
  for (const agency of readdirSync(dir).sort()) {
    const adir = join(dir, agency);
    if (!statSync(adir).isDirectory() || ['years', 'data', 'static', 'sitemap', 'search', 'compare'].includes(agency)) continue;
    for (const year of readdirSync(adir).filter((y) => /^\d{4}$/.test(y)).sort()) {
      const data = join(adir, year, 'data.json');
      if (!existsSync(data)) continue;
      const { format } = JSON.parse(readFileSync(data, 'utf8'));
      // A report in the format of its year, where there is one.
      const fits = (format === 2019) === (Number(year) < 2021);
      if (!byFormat[format] || (fits && !byFormat[format].fits)) byFormat[format] = { agency, year, fits };
    }
  }
  const first = byFormat[2021] || byFormat[2019];
  if (first) pages.push({ type: 'agency', path: `${first.agency}/` });
  for (const f of ['2021', '2019']) {
    const r = byFormat[f];
    if (r) pages.push({ type: `report-${f}`, path: `${r.agency}/${r.year}/` });
  }
  const years = existsSync(join(dir, 'years')) ? readdirSync(join(dir, 'years')).sort() : [];
  const latest = years[years.length - 1];
  if (latest) {
    pages.push({ type: 'year', path: `years/${latest}/` });
    pages.push({ type: 'summary', path: `years/${latest}/summary/` });
  }
  for (const [type, path] of [['data', 'data/'], ['sitemap', 'sitemap/'], ['search', 'search/'], ['compare', 'compare/']]) {
    if (existsSync(join(dir, path, 'index.html'))) pages.push({ type, path });
  }
  pages.push({ type: '404', path: 'no-such-page/', status: 404 });
  return pages;
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--font-render-hinting=none'],
  });
}

/// A page at `width` with no requests leaving the machine: any other host fails the page.
export async function open(browser, url, width, options = {}) {
  const context = await browser.newContext({
    viewport: { width, height: width < 600 ? 740 : 900 },
    deviceScaleFactor: 1,
    ...options,
  });
  const page = await context.newPage();
  const external = [];
  await page.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.hostname === '127.0.0.1' || u.protocol === 'data:') return route.continue();
    external.push(u.href);
    return route.abort();
  });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const response = await page.goto(url, { waitUntil: 'load' });
  return { context, page, response, external, errors };
}

export async function axe(page) {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.length,
      first: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
}

/// Inside the page: every table cell's text can be seen whole by scrolling its region, is not
/// covered by another cell (a sticky column), is at least 12 px, and a row label is not
/// squeezed to a character or two a line.
export function tableProblems() {
  const problems = [];
  const scroller = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (/(auto|scroll)/.test(s.overflowX) && p.scrollWidth > p.clientWidth + 1) return p;
    }
    return null;
  };
  const where = (cell) => {
    const t = cell.closest('table');
    const cap = t?.caption?.textContent.trim().slice(0, 12) || t?.id || 'table';
    return `${cap} «${cell.textContent.trim().slice(0, 16)}»`;
  };
  // The rectangles of the text a sighted reader gets: not text kept for screen readers only.
  const hiddenText = (node, cell) => {
    for (let p = node.parentElement; p && p !== cell.parentElement; p = p.parentElement) {
      const r = p.getBoundingClientRect();
      if (r.width <= 1 && r.height <= 1 && getComputedStyle(p).overflow === 'hidden') return true;
    }
    return false;
  };
  const textRects = (cell) => {
    const rects = [];
    const walk = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      if (!n.textContent.trim() || hiddenText(n, cell)) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      rects.push(...range.getClientRects());
    }
    return rects;
  };
  const seen = (cell, region) => {
    const rects = textRects(cell).filter((r) => r.width > 0 && r.height > 0);
    if (!rects.length) return false;
    const box = region ? region.getBoundingClientRect() : { left: 0, right: innerWidth, top: 0, bottom: innerHeight };
    for (const r of rects) {
      if (r.left < Math.max(box.left, 0) - 0.5 || r.right > Math.min(box.right, innerWidth) + 0.5) return false;
      if (r.top < -0.5 || r.bottom > innerHeight + 0.5) return false;
      const y = r.top + r.height / 2;
      for (const x of [r.left + 1, r.left + r.width / 2, r.right - 1]) {
        const hit = document.elementFromPoint(x, y);
        if (!hit || !(hit === cell || cell.contains(hit))) return false;
      }
    }
    return true;
  };
  // A reader opens what is collapsed.
  for (const d of document.querySelectorAll('main details')) d.open = true;
  const cells = [...document.querySelectorAll('main table th, main table td')];
  for (const cell of cells) {
    if (!cell.textContent.trim() || !cell.checkVisibility()) continue;
    const size = parseFloat(getComputedStyle(cell).fontSize);
    if (size < 12) problems.push(`${where(cell)}: text ${size}px`);
    if (cell.scrollWidth > cell.clientWidth + 1) problems.push(`${where(cell)}: text clipped`);
    if (cell.matches('th[scope=row]')) {
      // Squeezed: wrapped onto several lines of fewer than four characters each.
      const lines = new Set(textRects(cell).map((r) => Math.round(r.top))).size;
      const chars = cell.textContent.trim().length;
      if (lines > 1 && chars / lines < 4) problems.push(`${where(cell)}: label squeezed to ${lines} lines`);
    }
    const region = scroller(cell);
    cell.scrollIntoView({ block: 'center', inline: 'nearest' });
    if (seen(cell, region)) continue;
    let ok = false;
    if (region) {
      // Any scroll position of the region that shows the whole text will do.
      const step = Math.max(16, region.clientWidth / 8);
      for (let x = 0; x <= region.scrollWidth && !ok; x += step) {
        region.scrollLeft = x;
        ok = seen(cell, region);
      }
    }
    if (!ok) problems.push(`${where(cell)}: cannot be seen whole`);
  }
  window.scrollTo(0, 0);
  return problems;
}

/// Inside the page: what keyboard users need that does not take pressing keys to see.
export function keyboardProblems() {
  const problems = [];
  for (const el of document.querySelectorAll('main *, body > header *, body > footer *')) {
    const s = getComputedStyle(el);
    const scrolls = /(auto|scroll)/.test(s.overflowX) && el.scrollWidth > el.clientWidth + 1;
    if (!scrolls) continue;
    const name = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
    if (el.tabIndex < 0) problems.push(`scroll region <${el.localName} class="${el.className}"> not focusable`);
    if (!name) problems.push(`scroll region <${el.localName} class="${el.className}"> has no name`);
  }
  const controls = document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]');
  for (const el of controls) {
    if (el.closest('[hidden], [inert]') || el.getClientRects().length === 0) continue;
    if (el.disabled) continue;
    if (el.tabIndex < 0) problems.push(`control not reachable: ${el.outerHTML.slice(0, 80)}`);
  }
  return problems;
}

/// The focus indicator of the element with focus, as drawn.
export function focusShown() {
  const el = document.activeElement;
  if (!el || el === document.body) return { ok: false, what: 'nothing focused' };
  const s = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1;
  const shadow = s.boxShadow && s.boxShadow !== 'none';
  const onScreen = r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight;
  return {
    ok: (outline || shadow) && onScreen,
    what: `<${el.localName}${el.className ? ` class="${el.className}"` : ''}> ${el.textContent.trim().slice(0, 20)} outline=${s.outlineStyle} ${s.outlineWidth} onscreen=${onScreen}`,
    skip: el.matches('a.skip, a[href="#main"]'),
  };
}

export function shotPath(site, type, width) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return join(SCREENSHOTS, `${site}-${type}-${width}.png`);
}
