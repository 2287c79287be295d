// The UI in Russian from start to end, in Chromium against the web host and the real backend:
// every screen and error state (Docker stopped, a device that does not answer, a wrong
// password) is checked for Latin-script words that are not commands, paths, image references
// or names on a short list (support/latin-words.ts). Also what the Russian walk brings up:
// tags in natural and date order, dates on one line, units in Russian, push offered only
// once this computer is set up, setup with Docker stopped, and a push that leaves no tag of
// its own in local Docker.
// Screenshots land in test/e2e/screenshots/ru-*.png (an artefact, git-ignored).
import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { createDispatcher, type Dispatch } from '../../electron/hosts/dispatcher.js';
import type { Companion } from '../../electron/app/companion.js';
import type { WebHost } from '../../electron/hosts/web.js';
import { projectRoot } from '../../electron/hosts/ui-assets.js';
import { say } from '../../shared/i18n/index.js';
import { startAppSession, type AppSession } from './support/app-session.js';
import { foreignWords } from './support/latin-words.js';
import { writeOciLayout } from '../support/oci-layout.js';
import { docker, makeBusyboxImage } from '../support/system.js';

const shots = join(projectRoot(), 'test', 'e2e', 'screenshots');
let s: AppSession;
let work: string;
let companion: Companion;
let dispatch: Dispatch;
let host: WebHost;
let page: Page;
/** The endpoint a test set up in the sandbox (the session undoes it when it closes). */
let setUpEndpoint: string | undefined;

const inSandbox = () => process.env.EDGE_TEST_NAMESPACE === '1' && process.getuid?.() === 0;
const withDocker = () => inSandbox() && Boolean(process.env.DOCKER_HOST);

const shot = (name: string) =>
  page.screenshot({ path: join(shots, `ru-${name}.png`), fullPage: true, animations: 'disabled' });

/**
 * The Latin-script words a reader sees on the page that are not allowed: text in data cells
 * (.mono: names, digests, endpoints), code blocks and tag chips is data, not the UI's language.
 */
async function foreignOnPage(): Promise<string[]> {
  const texts = await page.evaluate(() => {
    const data = 'script,style,select,option,textarea,pre,code,.mono,.tag-chip,[aria-hidden="true"]';
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      const s = n.textContent?.trim();
      if (!s || !el || el.closest(data) || !el.checkVisibility()) continue;
      out.push(s);
    }
    return out;
  });
  return texts.flatMap((s) => foreignWords(s).map((w) => `${w} (in "${s.slice(0, 80)}")`));
}

async function assertRussian(where: string): Promise<void> {
  assert.deepEqual(await foreignOnPage(), [], `English words on ${where}`);
}

async function dismissNotices(): Promise<void> {
  const dismiss = page.getByRole('button', { name: 'Скрыть' });
  while ((await dismiss.count()) > 0)
    await dismiss
      .first()
      .click({ timeout: 1000 })
      .catch(() => {});
}

/** skopeo copy of the OCI layout in `dir` to `repoTag` on the demo device. */
const skopeoPush = (dir: string, repoTag: string) => s.push(repoTag, dir);

/** Runs `fn` with DOCKER_HOST naming a socket that does not exist: Docker as if stopped. */
async function withDockerStopped<T>(fn: () => Promise<T>): Promise<T> {
  const saved = process.env.DOCKER_HOST;
  process.env.DOCKER_HOST = `unix://${join(work, 'stopped-docker.sock')}`;
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
  }
}

before(async () => {
  s = await startAppSession('e2e-ru-');
  ({ work, companion, host } = s);
  dispatch = createDispatcher(companion.api);
  // A Russian system: the app starts in Russian by itself.
  const context = await s.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ru-RU' });
  page = await context.newPage();
});

after(async () => {
  s?.undoSetupOnClose(setUpEndpoint);
  await s?.close();
});

test('the empty registry, the device and storage cards speak Russian', async () => {
  await page.goto(host.loginUrl());
  await page.getByRole('heading', { name: 'Реестр контейнеров' }).waitFor();
  await page.getByText('В реестре пока нет образов.').waitFor();
  assert.equal(await page.evaluate(() => navigator.language), 'ru-RU');
  await assertRussian('the empty registry');
  await shot('01-empty');
});

