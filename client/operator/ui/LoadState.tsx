// The shared LoadState in this page's words.
import type { ComponentChildren } from 'preact';
import { LoadState as Shared } from '../../ui/LoadState.tsx';
import type { Load } from '../../ui/useLoad.ts';
import { useI18n } from '../i18n/index.ts';
import { errorText } from './errors.ts';

export function LoadState<T>(props: { load: Load<T>; onRetry: () => void; children: (data: T) => ComponentChildren }) {
  const { t } = useI18n();
  return <Shared {...props} texts={{ loading: t.loading, retry: t.retry, failed: (code) => errorText(t, code, t.loadFailed) }} />;
}
