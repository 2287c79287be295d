// The engine's answers to a distribution inspect, as Go and the registry phrase them, put
// in words (the live engine's answers are in test/integration/engine-trust.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyEngineAnswer } from '../../electron/docker/engine-trust.js';
import { say } from '../../shared/i18n/index.js';

const reg = 'ecr.dbe-x.local:31001';
const head = `Get "https://${reg}/v2/": `;

test("each of Go's TLS failures gets its own words, the engine's text kept verbatim", () => {
  const cases: [string, string, RegExp][] = [
    [
      `${head}tls: failed to verify certificate: x509: certificate signed by unknown authority`,
      'unknown-authority',
      /signed by a CA that Docker does not know .*restart it/,
    ],
    [
      `${head}tls: failed to verify certificate: x509: certificate is valid for other.local, not ecr.dbe-x.local`,
      'name-mismatch',
      /the certificate is for another name/,
    ],
    [
      `${head}x509: certificate has expired or is not yet valid: current time 2026-12-02T10:00:00Z is after 2026-01-01T00:00:00Z`,
      'expired',
      /has expired or is not valid yet .*clock/,
    ],
    [`${head}remote error: tls: handshake failure`, 'tls', /could not make a secure connection/],
    [`${head}http: server gave HTTP response to HTTPS client`, 'http', /answers plain HTTP/],
    [`${head}dial tcp 10.0.0.5:31001: connect: connection refused`, 'unreachable', /cannot reach/],
    ['something else entirely', 'engine', /could not check/],
  ];
  for (const [detail, problem, words] of cases) {
    const r = classifyEngineAnswer(reg, detail, true);
    assert.ok(!r.trusted, detail);
    assert.equal(r.problem, problem, detail);
    assert.equal(r.detail, detail);
    assert.match(r.message, words);
    assert.ok(r.message.includes(detail), 'the engine text is quoted');
    // The UI shows it in Russian too: a catalog entry, not the English fallback.
    assert.notEqual(say('ru', r.text), r.message);
  }
});

test('an answer from the registry itself means TLS worked: unknown name, or a login it wants', () => {
  const unknown = classifyEngineAnswer(reg, `${head}manifest unknown`, true);
  assert.deepEqual([unknown.trusted, unknown.message], [true, `Docker trusts ${reg} and accepts the login.`]);
  const wantsLogin = classifyEngineAnswer(reg, 'no basic auth credentials', false);
  assert.deepEqual(
    [wantsLogin.trusted, wantsLogin.message],
    [true, `Docker trusts the certificate of ${reg}.`],
  );
  const refused = classifyEngineAnswer(reg, 'unauthorized: incorrect username or password', true);
  assert.ok(!refused.trusted && refused.problem === 'credentials');
});
