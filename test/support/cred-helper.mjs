#!/usr/bin/env node
// A small real Docker credential helper for tests (docker-credential-<name> protocol):
//   store  stdin {"ServerURL","Username","Secret"}      -> saves it
//   get    stdin SERVER_URL                             -> stdout {"ServerURL","Username","Secret"}
//   erase  stdin SERVER_URL                             -> removes it
//   list   (no input)                                   -> stdout {"SERVER_URL": "Username"}
// Entries go to the JSON file $EDGE_CRED_STORE; every argv is appended to $EDGE_CRED_STORE.argv
// so tests can check that no secret ever reached a command line.
import { readFileSync, writeFileSync, appendFileSync, existsSync } from 'node:fs';

const file = process.env.EDGE_CRED_STORE;
if (!file) {
  process.stdout.write('EDGE_CRED_STORE is not set');
  process.exit(1);
}
appendFileSync(`${file}.argv`, JSON.stringify(process.argv.slice(2)) + '\n');
const action = process.argv[2];
const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const input = Buffer.concat(chunks).toString('utf8').trim();
const store = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
const save = () => writeFileSync(file, JSON.stringify(store), { mode: 0o600 });

if (action === 'store') {
  const c = JSON.parse(input);
  store[c.ServerURL] = { Username: c.Username, Secret: c.Secret };
  save();
} else if (action === 'get') {
  const c = store[input];
  if (!c) {
    process.stdout.write('credentials not found in native keychain\n');
    process.exit(1);
  }
  process.stdout.write(JSON.stringify({ ServerURL: input, Username: c.Username, Secret: c.Secret }));
} else if (action === 'erase') {
  delete store[input];
  save();
} else if (action === 'list') {
  process.stdout.write(
    JSON.stringify(Object.fromEntries(Object.entries(store).map(([k, v]) => [k, v.Username]))),
  );
} else {
  process.stdout.write(`unknown action ${action}`);
  process.exit(1);
}
