// Kubernetes YAML for an image of the current device: a Deployment or Pod pulling it with
// imagePullSecrets, and on request the dockerconfigjson Secret.
import { ApiError, ApiErrorCode, type CompanionApi } from '../../../shared/api.js';
import {
  defaultPullSecret,
  deploymentYaml,
  isDnsLabel,
  isDnsSubdomain,
  podYaml,
  pullSecretYaml,
} from '../../../shared/kubernetes.js';
import type { CurrentDevice } from '../device-session.js';
import { repo, tagArg } from './arguments.js';

/** The kubernetesYaml method over `session`'s current device. */
export function kubernetesFeature(
  session: Pick<CurrentDevice, 'current'>,
): Pick<CompanionApi, 'kubernetesYaml'> {
  return {
    async kubernetesYaml(args) {
      const { view } = session.current();
      const image = `${view.endpoint}/${repo(args.repository)}:${tagArg(args.tag)}`;
      const namespace = args.namespace?.trim() || undefined;
      const pullSecret = args.secretName?.trim() ?? defaultPullSecret;
      if (namespace !== undefined && !isDnsLabel(namespace))
        throw new ApiError(
          ApiErrorCode.badRequest,
          `'${namespace}' is not a Kubernetes namespace: use up to 63 lower case letters, digits and -, starting and ending with a letter or digit.`,
        );
      if (pullSecret !== '' && !isDnsSubdomain(pullSecret))
        throw new ApiError(
          ApiErrorCode.badRequest,
          `'${pullSecret}' is not a Kubernetes Secret name: use up to 253 lower case letters, digits, - and ., each part between dots starting and ending with a letter or digit.`,
        );
      const workload = { image, namespace, pullSecret };
      const docs = [args.kind === 'pod' ? podYaml(workload) : deploymentYaml(workload)];
      if (args.withSecret) {
        // Written only on request: the Secret carries the registry password.
        docs.unshift(
          pullSecretYaml({
            registry: view.endpoint,
            username: view.username,
            password: view.password,
            name: pullSecret || defaultPullSecret,
            namespace,
          }),
        );
      }
      return { yaml: docs.join('---\n') };
    },
  };
}
