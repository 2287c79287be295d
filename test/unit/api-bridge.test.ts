// The bridge (window.companion) is derived from shared/api's table: every method, no
// other, and errors-as-data come back as thrown ApiError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, apiEvents, apiMethodNames, isApiMethod, type ApiResult } from '../../shared/api.js';
import { createBridge, unwrap, type BridgeTransport } from '../../shared/bridge.js';

function recordingTransport(answer: (method: string, args: unknown[]) => ApiResult<unknown>) {
  const calls: { method: string; args: unknown[] }[] = [];
  let emit: ((event: string, payload: unknown) => void) | undefined;
  let subscriptions = 0;
  const transport: BridgeTransport = {
    async call(method, args) {
      calls.push({ method, args });
      return answer(method, args);
    },
    subscribe(listener) {
      subscriptions++;
      emit = listener;
      return () => {
        subscriptions--;
        emit = undefined;
      };
    },
    async stageFile(file) {
      return { ok: true, result: { id: 'f1', name: file.name, size: file.size } };
    },
  };
  return {
    transport,
    calls,
    emit: (e: string, p: unknown) => emit?.(e, p),
    subscriptions: () => subscriptions,
  };
}

test('the bridge has exactly one function per method in apiMethods, plus on and stageFile', () => {
  const { transport } = recordingTransport(() => ({ ok: true, result: null }));
  const bridge = createBridge(transport);
  const keys = Object.keys(bridge).sort();
  assert.deepEqual(keys, [...apiMethodNames, 'on', 'stageFile'].sort());
  for (const m of apiMethodNames) assert.equal(typeof bridge[m], 'function', m);
  assert.ok(Object.isFrozen(bridge));
});

test('each method sends its own name and its argument through the one call channel', async () => {
  const { transport, calls } = recordingTransport((method) => ({ ok: true, result: `${method}-result` }));
  const bridge = createBridge(transport);
  assert.equal(await bridge.previewDelete({ repository: 'demo/app', tag: 'v1' }), 'previewDelete-result');
  assert.equal(await bridge.appInfo(), 'appInfo-result');
  assert.deepEqual(calls, [
    { method: 'previewDelete', args: [{ repository: 'demo/app', tag: 'v1' }] },
    { method: 'appInfo', args: [] },
  ]);
});

test('an error result is rethrown as ApiError with its code and message', async () => {
  const { transport } = recordingTransport(() => ({
    ok: false,
    error: { code: 'DENIED', message: 'Quota of 1 GiB reached: delete images, then reclaim space.' },
  }));
  const bridge = createBridge(transport);
  await assert.rejects(bridge.storageUsage(), (e: unknown) => {
    assert.ok(e instanceof ApiError);
    assert.equal(e.code, 'DENIED');
    assert.match(e.message, /Quota of 1 GiB/);
    return true;
  });
});

test('unwrap refuses something that is not a result', () => {
  assert.throws(
    () => unwrap(42 as unknown as ApiResult<number>),
    (e: unknown) => e instanceof ApiError && e.code === 'INTERNAL',
  );
});

test('events reach only listeners of that event; unknown events are dropped; the last off unsubscribes', () => {
  const t = recordingTransport(() => ({ ok: true, result: null }));
  const bridge = createBridge(t.transport);
  const jobs: unknown[] = [];
  const changes: unknown[] = [];
  const offJob = bridge.on('job', (p) => jobs.push(p));
  const offChanged = bridge.on('changed', (p) => changes.push(p));
  assert.equal(t.subscriptions(), 1, 'one transport subscription for all listeners');
  t.emit('job', { id: '1' });
  t.emit('changed', { what: 'storage' });
  t.emit('not-an-event', { x: 1 });
  assert.deepEqual(jobs, [{ id: '1' }]);
  assert.deepEqual(changes, [{ what: 'storage' }]);
  offJob();
  assert.equal(t.subscriptions(), 1);
  offChanged();
  assert.equal(t.subscriptions(), 0);
  assert.throws(() => bridge.on('nope' as 'job', () => {}), ApiError);
});

test('a failing listener does not keep the others from the event', () => {
  const t = recordingTransport(() => ({ ok: true, result: null }));
  const bridge = createBridge(t.transport);
  const seen: string[] = [];
  const original = console.error;
  console.error = () => {};
  try {
    bridge.on('job', () => {
      throw new Error('listener bug');
    });
    bridge.on('job', () => seen.push('second'));
    t.emit('job', { id: '1' });
  } finally {
    console.error = original;
  }
  assert.deepEqual(seen, ['second']);
});

test('the contract lists are consistent', () => {
  assert.equal(new Set(apiEvents).size, apiEvents.length, 'no event listed twice');
  assert.ok(isApiMethod('appInfo'));
  assert.ok(!isApiMethod('constructor'));
  assert.ok(!isApiMethod('toString'));
  assert.ok(!isApiMethod('__proto__'));
  assert.ok(!isApiMethod('hasOwnProperty'));
  assert.ok(!isApiMethod(undefined));
});
