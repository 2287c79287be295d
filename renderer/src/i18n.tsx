// The UI language: picked from the browser/OS, switchable, remembered in localStorage.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  pickLocale,
  plural,
  say,
  translate,
  type Locale,
  type MessageKey,
  type PluralKey,
  textOf,
  type Text,
} from '../../shared/i18n/index.js';

type T = (key: MessageKey, params?: Record<string, string | number>) => string;

interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t: T;
  /** The plural form of `base` for `count`. */
  tn(base: PluralKey, count: number): string;
  /** A message the backend sent as a Text. */
  tx(text: Text): string;
  /** What a failed call says, in the UI's language when the error carries a Text. */
  te(error: unknown): string;
}

const I18nContext = createContext<I18n | null>(null);
const storageKey = 'companion.locale';

function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(storageKey);
    if (saved) return pickLocale(saved);
  } catch {
    // Storage may be disabled; the browser language still applies.
  }
  return pickLocale(navigator.language);
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  // Screen readers pick their voice from <html lang>: right from the first render, not only after a switch.
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const setLocale = useCallback((l: Locale) => {
    setLocaleState(l);
    try {
      localStorage.setItem(storageKey, l);
    } catch {
      // Not remembered; fine.
    }
  }, []);
  const value = useMemo<I18n>(
    () => ({
      locale,
      setLocale,
      t: (key, params) => translate(locale, key, params),
      tn: (base, count) => plural(locale, base, count),
      tx: (text) => say(locale, text),
      te: (error) => {
        const text = textOf(error);
        return text ? say(locale, text) : error instanceof Error ? error.message : String(error);
      },
    }),
    [locale, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The current language and its translate function. */
export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