test('tags sort naturally (r1, r2, r10) and by date on request; dates stay on one line; sizes in Russian units', async () => {
  // Three images with their own creation dates: r10 the newest, r2 the oldest.
  for (const [tag, created] of [
    ['r10', '2026-03-01T10:00:00Z'],
    ['r2', '2026-01-01T10:00:00Z'],
    ['r1', '2026-02-01T10:00:00Z'],
  ] as const) {
    const dir = join(work, `oci-${tag}`);
    await writeOciLayout(dir, 'v1', [{ [`${tag}.txt`]: `${tag}\n` }], { created });
    await skopeoPush(dir, `demo/app:${tag}`);
  }
  await page.getByRole('button', { name: 'Обновить' }).click();
  const repo = page.getByRole('article', { name: 'demo/app' });
  const tagsInOrder = () => repo.locator('tbody tr .tag-chip').allTextContents();
  await repo.getByText('r10', { exact: true }).waitFor();
  assert.deepEqual(await tagsInOrder(), ['r1', 'r2', 'r10']);
  // Sizes and dates come per row after the names: sorting by date waits for them.
  await repo.locator('tbody td.num').filter({ hasText: /Б/ }).nth(2).waitFor();
  await repo.getByRole('button', { name: 'Создан' }).click();
  assert.deepEqual(await tagsInOrder(), ['r10', 'r1', 'r2'], 'newest first');
  assert.equal(
    await repo.getByRole('columnheader', { name: 'Создан' }).getAttribute('aria-sort'),
    'descending',
  );
  await repo.getByRole('button', { name: 'Тег' }).click();
  assert.deepEqual(await tagsInOrder(), ['r1', 'r2', 'r10']);
  // Units in Russian: a few hundred bytes is "Б", never "B".
  const sizes = await repo.locator('tbody td.num').allTextContents();
  assert.ok(
    sizes.every((s) => /^\d+(,\d)?\s(Б|КиБ|МиБ)$/.test(s)),
    sizes.join(' | '),
  );
  // The date cell holds one line of text, at the narrow window too.
  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 900, height: 700 },
  ]) {
    await page.setViewportSize(viewport);
    const lines = await repo.locator('tbody td.date').evaluateAll((cells) =>
      cells.map((td) => {
        const range = document.createRange();
        range.selectNodeContents(td);
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
      }),
    );
    assert.deepEqual(lines, [1, 1, 1], `${viewport.width}x${viewport.height}: lines per date cell`);
    if (viewport.width === 900) await shot('02-tags-900x700');
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await assertRussian('the repositories');
  await shot('02-tags');
});

test('a dropped .tar that holds no image: the job says why in Russian, naming the file as it was dropped', async () => {
  const dataTransfer = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['x'.repeat(2048)], 'заметки.tar', { type: 'application/x-tar' }));
    return dt;
  });
  await page.dispatchEvent('body', 'drop', { dataTransfer });
  const job = page.locator('.job', { hasText: 'заметки.tar' });
  // The app's staged copy has another name and folder; the user is told of the file they dropped.
  // The command is set as code, without the catalog's backticks.
  const message = job.locator('.job-message');
  await message
    .getByText('заметки.tar — не архив .tar. Отправьте файл, созданный командой docker save, или архив OCI.')
    .waitFor();
  assert.equal(await message.locator('code').textContent(), 'docker save');
  await assertRussian('a dropped file that is not an image');
  await shot('drop-not-an-image');
});

