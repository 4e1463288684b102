// UI benchmark (not part of the test suite): after `trunk build --release --offline`, run
// `node tests/e2e/bench_ui.mjs`. It serves dist/, builds 10,000 znodes in the page (naming
// recipes on ten clients), then measures in the page the time from pressing → (one simulation step) until the
// screen shows it, over 60 steps, and prints the median and p95, with a 15-znode baseline.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const root = new URL('../../', import.meta.url).pathname;
const port = await new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});
const server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', `${root}dist`], { stdio: 'ignore' });
await sleep(500);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

async function measure(items) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.waitForSelector('[data-testid=step]');
  await page.click('text=Import');
  const n = Math.ceil(items / 1000);
  const names = Array.from({ length: n }, (_, i) => `a${i + 1}`).join(',');
  await page.fill('.dialog textarea', `recipe naming /ids on ${names} items=${Math.min(items, 1000)}\ntick 200000\n`);
  const t0 = Date.now();
  await page.click('.dialog >> text=Import');
  await page.waitForSelector('[data-testid=step]');
  const build = Date.now() - t0;
  const znodes = await page.getAttribute('input[aria-label="filter znodes by path"]', 'placeholder');
  await page.click('h1');
  const times = await page.evaluate(async () => {
    const out = [];
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    for (let i = 0; i < 60; i++) {
      const before = document.querySelector('[data-testid=step-count]').textContent;
      const t = performance.now();
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
      while (document.querySelector('[data-testid=step-count]').textContent === before) {
        await new Promise((r) => setTimeout(r, 0));
      }
      out.push(performance.now() - t);
      await frame();
    }
    return out.sort((a, b) => a - b);
  });
  await context.close();
  return { znodes, build, median: times[30], p95: times[57] };
}

for (const items of [10000, 10]) {
  const r = await measure(items);
  console.log(`${r.znodes.replace('filter ', '').replace(' by path', '')}: import+render ${r.build} ms, step median ${r.median.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms`);
}
await browser.close();
server.kill();
