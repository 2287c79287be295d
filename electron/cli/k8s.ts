// `edge-registry k8s ENDPOINT/REPO:TAG`: Kubernetes YAML for a pushed image (Deployment or
// Pod pulling Always with imagePullSecrets, as the device manual's Pod), and optionally a
// dockerconfigjson Secret from the stored login, never under the device's own name unless asked.
import { CliError, ExitCode, defineCommand, parseChoice } from './command.js';
import {
  devicePullSecret,
  defaultPullPolicy,
  kubernetesYaml,
  ownPullSecret,
  pullPolicies,
  pullSecretChoice,
} from '../../shared/kubernetes.js';
import { getCredentials } from '../docker/index.js';
import { formatImageRef } from '../registry-client/index.js';
import { refArg } from './push.js';

function positiveInt(text: string | undefined, what: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new CliError(`invalid ${what} '${text}': use a whole number.`, ExitCode.usage);
  return n;
}

export const k8sCommand = defineCommand({
  name: 'k8s',
  summary: 'Print Kubernetes YAML (Deployment or Pod, pull Secret) for an image',
  usage: ['ENDPOINT/REPO:TAG [options]'],
  description: `Prints YAML for \`kubectl apply -f -\`: a Deployment (or Pod) that pulls the image
(imagePullPolicy ${defaultPullPolicy}) with imagePullSecrets ${devicePullSecret}, the Secret the
device keeps in every namespace. --with-secret adds a Secret of your own
(${ownPullSecret}) and pulls with that.`,
  options: {
    kind: { type: 'string', value: 'deployment|pod', description: 'what to make', default: 'deployment' },
    name: { type: 'string', value: 'NAME', description: 'object name (default: from the repository)' },
    namespace: { type: 'string', value: 'NS', description: 'namespace' },
    secret: {
      type: 'string',
      value: 'NAME',
      description: `imagePullSecrets name (default ${devicePullSecret}; with --with-secret ${ownPullSecret})`,
    },
    'pull-policy': {
      type: 'string',
      value: pullPolicies.join('|'),
      description: 'imagePullPolicy',
      default: defaultPullPolicy,
    },
    port: { type: 'string', value: 'N', description: 'container port to declare' },
    replicas: { type: 'string', value: 'N', description: 'Deployment replicas (default 1)' },
    'with-secret': {
      type: 'boolean',
      description: `also print a kubernetes.io/dockerconfigjson Secret from your stored login (named ${ownPullSecret} unless --secret; it holds the password: pipe it to kubectl, do not commit it)`,
    },
    'overwrite-device-secret': {
      type: 'boolean',
      description: `print that Secret as ${devicePullSecret}: applying it replaces the device's own Secret in that namespace (implies --with-secret)`,
    },
  },
  positionals: true,
  async run(values, positionals, io) {
    const ref = refArg(positionals[0], 'the image');
    const kind = parseChoice(values.kind, '--kind', ['deployment', 'pod']);
    const pullPolicy = parseChoice(values['pull-policy'], '--pull-policy', pullPolicies);
    const secret = pullSecretChoice({
      secretName: values.secret,
      withSecret: values['with-secret'],
      overwriteDeviceSecret: values['overwrite-device-secret'],
    });
    if (secret.overwritesDevice)
      throw new CliError(
        `a Secret named ${devicePullSecret} would replace the one the device keeps in every namespace when applied. Leave out --secret (ours is then ${ownPullSecret}), or add --overwrite-device-secret if replacing it is what you want.`,
        ExitCode.usage,
      );
    let login;
    if (secret.write) {
      const creds = await getCredentials(ref.registry);
      if (!creds)
        throw new CliError(
          `no stored login for ${ref.registry}: run \`edge-registry login ${ref.registry}\` first (it asks for the user name and password).`,
          ExitCode.noPermission,
        );
      login = { registry: ref.registry, username: creds.username, password: creds.password };
    }
    io.stdout.write(
      kubernetesYaml({
        kind,
        image: formatImageRef(ref),
        name: values.name,
        namespace: values.namespace,
        pullPolicy,
        containerPort: positiveInt(values.port, '--port'),
        replicas: positiveInt(values.replicas, '--replicas'),
        secret,
        login,
      }),
    );
    return ExitCode.ok;
  },
});