test('the delete, Kubernetes and storage dialogs speak Russian', async () => {
  // One-click delete: the row counts down in Russian with Undo, which the test takes.
  await page.getByRole('button', { name: 'Удалить demo/app:r1', exact: true }).click();
  const undo = page.getByRole('button', { name: 'Отменить удаление demo/app:r1' });
  await page
    .getByText(/^Удаление через \d+ с$/)
    .first()
    .waitFor();
  await assertRussian('a delete counting down');
  await shot('03-delete');
  await undo.click();
  await undo.waitFor({ state: 'detached' });
  await page
    .getByRole('article', { name: 'demo/app' })
    .getByRole('button', { name: 'YAML для Kubernetes' })
    .first()
    .click();
  const yaml = page.getByRole('dialog', { name: /YAML для Kubernetes/ });
  await yaml.getByText(/kind: Deployment/).waitFor();
  await assertRussian('the Kubernetes dialog');
  await yaml.getByRole('button', { name: 'Закрыть' }).first().click();
  await yaml.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Настройки' }).click();
  const settings = page.getByRole('dialog', { name: 'Настройки хранилища демо-устройства' });
  await settings.getByRole('checkbox', { name: 'Ограничить хранилище до' }).check();
  // The quota is offered, and read back, in Russian units.
  assert.equal(await settings.getByLabel('Квота хранилища').inputValue(), '10 ГиБ');
  await settings.getByLabel('Квота хранилища').fill('десять');
  await settings.getByText('Введите размер, например 10 ГиБ или 500 МиБ.').waitFor();
  await settings.getByLabel('Квота хранилища').fill('2 ГиБ');
  await assertRussian('the storage settings');
  await shot('04-storage-settings');
  await settings.getByRole('button', { name: 'Сохранить' }).click();
  await settings.waitFor({ state: 'detached' });
  assert.equal((await companion.demo!.settings()).quotaBytes, 2 * 1024 ** 3);
  await page.getByText(/из 2,0\sГиБ/).waitFor();
  await page.getByRole('button', { name: 'Настройки' }).click();
  await settings.getByRole('checkbox', { name: 'Ограничить хранилище до' }).uncheck();
  await settings.getByRole('button', { name: 'Сохранить' }).click();
  await settings.waitFor({ state: 'detached' });
  await dismissNotices();
});

test('Docker stopped: the local images view says so in Russian', async () => {
  await withDockerStopped(async () => {
    await page.getByRole('tab', { name: 'Локальные образы' }).click();
    await page.getByText(/^Docker (установлен, но не запущен|на этом компьютере не установлен)/).waitFor();
    await assertRussian('the local images view with Docker stopped');
    await shot('05-docker-stopped');
  });
});

test('a device that does not answer: setup says so in Russian, with the address as it is', async () => {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  await page.getByRole('tab', { name: 'Подключить устройство' }).click();
  await page.getByLabel('IP устройства').fill('127.0.0.1');
  await page.getByLabel('Порт').fill(String(port));
  await page.getByRole('button', { name: 'Найти устройство' }).click();
  await page.getByText(`По адресу 127.0.0.1:${port} никто не отвечает.`, { exact: false }).waitFor();
  await assertRussian('setup with an unreachable device');
  await shot('06-unreachable');
  await dismissNotices();
  await page.getByLabel('IP устройства').fill('');
  // A paste that is not the device's registry info.
  await page.getByLabel('Сведения о реестре (вставьте)').fill('hello');
  await page.getByRole('button', { name: 'Найти устройство' }).click();
  await page.getByText(/^Во вставленном тексте не найден адрес реестра/).waitFor();
  await assertRussian('setup with a paste that is not registry info');
  await dismissNotices();
});

test('a wrong password: the plan is refused before anything changes, in Russian', async () => {
  const info = companion.demo!.info;
  const pasted =
    `Endpoint                                   IPAddress    Username     Password\r\n` +
    `--------                                   ---------    --------     --------\r\n` +
    `${info.endpoint} ${info.ipAddress} ${info.username} wrong-${info.password.slice(6)}\r\n`;
  await page.getByLabel('Сведения о реестре (вставьте)').fill(pasted);
  await page.getByRole('button', { name: 'Найти устройство' }).click();
  await page.getByText(`Найдено: ${info.endpoint} по адресу 127.0.0.1`).waitFor();
  // Once parsed, the password is masked in the paste box, as on the device card.
  const box = await page.getByLabel('Сведения о реестре (вставьте)').inputValue();
  assert.ok(!box.includes(`wrong-${info.password.slice(6)}`), 'the pasted password is still readable');
  assert.match(box, /ase-ecr-user •{20,}/);
  await page.getByLabel(/Отпечаток сверен/).check();
  await page.getByRole('button', { name: 'Показать изменения' }).click();
  await page
    .getByText(new RegExp(`не принял пользователя «${info.username}» с этим паролем \\(HTTP 401\\)`))
    .first()
    .waitFor();
  assert.equal(await page.getByRole('heading', { name: 'Изменения на этом компьютере' }).count(), 0);
  await assertRussian('setup with a wrong password');
  await shot('07-wrong-password');
  await dismissNotices();
  await page.getByLabel('Сведения о реестре (вставьте)').fill('');
});

