// Changes the server refused for good (an invalid entry an older app wrote, a
// doctor beyond the plan): listed with the server's reason, so the
// receptionist can fix an entry's name or phone and send it again, send it
// again as it is (e.g. once the owner changed plan), or drop it. The queue
// meanwhile shows what the server has, and everything else keeps syncing.
import { useState } from 'preact/hooks';
import { Entry } from '../../shared/schemas.ts';
import type { SetAside, SetAsideDoc } from '../db/set-aside.ts';
import { useSubject } from '../ui/useObservable.ts';
import { useI18n } from './i18n/index.ts';

export function SetAsidePanel({ setAside, readOnly }: { setAside: SetAside; readOnly: boolean }) {
  const { t } = useI18n();
  const items = useSubject(setAside.items$);
  if (items.length === 0) return null;
  return (
    <section class="banner warn set-aside" role="alert" data-testid="set-aside">
      <h2>{t.setAsideTitle}</h2>
      <p>{t.setAsideIntro}</p>
      <ul>
        {items.map((item) => (
          <SetAsideRow key={item.key} item={item} setAside={setAside} readOnly={readOnly} />
        ))}
      </ul>
    </section>
  );
}

function SetAsideRow({ item, setAside, readOnly }: { item: SetAsideDoc; setAside: SetAside; readOnly: boolean }) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const isEntry = item.collection === 'entries';
  const label = String(item.doc.ticket ?? item.doc.name ?? item.doc.id).slice(0, 40);
  return (
    <li data-testid="set-aside-item">
      <strong>{t.setAsideWhat(item.collection, label)}</strong> <span>{t.setAsideReason(item.code)}</span>
      {item.message && <small> ({item.message})</small>}
      {editing && isEntry ? (
        <FixEntry item={item} setAside={setAside} onCancel={() => setEditing(false)} />
      ) : (
        <span class="actions">
          {isEntry && (
            <button type="button" class="btn" disabled={readOnly} onClick={() => setEditing(true)}>
              {t.setAsideFix}
            </button>
          )}
          <button type="button" class="btn" disabled={readOnly} onClick={() => void setAside.resend(item.key)}>
            {t.setAsideResend}
          </button>
          <button type="button" class="btn" onClick={() => void setAside.drop(item.key)}>
            {t.setAsideDrop}
          </button>
        </span>
      )}
    </li>
  );
}

const FixFields = Entry.pick({ name: true, phone: true });

function FixEntry({ item, setAside, onCancel }: { item: SetAsideDoc; setAside: SetAside; onCancel: () => void }) {
  const { t } = useI18n();
  const [name, setName] = useState(String(item.doc.name ?? '').slice(0, 120));
  const [phone, setPhone] = useState(String(item.doc.phone ?? '').slice(0, 32));
  const parsed = FixFields.safeParse({ name, phone: phone.trim() === '' ? null : phone.trim() });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (parsed.success) void setAside.resend(item.key, parsed.data);
      }}
    >
      <label>
        {t.name} <input value={name} maxLength={120} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label>
        {t.phone} <input value={phone} maxLength={32} onInput={(e) => setPhone(e.currentTarget.value)} />
      </label>
      {!parsed.success && <small role="alert">{t.setAsideInvalid}</small>}
      <button type="submit" class="btn primary" disabled={!parsed.success}>
        {t.setAsideResend}
      </button>
      <button type="button" class="btn" onClick={onCancel}>
        {t.close}
      </button>
    </form>
  );
}
