// A message as the catalogs write it: `…` marks what to type or read as shown (a command, a
// path, a name), which the UI sets as code; the CLI prints the backticks. What the backend
// sends (errors, job results, warnings, the doctor's fixes) and catalog sentences that name a
// command are shown through here, so no user sees a stray backtick.
import { Fragment } from 'react';

export function Prose({ children }: { children: string }) {
  const parts = children.split(/`([^`]*)`/);
  if (parts.length === 1) return <>{children}</>;
  return (
    <>{parts.map((p, i) => (i % 2 === 1 ? <code key={i}>{p}</code> : <Fragment key={i}>{p}</Fragment>))}</>
  );
}
