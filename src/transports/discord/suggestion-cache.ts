import type { Clock } from '../../core/clock.ts';

/** An actor as autocomplete matches it: the name shown, and every name it answers to, lowercased. */
export interface ActorSuggestion {
  name: string;
  keys: string[];
}

/** An article as autocomplete matches it. */
export interface ArticleSuggestion {
  id: number;
  title: string;
  /** The title lowercased. */
  key: string;
}

export interface SuggestionCacheOptions {
  /** How long a server's lists are reused. Default 30 s. */
  ttlMs?: number | undefined;
  /** Servers remembered at once; the least recently used is dropped first. Default 200. */
  maxTenants?: number | undefined;
}

interface Loaded<T> {
  /** Shared by every request while the read is in flight, so a burst of keystrokes reads once. */
  value: Promise<T>;
  loadedAt: number;
}

type Kind = 'actors' | 'articles';
type TenantEntry = Partial<Record<Kind, Loaded<unknown>>>;

/**
 * What autocomplete suggests, per server, for a short while: merging every actor of every article
 * on each keystroke would miss Discord's 3 s window on a large server. Entries are keyed by tenant
 * only (a server never sees another's), expire after `ttlMs` by the injected clock, and at most
 * `maxTenants` servers are kept (least recently used dropped). `/article add` and `/article remove`
 * through this bot invalidate their server's entry; changes made elsewhere (the CLI on the same
 * data) show up once the entry expires. A failed read is not cached.
 */
export class SuggestionCache {
  private readonly entries = new Map<string, TenantEntry>();
  private readonly ttlMs: number;
  private readonly maxTenants: number;

  constructor(
    private readonly clock: Clock,
    options: SuggestionCacheOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 30_000;
    this.maxTenants = Math.max(1, options.maxTenants ?? 200);
  }

  /** The server's actors, from the cache or from `load`. */
  actors(tenant: string, load: () => Promise<ActorSuggestion[]>): Promise<ActorSuggestion[]> {
    return this.get(tenant, 'actors', load);
  }

  /** The server's articles, from the cache or from `load`. */
  articles(tenant: string, load: () => Promise<ArticleSuggestion[]>): Promise<ArticleSuggestion[]> {
    return this.get(tenant, 'articles', load);
  }

  /** Forgets a server's lists, after its articles changed. */
  invalidate(tenant: string): void {
    this.entries.delete(tenant);
  }

  /** Servers currently remembered, for tests. */
  get size(): number {
    return this.entries.size;
  }

  private get<T>(tenant: string, kind: Kind, load: () => Promise<T>): Promise<T> {
    const now = this.clock.now().getTime();
    let entry = this.entries.get(tenant);
    if (entry) {
      // Most recently used last, so the first key is the one to drop.
      this.entries.delete(tenant);
      this.entries.set(tenant, entry);
    } else {
      entry = {};
      this.entries.set(tenant, entry);
      this.evict();
    }
    const cached = entry[kind] as Loaded<T> | undefined;
    const age = cached ? now - cached.loadedAt : Number.NaN;
    // A clock that went backwards counts as expired rather than fresh forever.
    if (cached && age >= 0 && age < this.ttlMs) return cached.value;
    const loaded: Loaded<T> = { value: load(), loadedAt: now };
    entry[kind] = loaded;
    const owner = entry;
    loaded.value.catch(() => {
      // Only if nothing replaced it meanwhile (an invalidation, a newer read).
      if (owner[kind] === loaded) owner[kind] = undefined;
    });
    return loaded.value;
  }

  private evict(): void {
    while (this.entries.size > this.maxTenants) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) return;
      this.entries.delete(oldest);
    }
  }
}