test('the setup plan of the demo device speaks Russian', async () => {
  await page.getByRole('button', { name: 'Использовать демо-устройство' }).click();
  await page.getByRole('button', { name: 'Показать изменения' }).click();
  await page.getByRole('heading', { name: 'Изменения на этом компьютере' }).waitFor();
  await assertRussian('the setup plan');
  await shot('08-plan');
});

test('before setup, pushing a local image is refused with what is missing, in Russian', async () => {
  const r = await dispatch('pushImage', [{ image: 'busybox:latest', repository: 'a/b', tag: 'v1' }]);
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.equal(r.error.code, 'NOT_SET_UP');
  assert.match(say('ru', r.error.text!), /^Этот компьютер ещё не настроен для ecr\.demo-edge\.local:\d+/);
  assert.deepEqual(foreignWords(say('ru', r.error.text!)), []);
});

test('before setup, the local images view offers setup instead of a push; each image is one row with its tags as chips', async (t: TestContext) => {
  if (!withDocker()) {
    t.skip("needs npm test's sandbox: a private dockerd");
    return;
  }
  makeBusyboxImage('local/ru-app:v1');
  docker(['tag', 'local/ru-app:v1', 'local/ru-app:also']);
  await page.getByRole('tab', { name: 'Локальные образы' }).click();
  await page.getByRole('button', { name: 'Обновить' }).click();
  const rows = page.getByRole('row').filter({ hasText: 'local/ru-app:v1' });
  await rows.first().waitFor();
  assert.equal(await rows.count(), 1, 'one row for the image with two tags');
  const row = rows.first();
  assert.deepEqual((await row.locator('.local-tag .mono').allTextContents()).sort(), [
    'local/ru-app:also',
    'local/ru-app:v1',
  ]);
  assert.equal(await row.getByRole('button', { name: 'Отправить', exact: true }).count(), 0);
  await page.getByText(/Docker не сможет отправлять образы в .* пока этот компьютер не настроен/).waitFor();
  await assertRussian('the local images before setup');
  await shot('09-images-not-set-up');
  await row.getByRole('button', { name: 'Настроить для отправки' }).click();
  await page.getByText(/^Найдено: ecr\.demo-edge\.local:\d+ по адресу 127\.0\.0\.1$/).waitFor();
  // Untagging: the other tag stays, and so does the image.
  await page.getByRole('tab', { name: 'Локальные образы' }).click();
  await row.getByRole('button', { name: 'Удалить тег local/ru-app:also из локального Docker' }).click();
  await page.getByText('Тег local/ru-app:also удалён; у образа остались другие теги.').waitFor();
  assert.notEqual(docker(['image', 'inspect', 'local/ru-app:also']).status, 0);
  assert.equal(docker(['image', 'inspect', 'local/ru-app:v1']).status, 0);
  await row.locator('.local-tag').filter({ hasText: 'local/ru-app:also' }).waitFor({ state: 'detached' });
});

