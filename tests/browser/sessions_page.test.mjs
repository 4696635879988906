// The Sessions page (and the dashboard's cards) as a newcomer uses them, against the real gateway in demo mode: the empty state, linking a
// first account by name, the QR code drawn on screen (read back from a screenshot, it says what the API says),
// the demo phone scanning it, the state turning "Connected" live, and a confirmed delete.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

import { clickWidget, launchBrowser, openApp, signIn, waitForUi, widget } from '../support/browser.mjs';
import { makeApiKey, startGateway } from '../support/gateway.mjs';

const webRoot = process.env.WAGW_WEB_ROOT;
const shots = join(process.env.WAGW_TEST_OUTPUT || '.', 'browser');
mkdirSync(shots, { recursive: true });

const nameField = 'Name (for example "Shop" or "Support")';
const hasText = (s, pattern) => s.widgets.some((w) => w.kind === 'text' && pattern.test(w.value));

describe('sessions page', () => {
  let gateway;
  let browser;

  before(async () => {
    gateway = await startGateway({ webRoot, apiKey: makeApiKey(), extraArgs: ['--demo'] });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await gateway?.stop();
    gateway?.removeData();
  });

  const api = async (method, path) => {
    const reply = await fetch(`${gateway.url}${path}`, { method, headers: { 'X-Api-Key': gateway.apiKey } });
    return { status: reply.status, json: await reply.json() };
  };

  test('links a first account by QR code and deletes it after asking', async () => {
    const { page, context, problems } = await openApp(browser, gateway.url);
    await signIn(page, gateway.apiKey);
    // The dashboard walks a newcomer to the Sessions page.
    await clickWidget(page, 'button', 'Link your first WhatsApp');
    await waitForUi(page, 'the Sessions page', (s) => widget(s, 'nav', 'Sessions')?.selected);
    await waitForUi(page, 'the empty state', (s) => hasText(s, /^No WhatsApp account is linked yet/));
    await page.screenshot({ path: join(shots, 'sessions-empty.png') });

    await clickWidget(page, 'input', nameField);
    await page.keyboard.type('Shop');
    await waitForUi(page, 'the name typed', (s) => widget(s, 'input', nameField)?.value === 'Shop');
    await clickWidget(page, 'button', 'Link a WhatsApp account');

    // The code on screen, read back from the pixels, is the code the API hands out.
    const shown = await waitForUi(page, 'a QR code on screen', (s) => widget(s, 'qr', 'QR code'), 20000);
    const { sessions } = (await api('GET', '/api/sessions')).json;
    assert.equal(sessions.length, 1);
    assert.equal(sessions[0].name, 'Shop');
    const id = sessions[0].id;
    const qr = await api('GET', `/api/sessions/${id}/qr`);
    assert.equal(qr.status, 200);
    const png = PNG.sync.read(await page.screenshot({
      clip: { x: shown.x, y: shown.y, width: shown.w, height: shown.h },
    }));
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    assert.ok(decoded, 'the QR code on screen can be scanned');
    assert.equal(decoded.data, shown.value);
    assert.equal(shown.value, qr.json.qr, 'the screen shows the current code');
    await page.screenshot({ path: join(shots, 'sessions-scan-qr.png') });

    await clickWidget(page, 'button', 'Scan with the demo phone');
    await waitForUi(page, 'connected, without a reload', (s) =>
      widget(s, 'status', 'State')?.value === 'Connected' && widget(s, 'field', 'Phone number:'), 30000);
    const linked = await api('GET', `/api/sessions/${id}`);
    assert.equal(linked.json.state, 'connected');
    const row = await waitForUi(page, 'the list says connected', (s) => widget(s, 'status', 'Shop'));
    assert.equal(row.value, 'Connected');
    await page.screenshot({ path: join(shots, 'sessions-connected.png') });

    // The dashboard shows the account's card, live, and the card opens it.
    await clickWidget(page, 'nav', 'Dashboard');
    await waitForUi(page, 'a connected card', (s) => widget(s, 'status', 'Shop')?.value === 'Connected');
    await waitForUi(page, 'the activity in words', (s) => hasText(s, /^Shop: Connected$/) &&
      !s.widgets.some((w) => w.kind === 'text' && /^(session|message)\.[a-z_]+$/.test(w.value)));
    await page.screenshot({ path: join(shots, 'dashboard-one-account.png') });
    await clickWidget(page, 'row', 'Shop');
    await waitForUi(page, 'the session open', (s) =>
      widget(s, 'nav', 'Sessions')?.selected && widget(s, 'heading', 'Shop'));

    await clickWidget(page, 'button', 'Delete');
    await waitForUi(page, 'a question first', (s) => widget(s, 'dialog', 'Delete this session?'));
    await clickWidget(page, 'button', 'Cancel');
    await waitForUi(page, 'nothing deleted on cancel', (s) => !widget(s, 'dialog', 'Delete this session?'));
    assert.equal((await api('GET', `/api/sessions/${id}`)).status, 200);

    await clickWidget(page, 'button', 'Delete');
    await clickWidget(page, 'button', 'Delete it');
    await waitForUi(page, 'the empty state again', (s) => hasText(s, /^No WhatsApp account is linked yet/), 20000);
    assert.equal((await api('GET', `/api/sessions/${id}`)).status, 404);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('says why a name is refused', async () => {
    const { page, context } = await openApp(browser, gateway.url);
    await signIn(page, gateway.apiKey);
    await clickWidget(page, 'nav', 'Sessions');
    const before = (await api('GET', '/api/sessions')).json.sessions.length;
    await clickWidget(page, 'button', 'Link a WhatsApp account');
    await waitForUi(page, 'asks for a name', (s) => widget(s, 'status', 'Problem')?.value === 'Give the account a name first.');
    await clickWidget(page, 'input', nameField);
    await page.keyboard.type('   ');
    await clickWidget(page, 'button', 'Link a WhatsApp account');
    const refused = await waitForUi(page, "the server's reason", (s) => {
      const problem = widget(s, 'status', 'Problem');
      return problem && problem.value !== 'Give the account a name first.' && problem;
    });
    assert.match(refused.value, /name/i);
    assert.equal((await api('GET', '/api/sessions')).json.sessions.length, before, 'nothing created');
    await context.close();
  });
});
