// What the repositories view knows of the registry: the repository names (page by page), which
// repositories are open, and the tag names of the open ones. A refresh reads the names and the
// open repositories' tag lists again, nothing more; details are per row (useTagDetails).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { TagView } from '../../shared/api.js';
import { companion } from './companion.js';
import { naturalSort } from './tag-order.js';

/** Up to this many repositories, all start open (a small registry shows its tags at once). */
const autoOpenMax = 10;
/** Tags read first when a repository opens: a few screens, shown while the rest is read. */
const firstTagPage = 100;
/**
 * Rows per details call: a screen is asked in a few calls, which the backend answers in order
 * (one queue per device), so the top rows fill first.
 */
const detailsBatch = 12;

const sameList = (a: readonly string[] | undefined, b: readonly string[]) =>
  a !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);

/** Names, open repositories and their tags; `reload` reads them again. */
export function useBrowse(refreshKey: number) {
  const [names, setNames] = useState<string[]>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  /** What the user opened or closed; the rest follows autoOpenMax. */
  const [toggled, setToggled] = useState<Record<string, boolean>>({});
  const [tags, setTags] = useState<Record<string, string[]>>({});
  const generation = `${refreshKey}:${tick}`;

  useEffect(() => {
    let live = true;
    setLoading(true);
    void (async () => {
      const all: string[] = [];
      let after: string | undefined;
      do {
        const page = await companion!.listRepositoryNames(after === undefined ? {} : { after });
        if (!live) return;
        all.push(...page.names);
        // The first page shows at once; the rest join it as they come.
        // An unchanged catalog (the 30-second refresh) keeps its array: 500 rows are not rendered again.
        const sorted = naturalSort(all);
        setNames((shown) => (shown && sameList(shown, sorted) ? shown : sorted));
        after = page.next;
      } while (after !== undefined);
      setError(undefined);
    })()
      .catch((e: unknown) => live && setError(e))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [generation]);

  const isOpen = useCallback(
    (name: string) => toggled[name] ?? (names !== undefined && names.length <= autoOpenMax),
    [toggled, names],
  );
  const open = useMemo(() => (names ?? []).filter(isOpen), [names, isOpen]);

  // Each open repository's tag list, read once per generation (a refresh, a change). Opened
  // for the first time, a page shows at once and the rest follows (`reading` meanwhile); a list
  // already on screen is replaced in one request (a refresh costs one per open repository).
  const readAt = useRef<Record<string, string>>({});
  const [reading, setReading] = useState<Record<string, boolean>>({});
  /** Each repository's tag list as the registry sent it last (none yet: never shown). */
  const received = useRef<Record<string, string[]>>({});
  /** Per repository read in two parts: lets the rest go once the first screen's details came. */
  const firstScreens = useRef(new Map<string, () => void>());
  useEffect(() => {
    for (const name of open) {
      if (readAt.current[name] === generation) continue;
      readAt.current[name] = generation;
      // A newer read (a refresh meanwhile) owns the list: this one's answers are dropped.
      const current = () => readAt.current[name] === generation;
      const show = (list: string[], more: boolean) => {
        if (!current()) return;
        setReading((all) => (all[name] === more ? all : { ...all, [name]: more }));
        // The 30-second refresh of an unchanged list of 10,000 tags neither sorts nor renders it again.
        if (sameList(received.current[name], list)) return;
        received.current[name] = list;
        setTags((all) => ({ ...all, [name]: naturalSort(list) }));
      };
      const known = received.current[name] !== undefined;
      void (async () => {
        const first = await companion!.listTags(
          known ? { repository: name } : { repository: name, limit: firstTagPage },
        );
        if (first.next !== undefined && current()) {
          // What the user looks at comes first: the rest of a long list (a long read that
          // slows the registry's other answers) waits until the first rows have their details.
          const shown = new Promise<void>((resolve) => firstScreens.current.set(name, resolve));
          show(first.tags, true);
          await shown;
        } else show(first.tags, false);
        if (first.next === undefined || !current()) return;
        const rest = await companion!.listTags({ repository: name, after: first.next });
        // A registry that ignores `last` sends the first page again: a name shows once.
        show([...new Set([...first.tags, ...rest.tags])], false);
      })().catch((e: unknown) => {
        if (!current()) return;
        delete readAt.current[name];
        setReading((all) => ({ ...all, [name]: false }));
        setError(e);
      });
    }
  }, [open, generation]);

  // Stable, so that toggling one repository does not render the others again.
  const autoOpen = useRef(false);
  autoOpen.current = names !== undefined && names.length <= autoOpenMax;
  const toggle = useCallback(
    (name: string) => setToggled((t) => ({ ...t, [name]: !(t[name] ?? autoOpen.current) })),
    [],
  );
  const reload = useCallback(() => setTick((n) => n + 1), []);
  /** The first rows of `name` have their details (or will not ask for them): read the rest. */
  const firstScreenShown = useCallback((name: string) => {
    firstScreens.current.get(name)?.();
    firstScreens.current.delete(name);
  }, []);
  return { names, error, loading, isOpen, toggle, tags, reading, firstScreenShown, generation, reload };
}

/**
 * Details of one repository's tags, asked only for the rows shown (`want`), in calls of at
 * most detailsBatch; asked again after a refresh (the backend answers from its cache).
 */
export function useTagDetails(repository: string, generation: string) {
  const [details, setDetails] = useState<ReadonlyMap<string, TagView>>(new Map());
  const [gone, setGone] = useState<ReadonlySet<string>>(new Set());
  /** tag -> the generation it was asked in, and that answer (settled when in or failed). */
  const asked = useRef(new Map<string, { generation: string; answer: Promise<void> }>());
  /** Asks for the details `tags` lack; settles when the answers for all of them are in (or failed). */
  const want = useCallback(
    (tags: readonly string[]): Promise<void> => {
      const missing = tags.filter((t) => asked.current.get(t)?.generation !== generation);
      for (let i = 0; i < missing.length; i += detailsBatch) {
        const batch = missing.slice(i, i + detailsBatch);
        const answer = companion!.tagDetails({ repository, tags: batch }).then(
          (r) => {
            setDetails((all) => {
              const next = new Map(all);
              for (const d of r.details) next.set(d.tag, d);
              return next;
            });
            if (r.gone.length) setGone((all) => new Set([...all, ...r.gone]));
          },
          // Asked again when the rows are shown next; the tag list's own error says what is wrong.
          () => batch.forEach((t) => asked.current.delete(t)),
        );
        for (const t of batch) asked.current.set(t, { generation, answer });
      }
      // Rows asked a moment ago (the first screen, then the measured one) wait for that answer.
      const answers = new Set(tags.map((t) => asked.current.get(t)?.answer));
      return Promise.all(answers).then(() => undefined);
    },
    [repository, generation],
  );
  return { details, gone, want };
}
