// A repository's tags as a virtualized table: only the rows in (and a little around) the
// scrolled view are in the DOM, with spacer rows standing in for the rest, so 10,000 tags
// scroll as smoothly as 10. Screen readers still hear the whole table: aria-rowcount on the
// table and aria-rowindex on each row. Details are asked for the rows on screen only, once
// scrolling rests. Written here (some 100 lines) rather than taken from a library: a table
// with one row height needs no more, and keeps the real <table> semantics the tests and
// screen readers rely on.
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { maxTagDetails, type TagView } from '../../../shared/api.js';
import { formatBytes, formatDate, formatShortDate, shortDigest } from '../format.js';
import { useI18n } from '../i18n.js';
import type { TagOrder } from '../tag-order.js';

/** Rows rendered beyond each edge of the view: Tab and arrow scrolling find the next row ready. */
const overscan = 8;
/** Rows rendered before the first measurement (a screenful at any usual window size). */
const firstRows = 30;
/** Scrolling must rest this long before details are asked for the rows it shows. */
const settleMs = 60;

export interface TagTableProps {
  /** Tag names in the order shown (sorted, filtered). */
  names: readonly string[];
  details: ReadonlyMap<string, TagView>;
  /** Called with the tags on screen (and when they change). */
  onShown(tags: readonly string[]): void;
  order: TagOrder;
  onOrder(order: TagOrder): void;
  /** Sorting by date needs every tag's details: offered for small repositories only. */
  canSortByDate: boolean;
  /** A row's extra class (a delete counting down). */
  rowClass(tag: string): string | undefined;
  actions(tag: string): ReactNode;
}

/** The first and last row index (exclusive) to render for a scroll position. */
function windowOf(scrollTop: number, height: number, rowHeight: number, count: number) {
  const rows = Math.ceil(height / rowHeight);
  // A list that shrank (the filter) under a view scrolled far down shows its end, not nothing.
  const first = Math.min(Math.floor(scrollTop / rowHeight), Math.max(0, count - rows));
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, first + rows + overscan);
  return { start, end };
}

export function TagTable(props: TagTableProps) {
  const { names, details, onShown, order } = props;
  const { t, locale } = useI18n();
  const scroller = useRef<HTMLDivElement>(null);
  const [rowHeight, setRowHeight] = useState(40);
  const [view, setView] = useState({ top: 0, height: firstRows * 40 });
  const { start, end } = windowOf(view.top, view.height, rowHeight, names.length);

  const onScroll = () => {
    const el = scroller.current;
    if (el && (el.scrollTop !== view.top || el.clientHeight !== view.height))
      setView({ top: el.scrollTop, height: el.clientHeight });
  };
  // The real row height (buttons wrap in some languages and widths), measured from a rendered
  // row when it can change: first rows, another language, another width. Not on every render:
  // reading a size forces a layout of the whole page, every frame while scrolling 10,000 rows.
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    // A new width may wrap rows; a new height (the list grew under its max-height) shows more rows.
    const observer = new ResizeObserver(() => {
      setWidth(el.clientWidth);
      setView((v) =>
        v.top === el.scrollTop && v.height === el.clientHeight
          ? v
          : { top: el.scrollTop, height: el.clientHeight },
      );
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const hasRows = names.length > 0;
  useLayoutEffect(() => {
    const row = scroller.current?.querySelector('tbody tr.tag-row');
    const h = row?.getBoundingClientRect().height;
    if (h && Math.abs(h - rowHeight) > 0.5) setRowHeight(h);
    onScroll();
  }, [hasRows, locale, width, rowHeight]);
  // Details for what is on screen, once scrolling rests (the first screen at once).
  const shown = names.slice(start, end);
  const shownKey = `${start}:${end}:${names.length}:${names[start] ?? ''}`;
  const firstAsk = useRef(true);
  useEffect(() => {
    const ask = () => onShown(shown);
    if (firstAsk.current) {
      firstAsk.current = false;
      ask();
      return;
    }
    const timer = setTimeout(ask, settleMs);
    return () => clearTimeout(timer);
  }, [shownKey, onShown]);

  const sortHeader = (by: TagOrder, label: string) => (
    <th aria-sort={order === by ? (by === 'tag' ? 'ascending' : 'descending') : 'none'}>
      <button
        type="button"
        className={order === by ? 'sort sort-active' : 'sort'}
        title={t(by === 'tag' ? 'repos.sortByTag' : 'repos.sortByDate')}
        onClick={() => props.onOrder(by)}
      >
        {label}
        <span aria-hidden="true">{order === by ? (by === 'tag' ? ' ↑' : ' ↓') : ''}</span>
      </button>
    </th>
  );
  const spacer = (rows: number) =>
    rows > 0 && (
      <tr aria-hidden="true" className="spacer-row">
        <td colSpan={5} style={{ height: rows * rowHeight }} />
      </tr>
    );

  return (
    <div className="table-scroll tag-scroll" ref={scroller} onScroll={onScroll}>
      <table className="table" aria-rowcount={names.length + 1}>
        <thead>
          <tr aria-rowindex={1}>
            {sortHeader('tag', t('repos.tag'))}
            <th>{t('repos.digest')}</th>
            <th className="num">{t('repos.size')}</th>
            {props.canSortByDate ? (
              sortHeader('created', t('repos.created'))
            ) : (
              <th title={t('repos.sortByDateTooMany', { max: maxTagDetails })}>{t('repos.created')}</th>
            )}
            <th className="actions">{t('repos.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {spacer(start)}
          {shown.map((tag, i) => {
            const d = details.get(tag);
            const rowClass = props.rowClass(tag);
            return (
              <tr
                key={tag}
                aria-rowindex={start + i + 2}
                className={rowClass ? `tag-row ${rowClass}` : 'tag-row'}
              >
                <td>
                  <span className="tag-chip">{tag}</span>
                </td>
                <td className="mono muted" title={d?.digest}>
                  {d ? shortDigest(d.digest) : '…'}
                </td>
                <td className="num">{d ? formatBytes(d.size, locale) : '…'}</td>
                <td className="muted date" title={d ? formatDate(d.created, locale) : undefined}>
                  {d ? formatShortDate(d.created, locale) : '…'}
                </td>
                <td className="actions">{props.actions(tag)}</td>
              </tr>
            );
          })}
          {spacer(names.length - end)}
        </tbody>
      </table>
    </div>
  );
}
