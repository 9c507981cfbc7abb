import { useI18n } from '../i18n/index.ts';

interface Props {
  offset: number;
  /** Rows on this page. */
  shown: number;
  total: number;
  pageSize: number;
  onOffset: (offset: number) => void;
}

export function Pager({ offset, shown, total, pageSize, onOffset }: Props) {
  const { t, num } = useI18n();
  if (total === 0) return null;
  return (
    <nav class="pager" aria-label={t.pages}>
      <button
        type="button"
        class="btn"
        data-testid="page-prev"
        disabled={offset === 0}
        onClick={() => onOffset(Math.max(0, offset - pageSize))}
      >
        {t.previous}
      </button>
      <span data-testid="page-range" data-offset={offset} data-total={total} aria-live="polite">
        {t.pageRange(num(shown === 0 ? 0 : offset + 1), num(offset + shown), num(total))}
      </span>
      <button
        type="button"
        class="btn"
        data-testid="page-next"
        disabled={offset + shown >= total}
        onClick={() => onOffset(offset + pageSize)}
      >
        {t.next}
      </button>
    </nav>
  );
}
