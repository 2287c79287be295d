// Kubernetes YAML for an image of the current device: a Deployment or Pod pulling it (Always
// unless another policy is asked) with the device's imagePullSecrets, and on request a
// dockerconfigjson Secret of ours, under the device's own name only when explicitly asked.
import { ApiError, ApiErrorCode, type CompanionApi } from '../../../shared/api.js';
import {
  devicePullSecret,
  isDnsLabel,
  isDnsSubdomain,
  isPullPolicy,
  kubernetesYaml,
  ownPullSecret,
  pullSecretChoice,
} from '../../../shared/kubernetes.js';
import { text } from '../../../shared/i18n/index.js';
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
      if (namespace !== undefined && !isDnsLabel(namespace))
        throw new ApiError(
          ApiErrorCode.badRequest,
          `'${namespace}' is not a Kubernetes namespace: use up to 63 lower case letters, digits and -, starting and ending with a letter or digit.`,
        );
      if (args.pullPolicy !== undefined && !isPullPolicy(args.pullPolicy))
        throw new ApiError(ApiErrorCode.badRequest, 'The pull policy is one of Always, IfNotPresent, Never.');
      const secret = pullSecretChoice({
        secretName: args.secretName,
        withSecret: args.withSecret,
        overwriteDeviceSecret: args.overwriteDeviceSecret,
      });
      if (secret.name !== '' && !isDnsSubdomain(secret.name))
        throw new ApiError(
          ApiErrorCode.badRequest,
          `'${secret.name}' is not a Kubernetes Secret name: use up to 253 lower case letters, digits, - and ., each part between dots starting and ending with a letter or digit.`,
        );
      if (secret.overwritesDevice)
        throw new ApiError(
          ApiErrorCode.badRequest,
          text('err.k8s.deviceSecret', { name: devicePullSecret, own: ownPullSecret }),
        );
      const login = { registry: view.endpoint, username: view.username, password: view.password };
      return {
        yaml: kubernetesYaml({
          kind: args.kind,
          image,
          namespace,
          pullPolicy: args.pullPolicy,
          secret,
          // Written only on request: the Secret carries the registry password.
          login: secret.write ? login : undefined,
        }),
      };
    },
  };
}
