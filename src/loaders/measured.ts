import DataLoader from 'dataloader';

type BatchObserver = (loader: string, size: number) => void;
let observer: BatchObserver | null = null;

/** Receives the size of every batch any loader dispatches (metrics); one observer per process. */
export function observeBatches(fn: BatchObserver | null): void {
  observer = fn;
}

/** A DataLoader that reports each batch's size, under its `name`, to the batch observer. */
export class MeasuredLoader<K, V, C = K> extends DataLoader<K, V, C> {
  constructor(batch: DataLoader.BatchLoadFn<K, V>, options?: DataLoader.Options<K, V, C>) {
    const name = options?.name ?? 'unnamed';
    super((keys) => {
      observer?.(name, keys.length);
      return batch(keys);
    }, options);
  }
}
