// Every `edge-registry` sub-command, listed once. Add a command by writing
// electron/cli/<name>.ts that exports a Command and adding it here.
import type { Command } from './command.js';
import { serveCommand } from './serve.js';
import { demo } from './demo.js';
import { gc } from './gc.js';
import { fsck } from './fsck.js';
import { setupCommand } from './setup.js';
import { forgetCommand } from './forget.js';
import { loginCommand } from './login.js';
import { pushCommand } from './push.js';
import { lsCommand } from './ls.js';
import { rmCommand } from './rm.js';
import { runCommand } from './run.js';
import { k8sCommand } from './k8s.js';
import { doctorCommand } from './doctor.js';

export const commands: Command[] = [
  serveCommand,
  demo,
  gc,
  fsck,
  setupCommand,
  forgetCommand,
  loginCommand,
  pushCommand,
  lsCommand,
  rmCommand,
  runCommand,
  k8sCommand,
  doctorCommand,
];
