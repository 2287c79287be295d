// Kubernetes YAML (Pod, Deployment, pull secret) for an image of the device, with copy.
import { useState } from 'react';
import { companion } from '../companion.js';
import { useI18n } from '../i18n.js';
import { useAsync } from '../use-async.js';
import { CopyButton } from './copy-button.js';
import { Modal } from './modal.js';

export function YamlDialog({
  repository,
  tag,
  onClose,
}: {
  repository: string;
  tag: string;
  onClose(): void;
}) {
  const { t } = useI18n();
  const [namespace, setNamespace] = useState('default');
  const [secretName, setSecretName] = useState('ase-ecr-credentials');
  const yaml = useAsync(
    () => companion!.kubernetesYaml({ repository, tag, namespace, secretName }),
    [repository, tag, namespace, secretName],
  );
  return (
    <Modal
      wide
      title={t('yaml.title', { ref: `${repository}:${tag}` })}
      onClose={onClose}
      footer={
        <>
          {yaml.data && (
            <CopyButton className="button button-primary" text={yaml.data.yaml} label={t('yaml.copy')} />
          )}
          <button type="button" className="button" onClick={onClose}>
            {t('yaml.close')}
          </button>
        </>
      }
    >
      <div className="form-row">
        <label>
          {t('yaml.namespace')}
          <input value={namespace} onChange={(e) => setNamespace(e.target.value)} spellCheck={false} />
        </label>
        <label>
          {t('yaml.secret')}
          <input value={secretName} onChange={(e) => setSecretName(e.target.value)} spellCheck={false} />
        </label>
      </div>
      {yaml.error && <p className="error-text">{yaml.error.message}</p>}
      <pre className="code-block" aria-label="YAML">
        {yaml.data?.yaml ?? t('common.loading')}
      </pre>
    </Modal>
  );
}
