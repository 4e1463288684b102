// The page benchmark, run by `zkplay-bench` (or alone after `trunk build --release --offline`):
// serves dist/ on loopback, drives headless Chromium and prints one JSON object:
//   interactive_ms  navigation start → the app answers keys (User Timing mark), median of 5 loads
//   step_p50_ms / step_p95_ms  one simulation step (→) until the screen shows it, over 200 steps
//                   with 100 clients and 1,000 znodes (naming recipes)
//   ensemble_step_p50_ms / ensemble_step_p95_ms  the same on an ensemble (ensemble_servers
//                   servers, ensemble_clients clients: the ring, its cards and messages drawn)
//   tree_znodes, tree_import_ms  a 10,000-znode script imported and shown (simulation included)
//   tree_filter_ms  the 10,000-znode tree re-rendered after a filter change
//   tree_step_back_ms  from there, five steps forward, then one back (←) until the screen shows it
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const root = new URL('../../', import.meta.url).pathname;
const port = await new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});
const server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', `${root}dist`], { stdio: 'ignore' });
const url = `http://127.0.0.1:${port}/`;
for (let i = 0; i < 50; i++) {
  const up = await new Promise((resolve) => {
    const c = net.connect(port, '127.0.0.1', () => { c.end(); resolve(true); }).on('error', () => resolve(false));
  });
  if (up) break;
  await sleep(100);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const pct = (v, p) => [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor(v.length * p))];

async function freshPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.evaluate(() => localStorage.clear());
  return { context, page };
}

async function interactive() {
  const { context, page } = await freshPage();
  const times = [];
  for (let i = 0; i < 5; i++) {
    await page.goto(url);
    await page.waitForFunction(() => performance.getEntriesByName('zkplay-interactive').length > 0);
    times.push(await page.evaluate(() => performance.getEntriesByName('zkplay-interactive')[0].startTime));
  }
  await context.close();
  return median(times);
}

async function importScript(page, text) {
  await page.click('text=Import');
  await page.fill('.dialog textarea', text);
  const t0 = Date.now();
  await page.click('.dialog >> text=Import');
  await page.waitForSelector('.dialog', { state: 'detached' });
  // A script bigger than one slice loads in slices: wait for the last.
  await page.waitForSelector('[data-testid=load-progress]', { state: 'detached', timeout: 120000 });
  await page.waitForSelector('[data-testid=step]');
  return Date.now() - t0;
}

const clientNames = (prefix, n) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`).join(',');
const znodeCount = async (page) =>
  Number((await page.getAttribute('input[aria-label="filter znodes by path"]', 'placeholder')).replace(/[^0-9]/g, ''));

// 200 steps (→), each timed until the step count on screen changes.
async function timeSteps(page) {
  await page.click('h1');
  return page.evaluate(async () => {
    const out = [];
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    for (let i = 0; i < 200; i++) {
      const before = document.querySelector('[data-testid=step-count]').textContent;
      const t = performance.now();
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
      while (document.querySelector('[data-testid=step-count]').textContent === before) {
        await new Promise((r) => setTimeout(r, 0));
      }
      out.push(performance.now() - t);
      await frame();
    }
    return out;
  });
}

async function steps() {
  const { context, page } = await freshPage();
  await page.reload();
  await page.waitForSelector('[data-testid=step]');
  await importScript(page, `recipe naming /ids on ${clientNames('c', 100)} items=10\ntick 200000\n`);
  const znodes = await znodeCount(page);
  const clients = await page.locator('[data-testid=client-card]').count();
  const times = await timeSteps(page);
  await context.close();
  return { znodes, clients, p50: median(times), p95: pct(times, 0.95) };
}

// The same on an ensemble of 5 with 100 sessions spread over its servers.
async function ensembleSteps() {
  const { context, page } = await freshPage();
  await page.reload();
  await page.waitForSelector('[data-testid=step]');
  const sessions = Array.from({ length: 100 }, (_, i) => `session e${i + 1}\n`).join('');
  await importScript(page, `ensemble 5\n${sessions}tick 5000\n`);
  await page.waitForSelector('[data-testid=ring]');
  const servers = await page.locator('[data-testid=ring-server]').count();
  const clients = await page.locator('[data-testid=client-card]').count();
  const times = await timeSteps(page);
  await context.close();
  return { servers, clients, p50: median(times), p95: pct(times, 0.95) };
}

async function bigTree() {
  const { context, page } = await freshPage();
  await page.reload();
  await page.waitForSelector('[data-testid=step]');
  const importMs = await importScript(page, `recipe naming /ids on ${clientNames('a', 10)} items=1000\ntick 200000\n`);
  const znodes = await znodeCount(page);
  const filterMs = await page.evaluate(async () => {
    const input = document.querySelector('input[aria-label="filter znodes by path"]');
    const rows = () => document.querySelectorAll('[data-testid=tree-node]').length;
    const times = [];
    for (const value of ['/ids/a1', '', '/ids/a2', '']) {
      const before = document.querySelector('.tree').innerHTML;
      const t = performance.now();
      input.value = value;
      input.dispatchEvent(new InputEvent('input', { bubbles: true }));
      while (document.querySelector('.tree').innerHTML === before) {
        await new Promise((r) => setTimeout(r, 0));
      }
      times.push(performance.now() - t);
      await new Promise((r) => requestAnimationFrame(() => r()));
    }
    return [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
  });
  // Five steps forward, then one back (the state before is rebuilt).
  await page.click('h1');
  const backMs = await page.evaluate(async () => {
    const press = async (key) => {
      const before = document.querySelector('[data-testid=step-count]').textContent;
      const t = performance.now();
      window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
      while (document.querySelector('[data-testid=step-count]').textContent === before) {
        await new Promise((r) => setTimeout(r, 0));
      }
      return performance.now() - t;
    };
    for (let i = 0; i < 5; i++) await press('ArrowRight');
    return press('ArrowLeft');
  });
  await context.close();
  return { znodes, importMs, filterMs, backMs };
}

try {
  const result = { interactive_ms: await interactive() };
  const s = await steps();
  Object.assign(result, { step_znodes: s.znodes, step_clients: s.clients, step_p50_ms: s.p50, step_p95_ms: s.p95 });
  const e = await ensembleSteps();
  Object.assign(result, { ensemble_servers: e.servers, ensemble_clients: e.clients, ensemble_step_p50_ms: e.p50, ensemble_step_p95_ms: e.p95 });
  const t = await bigTree();
  Object.assign(result, { tree_znodes: t.znodes, tree_import_ms: t.importMs, tree_filter_ms: t.filterMs, tree_step_back_ms: t.backMs });
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
  server.kill();
}
