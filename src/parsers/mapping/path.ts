// Source paths of a JSON mapping: `request.id`, `inputs[0].shape`, `["key.with.dots"]`, parsed once and read often.

/** One step into a JSON value: an object key or an array index. */
export type Step = string | number;

export type PathParse = { readonly ok: true; readonly steps: readonly Step[] } | { ok: false; message: string };

const MAX_STEPS = 32;

/**
 * Parses a dotted path. Keys are separated by `.`, indexes written `[n]`, and a key holding dots or brackets is
 * quoted: `["a.b"]`. Returns a message naming the position of the first problem.
 */
export function parsePath(path: string): PathParse {
  const steps: Step[] = [];
  let i = 0;
  const fail = (what: string): PathParse => ({
    ok: false,
    message: `${what} at character ${i + 1} of ${JSON.stringify(path)}`,
  });
  while (i < path.length) {
    if (steps.length >= MAX_STEPS) return fail(`more than ${MAX_STEPS} steps`);
    const c = path[i];
    if (c === "[") {
      const close = path.indexOf("]", i);
      if (close < 0) return fail("unclosed `[`");
      const inner = path.slice(i + 1, close);
      if (/^\d{1,9}$/.test(inner)) steps.push(Number(inner));
      else if (/^"(?:[^"\\]|\\.)*"$/.test(inner)) steps.push(JSON.parse(inner) as string);
      else return fail('expected an index `[0]` or a quoted key `["a.b"]`');
      i = close + 1;
      if (i < path.length && path[i] !== "." && path[i] !== "[") return fail("expected `.` or `[` after `]`");
      if (path[i] === ".") {
        i++;
        if (i >= path.length) return fail("path ends with `.`");
      }
      continue;
    }
    let end = i;
    while (end < path.length && path[end] !== "." && path[end] !== "[") end++;
    if (end === i) return fail("empty key");
    steps.push(path.slice(i, end));
    i = end;
    if (path[i] === ".") {
      i++;
      if (i >= path.length) return fail("path ends with `.`");
    }
  }
  if (steps.length === 0) return { ok: false, message: "empty path" };
  return { ok: true, steps };
}

/** The value at `steps`, or undefined when any step is missing (a key on a non-object, an index past the end). */
export function readPath(root: unknown, steps: readonly Step[]): unknown {
  let node = root;
  for (const step of steps) {
    if (typeof step === "number") {
      if (!Array.isArray(node)) return undefined;
      node = node[step];
    } else {
      if (node === null || typeof node !== "object" || Array.isArray(node)) return undefined;
      if (!Object.hasOwn(node, step)) return undefined;
      node = (node as Record<string, unknown>)[step];
    }
  }
  return node;
}

/**
 * Removes the value at `steps` from `root` (which the caller owns), then every object the removal left empty, so
 * a consumed `request.id` does not leave `{"request": {}}` behind. A path ending in an index is left alone:
 * removing an element would shift its neighbours.
 */
export function removePath(root: Record<string, unknown>, steps: readonly Step[]): void {
  const last = steps[steps.length - 1];
  if (typeof last !== "string") return;
  const parent = readPath(root, steps.slice(0, -1));
  if (parent === null || typeof parent !== "object" || Array.isArray(parent)) return;
  delete (parent as Record<string, unknown>)[last];
  // Prune objects emptied by the removal, innermost first; stop at the first one that still holds something.
  for (let depth = steps.length - 1; depth > 0; depth--) {
    const container = readPath(root, steps.slice(0, depth - 1));
    const key = steps[depth - 1] as Step;
    const child = readPath(container, [key]);
    if (child === null || typeof child !== "object" || Array.isArray(child) || Object.keys(child).length > 0) return;
    if (typeof key !== "string" || container === null || typeof container !== "object" || Array.isArray(container)) {
      return;
    }
    delete (container as Record<string, unknown>)[key];
  }
}

/** The top-level key a path starts with, when it starts with a key. */
export function firstKey(steps: readonly Step[]): string | undefined {
  const first = steps[0];
  return typeof first === "string" ? first : undefined;
}
