// A whole-page notice: the clinic or the booking could not be shown, and why.
import type { LoadError } from './api.ts';
import { useI18n } from './messages.ts';

export function Notice({ error, onRetry }: { error: LoadError; onRetry: () => void }) {
  const { t } = useI18n();
  const retry = error === 'offline' || error === 'server';
  return (
    <section class="card notice" role="alert" data-testid="book-unavailable" data-error={error}>
      <h1>{t.load[error].title}</h1>
      <p>{t.load[error].text}</p>
      {retry && (
        <button type="button" class="btn primary" onClick={onRetry}>
          {t.retry}
        </button>
      )}
    </section>
  );
}
