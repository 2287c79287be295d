// `edge-registry k8s ENDPOINT/REPO:TAG`: Kubernetes YAML for a pushed image (Deployment or
// Pod with imagePullSecrets), and optionally the dockerconfigjson Secret from the stored login.
import { CliError, ExitCode, defineCommand, parseChoice } from './command.js';
import { deploymentYaml, podYaml, pullSecretYaml, defaultPullSecret } from '../../shared/kubernetes.js';
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
  description: `Prints YAML for \`kubectl apply -f -\`: a Deployment (or Pod) that pulls the image with
imagePullSecrets (default ${defaultPullSecret}).`,
  options: {
    kind: { type: 'string', value: 'deployment|pod', description: 'what to make', default: 'deployment' },
    name: { type: 'string', value: 'NAME', description: 'object name (default: from the repository)' },
    namespace: { type: 'string', value: 'NS', description: 'namespace' },
    secret: {
      type: 'string',
      value: 'NAME',
      description: 'imagePullSecrets name',
      default: defaultPullSecret,
    },
    port: { type: 'string', value: 'N', description: 'container port to declare' },
    replicas: { type: 'string', value: 'N', description: 'Deployment replicas (default 1)' },
    'with-secret': {
      type: 'boolean',
      description:
        'also print the kubernetes.io/dockerconfigjson Secret from your stored login (it holds the password: pipe it to kubectl, do not commit it)',
    },
  },
  positionals: true,
  async run(values, positionals, io) {
    const ref = refArg(positionals[0], 'the image');
    const kind = parseChoice(values.kind, '--kind', ['deployment', 'pod']);
    const opts = {
      image: formatImageRef(ref),
      name: values.name,
      namespace: values.namespace,
      pullSecret: values.secret,
      containerPort: positiveInt(values.port, '--port'),
      replicas: positiveInt(values.replicas, '--replicas'),
    };
    const docs: string[] = [];
    if (values['with-secret']) {
      const creds = await getCredentials(ref.registry);
      if (!creds)
        throw new CliError(
          `no stored login for ${ref.registry}: run \`edge-registry login ${ref.registry}\` first (it asks for the user name and password).`,
          ExitCode.noPermission,
        );
      docs.push(
        pullSecretYaml({
          registry: ref.registry,
          username: creds.username,
          password: creds.password,
          name: opts.pullSecret,
          namespace: opts.namespace,
        }),
      );
    }
    docs.push(kind === 'pod' ? podYaml(opts) : deploymentYaml(opts));
    io.stdout.write(docs.join('---\n'));
    return ExitCode.ok;
  },
});
