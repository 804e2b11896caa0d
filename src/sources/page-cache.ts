/**
 * Answers kept by URL with their ETag, so an unchanged page costs a 304. Bounded in bytes, not entries:
 * a forge answering 9 MB pages must not grow the server by gigabytes. The least recently used pages go
 * first; a page larger than a quarter of the budget is not kept at all (it costs its full answer again).
 */
export class PageCache<T extends { etag: string }> {
  readonly #entries = new Map<string, { value: T; bytes: number }>();
  #bytes = 0;

  constructor(
    readonly maxBytes = 32 * 1024 * 1024,
    /** How many bytes an entry holds (its body's length in UTF-16 units, times two). */
    private readonly sizeOf: (value: T) => number,
  ) {}

  get(key: string): T | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    // Most recently used last: Map keeps insertion order.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: T): void {
    this.delete(key);
    const bytes = this.sizeOf(value) + key.length * 2;
    if (bytes > this.maxBytes / 4) return;
    for (const [oldest, entry] of this.#entries) {
      if (this.#bytes + bytes <= this.maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= entry.bytes;
    }
    this.#entries.set(key, { value, bytes });
    this.#bytes += bytes;
  }

  delete(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }

  /** Bytes held now. */
  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#entries.size;
  }
}

/** A forge's page as the paged client keeps it: the raw body with its ETag. */
export type CachedPage = { etag: string; body: string };

export function pageCache(maxBytes?: number): PageCache<CachedPage> {
  return new PageCache<CachedPage>(maxBytes, (page) => (page.body.length + page.etag.length) * 2);
}
