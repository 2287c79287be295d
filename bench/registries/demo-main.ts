// Entry point for our demo registry as a child process: `edge-registry demo ...` exactly as
// the CLI runs it, from the sources through tsx (electron/cli.ts only exports main; the
// packaged launcher bin/edge-registry.js needs a build first).
import { main } from '../../electron/cli.js';

process.exitCode = await main(process.argv.slice(2));
