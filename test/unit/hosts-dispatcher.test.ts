// The dispatcher every host shares: unknown methods and bad arguments are refused as
// data, errors of any kind come back as { ok: false, error } with a stable code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, apiMethodNames, type CompanionApi } from '../../shared/api.js';
import { createDispatcher } from '../../electron/hosts/dispatcher.js';

function fakeApi(overrides: Partial<CompanionApi>): CompanionApi {
  const base = Object.fromEntries(
    apiMethodNames.map((m) => [
      m,
      async () => {
        throw new ApiError('UNAVAILABLE', `${m} is not in this fake`);
      },
    ]),
  ) as unknown as CompanionApi;
  return { ...base, ...overrides };
}

test('a known method runs with its one argument and its result comes back as data', async () => {
  const seen: unknown[] = [];
  const dispatch = createDispatcher(
    fakeApi({
      async previewDelete(args) {
        seen.push(args);
        return {
          repository: args.repository,
          tag: args.tag,
          digest: 'sha256:aa',
          siblingTags: [],
          mode: 'tag',
        };
      },
    }),
  );
  const r = await dispatch('previewDelete', [{ repository: 'r', tag: 't' }]);
  assert.deepEqual(r, {
    ok: true,
    result: { repository: 'r', tag: 't', digest: 'sha256:aa', siblingTags: [], mode: 'tag' },
  });
  assert.deepEqual(seen, [{ repository: 'r', tag: 't' }]);
});

test('a method that resolves to nothing answers null (JSON has no undefined)', async () => {
  const dispatch = createDispatcher(fakeApi({ async cancelJob() {} }));
  assert.deepEqual(await dispatch('cancelJob', [{ id: 'x' }]), { ok: true, result: null });
});

test('an unknown method is refused without calling anything', async () => {
  const dispatch = createDispatcher(fakeApi({}));
  for (const name of ['rmrf', 'constructor', '__proto__', 'hasOwnProperty', 42, null, undefined]) {
    const r = await dispatch(name, []);
    assert.equal(r.ok, false, String(name));
    if (!r.ok) assert.equal(r.error.code, 'UNKNOWN_METHOD');
  }
});

test('arguments that are not at most one plain object are refused', async () => {
  let called = false;
  const dispatch = createDispatcher(
    fakeApi({
      async deleteTag() {
        called = true;
        return { deleted: [], digest: '' };
      },
    }),
  );
  for (const args of ['x', [1], [{}, {}], [[]], [null], { length: 1 }]) {
    const r = await dispatch('deleteTag', args);
    assert.equal(r.ok, false, JSON.stringify(args));
    if (!r.ok) assert.equal(r.error.code, 'BAD_REQUEST');
  }
  assert.equal(called, false);
  assert.equal(
    (await dispatch('appInfo', undefined)).ok,
    false,
    'the fake appInfo throws, but the call itself is accepted',
  );
});

test('an ApiError keeps its code and message; it is not logged as a bug', async () => {
  const logged: unknown[] = [];
  const dispatch = createDispatcher(
    fakeApi({
      async storageUsage() {
        throw new ApiError('DENIED', 'Wrong password: log in again.');
      },
    }),
    { logError: (_m, e) => logged.push(e) },
  );
  assert.deepEqual(await dispatch('storageUsage', []), {
    ok: false,
    error: { code: 'DENIED', message: 'Wrong password: log in again.' },
  });
  assert.equal(logged.length, 0);
});

test('a module error keeps its stable code and is not logged; anything else becomes INTERNAL and is logged', async () => {
  const logged: string[] = [];
  const moduleError = Object.assign(new Error('The registry refused: quota reached.'), { code: 'DENIED' });
  const errno = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
  const dispatch = createDispatcher(
    fakeApi({
      async listRepositoryNames() {
        throw moduleError;
      },
      async listLocalImages() {
        throw errno;
      },
      async collectGarbage() {
        throw 'a string';
      },
    }),
    { logError: (m) => logged.push(m) },
  );
  assert.deepEqual(await dispatch('listRepositoryNames', []), {
    ok: false,
    error: { code: 'DENIED', message: 'The registry refused: quota reached.' },
  });
  const r2 = await dispatch('listLocalImages', []);
  assert.equal(r2.ok, false);
  if (!r2.ok) assert.equal(r2.error.code, 'ECONNREFUSED');
  const r3 = await dispatch('collectGarbage', []);
  assert.equal(r3.ok, false);
  if (!r3.ok) assert.equal(r3.error.code, 'INTERNAL');
  assert.deepEqual(logged, ['collectGarbage']);
});

test('messages reach the UI as sentences: a plain first word capitalized, a full stop added, names left as they are', async () => {
  const thrown = [
    "the device's disk is full; delete images and run garbage collection",
    'ecr.demo-edge.local:31001 did not answer',
    '/etc/hosts is read-only (a mount)',
    '(Already a sentence.)',
    'cannot write /data: its disk is read-only. Use a folder on a writable disk, or make this one writable.',
  ];
  let next = 0;
  const dispatch = createDispatcher(
    fakeApi({
      async storageUsage() {
        throw Object.assign(new Error(thrown[next++]), { code: 'DENIED' });
      },
    }),
    { logError: () => {} },
  );
  const shown: string[] = [];
  for (let i = 0; i < thrown.length; i++) {
    const r = await dispatch('storageUsage', []);
    if (!r.ok) shown.push(r.error.message);
  }
  assert.deepEqual(shown, [
    "The device's disk is full; delete images and run garbage collection.",
    'ecr.demo-edge.local:31001 did not answer.',
    '/etc/hosts is read-only (a mount).',
    '(Already a sentence.)',
    'Cannot write /data: its disk is read-only. Use a folder on a writable disk, or make this one writable.',
  ]);
});
