import { ok, type Result } from '../core/result.ts';
import type { NewArticle, PreparedArticle, TenantId } from '../core/types.ts';
import { NEAR_DUPLICATE_SIMILARITY, similarity } from '../dedup/minhash.ts';
import type { AddManyResult } from '../store/article-store.ts';
import {
  analyseChecked,
  type CheckedArticle,
  checkArticle,
  findStoredCopy,
  type IngestError,
  type IngestOutcome,
  type IngestServices,
  nearSignature,
} from './ingest-article.ts';

/** One article's outcome in a batch: stored, a duplicate or a refusal, or a write that failed (a fault). */
export type BatchOutcome =
  | Result<IngestOutcome, IngestError>
  | { ok: false; code: 'failed'; message: string; error: unknown };

export interface IngestBatchOptions {
  /** Articles committed together; a commit per article was a sixth of bulk ingest's time. */
  maxArticles?: number | undefined;
  /** Article text held before an early commit, so large files do not pile up in memory. */
  maxBytes?: number | undefined;
}

type Entry = { report: () => void } | { prepared: PreparedArticle; report: (outcome: BatchOutcome) => void };

/**
 * A bulk ingest's articles, committed a batch at a time with the guarantees of ingestArticle one
 * by one: each article is checked, and its duplicates (same content or link, another outlet's
 * copy) found before the analysis, against the store and against the articles waiting in the
 * batch (a copy of one of those commits the batch first, then is checked against the store).
 * Each article is stored or fails on its own, and outcomes are reported in the order articles
 * were given, each only once its batch is committed: an article reported added is stored, and a
 * run killed mid-batch loses only uncommitted articles, which a re-run adds.
 */
export class IngestBatch {
  private entries: Entry[] = [];
  private articles = 0;
  private bytes = 0;
  private readonly hashes = new Set<string>();
  private readonly urls = new Set<string>();
  private readonly signatures: Uint32Array[] = [];
  private readonly maxArticles: number;
  private readonly maxBytes: number;

  constructor(
    private readonly services: IngestServices,
    private readonly tenant: TenantId,
    options: IngestBatchOptions = {},
  ) {
    this.maxArticles = Math.max(1, options.maxArticles ?? 32);
    this.maxBytes = Math.max(1, options.maxBytes ?? 2 * 1024 * 1024);
  }

  /** Articles analysed and waiting for their commit. */
  get pending(): number {
    return this.articles;
  }

  /** Reports something that writes nothing (a file that cannot be read) in its place among the outcomes. */
  note(report: () => void): void {
    if (this.entries.length === 0) report();
    else this.entries.push({ report });
  }

  /**
   * Checks, deduplicates and analyses an article, then queues it for the batch's commit; `report`
   * gets its outcome in order. Throws what the analysis throws (nothing is queued then).
   */
  async add(input: NewArticle, report: (outcome: BatchOutcome) => void): Promise<void> {
    const checked = checkArticle(input);
    if (!checked.ok) return this.note(() => report(checked));
    const signature = nearSignature(this.services, checked.value);
    if (this.holdsCopyOf(checked.value, signature)) await this.flush();
    const known = await findStoredCopy(this.services, this.tenant, checked.value, signature);
    if (known) return this.note(() => report(ok(known)));
    const prepared = await analyseChecked(checked.value, this.services.engine, this.tenant, signature);
    this.entries.push({ prepared, report });
    this.articles++;
    this.bytes += prepared.text.length;
    this.hashes.add(prepared.contentHash);
    if (prepared.url) this.urls.add(prepared.url);
    if (signature) this.signatures.push(signature);
    if (this.articles >= this.maxArticles || this.bytes >= this.maxBytes) await this.flush();
  }

  /** Commits the waiting articles and reports every queued outcome; call it at the end of a run. */
  async flush(): Promise<void> {
    const entries = this.entries;
    this.entries = [];
    this.articles = 0;
    this.bytes = 0;
    this.hashes.clear();
    this.urls.clear();
    this.signatures.length = 0;
    const writes = entries.flatMap((e) => ('prepared' in e ? [e.prepared] : []));
    const results = writes.length > 0 ? await this.write(writes) : [];
    let next = 0;
    for (const entry of entries) {
      if (!('prepared' in entry)) {
        entry.report();
        continue;
      }
      entry.report(toOutcome(results[next++]!, entry.prepared));
    }
  }

  /** Whether an article repeats one waiting in the batch, which the store cannot see yet. */
  private holdsCopyOf(checked: CheckedArticle, signature: Uint32Array | undefined): boolean {
    if (this.hashes.has(checked.contentHash) || (checked.url && this.urls.has(checked.url))) return true;
    return (
      signature !== undefined &&
      this.signatures.some((s) => similarity(s, signature) >= NEAR_DUPLICATE_SIMILARITY)
    );
  }

  /**
   * One commit for the batch. A commit that fails as a whole (a full disk, say) is tried again an
   * article at a time, so what fits is stored and each article gets its own outcome, as without
   * batching.
   */
  private async write(articles: PreparedArticle[]): Promise<AddManyResult[]> {
    const { store } = this.services;
    try {
      return await store.addArticles(this.tenant, articles);
    } catch {
      const results: AddManyResult[] = [];
      for (const article of articles) {
        try {
          results.push(await store.addArticle(this.tenant, article));
        } catch (error) {
          results.push({ status: 'failed', error });
        }
      }
      return results;
    }
  }
}

function toOutcome(result: AddManyResult, prepared: PreparedArticle): BatchOutcome {
  if (result.status === 'failed')
    return { ok: false, code: 'failed', message: 'the article could not be stored', error: result.error };
  if (result.status === 'duplicate') return ok({ status: 'duplicate', article: result.article });
  return ok({ status: 'added', article: result.article, actorCount: prepared.analysis.actors.length });
}
