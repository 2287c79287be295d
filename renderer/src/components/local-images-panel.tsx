// Local Docker images, each with a push to the current device (tag and push in one go;
// progress appears in the jobs tray, per layer).
import { Fragment, useState } from 'react';
import type { DeviceView, LocalImageView } from '../../../shared/api.js';
import { companion } from '../companion.js';
import { formatBytes, formatDate, formatShortDate } from '../format.js';
import { useI18n } from '../i18n.js';
import { useNotify } from '../notices.js';
import { useAsync } from '../use-async.js';
import { deviceTarget, repositoryPattern, tagPattern } from '../../../shared/image-name.js';
import { Prose } from './prose.js';

function PushForm({ image, device, onDone }: { image: LocalImageView; device: DeviceView; onDone(): void }) {
  const { t, te } = useI18n();
  const notify = useNotify();
  const [target, setTarget] = useState(() =>
    deviceTarget(image.repoTags.find((r) => r !== '<none>:<none>') ?? ''),
  );
  const source = image.repoTags[0] ?? image.id;
  // Other devices this image can go to in the same go: set up here (Docker reaches them by name)
  // with a login the app keeps. With none, the form is the single-device one.
  const known = useAsync(() => companion!.listDevices(), []);
  const others = (known.data ?? []).filter(
    (d) => !d.current && d.setUp && (d.kind === 'demo' || d.loginStored),
  );
  const current = known.data?.find((d) => d.current);
  const [also, setAlso] = useState<string[]>([]);
  // Said while typing, not after Docker refuses the tag with "invalid reference format".
  const problem = !repositoryPattern.test(target.repository)
    ? t('images.badRepository')
    : !tagPattern.test(target.tag)
      ? t('images.badTag')
      : undefined;
  const submit = async () => {
    try {
      const extra = also.filter((id) => others.some((d) => d.id === id));
      if (extra.length > 0 && current)
        await companion!.pushToDevices({ image: source, ...target, devices: [current.id, ...extra] });
      else await companion!.pushImage({ image: source, ...target });
      onDone();
    } catch (e) {
      notify('error', te(e));
    }
  };
  return (
    <form
      className="push-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <span className="muted small">{t('images.pushTo', { image: source, endpoint: device.endpoint })}</span>
      <label>
        {t('images.repository')}
        <input
          value={target.repository}
          onChange={(e) => setTarget({ ...target, repository: e.target.value })}
          spellCheck={false}
          required
        />
      </label>
      <label>
        {t('images.tag')}
        <input
          value={target.tag}
          onChange={(e) => setTarget({ ...target, tag: e.target.value })}
          spellCheck={false}
          required
        />
      </label>
      {others.length > 0 && (
        <fieldset className="push-also">
          <legend className="small">{t('images.alsoPushTo')}</legend>
          {others.map((d) => (
            <label key={d.id} className="small">
              <input
                type="checkbox"
                checked={also.includes(d.id)}
                onChange={(e) =>
                  setAlso(e.target.checked ? [...also, d.id] : also.filter((id) => id !== d.id))
                }
              />
              {d.label === d.endpoint ? d.endpoint : `${d.label} (${d.endpoint})`}
            </label>
          ))}
        </fieldset>
      )}
      <button type="submit" className="button button-primary" disabled={problem !== undefined}>
        {t('images.start')}
      </button>
      {problem && (
        <span className="error-text small" role="alert">
          {problem}
        </span>
      )}
    </form>
  );
}

