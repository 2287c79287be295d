// JSON from request bodies (manifests, settings), read strictly: UTF-8 only, nesting bounded,
// no duplicate keys. A document two parsers could read differently (JSON.parse keeps the last
// of two equal keys, other parsers the first or neither) is refused rather than stored, and
// no value nested deeper than the bound reaches code that recurses over it (JSON.stringify).

/** Deepest nesting of arrays and objects accepted (an OCI index needs 5). */
export const maxJsonDepth = 64;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * `bytes` parsed as JSON, or an Error whose message says what is wrong, to follow "the body"
 * (without echoing more than a few characters of the input).
 */
export function parseJsonStrict(bytes: Uint8Array, maxDepth = maxJsonDepth): unknown {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new Error('is not valid UTF-8');
  }
  const shape = shapeProblem(text, maxDepth);
  if (shape) throw new Error(shape);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new Error(`is not JSON (${(e as Error).message.slice(0, 120)})`, { cause: e });
  }
}

/**
 * One pass over `text` (JSON or not): nesting deeper than `maxDepth`, or an object with a key
 * twice. Invalid JSON is left to JSON.parse; this only has to not be fooled by brackets in strings.
 */
function shapeProblem(text: string, maxDepth: number): string | undefined {
  // One frame per open array or object; objects keep their keys and whether a key comes next.
  const stack: ({ keys: Set<string>; expectKey: boolean } | null)[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== 0x22) j += text.charCodeAt(j) === 0x5c ? 2 : 1;
      const frame = stack[stack.length - 1];
      if (frame?.expectKey) {
        let key: string;
        try {
          key = JSON.parse(text.slice(i, j + 1)) as string;
        } catch {
          return undefined; // not JSON: JSON.parse says why
        }
        if (frame.keys.has(key)) return `has the key ${JSON.stringify(key.slice(0, 60))} twice in one object`;
        frame.keys.add(key);
        frame.expectKey = false;
      }
      i = j;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (stack.length >= maxDepth) return `is nested deeper than ${maxDepth} levels`;
      stack.push(c === 0x7b ? { keys: new Set(), expectKey: true } : null);
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
    } else if (c === 0x2c /* , */) {
      const frame = stack[stack.length - 1];
      if (frame) frame.expectKey = true;
    }
  }
  return undefined;
}
