import { useI18n } from '../i18n/index.ts';

/** "3 hours ago", with the exact time on hover and for assistive technology that reads <time>. */
export function Ago({ at }: { at: string }) {
  const { ago, dateTime } = useI18n();
  return (
    <time dateTime={at} title={dateTime(at)}>
      {ago(at, Date.now())}
    </time>
  );
}
