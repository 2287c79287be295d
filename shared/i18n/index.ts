// The UI's message catalogs and a tiny formatter. Pure: runs in the renderer, in the main process
// (which hands the UI Texts to show in its language) and in tests.
import { en, type Catalog, type MessageKey } from './en.js';
import { ru } from './ru.js';

export type { Catalog, MessageKey };
export const catalogs = { en, ru } as const satisfies Record<string, Catalog>;
export type Locale = keyof typeof catalogs;
export const locales = Object.keys(catalogs) as Locale[];

/** The supported locale closest to `tag` (a BCP 47 tag like 'ru-RU'), English otherwise. */
export function pickLocale(tag: string | undefined): Locale {
  const base = (tag ?? '').toLowerCase().split('-')[0];
  return (locales as string[]).includes(base ?? '') ? (base as Locale) : 'en';
}

/** Keys that have plural forms: `<base>.one`, `.few`, `.many`, `.other` (CLDR categories). */
type PluralBase<K extends string> = K extends `${infer B}.other` ? B : never;
export type PluralKey = PluralBase<MessageKey>;

/** The plural form of `base` for `count` in `locale` (Intl.PluralRules), with `{count}` filled in. */
export function plural(
  locale: Locale,
  base: PluralKey,
  count: number,
  params: Record<string, string | number> = {},
): string {
  const category = new Intl.PluralRules(locale).select(count);
  const key = `${base}.${category}` as MessageKey;
  return translate(locale, key in catalogs[locale] ? key : (`${base}.other` as MessageKey), {
    count,
    ...params,
  });
}

/**
 * A message the backend hands to the UI to show in the UI's language: a catalog key and its
 * parameters, which may be messages too (a plan step's title inside a progress line).
 */
export interface Text {
  key: MessageKey;
  params?: Record<string, TextParam>;
}
export type TextParam = string | number | Text;

export function text(key: MessageKey, params?: Record<string, TextParam>): Text {
  return params ? { key, params } : { key };
}

/** The message `key` in `locale` with `{name}` parameters filled in. */
export function translate(locale: Locale, key: MessageKey, params: Record<string, TextParam> = {}): string {
  const template: string = catalogs[locale][key] ?? en[key];
  return template.replace(/\{(\w+)\}/g, (m, name: string) => {
    const value = params[name];
    if (value === undefined) return m;
    return typeof value === 'object' ? translate(locale, value.key, value.params) : String(value);
  });
}

/** A Text in `locale` (English for logs, the CLI and anything that is not the UI). */
export function say(locale: Locale, t: Text): string {
  return translate(locale, t.key, t.params);
}
