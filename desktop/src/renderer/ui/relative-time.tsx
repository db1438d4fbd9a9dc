import { useNow, useT } from '../store/use-plantao-store';

/** "há 2 min", with the exact time (hospital zone) in `dateTime` and on hover/focus via `title`. */
export function RelativeTime(props: { iso: string; className?: string }) {
  const { relative, exact } = useT();
  // Relative times move in minutes; a 15 s step keeps them honest without re-rendering every second.
  const now = useNow(15_000);
  const at = Date.parse(props.iso);
  if (Number.isNaN(at)) return null;
  return (
    <time className={props.className} dateTime={props.iso} title={exact(at)}>
      {relative(at, now)}
    </time>
  );
}
