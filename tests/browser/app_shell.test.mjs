// The browser app, loaded from the real gateway into Debian's chromium: health and live status, navigation
// through every page with real clicks, resizing, high-DPI, and the live connection recovering after a restart.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { clickWidget, launchBrowser, openApp, signIn, snapshot, waitForUi, widget } from '../support/browser.mjs';
import { makeApiKey, startGateway } from '../support/gateway.mjs';

const webRoot = process.env.WAGW_WEB_ROOT;
const shots = join(process.env.WAGW_TEST_OUTPUT || '.', 'browser');
mkdirSync(shots, { recursive: true });

const pages = ['Dashboard', 'Sessions', 'Bulk messages', 'Scheduled', 'Contacts', 'API docs'];

const healthy = (s) => {
  const gateway = widget(s, 'field', 'Gateway:');
  const live = widget(s, 'field', 'Live updates:');
  return gateway && /^OK · v\d+\.\d+\.\d+ · up /.test(gateway.value) && live?.value === 'connected' && s;
};

describe('browser app', () => {
  let gateway;
  let browser;

  before(async () => {
    gateway = await startGateway({ webRoot, apiKey: makeApiKey() });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await gateway?.stop();
    gateway?.removeData();
  });

  test('asks for the API key first, refuses a wrong one, and keeps the tab signed in across a reload', async () => {
    const { page, context, problems } = await openApp(browser, gateway.url);
    const start = await waitForUi(page, 'sign-in page', (s) => widget(s, 'heading', 'Sign in') && s);
    assert.equal(widget(start, 'nav', 'Dashboard'), undefined, 'no pages before signing in');
    assert.equal(widget(start, 'field', 'Live updates:').value, 'signed out');
    await page.screenshot({ path: join(shots, 'sign-in.png') });

    await clickWidget(page, 'input', 'API key');
    await page.keyboard.type('wagw_not_the_key');
    await waitForUi(page, 'the key typed, shown only as stars', (s) =>
      widget(s, 'input', 'API key')?.value === '*'.repeat('wagw_not_the_key'.length));
    await clickWidget(page, 'button', 'Sign in');
    await waitForUi(page, 'wrong key refused', (s) =>
      s.widgets.some((w) => w.kind === 'text' && /That API key is not valid/.test(w.value)));
    assert.equal(widget(await snapshot(page), 'input', 'API key').value, '', 'the field is emptied after each try');

    await signIn(page, gateway.apiKey);
    await waitForUi(page, 'health OK and live updates connected', healthy);
    await page.reload();
    await waitForUi(page, 'still signed in after a reload', healthy);

    await clickWidget(page, 'button', 'Sign out');
    await waitForUi(page, 'signed out again', (s) => widget(s, 'heading', 'Sign in'));
    await page.reload();
    await waitForUi(page, 'a reload after signing out asks again', (s) => widget(s, 'heading', 'Sign in'));
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('shows the fetched health and a connected live socket, and every page opens by click', async () => {
    const { page, context, problems } = await openApp(browser, gateway.url);
    await signIn(page, gateway.apiKey);
    const first = await waitForUi(page, 'health OK and live updates connected', healthy);
    const version = (await (await fetch(`${gateway.url}/api/health`)).json()).version;
    assert.ok(widget(first, 'field', 'Gateway:').value.includes(`v${version}`));

    for (const label of pages) {
      await clickWidget(page, 'nav', label);
      await waitForUi(page, `page "${label}" open`, (s) =>
        widget(s, 'nav', label)?.selected && widget(s, 'heading', label));
      const others = (await snapshot(page)).widgets.filter((w) => w.kind === 'nav' && w.selected);
      assert.deepEqual(others.map((w) => w.label), [label], 'exactly one navigation entry is selected');
      await page.screenshot({ path: join(shots, `page-${label.toLowerCase().replace(/ /g, '-')}.png`) });
    }

    // The docs page is drawn from the shared route table.
    const docs = await snapshot(page);
    assert.ok(docs.widgets.some((w) => w.kind === 'route' && w.label === 'GET  /api/health'));
    assert.ok(docs.widgets.some((w) => w.kind === 'route' && w.label === 'GET  /api/events'));
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('follows the window size', async () => {
    const { page, context } = await openApp(browser, gateway.url);
    await signIn(page, gateway.apiKey);
    await waitForUi(page, 'app ready', healthy);
    await page.setViewportSize({ width: 900, height: 600 });
    const resized = await waitForUi(page, 'canvas at 900x600', (s) =>
      s.canvas.width === 900 && s.canvas.height === 600 && s);
    const status = widget(resized, 'field', 'Live updates:');
    assert.ok(status.y + status.h <= 600, `status bar visible after resize (y=${status.y})`);
    assert.ok(status.x + status.w <= 900);
    await page.screenshot({ path: join(shots, 'resized-900x600.png') });
    await context.close();
  });

  test('renders at full resolution on a high-DPI screen and clicks still land', async () => {
    const { page, context } = await openApp(browser, gateway.url, { pixelRatio: 2 });
    await signIn(page, gateway.apiKey);
    const sharp = await waitForUi(page, 'pixel ratio 2', (s) => healthy(s) && s.pixel_ratio === 2 && s);
    assert.equal(sharp.canvas.width, 2560);
    assert.equal(sharp.canvas.height, 1600);
    // Same layout in CSS pixels as at ratio 1, so rectangles stay put.
    const nav = widget(sharp, 'nav', 'Contacts');
    assert.ok(nav.x > 0 && nav.x < 100 && nav.y > 100 && nav.y < 500, JSON.stringify(nav));
    await clickWidget(page, 'nav', 'Contacts');
    await waitForUi(page, 'Contacts open at ratio 2', (s) => widget(s, 'nav', 'Contacts')?.selected);
    await page.screenshot({ path: join(shots, 'high-dpi.png') });
    await context.close();
  });

  test('says when the gateway is gone and reconnects by itself when it is back', async () => {
    const { page, context } = await openApp(browser, gateway.url);
    await signIn(page, gateway.apiKey);
    await waitForUi(page, 'app ready', healthy);
    await gateway.stop();
    await waitForUi(page, 'live updates disconnected', (s) =>
      widget(s, 'field', 'Live updates:')?.value === 'disconnected');
    await waitForUi(page, 'health problem shown', (s) =>
      /^Problem: cannot reach the gateway/.test(widget(s, 'field', 'Gateway:')?.value ?? ''));
    await page.screenshot({ path: join(shots, 'gateway-down.png') });

    gateway = await startGateway({ dataDir: gateway.dataDir, port: gateway.port, webRoot, apiKey: gateway.apiKey });
    await waitForUi(page, 'recovered after restart', healthy, 30000);
    await context.close();
  });
});
