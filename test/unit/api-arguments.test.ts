// Every method's argument is checked against its schema in shared/api.ts before the backend
// sees it: a wrongly typed, missing or unknown field answers BAD_REQUEST naming the field, never
// INTERNAL. The cases are generated from the table, so a new method is covered by itself.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as v from 'valibot';
import { apiMethodNames, apiMethods, type ApiMethod, type CompanionApi } from '../../shared/api.js';
import { say } from '../../shared/i18n/index.js';
import { createCompanion, type Companion } from '../../electron/app/companion.js';
import { createDispatcher, type Dispatch } from '../../electron/hosts/dispatcher.js';

type Schema = v.GenericSchema & {
  wrapped?: Schema;
  entries?: Record<string, Schema>;
  options?: readonly unknown[];
};

/** The schema under optional/nullable. */
const base = (s: Schema): Schema => (s.wrapped ? base(s.wrapped) : s);

/** A value the schema takes. */
function validValue(s: Schema): unknown {
  const b = base(s);
  switch (b.type) {
    case 'string':
      return 'a';
    case 'number':
    case 'custom':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'picklist':
      return b.options![0];
    case 'strict_object':
      return Object.fromEntries(Object.entries(b.entries!).map(([k, e]) => [k, validValue(e)]));
    default:
      throw new Error(`no valid value for a ${b.type} schema: teach this test`);
  }
}

/** A value of another JSON type than the schema takes. */
function wrongValue(s: Schema): unknown {
  return ['string', 'picklist'].includes(base(s).type) ? 5 : 'five';
}

/** The fields of a method's argument, [] for a method without one. */
const fieldsOf = (m: ApiMethod): [string, Schema][] =>
  Object.entries(base(apiMethods[m] as Schema).entries ?? {});

const required = (s: Schema) => s.type !== 'optional';
/** A string that must not be empty (an empty one is as good as missing). */
const nonEmpty = (s: Schema) =>
  (s as { pipe?: { type: string }[] }).pipe?.some((p) => p.type === 'non_empty');

let dir: string;
let companion: Companion;
let real: Dispatch;
const called: string[] = [];
/** Answers every method that runs, so a call that got through the schema is seen. */
const fake = createDispatcher(
  Object.fromEntries(
    apiMethodNames.map((m) => [
      m,
      async () => {
        called.push(m);
        return 'ran';
      },
    ]),
  ) as unknown as CompanionApi,
);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'api-arguments-'));
  companion = await createCompanion({ host: 'web', dataDir: dir, demo: false });
  real = createDispatcher(companion.api, { logError: () => {} });
});

after(async () => {
  await companion.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Asserts BAD_REQUEST whose message names `field` (and says `why`), from the real backend and before any method runs. */
async function assertRefused(method: ApiMethod, arg: unknown, field: string, why: RegExp) {
  for (const dispatch of [real, fake]) {
    const r = await dispatch(method, [arg]);
    const label = `${method}(${JSON.stringify(arg)})`;
    assert.equal(r.ok, false, label);
    if (r.ok) continue;
    assert.equal(r.error.code, 'BAD_REQUEST', `${label}: ${r.error.message}`);
    assert.ok(r.error.message.startsWith(`${method}: ${field} `), `${label}: ${r.error.message}`);
    assert.match(r.error.message, why, label);
    assert.ok(r.error.text, `${label} carries a Text`);
    assert.match(say('ru', r.error.text), new RegExp(`^${method}: поле ${field.replace(/[[\]]/g, '\\$&')} `));
  }
  assert.deepEqual(called, [], `${method} must not run`);
}

test('every method takes the argument its schema describes (the generated arguments are valid)', async () => {
  for (const m of apiMethodNames) {
    const arg = validValue(apiMethods[m] as Schema);
    assert.deepEqual(await fake(m, [arg]), { ok: true, result: 'ran' }, m);
  }
  assert.deepEqual(called, apiMethodNames);
  called.length = 0;
});

test('a wrongly typed field of any method answers BAD_REQUEST naming the field, never INTERNAL', async () => {
  let cases = 0;
  for (const m of apiMethodNames) {
    for (const [field, schema] of fieldsOf(m)) {
      const arg = { ...(validValue(apiMethods[m] as Schema) as object), [field]: wrongValue(schema) };
      await assertRefused(m, arg, field, /must be (a|an|one of|true) /);
      cases++;
    }
  }
  assert.ok(cases >= 30, `${cases} fields checked`);
});

test('a missing required field, and a field no method takes, answer BAD_REQUEST naming it', async () => {
  for (const m of apiMethodNames) {
    const valid = validValue(apiMethods[m] as Schema) as Record<string, unknown>;
    for (const [field, schema] of fieldsOf(m).filter(([, s]) => required(s))) {
      const { [field]: _dropped, ...rest } = valid;
      await assertRefused(m, rest, field, /is missing/);
      if (nonEmpty(schema)) await assertRefused(m, { ...valid, [field]: '' }, field, /is missing/);
    }
    await assertRefused(m, { ...valid, nameSpace: 'x' }, 'nameSpace', /is not an argument of this method/);
  }
});

test('nested fields and list items are named with their path', async () => {
  const caFile = { name: 'ca.crt', base64: 5 };
  await assertRefused('discoverDevice', { ip: '127.0.0.1', caFile }, 'caFile.base64', /must be a string/);
  const siblings = { repository: 'app', tag: 'v1', confirmedSiblings: ['v2', 3] };
  await assertRefused('deleteTag', siblings, 'confirmedSiblings[1]', /must be a string/);
  await assertRefused(
    'kubernetesYaml',
    { repository: 'a', tag: 'b', kind: 'job' },
    'kind',
    /must be one of "deployment", "pod"/,
  );
});

test('kubernetesYaml({namespace: 5}) is BAD_REQUEST with the field named (it was INTERNAL)', async () => {
  const r = await real('kubernetesYaml', [{ repository: 'app', tag: 'v1', namespace: 5 }]);
  assert.deepEqual(r.ok ? r : { code: r.error.code, message: r.error.message.split('. ')[0] }, {
    code: 'BAD_REQUEST',
    message: 'kubernetesYaml: namespace must be a string',
  });
});
