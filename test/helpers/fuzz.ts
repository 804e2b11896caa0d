/** Seeded mutations of real payloads: fields removed, wrong types, huge strings, odd Unicode, nulls. */
export function rng(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

const ODD = [
  '\u0000',
  '\u202e',
  '\ud83d\ude00',
  '\ufeff',
  'e\u0301',
  '\uffff',
  '"><script>alert(1)</script>',
  '${7*7}',
  '../../etc/passwd',
  '\n\r\t',
];

function paths(value: unknown, prefix: string[] = [], out: string[][] = []): string[][] {
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const path = [...prefix, key];
      out.push(path);
      if (out.length < 2000) paths(child, path, out);
    }
  }
  return out;
}

export function mutate(payload: unknown, random: () => number): unknown {
  const copy = structuredClone(payload) as Record<string, unknown>;
  const all = paths(copy);
  const edits = 1 + Math.floor(random() * 3);
  for (let i = 0; i < edits && all.length; i += 1) {
    const path = all[Math.floor(random() * all.length)]!;
    let parent: Record<string, unknown> = copy;
    for (const key of path.slice(0, -1)) {
      const next = parent[key];
      if (!next || typeof next !== 'object') break;
      parent = next as Record<string, unknown>;
    }
    const key = path.at(-1)!;
    const choice = Math.floor(random() * 8);
    if (choice === 0) delete parent[key];
    else if (choice === 1) parent[key] = null;
    else if (choice === 2) parent[key] = 'x'.repeat(1 + Math.floor(random() * 200_000));
    else if (choice === 3) parent[key] = ODD[Math.floor(random() * ODD.length)]! + String(parent[key]);
    else if (choice === 4) parent[key] = Math.floor(random() * 2 ** 40) * (random() < 0.5 ? -1 : 1);
    else if (choice === 5) parent[key] = [parent[key], {}];
    else if (choice === 6) parent[key] = { nested: parent[key] };
    else parent[key] = random() < 0.5;
  }
  return copy;
}