test('setup with Docker stopped says what is done, what is not, and the one next step', async (t: TestContext) => {
  if (!inSandbox()) {
    t.skip("needs npm test's sandbox (the plan writes /etc/hosts and the CA folders)");
    return;
  }
  const endpoint = companion.demo!.info.endpoint;
  await dismissNotices();
  await page.getByRole('tab', { name: 'Подключить устройство' }).click();
  await page.getByRole('button', { name: 'Использовать демо-устройство' }).click();
  await page.getByRole('button', { name: 'Показать изменения' }).click();
  await page.getByRole('heading', { name: 'Изменения на этом компьютере' }).waitFor();
  await withDockerStopped(async () => {
    setUpEndpoint = endpoint;
    await page.getByRole('button', { name: 'Внести изменения' }).click();
    const job = page.locator('.job', { hasText: `Настройка ${endpoint}` });
    await job.locator('.job-status').getByText('Готово', { exact: true }).waitFor({ timeout: 60_000 });
    const said = (await job.locator('.job-status').textContent()) ?? '';
    const done = said.indexOf('Сделано: этот компьютер настроен для');
    const notDone = said.indexOf('Не сделано: Docker не запущен');
    const next = said.indexOf('Дальше: запустите Docker');
    assert.ok(done >= 0 && notDone > done && next > notDone, said);
    assert.doesNotMatch(said, /теперь работает/, 'no promise that docker login works');
    await assertRussian('setup done with Docker stopped');
    await shot('10-setup-docker-stopped');
  });
  await dismissNotices();
});

test('a push removes the registry tag it added to local Docker, done, failed or cancelled; tags the user made stay', async (t: TestContext) => {
  if (!withDocker() || !setUpEndpoint) {
    t.skip("needs npm test's sandbox with a private dockerd, and the setup test's hosts entry");
    return;
  }
  const endpoint = setUpEndpoint;
  const tagged = () =>
    docker(['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}'])
      .stdout.split('\n')
      .filter((r) => r.startsWith(`${endpoint}/`))
      .sort();
  // A tag the user made for this registry before: the push must keep it.
  docker(['tag', 'local/ru-app:v1', `${endpoint}/team/kept:v1`]);
  await page.getByRole('tab', { name: 'Локальные образы' }).click();
  await page.getByRole('button', { name: 'Обновить' }).click();
  const row = page.getByRole('row').filter({ hasText: 'local/ru-app:v1' }).first();
  const push = async (repository: string) => {
    await row.getByRole('button', { name: 'Отправить', exact: true }).click();
    const form = page.locator('.push-form');
    await form.getByLabel('Репозиторий').fill(repository);
    await form.getByLabel('Тег').fill('v1');
    await form.getByRole('button', { name: 'Отправить' }).click();
    return page.locator('.job', { hasText: `Отправка ${repository}:v1` });
  };
  const done = await push('team/pushed');
  await done.locator('.job-status').getByText('Готово', { exact: true }).waitFor({ timeout: 120_000 });
  const kept = await push('team/kept');
  await kept.locator('.job-status').getByText('Готово', { exact: true }).waitFor({ timeout: 120_000 });
  assert.deepEqual(tagged(), [`${endpoint}/team/kept:v1`]);

  // Failed: a quota the push cannot fit; the failure reads in Russian, the registry's words quoted.
  await companion.demo!.configure({ quotaBytes: 1024, gcSchedule: false });
  try {
    const failed = await push('team/over');
    await failed.locator('.job-status').getByText('Ошибка', { exact: true }).waitFor({ timeout: 120_000 });
    await failed.getByText(/квота хранилища исчерпана/).waitFor();
    await assertRussian('a failed push');
    await shot('11-push-failed');
  } finally {
    await companion.demo!.configure({ quotaBytes: null, gcSchedule: false });
  }
  assert.deepEqual(tagged(), [`${endpoint}/team/kept:v1`]);

  // Cancelled at once.
  const job = await companion.api.pushImage({
    image: 'local/ru-app:v1',
    repository: 'team/cancelled',
    tag: 'v1',
  });
  await companion.api.cancelJob(job);
  await page.locator('.job', { hasText: 'Отправка team/cancelled:v1' }).getByText('Отменено').waitFor();
  assert.deepEqual(tagged(), [`${endpoint}/team/kept:v1`]);
  assert.equal(docker(['image', 'inspect', 'local/ru-app:v1']).status, 0, "the user's image stays");
  await shot('12-after-pushes');
});
