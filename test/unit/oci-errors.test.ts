// The one registry error table (shared/oci-errors.ts): what the embedded registry answers with
// it, the registry client reads back as the same code, status and message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ociCodeForStatus, ociError, type OciErrorCode } from '../../shared/oci-errors.js';
import { ServedError } from '../../electron/registry-server/errors.js';
import { errorFromResponse } from '../../electron/registry-client/errors.js';

const codes: OciErrorCode[] = [
  'BLOB_UNKNOWN',
  'BLOB_UPLOAD_INVALID',
  'BLOB_UPLOAD_UNKNOWN',
  'DIGEST_INVALID',
  'MANIFEST_BLOB_UNKNOWN',
  'MANIFEST_INVALID',
  'MANIFEST_UNKNOWN',
  'NAME_INVALID',
  'NAME_UNKNOWN',
  'SIZE_INVALID',
  'UNAUTHORIZED',
  'DENIED',
  'UNSUPPORTED',
  'TOOMANYREQUESTS',
  'PAGINATION_NUMBER_INVALID',
  'RANGE_INVALID',
  'NOT_FOUND',
  'SETTINGS_INVALID',
  'UNKNOWN',
];

test('every code the server answers is read back by the client as the same code, status and message', () => {
  for (const code of codes) {
    const served = new ServedError(code);
    const { status, message } = ociError(code);
    assert.equal(served.status, status, code);
    assert.equal(served.message, message, code);
    const read = errorFromResponse(served.status, served.body(), { registry: 'r.example:5000' });
    assert.equal(read.code, code);
    assert.equal(read.status, status, code);
    assert.equal(read.registryMessage, message, code);
  }
});

test('a bare error status stands for the code of the table answered with that status', () => {
  for (const status of [401, 403, 404, 405, 429]) {
    const code = ociCodeForStatus(status);
    assert.notEqual(code, 'UNKNOWN', String(status));
    assert.equal(ociError(code).status, status, code);
    assert.equal(errorFromResponse(status, '', { registry: 'r.example:5000' }).code, code);
  }
  assert.equal(ociCodeForStatus(500), 'UNKNOWN');
  assert.equal(ociCodeForStatus(502), 'UNKNOWN');
});
