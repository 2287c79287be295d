// The setup view's first step: the device's pasted info (Get-HcsKubernetesContainerRegistryInfo
// text) or its IP and port, and (for a device that sends only its server certificate) its CA file.
import { useRef, useState } from 'react';
import { maxCaFileBytes, type CompanionApi, type DiscoveredDeviceView } from '../../../shared/api.js';
import { defaultRegistryPort, portProblem } from '../../../shared/endpoint.js';
import { useI18n } from '../i18n.js';
import { useNotify } from '../notices.js';
import { Prose } from './prose.js';

/** What the form asks the backend to find. */
export type FindArgs = Parameters<CompanionApi['discoverDevice']>[0];

/** A File as base64, read in slices (String.fromCharCode takes a bounded number of arguments). */
async function fileBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The CA file picked for the device: its name and bytes, chosen through a hidden input. */
function useCaFile() {
  const { t } = useI18n();
  const notify = useNotify();
  const [caFile, setCaFile] = useState<{ name: string; base64: string }>();
  const input = useRef<HTMLInputElement>(null);
  const clear = () => {
    setCaFile(undefined);
    if (input.current) input.current.value = '';
  };
  const choose = async (file: File | undefined) => {
    if (!file) return setCaFile(undefined);
    if (file.size > maxCaFileBytes) {
      // Not read at all: a large file picked by mistake would only stall the window.
      notify('error', t('setup.caFileTooBig', { name: file.name }));
      return clear();
    }
    setCaFile({ name: file.name, base64: await fileBase64(file) });
  };
  return { caFile, input, choose, clear };
}

/** The CA file's row: the hidden input, the button that opens it, the chosen name, and Clear. */
function CaFileRow({ ca }: { ca: ReturnType<typeof useCaFile> }) {
  const { t } = useI18n();
  return (
    <>
      <div className="form-row ca-file">
        <label>
          {t('setup.caFile')}
          {/* The native control would speak the browser's language, not the app's. */}
          <span className="file-choice">
            <input
              ref={ca.input}
              type="file"
              className="sr-only"
              tabIndex={-1}
              accept=".crt,.cer,.pem,.der"
              onChange={(e) => void ca.choose(e.target.files?.[0])}
            />
            <button type="button" className="button" onClick={() => ca.input.current?.click()}>
              {t('setup.caFileChoose')}
            </button>
            <span className={ca.caFile ? 'mono' : undefined}>{ca.caFile?.name ?? t('setup.caFileNone')}</span>
          </span>
        </label>
        {ca.caFile && (
          <button type="button" className="button" onClick={ca.clear}>
            {t('setup.caFileClear')}
          </button>
        )}
      </div>
      <p className="muted small">{t('setup.caFileHint')}</p>
    </>
  );
}

/** The pasted info; once the backend found the password in it, the box shows it as bullets. */
function usePastedInfo() {
  const [infoText, setInfoText] = useState('');
  /** The pasted password, once parsed: shown as bullets in the paste box, kept in infoText. */
  const [masked, setMasked] = useState<string>();
  const bullets = masked ? '•'.repeat(masked.length) : '';
  const shown = masked ? infoText.split(masked).join(bullets) : infoText;
  const edit = (value: string) => {
    // An edit elsewhere keeps the password masked; a new paste replaces the whole text.
    const keeps = masked !== undefined && value.includes(bullets);
    setInfoText(keeps ? value.split(bullets).join(masked) : value);
    if (!keeps) setMasked(undefined);
  };
  /** The password is parsed now: the paste box shows it masked, like the device card does. */
  const maskFound = (found: DiscoveredDeviceView | undefined) =>
    setMasked(found?.password && infoText.includes(found.password) ? found.password : undefined);
  return { infoText, shown, edit, maskFound };
}

/** A failed step's message, shown next to that step's form (not as a notice over another card). */
export function StepProblem({ message }: { message: string | undefined }) {
  if (message === undefined) return null;
  return (
    <p className="error-text form-problem" role="alert">
      <Prose>{message}</Prose>
    </p>
  );
}

/** The find form; `onFind` answers with the device found (undefined when it failed). */
export function FindForm({
  hasDemo,
  busy,
  finding,
  problem,
  onFind,
}: {
  hasDemo: boolean;
  busy: boolean;
  /** True while the find is running (the button says so). */
  finding: boolean;
  problem: string | undefined;
  onFind(args: FindArgs): Promise<DiscoveredDeviceView | undefined>;
}) {
  const { t } = useI18n();
  const info = usePastedInfo();
  const ca = useCaFile();
  const [ip, setIp] = useState('');
  const [port, setPort] = useState(String(defaultRegistryPort));
  const pasted = info.infoText.trim() !== '';
  // Only the IP path uses the port field (pasted info names its own endpoint).
  const badPort = !pasted && portProblem(port.trim()) !== undefined;
  const find = async () => {
    const where = pasted ? { infoText: info.infoText } : { ip: ip.trim(), port: Number(port) };
    info.maskFound(await onFind({ ...where, ...(ca.caFile ? { caFile: ca.caFile } : {}) }));
  };
  return (
    <form
      className="setup-form"
      onSubmit={(e) => {
        e.preventDefault();
        void find();
      }}
    >
      <label className="block">
        {t('setup.paste')}
        <textarea
          className="mono"
          rows={5}
          value={info.shown}
          placeholder={t('setup.pastePlaceholder')}
          onChange={(e) => info.edit(e.target.value)}
          spellCheck={false}
        />
      </label>
      <div className="or">{t('setup.or')}</div>
      <div className="form-row">
        <label>
          {t('setup.ip')}
          <input
            value={ip}
            onChange={(e) => setIp(e.target.value)}
            placeholder="10.128.44.40"
            spellCheck={false}
          />
        </label>
        <label className="narrow">
          {t('setup.port')}
          <input
            value={port}
            onChange={(e) => setPort(e.target.value)}
            inputMode="numeric"
            aria-invalid={badPort}
            aria-describedby={badPort ? 'setup-port-problem' : undefined}
          />
        </label>
        <button
          type="submit"
          className="button button-primary"
          disabled={busy || (!pasted && (!ip.trim() || badPort))}
        >
          {finding ? t('setup.discovering') : t('setup.discover')}
        </button>
        {hasDemo && (
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => void onFind({ demo: true })}
          >
            {t('setup.useDemo')}
          </button>
        )}
      </div>
      {badPort && (
        <p id="setup-port-problem" className="error-text small" role="alert">
          {t('setup.badPort')}
        </p>
      )}
      <CaFileRow ca={ca} />
      <StepProblem message={problem} />
    </form>
  );
}
