import { useContext } from 'preact/hooks';
import { LiteLanguageSwitch } from '../../i18n/LiteLanguageSwitch.tsx';
import { SetLanguageContext, useI18n } from './index.ts';

/** The shared control, bound to this page's language state. */
export function LanguageSwitch() {
  const { t, lang } = useI18n();
  return <LiteLanguageSwitch lang={lang} label={t.language} onChange={useContext(SetLanguageContext)} />;
}
