// Drives Debian's chromium through playwright-core, and finds widgets through the app's UI test hook
// (window.wagwUi.snapshot()). Tests act only through real mouse and keyboard events at widget rectangles.
import { chromium } from 'playwright-core';

const launchFlags = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
];

export function launchBrowser() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: launchFlags });
}

export async function openApp(browser, url, { width = 1280, height = 800, pixelRatio = 1 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: pixelRatio });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(url);
  return { page, context, problems };
}

export function snapshot(page) {
  return page.evaluate(() => window.wagwUi.snapshot());
}

// Polls snapshots until `check(snapshot)` returns something truthy; fails naming `what` with the last frame.
export async function waitForUi(page, what, check, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await snapshot(page);
    const found = last.frame > 0 && check(last);
    if (found) return found;
    if (Date.now() > deadline) {
      const seen = (last.widgets || []).map((w) => `${w.kind}:${w.label}=${w.value}`).join(' | ');
      throw new Error(`timed out waiting for ${what}; last frame ${last.frame} showed: ${seen}`);
    }
    await page.waitForTimeout(100);
  }
}

export function widget(snap, kind, label) {
  return snap.widgets.find((w) => w.kind === kind && w.label === label && w.visible);
}

export async function clickWidget(page, kind, label) {
  const target = await waitForUi(page, `${kind} "${label}"`, (s) => widget(s, kind, label));
  await page.mouse.click(target.x + target.w / 2, target.y + target.h / 2);
  return target;
}

// Signs the app in as a person would: click the key field, type the key, press Enter. On a busy machine the
// first frames may still move the layout, so it clicks again until the field reports focus, and checks that
// every character landed (the probe shows a secret as one '*' a character) before pressing Enter. Enter is held
// for 80 ms as a hand would: a key that goes down and up within one frame is sometimes not seen by the app.
export async function signIn(page, key) {
  for (let attempt = 1; ; ++attempt) {
    await clickWidget(page, 'input', 'API key');
    try {
      await waitForUi(page, 'API key field focused', (s) => widget(s, 'input', 'API key')?.selected, 3000);
      break;
    } catch (error) {
      if (attempt === 5) throw error;
    }
  }
  await page.keyboard.type(key);
  await waitForUi(page, 'the whole key typed', (s) => widget(s, 'input', 'API key')?.value.length === key.length);
  await page.keyboard.press('Enter', { delay: 80 });
  await waitForUi(page, 'signed in', (s) => widget(s, 'nav', 'Dashboard'));
}
