// What a section shows while its data is not there: a quiet "loading", or
// the failure and a way to try again. Each page passes its own words.
import type { ComponentChildren } from 'preact';
import type { Load } from './useLoad.ts';

export interface LoadTexts {
  loading: string;
  retry: string;
  failed: (code: string) => string;
}

interface Props<T> {
  load: Load<T>;
  onRetry: () => void;
  texts: LoadTexts;
  children: (data: T) => ComponentChildren;
}

export function LoadState<T>({ load, onRetry, texts, children }: Props<T>) {
  if (load.state === 'ok') return <>{children(load.data)}</>;
  if (load.state === 'loading') {
    return (
      <p class="muted" role="status">
        {texts.loading}
      </p>
    );
  }
  return (
    <div class="load-failed" role="alert" data-testid="load-error" data-error={load.code}>
      <span>{texts.failed(load.code)}</span>
      <button type="button" class="btn" onClick={onRetry}>
        {texts.retry}
      </button>
    </div>
  );
}
