import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
const root = new URL('../../', import.meta.url).pathname;
const port = 8765;
const server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', `${root}dist`], { stdio: 'ignore' });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
const errors = [];
page.on('pageerror', (e) => errors.push(String(e)));
for (let i = 0; i < 50; i++) { try { await page.goto(`http://127.0.0.1:${port}/`); break; } catch { await sleep(100); } }
await page.waitForSelector('[data-testid=ensemble-mode]');
await page.selectOption('[data-testid=ensemble-mode]', { index: 1 });
await page.waitForSelector('[data-testid=ring-server][data-state=LEADING]');
await page.screenshot({ path: '/tmp/walk/1-ensemble.png' });
await page.selectOption('[data-testid=recipe-kind]', 'election');
await page.fill('[data-testid=recipe-path]', '/election');
await page.fill('[data-testid=recipe-count]', '3');
await page.click('[data-testid=start-recipe]');
await page.click('[data-testid=tick-1s]');
await page.screenshot({ path: '/tmp/walk/2-election.png' });
const input = page.locator('[data-testid=console-input]');
for (const cmd of ['partition c1', 'tick 40000']) { await input.fill(cmd); await input.press('Enter'); await sleep(300); }
await page.screenshot({ path: '/tmp/walk/3-partition.png' });
console.log('errors', errors);
await browser.close();
server.kill();
