// The UI's message catalogs and a tiny formatter. Pure: runs in the renderer and in tests.
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

/** The message `key` in `locale` with `{name}` parameters filled in. */
export function translate(
  locale: Locale,
  key: MessageKey,
  params: Record<string, string | number> = {},
): string {
  const template: string = catalogs[locale][key] ?? en[key];
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}
