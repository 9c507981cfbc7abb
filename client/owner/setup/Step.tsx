import type { ComponentChildren } from 'preact';
import { useI18n } from '../i18n/index.ts';

export type StepId = 'email' | 'doctors' | 'hours' | 'series' | 'qr' | 'tablet';

interface Props {
  id: StepId;
  /** Its place in the list, shown until the step is done. */
  n: number;
  title: string;
  done: boolean;
  children: ComponentChildren;
}

/** One item of the checklist: its number or a tick, its title, "done" or "to do" in words, and what to do. */
export function Step({ id, n, title, done, children }: Props) {
  const { t, num } = useI18n();
  return (
    <li class="card setup-step" data-testid={`setup-step-${id}`} data-done={String(done)}>
      <div class="step-head">
        <span class={`step-mark${done ? ' done' : ''}`} aria-hidden="true">
          {done ? '✓' : num(n)}
        </span>
        <h3>{title}</h3>
        <span class={`tag ${done ? 'ok' : 'todo'}`}>{done ? t.stepDone : t.stepTodo}</span>
      </div>
      <div class="step-body">{children}</div>
    </li>
  );
}
