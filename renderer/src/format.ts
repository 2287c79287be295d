// Number and text formatting for the UI.
import { scaleBytes } from '../../shared/bytes.js';
import { pickLocale, translate } from '../../shared/i18n/index.js';

/** Bytes as a short human figure (1 decimal above KiB): 0 B, 512 B, 1.5 MiB (1,5 МиБ in ru). */
export function formatBytes(n: number, locale = 'en'): string {
  if (!Number.isFinite(n) || n < 0) return '—';
  const { value, unit } = scaleBytes(n);
  const digits = unit === 'B' || value >= 100 ? 0 : 1;
  const text = new Intl.NumberFormat(locale, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
  return `${text} ${translate(pickLocale(locale), `unit.${unit}`)}`;
}

/** `sha256:0123456789ab…` as `sha256:0123456789ab` (12 hex digits, as docker shows). */
export function shortDigest(digest: string): string {
  const [alg, hex] = digest.split(':');
  return hex ? `${alg}:${hex.slice(0, 12)}` : digest;
}

/** An ISO time as a local date and time, or a dash. */
export function formatDate(iso: string | undefined, locale: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? '—'
    : d.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * An ISO time for a table cell: a numeric date and the time ("02.12.2026, 15:24" in ru,
 * "12/2/2026, 3:24 PM" in en), short enough for one line in every language; the full date
 * goes in the cell's title.
 */
export function formatShortDate(iso: string | undefined, locale: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? '—'
    : d.toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' });
}

/** A fingerprint `AB:CD:…` or hex, grouped in pairs for reading aloud. */
export function groupHex(hex: string): string {
  const clean = hex.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
  return clean.match(/.{1,2}/g)?.join(':') ?? hex;
}
