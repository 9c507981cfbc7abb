import { LanguageSwitch, useI18n } from './i18n/index.ts';
import { LIST_HREF } from './route.ts';
import type { OperatorGrant } from './session.ts';

interface Props {
  operator: OperatorGrant['operator'];
  onSignOut: () => void;
}

export function Header({ operator, onSignOut }: Props) {
  const { t } = useI18n();
  return (
    <header class="op-top">
      <a class="op-brand" href={LIST_HREF} data-testid="home">
        <img src="/icon.svg" alt="" width={32} height={32} />
        <span>{t.appTitle}</span>
      </a>
      <div class="op-tools">
        <span class="muted" data-testid="operator-name">
          {t.signedInAs(operator.name)}
        </span>
        <LanguageSwitch />
        <button type="button" class="btn" data-testid="operator-sign-out" onClick={onSignOut}>
          {t.signOut}
        </button>
      </div>
    </header>
  );
}
