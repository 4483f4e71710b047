import { EventEmitter } from 'node:events';
import type { KeyvStoreAdapter } from 'keyv';

/** A KeyvStoreAdapter whose operations never settle (a wedged Redis, a locked file); counts calls. */
export class HangingStore extends EventEmitter implements KeyvStoreAdapter {
  readonly opts = {};
  namespace?: string | undefined;
  calls = 0;
  private never<T>(): Promise<T> {
    this.calls += 1;
    return new Promise<T>(() => {});
  }
  get<Value>(_key: string): Promise<Value | undefined> {
    return this.never();
  }
  set(_key: string, _value: unknown, _ttl?: number): Promise<boolean> {
    return this.never();
  }
  delete(_key: string): Promise<boolean> {
    return this.never();
  }
  clear(): Promise<void> {
    return this.never();
  }
}
