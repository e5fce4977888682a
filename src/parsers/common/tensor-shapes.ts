// Shapes of tensors written as nested JSON arrays, and their compact text ("1x3x224", "a:2,b:1").

/** Dimensions of a nested JSON array, read along first elements (`[[1,2],[3,4]]` → [2, 2]); a scalar is []. */
export function arrayShape(value: unknown): number[] {
  const dims: number[] = [];
  let v = value;
  while (Array.isArray(v)) {
    dims.push(v.length);
    v = v[0];
  }
  return dims;
}

/** `[1, 3, 224]` → "1x3x224"; a scalar → "1". */
export function formatShape(dims: readonly number[]): string {
  return dims.length === 0 ? "1" : dims.join("x");
}

/** Several named inputs: "name:shape,name:shape" in their given order; one input: its bare shape. */
export function namedShapes(shapes: ReadonlyArray<readonly [string, readonly number[]]>): string | undefined {
  if (shapes.length === 0) return undefined;
  if (shapes.length === 1) return formatShape(shapes[0]?.[1] ?? []);
  return shapes.map(([name, dims]) => `${name}:${formatShape(dims)}`).join(",");
}
