// End to end with a real browser: the C host starts a login, the library opens the login URL
// through BROWSER, headless Chromium loads it and a person signs in with the keyboard, and
// the host's own poll loop must then report that person.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const devserverPath = process.env.NOVA_DEVSERVER ?? join(root, 'target/debug/nova-devserver');
const hostPath = join(root, 'target/e2e/host'); // built by tests/e2e/run.sh
const screenshotPath = join(root, 'target/e2e/login-page.png');
const STEP_MS = 15000;

let devserver;
let baseUrl;
let profileDir;
let browser;

before(async () => {
  devserver = spawn(devserverPath, ['--host', '127.0.0.1', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const firstLine = await Promise.race([
    new Promise((resolve) => createInterface({ input: devserver.stdout }).once('line', resolve)),
    new Promise((_, reject) => devserver.once('exit', (code) => reject(new Error(`dev server exited: ${code}`)))),
  ]);
  baseUrl = firstLine.trim();
  assert.match(baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/, 'the dev server prints its base URL first');

  // A fresh profile every run, so nothing a past run left behind (cookies, cache) counts.
  profileDir = mkdtempSync(join(tmpdir(), 'nova-e2e-profile-'));
  browser = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
    viewport: { width: 800, height: 720 },
  });
});

after(async () => {
  await browser?.close();
  devserver?.kill();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
});

// Runs the C host with BROWSER set to a script that appends each URL to a file; resolves
// the URL once the library has opened it.
function startHost(workDir) {
  const urlFile = join(workDir, 'opened-urls.txt');
  const host = spawn(hostPath, [baseUrl], {
    env: { ...process.env, BROWSER: join(here, 'browser.sh'), NOVA_E2E_URL_FILE: urlFile },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  host.stdout.on('data', (chunk) => { output += chunk; });
  const exited = new Promise((resolve) => host.once('exit', (code) => resolve({ code, output })));

  const opened = (async () => {
    const deadline = Date.now() + STEP_MS;
    while (Date.now() < deadline) {
      let text = '';
      try { text = readFileSync(urlFile, 'utf8'); } catch { /* not opened yet */ }
      if (text.endsWith('\n')) return text.trim();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`the library opened no URL within ${STEP_MS} ms (host output: ${output})`);
  })();
  return { host, opened, exited };
}

function withinStep(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${STEP_MS} ms`)), STEP_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Presses Tab until the button named `name` has the focus; fails if it never does.
async function tabTo(page, name) {
  const button = page.getByRole('button', { name });
  for (let presses = 1; presses <= 10; presses++) {
    await page.keyboard.press('Tab');
    if (await button.evaluate((element) => element === document.activeElement)) return presses;
  }
  const focused = await page.evaluate(() => document.activeElement?.outerHTML ?? 'nothing');
  assert.fail(`focus on the "${name}" button: expected within 10 Tab presses, got ${focused}`);
}

// One person's whole sign-in; `look` may check the page before the keyboard is used, and
// `screenshot` saves the page with the chosen button focused.
async function signInWithKeyboard({ buttonName, uid, name }, { look, screenshot } = {}) {
  const workDir = mkdtempSync(join(tmpdir(), 'nova-e2e-'));
  const { host, opened, exited } = startHost(workDir);
  // Each person starts from a browser signed out: the dev server, like production, completes
  // a session at once with the account a browser is already signed in with.
  await browser.clearCookies();
  const page = await browser.newPage();
  try {
    const url = await opened;
    assert.ok(url.startsWith(`${baseUrl}/login?session=session_`),
      `the URL opened: expected ${baseUrl}/login?session=session_..., got ${url}`);

    await page.goto(url);
    if (look) await look(page);
    await tabTo(page, buttonName);
    if (screenshot) {
      mkdirSync(dirname(screenshot), { recursive: true });
      await page.screenshot({ path: screenshot, fullPage: true });
    }
    await Promise.all([page.waitForURL(/\/auth-callback\?/), page.keyboard.press('Enter')]);
    const said = await page.locator('body').innerText();
    assert.ok(said.includes(`Signed in as ${name}`),
      `the page after Enter: expected "Signed in as ${name}", got ${JSON.stringify(said)}`);

    const { code, output } = await withinStep(exited, 'the host reporting the sign-in');
    assert.equal(output.trim(), `NOVA_COMPLETED ${uid} ${name}`, 'the host\'s report');
    assert.equal(code, 0, 'the host\'s exit status');
  } finally {
    host.kill();
    await page.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}

// The page as a person meets it: a heading and one button per provider, found by role and
// accessible name as assistive technology finds them.
async function checkPageIsUsable(page) {
  const heading = page.getByRole('heading', { level: 1 });
  assert.equal(await heading.innerText(), 'Sign in to Nova AI', 'the page\'s heading');
  assert.equal(await page.getByRole('button').count(), 3, 'buttons on the page');
  for (const provider of ['Google', 'Naver', 'Kakao']) {
    const button = page.getByRole('button', { name: new RegExp(provider) });
    assert.equal(await button.count(), 1, `buttons named after ${provider}`);
    assert.ok(await button.isVisible(), `the ${provider} button is visible`);
  }
}

test('login page opened by the library is usable and a Google sign-in by keyboard reaches the host', { timeout: 60000 }, async () => {
  await signInWithKeyboard(
    { buttonName: 'Continue with Google', uid: 'dev-google-4f1c9a', name: 'Ada Lovelace' },
    { look: checkPageIsUsable, screenshot: screenshotPath },
  );
});

test('keyboard alone signs in with Kakao and the host gets the Korean name intact', { timeout: 60000 }, async () => {
  await signInWithKeyboard({ buttonName: 'Continue with Kakao', uid: 'dev-kakao-3d8e55', name: '이서준' });
});
