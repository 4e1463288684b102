// End-to-end: serves the release build from dist/, drives it in headless Chromium (Debian's),
// checks the real tree and the console, and saves screenshots under target/e2e/.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import net from 'node:net';

const root = new URL('../../', import.meta.url).pathname;
const shots = `${root}target/e2e`;
mkdirSync(shots, { recursive: true });

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const port = await freePort();
const server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', `${root}dist`], { stdio: 'ignore' });
let failures = 0;
let passes = 0;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});

async function test(name, fn) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  try {
    for (let i = 0; i < 50; i++) {
      try { await page.goto(`http://127.0.0.1:${port}/`); break; } catch { await sleep(100); }
    }
    await fn(page);
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    passes++;
    console.log(`ok - ${name}`);
  } catch (e) {
    failures++;
    console.log(`not ok - ${name}: ${e.message}`);
    await page.screenshot({ path: `${shots}/FAILED-${name.replace(/\W+/g, '-')}.png` }).catch(() => {});
  } finally {
    await page.close();
  }
}

function expect(cond, msg) { if (!cond) throw new Error(msg); }

await test('fresh page shows the real znode tree', async (page) => {
  await page.waitForSelector('[data-testid=tree-node][data-path="/zookeeper"]', { timeout: 10000 });
  const paths = await page.$$eval('[data-testid=tree-node]', (ns) => ns.map((n) => n.dataset.path));
  expect(JSON.stringify(paths) === JSON.stringify(['/', '/zookeeper', '/zookeeper/config', '/zookeeper/quota']),
    `tree was ${JSON.stringify(paths)}`);
  await page.screenshot({ path: `${shots}/fresh-tree.png` });
});

await test('zkCli commands from the console change the tree', async (page) => {
  const input = page.locator('[data-testid=console-input]');
  await input.waitFor();
  for (const cmd of ['ls /', 'create /workers ""', 'create -e /workers/w1 busy', 'get -s /workers/w1', 'create /workers ""']) {
    await input.fill(cmd);
    await input.press('Enter');
  }
  await page.waitForSelector('[data-testid=tree-node][data-path="/workers/w1"]');
  const owner = await page.getAttribute('[data-path="/workers/w1"]', 'data-ephemeral-owner');
  expect(owner === 'a', `owner was ${owner}`);
  const out = await page.textContent('[data-testid=console-output]');
  expect(out.includes('Created /workers/w1'), 'no Created line');
  expect(out.includes('Node already exists: /workers'), 'no NodeExists message');
  expect(out.includes('[zookeeper]'), 'ls / output missing');
  await page.screenshot({ path: `${shots}/console.png` });
});

await test('untrusted data renders as text', async (page) => {
  const input = page.locator('[data-testid=console-input]');
  await input.waitFor();
  await page.evaluate(() => { window.__pwned = false; });
  await input.fill('create /x "<img src=x onerror=window.__pwned=true>"');
  await input.press('Enter');
  await page.waitForSelector('[data-testid=tree-node][data-path="/x"]');
  await sleep(200);
  const pwned = await page.evaluate(() => window.__pwned);
  expect(pwned === false, 'script in znode data ran');
  expect((await page.$$('.tree img')).length === 0, 'an <img> element was created from data');
});

await browser.close();
server.kill();
console.log(`${passes} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
