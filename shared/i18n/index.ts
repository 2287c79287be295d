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

/** True when `v` has the shape of a Text (data that crossed a host boundary is checked before use). */
export function isText(v: unknown): v is Text {
  if (typeof v !== 'object' || v === null) return false;
  const { key, params } = v as { key?: unknown; params?: unknown };
  return typeof key === 'string' && key in en && (params === undefined || typeof params === 'object');
}

/**
 * An error written for users as a catalog Text: `message` is its English (the CLI, logs, --json),
 * `text` the same sentence for the UI to show in its own language. The backend's error classes
 * extend it, so a message is translated where it is made, and every host passes `text` on
 * (shared/api.ts toErrorData). What must stay verbatim (a command, a path, a registry's own
 * answer) goes in as a string parameter, which the catalogs quote.
 */
export class TextError extends Error {
  readonly text: Text | undefined;
  constructor(message: string | Text, options?: ErrorOptions & { text?: Text }) {
    super(typeof message === 'string' ? message : say('en', message), options);
    this.text = typeof message === 'string' ? options?.text : message;
  }
}

/** The Text an error carries, when it was written as one. */
export function textOf(e: unknown): Text | undefined {
  const t = (e as { text?: unknown } | null)?.text;
  return e instanceof Error && isText(t) ? t : undefined;
}
