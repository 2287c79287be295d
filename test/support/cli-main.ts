// Runs the `edge-registry` CLI from the sources (what bin/edge-registry.js does with dist/):
//   node --import tsx test/support/cli-main.ts <command> [options]
import { main } from '../../electron/cli.js';

process.exitCode = await main(process.argv.slice(2));
