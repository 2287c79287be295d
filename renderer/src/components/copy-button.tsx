// A button that copies text and says so for a moment.
import { useState } from 'react';
import { useI18n } from '../i18n.js';

/** `name`: what a screen reader says (starts with the visible label, e.g. "Copy endpoint"). */
export function CopyButton({
  text,
  label,
  name,
  className,
}: {
  text: string;
  label?: string;
  name?: string;
  className?: string;
}) {
  const { t } = useI18n();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
    setTimeout(() => setState('idle'), 1500);
  };
  return (
    <button
      type="button"
      className={className ?? 'button button-small'}
      aria-label={state === 'idle' ? name : undefined}
      onClick={() => void copy()}
    >
      {state === 'copied'
        ? t('copy.copied')
        : state === 'failed'
          ? t('copy.failed')
          : (label ?? t('copy.copy'))}
    </button>
  );
}
