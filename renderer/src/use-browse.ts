// What the repositories view knows of the registry: the repository names (page by page), which
// repositories are open, and the tag names of the open ones. A refresh reads the names and the
// open repositories' tag lists again, nothing more; details are per row (useTagDetails).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { maxTagDetails, type TagView } from '../../shared/api.js';
import { companion } from './companion.js';
import { naturalSort } from './tag-order.js';

/** Up to this many repositories, all start open (a small registry shows its tags at once). */
const autoOpenMax = 10;

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
        setNames(naturalSort(all));
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

  // Each open repository's tag list, read once per generation (a refresh, a change).
  const readAt = useRef<Record<string, string>>({});
  useEffect(() => {
    for (const name of open) {
      if (readAt.current[name] === generation) continue;
      readAt.current[name] = generation;
      companion!.listTags({ repository: name }).then(
        (list) => setTags((all) => ({ ...all, [name]: naturalSort(list.tags) })),
        (e: unknown) => {
          delete readAt.current[name];
          setError(e);
        },
      );
    }
  }, [open, generation]);

  const toggle = useCallback(
    (name: string) => setToggled((t) => ({ ...t, [name]: !isOpen(name) })),
    [isOpen],
  );
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { names, error, loading, isOpen, toggle, tags, generation, reload };
}

/**
 * Details of one repository's tags, asked only for the rows shown (`want`), in calls of at
 * most maxTagDetails; asked again after a refresh (the backend answers from its cache).
 */
export function useTagDetails(repository: string, generation: string) {
  const [details, setDetails] = useState<ReadonlyMap<string, TagView>>(new Map());
  const [gone, setGone] = useState<ReadonlySet<string>>(new Set());
  /** tag -> the generation it was asked in. */
  const asked = useRef(new Map<string, string>());
  const want = useCallback(
    (tags: readonly string[]) => {
      const missing = tags.filter((t) => asked.current.get(t) !== generation);
      for (let i = 0; i < missing.length; i += maxTagDetails) {
        const batch = missing.slice(i, i + maxTagDetails);
        for (const t of batch) asked.current.set(t, generation);
        companion!.tagDetails({ repository, tags: batch }).then(
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
      }
    },
    [repository, generation],
  );
  return { details, gone, want };
}
