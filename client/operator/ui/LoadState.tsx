// What a section shows while its data is not there: a quiet "loading", or
// the failure and a way to try again.
import type { ComponentChildren } from 'preact';
import type { Load } from '../../owner/ui/useLoad.ts';
import { useI18n } from '../i18n/index.ts';
import { errorText } from './errors.ts';

interface Props<T> {
  load: Load<T>;
  onRetry: () => void;
  children: (data: T) => ComponentChildren;
}

export function LoadState<T>({ load, onRetry, children }: Props<T>) {
  const { t } = useI18n();
  if (load.state === 'ok') return <>{children(load.data)}</>;
  if (load.state === 'loading') {
    return (
      <p class="muted" role="status">
        {t.loading}
      </p>
    );
  }
  return (
    <div class="load-failed" role="alert" data-testid="load-error" data-error={load.code}>
      <span>{errorText(t, load.code, t.loadFailed)}</span>
      <button type="button" class="btn" onClick={onRetry}>
        {t.retry}
      </button>
    </div>
  );
}