/** A local tag with a button that removes it; the image's last tag asks first (it takes the image along). */
function TagChip({ tag, last, onRemoved }: { tag: string; last: boolean; onRemoved(): void }) {
  const { t, te } = useI18n();
  const notify = useNotify();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const remove = async () => {
    setBusy(true);
    try {
      const { imageRemoved } = await companion!.untagLocalImage({ ref: tag });
      notify('info', t(imageRemoved ? 'images.untaggedImage' : 'images.untagged', { tag }));
      onRemoved();
    } catch (e) {
      notify('error', te(e));
    } finally {
      setBusy(false);
      setAsking(false);
    }
  };
  return (
    <span className="tag-chip local-tag">
      <span className="mono">{tag}</span>
      {asking ? (
        <span className="chip-confirm">
          <span>{t('images.untagLast')}</span>
          <button type="button" className="chip-button" disabled={busy} onClick={() => void remove()}>
            {t('images.untagLastYes')}
          </button>
          <button type="button" className="chip-button" onClick={() => setAsking(false)}>
            {t('images.untagLastNo')}
          </button>
        </span>
      ) : (
        <button
          type="button"
          className="chip-button"
          aria-label={t('images.untag', { tag })}
          title={t('images.untag', { tag })}
          disabled={busy}
          onClick={() => (last ? setAsking(true) : void remove())}
        >
          ×
        </button>
      )}
    </span>
  );
}

export function LocalImagesPanel({
  device,
  refreshKey,
  onSetUp,
}: {
  device: DeviceView;
  refreshKey: number;
  /** Opens the setup view for the device (shown when Docker cannot reach it by name yet). */
  onSetUp?: () => void;
}) {
  const { t, te, locale } = useI18n();
  const images = useAsync(() => companion!.listLocalImages(), [refreshKey]);
  const [pushing, setPushing] = useState<string>();
  return (
    <section className="panel" aria-labelledby="images-title">
      <header className="panel-header">
        <h2 id="images-title">{t('images.title')}</h2>
        <button type="button" className="button" onClick={images.reload} disabled={images.loading}>
          {t('repos.refresh')}
        </button>
      </header>
      {!device.setUp && (
        <div className="banner" role="note" id="images-not-set-up">
          <span>{t('images.notSetUp', { endpoint: device.endpoint })}</span>
          {onSetUp && (
            <button type="button" className="button button-small" onClick={onSetUp}>
              {t('images.setUpNow')}
            </button>
          )}
        </div>
      )}
      {images.error && (
        <p className="error-text">
          <Prose>{te(images.error)}</Prose>
        </p>
      )}
      {images.data?.length === 0 && <p className="empty muted">{t('images.empty')}</p>}
      {images.data && images.data.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>{t('images.tags')}</th>
              <th>{t('images.id')}</th>
              <th className="num">{t('repos.size')}</th>
              <th>{t('repos.created')}</th>
              <th className="actions">
                <span className="sr-only">{t('repos.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {images.data.map((img) => (
              <Fragment key={img.id}>
                <tr>
                  <td>
                    <span className="chips">
                      {img.repoTags.length === 0 && <span className="muted">{t('images.noTags')}</span>}
                      {img.repoTags.map((tag) => (
                        <TagChip
                          key={tag}
                          tag={tag}
                          last={img.repoTags.length === 1}
                          onRemoved={images.reload}
                        />
                      ))}
                    </span>
                  </td>
                  <td className="mono muted">{img.id.replace(/^sha256:/, '').slice(0, 12)}</td>
                  <td className="num">{formatBytes(img.size, locale)}</td>
                  <td className="muted date" title={formatDate(img.created, locale)}>
                    {formatShortDate(img.created, locale)}
                  </td>
                  <td className="actions">
                    {device.setUp ? (
                      <button
                        type="button"
                        className="button button-small"
                        aria-expanded={pushing === img.id}
                        onClick={() => setPushing(pushing === img.id ? undefined : img.id)}
                      >
                        {t('images.push')}
                      </button>
                    ) : (
                      // Docker cannot reach the device by name yet: the action leads to setup instead.
                      <button
                        type="button"
                        className="button button-small"
                        aria-describedby="images-not-set-up"
                        disabled={!onSetUp}
                        onClick={onSetUp}
                      >
                        {t('images.pushNeedsSetup')}
                      </button>
                    )}
                  </td>
                </tr>
                {pushing === img.id && device.setUp && (
                  <tr className="push-row">
                    <td colSpan={5}>
                      <PushForm image={img} device={device} onDone={() => setPushing(undefined)} />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
