// `edge-registry k8s ENDPOINT/REPO:TAG`: Kubernetes YAML for a pushed image (Deployment or
// Pod with imagePullSecrets), and optionally the dockerconfigjson Secret from the stored login.
import { CliError, ExitCode, type Command } from './command.js';
import { deploymentYaml, podYaml, pullSecretYaml, defaultPullSecret } from '../../shared/kubernetes.js';
import { getCredentials } from '../docker/index.js';
import { formatImageRef } from '../registry-client/index.js';
import { refArg, toCliError } from './push.js';

function positiveInt(text: unknown, what: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new CliError(`invalid ${what} '${String(text)}': use a whole number.`, ExitCode.usage);
  return n;
}

export const k8sCommand: Command = {
  name: 'k8s',
  summary: 'Print Kubernetes YAML (Deployment or Pod, pull Secret) for an image',
  usage: `Usage: edge-registry k8s ENDPOINT/REPO:TAG [options]

Prints YAML for \`kubectl apply -f -\`: a Deployment (or Pod) that pulls the image with
imagePullSecrets (default ${defaultPullSecret}).

Options:
  --kind deployment|pod   what to make (default deployment)
  --name NAME             object name (default: from the repository)
  --namespace NS          namespace
  --secret NAME           imagePullSecrets name (default ${defaultPullSecret})
  --port N                container port to declare
  --replicas N            Deployment replicas (default 1)
  --with-secret           also print the kubernetes.io/dockerconfigjson Secret from your stored login
                          (it holds the password: pipe it to kubectl, do not commit it)
`,
  options: {
    kind: { type: 'string' },
    name: { type: 'string' },
    namespace: { type: 'string' },
    secret: { type: 'string' },
    port: { type: 'string' },
    replicas: { type: 'string' },
    'with-secret': { type: 'boolean' },
  },
  positionals: true,
  async run(values, positionals, io) {
    const ref = refArg(positionals[0], 'the image');
    const kind = (values.kind as string | undefined) ?? 'deployment';
    if (kind !== 'deployment' && kind !== 'pod')
      throw new CliError(`invalid --kind '${kind}': use deployment or pod.`, ExitCode.usage);
    const opts = {
      image: formatImageRef(ref),
      name: values.name as string | undefined,
      namespace: values.namespace as string | undefined,
      pullSecret: (values.secret as string | undefined) ?? defaultPullSecret,
      containerPort: positiveInt(values.port, '--port'),
      replicas: positiveInt(values.replicas, '--replicas'),
    };
    const docs: string[] = [];
    if (values['with-secret']) {
      let creds;
      try {
        creds = await getCredentials(ref.registry);
      } catch (e) {
        throw toCliError(e);
      }
      if (!creds)
        throw new CliError(
          `no stored login for ${ref.registry}: run \`edge-registry login ${ref.registry} -u USER --password-stdin\` first.`,
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
};
